//! The model call: through the `Router` (retries and fallback within one deadline), then
//! recorded; a call that produced nothing releases its reservation.

use std::time::Duration;

use super::record::Completeness;
use super::{counted_as, Call, ChatService, Outcome};
use crate::app::AppError;
use crate::domain::llm::LlmReply;
use crate::domain::optimizer::TokenCounter;
use crate::ports::{LlmError, LlmProvider};
use crate::tokenizer::ModelTokenizer;

impl ChatService {
    /// Runs the call to its end and records it.
    pub async fn run(&self, call: Call) -> Result<Outcome, AppError> {
        self.run_within(call, self.settings.deadline).await
    }

    /// `run`, with the model call (retries and fallback included) bounded by `deadline` instead:
    /// what is left of a caller's own deadline.
    pub async fn run_within(&self, call: Call, deadline: Duration) -> Result<Outcome, AppError> {
        match self.llm.with_deadline(deadline).complete(&call.request).await {
            Ok(reply) => self.finish(&call, reply, Completeness::Whole).await,
            Err(err) => Err(self.abandon(&call, err).await),
        }
    }

    /// A broken stream's answer so far, with usage from our own count.
    pub(super) fn counted_reply(&self, call: &Call, text: String) -> LlmReply {
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
    pub(super) async fn abandon(&self, call: &Call, err: LlmError) -> AppError {
        call.reservation.release().await;
        upstream_error(call.provider, err)
    }
}

/// A provider's failure as the client sees it: 504 for time, 502 otherwise, the provider named.
pub fn upstream_error(provider: &str, err: LlmError) -> AppError {
    tracing::warn!(provider, error = %err, "model call failed");
    match err {
        LlmError::Timeout(detail) => {
            AppError::DeadlineExceeded(format!("no answer from `{provider}` in time: {detail}"))
        }
        LlmError::Transient(detail) | LlmError::Permanent(detail) => {
            AppError::Upstream { provider: provider.to_owned(), detail }
        }
    }
}
