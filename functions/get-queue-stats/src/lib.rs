//! `GET /api/analysis-queue/stats`: the caller's counts per status and priority, queue length,
//! average processing time and estimated wait, from counters kept with every change (no scan).

use std::sync::Arc;

use shared::app::tasks::QueueService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<QueueService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    Ok(ApiResponse::ok(&service.stats(request.tenant()?).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_queue, serve_fixture, FixtureTask};

    #[tokio::test]
    async fn the_started_fixture_task_is_counted_as_processing() {
        let service = fixture_queue(FixtureTask::Processing).await;
        let (status, body) =
            serve_fixture("events/get-queue-stats/authorized.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["tenantId"], "acme-health");
        assert_eq!(body["total"], 1);
        assert_eq!(body["byStatus"]["PROCESSING"], 1);
        assert_eq!(body["byStatus"]["PENDING"], 0);
        assert_eq!(body["byPriority"]["HIGH"]["submitted"], 1);
        assert_eq!(body["queueLength"], 0);
        assert!(body.get("averageProcessingMs").is_none(), "nothing has finished yet");
    }
}
