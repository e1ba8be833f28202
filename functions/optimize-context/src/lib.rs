//! `POST /api/context-optimizer`: shrink one text for a target model, keeping what carries its
//! meaning (see `shared::domain::optimizer`). Records the tenant's totals.

use std::sync::Arc;

use shared::app::optimizer::service::OptimizeRequest;
use shared::app::optimizer::stats::OptimizerDeps;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(deps: Arc<OptimizerDeps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?.clone();
    let valid = request.json::<OptimizeRequest>()?.validate("").map_err(ApiError::Validation)?;
    let response = deps.run_counted(&tenant, move || valid.run()).await?;
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
    async fn a_clinical_note_is_shrunk_with_its_facts_and_counted() {
        let (status, body, deps) = invoke("events/optimize-context/clinical-note.json").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let optimized = body["optimizedContent"].as_str().expect("text");
        for fact in ["denies chest pain", "Potassium 3.1 mmol/L L", "metformin 500 mg PO BID", "Allergic to penicillin"]
        {
            assert!(optimized.contains(fact), "lost {fact:?}: {optimized}");
        }
        assert_eq!(body["strategy"], "BALANCED");
        assert_eq!(body["contentType"], "MEDICAL_REPORT");
        assert_eq!(body["tokenizer"]["encoding"], "o200k_base");
        assert_eq!(body["tokenizer"]["exact"], true);
        let (original, after) =
            (body["originalTokens"].as_u64().expect("n"), body["optimizedTokens"].as_u64().expect("n"));
        assert!(after < original);
        assert!(body["reductionPercentage"].as_f64().is_some_and(|r| r > 0.0));
        assert!(body["qualityScore"].as_f64().is_some_and(|q| q > 0.5 && q <= 1.0));
        let tenant = shared::domain::tenant::TenantId::parse("acme-health").expect("valid");
        let stats = deps.stats(&tenant).await.expect("stats");
        assert_eq!((stats.optimizations, stats.original_tokens, stats.optimized_tokens), (1, original, after));
    }

    #[tokio::test]
    async fn bad_fields_are_named_with_the_valid_values() {
        let (status, body, deps) = invoke("events/optimize-context/invalid-strategy.json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["code"], "validation_failed");
        assert_eq!(body["errors"][0]["field"], "strategy");
        let message = body["errors"][0]["message"].as_str().expect("message");
        assert!(message.contains("BALANCED") && message.contains("AGGRESSIVE"), "{message}");
        let tenant = shared::domain::tenant::TenantId::parse("acme-health").expect("valid");
        assert_eq!(deps.stats(&tenant).await.expect("stats").optimizations, 0, "a refused request is not counted");
    }

    #[tokio::test]
    async fn empty_content_and_a_non_positive_target_are_both_reported() {
        let (status, body, _) = invoke("events/optimize-context/empty-content.json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let fields: Vec<&str> =
            body["errors"].as_array().expect("list").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["content", "targetTokens"]);
    }
}
