//! `GET /api/gpu-pool`: the tenant's pool with its machines (and the task each runs), the tasks
//! waiting for a machine, and its spend split into the tasks' share and idle time; 404 without
//! a pool.

use std::sync::Arc;

use shared::app::gpu_pool::GpuPoolService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<GpuPoolService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    Ok(ApiResponse::ok(&service.get(tenant).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_gpu_pool, serve_fixture};

    #[tokio::test]
    async fn the_pool_is_shown_with_its_configuration() {
        let service = fixture_gpu_pool(true).await;
        let (status, body) =
            serve_fixture("events/get-gpu-pool/pool.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["instanceType"].as_str(), body["idleMinutes"].as_u64()), (Some("g5.xlarge"), Some(10)));
        assert_eq!(body["waitingTasks"], serde_json::json!([]));
    }

    #[tokio::test]
    async fn a_tenant_without_a_pool_gets_a_404() {
        let service = fixture_gpu_pool(false).await;
        let (status, body) =
            serve_fixture("events/get-gpu-pool/pool.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
    }
}
