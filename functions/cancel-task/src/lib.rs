//! `DELETE /api/analysis-queue/{id}`: cancels a PENDING or PROCESSING task (a running attempt stops
//! at its next checkpoint and its result is never stored); a finished task is a 409.

use std::sync::Arc;

use shared::app::tasks::api::TaskView;
use shared::app::tasks::QueueService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<QueueService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let task = service.cancel(tenant, request.path_param("id")?).await?;
    Ok(ApiResponse::ok(&TaskView::from(task)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::serve_fixture;
    use shared::test_util::{fixture_queue, FixtureTask};

    #[tokio::test]
    async fn a_pending_task_is_cancelled_once_then_conflicts() {
        let service = fixture_queue(FixtureTask::Pending).await;
        let s = service.clone();
        let (status, body) = serve_fixture("events/cancel-task/pending.json", Access::Tenant, |r| handle(s, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "CANCELLED");
        assert!(body["completedAt"].is_string());
        let (status, body) =
            serve_fixture("events/cancel-task/pending.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["code"], "conflict");
        assert!(body["detail"].as_str().is_some_and(|d| d.contains("already CANCELLED")), "{body}");
    }
}
