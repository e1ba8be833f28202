//! `GET /api/context-optimizer/stats`: the tenant's optimizer totals (kept as atomic counters,
//! never computed by scanning) and the estimated savings at the stated price per token.

use std::sync::Arc;

use shared::app::optimizer::stats::OptimizerDeps;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(deps: Arc<OptimizerDeps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    Ok(ApiResponse::ok(&deps.stats(tenant).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::memory::MemoryOptimizerStats;
    use shared::domain::optimizer::OptimizerTotals;
    use shared::domain::tenant::TenantId;
    use shared::http::Access;

    #[tokio::test]
    async fn totals_are_the_tenants_own_with_averages_and_savings() {
        let stats = Arc::new(MemoryOptimizerStats::default());
        let deps = Arc::new(OptimizerDeps::new(stats.clone(), 2.5));
        let acme = TenantId::parse("acme-health").expect("valid");
        let other = TenantId::parse("other").expect("valid");
        let one =
            OptimizerTotals { optimizations: 1, original_tokens: 1000, optimized_tokens: 600, quality_milli_sum: 900 };
        let two =
            OptimizerTotals { optimizations: 1, original_tokens: 3000, optimized_tokens: 2000, quality_milli_sum: 800 };
        deps.record(&acme, &one).await;
        deps.record(&acme, &two).await;
        deps.record(&other, &two).await;

        let (status, body) =
            shared::test_util::serve_fixture("events/get-optimizer-stats/authorized.json", Access::Tenant, |r| {
                handle(deps, r)
            })
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["tenantId"], "acme-health");
        assert_eq!(body["optimizations"], 2);
        assert_eq!(body["tokensSaved"], 1400);
        // Token-weighted: 1400 of 4000.
        assert_eq!(body["averageReductionPercentage"], 35.0);
        assert_eq!(body["averageQuality"], 0.85);
        assert_eq!(body["estimatedSavingsUsd"], 0.0035);
        assert_eq!(body["pricePerMillionTokensUsd"], 2.5);
    }
}
