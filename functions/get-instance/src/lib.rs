//! `GET /api/instances/{id}`: the instance with its cost so far (live while the machine runs).

use std::sync::Arc;

use shared::app::instances::service::InstanceService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<InstanceService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let instance = service.find(tenant, request.path_param("id")?).await?;
    Ok(ApiResponse::ok(&service.view(&instance)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_instances, serve_fixture, FIXTURE_INSTANCE_ID};

    #[tokio::test]
    async fn the_instance_comes_with_its_live_cost() {
        let (service, _, _) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/get-instance/existing.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["id"].as_str(), body["status"].as_str()), (Some(FIXTURE_INSTANCE_ID), Some("CONFIGURING")));
        // Launched just now: the 60 s billing minimum at $1.006/h.
        assert_eq!(body["totalCost"], 0.01676667);
    }

    #[tokio::test]
    async fn an_unknown_id_is_a_404() {
        let (service, _, _) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/get-instance/unknown.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
    }
}
