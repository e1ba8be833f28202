//! Anthropic Claude through its native Messages API (feature `anthropic`): `POST /v1/messages`,
//! non-streaming and streaming (`message_start`, `content_block_delta`, `message_delta`,
//! `message_stop`, `error` events).
//!
//! Usage: Anthropic reports `input_tokens` without the prompt-cache reads and writes
//! (`cache_read_input_tokens`, `cache_creation_input_tokens`); the reply's `input_tokens` is their
//! sum, with the cache reads as `cached_tokens`. Cache writes are counted as ordinary input (they
//! cost 1.25× on Anthropic's price list: a documented under-estimate).

use std::time::Duration;

use async_trait::async_trait;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};

use super::sse::SseReader;
use super::upstream;
use crate::domain::llm::{LlmReply, LlmRequest, Role};
use crate::ports::{LlmError, LlmProvider, LlmStream, StreamPart};

pub const API_VERSION: &str = "2023-06-01";
const NAME: &str = "anthropic";

pub struct AnthropicProvider {
    http: reqwest::Client,
    base_url: String,
    api_key: String,
}

impl AnthropicProvider {
    /// `idle_timeout`: the longest wait for the next bytes of an answer.
    pub fn new(base_url: &str, api_key: String, idle_timeout: Duration) -> Result<Self, String> {
        let http = super::https::provider_client(idle_timeout).map_err(|e| format!("anthropic HTTP client: {e}"))?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned(), api_key })
    }

    fn body(request: &LlmRequest, stream: bool) -> Value {
        let system: Vec<&str> =
            request.messages.iter().filter(|m| m.role == Role::System).map(|m| m.content.as_str()).collect();
        let messages: Vec<Value> = request
            .messages
            .iter()
            .filter(|m| m.role != Role::System)
            .map(|m| json!({ "role": if m.role == Role::Assistant { "assistant" } else { "user" }, "content": m.content }))
            .collect();
        let mut body = json!({
            "model": request.model,
            "max_tokens": request.max_output_tokens,
            "messages": messages,
            "stream": stream,
        });
        if !system.is_empty() {
            body["system"] = json!(system.join("\n\n"));
        }
        if let Some(t) = request.temperature {
            body["temperature"] = json!(t);
        }
        body
    }

    async fn send(&self, request: &LlmRequest, stream: bool) -> Result<reqwest::Response, LlmError> {
        let response = self
            .http
            .post(format!("{}/v1/messages", self.base_url))
            .header("x-api-key", &self.api_key)
            .header("anthropic-version", API_VERSION)
            .json(&Self::body(request, stream))
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        // What Anthropic said is for the log: it may echo the request.
        let detail = response.json::<ErrorBody>().await.map(|b| b.error.message).unwrap_or_default();
        tracing::warn!(provider = NAME, status = status.as_u16(), detail, "model provider refused the call");
        Err(status_error(status.as_u16()))
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    message: String,
}

#[derive(Deserialize, Default, Clone, Copy)]
struct Usage {
    #[serde(default)]
    input_tokens: u64,
    #[serde(default)]
    output_tokens: u64,
    #[serde(default)]
    cache_read_input_tokens: Option<u64>,
    #[serde(default)]
    cache_creation_input_tokens: Option<u64>,
}

impl Usage {
    fn reply(self, text: String, model: String) -> LlmReply {
        let cached = self.cache_read_input_tokens.unwrap_or(0);
        LlmReply {
            text,
            provider: NAME.to_owned(),
            model,
            input_tokens: self.input_tokens + cached + self.cache_creation_input_tokens.unwrap_or(0),
            output_tokens: self.output_tokens,
            cached_tokens: cached,
        }
    }
}

#[derive(Deserialize)]
struct Message {
    model: String,
    content: Vec<Block>,
    usage: Usage,
}

#[derive(Deserialize)]
struct Block {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: String,
}

/// 429 and 529 (overloaded) and 5xx are worth another try; 408 and 504 are timeouts; the rest
/// (bad request, bad key, unknown model) are not.
fn status_error(status: u16) -> LlmError {
    let message = upstream::answered(NAME, status);
    match status {
        408 | 504 => LlmError::Timeout(message),
        429 | 529 | 500..=599 => LlmError::Transient(message),
        _ => LlmError::Permanent(message),
    }
}

/// The client-safe error for a failed exchange (see `upstream`); the cause, with the URL, goes to
/// the log here.
fn transport_error(err: reqwest::Error) -> LlmError {
    tracing::warn!(provider = NAME, error = %err, "model provider call failed");
    let message = upstream::unreachable(NAME, &err);
    if err.is_timeout() {
        LlmError::Timeout(message)
    } else {
        LlmError::Transient(message)
    }
}

fn malformed(err: &dyn std::fmt::Display) -> LlmError {
    tracing::warn!(provider = NAME, error = %err, "model provider sent a malformed reply");
    LlmError::Transient(upstream::malformed(NAME))
}

/// The error types Anthropic documents for its `error` events: a client may be told which one
/// it was, never the event's message.
const ERROR_TYPES: &[&str] = &[
    "invalid_request_error",
    "authentication_error",
    "permission_error",
    "not_found_error",
    "request_too_large",
    "rate_limit_error",
    "api_error",
    "overloaded_error",
    "timeout_error",
    "billing_error",
];

#[async_trait]
impl LlmProvider for AnthropicProvider {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError> {
        let response = self.send(request, false).await?;
        let message: Message = response.json().await.map_err(|e| malformed(&e))?;
        let text: String = message.content.iter().filter(|b| b.kind == "text").map(|b| b.text.as_str()).collect();
        Ok(message.usage.reply(text, message.model))
    }

    async fn stream(&self, request: &LlmRequest) -> Result<LlmStream, LlmError> {
        let response = self.send(request, true).await?;
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let fallback_model = request.model.clone();
        tokio::spawn(async move {
            let outcome = relay(response, &tx, fallback_model).await;
            let _ = tx.send(outcome.map(StreamPart::Done)).await;
        });
        Ok(rx)
    }
}

/// Forwards text deltas as they arrive; returns the whole answer at `message_stop`, or the error
/// that cut it short.
async fn relay(
    response: reqwest::Response,
    tx: &tokio::sync::mpsc::Sender<Result<StreamPart, LlmError>>,
    mut model: String,
) -> Result<LlmReply, LlmError> {
    let mut bytes = response.bytes_stream();
    let mut reader = SseReader::default();
    let (mut text, mut usage) = (String::new(), Usage::default());
    let mut pending = Vec::new();
    while let Some(chunk) = bytes.next().await {
        let chunk = chunk.map_err(|e| {
            tracing::warn!(provider = NAME, error = %e, "model provider stream broke");
            if e.is_timeout() {
                LlmError::Timeout(format!("{NAME} stopped sending mid-answer"))
            } else {
                LlmError::Transient(format!("{NAME} broke the stream mid-answer"))
            }
        })?;
        pending.extend_from_slice(&chunk);
        // Decode only complete UTF-8; a character split across chunks waits for its rest.
        let valid = match std::str::from_utf8(&pending) {
            Ok(s) => s.len(),
            Err(e) => e.valid_up_to(),
        };
        let decoded = String::from_utf8_lossy(&pending[..valid]).into_owned();
        pending.drain(..valid);
        for event in reader.push(&decoded) {
            let data: Value = serde_json::from_str(&event.data).unwrap_or(Value::Null);
            match event.event.as_deref().or(data["type"].as_str()) {
                Some("message_start") => {
                    if let Some(m) = data["message"]["model"].as_str() {
                        model = m.to_owned();
                    }
                    usage = serde_json::from_value(data["message"]["usage"].clone()).unwrap_or_default();
                }
                Some("content_block_delta") => {
                    if let Some(delta) = data["delta"]["text"].as_str() {
                        text.push_str(delta);
                        if tx.send(Ok(StreamPart::Delta(delta.to_owned()))).await.is_err() {
                            // The client went away: stop reading, which closes the upstream call.
                            return Err(LlmError::Transient("the stream's reader went away".to_owned()));
                        }
                    }
                }
                Some("message_delta") => {
                    if let Some(out) = data["usage"]["output_tokens"].as_u64() {
                        usage.output_tokens = out;
                    }
                }
                Some("message_stop") => return Ok(usage.reply(text, model)),
                Some("error") => {
                    tracing::warn!(provider = NAME, event = %event.data, "model provider sent an error event");
                    let kind = data["error"]["type"].as_str().filter(|k| ERROR_TYPES.contains(k)).unwrap_or("error");
                    return Err(LlmError::Transient(format!("{NAME} reported {kind} mid-answer")));
                }
                _ => {}
            }
        }
    }
    Err(LlmError::Transient(format!("{NAME} ended the stream before the answer was complete")))
}
