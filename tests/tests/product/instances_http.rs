//! GPU instances through `local`'s HTTP API: the lifecycle runs the deployed ASL definition on the
//! simulated cloud. An instance goes PROVISIONING → CONFIGURING → READY by itself with a live
//! cost, lists and counts, and a DELETE terminates it at once (idempotently); bad input names each
//! field; another tenant gets 404. (Idle termination, and every failure path, run on virtual time
//! in `shared/tests/instance_lifecycle.rs`.)

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::simulated_cloud::SimulationSettings;
use shared::app::instances::LifecycleSettings;
use shared::http::GatewaySettings;
use tests::get_json;

const KEY_A: &str = "instances-key-a";
const KEY_B: &str = "instances-key-b";

async fn start() -> (tests::RunningLocal, std::sync::Arc<local::App>) {
    let options = local::Options {
        simulation: SimulationSettings {
            boot: Duration::from_millis(300),
            configure: Some(Duration::from_millis(300)),
        },
        lifecycle: LifecycleSettings { configure_poll: Duration::from_secs(1), ..LifecycleSettings::default() },
        ..local::Options::default()
    };
    tests::start_memory(GatewaySettings::default(), &format!("clinic-a={KEY_A},clinic-b={KEY_B}"), options).await
}

async fn create(local: &tests::RunningLocal, body: Value) -> (StatusCode, Option<String>, Value) {
    tests::post_json(&local.url("/api/instances"), KEY_A, &body).await
}

/// The instance at `url` once READY (its lifecycle runs by itself); fails after 5 s.
async fn ready(url: &str) -> Value {
    let mut instance = get_json(url, KEY_A).await;
    for _ in 0..100 {
        if instance["status"] == "READY" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        instance = get_json(url, KEY_A).await;
    }
    assert_eq!(instance["status"], "READY", "{instance}");
    instance
}

fn g5() -> Value {
    json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "diskSizeGB": 100,
            "autoTerminateMinutes": 5, "purpose": "vLLM for discharge summaries" })
}

#[tokio::test]
async fn an_instance_becomes_ready_by_itself_and_a_delete_terminates_it_at_once() {
    let (local, app) = start().await;
    let (status, location, created) = create(&local, g5()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    assert_eq!((created["status"].as_str(), created["costPerHour"].as_f64()), (Some("PROVISIONING"), Some(1.006)));
    let url = local.url(&location.expect("Location"));

    let instance = ready(&url).await;
    assert!(instance["publicIp"].is_string() && instance["readyAt"].is_string());
    assert_eq!(instance["totalCost"], 0.01676667, "the 60 s billing minimum, live");
    assert_eq!(app.aws_cloud.running().len(), 1);

    // Work reported: RUNNING while busy, READY again when done; the idle timer restarts each time.
    let work = |busy: bool| {
        let (url, client) = (format!("{url}/work"), reqwest::Client::new());
        async move { client.post(url).bearer_auth(KEY_A).json(&json!({ "busy": busy })).send().await.expect("work") }
    };
    let busy: Value = work(true).await.json().await.expect("JSON");
    assert_eq!(busy["status"], "RUNNING", "{busy}");
    let done: Value = work(false).await.json().await.expect("JSON");
    assert_eq!(done["status"], "READY", "{done}");

    let ready = get_json(&local.url("/api/instances?status=READY"), KEY_A).await;
    assert_eq!(ready["instances"][0]["id"], instance["id"]);
    let stats = get_json(&local.url("/api/instances/stats"), KEY_A).await;
    assert_eq!((stats["total"].as_u64(), stats["runningNow"].as_u64()), (Some(1), Some(1)));

    // Another tenant sees nothing and cannot terminate it.
    let client = reqwest::Client::new();
    assert_eq!(client.get(&url).bearer_auth(KEY_B).send().await.expect("get").status(), StatusCode::NOT_FOUND);
    assert_eq!(client.delete(&url).bearer_auth(KEY_B).send().await.expect("delete").status(), StatusCode::NOT_FOUND);
    assert_eq!(app.aws_cloud.running().len(), 1);

    let deleted: Value =
        client.delete(&url).bearer_auth(KEY_A).send().await.expect("delete").json().await.expect("JSON");
    assert_eq!(deleted["status"], "TERMINATED");
    assert!(app.aws_cloud.running().is_empty(), "the machine is gone when the DELETE answers");
    assert_eq!(work(true).await.status(), StatusCode::CONFLICT, "a terminated instance takes no work");
    let again: Value = client.delete(&url).bearer_auth(KEY_A).send().await.expect("delete").json().await.expect("JSON");
    assert_eq!(
        (again["status"].clone(), again["totalCost"].clone()),
        (deleted["status"].clone(), deleted["totalCost"].clone())
    );
    let stats = get_json(&local.url("/api/instances/stats"), KEY_A).await;
    assert_eq!((stats["runningNow"].as_u64(), stats["byStatus"]["TERMINATED"].as_u64()), (Some(0), Some(1)));
}

#[tokio::test]
async fn an_azure_instance_goes_through_the_same_lifecycle_on_its_own_cloud() {
    let (local, app) = start().await;
    let body = json!({ "provider": "AZURE", "instanceType": "Standard_NC4as_T4_v3", "region": "westeurope",
                       "diskSizeGB": 64, "autoTerminateMinutes": 5 });
    let (status, location, created) = create(&local, body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    assert_eq!(created["costPerHour"], 0.526);
    let url = local.url(&location.expect("Location"));
    let instance = ready(&url).await;
    // Azure's VM is named by the instance id, on the Azure cloud only.
    assert_eq!(app.azure_cloud.running(), [instance["id"].as_str().expect("id").to_owned()]);
    assert!(app.aws_cloud.running().is_empty());
    // Per-second billing with no minimum: well under a minute's worth after a second or so.
    let minute = 0.526 / 60.0;
    assert!(instance["totalCost"].as_f64().is_some_and(|c| c > 0.0 && c < minute), "{instance}");

    let deleted: Value = reqwest::Client::new()
        .delete(&url)
        .bearer_auth(KEY_A)
        .send()
        .await
        .expect("delete")
        .json()
        .await
        .expect("JSON");
    assert_eq!(deleted["status"], "TERMINATED");
    assert!(app.azure_cloud.running().is_empty());
}

#[tokio::test]
async fn bad_input_names_each_field() {
    let (local, app) = start().await;
    let with = |field: &str, value: Value| {
        let mut body = g5();
        body[field] = value;
        body
    };
    for (body, field, says) in [
        (with("autoTerminateMinutes", json!(4)), "autoTerminateMinutes", "5 to 120"),
        (with("autoTerminateMinutes", json!(121)), "autoTerminateMinutes", "5 to 120"),
        (with("diskSizeGB", json!(29)), "diskSizeGB", "30"),
        (with("instanceType", json!("g9.mega")), "instanceType", "choose one of"),
        (with("instanceType", json!("Standard_NC4as_T4_v3")), "instanceType", "not a Aws"),
        (with("region", json!("mars-1")), "region", "us-east-1"),
        (
            json!({ "provider": "AZURE", "instanceType": "Standard_NC6", "region": "eastus", "diskSizeGB": 64, "autoTerminateMinutes": 10 }),
            "instanceType",
            "Standard_NC4as_T4_v3",
        ),
    ] {
        let (status, _, problem) = create(&local, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
        assert!(problem["errors"][0]["message"].as_str().is_some_and(|m| m.contains(says)), "{problem}");
    }
    let (status, _, problem) = create(&local, with("provider", json!("GCP"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert!(app.aws_cloud.running().is_empty(), "nothing was launched");
}
