//! The GPU pool through `local`'s HTTP API, black-box: the queue rents simulated machines when GPU
//! tasks wait (never more than `maxInstances`), runs each task's model calls over HTTP on a READY
//! machine's OpenAI-compatible server, and lets idle machines terminate through the lifecycle;
//! the tasks' GPU costs and the idle cost add up to what the machines cost
//! (`tests::gpu_pool::six_tasks_on_two_machines`, also run on DynamoDB by the adapter tests). Then
//! the faults: a launch that fails, a machine that never serves, a machine that vanishes mid-task,
//! a pool deleted while tasks wait: no task lost, no machine left, and no machine's secret left in
//! the simulated clouds' secret store.
//!
//! A simulated minute lasts 100 ms here (`LOCAL_SIM_MINUTE_SECONDS`), so `idleMinutes: 5` idles a
//! machine out in half a second.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::simulated_cloud::{Operation, SimulationSettings};
use shared::domain::llm::{ChatMessage, LlmRequest, Role};
use shared::domain::tasks::Task;
use shared::ports::{ComputeError, ModelServer, ProcessError, ProgressSink, TaskProcessor};
use tests::gpu_pool::{all_closed, all_final, instances, options, pool, send, start, submit, tasks, until, KEY};

#[tokio::test]
async fn six_gpu_tasks_on_two_machines_scale_up_complete_idle_out_and_the_costs_add_up() {
    let (local, app) = start(options(Some(Duration::from_millis(300)))).await;
    tests::gpu_pool::six_tasks_on_two_machines(&local, &app).await;
}

#[tokio::test]
async fn a_gpu_task_without_a_pool_is_a_409_naming_it_and_the_pool_validates_like_an_instance() {
    let (local, _app) = start(options(Some(Duration::from_millis(300)))).await;
    let body = json!({ "type": "CHAT_RESPONSE", "compute": "GPU", "data": { "message": "hello" } });
    let (status, _, problem) = tests::post_json(&local.url("/api/analysis-queue"), KEY, &body).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("GPU pool")), "{problem}");
    let (status, problem) = send(&local, reqwest::Method::GET, "/api/gpu-pool", None).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));

    let retired = json!({ "provider": "AZURE", "instanceType": "g5.xlarge", "region": "us-east-1", "model": "gpt-4o",
                          "maxInstances": 0, "idleMinutes": 5 });
    let (status, problem) = send(&local, reqwest::Method::PUT, "/api/gpu-pool", Some(retired)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    let fields: Vec<&str> =
        problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    for field in ["instanceType", "region", "model", "maxInstances"] {
        assert!(fields.contains(&field), "{field}: {problem}");
    }
}

#[tokio::test]
async fn launches_that_fail_fail_the_waiting_task_after_three_and_leave_no_machine() {
    let (local, app) = start(options(Some(Duration::from_millis(300)))).await;
    app.aws_cloud.fail_next(Operation::Launch, ComputeError::Capacity("no g5.xlarge capacity".to_owned()), 3);
    send(&local, reqwest::Method::PUT, "/api/gpu-pool", Some(pool(1))).await;
    let ids = submit(&local, 1).await;
    let done = until(30, async || tasks(&local, &ids).await, |t| all_final(t), |_| {}).await;
    assert_eq!(done[0]["status"], "FAILED", "{}", done[0]);
    let error = done[0]["error"].as_str().unwrap_or_default();
    assert!(error.starts_with("gpu_launch_failed") && error.contains("Instance.Capacity"), "{error}");
    until(10, async || instances(&local).await, |i| all_closed(i), |_| {}).await;
    assert!(app.aws_cloud.running().is_empty());
    assert!(app.machine_secrets.is_empty(), "a closed machine's secret is deleted");
}

#[tokio::test]
async fn machines_that_never_serve_time_out_and_the_task_fails_with_that_error() {
    let (local, app) = start(options(None)).await;
    send(&local, reqwest::Method::PUT, "/api/gpu-pool", Some(pool(1))).await;
    let ids = submit(&local, 1).await;
    let done = until(60, async || tasks(&local, &ids).await, |t| all_final(t), |_| {}).await;
    let error = done[0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("Instance.ConfigureTimeout"), "{}", done[0]);
    until(10, async || instances(&local).await, |i| all_closed(i), |_| {}).await;
    assert!(app.aws_cloud.running().is_empty());
    assert!(app.machine_secrets.is_empty(), "a closed machine's secret is deleted");
}

/// Calls the machine's model once the test opens the gate, so the test can make the machine
/// vanish while the task runs on it.
struct Gated(Arc<tokio::sync::Semaphore>);

#[async_trait::async_trait]
impl TaskProcessor for Gated {
    async fn process(&self, _: &Task, _: &dyn ProgressSink) -> Result<Value, ProcessError> {
        Err(ProcessError::Permanent("a GPU task runs on a machine".to_owned()))
    }

    async fn process_on(&self, _: &Task, _: &dyn ProgressSink, server: &ModelServer) -> Result<Value, ProcessError> {
        let _permit = self.0.acquire().await.map_err(|e| ProcessError::Permanent(e.to_string()))?;
        let message = ChatMessage { role: Role::User, content: "hello".to_owned() };
        let request = LlmRequest {
            model: server.model.clone(),
            messages: vec![message],
            max_output_tokens: 16,
            temperature: None,
        };
        let reply = server.llm.complete(&request).await.map_err(|e| ProcessError::Retryable(e.to_string()))?;
        Ok(json!({ "text": reply.text }))
    }
}

#[tokio::test]
async fn a_machine_that_vanishes_mid_task_sends_the_task_back_and_another_machine_finishes_it() {
    let gate = Arc::new(tokio::sync::Semaphore::new(0));
    let options =
        local::Options { processor: Some(Arc::new(Gated(gate.clone()))), ..options(Some(Duration::from_millis(300))) };
    let (local, app) = start(options).await;
    send(&local, reqwest::Method::PUT, "/api/gpu-pool", Some(pool(1))).await;
    let ids = submit(&local, 1).await;
    let running = until(30, async || tasks(&local, &ids).await, |t| t[0]["status"] == "PROCESSING", |_| {}).await;
    let first = running[0]["instanceId"].clone();
    let machine = app.aws_cloud.running();
    assert_eq!(machine.len(), 1);
    app.aws_cloud.vanish(&machine[0]);
    gate.add_permits(10);
    let done = until(60, async || tasks(&local, &ids).await, |t| all_final(t), |_| {}).await;
    assert_eq!(done[0]["status"], "COMPLETED", "{}", done[0]);
    assert_eq!(done[0]["retryCount"], 1, "{}", done[0]);
    assert_ne!(done[0]["instanceId"], first, "another machine finished it: {}", done[0]);
    let closed = until(30, async || instances(&local).await, |i| all_closed(i), |_| {}).await;
    let vanished = closed.iter().find(|i| i["id"] == first).expect("the first machine's record");
    assert_eq!(vanished["status"], "FAILED", "{vanished}");
    assert!(app.aws_cloud.running().is_empty());
    assert!(app.machine_secrets.is_empty(), "a closed machine's secret is deleted");
}

#[tokio::test]
async fn a_pool_deleted_while_tasks_wait_fails_them_and_closes_its_starting_machines() {
    let slow = local::Options {
        simulation: SimulationSettings { boot: Duration::from_secs(30), configure: Some(Duration::from_secs(1)) },
        ..options(None)
    };
    let (local, app) = start(slow).await;
    send(&local, reqwest::Method::PUT, "/api/gpu-pool", Some(pool(2))).await;
    let ids = submit(&local, 3).await;
    until(10, async || app.aws_cloud.running().len(), |n| *n == 2, |_| {}).await;
    let (status, deleting) = send(&local, reqwest::Method::DELETE, "/api/gpu-pool", None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{deleting}");
    let done = until(10, async || tasks(&local, &ids).await, |t| all_final(t), |_| {}).await;
    for task in &done {
        assert_eq!(task["status"], "FAILED", "{task}");
        assert!(task["error"].as_str().is_some_and(|e| e.starts_with("gpu_pool_deleted")), "{task}");
    }
    until(10, async || instances(&local).await, |i| all_closed(i), |_| {}).await;
    assert!(app.aws_cloud.running().is_empty());
    assert!(app.machine_secrets.is_empty(), "a closed machine's secret is deleted");
    let (status, _) = send(&local, reqwest::Method::GET, "/api/gpu-pool", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "gone once no machine is left");
    let body = json!({ "type": "CHAT_RESPONSE", "compute": "GPU", "data": { "message": "hello" } });
    let (status, _, _) = tests::post_json(&local.url("/api/analysis-queue"), KEY, &body).await;
    assert_eq!(status, StatusCode::CONFLICT, "no new GPU work once deleted");
}
