//! Per-tenant fairness limits through `local`'s HTTP API (issue 18, item 14): one tenant's
//! N+1th waiting task of a priority is a 429 naming the limit while another tenant still
//! submits; a task leaving PENDING (started or cancelled) frees its slot; the instance limit is a
//! 409 naming itself; a refusal stores nothing.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::simulated_cloud::SimulationSettings;
use shared::app::tasks::QueueSettings;
use shared::domain::limits::WaitingLimits;
use shared::domain::tasks::Task;
use shared::http::GatewaySettings;
use shared::ports::{ProcessError, ProgressSink, TaskProcessor};
use tests::{get_json, post_json, RunningLocal};

const KEY_A: &str = "fairness-key-a";
const KEY_B: &str = "fairness-key-b";

async fn start(options: local::Options) -> RunningLocal {
    let keys = format!("clinic-a={KEY_A},clinic-b={KEY_B}");
    tests::start_memory(GatewaySettings::default(), &keys, options).await.0
}

/// A processor that never finishes within a test: a started task stays PROCESSING.
struct Stuck;

#[async_trait]
impl TaskProcessor for Stuck {
    async fn process(&self, _task: &Task, _progress: &dyn ProgressSink) -> Result<Value, ProcessError> {
        tokio::time::sleep(Duration::from_secs(600)).await;
        Err(ProcessError::Retryable("stuck".to_owned()))
    }
}

/// `workers` workers running `Stuck`, and at most 2 URGENT tasks waiting per tenant.
fn two_urgent(workers: u32) -> local::Options {
    local::Options {
        queue: QueueSettings {
            workers,
            waiting: WaitingLimits { urgent: 2, ..WaitingLimits::default() },
            ..QueueSettings::default()
        },
        processor: Some(Arc::new(Stuck)),
        ..local::Options::default()
    }
}

fn chat(priority: &str) -> Value {
    json!({ "type": "CHAT_RESPONSE", "priority": priority, "data": { "message": "What does HbA1c measure?" } })
}

/// POST a task: status, `Retry-After`, body.
async fn submit(local: &RunningLocal, key: &str, body: &Value) -> (StatusCode, Option<String>, Value) {
    let resp = reqwest::Client::new()
        .post(local.url("/api/analysis-queue"))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .expect("response");
    let status = resp.status();
    let retry_after = resp.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body: Value = resp.json().await.expect("JSON");
    if status != StatusCode::ACCEPTED {
        assert_eq!(content_type.as_deref(), Some("application/problem+json"), "{body}");
    }
    (status, retry_after, body)
}

async fn accepted(local: &RunningLocal, key: &str, body: &Value) -> String {
    let (status, _, task) = submit(local, key, body).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{task}");
    task["id"].as_str().expect("id").to_owned()
}

fn assert_urgent_limit(problem: &Value, current: u64) {
    assert_eq!(problem["status"], 429, "{problem}");
    assert_eq!(problem["code"], "tenant_limit_reached", "{problem}");
    assert_eq!(problem["type"], "/problems/tenant_limit_reached");
    assert_eq!(problem["limit"], "TENANT_MAX_WAITING_TASKS_URGENT");
    assert_eq!(problem["priority"], "URGENT");
    assert_eq!((problem["max"].as_u64(), problem["current"].as_u64()), (Some(2), Some(current)));
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("TENANT_MAX_WAITING_TASKS_URGENT")), "{problem}");
}

#[tokio::test]
async fn the_third_urgent_task_is_a_429_naming_the_limit_and_another_tenant_still_submits() {
    // No worker: every task stays PENDING until it is cancelled.
    let local = start(two_urgent(0)).await;
    let first = accepted(&local, KEY_A, &chat("URGENT")).await;
    accepted(&local, KEY_A, &chat("URGENT")).await;
    let stats_before = get_json(&local.url("/api/analysis-queue/stats"), KEY_A).await;

    let (status, retry_after, problem) = submit(&local, KEY_A, &chat("URGENT")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_urgent_limit(&problem, 2);
    assert!(retry_after.and_then(|s| s.parse::<u64>().ok()).is_some_and(|s| (1..=60).contains(&s)));

    // Nothing stored changed: the same counts, and only the two tasks are listed.
    assert_eq!(get_json(&local.url("/api/analysis-queue/stats"), KEY_A).await, stats_before);
    let listed = get_json(&local.url("/api/analysis-queue"), KEY_A).await;
    assert_eq!(listed["tasks"].as_array().map(Vec::len), Some(2), "{listed}");

    // The limit is per tenant and per priority.
    accepted(&local, KEY_B, &chat("URGENT")).await;
    accepted(&local, KEY_B, &chat("URGENT")).await;
    accepted(&local, KEY_A, &chat("HIGH")).await;

    // A task leaving PENDING (here cancelled) frees its slot, once.
    let resp = reqwest::Client::new()
        .delete(local.url(&format!("/api/analysis-queue/{first}")))
        .bearer_auth(KEY_A)
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    accepted(&local, KEY_A, &chat("URGENT")).await;
    let (status, _, problem) = submit(&local, KEY_A, &chat("URGENT")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_urgent_limit(&problem, 2);
}

/// Concurrent submits cannot overshoot the limit: the write itself carries it (its ceiling).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_concurrent_urgent_submits_admits_exactly_the_limit() {
    let local = start(two_urgent(0)).await;
    let body = chat("URGENT");
    let burst = (0..12).map(|_| submit(&local, KEY_A, &body));
    let answers = futures_util::future::join_all(burst).await;
    let admitted = answers.iter().filter(|(status, _, _)| *status == StatusCode::ACCEPTED).count();
    let refused: Vec<&Value> =
        answers.iter().filter(|(status, _, _)| *status == StatusCode::TOO_MANY_REQUESTS).map(|(_, _, p)| p).collect();
    assert_eq!((admitted, refused.len()), (2, 10), "{answers:?}");
    for problem in refused {
        assert_eq!(problem["limit"], "TENANT_MAX_WAITING_TASKS_URGENT", "{problem}");
    }
    let stats = get_json(&local.url("/api/analysis-queue/stats"), KEY_A).await;
    assert_eq!(stats["byPriority"]["URGENT"]["waiting"].as_u64(), Some(2), "{stats}");
}

#[tokio::test]
async fn a_started_task_frees_its_slot() {
    // One worker that never finishes: the first task starts, the next ones wait.
    let local = start(two_urgent(1)).await;
    let first = accepted(&local, KEY_A, &chat("URGENT")).await;
    let url = local.url(&format!("/api/analysis-queue/{first}"));
    let mut task = get_json(&url, KEY_A).await;
    for _ in 0..200 {
        if task["status"] == "PROCESSING" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
        task = get_json(&url, KEY_A).await;
    }
    assert_eq!(task["status"], "PROCESSING", "{task}");
    accepted(&local, KEY_A, &chat("URGENT")).await;
    accepted(&local, KEY_A, &chat("URGENT")).await;
    let (status, _, problem) = submit(&local, KEY_A, &chat("URGENT")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_urgent_limit(&problem, 2);
}

fn g5() -> Value {
    json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "diskSizeGB": 100,
            "autoTerminateMinutes": 5 })
}

async fn instance_ids(local: &RunningLocal, key: &str) -> Vec<String> {
    let listed = get_json(&local.url("/api/instances"), key).await;
    listed["instances"]
        .as_array()
        .expect("instances")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn the_instance_limit_is_a_409_naming_itself_and_a_terminated_machine_frees_its_place() {
    let options = local::Options {
        max_running_instances: 2,
        simulation: SimulationSettings {
            boot: Duration::from_millis(100),
            configure: Some(Duration::from_millis(100)),
        },
        ..local::Options::default()
    };
    let local = start(options).await;
    let url = local.url("/api/instances");
    for _ in 0..2 {
        let (status, _, created) = post_json(&url, KEY_A, &g5()).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    }
    let before = instance_ids(&local, KEY_A).await;

    let (status, _, problem) = post_json(&url, KEY_A, &g5()).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["code"], "tenant_limit_reached");
    assert_eq!(problem["limit"], "TENANT_MAX_RUNNING_INSTANCES");
    assert_eq!((problem["max"].as_u64(), problem["current"].as_u64()), (Some(2), Some(2)));
    assert!(problem.get("priority").is_none(), "{problem}");
    assert_eq!(instance_ids(&local, KEY_A).await, before, "a refusal records nothing");

    let (status, _, other) = post_json(&url, KEY_B, &g5()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "another tenant still rents: {other}");

    let resp = reqwest::Client::new()
        .delete(local.url(&format!("/api/instances/{}", before[0])))
        .bearer_auth(KEY_A)
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let (status, _, created) = post_json(&url, KEY_A, &g5()).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
}
