//! Retention through `local`'s HTTP API, on the memory stores and on DynamoDB (moto), the app's
//! clock moved 31 days ahead rather than slept through (`shared::clock::ShiftedClock`): tenant A
//! keeps 30 days, tenant B sets nothing. After the jump every finished item of A (its
//! conversation with its messages, its completed task with its events, its terminated machine,
//! its export) answers 404 and is absent from its list, a machine still booting stays, and B
//! sees all of its own. Bad `days` are 400s naming `days`; a tenant reads and changes only its own
//! setting; the change is in the audit trail. On DynamoDB the re-stamp job gives A's items stored
//! before the setting their TTL attribute, and B's none.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_dynamodb::types::AttributeValue;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::simulated_cloud::SimulationSettings;
use shared::clock::ShiftedClock;
use shared::domain::tenant_data::audit::DAY_MS;
use shared::http::GatewaySettings;
use shared::wiring::stores::Stores;
use tests::{get_json, post_json, RunningLocal};

const KEY_A: &str = "retention-key-a";
const KEY_B: &str = "retention-key-b";

async fn on(stores: Stores, backend: local::Backend, clock: Arc<ShiftedClock>) -> RunningLocal {
    let options = local::Options {
        // Machines stay booting unless terminated: one live machine per tenant.
        simulation: SimulationSettings { boot: Duration::from_secs(600), configure: None },
        clock: Some(clock),
        ..local::Options::default()
    };
    let keys = format!("clinic-a={KEY_A},clinic-b={KEY_B}");
    let (app, _) =
        local::App::assemble(GatewaySettings::default(), stores, backend, Some(&keys), options).await.expect("app");
    RunningLocal::start(app).await
}

/// Paths of one tenant's items: finished ones (that retention expires), and a live machine.
struct Items {
    finished: Vec<String>,
    live_machine: String,
    conversation: String,
}

async fn until(url: &str, key: &str, field: &str, want: &str) -> Value {
    for _ in 0..200 {
        let value = get_json(url, key).await;
        if value[field] == want {
            return value;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{url} never had {field} = {want}");
}

async fn seed(local: &RunningLocal, key: &str) -> Items {
    let client = reqwest::Client::new();
    let (status, _, answer) = post_json(&local.url("/api/chatbot"), key, &json!({ "message": "Potassium 3.1?" })).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let conversation = answer["conversationId"].as_str().expect("id").to_owned();
    let body = json!({ "type": "CHAT_RESPONSE", "data": { "message": "Summarize." } });
    let (status, _, task) = post_json(&local.url("/api/analysis-queue"), key, &body).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let task = format!("/api/analysis-queue/{}", task["id"].as_str().expect("id"));
    until(&local.url(&task), key, "status", "COMPLETED").await;
    let g5 = json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "diskSizeGB": 100,
                     "autoTerminateMinutes": 30 });
    let mut machines = Vec::new();
    for _ in 0..2 {
        let (status, _, instance) = post_json(&local.url("/api/instances"), key, &g5).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{instance}");
        machines.push(format!("/api/instances/{}", instance["id"].as_str().expect("id")));
    }
    let resp = client.delete(local.url(&machines[0])).bearer_auth(key).send().await.expect("terminate");
    assert!(resp.status().is_success());
    until(&local.url(&machines[0]), key, "status", "TERMINATED").await;
    let (status, location, _) = post_json(&local.url("/api/tenant/export"), key, &json!({})).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let export = location.expect("Location");
    until(&local.url(&export), key, "status", "COMPLETED").await;
    Items {
        finished: vec![
            format!("/api/chatbot/conversations/{conversation}"),
            task.clone(),
            format!("{task}/events"),
            machines[0].clone(),
            export,
        ],
        live_machine: machines[1].clone(),
        conversation,
    }
}

async fn put_days(local: &RunningLocal, key: &str, body: &Value) -> (StatusCode, Value) {
    let resp = reqwest::Client::new()
        .put(local.url("/api/tenant/retention"))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .expect("response");
    (resp.status(), resp.json().await.expect("JSON"))
}

async fn status(local: &RunningLocal, path: &str, key: &str) -> StatusCode {
    reqwest::Client::new().get(local.url(path)).bearer_auth(key).send().await.expect("response").status()
}

/// Every list of the tenant: (conversations, tasks, instances) ids.
async fn lists(local: &RunningLocal, key: &str) -> [usize; 3] {
    let n = |v: Value, field: &str| v[field].as_array().map_or(0, Vec::len);
    [
        n(get_json(&local.url("/api/chatbot/conversations"), key).await, "conversations"),
        n(get_json(&local.url("/api/analysis-queue"), key).await, "tasks"),
        n(get_json(&local.url("/api/instances"), key).await, "instances"),
    ]
}

async fn retention_hides_old_items(local: &RunningLocal, clock: &ShiftedClock) -> (Items, Items) {
    let a = seed(local, KEY_A).await;
    let b = seed(local, KEY_B).await;

    // Anything but a whole number of days from 1 to 3650, or null, names `days`.
    for bad in [
        json!({ "days": 0 }),
        json!({ "days": 3651 }),
        json!({ "days": 1.5 }),
        json!({ "days": "30" }),
        json!({ "days": true }),
        json!({ "days": [30] }),
        json!({}),
    ] {
        let (code, problem) = put_days(local, KEY_A, &bad).await;
        assert_eq!(code, StatusCode::BAD_REQUEST, "{bad}: {problem}");
        assert_eq!(problem["errors"][0]["field"], "days", "{bad}: {problem}");
    }
    let (code, setting) = put_days(local, KEY_A, &json!({ "days": 30 })).await;
    assert_eq!(code, StatusCode::OK, "{setting}");
    assert_eq!(setting["days"], 30);

    // Each tenant reads its own setting; B's change is B's alone.
    let (code, _) = put_days(local, KEY_B, &json!({ "days": 3650 })).await;
    assert_eq!(code, StatusCode::OK);
    let (code, cleared) = put_days(local, KEY_B, &json!({ "days": null })).await;
    assert_eq!((code, cleared["days"].clone()), (StatusCode::OK, Value::Null));
    assert_eq!(get_json(&local.url("/api/tenant/retention"), KEY_A).await["days"], 30);
    assert_eq!(get_json(&local.url("/api/tenant/retention"), KEY_B).await["days"], Value::Null);

    // Within 30 days everything is there.
    for path in a.finished.iter().chain([&a.live_machine]) {
        assert_eq!(status(local, path, KEY_A).await, StatusCode::OK, "{path}");
    }
    assert_eq!(lists(local, KEY_A).await, [1, 1, 2]);

    clock.advance(31 * DAY_MS);
    for path in &a.finished {
        assert_eq!(status(local, path, KEY_A).await, StatusCode::NOT_FOUND, "{path} expired");
    }
    assert_eq!(status(local, &a.live_machine, KEY_A).await, StatusCode::OK, "a machine not yet gone stays");
    assert_eq!(lists(local, KEY_A).await, [0, 0, 1], "gone from the lists too");
    // B set no retention: all of B's is there; and A's ids are 404s to B as ever.
    for path in b.finished.iter().chain([&b.live_machine]) {
        assert_eq!(status(local, path, KEY_B).await, StatusCode::OK, "{path}");
        assert_eq!(status(local, path, KEY_A).await, StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(lists(local, KEY_B).await, [1, 1, 2]);

    // The change is audited like every tenant route, with no body in the record.
    let trail = get_json(&local.url("/api/tenant/audit?limit=100"), KEY_A).await;
    let puts: Vec<&Value> = trail["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|r| r["route"] == "PUT /api/tenant/retention")
        .collect();
    assert_eq!(puts.iter().filter(|r| r["status"] == 200).count(), 1, "{puts:?}");
    assert_eq!(puts.iter().filter(|r| r["status"] == 400).count(), 7, "{puts:?}");
    // No record holds the body (`{"days": 3651}`): each has only the trail's own fields, and none
    // of those that could carry text from the request does. (The whole trail is not searched for
    // "3651": its request, key and resource ids are random hex, which held it in one CI run.)
    for record in &puts {
        let fields: Vec<&str> = record.as_object().expect("record").keys().map(String::as_str).collect();
        assert!(
            fields.iter().all(|f| ["at", "requestId", "keyId", "route", "resourceId", "status"].contains(f)),
            "{record}"
        );
        assert!(!record["route"].to_string().contains("3651") && record["resourceId"].is_null(), "{record}");
    }
    (a, b)
}

#[tokio::test]
async fn retention_on_the_memory_stores() {
    let clock = Arc::new(ShiftedClock::default());
    let local = on(Stores::memory(), local::Backend::Memory, clock.clone()).await;
    retention_hides_old_items(&local, &clock).await;
}

#[tokio::test]
async fn retention_on_dynamodb_with_the_restamp() {
    let Some(config) = tests::emulator::sdk_config().await else { return };
    let tables = tests::emulator::tables(&config).await;
    let clock = Arc::new(ShiftedClock::default());
    let local = on(Stores::dynamodb(&config, &tables), local::Backend::Aws, clock.clone()).await;
    let (a, b) = retention_hides_old_items(&local, &clock).await;
    // Written before the setting, A's conversation got its TTL from the re-stamp job; B's none.
    let client = aws_sdk_dynamodb::Client::new(&config);
    let ttl = |tenant: &str, id: &str| {
        let get = client
            .get_item()
            .table_name(&tables.conversations)
            .key("tenantId", AttributeValue::S(tenant.to_owned()))
            .key("conversationId", AttributeValue::S(id.to_owned()))
            .consistent_read(true);
        async move {
            let item = get.send().await.expect("get").item.expect("still stored: TTL deletes late");
            item.get("expiresAt").and_then(|v| v.as_n().ok()).cloned()
        }
    };
    let mut stamped = None;
    for _ in 0..100 {
        stamped = ttl("clinic-a", &a.conversation).await;
        if stamped.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stamped.is_some(), "the re-stamp set A's conversation's TTL");
    assert_eq!(ttl("clinic-b", &b.conversation).await, None);
}
