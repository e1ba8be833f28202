//! Recording an answer: its messages, the conversation's totals and the tenant's spend in one
//! conditional write, retried when a concurrent message moved the conversation on.

use super::{Call, ChatService, Outcome};
use crate::app::{AppError, Dependency, StoreResultExt};
use crate::domain::chat::{self, ChatRecord, Conversation, ConversationWrite, StoredMessage, Usage};
use crate::domain::llm::{LlmReply, Role};
use crate::ids::new_id;
use crate::ports::StoreError;

/// Whether an answer is whole or was cut (a stream that broke after it started): a cut one is
/// stored flagged `incomplete`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Completeness {
    Whole,
    Cut,
}

impl ChatService {
    /// Records an answer: its messages and the conversation's totals (when it has one) with the
    /// tenant's spend, in one write. A concurrent message in the same conversation moves this
    /// one's sequence numbers on; a conversation deleted meanwhile still has its spend recorded.
    pub(super) async fn finish(
        &self,
        call: &Call,
        reply: LlmReply,
        completeness: Completeness,
    ) -> Result<Outcome, AppError> {
        let incomplete = completeness == Completeness::Cut;
        let now = self.clock.now_ms();
        let cost = self.prices.cost_as_asked(&reply, &call.request.model).map_or(0, chat::to_units);
        let usage = Usage { prompt: reply.input_tokens, completion: reply.output_tokens, cached: reply.cached_tokens };
        let spend = call.reservation.spend(usage, cost);
        crate::metrics::model_call(&reply.provider, &reply.model, usage.prompt, usage.completion, chat::to_usd(cost));
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
            call.reservation.settle(usage, cost).await.or_unavailable(Dependency::ConversationStore)?;
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
                    call.reservation.settled().await;
                    return Ok(outcome);
                }
                Err(StoreError::Conflict) => {
                    current =
                        self.store.get(&call.tenant, &conv.id).await.or_unavailable(Dependency::ConversationStore)?;
                    if current.is_none() && conv.existing.is_some() {
                        call.reservation.settle(usage, cost).await.or_unavailable(Dependency::ConversationStore)?;
                        return Err(AppError::NotFound(format!(
                            "conversation {} was deleted while the answer was written",
                            conv.id
                        )));
                    }
                }
                Err(e) => return Err(AppError::unavailable(Dependency::ConversationStore, &e)),
            }
        }
        Err(AppError::Conflict(
            "the conversation kept changing while the answer was written; send the message again".to_owned(),
        ))
    }
}
