//! OpenAI and every OpenAI-compatible server (vLLM, Ollama, a provisioned instance: how Llama
//! models are reached) through `async-openai` (feature `openai`), with the product's own request
//! and response shapes (its `byot` methods), so servers that add or omit fields still parse.
//!
//! Streams ask for usage (`stream_options.include_usage`), which OpenAI sends in a last chunk. A
//! compatible server that sends none gets its usage counted with the model family's tokenizer
//! (exact for OpenAI encodings, an approximation for Llama; see `tokenizer`).

use std::time::Duration;

use async_openai::config::OpenAIConfig;
use async_openai::error::OpenAIError;
use async_openai::Client;
use async_trait::async_trait;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{json, Value};

use super::upstream;
use crate::domain::llm::{LlmReply, LlmRequest, Role};
use crate::domain::optimizer::TokenCounter;
use crate::ports::{LlmError, LlmProvider, LlmStream, StreamPart};
use crate::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

/// GPU pool machines' model servers (vLLM, OpenAI-compatible), each behind its machine's secret,
/// called with the router's retries like every provider.
pub struct PoolServers {
    /// The longest wait for the next bytes of an answer.
    pub idle_timeout: Duration,
}

impl crate::app::gpu_pool::ModelServers for PoolServers {
    fn connect(&self, machine: &crate::app::gpu_pool::Machine) -> Result<std::sync::Arc<dyn LlmProvider>, String> {
        let provider =
            OpenAiProvider::new("llama", &machine.server_url, Some(machine.key.0.clone()), self.idle_timeout)?;
        Ok(std::sync::Arc::new(crate::llm::Router::only(std::sync::Arc::new(provider))))
    }
}

pub struct OpenAiProvider {
    client: Client<OpenAIConfig>,
    /// `openai`, or `llama` for an OpenAI-compatible server.
    name: &'static str,
}

impl OpenAiProvider {
    /// `idle_timeout`: the longest wait for the next bytes of an answer.
    pub fn new(
        name: &'static str,
        base_url: &str,
        api_key: Option<String>,
        idle_timeout: Duration,
    ) -> Result<Self, String> {
        let http = super::https::provider_client(idle_timeout).map_err(|e| format!("{name} HTTP client: {e}"))?;
        let mut config = OpenAIConfig::new().with_api_base(base_url.trim_end_matches('/'));
        if let Some(key) = api_key {
            config = config.with_api_key(key);
        }
        // The plain transport, without async-openai's own retry layer (3 retries on 429/5xx by
        // default): retries belong to `llm::Router`, which keeps them inside the caller's deadline.
        // `Client::build`, not `with_config`: that one builds a default HTTP client of its own
        // (its root certificates read for nothing) before `with_http_client` replaces it.
        let client =
            Client::build(http.clone(), config).with_http_service(async_openai::middleware::ReqwestService::new(http));
        Ok(Self { client, name })
    }

    fn body(&self, request: &LlmRequest, stream: bool) -> Value {
        let messages: Vec<Value> = request
            .messages
            .iter()
            .map(|m| {
                let role = match m.role {
                    Role::System => "system",
                    Role::User => "user",
                    Role::Assistant => "assistant",
                };
                json!({ "role": role, "content": m.content })
            })
            .collect();
        let mut body = json!({ "model": request.model, "messages": messages, "stream": stream });
        // OpenAI's reasoning models refuse `max_tokens`; older compatible servers only know it.
        let limit = if self.name == "openai" { "max_completion_tokens" } else { "max_tokens" };
        body[limit] = json!(request.max_output_tokens);
        if let Some(t) = request.temperature {
            body["temperature"] = json!(t);
        }
        if stream {
            body["stream_options"] = json!({ "include_usage": true });
        }
        body
    }

    /// The client-safe error for a failed call (see `upstream`); the cause, with the URL and
    /// whatever the server said, goes to the log here.
    fn error(&self, err: OpenAIError) -> LlmError {
        let name = self.name;
        tracing::warn!(provider = name, error = %err, "model provider call failed");
        match err {
            OpenAIError::ApiError(e) => {
                let status = e.status_code.as_u16();
                let message = upstream::answered(name, status);
                match status {
                    408 | 504 => LlmError::Timeout(message),
                    429 | 500..=599 => LlmError::Transient(message),
                    _ => LlmError::Permanent(message),
                }
            }
            OpenAIError::Reqwest(e) => transport(name, &e),
            OpenAIError::Boxed(e) => match e.downcast_ref::<reqwest::Error>() {
                Some(e) => transport(name, e),
                None => LlmError::Transient(format!("{name} could not be reached")),
            },
            OpenAIError::StreamError(e) if e.to_string().contains("timed out") => {
                LlmError::Timeout(format!("{name} stopped sending mid-answer"))
            }
            OpenAIError::StreamError(_) => LlmError::Transient(format!("{name} broke the stream mid-answer")),
            OpenAIError::JSONDeserialize(..) => LlmError::Transient(upstream::malformed(name)),
            _ => LlmError::Permanent(format!("{name} could not be called")),
        }
    }

    fn reply(&self, text: String, model: String, usage: Option<Usage>, request: &LlmRequest) -> LlmReply {
        let (input_tokens, output_tokens, cached_tokens) = match usage {
            Some(u) => (
                u.prompt_tokens,
                u.completion_tokens,
                u.prompt_tokens_details.and_then(|d| d.cached_tokens).unwrap_or(0),
            ),
            None => counted(request, &text),
        };
        LlmReply { text, provider: self.name.to_owned(), model, input_tokens, output_tokens, cached_tokens }
    }
}

/// A transport failure: a timeout may pass on another try, and so may a refused connection (a
/// server restarting).
fn transport(name: &str, err: &reqwest::Error) -> LlmError {
    let message = upstream::unreachable(name, err);
    if err.is_timeout() {
        LlmError::Timeout(message)
    } else {
        LlmError::Transient(message)
    }
}

/// Usage counted here when the server reported none.
fn counted(request: &LlmRequest, text: &str) -> (u64, u64, u64) {
    let tokenizer = ModelTokenizer::for_model(&request.model).or_else(|_| ModelTokenizer::for_model(DEFAULT_MODEL));
    match tokenizer {
        Ok(t) => {
            let counter = t.counter();
            let input = request.messages.iter().map(|m| counter.count(&m.content) as u64).sum();
            (input, counter.count(text) as u64, 0)
        }
        Err(_) => (0, 0, 0),
    }
}

#[derive(Deserialize, Clone, Copy)]
struct Usage {
    prompt_tokens: u64,
    completion_tokens: u64,
    #[serde(default)]
    prompt_tokens_details: Option<Details>,
}

#[derive(Deserialize, Clone, Copy)]
struct Details {
    #[serde(default)]
    cached_tokens: Option<u64>,
}

#[derive(Deserialize)]
struct Completion {
    #[serde(default)]
    model: Option<String>,
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct Choice {
    message: ChoiceMessage,
}

#[derive(Deserialize)]
struct ChoiceMessage {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    choices: Vec<ChunkChoice>,
    #[serde(default)]
    usage: Option<Usage>,
}

#[derive(Deserialize)]
struct ChunkChoice {
    #[serde(default)]
    delta: Delta,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Deserialize, Default)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
}

#[async_trait]
impl LlmProvider for OpenAiProvider {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError> {
        let completion: Completion =
            self.client.chat().create_byot(self.body(request, false)).await.map_err(|e| self.error(e))?;
        let text = completion.choices.into_iter().next().and_then(|c| c.message.content).unwrap_or_default();
        let model = completion.model.unwrap_or_else(|| request.model.clone());
        Ok(self.reply(text, model, completion.usage, request))
    }

    async fn stream(&self, request: &LlmRequest) -> Result<LlmStream, LlmError> {
        let mut chunks = self
            .client
            .chat()
            .create_stream_byot::<_, Chunk>(self.body(request, true))
            .await
            .map_err(|e| self.error(e))?;
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let this = OpenAiProvider { client: self.client.clone(), name: self.name };
        let request = request.clone();
        tokio::spawn(async move {
            let (mut text, mut model, mut usage, mut finished) = (String::new(), request.model.clone(), None, false);
            while let Some(item) = chunks.next().await {
                let chunk = match item {
                    Ok(chunk) => chunk,
                    Err(e) => {
                        let _ = tx.send(Err(this.error(e))).await;
                        return;
                    }
                };
                if let Some(m) = chunk.model {
                    model = m;
                }
                usage = chunk.usage.or(usage);
                for choice in chunk.choices {
                    finished |= choice.finish_reason.is_some();
                    if let Some(delta) = choice.delta.content.filter(|d| !d.is_empty()) {
                        text.push_str(&delta);
                        if tx.send(Ok(StreamPart::Delta(delta))).await.is_err() {
                            return; // the reader went away; dropping the stream closes the upstream call
                        }
                    }
                }
            }
            let end = if finished || usage.is_some() {
                Ok(StreamPart::Done(this.reply(text, model, usage, &request)))
            } else {
                Err(LlmError::Transient(format!("{} ended the stream before the answer was complete", this.name)))
            };
            let _ = tx.send(end).await;
        });
        Ok(rx)
    }
}
