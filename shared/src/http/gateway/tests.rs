use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use bytes::Bytes;
use serde_json::Value;

use super::*;
use crate::adapters::memory::{MemoryApiKeyStore, MemoryIdempotencyStore, MemoryRateLimiter};
use crate::clock::ManualClock;
use crate::domain::tenant::{ApiKeyRecord, KeyHash};
use crate::ports::StoreError;

const KEY_A: &str = "key-of-tenant-a";
const KEY_B: &str = "key-of-tenant-b";

struct Harness {
    gateway: Gateway,
    clock: Arc<ManualClock>,
}

async fn harness(settings: GatewaySettings) -> Harness {
    let keys = Arc::new(MemoryApiKeyStore::default());
    for (key, tenant) in [(KEY_A, "tenant-a"), (KEY_B, "tenant-b")] {
        let record = ApiKeyRecord {
            hash: KeyHash::of(key),
            tenant: TenantId::parse(tenant).expect("valid"),
            label: "test".to_owned(),
            created_at_ms: 0,
            disabled: false,
        };
        keys.put(&record).await.expect("seed key");
    }
    let clock = Arc::new(ManualClock::at(1_000_000));
    let gateway = Gateway::new(
        settings,
        Authentication::KeyStore(keys),
        Arc::new(MemoryRateLimiter::default()),
        Arc::new(MemoryIdempotencyStore::default()),
        clock.clone(),
    );
    Harness { gateway, clock }
}

fn request(method: Method, headers: &[(&str, &str)], body: &str) -> ApiRequest {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        map.insert(
            http::HeaderName::from_bytes(k.as_bytes()).expect("header name"),
            HeaderValue::from_str(v).expect("header value"),
        );
    }
    ApiRequest::new(method, "/api/things", "", map, Bytes::copy_from_slice(body.as_bytes()))
}

fn json(resp: &ApiResponse) -> Value {
    serde_json::from_slice(&resp.body).expect("JSON body")
}

async fn echo_tenant(req: ApiRequest) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::ok(&serde_json::json!({ "tenant": req.tenant()?.as_str() })))
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let h = harness(GatewaySettings::default()).await;
    let resp = h.gateway.serve("GET /health", Access::Public, request(Method::GET, &[], ""), echo_public).await;
    assert_eq!(resp.status, StatusCode::OK);
    let id = resp.headers["x-request-id"].to_str().expect("ascii");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "a fresh id is a UUID: {id}");
    assert_eq!(resp.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(resp.headers[header::CACHE_CONTROL], "no-store");
    assert!(resp.headers.contains_key(header::STRICT_TRANSPORT_SECURITY));

    let echoed = h
        .gateway
        .serve("GET /health", Access::Public, request(Method::GET, &[("x-request-id", "abc-123")], ""), echo_public)
        .await;
    assert_eq!(echoed.headers["x-request-id"], "abc-123");
    let replaced = h
        .gateway
        .serve("GET /health", Access::Public, request(Method::GET, &[("x-request-id", "bad id")], ""), echo_public)
        .await;
    assert_ne!(replaced.headers["x-request-id"], "bad id");
}

async fn echo_public(_: ApiRequest) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::ok(&serde_json::json!({ "ok": true })))
}

#[tokio::test]
async fn tenant_routes_need_a_valid_key_and_see_its_tenant() {
    let h = harness(GatewaySettings::default()).await;
    let missing = h.gateway.serve("GET /t", Access::Tenant, request(Method::GET, &[], ""), echo_tenant).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert_eq!(missing.headers[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(json(&missing)["code"], "unauthorized");

    let wrong = h
        .gateway
        .serve("GET /t", Access::Tenant, request(Method::GET, &[("x-api-key", "nope")], ""), echo_tenant)
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(json(&wrong)["detail"].as_str().is_some_and(|d| d.contains("not valid")));

    let ok = h
        .gateway
        .serve(
            "GET /t",
            Access::Tenant,
            request(Method::GET, &[("authorization", &format!("Bearer {KEY_B}"))], ""),
            echo_tenant,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(json(&ok)["tenant"], "tenant-b");
}

#[tokio::test]
async fn bodies_above_the_limit_are_413_before_anything_else() {
    let settings = GatewaySettings { max_body_bytes: 10, ..GatewaySettings::default() };
    let h = harness(settings).await;
    let resp = h.gateway.serve("POST /t", Access::Tenant, request(Method::POST, &[], "01234567890"), echo_tenant).await;
    assert_eq!(resp.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(&resp)["code"], "payload_too_large");

    let mut flagged = request(Method::POST, &[("x-api-key", KEY_A)], "");
    flagged.oversized = true;
    let resp = h.gateway.serve("POST /t", Access::Tenant, flagged, echo_tenant).await;
    assert_eq!(resp.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn the_rate_limit_is_per_tenant_with_retry_after_and_refills() {
    let settings =
        GatewaySettings { rate_policy: RatePolicy::new(1.0, 2).expect("valid"), ..GatewaySettings::default() };
    let h = harness(settings).await;
    let call = |key: &'static str| {
        h.gateway.serve("GET /t", Access::Tenant, request(Method::GET, &[("x-api-key", key)], ""), echo_tenant)
    };
    assert_eq!(call(KEY_A).await.status, StatusCode::OK);
    assert_eq!(call(KEY_A).await.status, StatusCode::OK);
    let limited = call(KEY_A).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers[header::RETRY_AFTER], "1");
    assert_eq!(json(&limited)["code"], "rate_limited");
    // Another tenant has its own bucket.
    assert_eq!(call(KEY_B).await.status, StatusCode::OK);
    h.clock.advance(1_000);
    assert_eq!(call(KEY_A).await.status, StatusCode::OK);
}

#[tokio::test]
async fn an_idempotent_post_runs_once_and_replays_its_first_response() {
    let h = harness(GatewaySettings::default()).await;
    let runs = AtomicUsize::new(0);
    let create = |req: ApiRequest| {
        let n = runs.fetch_add(1, Ordering::SeqCst) + 1;
        async move {
            let mut r = ApiResponse::json(
                StatusCode::CREATED,
                &serde_json::json!({ "created": n, "tenant": req.tenant()?.as_str() }),
            );
            r.headers.insert(header::LOCATION, HeaderValue::from_static("/api/things/1"));
            Ok(r)
        }
    };
    let post = |key: &'static str, body: &'static str| {
        request(Method::POST, &[("x-api-key", key), ("idempotency-key", "order-1")], body)
    };

    let first = h.gateway.serve("POST /t", Access::Tenant, post(KEY_A, r#"{"a":1}"#), create).await;
    let again = h.gateway.serve("POST /t", Access::Tenant, post(KEY_A, r#"{"a":1}"#), create).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(first.body, again.body);
    assert_eq!(again.headers[header::LOCATION], "/api/things/1");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the retry must not run the handler again");

    let different = h.gateway.serve("POST /t", Access::Tenant, post(KEY_A, r#"{"a":2}"#), create).await;
    assert_eq!(different.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&different)["code"], "idempotency_key_reused");

    // The same key from another tenant is another request.
    let other_tenant = h.gateway.serve("POST /t", Access::Tenant, post(KEY_B, r#"{"a":1}"#), create).await;
    assert_eq!(json(&other_tenant)["tenant"], "tenant-b");
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_server_error_is_not_replayed_so_the_retry_runs_again() {
    let h = harness(GatewaySettings::default()).await;
    let runs = AtomicUsize::new(0);
    let flaky = |_req: ApiRequest| {
        let n = runs.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                Err(ApiError::ServiceUnavailable("upstream down".to_owned()))
            } else {
                Ok(ApiResponse::json(StatusCode::CREATED, &serde_json::json!({})))
            }
        }
    };
    let post = || request(Method::POST, &[("x-api-key", KEY_A), ("idempotency-key", "k")], "{}");
    assert_eq!(h.gateway.serve("POST /t", Access::Tenant, post(), flaky).await.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(h.gateway.serve("POST /t", Access::Tenant, post(), flaky).await.status, StatusCode::CREATED);
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}

/// Only an answer that depends on the request alone is replayed: one that depends on the moment
/// (a budget, a rate limit, a credential, an upstream, a deadline, a conflicting state) would
/// otherwise be repeated for the key's whole lifetime (24 h), after it stopped being true.
#[tokio::test]
async fn only_answers_that_depend_on_the_request_alone_are_replayed() {
    let status_only = |status: u16| {
        let status = StatusCode::from_u16(status).expect("status");
        move || Ok(ApiResponse::json(status, &serde_json::json!({ "status": status.as_u16() })))
    };
    type Answer = Box<dyn Fn() -> Result<ApiResponse, ApiError> + Send + Sync>;
    let run_again: Vec<(&str, Answer)> = vec![
        ("402", Box::new(|| Err(ApiError::BudgetExhausted("the month's budget is spent".to_owned())))),
        ("429", Box::new(|| Err(ApiError::RateLimited { retry_after_s: 1 }))),
        ("401", Box::new(|| Err(ApiError::Unauthorized("key revoked meanwhile".to_owned())))),
        ("403", Box::new(status_only(403))),
        ("409", Box::new(|| Err(ApiError::Conflict("the instance is PROVISIONING".to_owned())))),
        ("408", Box::new(status_only(408))),
        ("500", Box::new(|| Err(ApiError::Internal))),
        ("502", Box::new(|| Err(ApiError::Upstream { provider: "openai".to_owned(), detail: "HTTP 500".to_owned() }))),
        ("503", Box::new(|| Err(ApiError::ServiceUnavailable("store down".to_owned())))),
        ("504", Box::new(|| Err(ApiError::DeadlineExceeded("too slow".to_owned())))),
    ];
    for (i, (name, first)) in run_again.into_iter().enumerate() {
        let h = harness(GatewaySettings::default()).await;
        let runs = AtomicUsize::new(0);
        let handler = |_req: ApiRequest| {
            let n = runs.fetch_add(1, Ordering::SeqCst);
            let answer =
                if n == 0 { first() } else { Ok(ApiResponse::json(StatusCode::CREATED, &serde_json::json!({}))) };
            async move { answer }
        };
        let key = format!("retry-{i}");
        let post = || request(Method::POST, &[("x-api-key", KEY_A), ("idempotency-key", key.as_str())], "{}");
        let refused = h.gateway.serve("POST /t", Access::Tenant, post(), handler).await;
        assert_eq!(refused.status.as_str(), name);
        let retried = h.gateway.serve("POST /t", Access::Tenant, post(), handler).await;
        assert_eq!(retried.status, StatusCode::CREATED, "{name} was replayed instead of run again");
        assert!(!retried.headers.contains_key("idempotent-replayed"), "{name}");
        assert_eq!(runs.load(Ordering::SeqCst), 2, "{name}");
    }

    let replayed: Vec<(&str, Answer)> = vec![
        ("201", Box::new(status_only(201))),
        ("400", Box::new(|| Err(ApiError::validation("priority", "unknown")))),
        ("404", Box::new(|| Err(ApiError::NotFound("no conversation x".to_owned())))),
        ("413", Box::new(status_only(413))),
        ("415", Box::new(|| Err(ApiError::UnsupportedMediaType("text/plain".to_owned())))),
        ("422", Box::new(status_only(422))),
    ];
    for (i, (name, first)) in replayed.into_iter().enumerate() {
        let h = harness(GatewaySettings::default()).await;
        let runs = AtomicUsize::new(0);
        let handler = |_req: ApiRequest| {
            runs.fetch_add(1, Ordering::SeqCst);
            let answer = first();
            async move { answer }
        };
        let key = format!("same-{i}");
        let post = || request(Method::POST, &[("x-api-key", KEY_A), ("idempotency-key", key.as_str())], "{}");
        let answered = h.gateway.serve("POST /t", Access::Tenant, post(), handler).await;
        assert_eq!(answered.status.as_str(), name);
        let again = h.gateway.serve("POST /t", Access::Tenant, post(), handler).await;
        assert_eq!((again.status.as_str(), &again.body), (name, &answered.body));
        assert_eq!(again.headers["idempotent-replayed"], "true", "{name}");
        assert_eq!(runs.load(Ordering::SeqCst), 1, "{name}: the retry must not run again");
    }
}

#[tokio::test]
async fn a_malformed_idempotency_key_is_a_400() {
    let h = harness(GatewaySettings::default()).await;
    let long = "k".repeat(300);
    let resp = h
        .gateway
        .serve(
            "POST /t",
            Access::Tenant,
            request(Method::POST, &[("x-api-key", KEY_A), ("idempotency-key", &long)], "{}"),
            echo_tenant,
        )
        .await;
    assert_eq!(resp.status, StatusCode::BAD_REQUEST);
    assert_eq!(json(&resp)["code"], "invalid_header");
}

#[tokio::test]
async fn cors_answers_only_listed_origins() {
    let settings = GatewaySettings {
        cors: CorsPolicy::new(["https://app.example.org/".to_owned()]),
        ..GatewaySettings::default()
    };
    let h = harness(settings).await;
    let preflight = request(
        Method::OPTIONS,
        &[("origin", "https://app.example.org"), ("access-control-request-method", "POST")],
        "",
    );
    let resp = h.gateway.serve("OPTIONS /t", Access::Tenant, preflight, echo_tenant).await;
    assert_eq!(resp.status, StatusCode::NO_CONTENT);
    assert_eq!(resp.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.org");
    assert!(resp.headers[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().is_ok_and(|h| h.contains("idempotency-key")));

    let foreign = request(Method::GET, &[("origin", "https://evil.example.com"), ("x-api-key", KEY_A)], "");
    let resp = h.gateway.serve("GET /t", Access::Tenant, foreign, echo_tenant).await;
    assert_eq!(resp.status, StatusCode::OK);
    assert!(!resp.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
}

#[tokio::test]
async fn behind_the_lambda_authorizer_its_verdict_decides() {
    let clock = Arc::new(ManualClock::at(0));
    let gateway = Gateway::new(
        GatewaySettings::default(),
        Authentication::LambdaAuthorizer,
        Arc::new(MemoryRateLimiter::default()),
        Arc::new(MemoryIdempotencyStore::default()),
        clock,
    );
    let with = |verdict: Option<AuthorizerVerdict>| {
        let mut r = request(Method::GET, &[], "");
        r.authorizer = verdict;
        r
    };
    let ok = gateway
        .serve(
            "GET /t",
            Access::Tenant,
            with(Some(AuthorizerVerdict::Tenant(TenantId::parse("t1").expect("valid")))),
            echo_tenant,
        )
        .await;
    assert_eq!(json(&ok)["tenant"], "t1");
    let refused = gateway
        .serve(
            "GET /t",
            Access::Tenant,
            with(Some(AuthorizerVerdict::Refused("invalid_api_key".to_owned()))),
            echo_tenant,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let unwired = gateway.serve("GET /t", Access::Tenant, with(None), echo_tenant).await;
    assert_eq!(unwired.status, StatusCode::UNAUTHORIZED, "no verdict must never mean public");
    let store_down = gateway
        .serve(
            "GET /t",
            Access::Tenant,
            with(Some(AuthorizerVerdict::Refused("auth_unavailable".to_owned()))),
            echo_tenant,
        )
        .await;
    assert_eq!(store_down.status, StatusCode::SERVICE_UNAVAILABLE);
}

struct DownKeyStore;

#[async_trait]
impl ApiKeyStore for DownKeyStore {
    async fn find(&self, _: &KeyHash) -> Result<Option<ApiKeyRecord>, StoreError> {
        Err(StoreError::Transient("throttled".to_owned()))
    }
    async fn put(&self, _: &ApiKeyRecord) -> Result<(), StoreError> {
        Err(StoreError::Transient("throttled".to_owned()))
    }
    async fn of_tenant(&self, _: &TenantId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        Err(StoreError::Transient("throttled".to_owned()))
    }
}

#[tokio::test]
async fn an_unavailable_key_store_is_a_503_with_retry_after_not_a_401() {
    let gateway = Gateway::new(
        GatewaySettings::default(),
        Authentication::KeyStore(Arc::new(DownKeyStore)),
        Arc::new(MemoryRateLimiter::default()),
        Arc::new(MemoryIdempotencyStore::default()),
        Arc::new(ManualClock::at(0)),
    );
    let resp =
        gateway.serve("GET /t", Access::Tenant, request(Method::GET, &[("x-api-key", KEY_A)], ""), echo_tenant).await;
    assert_eq!(resp.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(resp.headers[header::RETRY_AFTER], "1");
    let body = json(&resp);
    assert_eq!(body["code"], "service_unavailable");
    assert!(!body.to_string().contains("throttled"), "internal causes stay in the log");
}
