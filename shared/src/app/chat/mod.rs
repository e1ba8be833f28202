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
//!
//! By concern: `settings` (configuration), `prepare` (validation, model and history), `reserve`
//! (the budget reservation), `run` (the model call with its retries and fallback), `stream` (the
//! streaming task), `record` (the conversation write and its retry on a race), `conversations`
//! (reading and deleting). Server-Sent Events are `http::sse`'s.

pub mod api;
pub mod compat;
mod conversations;
mod prepare;
mod record;
mod reserve;
mod run;
mod settings;
mod stream;

use std::sync::Arc;

use crate::app::budget::{Budget, Reservation};
use crate::app::AppError;
use crate::domain::chat::{self, Conversation, CostUnits};
use crate::domain::llm::{ChatMessage, LlmReply, LlmRequest};
use crate::domain::tenant::TenantId;
use crate::llm::Router;
use crate::ports::{Clock, ConversationStore};
use crate::pricing::PriceTable;
use api::{ChatReplyView, OptimizationView};

pub use prepare::{temperature, whole_tokens};
pub use run::upstream_error;
pub use settings::ChatSettings;

/// Largest message accepted, in bytes: with its answer it must fit one 400 KB DynamoDB item.
pub const MAX_MESSAGE_BYTES: usize = 200_000;
/// Largest `maxTokens` a request may ask for.
pub const MAX_OUTPUT_TOKENS: u32 = 16_384;

/// The chatbot's use cases over a conversation store, the model router and the price table.
pub struct ChatService {
    store: Arc<dyn ConversationStore>,
    llm: Arc<Router>,
    prices: Arc<PriceTable>,
    clock: Arc<dyn Clock>,
    settings: ChatSettings,
    /// Where answered calls' costs are counted per day, for the functions that answer.
    usage: Option<crate::app::usage::UsageMeter>,
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
        error: AppError,
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
    pub fn new(
        store: Arc<dyn ConversationStore>,
        llm: Arc<Router>,
        prices: Arc<PriceTable>,
        clock: Arc<dyn Clock>,
        settings: ChatSettings,
    ) -> Self {
        Self { store, llm, prices, clock, settings, usage: None }
    }

    /// Counts every answered call's cost in the tenant's daily usage.
    pub fn metered(mut self, usage: crate::app::usage::UsageMeter) -> Self {
        self.usage = Some(usage);
        self
    }

    /// The tenant budget every call is reserved against (the queue's worker shares it).
    pub fn budget(&self) -> Budget {
        let budget = Budget::new(self.store.clone(), self.clock.clone(), self.settings.monthly_budget);
        match &self.usage {
            Some(usage) => budget.metered(usage.clone()),
            None => budget,
        }
    }

    pub fn settings(&self) -> &ChatSettings {
        &self.settings
    }

    pub fn llm(&self) -> &Router {
        &self.llm
    }

    pub fn prices(&self) -> &PriceTable {
        &self.prices
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    pub fn store(&self) -> &dyn ConversationStore {
        self.store.as_ref()
    }
}

/// The model whose tokenizer counts `model`'s tokens: its own, except for the offline provider's
/// id, which every offline answer carries in its `model` field and a client may therefore send
/// back (the router accepts it only when offline): it is counted as the default model, as the
/// offline provider counts.
pub(crate) fn counted_as(model: &str) -> &str {
    if model == crate::adapters::offline_llm::MODEL {
        crate::tokenizer::DEFAULT_MODEL
    } else {
        model
    }
}

/// The first characters of a client-supplied string, for an error message.
pub(crate) fn short(text: &str) -> String {
    text.chars().take(100).collect()
}
