//! The chatbot's use cases (feature `tokenizer`): a message into a conversation, or an
//! OpenAI-style completion with the history in the request, answered whole or streamed, with its
//! exact cost recorded per message, per conversation and per tenant.
//!
//! One call goes: validate → resolve the model (it must have a price and a provider) → read the
//! conversation → keep the newest history that fits the model's context budget (real token
//! counts) → reserve the worst case against the tenant's monthly budget, if one is set → call the
//! model through the `Router` (retries, fallback, one deadline) → record the messages, the
//! conversation's totals and the tenant's spend in one write, which also settles the reservation.
//!
//! A stream is retried only until it starts. Once text has been sent, a broken upstream ends the
//! stream with an error event, and the partial answer is stored flagged `incomplete`, with usage
//! counted by our tokenizer (the provider reported none) so that its cost is still accounted for.
//! The model call is finished even when the client goes away: it is being paid for.

pub mod api;
pub mod compat;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::budget::{Budget, BudgetError, Reservation, MESSAGE_OVERHEAD_TOKENS};
use crate::config::EnvReader;
use crate::domain::chat::{
    self, history_to_send, spend_period, worst_case, ChatRecord, Conversation, ConversationWrite, CostUnits,
    StoredMessage, Usage,
};
use crate::domain::llm::{ChatMessage, LlmReply, LlmRequest, Role};
use crate::domain::optimizer::TokenCounter;
use crate::domain::tenant::TenantId;
use crate::http::{ApiError, FieldError};
use crate::ids::{is_id, new_id};
use crate::llm::{Family, Router};
use crate::optimizer_service::OptimizeRequest;
use crate::ports::{Clock, ConversationStore, LlmError, LlmProvider, StoreError, StreamPart};
use crate::pricing::PriceTable;
use crate::tokenizer::ModelTokenizer;
use api::{ChatReplyView, OptimizationView, ProviderName, SendMessageRequest};

/// Largest message accepted, in bytes: with its answer it must fit one 400 KB DynamoDB item.
pub const MAX_MESSAGE_BYTES: usize = 200_000;
/// Largest `maxTokens` a request may ask for.
pub const MAX_OUTPUT_TOKENS: u32 = 16_384;

/// The chatbot's settings, read once per cold start.
#[derive(Clone, Debug)]
pub struct ChatSettings {
    /// Used when a request names neither a model nor a provider.
    pub default_model: String,
    /// Each provider's model when a request names only the provider.
    pub openai_model: String,
    pub anthropic_model: String,
    pub llama_model: String,
    /// `maxTokens` when a request does not say.
    pub max_tokens: u32,
    /// Most history tokens sent with a message (also bounded by the model's context window).
    pub history_tokens: usize,
    /// Most earlier messages read to choose the history from.
    pub history_messages: usize,
    /// Until the answer (or, streamed, its first part) must have come, retries and fallback
    /// included.
    pub deadline: Duration,
    /// When set, a streamed answer ends there, cut, with its error event (a function whose
    /// transport has a time limit: API Gateway's buffered integration).
    pub stream_limit: Option<Duration>,
    /// Each tenant's monthly budget (USD units); `None`: no budget.
    pub monthly_budget: Option<CostUnits>,
    /// Sent first in every conversation; empty: none.
    pub system_prompt: String,
}

const DEFAULT_SYSTEM_PROMPT: &str = "You are a careful assistant for a team that analyses medical documents. \
Answer precisely and briefly, keep every number with its unit, and say so when the conversation does not contain \
the information asked for.";

impl Default for ChatSettings {
    fn default() -> Self {
        Self {
            default_model: "gpt-4o-mini".to_owned(),
            openai_model: "gpt-4o-mini".to_owned(),
            anthropic_model: "claude-haiku-4-5".to_owned(),
            llama_model: "llama3.1:8b".to_owned(),
            max_tokens: 1_024,
            history_tokens: 16_000,
            history_messages: 100,
            deadline: Duration::from_secs(9),
            stream_limit: None,
            monthly_budget: None,
            system_prompt: DEFAULT_SYSTEM_PROMPT.to_owned(),
        }
    }
}

impl ChatSettings {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `CHAT_DEFAULT_MODEL` | `gpt-4o-mini` | model when a request names none |
    /// | `CHAT_OPENAI_MODEL`, `CHAT_ANTHROPIC_MODEL`, `CHAT_LLAMA_MODEL` | `gpt-4o-mini`, `claude-haiku-4-5`, `llama3.1:8b` | model when a request names only the provider |
    /// | `CHAT_MAX_TOKENS` | 1024 | answer length when a request does not say |
    /// | `CHAT_HISTORY_TOKENS` | 16000 | most history tokens sent with a message |
    /// | `CHAT_DEADLINE_MS` | 9000 | until the answer, or a stream's first part |
    /// | `CHAT_STREAM_LIMIT_MS` | — | a streamed answer is cut there |
    /// | `CHAT_MONTHLY_BUDGET_USD` | — | each tenant's monthly spend limit; 402 beyond it |
    /// | `CHAT_SYSTEM_PROMPT` | a short instruction | sent first; empty for none |
    ///
    /// Every configured model must have a price: a missing one is a startup error.
    pub fn from_env(env: &mut EnvReader, prices: &PriceTable) -> Self {
        let d = Self::default();
        let model = |env: &mut EnvReader, name: &str, default: &str| {
            let model = env.optional(name).unwrap_or_else(|| default.to_owned());
            if let Err(e) = prices.require(&[&model]) {
                env.problem(format!("{name}: {e}"));
            }
            model
        };
        let default_model = model(env, "CHAT_DEFAULT_MODEL", &d.default_model);
        let openai_model = model(env, "CHAT_OPENAI_MODEL", &d.openai_model);
        let anthropic_model = model(env, "CHAT_ANTHROPIC_MODEL", &d.anthropic_model);
        let llama_model = model(env, "CHAT_LLAMA_MODEL", &d.llama_model);
        let max_tokens: u32 = env.parsed_or("CHAT_MAX_TOKENS", d.max_tokens);
        if !(1..=MAX_OUTPUT_TOKENS).contains(&max_tokens) {
            env.problem(format!("CHAT_MAX_TOKENS must be from 1 to {MAX_OUTPUT_TOKENS}"));
        }
        let history_tokens: usize = env.parsed_or("CHAT_HISTORY_TOKENS", d.history_tokens);
        let deadline_ms: u64 = env.parsed_or("CHAT_DEADLINE_MS", d.deadline.as_millis() as u64);
        if deadline_ms == 0 {
            env.problem("CHAT_DEADLINE_MS must be at least 1");
        }
        let stream_limit = env.optional("CHAT_STREAM_LIMIT_MS").and_then(|raw| match raw.parse::<u64>() {
            Ok(ms) if ms > 0 => Some(Duration::from_millis(ms)),
            _ => {
                env.problem(format!("CHAT_STREAM_LIMIT_MS={raw:?} is not a positive number of milliseconds"));
                None
            }
        });
        let monthly_budget = crate::budget::limit_from_env(env);
        let system_prompt = env.optional("CHAT_SYSTEM_PROMPT").unwrap_or(d.system_prompt);
        Self {
            default_model,
            openai_model,
            anthropic_model,
            llama_model,
            max_tokens,
            history_tokens,
            history_messages: d.history_messages,
            deadline: Duration::from_millis(deadline_ms.max(1)),
            stream_limit,
            monthly_budget,
            system_prompt,
        }
    }
}

pub struct ChatService {
    pub store: Arc<dyn ConversationStore>,
    pub llm: Arc<Router>,
    pub prices: Arc<PriceTable>,
    pub clock: Arc<dyn Clock>,
    pub settings: ChatSettings,
}

/// A validated, budgeted model call, ready to run.
pub struct Call {
    tenant: TenantId,
    request: LlmRequest,
    /// The provider named to the client when the call fails.
    provider: &'static str,
    /// Our count of the prompt: the usage of an answer whose provider reported none.
    prompt_tokens: u64,
    /// Settled by the call's record, released when it produced nothing.
    reservation: Reservation,
    /// Set for `/api/chatbot`; `/v1/chat/completions` keeps no history.
    conversation: Option<ConversationCall>,
}

struct ConversationCall {
    id: String,
    existing: Option<Conversation>,
    /// As the user wrote it (the model may have been sent an optimized version).
    message: String,
    history_messages: usize,
    optimization: Option<OptimizationView>,
}

impl Call {
    /// The conversation a `/api/chatbot` call answers in (new or existing).
    pub fn conversation_id(&self) -> Option<&str> {
        self.conversation.as_ref().map(|c| c.id.as_str())
    }

    pub fn max_tokens(&self) -> u32 {
        self.request.max_output_tokens
    }

    pub fn model(&self) -> &str {
        &self.request.model
    }
}

/// A finished call.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub reply: LlmReply,
    pub cost: CostUnits,
    pub incomplete: bool,
    pub message_id: String,
    pub created_at_ms: i64,
    pub conversation_id: Option<String>,
    pub history_messages: usize,
    pub optimization: Option<OptimizationView>,
}

impl Outcome {
    /// The `/api/chatbot` view (a conversation call always has its id).
    pub fn view(&self) -> ChatReplyView {
        ChatReplyView {
            conversation_id: self.conversation_id.clone().unwrap_or_default(),
            message_id: self.message_id.clone(),
            content: self.reply.text.clone(),
            provider: self.reply.provider.clone(),
            model: self.reply.model.clone(),
            usage: api::UsageView {
                prompt_tokens: self.reply.input_tokens,
                completion_tokens: self.reply.output_tokens,
                cached_tokens: self.reply.cached_tokens,
            },
            cost: chat::to_usd(self.cost),
            incomplete: self.incomplete,
            history_messages: self.history_messages,
            optimization: self.optimization.clone(),
            created_at: crate::clock::rfc3339(self.created_at_ms),
        }
    }
}

/// What a streamed call yields: text as it comes, then exactly one `Done` or `Failed`.
#[derive(Debug)]
pub enum ChatEvent {
    Delta(String),
    Done(Outcome),
    /// The answer is incomplete; `partial` is what was stored of it, when anything was.
    Failed {
        error: ApiError,
        partial: Option<Outcome>,
    },
}

/// A model call's inputs, as the two APIs give them.
pub struct CallInput {
    pub model: String,
    pub messages: Vec<ChatMessage>,
    pub max_tokens: u32,
    pub temperature: Option<f32>,
}

impl ChatService {
    /// The tenant budget every call is reserved against (the queue's worker shares it).
    pub fn budget(&self) -> Budget {
        Budget { store: self.store.clone(), clock: self.clock.clone(), limit: self.settings.monthly_budget }
    }

    fn tokenizer(&self, model: &str, field: &str) -> Result<ModelTokenizer, ApiError> {
        ModelTokenizer::for_model(counted_as(model)).map_err(|e| ApiError::validation(field, e.to_string()))
    }

    /// The model a request gets, checked to have a price and a provider.
    pub fn resolve_model(&self, model: Option<&str>, provider: Option<ProviderName>) -> Result<String, ApiError> {
        let model = match (model, provider) {
            (Some(model), _) => model.to_owned(),
            (None, Some(ProviderName::Openai)) => self.settings.openai_model.clone(),
            (None, Some(ProviderName::Anthropic)) => self.settings.anthropic_model.clone(),
            (None, Some(ProviderName::Llama)) => self.settings.llama_model.clone(),
            (None, None) => self.settings.default_model.clone(),
        };
        if let (Some(provider), Some(family)) = (provider, Family::of(&model)) {
            let matches = matches!(
                (provider, family),
                (ProviderName::Openai, Family::OpenAi)
                    | (ProviderName::Anthropic, Family::Anthropic)
                    | (ProviderName::Llama, Family::Llama)
            );
            if !matches {
                return Err(ApiError::validation("model", format!("{model} is not a model of the requested provider")));
            }
        }
        if self.prices.price(&model).is_none() {
            return Err(ApiError::validation(
                "model",
                format!(
                    "{} has no price, so its cost could not be tracked; GET /v1/models lists the models on offer",
                    short(&model)
                ),
            ));
        }
        self.llm.serves(&model).map_err(|e| ApiError::validation("model", e))?;
        Ok(model)
    }

    /// A `/api/chatbot` message, checked, with its history chosen and its budget reserved.
    pub async fn prepare_message(&self, tenant: &TenantId, body: SendMessageRequest) -> Result<Call, ApiError> {
        let mut errors = Vec::new();
        if body.message.trim().is_empty() {
            errors.push(FieldError::new("message", "must not be empty"));
        } else if body.message.len() > MAX_MESSAGE_BYTES {
            errors.push(FieldError::new("message", format!("must be at most {MAX_MESSAGE_BYTES} bytes")));
        }
        let max_tokens = match whole_tokens(body.max_tokens, "maxTokens") {
            Ok(t) => t.unwrap_or(self.settings.max_tokens),
            Err(e) => {
                errors.push(e);
                0
            }
        };
        let temperature = temperature(body.temperature).map_err(|e| errors.push(e)).ok().flatten();
        let model = self.resolve_model(body.model.as_deref(), body.provider);
        let model = match model {
            Ok(model) if errors.is_empty() => model,
            Ok(_) => return Err(ApiError::Validation(errors)),
            Err(ApiError::Validation(more)) => {
                errors.extend(more);
                return Err(ApiError::Validation(errors));
            }
            Err(other) => return Err(other),
        };
        let tokenizer = self.tokenizer(&model, "model")?;
        let counter = tokenizer.counter();

        let existing = match &body.conversation_id {
            Some(id) => Some(self.conversation(tenant, id).await?),
            None => None,
        };
        let conversation_id = existing.as_ref().map_or_else(new_id, |c| c.id.clone());

        let (sent, optimization) = match body.optimize_context {
            Some(strategy) => {
                let mut request = OptimizeRequest::for_text(body.message.clone(), counted_as(&model).to_owned());
                request.strategy = Some(strategy);
                let valid = request.validate("").map_err(ApiError::Validation)?;
                let (optimized, _) =
                    valid.run_blocking(Some(tokio::time::Instant::now() + self.settings.deadline)).await?;
                let view = OptimizationView {
                    strategy,
                    original_tokens: optimized.original_tokens,
                    optimized_tokens: optimized.optimized_tokens,
                    quality_score: optimized.quality_score,
                };
                (optimized.optimized_content, Some(view))
            }
            None => (body.message.clone(), None),
        };

        let window = self.prices.price(&model).map_or(0, |p| p.context_window) as usize;
        let system_tokens = if self.settings.system_prompt.is_empty() {
            0
        } else {
            counter.count(&self.settings.system_prompt) + MESSAGE_OVERHEAD_TOKENS
        };
        let message_tokens = counter.count(&sent) + MESSAGE_OVERHEAD_TOKENS;
        let needed = max_tokens as usize + system_tokens + message_tokens;
        if needed > window {
            return Err(ApiError::validation(
                "message",
                format!(
                    "is {message_tokens} tokens; {model} takes {window} tokens in all, and {max_tokens} are kept for the answer"
                ),
            ));
        }
        let history = match &existing {
            Some(c) => self
                .store
                .recent(tenant, &c.id, self.settings.history_messages)
                .await
                .map_err(|e| ApiError::unavailable("the conversation store", &e))?,
            None => Vec::new(),
        };
        let counted: Vec<(Role, usize)> =
            history.iter().map(|m| (m.role, counter.count(&m.content) + MESSAGE_OVERHEAD_TOKENS)).collect();
        let taken = history_to_send(&counted, (window - needed).min(self.settings.history_tokens));
        let history_tokens: usize = counted[..taken].iter().map(|(_, t)| t).sum();

        let mut messages = Vec::with_capacity(taken + 2);
        if !self.settings.system_prompt.is_empty() {
            messages.push(ChatMessage { role: Role::System, content: self.settings.system_prompt.clone() });
        }
        messages
            .extend(history[..taken].iter().rev().map(|m| ChatMessage { role: m.role, content: m.content.clone() }));
        messages.push(ChatMessage { role: Role::User, content: sent });

        let prompt_tokens = (system_tokens + history_tokens + message_tokens) as u64;
        let input = CallInput { model, messages, max_tokens, temperature };
        let mut call = self.budgeted(tenant, input, prompt_tokens).await?;
        call.conversation = Some(ConversationCall {
            id: conversation_id,
            existing,
            message: body.message,
            history_messages: taken,
            optimization,
        });
        Ok(call)
    }

    /// A `/v1/chat/completions` call: the client sends the whole history.
    pub async fn prepare_completion(&self, tenant: &TenantId, input: CallInput) -> Result<Call, ApiError> {
        let counter = self.tokenizer(&input.model, "model")?.counter();
        let prompt_tokens: usize =
            input.messages.iter().map(|m| counter.count(&m.content) + MESSAGE_OVERHEAD_TOKENS).sum();
        let window = self.prices.price(&input.model).map_or(0, |p| p.context_window) as usize;
        if prompt_tokens + input.max_tokens as usize > window {
            return Err(ApiError::validation(
                "messages",
                format!(
                    "are {prompt_tokens} tokens; {} takes {window} tokens in all, and {} are kept for the answer",
                    input.model, input.max_tokens
                ),
            ));
        }
        self.budgeted(tenant, input, prompt_tokens as u64).await
    }

    /// Reserves the call's worst case against the tenant's budget, if there is one.
    async fn budgeted(&self, tenant: &TenantId, input: CallInput, prompt_tokens: u64) -> Result<Call, ApiError> {
        let worst = match self.settings.monthly_budget {
            Some(_) => {
                let price =
                    self.prices.price(&input.model).ok_or_else(|| ApiError::validation("model", "has no price"))?;
                worst_case(prompt_tokens, u64::from(input.max_tokens), price.input, price.output)
            }
            None => 0,
        };
        let reservation = self.budget().reserve(tenant, worst).await.map_err(|e| match e {
            BudgetError::Exhausted { .. } => {
                ApiError::BudgetExhausted(format!("{e}; ask for fewer maxTokens, or wait for the next month"))
            }
            BudgetError::Store(e) => ApiError::unavailable("the spend store", &e),
        })?;
        Ok(Call {
            tenant: tenant.clone(),
            provider: self.llm.provider_name(&input.model),
            request: LlmRequest {
                model: input.model,
                messages: input.messages,
                max_output_tokens: input.max_tokens,
                temperature: input.temperature,
            },
            prompt_tokens,
            reservation,
            conversation: None,
        })
    }

    /// Runs the call to its end and records it.
    pub async fn run(&self, call: Call) -> Result<Outcome, ApiError> {
        self.run_within(call, self.settings.deadline).await
    }

    /// `run`, with the model call (retries and fallback included) bounded by `deadline` instead:
    /// what is left of a caller's own deadline.
    pub async fn run_within(&self, call: Call, deadline: Duration) -> Result<Outcome, ApiError> {
        match self.llm.with_deadline(deadline).complete(&call.request).await {
            Ok(reply) => self.finish(&call, reply, false).await,
            Err(err) => Err(self.abandon(&call, err).await),
        }
    }

    /// Starts the call and streams it. Errors before the first part are returned (a problem
    /// response); later ones end the stream with `ChatEvent::Failed`.
    pub async fn run_streaming(self: &Arc<Self>, call: Call) -> Result<mpsc::Receiver<ChatEvent>, ApiError> {
        let cut_at = self.settings.stream_limit.map(|limit| tokio::time::Instant::now() + limit);
        let mut upstream = match self.llm.with_deadline(self.settings.deadline).stream(&call.request).await {
            Ok(upstream) => upstream,
            Err(err) => return Err(self.abandon(&call, err).await),
        };
        let (tx, rx) = mpsc::channel(64);
        let service = self.clone();
        tokio::spawn(async move {
            let mut text = String::new();
            let ended = loop {
                let next = match cut_at {
                    Some(at) => tokio::time::timeout_at(at, upstream.recv()).await,
                    None => Ok(upstream.recv().await),
                };
                let Ok(next) = next else {
                    break Err(LlmError::Timeout("the answer was still running at the stream's time limit".to_owned()));
                };
                match next {
                    Some(Ok(StreamPart::Delta(delta))) => {
                        text.push_str(&delta);
                        // A client that went away stops receiving; the call still runs to its end.
                        let _ = tx.send(ChatEvent::Delta(delta)).await;
                    }
                    Some(Ok(StreamPart::Done(reply))) => break Ok(reply),
                    Some(Err(err)) => break Err(err),
                    None => break Err(LlmError::Transient("the answer stopped without its end".to_owned())),
                }
            };
            let event = match ended {
                Ok(reply) => match service.finish(&call, reply, false).await {
                    Ok(outcome) => ChatEvent::Done(outcome),
                    Err(error) => ChatEvent::Failed { error, partial: None },
                },
                Err(err) if text.is_empty() => {
                    ChatEvent::Failed { error: service.abandon(&call, err).await, partial: None }
                }
                Err(err) => {
                    let error = upstream_error(call.provider, err);
                    let partial = service.finish(&call, service.counted_reply(&call, text), true).await.ok();
                    ChatEvent::Failed { error, partial }
                }
            };
            let _ = tx.send(event).await;
        });
        Ok(rx)
    }

    /// A broken stream's answer so far, with usage from our own count.
    fn counted_reply(&self, call: &Call, text: String) -> LlmReply {
        let output_tokens =
            ModelTokenizer::for_model(counted_as(&call.request.model)).map_or(0, |t| t.counter().count(&text) as u64);
        LlmReply {
            text,
            provider: call.provider.to_owned(),
            model: call.request.model.clone(),
            input_tokens: call.prompt_tokens,
            output_tokens,
            cached_tokens: 0,
        }
    }

    /// A call that produced nothing: its reservation is released, its error mapped.
    async fn abandon(&self, call: &Call, err: LlmError) -> ApiError {
        call.reservation.release().await;
        upstream_error(call.provider, err)
    }

    /// Records an answer: its messages and the conversation's totals (when it has one) with the
    /// tenant's spend, in one write. A concurrent message in the same conversation moves this
    /// one's sequence numbers on; a conversation deleted meanwhile still has its spend recorded.
    async fn finish(&self, call: &Call, reply: LlmReply, incomplete: bool) -> Result<Outcome, ApiError> {
        let now = self.clock.now_ms();
        let cost = self.prices.cost_as_asked(&reply, &call.request.model).map_or(0, chat::to_units);
        let usage = Usage { prompt: reply.input_tokens, completion: reply.output_tokens, cached: reply.cached_tokens };
        let spend = call.reservation.spend(usage, cost);
        let message_id = new_id();
        let mut outcome = Outcome {
            reply,
            cost,
            incomplete,
            message_id: message_id.clone(),
            created_at_ms: now,
            conversation_id: None,
            history_messages: 0,
            optimization: None,
        };
        let Some(conv) = &call.conversation else {
            call.reservation.settle(usage, cost).await.map_err(|e| stored(&e))?;
            return Ok(outcome);
        };
        outcome.conversation_id = Some(conv.id.clone());
        outcome.history_messages = conv.history_messages;
        outcome.optimization = conv.optimization.clone();
        let mut current = conv.existing.clone();
        for _ in 0..5 {
            let before = current
                .clone()
                .unwrap_or_else(|| Conversation::start(call.tenant.clone(), conv.id.clone(), &conv.message, now));
            let question = StoredMessage {
                seq: before.last_seq + 1,
                id: new_id(),
                role: Role::User,
                content: conv.message.clone(),
                provider: None,
                model: None,
                usage: None,
                cost: None,
                incomplete: false,
                created_at_ms: now,
            };
            let answer = StoredMessage {
                seq: before.last_seq + 2,
                id: message_id.clone(),
                role: Role::Assistant,
                content: outcome.reply.text.clone(),
                provider: Some(outcome.reply.provider.clone()),
                model: Some(outcome.reply.model.clone()),
                usage: Some(usage),
                cost: Some(cost),
                incomplete,
                created_at_ms: now,
            };
            let messages = vec![question, answer];
            let write = ConversationWrite {
                after: before.with(&messages, now),
                expected_last_seq: current.as_ref().map(|c| c.last_seq),
                messages,
            };
            match self.store.record(&ChatRecord { spend: spend.clone(), conversation: Some(write) }).await {
                Ok(()) => {
                    call.reservation.mark_settled();
                    return Ok(outcome);
                }
                Err(StoreError::Conflict) => {
                    current = self.store.get(&call.tenant, &conv.id).await.map_err(|e| stored(&e))?;
                    if current.is_none() && conv.existing.is_some() {
                        call.reservation.settle(usage, cost).await.map_err(|e| stored(&e))?;
                        return Err(ApiError::NotFound(format!(
                            "conversation {} was deleted while the answer was written",
                            conv.id
                        )));
                    }
                }
                Err(e) => return Err(stored(&e)),
            }
        }
        Err(ApiError::Conflict(
            "the conversation kept changing while the answer was written; send the message again".to_owned(),
        ))
    }

    /// The tenant's conversation, or 404 (for an id that is not ours, too).
    pub async fn conversation(&self, tenant: &TenantId, id: &str) -> Result<Conversation, ApiError> {
        let found = if is_id(id) {
            self.store.get(tenant, id).await.map_err(|e| ApiError::unavailable("the conversation store", &e))?
        } else {
            None
        };
        found.ok_or_else(|| ApiError::NotFound(format!("no conversation {}", short(id))))
    }

    /// A conversation with a page of its messages, oldest first.
    pub async fn detail(&self, tenant: &TenantId, id: &str, query: &str) -> Result<api::ConversationView, ApiError> {
        let crate::http::PageQuery { limit, cursor, .. } =
            crate::http::page_query(query, |c| c.parse::<u64>().is_ok(), &[], |_, _| Ok(()))?;
        let conversation = self.conversation(tenant, id).await?;
        let after = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let mut messages = self
            .store
            .messages(tenant, id, after, limit + 1)
            .await
            .map_err(|e| ApiError::unavailable("the conversation store", &e))?;
        let more = messages.len() > limit;
        messages.truncate(limit);
        let next_cursor = if more { messages.last().map(|m| m.seq.to_string()) } else { None };
        Ok(api::ConversationView {
            summary: (&conversation).into(),
            messages: messages.into_iter().map(api::MessageView::from).collect(),
            next_cursor,
        })
    }

    /// The tenant's conversations, newest first, with its spend this month.
    pub async fn list(&self, tenant: &TenantId, query: &str) -> Result<api::ConversationListView, ApiError> {
        let crate::http::PageQuery { limit, cursor, .. } = crate::http::page_query(query, is_id, &[], |_, _| Ok(()))?;
        let unavailable = |e: StoreError| ApiError::unavailable("the conversation store", &e);
        let page = self.store.list(tenant, cursor.as_deref(), limit).await.map_err(unavailable)?;
        let period = spend_period(self.clock.now_ms());
        let spend = self.store.spend(tenant, &period).await.map_err(unavailable)?;
        Ok(api::ConversationListView {
            conversations: page.conversations.iter().map(api::ConversationSummaryView::from).collect(),
            next_cursor: page.next_after,
            spend: api::SpendView::new(period, &spend, self.settings.monthly_budget),
        })
    }

    /// Deletes a conversation and every message of it; 404 when there is none.
    pub async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), ApiError> {
        let deleted = if is_id(id) {
            self.store.delete(tenant, id).await.map_err(|e| ApiError::unavailable("the conversation store", &e))?
        } else {
            false
        };
        if deleted {
            Ok(())
        } else {
            Err(ApiError::NotFound(format!("no conversation {}", short(id))))
        }
    }
}

/// The model whose tokenizer counts `model`'s tokens: its own, except for the offline provider's
/// id, which every offline answer carries in its `model` field and a client may therefore send
/// back (the router accepts it only when offline): it is counted as the default model, as the
/// offline provider counts.
fn counted_as(model: &str) -> &str {
    if model == crate::adapters::offline_llm::MODEL {
        crate::tokenizer::DEFAULT_MODEL
    } else {
        model
    }
}

/// The first characters of a client-supplied string, for an error message.
fn short(text: &str) -> String {
    text.chars().take(100).collect()
}

fn stored(err: &StoreError) -> ApiError {
    ApiError::unavailable("the conversation store", err)
}

/// A provider's failure as the client sees it: 504 for time, 502 otherwise, the provider named.
pub fn upstream_error(provider: &str, err: LlmError) -> ApiError {
    tracing::warn!(provider, error = %err, "model call failed");
    match err {
        LlmError::Timeout(detail) => {
            ApiError::DeadlineExceeded(format!("no answer from `{provider}` in time: {detail}"))
        }
        LlmError::Transient(detail) | LlmError::Permanent(detail) => {
            ApiError::Upstream { provider: provider.to_owned(), detail }
        }
    }
}

/// A token count sent as a JSON number: whole, from 1 to `MAX_OUTPUT_TOKENS`.
pub fn whole_tokens(value: Option<f64>, field: &str) -> Result<Option<u32>, FieldError> {
    match value {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && (1.0..=f64::from(MAX_OUTPUT_TOKENS)).contains(&v) => Ok(Some(v as u32)),
        Some(_) => Err(FieldError::new(field, format!("must be a whole number from 1 to {MAX_OUTPUT_TOKENS}"))),
    }
}

pub fn temperature(value: Option<f64>) -> Result<Option<f32>, FieldError> {
    match value {
        None => Ok(None),
        Some(t) if (0.0..=2.0).contains(&t) => Ok(Some(t as f32)),
        Some(_) => Err(FieldError::new("temperature", "must be from 0 to 2")),
    }
}

/// One Server-Sent Event.
fn sse_event(event: &str, data: &serde_json::Value) -> bytes::Bytes {
    bytes::Bytes::from(format!("event: {event}\ndata: {data}\n\n"))
}

/// The problem document of an error that ends a stream (the status line was sent long before).
pub fn problem_document(error: ApiError, request_id: &str) -> serde_json::Value {
    serde_json::from_slice(&error.into_response(request_id).body).unwrap_or_default()
}

/// `/api/chatbot`'s Server-Sent Events: `start` with the conversation id, a `delta` per piece
/// of text, then exactly one `done` (the same reply the JSON answer has) or `error` (a problem
/// document with `incomplete: true`, and the part of the answer that was stored, if any).
pub fn message_stream(
    conversation_id: String,
    request_id: String,
    mut events: mpsc::Receiver<ChatEvent>,
) -> crate::http::ApiResponse {
    use serde_json::json;
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(async move {
        let _ = tx.send(sse_event("start", &json!({ "conversationId": conversation_id }))).await;
        while let Some(event) = events.recv().await {
            let chunk = match event {
                ChatEvent::Delta(text) => sse_event("delta", &json!({ "content": text })),
                ChatEvent::Done(outcome) => sse_event("done", &json!(outcome.view())),
                ChatEvent::Failed { error, partial } => {
                    let mut problem = problem_document(error, &request_id);
                    problem["incomplete"] = json!(true);
                    if let Some(partial) = partial {
                        problem["partial"] = json!(partial.view());
                    }
                    sse_event("error", &problem)
                }
            };
            // A client that left stops reading; the events are still drained to their end.
            let _ = tx.send(chunk).await;
        }
    });
    crate::http::ApiResponse::event_stream(rx)
}
