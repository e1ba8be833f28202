//! `GET /api/instances/stats`: counts by status, provider and type; machines running now; total
//! and average cost; average lifetime.

use std::sync::Arc;

use shared::app::instances::service::InstanceService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<InstanceService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    Ok(ApiResponse::ok(&service.stats(tenant).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_instances, serve_fixture};

    #[tokio::test]
    async fn the_counts_and_cost_cover_the_tenants_instances() {
        let (service, _, _) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/get-instance-stats/stats.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["total"].as_u64(), body["runningNow"].as_u64()), (Some(1), Some(1)));
        assert_eq!(body["byStatus"]["CONFIGURING"], 1);
        assert_eq!(body["byType"]["g5.xlarge"], 1);
        assert_eq!(body["totalCost"], 0.01676667);
    }
}
