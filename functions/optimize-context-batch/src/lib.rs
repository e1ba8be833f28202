//! `POST /api/context-optimizer/batch`: up to `MAX_BATCH_ITEMS` (50) optimizations in one
//! request, run in parallel on every core, answered in input order with a summary. A bad item is
//! reported in its own slot and does not fail the others.

use std::sync::Arc;

use shared::app::optimizer::service::{parse_batch, run_batch};
use shared::app::optimizer::stats::OptimizerDeps;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(deps: Arc<OptimizerDeps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?.clone();
    let items = parse_batch(request.json()?)?;
    let price = deps.price_per_million();
    let response = deps.run_counted(&tenant, move || run_batch(items, price)).await?;
    Ok(ApiResponse::ok(&response))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::memory::MemoryOptimizerStats;
    use shared::http::Access;

    async fn invoke(fixture: &str) -> (StatusCode, serde_json::Value, Arc<OptimizerDeps>) {
        let deps = Arc::new(OptimizerDeps::new(Arc::new(MemoryOptimizerStats::default()), 2.5));
        let d = deps.clone();
        let (status, body) = shared::test_util::serve_fixture(fixture, Access::Tenant, |r| handle(d, r)).await;
        (status, body, deps)
    }

    #[tokio::test]
    async fn results_keep_input_order_and_a_bad_item_fails_only_its_slot() {
        let (status, body, deps) = invoke("events/optimize-context-batch/mixed-items.json").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let results = body["results"].as_array().expect("results");
        assert_eq!(results.len(), 3);
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r["index"], i);
        }
        assert!(results[0]["result"]["optimizedContent"].as_str().is_some_and(|c| c.contains("denies chest pain")));
        assert_eq!(results[1]["error"]["errors"][0]["field"], "requests[1].contentType");
        assert_eq!(results[2]["result"]["strategy"], "MINIMAL");
        let summary = &body["summary"];
        assert_eq!(
            (summary["totalItems"].as_u64(), summary["succeeded"].as_u64(), summary["failed"].as_u64()),
            (Some(3), Some(2), Some(1))
        );
        let original = summary["originalTokens"].as_u64().expect("n");
        let sum: u64 = [0, 2].iter().map(|&i| results[i]["result"]["originalTokens"].as_u64().expect("n")).sum();
        assert_eq!(original, sum);
        let saved = summary["tokensSaved"].as_u64().expect("n");
        assert_eq!(summary["estimatedSavingsUsd"].as_f64(), Some((saved as f64 * 2.5 / 1e6 * 1e6).round() / 1e6));
        let tenant = shared::domain::tenant::TenantId::parse("acme-health").expect("valid");
        assert_eq!(deps.stats(&tenant).await.expect("stats").optimizations, 2);
    }

    #[tokio::test]
    async fn a_batch_over_the_maximum_is_refused_whole() {
        let (status, body, _) = invoke("events/optimize-context-batch/too-many-items.json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "requests");
        assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("50")));
    }
}
