//! Per-tenant optimizer statistics as the API reports them: totals kept as atomic counters by an
//! `OptimizerStatsStore`, and savings estimated at a stated price per token. Separate from
//! `optimizer_service` so the stats function links no tokenizer.

use std::sync::Arc;

use serde::Serialize;

use crate::app::usage::UsageMeter;
use crate::app::{AppError, Dependency, StoreResultExt};
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::tenant::TenantId;
use crate::domain::usage::UsageDelta;
use crate::ports::OptimizerStatsStore;

/// The price per million input tokens at which savings are estimated when none is configured:
/// GPT-4o's input price (USD 2.50 per 1M tokens, checked 2026-11-01).
pub const DEFAULT_PRICE_PER_MILLION_TOKENS: f64 = 2.50;

/// Dollars saved by not sending `tokens` input tokens, to 6 decimals.
pub fn savings_usd(tokens: u64, price_per_million: f64) -> f64 {
    (tokens as f64 * price_per_million / 1_000_000.0 * 1e6).round() / 1e6
}

/// `GET /api/context-optimizer/stats` body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = OptimizerStats)]
pub struct StatsResponse {
    pub tenant_id: String,
    pub optimizations: u64,
    pub original_tokens: u64,
    pub optimized_tokens: u64,
    pub tokens_saved: u64,
    pub average_reduction_percentage: f64,
    pub average_quality: f64,
    pub estimated_savings_usd: f64,
    pub price_per_million_tokens_usd: f64,
}

/// What the optimizer functions need besides the gateway.
pub struct OptimizerDeps {
    pub(crate) stats: Arc<dyn OptimizerStatsStore>,
    /// `OPTIMIZER_PRICE_PER_MILLION_TOKENS`, USD.
    pub(crate) price_per_million: f64,
    /// Where tokens saved are counted per day, for the functions that optimize.
    usage: Option<UsageMeter>,
}

impl OptimizerDeps {
    pub fn new(stats: Arc<dyn OptimizerStatsStore>, price_per_million: f64) -> Self {
        Self { stats, price_per_million, usage: None }
    }

    /// Counts every optimization's saved tokens in the tenant's daily usage too.
    pub fn metered(mut self, usage: UsageMeter) -> Self {
        self.usage = Some(usage);
        self
    }

    /// USD per million input tokens, for savings estimates.
    pub fn price_per_million(&self) -> f64 {
        self.price_per_million
    }

    /// Runs CPU-bound optimizer work off the async threads (so one long document does not stall
    /// other requests sharing the runtime in `local`), then records its totals for the tenant.
    pub async fn run_counted<T: Send + 'static>(
        &self,
        tenant: &TenantId,
        work: impl FnOnce() -> (T, OptimizerTotals) + Send + 'static,
    ) -> Result<T, AppError> {
        let (answer, totals) = tokio::task::spawn_blocking(work).await.map_err(|err| {
            tracing::error!(error = %err, "optimizer task failed");
            AppError::Internal
        })?;
        self.record(tenant, &totals).await;
        Ok(answer)
    }

    /// Adds a tenant's totals; a failure is logged, never fails the answer already computed.
    pub async fn record(&self, tenant: &TenantId, totals: &OptimizerTotals) {
        if totals.optimizations == 0 {
            return;
        }
        if let Err(err) = self.stats.record(tenant, totals).await {
            tracing::error!(error = %err, "optimizer stats not recorded");
        }
        crate::metrics::optimizer_saved(totals.tokens_saved(), totals.optimizations);
        if let Some(usage) = &self.usage {
            usage.add(tenant, UsageDelta::saved(totals.tokens_saved())).await;
        }
    }

    pub async fn stats(&self, tenant: &TenantId) -> Result<StatsResponse, AppError> {
        let t = self.stats.totals(tenant).await.or_unavailable(Dependency::OptimizerStats)?;
        Ok(StatsResponse {
            tenant_id: tenant.to_string(),
            optimizations: t.optimizations,
            original_tokens: t.original_tokens,
            optimized_tokens: t.optimized_tokens,
            tokens_saved: t.tokens_saved(),
            average_reduction_percentage: t.average_reduction_percentage(),
            average_quality: t.average_quality(),
            estimated_savings_usd: savings_usd(t.tokens_saved(), self.price_per_million),
            price_per_million_tokens_usd: self.price_per_million,
        })
    }

    /// `OPTIMIZER_PRICE_PER_MILLION_TOKENS` (default 2.50), which must be a non-negative number.
    pub fn price_from_env(env: &mut crate::config::EnvReader) -> f64 {
        let price: f64 = env.parsed_or("OPTIMIZER_PRICE_PER_MILLION_TOKENS", DEFAULT_PRICE_PER_MILLION_TOKENS);
        if !(price.is_finite() && price >= 0.0) {
            env.problem("OPTIMIZER_PRICE_PER_MILLION_TOKENS must be a non-negative number");
        }
        price
    }
}
