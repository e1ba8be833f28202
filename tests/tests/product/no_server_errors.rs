//! Generated abuse against every route of `local`: random methods, paths built from the route
//! table, header values and bodies (JSON of the wrong shape, deep nesting, huge numbers, long
//! strings, invalid UTF-8). Whatever is sent, the answer is never a 5xx, and every error is
//! problem+json with a code.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use shared::domain::rate_limit::RatePolicy;
use shared::http::GatewaySettings;

fn body() -> impl Strategy<Value = Vec<u8>> {
    let json_values = prop_oneof![
        Just(serde_json::json!({})),
        Just(serde_json::json!({"content": "He denies chest pain.", "strategy": "AGGRESSIVE", "targetTokens": 1})),
        Just(serde_json::json!({"content": 1e308, "targetTokens": 18446744073709551616.0})),
        Just(serde_json::json!({"content": "x".repeat(50_000), "preserveKeywords": ["y".repeat(5_000)]})),
        Just(serde_json::json!({"requests": [{"content": null}, 7, "s", [], {"content": "ok", "model": "claude-3"}]})),
        Just(
            serde_json::json!({"content": "\u{0}\u{feff}\u{202e}ü😀", "contentType": "LAB_RESULTS", "targetTokens": -1})
        ),
        any::<String>().prop_map(|s| serde_json::json!({"content": s, "model": s})),
        Just(serde_json::json!({"type": "BATCH_PROCESSING", "priority": "URGENT",
            "data": {"items": [{"document": {"content": "ok"}}, {"document": {"content": 5}}]}})),
        Just(serde_json::json!({"type": "REPORT_GENERATION", "data": {"title": "t", "sections": [{"heading": "h", "content": "c"}]},
            "metadata": {"k": "v".repeat(10_000)}})),
        Just(serde_json::json!({"progress": 1e300})),
        Just(serde_json::json!({"progress": -0.5})),
        any::<String>().prop_map(|s| serde_json::json!({"type": "CHAT_RESPONSE", "data": {"message": s, "model": s}, "metadata": s})),
        any::<String>().prop_map(|s| serde_json::json!({"type": s, "priority": s, "data": s})),
    ]
    .prop_map(|v| serde_json::to_vec(&v).unwrap_or_default());
    prop_oneof![
        json_values,
        prop::collection::vec(any::<u8>(), 0..512),
        (1usize..3000).prop_map(|depth| format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()),
        Just(b"{\"content\": \"unterminated".to_vec()),
    ]
}

/// A route's own method and path most of the time (so requests reach the handlers), any method
/// otherwise; `{id}`-style segments filled with arbitrary text, sometimes with junk appended.
fn target() -> impl Strategy<Value = (String, String)> {
    let routes: Vec<(String, String)> =
        shared::http::routes::routes().iter().map(|r| (r.method.to_string(), r.path.to_owned())).collect();
    let any_method = prop::sample::select(vec!["GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS"]);
    (prop::sample::select(routes), any_method, 0..10u8, "[a-zA-Z0-9%._~-]{0,40}", 0..8u8).prop_map(
        |((method, template), other, pick, param, junk)| {
            let method = if pick < 8 { method } else { other.to_owned() };
            let mut path = template.replace("{id}", &param);
            match junk {
                0 => path.push_str("/../%ff%00?x=%zz"),
                1 => path.push_str("?status=PENDING&limit=0&cursor=%00&type=&priority=URGENT&limit=101"),
                2 => path.push_str(&format!("?cursor={param}&limit={param}")),
                _ => {}
            }
            (method, path)
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_gets_a_server_error() {
    let settings = GatewaySettings {
        rate_policy: RatePolicy::new(1_000_000.0, 1_000_000).expect("valid"),
        max_body_bytes: 256 * 1024,
        ..GatewaySettings::default()
    };
    let (local, _) = tests::start_memory(settings, "t=fuzz-key", local::Options::default()).await;
    let base = local.base_url.clone();
    let handle = tokio::runtime::Handle::current();
    let outcome = tokio::task::spawn_blocking(move || {
        let client = reqwest::Client::new();
        let mut runner = TestRunner::new(Config { cases: 600, failure_persistence: None, ..Config::default() });
        let content_types = prop::sample::select(vec![
            "application/json",
            "text/plain",
            "application/merge-patch+json",
            "",
            "multipart/form-data",
        ]);
        runner.run(
            &(target(), body(), content_types, 0..10u8, any::<bool>()),
            |((method, path), body, ct, key, idem)| {
                let keyed = key > 0;
                let url = format!("{base}{path}");
                let mut req =
                    client.request(reqwest::Method::from_bytes(method.as_bytes()).expect("method"), &url).body(body);
                if !ct.is_empty() {
                    req = req.header("content-type", ct);
                }
                if keyed {
                    req = req.bearer_auth("fuzz-key");
                }
                if idem {
                    req = req.header("idempotency-key", "fuzz-1");
                }
                // A request reqwest refuses to build (an invalid URL) is never sent: nothing to check.
                let Ok(request) = req.build() else { return Ok(()) };
                // Once sent, a failed exchange means the server dropped the connection: a crash.
                let response = handle.block_on(client.execute(request));
                prop_assert!(response.is_ok(), "{method} {path}: no response: {response:?}");
                let Ok(response) = response else { return Ok(()) };
                let status = response.status();
                let content_type =
                    response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                let text = handle.block_on(response.text()).unwrap_or_default();
                prop_assert!(status.as_u16() < 500, "{method} {path} -> {status}: {text}");
                if status.is_client_error() {
                    prop_assert_eq!(
                        content_type.as_str(),
                        "application/problem+json",
                        "{} {} -> {}",
                        method,
                        path,
                        status
                    );
                    let problem: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                    prop_assert!(problem["code"].is_string(), "{method} {path} -> {status}: {text}");
                }
                Ok(())
            },
        )
    })
    .await
    .expect("fuzz task");
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}
