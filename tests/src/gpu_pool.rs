//! The GPU pool's black-box scenario against a running `local`, shared by the product tests (on
//! the memory stores) and the adapter tests (on DynamoDB in the emulator): 6 GPU tasks on a pool
//! of at most 2 machines scale up, complete, idle out, and their costs add up. Helpers for the
//! pool's other tests too.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::simulated_cloud::SimulationSettings;
use shared::app::gpu_pool::SchedulerSettings;
use shared::app::instances::LifecycleSettings;
use shared::http::GatewaySettings;

use crate::{get_json, RunningLocal};

pub const KEY: &str = "gpu-pool-key";

pub fn options(configure: Option<Duration>) -> local::Options {
    local::Options {
        simulation: SimulationSettings { boot: Duration::from_millis(200), configure },
        lifecycle: LifecycleSettings {
            configure_poll: Duration::from_secs(1),
            configure_timeout: Duration::from_secs(2),
            minute: Duration::from_millis(100),
            ..LifecycleSettings::default()
        },
        gpu_pool: SchedulerSettings { poll: Duration::from_millis(100) },
        ..local::Options::default()
    }
}

pub async fn start(options: local::Options) -> (RunningLocal, Arc<local::App>) {
    crate::start_memory(GatewaySettings::default(), &format!("clinic-gpu={KEY}"), options).await
}

pub async fn send(
    local: &RunningLocal,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().request(method, local.url(path)).bearer_auth(KEY);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("response");
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

pub fn pool(max_instances: u32) -> Value {
    json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "model": "qwen2.5:7b",
            "maxInstances": max_instances, "idleMinutes": 5 })
}

pub async fn submit(local: &RunningLocal, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let body = json!({ "type": "CHAT_RESPONSE", "compute": "GPU",
                           "data": { "message": format!("Summarize case {i}: potassium 3.1 mmol/L.") } });
        let (status, _, task) = crate::post_json(&local.url("/api/analysis-queue"), KEY, &body).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{task}");
        ids.push(task["id"].as_str().expect("id").to_owned());
    }
    ids
}

/// Polls `read` every 20 ms until `done` holds (fails after `seconds`), checking `every` on each look.
pub async fn until<T>(
    seconds: u64,
    mut read: impl AsyncFnMut() -> T,
    done: impl Fn(&T) -> bool,
    mut every: impl FnMut(&T),
) -> T {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    loop {
        let value = read().await;
        every(&value);
        if done(&value) {
            return value;
        }
        assert!(tokio::time::Instant::now() < deadline, "not done within {seconds} s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub async fn tasks(local: &RunningLocal, ids: &[String]) -> Vec<Value> {
    let mut out = Vec::new();
    for id in ids {
        out.push(get_json(&local.url(&format!("/api/analysis-queue/{id}")), KEY).await);
    }
    out
}

pub fn all_final(tasks: &[Value]) -> bool {
    tasks.iter().all(|t| matches!(t["status"].as_str(), Some("COMPLETED" | "FAILED" | "CANCELLED")))
}

/// The tenant's instances (every page).
pub async fn instances(local: &RunningLocal) -> Vec<Value> {
    get_json(&local.url("/api/instances?limit=100"), KEY).await["instances"].as_array().cloned().unwrap_or_default()
}

pub fn all_closed(instances: &[Value]) -> bool {
    instances.iter().all(|i| matches!(i["status"].as_str(), Some("TERMINATED" | "FAILED")))
}

/// 6 GPU tasks with `maxInstances: 2` on `local` (started with `options`): at most 2 machines
/// running at once, every task COMPLETED with its machine and GPU cost, every machine TERMINATED
/// after `idleMinutes`, and the tasks' costs plus the idle cost equal to the machines' within a cent.
pub async fn six_tasks_on_two_machines(local: &RunningLocal, app: &local::App) {
    let (status, body) = send(local, reqwest::Method::PUT, "/api/gpu-pool", Some(pool(2))).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let ids = submit(local, 6).await;
    let mut most = 0;
    let done = until(
        30,
        async || tasks(local, &ids).await,
        |t| all_final(t),
        |_| most = most.max(app.aws_cloud.running().len()),
    )
    .await;
    for task in &done {
        assert_eq!(task["status"], "COMPLETED", "{task}");
        assert!(task["instanceId"].is_string() && task["gpuCostUsd"].is_number(), "{task}");
        assert!(task["gpuSeconds"].as_f64().is_some_and(|s| s >= 0.0), "{task}");
        // The machine's model answered, at no per-token price.
        assert_eq!(task["result"]["answer"]["costUsd"], 0.0, "{task}");
        let kinds: Vec<&str> =
            task["events"].as_array().expect("events").iter().filter_map(|e| e["type"].as_str()).collect();
        assert!(kinds.contains(&"started"), "{kinds:?}");
        let started =
            task["events"].as_array().expect("events").iter().find(|e| e["type"] == "started").expect("started");
        assert!(started["detail"].as_str().is_some_and(|d| d.starts_with("on GPU instance ")), "{started}");
    }
    let scaled = done
        .iter()
        .flat_map(|t| t["events"].as_array().cloned().unwrap_or_default())
        .any(|e| e["type"] == "waiting" && e["detail"].as_str().is_some_and(|d| d.contains("scaled up")));
    assert!(scaled, "a task says it waited for a machine the pool started");

    // Every machine idles out through the lifecycle; never more than 2 at once.
    let closed = until(
        30,
        async || instances(local).await,
        |i| !i.is_empty() && all_closed(i),
        |_| most = most.max(app.aws_cloud.running().len()),
    )
    .await;
    assert!((1..=2).contains(&most), "at most maxInstances machines at once: {most}");
    assert!(closed.len() <= 6, "{closed:?}");
    assert!(closed.iter().all(|i| i["status"] == "TERMINATED"), "{closed:?}");
    assert!(app.aws_cloud.running().is_empty());
    // Each machine read its secret from the simulated store (it served), and none outlived it.
    assert!(app.machine_secrets.is_empty(), "a terminated machine's secret is deleted");

    // The tasks' share plus the idle part is what the machines cost, within a cent.
    let (status, pool) = send(local, reqwest::Method::GET, "/api/gpu-pool", None).await;
    assert_eq!(status, StatusCode::OK, "{pool}");
    let spend = &pool["spend"];
    let machines: f64 = closed.iter().filter_map(|i| i["totalCost"].as_f64()).sum();
    let tasks_cost: f64 = done.iter().filter_map(|t| t["gpuCostUsd"].as_f64()).sum();
    let (total, idle) = (spend["totalUsd"].as_f64().expect("total"), spend["idleUsd"].as_f64().expect("idle"));
    assert!((total - machines).abs() < 0.01, "{spend} vs machines {machines}");
    assert!((tasks_cost + idle - total).abs() < 0.01, "{spend} vs tasks {tasks_cost}");
    assert!(idle > 0.0, "the 60 s billing minimum at least is idle: {spend}");
}
