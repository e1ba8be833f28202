//! `POST /api/instances/{id}/work` with `{"busy": true|false}`: work was assigned to the machine
//! (RUNNING) or finished (READY). Either restarts its idle timer, so the lifecycle terminates it
//! `autoTerminateMinutes` after the last report, not after creation; a long job reports `true`
//! at least that often. An instance not READY or RUNNING is a 409.

use std::sync::Arc;

use shared::app::instances::service::{InstanceService, WorkReport};
use shared::app::instances::Work;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<InstanceService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let report = request.json::<WorkReport>()?;
    let instance = service.report_work(tenant, request.path_param("id")?, Work::from_busy(report.busy)).await?;
    Ok(ApiResponse::ok(&service.view(&instance)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::domain::tenant::TenantId;
    use shared::http::Access;
    use shared::test_util::{fixture_instances, serve_fixture, FIXTURE_INSTANCE_ID, FIXTURE_TENANT};

    #[tokio::test]
    async fn work_runs_a_ready_instance_and_a_configuring_one_conflicts() {
        let (service, _, _) = fixture_instances().await;
        let fixture = "events/report-instance-work/busy.json";
        // The fixture's instance is still CONFIGURING: it cannot take work yet.
        let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service.clone(), r)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body["detail"].as_str().is_some_and(|d| d.contains("CONFIGURING")), "{body}");

        let tenant = TenantId::parse(FIXTURE_TENANT).expect("tenant");
        let configuring = service.store().get(&tenant, FIXTURE_INSTANCE_ID).await.expect("read").expect("exists");
        // Ready a minute before now, so the report's restart of the idle timer shows.
        let ready = configuring.ready(Some("198.51.100.10"), configuring.created_at_ms - 60_000).expect("ready");
        service.store().update(&configuring, &ready).await.expect("written");
        let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service.clone(), r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "RUNNING");
        let running = service.store().get(&tenant, FIXTURE_INSTANCE_ID).await.expect("read").expect("exists");
        assert!(running.last_work_at_ms > ready.last_work_at_ms, "the idle timer restarted");
    }

    #[tokio::test]
    async fn a_report_that_is_not_a_boolean_is_a_400_naming_the_field() {
        let (service, _, _) = fixture_instances().await;
        let fixture = "events/report-instance-work/not-a-boolean.json";
        let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["errors"][0]["field"], "busy");
    }
}
