//! The OpenAI-compatible surface's HTTP side: `/v1/chat/completions`' streamed chunks and the
//! problem document OpenAI SDKs can read (`app::chat::compat` checks requests and shapes whole
//! answers).

use serde_json::{json, Value};

use super::{ApiError, ApiResponse};
use crate::app::chat::compat::{finish_reason, seconds, usage};
use crate::app::chat::{ChatEvent, Outcome};

/// The streamed form: `chat.completion.chunk` objects, each one `data:` line.
pub struct ChunkWriter {
    pub id: String,
    pub model: String,
    pub created: i64,
    pub include_usage: bool,
    pub max_tokens: u32,
}

impl ChunkWriter {
    pub fn new(model: &str, now_ms: i64, include_usage: bool, max_tokens: u32) -> Self {
        Self {
            id: format!("chatcmpl-{}", crate::ids::new_id()),
            model: model.to_owned(),
            created: seconds(now_ms),
            include_usage,
            max_tokens,
        }
    }

    fn chunk(&self, choices: Value, extra: Option<(&str, Value)>) -> bytes::Bytes {
        let mut chunk = json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": choices,
        });
        if let Some((name, value)) = extra {
            chunk[name] = value;
        }
        bytes::Bytes::from(format!("data: {chunk}\n\n"))
    }

    /// The first chunk: the assistant's role, no text yet.
    pub fn start(&self) -> bytes::Bytes {
        self.chunk(
            json!([{ "index": 0, "delta": { "role": "assistant", "content": "" }, "finish_reason": null }]),
            None,
        )
    }

    pub fn delta(&self, text: &str) -> bytes::Bytes {
        self.chunk(json!([{ "index": 0, "delta": { "content": text }, "finish_reason": null }]), None)
    }

    /// The end: the finish reason, the usage chunk if asked for, then `[DONE]`. These name the
    /// model that answered (the fallback's, when the requested one failed).
    pub fn done(&mut self, outcome: &Outcome) -> bytes::Bytes {
        self.model.clone_from(&outcome.reply.model);
        let reason = finish_reason(outcome, self.max_tokens);
        let mut out = self.chunk(json!([{ "index": 0, "delta": {}, "finish_reason": reason }]), None).to_vec();
        if self.include_usage {
            out.extend_from_slice(&self.chunk(json!([]), Some(("usage", usage(outcome)))));
        }
        out.extend_from_slice(b"data: [DONE]\n\n");
        bytes::Bytes::from(out)
    }

    /// A stream that broke: an `error` object, as OpenAI sends one mid-stream (SDKs raise it),
    /// and no `[DONE]`, so no client takes the answer for complete.
    pub fn error(&self, error: &ApiError) -> bytes::Bytes {
        let body = json!({ "error": {
            "message": format!("the answer is incomplete: {error}"),
            "type": error.code(),
            "code": error.code(),
        }});
        bytes::Bytes::from(format!("data: {body}\n\n"))
    }
}

/// `/v1/chat/completions`' stream: OpenAI's chunks, then `[DONE]`, or an error object when the
/// answer broke.
pub fn completion_stream(mut writer: ChunkWriter, mut events: tokio::sync::mpsc::Receiver<ChatEvent>) -> ApiResponse {
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move {
        let _ = tx.send(writer.start()).await;
        while let Some(event) = events.recv().await {
            let chunk = match event {
                ChatEvent::Delta(text) => writer.delta(&text),
                ChatEvent::Done(outcome) => writer.done(&outcome),
                ChatEvent::Failed { error, .. } => writer.error(&error.into()),
            };
            let _ = tx.send(chunk).await;
        }
    });
    ApiResponse::event_stream(rx)
}

/// A problem response OpenAI SDKs read too: the problem document plus an `error` member in
/// OpenAI's shape, whose `message` the SDKs put in the exception they raise (with the problem
/// alone, a client would see only "Error code: 400").
pub fn problem_for_sdks(error: ApiError, request_id: &str) -> ApiResponse {
    let (message, param) = match &error {
        ApiError::Validation(errors) => (
            errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "),
            errors.first().map(|e| e.field.clone()),
        ),
        _ => (String::new(), None),
    };
    let code = error.code();
    let message = if message.is_empty() { error.detail() } else { message };
    let member = json!({ "message": message, "type": code, "param": param, "code": code });
    error.into_response_with(request_id, json!({ "error": member }))
}
