//! What is said to a model and what it answers: the messages of a conversation, a request to a
//! model and its reply with the usage the provider reported. Plain data shared by the chat rules,
//! the LLM ports and the adapters.

/// Who speaks in a conversation with a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatMessage {
    pub role: Role,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LlmRequest {
    pub model: String,
    pub messages: Vec<ChatMessage>,
    pub max_output_tokens: u32,
    pub temperature: Option<f32>,
}

/// A model's answer with the usage the provider reported. `input_tokens` includes
/// `cached_tokens` (the part of the prompt the provider served from its cache, priced lower).
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LlmReply {
    pub text: String,
    pub provider: String,
    pub model: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cached_tokens: u64,
}
