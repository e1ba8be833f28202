//! `GET /api/analysis-queue`: the caller's tasks, newest first, filtered by `status`, `type` and
//! `priority`, paged with `limit` (1–100, default 20) and the `cursor` of the previous page.

use std::sync::Arc;

use shared::analysis::api::ListQuery;
use shared::analysis::QueueService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<QueueService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let query = ListQuery::parse(&request.query)?;
    Ok(ApiResponse::ok(&service.list(tenant, &query).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_queue, serve_fixture, FixtureTask};

    #[tokio::test]
    async fn filters_apply_and_an_empty_page_has_no_cursor() {
        // The fixture's task is HIGH: a filter for URGENT finds nothing.
        let service = fixture_queue(FixtureTask::Pending).await;
        let (status, body) =
            serve_fixture("events/list-tasks/pending-urgent.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["tasks"], serde_json::json!([]));
        assert!(body.get("nextCursor").is_none());
    }

    #[tokio::test]
    async fn every_bad_parameter_is_named() {
        let service = fixture_queue(FixtureTask::Pending).await;
        let (status, body) =
            serve_fixture("events/list-tasks/bad-filter.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let fields: Vec<&str> =
            body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["status", "limit"]);
    }
}
