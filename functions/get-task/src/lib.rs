//! `GET /api/analysis-queue/{id}`: the caller's task with its recorded events. Another tenant's
//! task id is a 404, exactly like an id that never existed.

use std::sync::Arc;

use shared::app::tasks::QueueService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<QueueService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let detail = service.detail(tenant, request.path_param("id")?).await?;
    Ok(ApiResponse::ok(&detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_queue, serve_fixture, FixtureTask, FIXTURE_TASK_ID};

    #[tokio::test]
    async fn the_task_comes_with_its_events() {
        let service = fixture_queue(FixtureTask::Processing).await;
        let (status, body) =
            serve_fixture("events/get-task/existing.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["id"], FIXTURE_TASK_ID);
        assert_eq!((body["status"].as_str(), body["type"].as_str()), (Some("PROCESSING"), Some("CHAT_RESPONSE")));
        assert_eq!(body["startedAt"], "2026-11-23T02:00:01Z");
        let kinds: Vec<&str> =
            body["events"].as_array().expect("events").iter().filter_map(|e| e["type"].as_str()).collect();
        assert_eq!(kinds, ["created", "started"]);
    }

    #[tokio::test]
    async fn an_unknown_id_is_a_404_problem() {
        let service = fixture_queue(FixtureTask::Pending).await;
        let (status, body) =
            serve_fixture("events/get-task/unknown.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
    }
}
