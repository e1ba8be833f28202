//! What the simulated clouds' pool machines serve in `local`: OpenAI's chat completions on a
//! loopback port each, behind the machine's secret, answered by the offline provider. The
//! worker reaches them over HTTP exactly as it reaches a rented machine's vLLM server.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use bytes::Bytes;
use serde_json::{json, Value};
use shared::adapters::offline_llm::OfflineLlm;
use shared::adapters::simulated_cloud::{MachineServers, ServingMachine};
use shared::domain::instances::ServerKey;
use shared::domain::llm::{ChatMessage, LlmRequest, Role};
use shared::ports::LlmProvider;

pub struct LoopbackServers;

impl MachineServers for LoopbackServers {
    fn start(&self, key: &ServerKey) -> Result<ServingMachine, String> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("machine server: {e}"))?;
        listener.set_nonblocking(true).map_err(|e| format!("machine server: {e}"))?;
        let port = listener.local_addr().map_err(|e| format!("machine server: {e}"))?.port();
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| format!("machine server: {e}"))?;
        let router = axum::Router::new()
            .route("/health", get(|| async { StatusCode::OK }))
            .route("/v1/chat/completions", post(complete))
            .with_state(Arc::new(key.clone()));
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::warn!(error = %e, "a simulated machine's server stopped");
            }
        });
        Ok(ServingMachine { url: format!("http://127.0.0.1:{port}/v1"), stop: task.abort_handle() })
    }
}

fn json_response(status: StatusCode, body: &Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(header::CONTENT_TYPE, header::HeaderValue::from_static("application/json"));
    response
}

async fn complete(State(key): State<Arc<ServerKey>>, headers: HeaderMap, body: Bytes) -> Response {
    let expected = format!("Bearer {}", key.0);
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return json_response(StatusCode::UNAUTHORIZED, &json!({ "error": { "message": "invalid API key" } }));
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return json_response(StatusCode::BAD_REQUEST, &json!({ "error": { "message": "the body is not JSON" } }));
    };
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    let messages = body["messages"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|m| ChatMessage {
                    role: match m["role"].as_str() {
                        Some("system") => Role::System,
                        Some("assistant") => Role::Assistant,
                        _ => Role::User,
                    },
                    content: m["content"].as_str().unwrap_or_default().to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let max_output_tokens = body["max_tokens"].as_u64().map_or(1_024, |n| n.min(u64::from(u32::MAX)) as u32);
    let request = LlmRequest { model: model.clone(), messages, max_output_tokens, temperature: None };
    match OfflineLlm.complete(&request).await {
        Ok(reply) => json_response(
            StatusCode::OK,
            &json!({
                "id": "chatcmpl-simulated",
                "object": "chat.completion",
                "created": 0,
                "model": model,
                "choices": [{ "index": 0, "message": { "role": "assistant", "content": reply.text }, "finish_reason": "stop" }],
                "usage": {
                    "prompt_tokens": reply.input_tokens,
                    "completion_tokens": reply.output_tokens,
                    "total_tokens": reply.input_tokens + reply.output_tokens,
                },
            }),
        ),
        Err(e) => json_response(StatusCode::INTERNAL_SERVER_ERROR, &json!({ "error": { "message": e.to_string() } })),
    }
}
