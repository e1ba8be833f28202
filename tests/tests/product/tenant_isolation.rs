//! Tenant isolation, on the memory stores and on the DynamoDB adapters (moto): tenant B never sees
//! or changes tenant A's data. Every tenant-scoped resource gets its checks here as it arrives
//! (today: rate-limit usage, optimizer stats, idempotency records, analysis tasks and their
//! counters, conversations and model spend). Plus the burst rule: requests refused with 429 are never applied.

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::domain::rate_limit::RatePolicy;
use shared::http::GatewaySettings;
use shared::wiring::stores::Stores;
use tests::{emulator, get_json, RunningLocal};

const KEYS: &str = "tenant-a=iso-key-a,tenant-b=iso-key-b";

async fn on(stores: Stores, backend: local::Backend, settings: GatewaySettings) -> RunningLocal {
    let (app, _) =
        local::App::assemble(settings, stores, backend, Some(KEYS), local::Options::default()).await.expect("app");
    RunningLocal::start(app).await
}

async fn optimize(
    local: &RunningLocal,
    key: &str,
    idempotency_key: Option<&str>,
    content: &str,
) -> (StatusCode, Value) {
    let mut req = reqwest::Client::new()
        .post(local.url("/api/context-optimizer"))
        .bearer_auth(key)
        .json(&json!({ "content": content }));
    if let Some(k) = idempotency_key {
        req = req.header("idempotency-key", k);
    }
    let resp = req.send().await.expect("response");
    let status = resp.status();
    (status, resp.json().await.expect("JSON"))
}

async fn isolation_holds(local: &RunningLocal) {
    // Tenant A works; tenant B's view stays empty.
    let (status, a_first) =
        optimize(local, "iso-key-a", Some("shared-key"), "It is worth noting that he denies chest pain.").await;
    assert_eq!(status, StatusCode::OK);
    let a_stats = get_json(&local.url("/api/context-optimizer/stats"), "iso-key-a").await;
    let b_stats = get_json(&local.url("/api/context-optimizer/stats"), "iso-key-b").await;
    assert_eq!((a_stats["optimizations"].as_u64(), b_stats["optimizations"].as_u64()), (Some(1), Some(0)));
    assert_eq!(b_stats["tenantId"], "tenant-b");

    // The same Idempotency-Key from tenant B is B's own request: no replay of A's answer.
    let (status, b_answer) = optimize(local, "iso-key-b", Some("shared-key"), "Potassium 3.1 mmol/L L.").await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(b_answer["optimizedContent"], a_first["optimizedContent"]);

    // Each tenant's usage counts its own requests only: A has made 2 so far and B 2.
    for _ in 0..3 {
        get_json(&local.url("/api/tenant"), "iso-key-a").await;
    }
    let a_tenant = get_json(&local.url("/api/tenant"), "iso-key-a").await;
    let b_tenant = get_json(&local.url("/api/tenant"), "iso-key-b").await;
    assert_eq!(a_tenant["tenantId"], "tenant-a");
    assert_eq!(a_tenant["usage"]["admittedRequests"], 6);
    assert_eq!(b_tenant["usage"]["admittedRequests"], 3);

    // Nothing of A's changed by B's work.
    let a_after = get_json(&local.url("/api/context-optimizer/stats"), "iso-key-a").await;
    assert_eq!(a_after["optimizations"], 1);
    assert_eq!(a_after["originalTokens"], a_stats["originalTokens"]);

    tasks_are_isolated(local).await;
    conversations_are_isolated(local).await;
    audit_trails_are_isolated(local).await;
    tenant_jobs_are_isolated(local).await;
}

/// B cannot read A's export, its file or its job as an erase, and cannot erase A's data by
/// naming A: every attempt is a 404, or a 400 naming `confirm`, and A's data stays.
async fn tenant_jobs_are_isolated(local: &RunningLocal) {
    let client = reqwest::Client::new();
    let (status, location, _) = tests::post_json(&local.url("/api/tenant/export"), "iso-key-a", &json!({})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let export_path = location.expect("Location");
    let id = export_path.rsplit('/').next().expect("id").to_owned();
    let mut job = get_json(&local.url(&export_path), "iso-key-a").await;
    for _ in 0..200 {
        if job["status"] == "COMPLETED" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        job = get_json(&local.url(&export_path), "iso-key-a").await;
    }
    assert_eq!(job["status"], "COMPLETED", "{job}");
    for path in [export_path.clone(), format!("/api/tenant/erase/{id}"), format!("{export_path}/file")] {
        let resp = client.get(local.url(&path)).bearer_auth("iso-key-b").send().await.expect("response");
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let resp = client
        .delete(local.url("/api/tenant/data"))
        .bearer_auth("iso-key-b")
        .json(&json!({ "confirm": "tenant-a" }))
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let problem: Value = resp.json().await.expect("problem");
    assert_eq!(problem["errors"][0]["field"], "confirm");
    let a_stats = get_json(&local.url("/api/context-optimizer/stats"), "iso-key-a").await;
    assert_eq!(a_stats["optimizations"], 1, "A's data is untouched");
}

/// Each tenant's audit trail holds its own requests only: A's reads of its task are in A's trail
/// with the task's id, key id and status, and B's trail holds B's 404s on A's ids but never A's
/// requests. Never a query string or content.
async fn audit_trails_are_isolated(local: &RunningLocal) {
    let a_tasks = get_json(&local.url("/api/analysis-queue?limit=1"), "iso-key-a").await;
    let task_id = a_tasks["tasks"][0]["id"].as_str().expect("A's task").to_owned();
    let a_read = reqwest::Client::new()
        .get(local.url(&format!("/api/analysis-queue/{task_id}")))
        .bearer_auth("iso-key-a")
        .header("x-request-id", "iso-audit-read-a")
        .send()
        .await
        .expect("response");
    assert_eq!(a_read.status(), StatusCode::OK);
    let a_trail = get_json(&local.url("/api/tenant/audit?limit=100"), "iso-key-a").await;
    let a_records = a_trail["records"].as_array().expect("records");
    let read = a_records.iter().find(|r| r["requestId"] == "iso-audit-read-a").expect("A's read is audited");
    assert_eq!(read["route"], "GET /api/analysis-queue/{id}");
    assert_eq!(read["resourceId"], task_id.as_str());
    assert_eq!(read["status"], 200);
    assert_eq!(read["keyId"], shared::domain::tenant_data::audit::key_id("iso-key-a").as_str());
    let text = a_trail.to_string();
    assert!(!text.contains("limit=1") && !text.contains("denies chest pain"), "no query string, no content");

    let b_trail = get_json(&local.url("/api/tenant/audit?limit=100"), "iso-key-b").await;
    let b_records = b_trail["records"].as_array().expect("records");
    assert!(b_records.iter().all(|r| r["requestId"] != "iso-audit-read-a" && r["keyId"] != read["keyId"]));
    assert!(
        b_records.iter().any(|r| r["resourceId"] == task_id.as_str() && r["status"] == 404),
        "B's refused attempts on A's task are in B's own trail"
    );
}

/// B cannot read, list, cancel or move A's task, and sees none of A's counters: every attempt is
/// the 404 of an id that never existed.
async fn tasks_are_isolated(local: &RunningLocal) {
    let client = reqwest::Client::new();
    let created: Value = client
        .post(local.url("/api/analysis-queue"))
        .bearer_auth("iso-key-a")
        .json(&json!({ "type": "CHAT_RESPONSE", "priority": "LOW", "data": { "message": "Summarize the plan." } }))
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    let id = created["id"].as_str().expect("task id");
    let task_url = local.url(&format!("/api/analysis-queue/{id}"));
    let b = |req: reqwest::RequestBuilder| async move {
        let resp = req.bearer_auth("iso-key-b").send().await.expect("response");
        let status = resp.status();
        (status, resp.json::<Value>().await.expect("JSON"))
    };
    for (status, body) in [
        b(client.get(&task_url)).await,
        b(client.delete(&task_url)).await,
        b(client.patch(format!("{task_url}/progress")).json(&json!({ "progress": 50 }))).await,
        b(client.get(format!("{task_url}/events"))).await,
    ] {
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["code"], "not_found");
    }
    let b_list = get_json(&local.url("/api/analysis-queue"), "iso-key-b").await;
    assert_eq!(b_list["tasks"], json!([]));
    let b_stats = get_json(&local.url("/api/analysis-queue/stats"), "iso-key-b").await;
    assert_eq!(b_stats["total"], 0);
    // A's task is still A's, not cancelled by B.
    let a_task = get_json(&task_url, "iso-key-a").await;
    assert_eq!(a_task["id"], id);
    assert_ne!(a_task["status"], "CANCELLED");
    let a_stats = get_json(&local.url("/api/analysis-queue/stats"), "iso-key-a").await;
    assert_eq!(a_stats["total"], 1);
}

/// B cannot read, continue, list or delete A's conversation, and sees none of A's spend.
async fn conversations_are_isolated(local: &RunningLocal) {
    let client = reqwest::Client::new();
    let send = |key: &'static str, body: Value| {
        let req = client.post(local.url("/api/chatbot")).bearer_auth(key).json(&body);
        async move {
            let resp = req.send().await.expect("response");
            (resp.status(), resp.json::<Value>().await.expect("JSON"))
        }
    };
    let (status, first) = send("iso-key-a", json!({ "message": "Potassium 3.1 mmol/L. Low?" })).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let id = first["conversationId"].as_str().expect("conversation id");
    let url = local.url(&format!("/api/chatbot/conversations/{id}"));
    let (status, _) = send("iso-key-b", json!({ "message": "And now?", "conversationId": id })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    for req in [client.get(&url), client.delete(&url)] {
        let resp = req.bearer_auth("iso-key-b").send().await.expect("response");
        assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    }
    let b_list = get_json(&local.url("/api/chatbot/conversations"), "iso-key-b").await;
    assert_eq!((b_list["conversations"].clone(), b_list["spend"]["calls"].clone()), (json!([]), json!(0)));
    let a_conversation = get_json(&url, "iso-key-a").await;
    assert_eq!(a_conversation["messageCount"], 2, "A's conversation is intact");
}

#[tokio::test]
async fn tenants_are_isolated_on_the_memory_stores() {
    isolation_holds(&on(Stores::memory(), local::Backend::Memory, GatewaySettings::default()).await).await;
}

#[tokio::test]
async fn tenants_are_isolated_on_dynamodb() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    isolation_holds(&on(Stores::dynamodb(&config, &tables), local::Backend::Aws, GatewaySettings::default()).await)
        .await;
}

#[tokio::test]
async fn a_burst_applies_exactly_the_admitted_requests() {
    let settings =
        GatewaySettings { rate_policy: RatePolicy::new(0.05, 4).expect("valid"), ..GatewaySettings::default() };
    let stores = Stores::memory();
    // Read the counters behind the API: an HTTP read would itself be rate limited now.
    let stats = stores.optimizer_stats.clone();
    let local = std::sync::Arc::new(on(stores, local::Backend::Memory, settings).await);
    let mut calls = Vec::new();
    for i in 0..10 {
        let local = local.clone();
        calls.push(tokio::spawn(async move {
            optimize(&local, "iso-key-a", None, &format!("Visit {i}: he denies chest pain.")).await.0
        }));
    }
    let mut admitted = 0;
    for call in calls {
        match call.await.expect("task") {
            StatusCode::OK => admitted += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(admitted, 4, "exactly the burst is admitted");
    let tenant = shared::domain::tenant::TenantId::parse("tenant-a").expect("valid");
    let totals = stats.totals(&tenant).await.expect("totals");
    assert_eq!(totals.optimizations, 4, "every admitted request applied once, every refused one not at all");
}
