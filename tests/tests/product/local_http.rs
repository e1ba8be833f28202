//! Black-box HTTP tests against the `local` server on the memory stores, written the way a client
//! uses the API.

use std::sync::Arc;

use reqwest::StatusCode;
use serde_json::Value;
use shared::domain::rate_limit::RatePolicy;
use shared::http::{CorsPolicy, GatewaySettings};
use tests::RunningLocal;

const KEYS: &str = "tenant-a=key-a-for-tests,tenant-b=key-b-for-tests";

async fn start(settings: GatewaySettings) -> RunningLocal {
    tests::start_memory(settings, KEYS, local::Options::default()).await.0
}

async fn start_default() -> RunningLocal {
    start(GatewaySettings::default()).await
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

async fn problem(resp: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(resp.status(), status);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    assert!(resp.headers().contains_key("x-request-id"));
    let body: Value = resp.json().await.expect("problem JSON");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16());
    assert!(body["title"].is_string() && body["detail"].is_string() && body["type"].is_string());
    body
}

#[tokio::test]
async fn health_answers_without_a_key() {
    let local = start_default().await;
    for path in ["/health", "/health/live", "/health/ready"] {
        let resp = client().get(local.url(path)).send().await.expect("response");
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let body: Value = resp.json().await.expect("JSON");
        assert_eq!(body["live"], true);
    }
    let ready: Value =
        client().get(local.url("/health/ready")).send().await.expect("response").json().await.expect("JSON");
    let names: Vec<&str> =
        ready["dependencies"].as_array().expect("list").iter().filter_map(|d| d["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "api-keys",
            "rate-limits",
            "idempotency",
            "optimizer-stats",
            "tasks",
            "conversations",
            "instances",
            "audit",
            "tenant-jobs",
            "usage",
            "gpu-pools",
            "retention"
        ]
    );
}

#[tokio::test]
async fn the_tenant_route_needs_a_key_and_names_the_keys_tenant() {
    let local = start_default().await;
    let url = local.url("/api/tenant");
    problem(client().get(&url).send().await.expect("response"), StatusCode::UNAUTHORIZED, "unauthorized").await;
    problem(
        client().get(&url).header("x-api-key", "wrong").send().await.expect("response"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    problem(
        client().get(&url).header("authorization", "Token key-a-for-tests").send().await.expect("response"),
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;

    let a: Value =
        client().get(&url).bearer_auth("key-a-for-tests").send().await.expect("response").json().await.expect("JSON");
    assert_eq!(a["tenantId"], "tenant-a");
    let b: Value = client()
        .get(&url)
        .header("x-api-key", "key-b-for-tests")
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    assert_eq!(b["tenantId"], "tenant-b");
    assert_eq!(b["usage"]["admittedRequests"], 1, "tenant-a's requests are not tenant-b's usage");
}

#[tokio::test]
async fn a_callers_request_id_is_echoed() {
    let local = start_default().await;
    let resp =
        client().get(local.url("/health/live")).header("x-request-id", "trace-42").send().await.expect("response");
    assert_eq!(resp.headers()["x-request-id"], "trace-42");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems_not_bare_errors() {
    let local = start_default().await;
    problem(
        client().get(local.url("/api/nowhere")).send().await.expect("response"),
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let resp = client().delete(local.url("/api/tenant")).send().await.expect("response");
    assert_eq!(resp.headers()["allow"], "GET");
    problem(resp, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn an_oversized_body_is_413_whether_declared_or_streamed() {
    let local = start(GatewaySettings { max_body_bytes: 1024, ..GatewaySettings::default() }).await;
    let big = vec![b'x'; 4096];
    let declared = client()
        .get(local.url("/api/tenant"))
        .bearer_auth("key-a-for-tests")
        .body(big.clone())
        .send()
        .await
        .expect("response");
    problem(declared, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;

    // Chunked, with no Content-Length: the limit must hold while reading.
    let status_line = send_chunked(&local, "/api/tenant", 8, 512).await;
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
}

/// Sends `chunks` chunks of `size` bytes with `Transfer-Encoding: chunked` over a raw connection
/// and returns the response's status line.
async fn send_chunked(local: &RunningLocal, path: &str, chunks: usize, size: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = local.base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer key-a-for-tests\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.expect("write head");
    for _ in 0..chunks {
        let chunk = format!("{size:x}\r\n{}\r\n", "y".repeat(size));
        if stream.write_all(chunk.as_bytes()).await.is_err() {
            break; // the server may answer and close before the whole body is sent
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    String::from_utf8_lossy(&response).lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_burst_above_the_rate_limit_is_429_with_retry_after_and_per_tenant() {
    // 5 at once, then one every 10 s: the burst below finishes long before a refill.
    let settings =
        GatewaySettings { rate_policy: RatePolicy::new(0.1, 5).expect("valid"), ..GatewaySettings::default() };
    let local = Arc::new(start(settings).await);
    let mut calls = Vec::new();
    for _ in 0..12 {
        let url = local.url("/api/tenant");
        calls.push(tokio::spawn(async move {
            client().get(url).bearer_auth("key-a-for-tests").send().await.expect("response")
        }));
    }
    let mut ok = 0;
    let mut limited = 0;
    for call in calls {
        let resp = call.await.expect("task");
        match resp.status() {
            StatusCode::OK => ok += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                let retry_after: u64 = resp.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
                assert!((1..=10).contains(&retry_after), "Retry-After {retry_after}");
                problem(resp, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
                limited += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((ok, limited), (5, 7), "exactly the burst is admitted");
    let other_tenant =
        client().get(local.url("/api/tenant")).bearer_auth("key-b-for-tests").send().await.expect("response");
    assert_eq!(other_tenant.status(), StatusCode::OK, "one tenant's burst does not limit another");
}

#[tokio::test]
async fn cors_preflight_and_responses_follow_the_allow_list() {
    let settings =
        GatewaySettings { cors: CorsPolicy::new(["http://localhost:5173".to_owned()]), ..GatewaySettings::default() };
    let local = start(settings).await;
    let preflight = client()
        .request(reqwest::Method::OPTIONS, local.url("/api/tenant"))
        .header("origin", "http://localhost:5173")
        .header("access-control-request-method", "GET")
        .header("access-control-request-headers", "authorization")
        .send()
        .await
        .expect("response");
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(preflight.headers()["access-control-allow-origin"], "http://localhost:5173");
    assert!(preflight.headers()["access-control-allow-methods"].to_str().is_ok_and(|m| m.contains("GET")));

    let foreign =
        client().get(local.url("/health")).header("origin", "http://evil.test").send().await.expect("response");
    assert!(!foreign.headers().contains_key("access-control-allow-origin"));
    assert_eq!(foreign.headers()["x-content-type-options"], "nosniff");
}
