//! A tenant's data through `local`'s HTTP API, the way a client uses it: data of every kind for
//! two tenants (a GPU pool, daily usage and a retention setting included); A's export holds every
//! record of A and none of B; A's erase cancels and terminates, deletes the pool and the setting,
//! then every former id of A answers 404 and every list is empty, while B is untouched, A's audit
//! trail and usage counters stay; `revokeKeys` turns a key off.

use std::io::Read;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::simulated_cloud::SimulationSettings;
use shared::http::GatewaySettings;
use shared::wiring::stores::Stores;
use tests::{get_json, post_json, RunningLocal};

const KEY_A: &str = "data-key-a";
const KEY_B: &str = "data-key-b";

/// The ids of one tenant's data, created through the API.
struct Seeded {
    conversation: String,
    message: String,
    task: String,
    instance: String,
}

async fn seed(local: &RunningLocal, key: &str, words: &str) -> Seeded {
    let (status, _, answer) = post_json(&local.url("/api/chatbot"), key, &json!({ "message": words })).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _, task) = post_json(
        &local.url("/api/analysis-queue"),
        key,
        &json!({ "type": "CHAT_RESPONSE", "data": { "message": words } }),
    )
    .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{task}");
    let (status, _, _) = post_json(&local.url("/api/context-optimizer"), key, &json!({ "content": words })).await;
    assert_eq!(status, StatusCode::OK);
    // Filler the optimizer removes: the tokens saved are a daily usage counter.
    let filler = "Basically, it is really very much worth noting that, as a matter of fact, the visit itself was \
                  actually quite a very pleasant one overall, and so on and so forth, as was said before.";
    let body = json!({ "content": filler, "strategy": "AGGRESSIVE" });
    let (status, _, saved) = post_json(&local.url("/api/context-optimizer"), key, &body).await;
    assert_eq!(status, StatusCode::OK);
    assert!(saved["originalTokens"].as_u64() > saved["optimizedTokens"].as_u64(), "{saved}");
    // GPU pool settings (no GPU task waits, so no machine is started for it).
    let pool = json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "model": "qwen2.5:7b",
                       "maxInstances": 2, "idleMinutes": 10 });
    let resp = reqwest::Client::new().put(local.url("/api/gpu-pool")).bearer_auth(key).json(&pool).send().await;
    assert_eq!(resp.expect("pool").status(), StatusCode::OK);
    let resp =
        reqwest::Client::new().put(local.url("/api/tenant/retention")).bearer_auth(key).json(&json!({ "days": 3650 }));
    assert_eq!(resp.send().await.expect("retention").status(), StatusCode::OK);
    let g5 = json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "diskSizeGB": 100,
                     "autoTerminateMinutes": 30 });
    let (status, _, instance) = post_json(&local.url("/api/instances"), key, &g5).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{instance}");
    // An idempotent request leaves a stored response behind: content an erase must remove too.
    let resp = reqwest::Client::new()
        .post(local.url("/api/context-optimizer"))
        .bearer_auth(key)
        .header("idempotency-key", "seed-1")
        .json(&json!({ "content": words }))
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let id = |v: &Value, field: &str| v[field].as_str().expect(field).to_owned();
    Seeded {
        conversation: id(&answer, "conversationId"),
        message: words.to_owned(),
        task: id(&task, "id"),
        instance: id(&instance, "id"),
    }
}

/// The job at `url` once it is COMPLETED (it runs by itself in the background); fails after 10 s.
async fn finished(url: &str, key: &str) -> Value {
    for _ in 0..200 {
        let job = get_json(url, key).await;
        match job["status"].as_str() {
            Some("COMPLETED") => return job,
            Some("PENDING" | "RUNNING") => tokio::time::sleep(Duration::from_millis(50)).await,
            _ => panic!("the job did not complete: {job}"),
        }
    }
    panic!("the job at {url} did not finish in time");
}

async fn status_of(req: reqwest::RequestBuilder, key: &str) -> StatusCode {
    req.bearer_auth(key).send().await.expect("response").status()
}

async fn on(stores: Stores, backend: local::Backend) -> RunningLocal {
    let options = local::Options {
        // Machines stay booting: the erase finds one to terminate.
        simulation: SimulationSettings { boot: Duration::from_secs(600), configure: None },
        ..local::Options::default()
    };
    let keys = format!("clinic-a={KEY_A},clinic-b={KEY_B}");
    let (app, _) =
        local::App::assemble(GatewaySettings::default(), stores, backend, Some(&keys), options).await.expect("app");
    RunningLocal::start(app).await
}

#[tokio::test]
async fn export_and_erase_on_the_memory_stores() {
    export_then_erase(&on(Stores::memory(), local::Backend::Memory).await).await;
}

#[tokio::test]
async fn export_and_erase_on_dynamodb() {
    let Some(config) = tests::emulator::sdk_config().await else { return };
    let tables = tests::emulator::tables(&config).await;
    export_then_erase(&on(Stores::dynamodb(&config, &tables), local::Backend::Aws).await).await;
}

async fn export_then_erase(local: &RunningLocal) {
    let a = seed(local, KEY_A, "Potassium 3.1 mmol/L on admission; denies chest pain.").await;
    let b = seed(local, KEY_B, "Hemoglobin 9.8 g/dL; no melena reported.").await;
    let client = reqwest::Client::new();

    // Export: 202 with a Location, done in the background.
    let (status, location, accepted) = post_json(&local.url("/api/tenant/export"), KEY_A, &json!({})).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{accepted}");
    assert_eq!(accepted["status"], "PENDING");
    let export_url = local.url(&location.expect("Location"));
    let export = finished(&export_url, KEY_A).await;
    let download = export["download"]["url"].as_str().expect("a download").to_owned();
    assert_eq!(status_of(client.get(&export_url), KEY_B).await, StatusCode::NOT_FOUND, "B cannot read A's export");
    assert_eq!(status_of(client.get(local.url(&download)), KEY_B).await, StatusCode::NOT_FOUND);

    let file = client.get(local.url(&download)).bearer_auth(KEY_A).send().await.expect("download");
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/gzip");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&file.bytes().await.expect("bytes")[..]).read_to_string(&mut text).expect("gzip");
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect();
    assert_eq!((lines[0]["kind"].as_str(), lines[0]["version"].as_u64()), (Some("schema"), Some(2)));
    for kind in ["gpuPool", "usageDay", "retention"] {
        assert!(lines[0]["kinds"].as_array().expect("kinds").contains(&kind.into()), "{kind} in the schema line");
    }
    let of = |kind: &str| lines.iter().filter(|l| l["kind"] == kind).cloned().collect::<Vec<Value>>();
    assert_eq!(of("conversation")[0]["id"], a.conversation.as_str());
    assert!(of("message").iter().any(|m| m["content"] == a.message.as_str() && m["role"] == "user"));
    assert_eq!(of("message").len(), 2, "the question and its answer");
    assert_eq!(of("task")[0]["id"], a.task.as_str());
    assert!(of("taskEvent").iter().any(|e| e["taskId"] == a.task.as_str() && e["type"] == "created"));
    assert_eq!(of("instance")[0]["id"], a.instance.as_str());
    assert_eq!(of("optimizerStats")[0]["optimizations"], 3);
    let pool = &of("gpuPool")[0];
    assert_eq!((pool["model"].as_str(), pool["instanceType"].as_str()), (Some("qwen2.5:7b"), Some("g5.xlarge")));
    assert_eq!((pool["maxInstances"].as_u64(), pool["status"].as_str()), (Some(2), Some("ACTIVE")));
    let usage = of("usageDay");
    assert!(usage.iter().any(|d| d["tokensSaved"].as_u64() > Some(0) && d["day"].is_string()), "{usage:?}");
    assert_eq!(of("retention")[0]["days"], 3650);
    assert_eq!(of("apiKey")[0]["keyId"], shared::domain::tenant_data::audit::key_id(KEY_A).as_str());
    assert!(of("auditRecord").iter().any(|r| r["route"] == "POST /api/tenant/export"));
    for (kind, count) in export["counts"].as_object().expect("counts") {
        assert_eq!(of(kind).len() as u64, count.as_u64().expect("count"), "{kind}");
    }
    for secret in [KEY_A, b.conversation.as_str(), b.message.as_str(), b.task.as_str(), b.instance.as_str()] {
        assert!(!text.contains(secret), "the file holds nothing of B and no key");
    }

    // Erase: only the tenant's own id confirms it.
    for body in [json!({ "confirm": "clinic-b" }), json!({}), json!({ "confirm": 7 })] {
        let resp = client.delete(local.url("/api/tenant/data")).bearer_auth(KEY_A).json(&body).send().await.expect("r");
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{body}");
        let problem: Value = resp.json().await.expect("problem");
        assert_eq!(problem["errors"][0]["field"], "confirm", "{body}");
    }
    let resp = client
        .delete(local.url("/api/tenant/data"))
        .bearer_auth(KEY_A)
        .json(&json!({ "confirm": "clinic-a" }))
        .send()
        .await
        .expect("erase");
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    let erase_url = local.url(resp.headers()["location"].to_str().expect("Location"));
    let erased = finished(&erase_url, KEY_A).await;
    let counts = &erased["counts"];
    for (kind, n) in [
        ("conversations", 1),
        ("messages", 2),
        ("tasks", 1),
        ("instances", 1),
        ("exports", 1),
        ("gpuPools", 1),
        ("retention", 1),
    ] {
        assert_eq!(counts[kind], n, "{kind}: {erased}");
    }
    assert_eq!(counts["instancesTerminated"], 1, "the booting machine was terminated first: {erased}");
    assert!(counts["idempotencyRecords"].as_u64() >= Some(1));

    // Every former id of A is a 404, every list empty; A's key still works.
    for path in [
        format!("/api/chatbot/conversations/{}", a.conversation),
        format!("/api/analysis-queue/{}", a.task),
        format!("/api/instances/{}", a.instance),
        export_url.trim_start_matches(&local.base_url).to_owned(),
        download.clone(),
    ] {
        assert_eq!(status_of(client.get(local.url(&path)), KEY_A).await, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(get_json(&local.url("/api/chatbot/conversations"), KEY_A).await["conversations"], json!([]));
    assert_eq!(get_json(&local.url("/api/analysis-queue"), KEY_A).await["tasks"], json!([]));
    assert_eq!(get_json(&local.url("/api/instances"), KEY_A).await["instances"], json!([]));
    assert_eq!(get_json(&local.url("/api/context-optimizer/stats"), KEY_A).await["optimizations"], 0);
    assert_eq!(get_json(&local.url("/api/analysis-queue/stats"), KEY_A).await["total"], 0);
    assert_eq!(
        status_of(client.get(local.url("/api/gpu-pool")), KEY_A).await,
        StatusCode::NOT_FOUND,
        "the pool is gone"
    );
    assert_eq!(get_json(&local.url("/api/tenant/retention"), KEY_A).await["days"], Value::Null, "the setting is gone");
    // Daily usage counters are numbers without content, kept for billing like the monthly spend.
    let usage = get_json(&local.url("/api/tenant/usage"), KEY_A).await;
    assert!(usage["totals"]["tokensSaved"].as_u64() > Some(0), "{usage}");

    // The audit trail is kept, the export and the erase in it.
    let trail = get_json(&local.url("/api/tenant/audit?limit=100"), KEY_A).await;
    let routes: Vec<&str> =
        trail["records"].as_array().expect("records").iter().filter_map(|r| r["route"].as_str()).collect();
    assert!(routes.contains(&"POST /api/tenant/export") && routes.contains(&"DELETE /api/tenant/data"), "{routes:?}");
    assert!(routes.contains(&"POST /api/chatbot"), "records from before the erase are kept");

    // B is untouched.
    let b_conversation = get_json(&local.url(&format!("/api/chatbot/conversations/{}", b.conversation)), KEY_B).await;
    assert_eq!(b_conversation["messageCount"], 2);
    assert_eq!(get_json(&local.url(&format!("/api/analysis-queue/{}", b.task)), KEY_B).await["id"], b.task.as_str());
    let b_instance = get_json(&local.url(&format!("/api/instances/{}", b.instance)), KEY_B).await;
    assert_ne!(b_instance["status"], "TERMINATED");
    assert_eq!(get_json(&local.url("/api/context-optimizer/stats"), KEY_B).await["optimizations"], 3);
    assert_eq!(get_json(&local.url("/api/gpu-pool"), KEY_B).await["status"], "ACTIVE", "B's pool stays");
    assert_eq!(get_json(&local.url("/api/tenant/retention"), KEY_B).await["days"], 3650);

    // B erases with revokeKeys: its key stops working once the erase is done.
    let resp = client
        .delete(local.url("/api/tenant/data"))
        .bearer_auth(KEY_B)
        .json(&json!({ "confirm": "clinic-b", "revokeKeys": true }))
        .send()
        .await
        .expect("erase");
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    let job: Value = resp.json().await.expect("job");
    let erase_b = local.url(&format!("/api/tenant/erase/{}", job["id"].as_str().expect("id")));
    for _ in 0..200 {
        if status_of(client.get(&erase_b), KEY_B).await == StatusCode::UNAUTHORIZED {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status_of(client.get(local.url("/api/tenant")), KEY_B).await, StatusCode::UNAUTHORIZED);
    assert_eq!(status_of(client.get(local.url("/api/tenant")), KEY_A).await, StatusCode::OK);
}
