//! Mock LLM upstreams on 127.0.0.1 that speak the providers' real wire formats: OpenAI's
//! `POST /v1/chat/completions` (JSON, and SSE chunks ending in a usage chunk and `[DONE]`) and
//! Anthropic's `POST /v1/messages` (JSON, and the `message_start` … `message_stop` events).
//!
//! The requested model's suffix picks the behaviour, so one server serves every scenario: a
//! model without one of these suffixes (`gpt-4o`, `…-ok`) answers; `…-429-once` is throttled on its first call, then answers; `…-500` always
//! fails; `…-400` is a refused request; `…-cut` streams two deltas and drops the connection;
//! `…-slow` waits 3 s before answering; `…-nousage` streams without a usage chunk (as some
//! OpenAI-compatible servers do); `…-malformed` answers 200 with JSON of the wrong shape, whose
//! text starts with [`UPSTREAM_WORDS`]. Requests without the provider's auth header get a 401.
//! Every error body the mock sends says "mock …", so a test can tell when a provider's own words
//! reach a client.
//!
//! A priced model id cannot carry a suffix, so the last message may ask instead: `[mock:cut]`
//! in it behaves as the `-cut` suffix does (and so for every suffix). The last request body is
//! kept, so a test can check what was sent (the history, the model).

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

/// The answer every `…-ok` model gives, split in two deltas when streamed.
pub const ANSWER: [&str; 2] = ["Potassium 3.1 mmol/L ", "is low."];

/// How the text of a `…-malformed` answer starts: what an upstream said, never for a client.
pub const UPSTREAM_WORDS: &str = "upstream internals";

#[derive(Default)]
pub struct Calls(Mutex<HashMap<String, usize>>, Mutex<Option<Value>>);

impl Calls {
    /// The body of the last request received.
    pub fn last_request(&self) -> Option<Value> {
        self.1.lock().expect("lock").clone()
    }

    /// The model with the behaviour asked for: its own suffix, or `-<name>` for a `[mock:<name>]`
    /// in the last message.
    fn tagged(&self, body: &Value) -> String {
        *self.1.lock().expect("lock") = Some(body.clone());
        let model = body["model"].as_str().unwrap_or_default();
        let last =
            body["messages"].as_array().and_then(|m| m.last()).map(|m| m["content"].to_string()).unwrap_or_default();
        match last.split("[mock:").nth(1).and_then(|rest| rest.split(']').next()) {
            Some(name) => format!("{model}-{name}"),
            None => model.to_owned(),
        }
    }

    /// Calls so far for `model`.
    pub fn of(&self, model: &str) -> usize {
        self.0.lock().expect("lock").get(model).copied().unwrap_or(0)
    }

    fn count(&self, model: &str) -> usize {
        let mut calls = self.0.lock().expect("lock");
        let n = calls.entry(model.to_owned()).or_insert(0);
        *n += 1;
        *n
    }
}

pub struct MockUpstream {
    pub base_url: String,
    pub calls: Arc<Calls>,
}

impl MockUpstream {
    pub async fn start() -> Self {
        let calls = Arc::new(Calls::default());
        let app = Router::new()
            .route("/v1/chat/completions", post(openai))
            .route("/v1/messages", post(anthropic))
            .with_state(calls.clone());
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("bind a free port");
        let addr = listener.local_addr().expect("address");
        // As real providers' servers do: each streamed event leaves at once.
        let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { base_url: format!("http://{addr}"), calls }
    }

    /// The base URL an OpenAI client is given (`…/v1`).
    pub fn openai_base(&self) -> String {
        format!("{}/v1", self.base_url)
    }

    /// A router whose only provider is OpenAI on this mock, with the default retry policy.
    pub fn openai_router(&self) -> shared::llm::Router {
        let key = Some("mock-key-not-a-secret".to_owned());
        let openai =
            shared::adapters::openai::OpenAiProvider::new("openai", &self.openai_base(), key, Duration::from_secs(5))
                .expect("client");
        shared::llm::Router::new(Some(Arc::new(openai)), None, None, None, shared::llm::RetryPolicy::default())
    }
}

/// What a model's suffix asks for on this call, or the error status to answer with.
async fn scenario(calls: &Calls, model: &str) -> Result<(), StatusCode> {
    let n = calls.count(model);
    if model.ends_with("-429-once") && n == 1 {
        return Err(StatusCode::TOO_MANY_REQUESTS);
    }
    if model.ends_with("-500") {
        return Err(StatusCode::INTERNAL_SERVER_ERROR);
    }
    if model.ends_with("-400") {
        return Err(StatusCode::BAD_REQUEST);
    }
    if model.ends_with("-slow") {
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    Ok(())
}

fn json_response(status: StatusCode, body: Value) -> Response {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("response")
}

/// An SSE body, one event every few milliseconds; with `cut`, the connection drops after
/// `events` instead of ending cleanly.
fn sse(events: Vec<String>, cut: bool) -> Response {
    let mut items: Vec<Result<Bytes, std::io::Error>> = events.into_iter().map(|e| Ok(Bytes::from(e))).collect();
    if cut {
        items.push(Err(std::io::Error::other("connection dropped mid-answer")));
    }
    let stream = futures_util::stream::unfold(items.into_iter(), |mut rest| async move {
        tokio::time::sleep(Duration::from_millis(5)).await;
        rest.next().map(|item| (item, rest))
    });
    Response::builder().header("content-type", "text/event-stream").body(Body::from_stream(stream)).expect("response")
}

async fn openai(State(calls): State<Arc<Calls>>, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if !headers.get("authorization").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("Bearer ")) {
        return json_response(
            StatusCode::UNAUTHORIZED,
            json!({"error": {"message": "no key", "type": "invalid_request_error"}}),
        );
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    let tag = calls.tagged(&body);
    if let Err(status) = scenario(&calls, &tag).await {
        let kind = if status == StatusCode::TOO_MANY_REQUESTS { "rate_limit_error" } else { "server_error" };
        return json_response(
            status,
            json!({"error": {"message": format!("mock {status}"), "type": kind, "param": null, "code": null}}),
        );
    }
    if tag.ends_with("-malformed") {
        return json_response(
            StatusCode::OK,
            json!({"id": "chatcmpl-mock", "model": model, "choices": format!("{UPSTREAM_WORDS}: no choices")}),
        );
    }
    let usage = json!({"prompt_tokens": 42, "completion_tokens": 7, "total_tokens": 49, "prompt_tokens_details": {"cached_tokens": 10}});
    if body["stream"] != json!(true) {
        return json_response(
            StatusCode::OK,
            json!({
                "id": "chatcmpl-mock", "object": "chat.completion", "created": 1_795_399_200, "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER.concat()}, "finish_reason": "stop"}],
                "usage": usage
            }),
        );
    }
    let chunk = |delta: Value, finish: Value| {
        let c = json!({"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 1_795_399_200, "model": model,
                       "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]});
        format!("data: {c}\n\n")
    };
    let mut events = vec![chunk(json!({"role": "assistant", "content": ""}), Value::Null)];
    events.extend(ANSWER.iter().map(|part| chunk(json!({"content": part}), Value::Null)));
    let cut = tag.ends_with("-cut");
    if !cut {
        events.push(chunk(json!({}), json!("stop")));
        if !tag.ends_with("-nousage") && body["stream_options"]["include_usage"] == json!(true) {
            let last = json!({"id": "chatcmpl-mock", "object": "chat.completion.chunk", "created": 1_795_399_200,
                              "model": model, "choices": [], "usage": usage});
            events.push(format!("data: {last}\n\n"));
        }
        events.push("data: [DONE]\n\n".to_owned());
    }
    sse(events, cut)
}

async fn anthropic(State(calls): State<Arc<Calls>>, headers: HeaderMap, body: Bytes) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if headers.get("x-api-key").is_none() || headers.get("anthropic-version").is_none() {
        return json_response(
            StatusCode::UNAUTHORIZED,
            json!({"type": "error", "error": {"type": "authentication_error", "message": "no key"}}),
        );
    }
    let model = body["model"].as_str().unwrap_or_default().to_owned();
    let tag = calls.tagged(&body);
    if let Err(status) = scenario(&calls, &tag).await {
        let kind = if status == StatusCode::TOO_MANY_REQUESTS { "rate_limit_error" } else { "api_error" };
        return json_response(
            status,
            json!({"type": "error", "error": {"type": kind, "message": format!("mock {status}")}}),
        );
    }
    if tag.ends_with("-malformed") {
        return json_response(
            StatusCode::OK,
            json!({"id": "msg_mock", "type": "message", "model": model, "content": format!("{UPSTREAM_WORDS}: no blocks")}),
        );
    }
    let usage = json!({"input_tokens": 30, "output_tokens": 7, "cache_read_input_tokens": 12, "cache_creation_input_tokens": 0});
    if body["stream"] != json!(true) {
        return json_response(
            StatusCode::OK,
            json!({
                "id": "msg_mock", "type": "message", "role": "assistant", "model": model,
                "content": [{"type": "text", "text": ANSWER.concat()}],
                "stop_reason": "end_turn", "stop_sequence": null, "usage": usage
            }),
        );
    }
    let event = |name: &str, data: Value| format!("event: {name}\ndata: {data}\n\n");
    let mut events = vec![
        event(
            "message_start",
            json!({"type": "message_start", "message": {"id": "msg_mock", "type": "message",
            "role": "assistant", "model": model, "content": [], "stop_reason": null,
            "usage": {"input_tokens": 30, "output_tokens": 1, "cache_read_input_tokens": 12, "cache_creation_input_tokens": 0}}}),
        ),
        event(
            "content_block_start",
            json!({"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}),
        ),
        event("ping", json!({"type": "ping"})),
    ];
    events.extend(ANSWER.iter().map(|part| {
        event(
            "content_block_delta",
            json!({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": part}}),
        )
    }));
    let cut = tag.ends_with("-cut");
    if !cut {
        events.push(event("content_block_stop", json!({"type": "content_block_stop", "index": 0})));
        events.push(event(
            "message_delta",
            json!({"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 7}}),
        ));
        events.push(event("message_stop", json!({"type": "message_stop"})));
    }
    sse(events, cut)
}
