//! The chatbot's request and response bodies (`/api/chatbot…`), as the OpenAPI contract shows them.

use serde::{Deserialize, Serialize};

use crate::clock::rfc3339;
use crate::domain::chat::{to_usd, Conversation, Spend, StoredMessage, Usage};
use crate::domain::llm::Role;
use crate::domain::optimizer::Strategy;

/// A provider family a client may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProviderName {
    Openai,
    Anthropic,
    Llama,
}

/// `POST /api/chatbot`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendMessageRequest {
    /// The user's message; at least one non-blank character.
    #[schema(min_length = 1, pattern = "\\S")]
    pub message: String,
    /// Continue this conversation; without it a new one starts.
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// Which provider answers, with its default model (when `model` is not given).
    #[serde(default)]
    pub provider: Option<ProviderName>,
    /// A model with a price (see `GET /v1/models`); it must belong to `provider` when both are given.
    #[serde(default)]
    #[schema(pattern = "^(gpt-|o1|o3|o4|chatgpt-|claude|llama|meta-llama/)")]
    pub model: Option<String>,
    /// Stream the answer as Server-Sent Events (as does `Accept: text/event-stream`).
    #[serde(default)]
    pub stream: Option<bool>,
    /// Most tokens in the answer (a whole number).
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 16384)]
    pub max_tokens: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 2)]
    pub temperature: Option<f64>,
    /// Shrink the message with the context optimizer (this strategy) before it is sent; the
    /// conversation keeps the message as written.
    #[serde(default)]
    pub optimize_context: Option<Strategy>,
}

/// Token counts of one answer, as the provider reported them (`promptTokens` includes
/// `cachedTokens`).
#[derive(Clone, Copy, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UsageView {
    pub prompt_tokens: u64,
    pub completion_tokens: u64,
    pub cached_tokens: u64,
}

impl From<Usage> for UsageView {
    fn from(u: Usage) -> Self {
        Self { prompt_tokens: u.prompt, completion_tokens: u.completion, cached_tokens: u.cached }
    }
}

/// What the optimizer did to the message before it was sent.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OptimizationView {
    pub strategy: Strategy,
    pub original_tokens: usize,
    pub optimized_tokens: usize,
    pub quality_score: f64,
}

/// The answer to one message.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatReplyView {
    pub conversation_id: String,
    pub message_id: String,
    /// The assistant's answer.
    pub content: String,
    /// Who answered: `openai`, `anthropic`, `llama`, or `offline` when no provider is configured.
    pub provider: String,
    /// The model that answered (the fallback's, if the requested one kept failing).
    pub model: String,
    pub usage: UsageView,
    /// USD, from the price table and the provider's usage.
    pub cost: f64,
    /// True when the stream broke: the answer is cut short, and its usage is our own count.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
    /// Earlier messages sent with this one (the newest that fit the model's context budget).
    pub history_messages: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimization: Option<OptimizationView>,
    pub created_at: String,
}

/// One message of a conversation.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    pub message_id: String,
    pub seq: u64,
    pub role: Role,
    pub content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<UsageView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub incomplete: bool,
    pub created_at: String,
}

impl From<StoredMessage> for MessageView {
    fn from(m: StoredMessage) -> Self {
        Self {
            message_id: m.id,
            seq: m.seq,
            role: m.role,
            content: m.content,
            provider: m.provider,
            model: m.model,
            usage: m.usage.map(UsageView::from),
            cost: m.cost.map(to_usd),
            incomplete: m.incomplete,
            created_at: rfc3339(m.created_at_ms),
        }
    }
}

/// A conversation's header with its running totals.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationSummaryView {
    pub conversation_id: String,
    pub title: String,
    pub message_count: u64,
    /// Prompt plus completion tokens of every answer.
    pub total_tokens: u64,
    /// USD.
    pub total_cost: f64,
    pub usage: UsageView,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&Conversation> for ConversationSummaryView {
    fn from(c: &Conversation) -> Self {
        Self {
            conversation_id: c.id.clone(),
            title: c.title.clone(),
            message_count: c.message_count,
            total_tokens: c.usage.prompt + c.usage.completion,
            total_cost: to_usd(c.cost),
            usage: c.usage.into(),
            created_at: rfc3339(c.created_at_ms),
            updated_at: rfc3339(c.updated_at_ms),
        }
    }
}

/// `GET /api/chatbot/conversations/{id}`: the conversation and a page of its messages, oldest
/// first.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationView {
    #[serde(flatten)]
    pub summary: ConversationSummaryView,
    pub messages: Vec<MessageView>,
    /// Pass as `cursor` for the next messages; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The tenant's spend on model calls this month, and its budget when one is set.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SpendView {
    /// UTC month: `2026-11`.
    pub period: String,
    pub calls: u64,
    pub usage: UsageView,
    /// USD.
    pub total_cost: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// USD left of the budget, after the reservations of calls still running.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining: Option<f64>,
}

impl SpendView {
    pub fn new(period: String, spend: &Spend, budget: Option<crate::domain::chat::CostUnits>) -> Self {
        Self {
            period,
            calls: spend.calls,
            usage: spend.usage.into(),
            total_cost: to_usd(spend.cost),
            budget: budget.map(to_usd),
            remaining: budget.map(|b| to_usd((b - spend.committed).max(0))),
        }
    }
}

/// `GET /api/chatbot/conversations`: newest first, with the tenant's spend this month.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConversationListView {
    pub conversations: Vec<ConversationSummaryView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    pub spend: SpendView,
}
