//! The analysis queue through `local`'s HTTP API: every task type runs to completion on the real
//! processors (offline provider); priorities, retries, cancellation and paging hold end to end.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::app::tasks::QueueSettings;
use shared::domain::tasks::Priority;
use shared::domain::tasks::{Backoff, Task};
use shared::domain::tenant::TenantId;
use shared::http::GatewaySettings;
use shared::ports::{ProcessError, ProgressSink, TaskMessage, TaskProcessor, TaskQueue};
use tests::{get_json, RunningLocal};
use tokio::sync::Semaphore;

const KEY: &str = "queue-key-a";

async fn start(options: local::Options) -> RunningLocal {
    start_app(options).await.0
}

async fn start_app(options: local::Options) -> (RunningLocal, Arc<local::App>) {
    tests::start_memory(GatewaySettings::default(), "clinic-a=queue-key-a", options).await
}

async fn submit(local: &RunningLocal, body: Value) -> Value {
    let resp = reqwest::Client::new()
        .post(local.url("/api/analysis-queue"))
        .bearer_auth(KEY)
        .json(&body)
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::ACCEPTED);
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let task: Value = resp.json().await.expect("JSON");
    assert_eq!(location, Some(format!("/api/analysis-queue/{}", task["id"].as_str().expect("id"))));
    task
}

/// Polls the task until it is final; the queue runs in the background.
async fn final_state(local: &RunningLocal, id: &str) -> Value {
    for _ in 0..400 {
        let task = get_json(&local.url(&format!("/api/analysis-queue/{id}")), KEY).await;
        if ["COMPLETED", "FAILED", "CANCELLED"].contains(&task["status"].as_str().unwrap_or("")) {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("task {id} did not finish within 10 s");
}

fn event_types(task: &Value) -> Vec<String> {
    task["events"].as_array().expect("events").iter().filter_map(|e| e["type"].as_str().map(str::to_owned)).collect()
}

#[tokio::test]
async fn every_task_type_runs_to_completion_with_progress_and_events() {
    let local = start(local::Options::default()).await;
    let analysis = json!({
        "document": { "content": "LABS\nPotassium 3.1 mmol/L L (3.5-5.1). He denies chest pain.", "contentType": "LAB_RESULTS" },
        "question": "Which results are abnormal?"
    });
    let tasks = [
        json!({ "type": "DOCUMENT_ANALYSIS", "data": analysis }),
        json!({ "type": "CHAT_RESPONSE", "data": { "message": "What does HbA1c measure?", "systemPrompt": "Be brief." } }),
        json!({ "type": "BATCH_PROCESSING", "data": { "items": [analysis, analysis, analysis] } }),
        json!({ "type": "REPORT_GENERATION", "data": { "title": "Discharge summary", "sections": [
            { "heading": "Labs", "content": "Potassium 3.1 mmol/L L." },
            { "heading": "Plan", "content": "Continue metformin 500 mg PO BID." }
        ] } }),
    ];
    for body in tasks {
        let created = submit(&local, body).await;
        let done = final_state(&local, created["id"].as_str().expect("id")).await;
        assert_eq!(done["status"], "COMPLETED", "{done}");
        assert_eq!(done["progress"], 100);
        let types = event_types(&done);
        assert_eq!(types.first().map(String::as_str), Some("created"));
        assert_eq!(types.get(1).map(String::as_str), Some("started"));
        assert!(types.iter().filter(|t| *t == "progress").count() >= 2, "{types:?}");
        assert_eq!(types.last().map(String::as_str), Some("completed"));
        let result = &done["result"];
        match done["type"].as_str() {
            Some("DOCUMENT_ANALYSIS") => {
                assert_eq!(result["answer"]["provider"], "offline");
                assert!(result["optimization"]["originalTokens"].as_u64().is_some_and(|n| n > 0));
            }
            Some("CHAT_RESPONSE") => assert!(result["answer"]["text"].as_str().is_some_and(|t| t.contains("HbA1c"))),
            Some("BATCH_PROCESSING") => {
                assert_eq!(result["succeeded"], 3);
                assert_eq!(result["items"].as_array().map(Vec::len), Some(3));
            }
            _ => {
                let report = result["report"].as_str().expect("markdown");
                assert!(report.starts_with("# Discharge summary"), "{report}");
                let (labs, plan) = (report.find("## Labs").expect("labs"), report.find("## Plan").expect("plan"));
                assert!(labs < plan, "sections in order");
            }
        }
    }
    let stats = get_json(&local.url("/api/analysis-queue/stats"), KEY).await;
    assert_eq!(stats["byStatus"]["COMPLETED"], 4);
    assert_eq!(stats["queueLength"], 0);
    assert!(stats["averageProcessingMs"].as_f64().is_some());
}

/// Runs tasks one permit at a time, recording the order it was asked to run them in.
struct Gated {
    permits: Semaphore,
    order: Mutex<Vec<String>>,
    /// Calls that fail before succeeding, per task (a retry test).
    failures_left: Mutex<u32>,
}

impl Gated {
    fn new(failures: u32) -> Arc<Self> {
        Arc::new(Self {
            permits: Semaphore::new(0),
            order: Mutex::new(Vec::new()),
            failures_left: Mutex::new(failures),
        })
    }
}

#[async_trait]
impl TaskProcessor for Gated {
    async fn process(&self, task: &Task, progress: &dyn ProgressSink) -> Result<Value, ProcessError> {
        self.order.lock().expect("lock").push(task.data["message"].as_str().unwrap_or_default().to_owned());
        progress.report(10).await?;
        self.permits.acquire().await.map_err(|e| ProcessError::Retryable(e.to_string()))?.forget();
        progress.report(50).await?;
        let mut left = self.failures_left.lock().expect("lock");
        if *left > 0 {
            *left -= 1;
            return Err(ProcessError::Retryable(format!("upstream timeout ({} more to go)", *left)));
        }
        Ok(json!({ "done": task.data["message"] }))
    }
}

fn one_worker(processor: Arc<Gated>) -> local::Options {
    local::Options {
        queue: QueueSettings { workers: 1, ..QueueSettings::default() },
        processor: Some(processor),
        ..local::Options::default()
    }
}

fn chat(message: &str, priority: &str) -> Value {
    json!({ "type": "CHAT_RESPONSE", "priority": priority, "data": { "message": message } })
}

#[tokio::test]
async fn an_urgent_task_submitted_after_twenty_low_ones_starts_before_those_still_waiting() {
    let gate = Gated::new(0);
    let local = start(one_worker(gate.clone())).await;
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(submit(&local, chat(&format!("low-{i}"), "LOW")).await["id"].as_str().expect("id").to_owned());
    }
    let urgent = submit(&local, chat("urgent", "URGENT")).await;
    ids.push(urgent["id"].as_str().expect("id").to_owned());
    gate.permits.add_permits(21);
    for id in &ids {
        assert_eq!(final_state(&local, id).await["status"], "COMPLETED");
    }
    let order = gate.order.lock().expect("lock").clone();
    // low-0 was already running when the URGENT task arrived; every other LOW task was waiting.
    assert_eq!(order[..3], ["low-0", "urgent", "low-1"], "{order:?}");
    assert_eq!(order.len(), 21);
}

#[tokio::test]
async fn a_failing_task_is_retried_with_backoff_and_its_events_say_so() {
    let gate = Gated::new(2);
    let options = local::Options {
        queue: QueueSettings {
            workers: 1,
            backoff: Backoff { base: Duration::from_millis(20), cap: Duration::from_millis(100) },
            ..QueueSettings::default()
        },
        processor: Some(gate.clone()),
        ..local::Options::default()
    };
    let local = start(options).await;
    gate.permits.add_permits(3);
    let created = submit(&local, chat("flaky", "HIGH")).await;
    let done = final_state(&local, created["id"].as_str().expect("id")).await;
    assert_eq!(done["status"], "COMPLETED", "{done}");
    assert_eq!(done["retryCount"], 2);
    let types = event_types(&done);
    assert_eq!(types.iter().filter(|t| *t == "retried").count(), 2, "{types:?}");
    let retried = done["events"].as_array().expect("events").iter().find(|e| e["type"] == "retried").expect("retried");
    assert!(retried["error"].as_str().is_some_and(|e| e.contains("upstream timeout")), "{retried}");
    // Progress never went backwards across attempts.
    let progress: Vec<u64> =
        done["events"].as_array().expect("events").iter().filter_map(|e| e["progress"].as_u64()).collect();
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
}

#[tokio::test]
async fn a_task_cancelled_while_running_stays_cancelled_and_keeps_no_result() {
    let gate = Gated::new(0);
    let local = start(one_worker(gate.clone())).await;
    let created = submit(&local, chat("long", "NORMAL")).await;
    let id = created["id"].as_str().expect("id");
    let url = local.url(&format!("/api/analysis-queue/{id}"));
    for _ in 0..200 {
        if get_json(&url, KEY).await["status"] == "PROCESSING" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let client = reqwest::Client::new();
    let progress = client.patch(format!("{url}/progress")).bearer_auth(KEY).json(&json!({"progress": 30})).send().await;
    assert_eq!(progress.expect("response").status(), StatusCode::OK);
    let backwards =
        client.patch(format!("{url}/progress")).bearer_auth(KEY).json(&json!({"progress": 20})).send().await;
    assert_eq!(backwards.expect("response").status(), StatusCode::BAD_REQUEST, "progress never goes backwards");
    let cancelled = client.delete(&url).bearer_auth(KEY).send().await.expect("response");
    assert_eq!(cancelled.status(), StatusCode::OK);
    gate.permits.add_permits(1);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let task = final_state(&local, id).await;
    assert_eq!(task["status"], "CANCELLED");
    assert_eq!(task["result"], Value::Null);
    assert_eq!(event_types(&task).last().map(String::as_str), Some("cancelled"));
    let again = client.delete(&url).bearer_auth(KEY).send().await.expect("response");
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn listings_page_newest_first_and_filter() {
    let gate = Gated::new(0);
    let local = start(one_worker(gate.clone())).await;
    let mut created = Vec::new();
    for (i, priority) in ["LOW", "HIGH", "LOW", "URGENT", "LOW"].iter().enumerate() {
        created.push(submit(&local, chat(&format!("m{i}"), priority)).await["id"].as_str().expect("id").to_owned());
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let query = cursor.as_ref().map_or("limit=2".to_owned(), |c| format!("limit=2&cursor={c}"));
        let page = get_json(&local.url(&format!("/api/analysis-queue?{query}")), KEY).await;
        let ids: Vec<String> = page["tasks"]
            .as_array()
            .expect("tasks")
            .iter()
            .filter_map(|t| t["id"].as_str().map(str::to_owned))
            .collect();
        assert!(ids.len() <= 2);
        assert!(page["tasks"][0].get("data").is_none(), "listings leave out data");
        seen.extend(ids);
        match page["nextCursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    assert_eq!(seen, newest_first);
    let low = get_json(&local.url("/api/analysis-queue?priority=LOW&type=CHAT_RESPONSE"), KEY).await;
    assert_eq!(low["tasks"].as_array().map(Vec::len), Some(3));
    let pending = get_json(&local.url("/api/analysis-queue?status=PENDING&priority=URGENT"), KEY).await;
    assert_eq!(pending["tasks"].as_array().map(Vec::len), Some(1));
    gate.permits.add_permits(5);
}

#[tokio::test]
async fn duplicate_deliveries_never_run_a_task_twice() {
    let gate = Gated::new(0);
    let options = local::Options {
        queue: QueueSettings { workers: 2, ..QueueSettings::default() },
        processor: Some(gate.clone()),
        ..local::Options::default()
    };
    let (local, app) = start_app(options).await;
    let created = submit(&local, chat("once", "HIGH")).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let url = local.url(&format!("/api/analysis-queue/{id}"));
    let duplicate = TaskMessage {
        tenant_id: TenantId::parse("clinic-a").expect("valid"),
        task_id: id.clone(),
        priority: Priority::High,
    };
    for _ in 0..200 {
        if get_json(&url, KEY).await["status"] == "PROCESSING" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Delivered again while the first delivery runs: the second worker sees a live attempt and
    // leaves it alone.
    app.queue.enqueue(&duplicate, Duration::ZERO).await.expect("enqueued");
    tokio::time::sleep(Duration::from_millis(200)).await;
    gate.permits.add_permits(5);
    let done = final_state(&local, &id).await;
    assert_eq!(done["status"], "COMPLETED");
    // Delivered again after it finished: acknowledged, nothing runs, nothing is written.
    app.queue.enqueue(&duplicate, Duration::ZERO).await.expect("enqueued");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let after = get_json(&url, KEY).await;
    assert_eq!(after["events"], done["events"], "no event was added");
    assert_eq!(gate.order.lock().expect("lock").as_slice(), ["once"], "the processor ran once");
}

#[tokio::test]
async fn tasks_are_answered_by_the_configured_provider_through_its_wire_format() {
    use shared::adapters::anthropic::AnthropicProvider;
    use shared::adapters::openai::OpenAiProvider;
    let mock = tests::mock_llm::MockUpstream::start().await;
    let key = || "mock-key-not-a-secret".to_owned();
    let openai =
        OpenAiProvider::new("openai", &mock.openai_base(), Some(key()), Duration::from_secs(5)).expect("client");
    let anthropic = AnthropicProvider::new(&mock.base_url, key(), Duration::from_secs(5)).expect("client");
    let router = shared::llm::Router::new(
        Some(Arc::new(openai)),
        Some(Arc::new(anthropic)),
        None,
        None,
        shared::llm::RetryPolicy::default(),
    );
    let local = start(local::Options { llm: Arc::new(router), ..local::Options::default() }).await;
    // gpt-4o: 32 fresh input tokens at $2.50/M, 10 cached at $1.25/M, 7 output at $10/M. The mock's
    // throttled Claude id has no price: its cost is absent, never a silent $0.
    for (model, provider, cost) in
        [("gpt-4o", "openai", json!(0.0001625)), ("claude-sonnet-4-5-429-once", "anthropic", Value::Null)]
    {
        let created = submit(
            &local,
            json!({ "type": "DOCUMENT_ANALYSIS", "data": {
                "document": { "content": "Potassium 3.1 mmol/L L (3.5-5.1). Denies chest pain.", "model": model },
                "question": "Is the potassium normal?"
            } }),
        )
        .await;
        let done = final_state(&local, created["id"].as_str().expect("id")).await;
        assert_eq!(done["status"], "COMPLETED", "{done}");
        let answer = &done["result"]["answer"];
        assert_eq!((answer["provider"].as_str(), answer["model"].as_str()), (Some(provider), Some(model)));
        assert_eq!(answer["text"], tests::mock_llm::ANSWER.concat());
        assert_eq!(answer["inputTokens"], 42);
        assert_eq!(answer["costUsd"], cost, "{answer}");
    }
    assert_eq!(mock.calls.of("claude-sonnet-4-5-429-once"), 2, "the throttled call was retried inside the task");
}

/// Ids and event names of an SSE body.
fn sse_events(body: &str) -> Vec<(Option<u64>, String)> {
    body.split("\n\n")
        .filter_map(|block| {
            let field = |name: &str| block.lines().find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()));
            Some((field("id:").and_then(|i| i.parse().ok()), field("event:")?))
        })
        .collect()
}

async fn sse_get(local: &RunningLocal, id: &str, last_event_id: u64) -> (StatusCode, String, String) {
    let resp = reqwest::Client::new()
        .get(local.url(&format!("/api/analysis-queue/{id}/events")))
        .bearer_auth(KEY)
        .header("accept", "text/event-stream")
        .header("last-event-id", last_event_id.to_string())
        .send()
        .await
        .expect("response");
    let status = resp.status();
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    (status, content_type, resp.text().await.expect("body"))
}

#[tokio::test]
async fn task_events_stream_resumes_from_last_event_id_waits_for_news_and_ends_when_final() {
    use shared::app::tasks::events::EventWait;
    let gate = Gated::new(0);
    let options = local::Options {
        events_wait: EventWait { max_wait: Duration::from_secs(5), poll: Duration::from_millis(20) },
        ..one_worker(gate.clone())
    };
    let local = Arc::new(start(options).await);
    let created = submit(&local, chat("watched", "HIGH")).await;
    let id = created["id"].as_str().expect("id").to_owned();
    // Wait until the attempt is parked at the gate (created, started, progress 10).
    let mut seen = Vec::new();
    for _ in 0..200 {
        seen = get_json(&local.url(&format!("/api/analysis-queue/{id}/events")), KEY).await["events"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if seen.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(seen.len(), 3, "{seen:?}");

    // Nothing after event 3 yet: the read waits until the task moves, then answers.
    let waiting = tokio::spawn({
        let (local, id) = (local.clone(), id.clone());
        async move { sse_get(&local, &id, 3).await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the read waits for a new event");
    gate.permits.add_permits(1);
    let (status, content_type, body) = waiting.await.expect("joined");
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, "text/event-stream"));
    let events = sse_events(&body);
    assert_eq!(events.first(), Some(&(Some(4), "progress".to_owned())), "{body}");

    // Once the task is final, a read from the last id gets the rest and `end`.
    assert_eq!(final_state(&local, &id).await["status"], "COMPLETED");
    let (_, _, body) = sse_get(&local, &id, 4).await;
    let events = sse_events(&body);
    assert_eq!(events.last(), Some(&(None, "end".to_owned())), "{body}");
    assert!(events.iter().any(|(_, kind)| kind == "completed"), "{body}");
    assert!(body.contains(r#"data: {"status":"COMPLETED"}"#), "{body}");
}

#[tokio::test]
async fn an_events_read_with_nothing_new_ends_after_its_bounded_wait() {
    use shared::app::tasks::events::EventWait;
    let gate = Gated::new(0);
    let options = local::Options {
        events_wait: EventWait { max_wait: Duration::from_millis(200), poll: Duration::from_millis(20) },
        ..one_worker(gate.clone())
    };
    let local = start(options).await;
    let created = submit(&local, chat("quiet", "LOW")).await;
    let id = created["id"].as_str().expect("id");
    let (status, _, body) = sse_get(&local, id, 1_000).await;
    assert_eq!(status, StatusCode::OK);
    assert!(sse_events(&body).is_empty() && body.contains("reconnect with Last-Event-ID"), "{body}");
    gate.permits.add_permits(1);
    let unknown = reqwest::Client::new()
        .get(local.url("/api/analysis-queue/0193a5b0-0000-7000-8000-000000000000/events"))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("response");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

/// `local` answering with the mock upstream as OpenAI, every tenant with a monthly model budget
/// of `budget` (10⁻⁸ USD units): the same `CHAT_MONTHLY_BUDGET_USD` the chatbot is held to.
async fn budgeted(mock: &tests::mock_llm::MockUpstream, budget: i64) -> RunningLocal {
    let chat =
        shared::app::chat::ChatSettings { monthly_budget: Some(budget), ..shared::app::chat::ChatSettings::default() };
    start(local::Options { llm: Arc::new(mock.openai_router()), chat, ..local::Options::default() }).await
}

/// The tenant's model spend this month, as the chatbot's conversation list reports it.
async fn spend(local: &RunningLocal) -> Value {
    get_json(&local.url("/api/chatbot/conversations"), KEY).await["spend"].clone()
}

fn analysis_task(model: &str) -> Value {
    json!({ "type": "DOCUMENT_ANALYSIS", "data": {
        "document": { "content": "Potassium 3.1 mmol/L L (3.5-5.1). Denies chest pain.", "model": model },
        "question": "Is the potassium normal?"
    } })
}

fn chat_task(message: &str, model: &str) -> Value {
    json!({ "type": "CHAT_RESPONSE", "data": { "message": message, "model": model } })
}

#[tokio::test]
async fn a_task_the_monthly_budget_cannot_cover_fails_with_the_budget_error_and_calls_no_model() {
    let mock = tests::mock_llm::MockUpstream::start().await;
    // $0.001 a month. A gpt-4o task may cost its prompt plus 1,024 answer tokens at $10/M: above $0.01.
    let local = budgeted(&mock, 100_000).await;
    for body in [chat_task("What does HbA1c measure?", "gpt-4o"), analysis_task("gpt-4o")] {
        let created = submit(&local, body).await;
        let done = final_state(&local, created["id"].as_str().expect("id")).await;
        assert_eq!(done["status"], "FAILED", "{done}");
        let error = done["error"].as_str().unwrap_or_default();
        assert!(error.starts_with("budget_exhausted:"), "a named error: {error}");
        assert!(error.contains("monthly model budget of $0.001") && error.contains("left"), "{error}");
        assert_eq!(done["retryCount"], 0, "a budget refusal is permanent: {done}");
        assert!(!event_types(&done).contains(&"retried".to_owned()), "{done}");
        assert_eq!(done["result"], Value::Null);
    }
    assert_eq!(mock.calls.of("gpt-4o"), 0, "no model was called");
    let spend = spend(&local).await;
    assert_eq!((spend["calls"].as_u64(), spend["remaining"].as_f64()), (Some(0), Some(0.001)), "{spend}");
}

#[tokio::test]
async fn a_task_is_reserved_against_the_monthly_budget_and_its_cost_is_the_tenants_spend() {
    let mock = tests::mock_llm::MockUpstream::start().await;
    let local = budgeted(&mock, 100_000_000).await;
    // Each gpt-4o answer of the mock costs $0.0001625 (32 fresh, 10 cached, 7 out).
    let tasks = [
        (chat_task("What does HbA1c measure?", "gpt-4o"), 0.0001625, 0.9998375),
        (analysis_task("gpt-4o"), 0.000325, 0.999675),
    ];
    for (calls, (body, total, remaining)) in (1..).zip(tasks) {
        let created = submit(&local, body).await;
        let done = final_state(&local, created["id"].as_str().expect("id")).await;
        assert_eq!(done["status"], "COMPLETED", "{done}");
        assert_eq!(done["result"]["answer"]["costUsd"], json!(0.0001625), "{done}");
        let spend = spend(&local).await;
        assert_eq!((spend["calls"].as_u64(), spend["totalCost"].as_f64()), (Some(calls), Some(total)), "{spend}");
        // The reservation was settled to the actual cost: nothing else stays committed.
        assert_eq!(spend["remaining"].as_f64(), Some(remaining), "{spend}");
    }
    // A call the provider refuses costs nothing, and its reservation is released.
    let created = submit(&local, chat_task("Refuse this [mock:400]", "gpt-4o")).await;
    let done = final_state(&local, created["id"].as_str().expect("id")).await;
    assert_eq!(done["status"], "FAILED", "{done}");
    let spend = spend(&local).await;
    assert_eq!((spend["calls"].as_u64(), spend["remaining"].as_f64()), (Some(2), Some(0.999675)), "{spend}");
}
