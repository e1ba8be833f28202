//! Reserving a call's worst case against the tenant's monthly budget before the model is called.

use super::{Call, CallInput, ChatService};
use crate::app::budget::BudgetError;
use crate::app::{AppError, Dependency};
use crate::domain::chat::worst_case;
use crate::domain::llm::LlmRequest;
use crate::domain::tenant::TenantId;

impl ChatService {
    /// Reserves the call's worst case against the tenant's budget, if there is one.
    pub(super) async fn budgeted(
        &self,
        tenant: &TenantId,
        input: CallInput,
        prompt_tokens: u64,
    ) -> Result<Call, AppError> {
        let worst = match self.settings.monthly_budget {
            Some(_) => {
                let price =
                    self.prices.price(&input.model).ok_or_else(|| AppError::validation("model", "has no price"))?;
                worst_case(prompt_tokens, u64::from(input.max_tokens), price.input, price.output)
            }
            None => 0,
        };
        let reservation = self.budget().reserve(tenant, worst).await.map_err(|e| match e {
            BudgetError::Exhausted { .. } => {
                AppError::BudgetExhausted(format!("{e}; ask for fewer maxTokens, or wait for the next month"))
            }
            BudgetError::Store(e) => AppError::unavailable(Dependency::SpendStore, &e),
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
}
