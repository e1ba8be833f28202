//! Lambda glue (feature `lambda`): an API Gateway HTTP API event becomes an `ApiRequest`, the
//! gateway and handler run exactly as in `local`, and the `ApiResponse` goes back to Lambda.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use lambda_http::request::RequestContext;
use lambda_http::{service_fn, Body, Request, RequestExt, Response};
use serde_json::Value;

use crate::domain::tenant::TenantId;
use crate::http::{Access, ApiError, ApiRequest, ApiResponse, AuthorizerVerdict, Gateway};

/// Context keys the `authorize-api-key` function sets and this glue reads.
pub const CONTEXT_TENANT: &str = "tenantId";
pub const CONTEXT_AUTH_ERROR: &str = "authError";

/// Converts an HTTP API event; returns the route key (`GET /api/tenant`) for logs.
pub fn api_request(event: Request) -> (String, ApiRequest) {
    let (route_key, verdict) = match event.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => {
            (ctx.route_key.clone(), ctx.authorizer.as_ref().map(|a| verdict_from_context(&a.fields)))
        }
        _ => (None, None),
    };
    let path_params: HashMap<String, String> = event
        .path_parameters_ref()
        .map(|m| m.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect())
        .unwrap_or_default();
    let (parts, body) = event.into_parts();
    let body = match body {
        Body::Empty => Bytes::new(),
        Body::Text(text) => Bytes::from(text),
        Body::Binary(bytes) => Bytes::from(bytes),
        _ => Bytes::new(),
    };
    let path = parts.uri.path().to_owned();
    let route = route_key.unwrap_or_else(|| format!("{} {}", parts.method, path));
    let mut request = ApiRequest::new(parts.method, path, parts.uri.query().unwrap_or(""), parts.headers, body);
    request.path_params = path_params;
    request.authorizer = verdict;
    (route, request)
}

/// The authorizer's context, as the `lambda` map of the request context.
pub fn verdict_from_context(fields: &HashMap<String, Value>) -> AuthorizerVerdict {
    match fields.get(CONTEXT_TENANT).and_then(Value::as_str).map(TenantId::parse) {
        Some(Ok(tenant)) => AuthorizerVerdict::Tenant(tenant),
        _ => AuthorizerVerdict::Refused(
            fields.get(CONTEXT_AUTH_ERROR).and_then(Value::as_str).unwrap_or("invalid_api_key").to_owned(),
        ),
    }
}

pub fn lambda_response(response: ApiResponse) -> Response<Body> {
    let mut out =
        Response::new(if response.body.is_empty() { Body::Empty } else { Body::Binary(response.body.to_vec()) });
    *out.status_mut() = response.status;
    *out.headers_mut() = response.headers;
    out
}

/// Serves one HTTP function: every invocation goes through `gateway` to `handler`.
pub async fn run_http<H, Fut>(gateway: Arc<Gateway>, access: Access, handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(ApiRequest) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Result<ApiResponse, ApiError>> + Send,
{
    lambda_http::run(service_fn(move |event: Request| {
        let gateway = gateway.clone();
        let handler = handler.clone();
        async move {
            let (route, request) = api_request(event);
            Ok::<_, Infallible>(lambda_response(gateway.serve(&route, access, request, handler).await))
        }
    }))
    .await
}

/// What every HTTP function builds once per cold start: the gateway (behind the API Gateway
/// authorizer) over the DynamoDB stores named in the environment.
#[cfg(feature = "dynamodb")]
pub struct HttpEnv {
    pub gateway: Arc<Gateway>,
    pub stores: crate::platform::Stores,
    /// The AWS configuration the stores were built from, for the function's other clients.
    pub aws: aws_config::SdkConfig,
}

#[cfg(feature = "dynamodb")]
impl HttpEnv {
    /// Fails naming every missing or invalid variable.
    pub async fn load() -> Result<Self, crate::config::ConfigError> {
        Ok(Self::load_with(|_| ()).await?.0)
    }

    /// Like `load`, also reading the function's own variables with `extra`, so that every
    /// problem, the gateway's and the function's, is reported at once.
    pub async fn load_with<T>(
        extra: impl FnOnce(&mut crate::config::EnvReader) -> T,
    ) -> Result<(Self, T), crate::config::ConfigError> {
        use crate::platform::{aws_config, settings_from_env, Stores, Tables};
        let mut env = crate::config::EnvReader::new();
        let settings = settings_from_env(&mut env);
        let tables = Tables::from_env(&mut env);
        let own = extra(&mut env);
        env.finish()?;
        let aws = aws_config().await;
        let stores = Stores::dynamodb(&aws, &tables);
        let gateway = Gateway::new(
            settings,
            crate::http::Authentication::LambdaAuthorizer,
            stores.rate_limiter.clone(),
            stores.idempotency.clone(),
            Arc::new(crate::clock::SystemClock),
        );
        Ok((Self { gateway: Arc::new(gateway), stores, aws }, own))
    }

    /// Like `load_with`, plus the analysis queue's service over the task tables, with its
    /// settings (`QueueSettings::from_env`) read alongside every other variable.
    pub async fn load_queue<T>(
        extra: impl FnOnce(&mut crate::config::EnvReader) -> T,
    ) -> Result<(Self, crate::analysis::QueueService, T), crate::config::ConfigError> {
        let (env, (settings, own)) =
            Self::load_with(|e| (crate::analysis::QueueSettings::from_env(e), extra(e))).await?;
        let service = crate::analysis::QueueService {
            store: env.stores.tasks.clone(),
            clock: Arc::new(crate::clock::SystemClock),
            settings,
        };
        Ok((env, service, own))
    }
}

/// A file of the workspace, for tests: `path` is relative to the workspace root.
///
/// The root is found from the `CARGO_MANIFEST_DIR` cargo sets when it *runs* a test, never from the
/// compile-time `env!`: cargo reuses compiled artifacts across checkouts at other paths (one shared
/// target directory for every clone), and a baked-in path would point into a clone that is gone.
#[allow(clippy::panic)]
pub fn workspace_file(path: &str) -> std::path::PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("CARGO_MANIFEST_DIR is unset: run this through cargo"));
    let root = start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or_else(|| panic!("no workspace root above {}", start.display()));
    root.join(path)
}

/// Reads an API Gateway event from `events/` for a function's unit tests; `path` is relative to
/// the workspace root (`events/get-tenant/authorized.json`). Returns the route key and request.
/// Panics on a missing or malformed fixture: that is the test's failure.
#[allow(clippy::panic)]
pub fn fixture_request(path: &str) -> (String, ApiRequest) {
    let file = workspace_file(path);
    let raw = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("event fixture {path}: {e}"));
    let event =
        lambda_http::request::from_str(&raw).unwrap_or_else(|e| panic!("{path} is not an API Gateway event: {e}"));
    api_request(event)
}

/// For function unit tests: runs an `events/` fixture through a gateway as a deployed function has
/// it (behind the authorizer), on memory stores, into `handler`; returns the status and JSON body.
#[allow(clippy::panic)]
pub async fn serve_fixture<F, Fut>(fixture: &str, access: Access, handler: F) -> (http::StatusCode, Value)
where
    F: FnOnce(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let (route, request) = fixture_request(fixture);
    let response = memory_gateway().serve(&route, access, request, handler).await;
    let body =
        serde_json::from_slice(&response.body).unwrap_or_else(|e| panic!("{fixture}: the answer is not JSON: {e}"));
    (response.status, body)
}

fn memory_gateway() -> Gateway {
    let stores = crate::platform::Stores::memory();
    Gateway::new(
        crate::http::GatewaySettings::default(),
        crate::http::Authentication::LambdaAuthorizer,
        stores.rate_limiter,
        stores.idempotency,
        Arc::new(crate::clock::SystemClock),
    )
}

/// The task id the analysis-queue fixtures name, and their tenant.
pub const FIXTURE_TASK_ID: &str = "0193a5b0-7c1e-7d2a-9f3e-2b4c6d8e0f12";
pub const FIXTURE_TENANT: &str = "acme-health";

/// For the analysis-queue functions' unit tests: the queue service on a memory store holding one
/// CHAT_RESPONSE task of the fixtures' tenant under `FIXTURE_TASK_ID`, PENDING or (with
/// `started`) PROCESSING.
#[allow(clippy::panic)]
pub async fn fixture_queue(started: bool) -> Arc<crate::analysis::QueueService> {
    use crate::domain::tasks::{Priority, Task, TaskChange, TaskType};
    let service = crate::analysis::QueueService {
        store: Arc::new(crate::adapters::memory::MemoryTaskStore::default()),
        clock: Arc::new(crate::clock::SystemClock),
        settings: crate::analysis::QueueSettings::default(),
    };
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let task = Task::new(
        FIXTURE_TASK_ID.to_owned(),
        tenant.clone(),
        TaskType::ChatResponse,
        Priority::High,
        serde_json::json!({"message": "Summarize the discharge note."}),
        None,
        1_795_399_200_000,
    );
    let mut changes = vec![TaskChange::created(task.clone())];
    if started {
        let running = task.start("fixture-attempt", 1_795_399_201_000).unwrap_or_else(|e| panic!("{e}"));
        changes.push(TaskChange::between(task, running, 1_795_399_201_000));
    }
    for change in changes {
        service.store.write(&change).await.unwrap_or_else(|e| panic!("seed: {e}"));
    }
    Arc::new(service)
}
