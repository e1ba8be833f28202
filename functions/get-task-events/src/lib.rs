//! `GET /api/analysis-queue/{id}/events`: the task's recorded events after `Last-Event-ID` (or
//! `?after=`). As JSON by default; with `Accept: text/event-stream`, as Server-Sent Events that
//! wait (bounded) for the next event, then end so the client reconnects, until the task is final
//! (see `shared::app::tasks::events`).

use std::sync::Arc;

use shared::app::tasks::events::EventWait;
use shared::app::tasks::QueueService;
use shared::http::sse::{resume_after, task_events};
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub struct Deps {
    pub service: QueueService,
    pub wait: EventWait,
}

pub async fn handle(deps: Arc<Deps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let id = request.path_param("id")?;
    let after = resume_after(request.header("last-event-id"), &request.query)?;
    let wants_stream = request.header("accept").is_some_and(|a| a.contains("text/event-stream"));
    if wants_stream {
        Ok(task_events(&deps.service.events_waiting(tenant, id, after, deps.wait).await?))
    } else {
        Ok(ApiResponse::ok(&deps.service.events_json(tenant, id, after).await?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_queue, serve_fixture, FixtureTask};

    async fn deps(state: FixtureTask) -> Arc<Deps> {
        let service = fixture_queue(state).await.as_ref().clone();
        Arc::new(Deps { service, wait: EventWait::default() })
    }

    #[tokio::test]
    async fn the_events_after_the_given_id_come_as_json() {
        let deps = deps(FixtureTask::Processing).await;
        let (status, body) =
            serve_fixture("events/get-task-events/after-created.json", Access::Tenant, |r| handle(deps, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["status"], "PROCESSING");
        let kinds: Vec<&str> =
            body["events"].as_array().expect("events").iter().filter_map(|e| e["type"].as_str()).collect();
        assert_eq!(kinds, ["started"], "resumed after event 1");
        assert_eq!(body["events"][0]["seq"], 2);
    }

    #[tokio::test]
    async fn a_bad_last_event_id_is_a_400() {
        let deps = deps(FixtureTask::Pending).await;
        let (status, body) =
            serve_fixture("events/get-task-events/bad-last-event-id.json", Access::Tenant, |r| handle(deps, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "Last-Event-ID");
    }
}
