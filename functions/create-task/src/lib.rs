//! `POST /api/analysis-queue`: validates the task (its `data` per type), stores it PENDING and
//! sends its message to its priority's queue; 202 with the task and its `Location`.

use std::sync::Arc;

use http::{header, HeaderValue, StatusCode};
use shared::app::tasks::api::{CreateTaskRequest, TaskView};
use shared::app::tasks::QueueService;
use shared::http::{ApiError, ApiRequest, ApiResponse};
use shared::ports::TaskQueue;

pub struct Deps {
    pub service: QueueService,
    pub queue: Arc<dyn TaskQueue>,
}

pub async fn handle(deps: Arc<Deps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let body = request.json::<CreateTaskRequest>()?;
    let task = deps.service.submit(deps.queue.as_ref(), tenant, body).await?;
    let location = HeaderValue::try_from(format!("/api/analysis-queue/{}", task.id)).ok();
    let mut response = ApiResponse::json(StatusCode::ACCEPTED, &TaskView::from(task));
    if let Some(location) = location {
        response.headers.insert(header::LOCATION, location);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::adapters::memory::MemoryTaskQueue;
    use shared::http::Access;
    use shared::test_util::{fixture_queue, serve_fixture, FixtureTask};

    async fn invoke(fixture: &str) -> (StatusCode, serde_json::Value, Arc<MemoryTaskQueue>) {
        let queue = Arc::new(MemoryTaskQueue::default());
        let service = fixture_queue(FixtureTask::Pending).await.as_ref().clone();
        let deps = Arc::new(Deps { service, queue: queue.clone() });
        let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(deps, r)).await;
        (status, body, queue)
    }

    #[tokio::test]
    async fn a_valid_task_is_accepted_pending_and_queued_at_its_priority() {
        let (status, body, queue) = invoke("events/create-task/document-analysis.json").await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!((body["status"].as_str(), body["progress"].as_u64()), (Some("PENDING"), Some(0)));
        assert_eq!((body["priority"].as_str(), body["maxRetries"].as_u64()), (Some("URGENT"), Some(5)));
        assert_eq!(body["metadata"]["caseId"], "case-0042");
        let sent = queue.sent();
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].task_id, body["id"].as_str().expect("id"));
        assert_eq!(sent[0].tenant_id.as_str(), "acme-health");
    }

    #[tokio::test]
    async fn a_bad_type_or_priority_is_a_400_and_nothing_is_queued() {
        let (status, body, queue) = invoke("events/create-task/invalid-data.json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "priority");
        assert!(queue.sent().is_empty());
    }

    #[tokio::test]
    async fn bad_task_data_names_every_field() {
        let (status, body, _) = invoke("events/create-task/bad-task-data.json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let fields: Vec<&str> =
            body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["data.title", "data.sections[0].content"]);
    }
}
