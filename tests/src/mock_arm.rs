//! A mock Azure on 127.0.0.1 speaking the real wire formats the Azure adapter uses: the identity
//! platform's token endpoint (`POST /{tenant}/oauth2/v2.0/token`, a client-credentials form) and
//! Resource Manager for public IPs, NICs, VMs (with their instance view), disks and the resource
//! group's tagged resource list (paged with `nextLink`).
//!
//! - Every Resource Manager request needs a bearer token the mock issued and an `api-version`;
//!   otherwise 401 `InvalidAuthenticationToken` or 400 `MissingApiVersionParameter`.
//! - A PUT answers 201 (new) or 200 with `provisioningState` `Creating`/`Updating` and an
//!   `Azure-AsyncOperation` URL that reports `InProgress` twice, then `Succeeded` (or `Failed`).
//!   A VM's creation also advances when its instance view is read: `ProvisioningState/creating`,
//!   then `succeeded` with `PowerState/running`. Its OS disk appears with it, untagged, as
//!   Azure's does.
//! - A VM's DELETE answers 202 with `Azure-AsyncOperation` and `Location`; a network resource's
//!   with `Location` only (202 while running, then 200). A NIC a VM still uses, or a public IP a
//!   NIC uses, refuses deletion (400 `NicInUse`, `PublicIPAddressInUse`), as Azure does.
//!   `deleteOption` cascades are not modelled, so a test proves the adapter removes every part
//!   itself.
//! - A PATCH replaces a resource's tags (as ARM's tag updates do); a VM read with
//!   `$expand=instanceView` carries its instance view, and advances its creation as reading the
//!   instance view does.
//! - Faults on demand: the next N requests throttled (429, `Retry-After: 1`), a VM PUT refused
//!   for core quota (409 `OperationNotAllowed`), a VM whose allocation fails after acceptance,
//!   disk deletions refused (409), revoked tokens; and resources removed behind the product's
//!   back.
//! - `GET /health` answers 200: the mock is also the VM's inference server, at the public IP it
//!   hands out (127.0.0.1).
//! - It is also a Key Vault (`/secrets/{name}`, the data plane's API 7.4): set (PUT, 200 with
//!   the secret bundle; a name outside `[0-9a-zA-Z-]` is a 400 `BadParameter`) and delete (200
//!   with the deleted bundle, 404 `SecretNotFound` when there is none), only with a token issued
//!   for Key Vault's scope (`https://vault.azure.net/.default`); a Resource Manager token is
//!   refused there (401), and a Key Vault token by Resource Manager.

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

pub const TENANT: &str = "11111111-2222-3333-4444-555555555555";
pub const CLIENT_ID: &str = "mock-client-id";
/// A made-up secret the mock accepts; not a credential anywhere.
pub const CLIENT_SECRET: &str = "mock-client-secret-not-real";
pub const SUBSCRIPTION: &str = "00000000-0000-0000-0000-00000000beef";
pub const RESOURCE_GROUP: &str = "gpu-rg";
/// Resources per page of the tagged resource list.
const PAGE: usize = 2;

#[derive(Clone, Debug)]
struct Resource {
    id: String,
    kind: String,
    name: String,
    location: String,
    body: Value,
    /// Creation still running: the polls (or instance-view reads) left before it ends.
    creating: u32,
    /// A VM whose allocation fails when its creation ends.
    doomed: bool,
    failed: bool,
}

impl Resource {
    /// A resource whose creation has finished.
    fn new(kind: &str, name: &str, location: &str, body: Value) -> Self {
        Self {
            id: resource_id(kind, name),
            kind: kind.to_owned(),
            name: name.to_owned(),
            location: location.to_owned(),
            body,
            creating: 0,
            doomed: false,
            failed: false,
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Create { resource: String },
    Delete { resource: String },
}

#[derive(Default)]
struct Arm {
    tokens: Vec<String>,
    /// Tokens issued for Key Vault's scope: the only ones `/secrets/…` accepts.
    vault_tokens: Vec<String>,
    /// The vault's secrets by name: the body last set.
    secrets: BTreeMap<String, Value>,
    token_requests: usize,
    resources: BTreeMap<String, Resource>,
    ops: HashMap<String, (Op, u32)>,
    next_op: u64,
    throttle: u32,
    quota_refusal: bool,
    allocation_failure: bool,
    refuse_disk_deletes: bool,
    /// Every Resource Manager request: method, path, when, status answered.
    log: Vec<(String, String, Instant, u16)>,
}

#[derive(Clone)]
pub struct MockArm {
    pub base_url: String,
    state: Arc<Mutex<Arm>>,
}

type Shared = Arc<Mutex<Arm>>;

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "error": { "code": code, "message": message } }))).into_response()
}

impl MockArm {
    pub async fn start() -> Self {
        let state: Shared = Arc::default();
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("bind a free port");
        let base_url = format!("http://{}", listener.local_addr().expect("address"));
        let app = Router::new()
            .route("/{tenant}/oauth2/v2.0/token", post(token))
            .route("/health", get(|| async { "ok" }))
            .fallback(resource_manager)
            .with_state((state.clone(), base_url.clone()));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { base_url, state }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Arm> {
        self.state.lock().expect("mock state")
    }

    /// The names of every resource that exists, sorted.
    pub fn resources(&self) -> Vec<String> {
        self.lock().resources.values().map(|r| r.name.clone()).collect()
    }

    /// A resource's body as last PUT (with its provisioning state).
    pub fn resource(&self, name: &str) -> Option<Value> {
        self.lock().resources.values().find(|r| r.name == name).map(|r| r.body.clone())
    }

    /// The requests received, as `METHOD path` with the status answered.
    pub fn requests(&self) -> Vec<(String, u16)> {
        self.lock().log.iter().map(|(m, p, _, s)| (format!("{m} {p}"), *s)).collect()
    }

    /// When each request was received, with its status.
    pub fn timeline(&self) -> Vec<(Instant, u16)> {
        self.lock().log.iter().map(|(_, _, at, s)| (*at, *s)).collect()
    }

    pub fn token_requests(&self) -> usize {
        self.lock().token_requests
    }

    /// The next `n` Resource Manager requests are throttled.
    pub fn throttle(&self, n: u32) {
        self.lock().throttle = n;
    }

    /// Every VM PUT is refused for core quota.
    pub fn refuse_for_quota(&self) {
        self.lock().quota_refusal = true;
    }

    /// Every VM created from now on fails its allocation after being accepted.
    pub fn fail_allocation(&self) {
        self.lock().allocation_failure = true;
    }

    /// Disk deletions are refused (409) while `refuse` holds, as when a delete fails half way.
    pub fn refuse_disk_deletes(&self, refuse: bool) {
        self.lock().refuse_disk_deletes = refuse;
    }

    /// Removes a resource at once, as someone deleting it by hand (or a cascade) would.
    pub fn remove(&self, name: &str) {
        self.lock().resources.retain(|_, r| r.name != name);
    }

    /// Tokens issued so far stop working (as when they expire).
    pub fn revoke_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// The vault's secrets: name → the body last set (`value`, `tags`, …).
    pub fn vault_secrets(&self) -> BTreeMap<String, Value> {
        self.lock().secrets.clone()
    }

    /// Adds a tagged resource, as if left by something else.
    pub fn plant(&self, kind: &str, name: &str, location: &str, tags: Value) {
        let id = resource_id(kind, name);
        let body = json!({ "id": id, "name": name, "location": location, "tags": tags, "properties": {} });
        let resource = Resource::new(kind, name, location, body);
        self.lock().resources.insert(id.to_ascii_lowercase(), resource);
    }
}

/// Where a resource provider's operations are polled: `…/providers/Microsoft.Compute/locations/eastus`.
fn operations(base: &str, kind: &str) -> String {
    let namespace = kind.split('/').next().unwrap_or(kind);
    format!("{base}/subscriptions/{SUBSCRIPTION}/providers/{namespace}/locations/eastus")
}

fn resource_id(kind: &str, name: &str) -> String {
    format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/{kind}/{name}")
}

async fn token(
    State((state, _)): State<(Shared, String)>,
    Path(tenant): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut arm = state.lock().expect("mock state");
    arm.token_requests += 1;
    let field = |k: &str| form.get(k).map(String::as_str);
    if tenant != TENANT {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_request", "error_description": "AADSTS90002: Tenant not found." })),
        )
            .into_response();
    }
    if field("grant_type") != Some("client_credentials")
        || field("client_id") != Some(CLIENT_ID)
        || field("client_secret") != Some(CLIENT_SECRET)
    {
        return (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided." }))).into_response();
    }
    if !field("scope").is_some_and(|s| s.ends_with("/.default")) {
        return (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_scope" }))).into_response();
    }
    let access_token = if field("scope") == Some("https://vault.azure.net/.default") {
        let token = format!("mock-vault-token-{}", arm.token_requests);
        arm.vault_tokens.push(token.clone());
        token
    } else {
        let token = format!("mock-arm-token-{}", arm.token_requests);
        arm.tokens.push(token.clone());
        token
    };
    Json(json!({ "token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": access_token }))
        .into_response()
}

async fn resource_manager(
    State((state, base)): State<(Shared, String)>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    let mut arm = state.lock().expect("mock state");
    let path = uri.path().to_owned();
    let response = answer(&mut arm, &base, &method, &path, &headers, &query, &body);
    arm.log.push((method.to_string(), path, Instant::now(), response.status().as_u16()));
    response
}

fn answer(
    arm: &mut Arm,
    base: &str,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
    query: &HashMap<String, String>,
    body: &[u8],
) -> Response {
    let bearer = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if let Some(name) = path.strip_prefix("/secrets/") {
        if !bearer.is_some_and(|t| arm.vault_tokens.iter().any(|k| k == t)) {
            return error(StatusCode::UNAUTHORIZED, "Unauthorized", "AKV10022: Invalid audience.");
        }
        if query.get("api-version").map(String::as_str) != Some("7.4") {
            return error(StatusCode::BAD_REQUEST, "BadParameter", "The api-version is not supported.");
        }
        return vault(arm, base, method, name, body);
    }
    if !bearer.is_some_and(|t| arm.tokens.iter().any(|k| k == t)) {
        return error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", "The access token is invalid.");
    }
    if !query.contains_key("api-version") {
        return error(
            StatusCode::BAD_REQUEST,
            "MissingApiVersionParameter",
            "The api-version query parameter is required.",
        );
    }
    if arm.throttle > 0 {
        arm.throttle -= 1;
        let mut response = error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests", "Rate limit exceeded.");
        response.headers_mut().insert("retry-after", "1".parse().expect("header"));
        return response;
    }
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments[..] {
        ["subscriptions", _, "resourceGroups", _, "resources"] => list(arm, base, query),
        ["subscriptions", _, "providers", _, "locations", _, "operations", op] => operation(arm, op, true),
        ["subscriptions", _, "providers", _, "locations", _, "operationResults", op] => operation(arm, op, false),
        ["subscriptions", _, "resourceGroups", _, "providers", ns, kind, name] => {
            let kind = format!("{ns}/{kind}");
            match *method {
                Method::PUT => put(arm, base, &kind, name, body),
                Method::GET => read(arm, &kind, name, query.get("$expand").map(String::as_str)),
                Method::PATCH => patch(arm, &kind, name, body),
                Method::DELETE => delete(arm, base, &kind, name),
                _ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "no"),
            }
        }
        ["subscriptions", _, "resourceGroups", _, "providers", "Microsoft.Compute", "virtualMachines", name, "instanceView"] => {
            instance_view(arm, name)
        }
        _ => error(StatusCode::NOT_FOUND, "InvalidResourceType", "unknown path"),
    }
}

/// Key Vault's data plane: set and delete a secret.
fn vault(arm: &mut Arm, base: &str, method: &Method, name: &str, body: &[u8]) -> Response {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return error(StatusCode::BAD_REQUEST, "BadParameter", "The secret name is invalid.");
    }
    match *method {
        Method::PUT => {
            let Ok(body) = serde_json::from_slice::<Value>(body) else {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "The request body is not JSON.");
            };
            if !body["value"].is_string() {
                return error(StatusCode::BAD_REQUEST, "BadParameter", "Property value is required.");
            }
            arm.next_op += 1;
            let bundle = json!({
                "value": body["value"], "tags": body["tags"], "contentType": body["contentType"],
                "id": format!("{base}/secrets/{name}/{:032x}", arm.next_op),
                "attributes": { "enabled": true, "recoveryLevel": "Recoverable+Purgeable" }
            });
            arm.secrets.insert(name.to_owned(), body);
            Json(bundle).into_response()
        }
        Method::DELETE => match arm.secrets.remove(name) {
            Some(_) => Json(json!({
                "recoveryId": format!("{base}/deletedsecrets/{name}"),
                "id": format!("{base}/secrets/{name}"),
                "attributes": { "enabled": true, "recoveryLevel": "Recoverable+Purgeable" }
            }))
            .into_response(),
            None => error(
                StatusCode::NOT_FOUND,
                "SecretNotFound",
                &format!("A secret with (name/id) {name} was not found in this key vault."),
            ),
        },
        _ => error(StatusCode::METHOD_NOT_ALLOWED, "MethodNotAllowed", "no"),
    }
}

fn key(kind: &str, name: &str) -> String {
    resource_id(kind, name).to_ascii_lowercase()
}

fn start_op(arm: &mut Arm, op: Op) -> String {
    arm.next_op += 1;
    let id = format!("op-{}", arm.next_op);
    arm.ops.insert(id.clone(), (op, 2));
    id
}

/// Ends a VM's (or any resource's) creation: succeeded, or failed allocation.
fn finish_creation(resource: &mut Resource) {
    resource.creating = 0;
    resource.failed = resource.doomed;
    resource.body["properties"]["provisioningState"] = json!(if resource.doomed { "Failed" } else { "Succeeded" });
    if resource.kind == "Microsoft.Network/publicIPAddresses" {
        resource.body["properties"]["ipAddress"] = json!("127.0.0.1");
    }
}

fn put(arm: &mut Arm, base: &str, kind: &str, name: &str, body: &[u8]) -> Response {
    let Ok(mut body) = serde_json::from_slice::<Value>(body) else {
        return error(StatusCode::BAD_REQUEST, "InvalidRequestContent", "The request content was invalid.");
    };
    let Some(location) = body["location"].as_str().map(str::to_owned) else {
        return error(StatusCode::BAD_REQUEST, "LocationRequired", "The location property is required.");
    };
    let exists = |arm: &Arm, id: &str| arm.resources.contains_key(&id.to_ascii_lowercase());
    match kind {
        "Microsoft.Network/networkInterfaces" => {
            let config = &body["properties"]["ipConfigurations"][0]["properties"];
            if config["subnet"]["id"].as_str().is_none() {
                return error(StatusCode::BAD_REQUEST, "InvalidRequestFormat", "subnet is required");
            }
            if let Some(ip) = config["publicIPAddress"]["id"].as_str() {
                if !exists(arm, ip) {
                    return error(StatusCode::BAD_REQUEST, "InvalidResourceReference", "public IP not found");
                }
            }
        }
        "Microsoft.Compute/virtualMachines" => {
            let nic = body["properties"]["networkProfile"]["networkInterfaces"][0]["id"].as_str().unwrap_or_default();
            if !exists(arm, nic) {
                return error(StatusCode::NOT_FOUND, "NotFound", "The network interface was not found.");
            }
            if body["properties"]["hardwareProfile"]["vmSize"].as_str().is_none() {
                return error(StatusCode::BAD_REQUEST, "InvalidParameter", "vmSize is required");
            }
            if arm.quota_refusal {
                return error(
                    StatusCode::CONFLICT,
                    "OperationNotAllowed",
                    "Operation could not be completed as it results in exceeding approved standardNCASv3_T4Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 0, Current Usage: 0, Additional Required: 4.",
                );
            }
        }
        _ => {}
    }
    let id = resource_id(kind, name);
    let created = !exists(arm, &id);
    body["id"] = json!(id);
    body["name"] = json!(name);
    body["properties"]["provisioningState"] = json!(if created { "Creating" } else { "Updating" });
    let doomed = kind == "Microsoft.Compute/virtualMachines" && arm.allocation_failure;
    if kind == "Microsoft.Compute/virtualMachines" && created {
        // The OS disk comes with the VM (untagged), named as the VM asked.
        let disk = body["properties"]["storageProfile"]["osDisk"]["name"].as_str().unwrap_or("osdisk").to_owned();
        let disk_id = resource_id("Microsoft.Compute/disks", &disk);
        let disk_body = json!({ "id": disk_id, "name": disk, "location": location, "properties": { "provisioningState": "Succeeded" } });
        let disk = Resource::new("Microsoft.Compute/disks", &disk, &location, disk_body);
        arm.resources.insert(disk_id.to_ascii_lowercase(), disk);
    }
    let resource = Resource { creating: 2, doomed, ..Resource::new(kind, name, &location, body.clone()) };
    arm.resources.insert(id.to_ascii_lowercase(), resource);
    let op = start_op(arm, Op::Create { resource: id.to_ascii_lowercase() });
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    let mut response = (status, Json(body)).into_response();
    let url = format!("{}/operations/{op}?api-version=2024-07-01", operations(base, kind));
    response.headers_mut().insert("azure-asyncoperation", url.parse().expect("header"));
    response
}

fn read(arm: &mut Arm, kind: &str, name: &str, expand: Option<&str>) -> Response {
    let Some(resource) = arm.resources.get_mut(&key(kind, name)) else {
        return error(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            &format!("The Resource '{kind}/{name}' was not found."),
        );
    };
    let mut body = resource.body.clone();
    if kind == "Microsoft.Compute/virtualMachines" && expand == Some("instanceView") {
        body["properties"]["instanceView"] = view_of(resource);
    }
    Json(body).into_response()
}

/// A PATCH of a resource's tags: the tags given replace the resource's.
fn patch(arm: &mut Arm, kind: &str, name: &str, body: &[u8]) -> Response {
    let Ok(patch) = serde_json::from_slice::<Value>(body) else {
        return error(StatusCode::BAD_REQUEST, "InvalidRequestContent", "The request content was invalid.");
    };
    let Some(resource) = arm.resources.get_mut(&key(kind, name)) else {
        return error(
            StatusCode::NOT_FOUND,
            "ResourceNotFound",
            &format!("The Resource '{kind}/{name}' was not found."),
        );
    };
    if let Some(tags) = patch.get("tags") {
        resource.body["tags"] = tags.clone();
    }
    Json(resource.body.clone()).into_response()
}

fn instance_view(arm: &mut Arm, name: &str) -> Response {
    let Some(vm) = arm.resources.get_mut(&key("Microsoft.Compute/virtualMachines", name)) else {
        return error(StatusCode::NOT_FOUND, "ResourceNotFound", "The Resource was not found.");
    };
    Json(view_of(vm)).into_response()
}

/// A VM's instance view; reading it moves its creation on.
fn view_of(vm: &mut Resource) -> Value {
    let name = vm.name.clone();
    if vm.creating > 0 {
        vm.creating -= 1;
        if vm.creating == 0 {
            finish_creation(vm);
        }
    }
    let statuses = if vm.failed {
        json!([{ "code": "ProvisioningState/failed/AllocationFailed", "level": "Error", "displayStatus": "Provisioning failed",
                 "message": "Allocation failed. We do not have sufficient capacity for the requested VM size in this region." }])
    } else if vm.creating > 0 {
        json!([{ "code": "ProvisioningState/creating", "level": "Info", "displayStatus": "Creating" }])
    } else {
        json!([{ "code": "ProvisioningState/succeeded", "level": "Info", "displayStatus": "Provisioning succeeded" },
               { "code": "PowerState/running", "level": "Info", "displayStatus": "VM running" }])
    };
    json!({ "computerName": name, "statuses": statuses })
}

fn delete(arm: &mut Arm, base: &str, kind: &str, name: &str) -> Response {
    let id = key(kind, name);
    if !arm.resources.contains_key(&id) {
        return StatusCode::NO_CONTENT.into_response();
    }
    if kind == "Microsoft.Compute/disks" && arm.refuse_disk_deletes {
        return error(StatusCode::CONFLICT, "OperationNotAllowed", "The disk could not be deleted now.");
    }
    let used_by = |arm: &Arm, pointer: &str, kind_of_user: &str| {
        arm.resources.values().any(|r| {
            r.kind == kind_of_user
                && r.body.pointer(pointer).and_then(Value::as_str).is_some_and(|u| u.eq_ignore_ascii_case(&id))
        })
    };
    if kind == "Microsoft.Network/networkInterfaces"
        && used_by(arm, "/properties/networkProfile/networkInterfaces/0/id", "Microsoft.Compute/virtualMachines")
    {
        return error(StatusCode::BAD_REQUEST, "NicInUse", "Network Interface is used by existing resource.");
    }
    if kind == "Microsoft.Network/publicIPAddresses"
        && used_by(
            arm,
            "/properties/ipConfigurations/0/properties/publicIPAddress/id",
            "Microsoft.Network/networkInterfaces",
        )
    {
        return error(StatusCode::BAD_REQUEST, "PublicIPAddressInUse", "Public IP address is in use.");
    }
    if let Some(resource) = arm.resources.get_mut(&id) {
        resource.body["properties"]["provisioningState"] = json!("Deleting");
    }
    let op = start_op(arm, Op::Delete { resource: id });
    let mut response = StatusCode::ACCEPTED.into_response();
    let operations = operations(base, kind);
    let location = format!("{operations}/operationResults/{op}?api-version=2024-07-01");
    response.headers_mut().insert("location", location.parse().expect("header"));
    if kind == "Microsoft.Compute/virtualMachines" {
        let status = format!("{operations}/operations/{op}?api-version=2024-07-01");
        response.headers_mut().insert("azure-asyncoperation", status.parse().expect("header"));
    }
    response
}

/// Polls an operation: `InProgress` (or 202) until it has been asked twice, then its outcome.
fn operation(arm: &mut Arm, op: &str, async_operation: bool) -> Response {
    let Some((kind, left)) = arm.ops.get_mut(op) else {
        return error(StatusCode::NOT_FOUND, "OperationNotFound", "no such operation");
    };
    if *left > 0 {
        *left -= 1;
        return if async_operation {
            Json(json!({ "status": "InProgress" })).into_response()
        } else {
            StatusCode::ACCEPTED.into_response()
        };
    }
    let kind = kind.clone();
    let failed = match &kind {
        Op::Create { resource } => match arm.resources.get_mut(resource) {
            Some(r) => {
                if r.creating > 0 {
                    finish_creation(r);
                }
                r.failed
            }
            None => false,
        },
        Op::Delete { resource } => {
            arm.resources.remove(resource);
            false
        }
    };
    match (async_operation, failed) {
        (true, false) => Json(json!({ "status": "Succeeded" })).into_response(),
        (true, true) => Json(json!({ "status": "Failed", "error": { "code": "AllocationFailed",
            "message": "Allocation failed. We do not have sufficient capacity for the requested VM size in this region." } }))
        .into_response(),
        (false, _) => StatusCode::OK.into_response(),
    }
}

/// The resource group's resources with a tag, two per page.
fn list(arm: &Arm, base: &str, query: &HashMap<String, String>) -> Response {
    let filter = query.get("$filter").cloned().unwrap_or_default();
    let Some(tag) = filter.strip_prefix("tagName eq '").and_then(|f| f.strip_suffix('\'')) else {
        return error(StatusCode::BAD_REQUEST, "InvalidFilter", "only tagName eq '…' is served");
    };
    let skip: usize = query.get("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let tagged: Vec<Value> = arm
        .resources
        .values()
        .filter(|r| r.body["tags"].get(tag).is_some())
        .map(|r| json!({ "id": r.id, "name": r.name, "type": r.kind, "location": r.location, "tags": r.body["tags"] }))
        .collect();
    let page: Vec<Value> = tagged.iter().skip(skip).take(PAGE).cloned().collect();
    let mut body = json!({ "value": page });
    if skip + PAGE < tagged.len() {
        body["nextLink"] = json!(format!(
            "{base}/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/resources?$filter={}&$skiptoken={}&api-version=2021-04-01",
            filter.replace(' ', "%20").replace(':', "%3A"),
            skip + PAGE
        ));
    }
    Json(body).into_response()
}
