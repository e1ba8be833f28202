//! `PUT /api/gpu-pool`: sets the tenant's GPU pool (validated as `POST /api/instances` is, plus
//! the model and `maxInstances`); 200 with the pool.

use std::sync::Arc;

use shared::app::gpu_pool::service::PutGpuPoolRequest;
use shared::app::gpu_pool::GpuPoolService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<GpuPoolService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let body = request.json::<PutGpuPoolRequest>()?;
    Ok(ApiResponse::ok(&service.put(tenant, body).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_gpu_pool, serve_fixture};

    #[tokio::test]
    async fn a_valid_pool_is_set_and_shown_with_no_machine_and_no_spend() {
        let service = fixture_gpu_pool(false).await;
        let (status, body) =
            serve_fixture("events/put-gpu-pool/qwen-on-g5.json", Access::Tenant, |r| handle(service.clone(), r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["status"].as_str(), body["model"].as_str()), (Some("ACTIVE"), Some("qwen2.5:7b")));
        assert_eq!((body["maxInstances"].as_u64(), body["costPerHour"].as_f64()), (Some(2), Some(1.006)));
        assert_eq!(body["instances"], serde_json::json!([]));
        assert_eq!(body["spend"]["totalUsd"], 0.0);
        let tenant = shared::domain::tenant::TenantId::parse("acme-health").expect("tenant");
        assert!(service.pools().get(&tenant).await.expect("read").is_some(), "stored");
    }

    #[tokio::test]
    async fn every_bad_field_is_named_a_retired_type_with_its_replacement_and_a_gated_model_with_why() {
        let service = fixture_gpu_pool(false).await;
        let (status, body) =
            serve_fixture("events/put-gpu-pool/invalid.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let errors = body["errors"].as_array().expect("errors");
        let message = |field: &str| {
            errors
                .iter()
                .find(|e| e["field"] == field)
                .and_then(|e| e["message"].as_str())
                .unwrap_or_default()
                .to_owned()
        };
        assert!(message("instanceType").contains("retired"), "{body}");
        assert!(message("model").contains("gated") && message("model").contains("qwen2.5:7b"), "{body}");
        assert!(!message("maxInstances").is_empty() && !message("idleMinutes").is_empty(), "{body}");
        assert_eq!(errors.len(), 4, "{body}");
    }
}
