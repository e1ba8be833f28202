//! `DELETE /api/instances/{id}`: terminates the machine and closes the record at once
//! (TERMINATED, with its final cost); the lifecycle execution ends at its next check. Idempotent:
//! a finished instance is answered as it is.

use std::sync::Arc;

use shared::app::instances::service::InstanceService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<InstanceService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let instance = service.terminate(tenant, request.path_param("id")?).await?;
    Ok(ApiResponse::ok(&service.view(&instance)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_instances, serve_fixture};

    #[tokio::test]
    async fn a_delete_terminates_the_machine_at_once_and_again_changes_nothing() {
        let (service, cloud, _) = fixture_instances().await;
        assert_eq!(cloud.running().len(), 1);
        let fixture = "events/terminate-instance/existing.json";
        let (status, first) = serve_fixture(fixture, Access::Tenant, |r| handle(service.clone(), r)).await;
        assert_eq!(status, StatusCode::OK, "{first}");
        assert_eq!(first["status"], "TERMINATED");
        assert!(cloud.running().is_empty(), "the machine is gone");
        let (status, again) = serve_fixture(fixture, Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            (again["terminatedAt"].clone(), again["totalCost"].clone()),
            (first["terminatedAt"].clone(), first["totalCost"].clone())
        );
    }
}
