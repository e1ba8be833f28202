//! `PATCH /api/analysis-queue/{id}/progress` with `{"progress": 0-100}`: moves a PROCESSING task's
//! progress forward. A task not PROCESSING is a 409; outside 0–100 or lower than the current value
//! is a 400.

use std::sync::Arc;

use shared::app::tasks::api::{ProgressRequest, TaskView};
use shared::app::tasks::QueueService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<QueueService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let body = request.json::<ProgressRequest>()?;
    let task = service.set_progress(tenant, request.path_param("id")?, body.percent()?).await?;
    Ok(ApiResponse::ok(&TaskView::from(task)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_queue, serve_fixture, FixtureTask};

    #[tokio::test]
    async fn a_running_task_moves_forward_and_a_pending_one_conflicts() {
        let service = fixture_queue(FixtureTask::Processing).await;
        let (status, body) =
            serve_fixture("events/update-task-progress/forward.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["progress"], 60);

        let service = fixture_queue(FixtureTask::Pending).await;
        let (status, body) =
            serve_fixture("events/update-task-progress/forward.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
    }

    #[tokio::test]
    async fn progress_outside_0_to_100_is_a_400_naming_the_field() {
        let service = fixture_queue(FixtureTask::Processing).await;
        let (status, body) =
            serve_fixture("events/update-task-progress/out-of-range.json", Access::Tenant, |r| handle(service, r))
                .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "progress");
    }
}
