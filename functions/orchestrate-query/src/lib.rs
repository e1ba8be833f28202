//! `POST /api/orchestrate`: one query (and its documents) optimized, classified, then answered by
//! the chatbot or queued as an analysis task, all under one hard deadline
//! (`shared::app::orchestration`). JSON (200 answered, 202 queued, 504 with the partial result), or with
//! `Accept: text/event-stream` the steps as Server-Sent Events, ending with `result` or `error`.

use std::sync::Arc;

use shared::app::orchestration::api::OrchestrateRequest;
use shared::app::orchestration::Orchestrator;
use shared::http::orchestration::{respond_json, respond_stream};
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(orchestrator: Arc<Orchestrator>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let plan = orchestrator.prepare(tenant, request.json::<OrchestrateRequest>()?)?;
    let wants_stream = request.header("accept").is_some_and(|a| a.contains("text/event-stream"));
    if wants_stream {
        Ok(respond_stream(orchestrator, plan, request.request_id.clone()))
    } else {
        Ok(respond_json(&orchestrator, plan, &request.request_id).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_orchestrator, serve_fixture, serve_fixture_response};

    #[tokio::test]
    async fn a_simple_question_is_answered_with_its_steps() {
        let (orchestrator, queue) = fixture_orchestrator().await;
        let (status, body) =
            serve_fixture("events/orchestrate-query/simple.json", Access::Tenant, |r| handle(orchestrator, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["route"], "ANSWER");
        let steps: Vec<&str> =
            body["steps"].as_array().expect("steps").iter().filter_map(|s| s["step"].as_str()).collect();
        assert_eq!(steps, ["optimize", "classify", "answer"]);
        assert!(body["answer"]["content"].as_str().is_some_and(|c| c.contains("offline provider")));
        assert!(body["context"]["optimizedTokens"].as_u64() <= body["context"]["originalTokens"].as_u64());
        assert!(queue.sent().is_empty());
    }

    #[tokio::test]
    async fn a_deep_analysis_is_queued_with_its_location() {
        let (orchestrator, queue) = fixture_orchestrator().await;
        let response = serve_fixture_response("events/orchestrate-query/deep-analysis.json", Access::Tenant, |r| {
            handle(orchestrator, r)
        })
        .await;
        assert_eq!(response.status, StatusCode::ACCEPTED);
        let body: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON");
        assert_eq!(body["route"], "QUEUE");
        assert!(body["classification"]["reasons"][0].as_str().is_some_and(|r| r.contains("trend")), "{body}");
        let sent = queue.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(response.headers["location"], format!("/api/analysis-queue/{}", sent[0].task_id));
        assert_eq!(
            (body["task"]["priority"].as_str(), body["task"]["status"].as_str()),
            (Some("HIGH"), Some("PENDING"))
        );
    }

    #[tokio::test]
    async fn a_streamed_run_sends_each_step_then_one_result() {
        let (orchestrator, _) = fixture_orchestrator().await;
        let response = serve_fixture_response("events/orchestrate-query/streamed.json", Access::Tenant, |r| {
            handle(orchestrator, r)
        })
        .await;
        assert_eq!(response.content_type(), Some("text/event-stream"));
        let body = String::from_utf8(response.buffered().await.body.to_vec()).expect("utf-8");
        let events: Vec<&str> =
            body.lines().filter_map(|l| l.strip_prefix("event: ")).filter(|e| *e != "heartbeat").collect();
        assert_eq!(
            events,
            [
                "step_started",
                "step_finished",
                "step_started",
                "step_finished",
                "step_started",
                "step_finished",
                "result"
            ]
        );
    }

    #[tokio::test]
    async fn bad_input_names_every_field() {
        let (orchestrator, _) = fixture_orchestrator().await;
        let (status, body) =
            serve_fixture("events/orchestrate-query/invalid.json", Access::Tenant, |r| handle(orchestrator, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let fields: Vec<&str> =
            body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["query", "documents[0].content", "timeoutMs"]);
    }
}
