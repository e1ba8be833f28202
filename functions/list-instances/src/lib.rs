//! `GET /api/instances`: the tenant's instances, newest first; `status`, `limit`, `cursor`.

use std::sync::Arc;

use shared::app::instances::service::InstanceService;
use shared::domain::instances::InstanceStatus;
use shared::http::{page_query, ApiError, ApiRequest, ApiResponse};
use shared::ids::is_id;

pub async fn handle(service: Arc<InstanceService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let mut status = None;
    let page = page_query(&request.query, is_id, &["status"], |_, value| {
        let found = InstanceStatus::ALL.into_iter().find(|s| s.as_str() == value);
        status =
            Some(found.ok_or_else(|| {
                format!("must be one of {}", InstanceStatus::ALL.map(InstanceStatus::as_str).join(", "))
            })?);
        Ok(())
    })?;
    Ok(ApiResponse::ok(&service.list(tenant, status, page).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_instances, serve_fixture, FIXTURE_INSTANCE_ID};

    #[tokio::test]
    async fn instances_filter_by_status() {
        let (service, _, _) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/list-instances/configuring.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["instances"][0]["id"], FIXTURE_INSTANCE_ID);
        assert!(body.get("nextCursor").is_none());
    }

    #[tokio::test]
    async fn an_unknown_status_is_a_400_listing_the_statuses() {
        let (service, _, _) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/list-instances/bad-status.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "status");
        assert!(body["errors"][0]["message"].as_str().is_some_and(|m| m.contains("TERMINATED")));
    }
}
