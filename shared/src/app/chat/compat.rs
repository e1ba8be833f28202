//! The OpenAI-compatible surface: `POST /v1/chat/completions` and `GET /v1/models` in OpenAI's
//! wire format, so that an OpenAI SDK pointed at the product (base URL `…/v1`, the product's API
//! key) works unchanged, with the product's providers, limits and cost tracking behind it.
//!
//! Accepted: `model`, `messages` (roles `system`, `developer`, `user`, `assistant`; content as a
//! string or text parts), `max_tokens` / `max_completion_tokens`, `temperature`, `stream`,
//! `stream_options.include_usage`, `n` = 1. Other sampling options are accepted and not applied
//! (not every provider has them); tools, images and audio are refused with a 400 naming the field.
//! Every answer's usage also carries `cost_usd`, an extension field the SDKs keep. The streamed
//! chunks and the SDK-readable problem are `http::chat_compat`'s.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{temperature, whole_tokens, CallInput, Outcome};
use crate::app::{AppError, FieldError};
use crate::domain::chat::to_usd;
use crate::domain::llm::{ChatMessage, Role};
use crate::pricing::PriceTable;

/// `POST /v1/chat/completions`, as OpenAI defines it (the subset the product applies).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChatCompletionRequest {
    #[schema(pattern = "^(gpt-|o1|o3|o4|chatgpt-|claude|llama|meta-llama/)")]
    pub model: String,
    #[schema(min_items = 1)]
    pub messages: Vec<CompatMessage>,
    #[serde(default)]
    pub stream: Option<bool>,
    #[serde(default)]
    pub stream_options: Option<StreamOptions>,
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 16384)]
    pub max_tokens: Option<f64>,
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 16384)]
    pub max_completion_tokens: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 2)]
    pub temperature: Option<f64>,
    /// Only 1.
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 1)]
    pub n: Option<f64>,
    /// Refused: the product does not run tools.
    #[serde(default)]
    #[schema(value_type = Option<Vec<Object>>)]
    pub tools: Option<Value>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StreamOptions {
    #[serde(default)]
    pub include_usage: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CompatMessage {
    /// `system`, `developer`, `user` or `assistant`.
    pub role: String,
    /// A string, or a list of `{"type": "text", "text": …}` parts.
    #[schema(value_type = Object)]
    pub content: Value,
}

/// How a completion is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// One `chat.completion` object.
    Whole,
    /// `chat.completion.chunk`s, with a usage chunk at the end when `include_usage`.
    Streamed { include_usage: bool },
}

/// A checked completion request: the call, and how to answer it.
pub struct Completion {
    pub input: CallInput,
    pub delivery: Delivery,
}

/// Checks a request; every offending field is named, by its OpenAI path.
pub fn to_input(request: ChatCompletionRequest, default_max_tokens: u32) -> Result<Completion, AppError> {
    let mut errors = Vec::new();
    if request.messages.is_empty() {
        errors.push(FieldError::new("messages", "must hold at least one message"));
    }
    let mut messages = Vec::with_capacity(request.messages.len());
    for (i, m) in request.messages.into_iter().enumerate() {
        let role = match m.role.as_str() {
            "system" | "developer" => Some(Role::System),
            "user" => Some(Role::User),
            "assistant" => Some(Role::Assistant),
            _ => {
                errors.push(FieldError::new(
                    format!("messages[{i}].role"),
                    "must be system, developer, user or assistant (tool messages are not supported)",
                ));
                None
            }
        };
        let content = match &m.content {
            Value::String(text) => Some(text.clone()),
            Value::Array(parts) => {
                let before = errors.len();
                let texts: Vec<&str> =
                    parts.iter().enumerate().filter_map(|(j, p)| text_part(p, i, j, &mut errors)).collect();
                (errors.len() == before).then(|| texts.join("\n"))
            }
            _ => {
                errors.push(FieldError::new(
                    format!("messages[{i}].content"),
                    "must be a string or a list of text parts",
                ));
                None
            }
        };
        if let (Some(role), Some(content)) = (role, content) {
            messages.push(ChatMessage { role, content });
        }
    }
    if !messages.iter().any(|m| m.role == Role::User) && errors.is_empty() {
        errors.push(FieldError::new("messages", "must hold at least one user message"));
    }
    let max_tokens = [("max_completion_tokens", request.max_completion_tokens), ("max_tokens", request.max_tokens)]
        .into_iter()
        .find(|(_, v)| v.is_some())
        .map(|(field, v)| whole_tokens(v, field))
        .transpose()
        .map_err(|e| errors.push(e))
        .ok()
        .flatten()
        .flatten();
    let temperature = temperature(request.temperature).map_err(|e| errors.push(e)).ok().flatten();
    if request.n.is_some_and(|n| n != 1.0) {
        errors.push(FieldError::new("n", "only one choice (n = 1) is supported"));
    }
    if request.tools.as_ref().is_some_and(|t| !t.is_null()) {
        errors.push(FieldError::new("tools", "tools are not supported"));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let include_usage = request.stream_options.and_then(|o| o.include_usage).unwrap_or(false);
    let delivery = if request.stream.unwrap_or(false) { Delivery::Streamed { include_usage } } else { Delivery::Whole };
    let input =
        CallInput { model: request.model, messages, max_tokens: max_tokens.unwrap_or(default_max_tokens), temperature };
    Ok(Completion { input, delivery })
}

/// The text of one content part, or the error naming what is wrong with it by its own path
/// (`messages[1].content[0].text`).
fn text_part<'a>(part: &'a Value, i: usize, j: usize, errors: &mut Vec<FieldError>) -> Option<&'a str> {
    let at = format!("messages[{i}].content[{j}]");
    let Some(part) = part.as_object() else {
        errors.push(FieldError::new(at, "must be a text part: {\"type\": \"text\", \"text\": …}"));
        return None;
    };
    match part.get("type") {
        Some(Value::String(kind)) if kind == "text" => {}
        Some(Value::String(_)) => {
            errors.push(FieldError::new(format!("{at}.type"), "only text parts are supported"));
            return None;
        }
        _ => {
            errors.push(FieldError::new(format!("{at}.type"), "must be the string \"text\""));
            return None;
        }
    }
    match part.get("text") {
        Some(Value::String(text)) => Some(text),
        _ => {
            errors.push(FieldError::new(format!("{at}.text"), "must be a string"));
            None
        }
    }
}

/// `stop`, or `length` when the answer used every token it was allowed.
pub fn finish_reason(outcome: &Outcome, max_tokens: u32) -> &'static str {
    if outcome.reply.output_tokens >= u64::from(max_tokens) {
        "length"
    } else {
        "stop"
    }
}

pub fn usage(outcome: &Outcome) -> Value {
    let r = &outcome.reply;
    json!({
        "prompt_tokens": r.input_tokens,
        "completion_tokens": r.output_tokens,
        "total_tokens": r.input_tokens + r.output_tokens,
        "prompt_tokens_details": { "cached_tokens": r.cached_tokens },
        "cost_usd": to_usd(outcome.cost),
    })
}

pub fn seconds(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

/// A whole answer: a `chat.completion` object.
pub fn completion(outcome: &Outcome, max_tokens: u32) -> Value {
    json!({
        "id": format!("chatcmpl-{}", outcome.message_id),
        "object": "chat.completion",
        "created": seconds(outcome.created_at_ms),
        "model": outcome.reply.model,
        "provider": outcome.reply.provider,
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": outcome.reply.text },
            "logprobs": null,
            "finish_reason": finish_reason(outcome, max_tokens),
        }],
        "usage": usage(outcome),
    })
}

/// `GET /v1/models`: the models a call can use now (priced, and with a configured provider).
/// Offline, that includes the offline provider's own id, which every answer then carries: a
/// listed or answered id is always one a call accepts.
pub fn models(prices: &PriceTable, serves: impl Fn(&str) -> bool) -> Value {
    let data: Vec<Value> = prices
        .models()
        .iter()
        .filter(|p| serves(&p.model))
        .map(|p| {
            json!({
                "id": p.model,
                "object": "model",
                "created": 0,
                "owned_by": p.provider,
                "context_window": p.context_window,
                "pricing": { "input": p.input, "cached_input": p.cached_input, "output": p.output, "unit": "USD per 1M tokens", "checked": p.checked },
            })
        })
        .collect();
    json!({ "object": "list", "data": data })
}

/// The schema of `GET /v1/models`'s answer, for the contract.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ModelList {
    pub object: String,
    #[schema(value_type = Vec<Object>)]
    pub data: Vec<Value>,
}

/// The schema of a `chat.completion`, for the contract.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ChatCompletion {
    pub id: String,
    pub object: String,
    pub created: i64,
    pub model: String,
    #[schema(value_type = Vec<Object>)]
    pub choices: Vec<Value>,
    #[schema(value_type = Object)]
    pub usage: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(body: Value) -> Result<(CallInput, bool, bool), AppError> {
        let Completion { input, delivery } = to_input(serde_json::from_value(body).expect("shape"), 512)?;
        let (stream, include_usage) = match delivery {
            Delivery::Whole => (false, false),
            Delivery::Streamed { include_usage } => (true, include_usage),
        };
        Ok((input, stream, include_usage))
    }

    #[test]
    fn openai_shaped_requests_become_calls() {
        let (input, stream, usage) = request(json!({
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "developer", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Potassium?"}, {"type": "text", "text": "3.1 mmol/L"}]}
            ],
            "stream": true, "stream_options": {"include_usage": true}, "max_completion_tokens": 64, "top_p": 0.9
        }))
        .expect("valid");
        assert!(stream && usage);
        assert_eq!(input.max_tokens, 64);
        assert_eq!(input.messages[0].role, Role::System);
        assert_eq!(input.messages[1].content, "Potassium?\n3.1 mmol/L");
    }

    #[test]
    fn unsupported_parts_are_named() {
        let Err(AppError::Validation(errors)) = request(json!({
            "model": "gpt-4o",
            "messages": [{"role": "tool", "content": "x"}, {"role": "user", "content": [{"type": "image_url"}]}],
            "n": 2, "max_tokens": 0, "temperature": 3
        })) else {
            panic!("invalid");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["messages[0].role", "messages[1].content[0].type", "max_tokens", "temperature", "n"]);
    }
}
