//! `POST /api/orchestrate` through `local`'s HTTP API: a simple question answered, a heavy one
//! queued, both whole and streamed; the deadline cutting a slow provider with the partial result;
//! the deadline stopping synchronous work (the optimize step) as well; exactly one final event
//! after the steps and heartbeats; a client that leaves stopping the model
//! call; bad input named field by field.

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::app::chat::ChatSettings;
use shared::app::orchestration::OrchestrationSettings;
use shared::http::GatewaySettings;
use shared::llm::Router;
use tests::mock_llm::MockUpstream;
use tests::{get_json, RunningLocal};

const KEY: &str = "orchestrate-key-a";

async fn start(llm: Router, chat: ChatSettings, orchestration: OrchestrationSettings) -> RunningLocal {
    let options = local::Options { llm: Arc::new(llm), chat, orchestration, ..local::Options::default() };
    tests::start_memory(GatewaySettings::default(), &format!("clinic-a={KEY}"), options).await.0
}

fn offline() -> Router {
    Router::only(Arc::new(shared::adapters::offline_llm::OfflineLlm))
}

fn lab_note() -> Value {
    json!({ "content": "Potassium 3.1 mmol/L L (3.5-5.1). Sodium 139 mmol/L (135-145). It is worth noting that the patient denies chest pain.",
            "contentType": "LAB_RESULTS" })
}

async fn orchestrate(local: &RunningLocal, body: Value) -> (StatusCode, Option<String>, Value) {
    tests::post_json(&local.url("/api/orchestrate"), KEY, &body).await
}

/// A streamed run's events, read to the end.
async fn events(local: &RunningLocal, body: Value) -> Vec<(String, Value)> {
    tests::post_events(&local.url("/api/orchestrate"), KEY, &body).await
}

fn names(events: &[(String, Value)]) -> Vec<&str> {
    events.iter().map(|(e, _)| e.as_str()).filter(|e| *e != "heartbeat").collect()
}

#[tokio::test]
async fn a_simple_question_is_answered_and_a_heavy_one_queued_whole_and_streamed() {
    let local = start(offline(), ChatSettings::default(), OrchestrationSettings::default()).await;
    let (status, _, answered) =
        orchestrate(&local, json!({ "query": "Which value is low?", "documents": [lab_note()] })).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["route"], "ANSWER");
    assert_eq!(answered["classification"]["reasons"], json!([]));
    let steps: Vec<&str> =
        answered["steps"].as_array().expect("steps").iter().filter_map(|s| s["step"].as_str()).collect();
    assert_eq!(steps, ["optimize", "classify", "answer"]);
    assert!(answered["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .all(|s| s["status"] == "completed" && s["durationMs"].is_number()));
    assert!(answered["answer"]["content"].as_str().is_some_and(|c| c.contains("Potassium 3.1 mmol/L")), "{answered}");
    assert_eq!(answered["deadlineMs"], 9000);

    // Four documents: queued, and the task runs to completion on local's workers.
    let docs: Vec<Value> = (0..4).map(|_| lab_note()).collect();
    let (status, location, queued) = orchestrate(&local, json!({ "query": "Summarize.", "documents": docs })).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{queued}");
    assert_eq!(queued["route"], "QUEUE");
    assert!(queued["classification"]["reasons"][0].as_str().is_some_and(|r| r.contains("4 documents")));
    let location = location.expect("Location");
    assert_eq!(queued["task"]["location"], location.as_str());
    let mut task = get_json(&local.url(&location), KEY).await;
    for _ in 0..100 {
        if task["status"] == "COMPLETED" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        task = get_json(&local.url(&location), KEY).await;
    }
    assert_eq!(task["status"], "COMPLETED", "{task}");
    assert_eq!(task["metadata"]["source"], "orchestrate");

    // Streamed: each step started then finished, then exactly one final event.
    let run = events(&local, json!({ "query": "Which value is low?", "documents": [lab_note()] })).await;
    assert_eq!(
        names(&run),
        ["step_started", "step_finished", "step_started", "step_finished", "step_started", "step_finished", "result"]
    );
    assert_eq!(run.last().expect("result").1["route"], "ANSWER");
    let run = events(&local, json!({ "query": "Compare these results over time.", "documents": [lab_note()] })).await;
    assert_eq!(run.last().expect("result").1["route"], "QUEUE");
}

#[tokio::test]
async fn the_deadline_cuts_a_slow_provider_and_answers_504_with_the_partial_result() {
    let mock = MockUpstream::start().await;
    let chat = ChatSettings { monthly_budget: Some(100_000_000), ..ChatSettings::default() };
    let local = start(mock.openai_router(), chat, OrchestrationSettings::default()).await;
    let started = Instant::now();
    let (status, _, problem) = orchestrate(
        &local,
        json!({ "query": "Which value is low? [mock:slow]", "documents": [lab_note()], "timeoutMs": 400 }),
    )
    .await;
    let took = started.elapsed();
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{problem}");
    assert_eq!(problem["code"], "deadline_exceeded");
    // The provider takes 3 s; the answer came at the deadline, not after the provider.
    assert!(took < Duration::from_millis(2_500), "answered after {took:?}");
    let partial = &problem["partial"];
    let steps: Vec<(&str, &str)> = partial["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| Some((s["step"].as_str()?, s["status"].as_str()?)))
        .collect();
    assert_eq!(steps, [("optimize", "completed"), ("classify", "completed"), ("answer", "interrupted")]);
    assert!(partial["context"]["optimizedTokens"].as_u64().is_some_and(|t| t > 0), "the optimized context is kept");
    assert!(partial.get("answer").is_none());
    // Nothing was recorded for the abandoned answer, and its budget reservation was released.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let list = get_json(&local.url("/api/chatbot/conversations"), KEY).await;
    assert_eq!(list["conversations"], json!([]));
    assert_eq!(list["spend"]["remaining"], json!(1.0), "{list}");
}

/// The optimize step is synchronous work; the deadline stops it too (it runs on the blocking
/// pool and gives up at the deadline) instead of letting it finish and report "completed".
#[tokio::test]
async fn the_deadline_stops_the_optimize_step_too() {
    let local = start(offline(), ChatSettings::default(), OrchestrationSettings::default()).await;
    let paragraph = "It is worth noting that the patient denies chest pain. Potassium 3.1 mmol/L L (3.5-5.1). ";
    let document = json!({ "content": paragraph.repeat(1_200), "contentType": "MEDICAL_REPORT" });
    let (status, _, problem) =
        orchestrate(&local, json!({ "query": "Which value is low?", "documents": [document], "timeoutMs": 1 })).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT, "{problem}");
    assert_eq!(problem["code"], "deadline_exceeded");
    let steps: Vec<(&str, &str)> = problem["partial"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| Some((s["step"].as_str()?, s["status"].as_str()?)))
        .collect();
    assert_eq!(steps, [("optimize", "interrupted")], "{problem}");
}

#[tokio::test]
async fn a_stream_beats_while_waiting_and_ends_with_exactly_one_error_carrying_the_partial() {
    let mock = MockUpstream::start().await;
    let settings = OrchestrationSettings { heartbeat: Duration::from_millis(100), ..OrchestrationSettings::default() };
    let local = start(mock.openai_router(), ChatSettings::default(), settings).await;
    let run = events(&local, json!({ "query": "Low? [mock:slow]", "documents": [lab_note()], "timeoutMs": 700 })).await;
    let all: Vec<&str> = run.iter().map(|(e, _)| e.as_str()).collect();
    assert!(all.iter().filter(|e| **e == "heartbeat").count() >= 3, "{all:?}");
    assert_eq!(
        names(&run),
        ["step_started", "step_finished", "step_started", "step_finished", "step_started", "step_finished", "error"]
    );
    let (_, error) = run.last().expect("final");
    assert_eq!(error["code"], "deadline_exceeded");
    assert_eq!(error["partial"]["steps"][2]["status"], "interrupted");
    let last_step = run.iter().rev().find(|(e, _)| e == "step_finished").map(|(_, d)| d.clone()).expect("a step");
    assert_eq!((last_step["step"].as_str(), last_step["status"].as_str()), (Some("answer"), Some("interrupted")));
}

#[tokio::test]
async fn a_client_that_leaves_mid_stream_stops_the_model_call() {
    let mock = MockUpstream::start().await;
    let chat = ChatSettings { monthly_budget: Some(100_000_000), ..ChatSettings::default() };
    let settings = OrchestrationSettings { heartbeat: Duration::from_millis(50), ..OrchestrationSettings::default() };
    let local = start(mock.openai_router(), chat, settings).await;
    let mut resp = reqwest::Client::new()
        .post(local.url("/api/orchestrate"))
        .bearer_auth(KEY)
        .header("accept", "text/event-stream")
        .json(&json!({ "query": "Low? [mock:slow]", "documents": [lab_note()] }))
        .send()
        .await
        .expect("response");
    let mut seen = String::new();
    while !seen.contains("\"step\":\"answer\"") {
        let chunk = resp.chunk().await.expect("chunk").expect("the stream is open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    // The model call is running (budget reserved); the client goes away.
    let list = get_json(&local.url("/api/chatbot/conversations"), KEY).await;
    assert!(list["spend"]["remaining"].as_f64().is_some_and(|r| r < 1.0), "a reservation is held: {list}");
    drop(resp);
    // The run stops: the reservation comes back long before the provider would have answered
    // (3 s), and no answer is ever recorded.
    let mut remaining = Value::Null;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        remaining = get_json(&local.url("/api/chatbot/conversations"), KEY).await["spend"]["remaining"].clone();
        if remaining == json!(1.0) {
            break;
        }
    }
    assert_eq!(remaining, json!(1.0), "the abandoned call's reservation was released");
    tokio::time::sleep(Duration::from_millis(3_200)).await;
    let list = get_json(&local.url("/api/chatbot/conversations"), KEY).await;
    assert_eq!((list["conversations"].clone(), list["spend"]["calls"].clone()), (json!([]), json!(0)), "{list}");
}

#[tokio::test]
async fn bad_input_is_a_400_naming_each_field() {
    let local = start(offline(), ChatSettings::default(), OrchestrationSettings::default()).await;
    for (body, fields) in [
        (json!({ "query": " " }), vec!["query"]),
        (json!({ "query": "Low?", "timeoutMs": 0 }), vec!["timeoutMs"]),
        (json!({ "query": "Low?", "timeoutMs": 9001 }), vec!["timeoutMs"]),
        (json!({ "query": "Low?", "timeoutMs": 1.5 }), vec!["timeoutMs"]),
        (
            json!({ "query": "Low?", "documents": [{ "content": "" }], "model": "gpt-4o-audio-preview" }),
            vec!["documents[0].content", "model"],
        ),
        (json!({ "query": "Low?", "strategy": "EXTREME" }), vec!["strategy"]),
    ] {
        let (status, _, problem) = orchestrate(&local, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {problem}");
        let named: Vec<&str> =
            problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(named, fields, "{body}");
    }
}
