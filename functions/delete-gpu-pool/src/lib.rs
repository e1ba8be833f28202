//! `DELETE /api/gpu-pool`: no new GPU task is accepted and waiting ones fail; machines with no
//! task terminate now, those running one once it is done. 202 with the pool, `DELETING`.

use std::sync::Arc;

use http::StatusCode;
use shared::app::gpu_pool::GpuPoolService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<GpuPoolService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    Ok(ApiResponse::json(StatusCode::ACCEPTED, &service.delete(tenant).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::http::Access;
    use shared::test_util::{fixture_gpu_pool, serve_fixture};

    #[tokio::test]
    async fn a_deleted_pool_is_deleting_then_gone_once_it_has_no_machine() {
        let service = fixture_gpu_pool(true).await;
        let (status, body) =
            serve_fixture("events/delete-gpu-pool/pool.json", Access::Tenant, |r| handle(service.clone(), r)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!(body["status"], "DELETING");
        // No machine to finish: the pool is gone, and a second DELETE says so.
        let (status, body) =
            serve_fixture("events/delete-gpu-pool/pool.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("not_found")));
    }
}
