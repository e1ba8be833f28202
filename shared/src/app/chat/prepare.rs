//! Checking a call before it runs: the fields, the model (priced and served), the context
//! window, and for a conversation the newest history that fits.

use super::api::{OptimizationView, ProviderName, SendMessageRequest};
use super::{counted_as, short, Call, CallInput, ChatService, ConversationCall, MAX_MESSAGE_BYTES, MAX_OUTPUT_TOKENS};
use crate::app::budget::MESSAGE_OVERHEAD_TOKENS;
use crate::app::optimizer::service::OptimizeRequest;
use crate::app::{AppError, Dependency, FieldError, StoreResultExt};
use crate::domain::chat::history_to_send;
use crate::domain::llm::{ChatMessage, Role};
use crate::domain::optimizer::TokenCounter;
use crate::domain::tenant::TenantId;
use crate::ids::new_id;
use crate::llm::Family;
use crate::tokenizer::ModelTokenizer;

impl ChatService {
    pub(super) fn tokenizer(&self, model: &str, field: &str) -> Result<ModelTokenizer, AppError> {
        ModelTokenizer::for_model(counted_as(model)).map_err(|e| AppError::validation(field, e.to_string()))
    }

    /// The model a request gets, checked to have a price and a provider.
    pub fn resolve_model(&self, model: Option<&str>, provider: Option<ProviderName>) -> Result<String, AppError> {
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
                return Err(AppError::validation("model", format!("{model} is not a model of the requested provider")));
            }
        }
        if self.prices.price(&model).is_none() {
            return Err(AppError::validation(
                "model",
                format!(
                    "{} has no price, so its cost could not be tracked; GET /v1/models lists the models on offer",
                    short(&model)
                ),
            ));
        }
        self.llm.serves(&model).map_err(|e| AppError::validation("model", e))?;
        Ok(model)
    }

    /// A `/api/chatbot` message, checked, with its history chosen and its budget reserved.
    pub async fn prepare_message(&self, tenant: &TenantId, body: SendMessageRequest) -> Result<Call, AppError> {
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
            Ok(_) => return Err(AppError::Validation(errors)),
            Err(AppError::Validation(more)) => {
                errors.extend(more);
                return Err(AppError::Validation(errors));
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
                let valid = request.validate("").map_err(AppError::Validation)?;
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
            return Err(AppError::validation(
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
                .or_unavailable(Dependency::ConversationStore)?,
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
    pub async fn prepare_completion(&self, tenant: &TenantId, input: CallInput) -> Result<Call, AppError> {
        let counter = self.tokenizer(&input.model, "model")?.counter();
        let prompt_tokens: usize =
            input.messages.iter().map(|m| counter.count(&m.content) + MESSAGE_OVERHEAD_TOKENS).sum();
        let window = self.prices.price(&input.model).map_or(0, |p| p.context_window) as usize;
        if prompt_tokens + input.max_tokens as usize > window {
            return Err(AppError::validation(
                "messages",
                format!(
                    "are {prompt_tokens} tokens; {} takes {window} tokens in all, and {} are kept for the answer",
                    input.model, input.max_tokens
                ),
            ));
        }
        self.budgeted(tenant, input, prompt_tokens as u64).await
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
