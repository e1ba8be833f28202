//! `GET /api/analysis-queue`: the caller's tasks, newest first, filtered by `status`, `type` and
//! `priority`, paged with `limit` (1–100, default 20) and the `cursor` of the previous page.

use std::sync::Arc;

use shared::app::tasks::api::ListQuery;
use shared::app::tasks::QueueService;
use shared::domain::tasks::{parse_name, Priority, TaskStatus, TaskType};
use shared::http::{page_query, ApiError, ApiRequest, ApiResponse};
use shared::ports::TaskFilter;

pub async fn handle(service: Arc<QueueService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let query = parse_query(&request.query)?;
    Ok(ApiResponse::ok(&service.list(tenant, &query).await?))
}

/// Parses the raw query string; every bad or unknown parameter is reported at once.
fn parse_query(raw: &str) -> Result<ListQuery, ApiError> {
    fn one_of<T: Copy>(all: &[T], name: fn(T) -> &'static str, value: &str) -> Result<T, String> {
        parse_name(all, name, value).ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            format!("must be one of {}", names.join(", "))
        })
    }
    let mut filter = TaskFilter::default();
    let page = page_query(raw, shared::ids::is_id, &["status", "type", "priority"], |name, value| match name {
        "status" => one_of(&TaskStatus::ALL, TaskStatus::as_str, value).map(|s| filter.status = Some(s)),
        "type" => one_of(&TaskType::ALL, TaskType::as_str, value).map(|t| filter.task_type = Some(t)),
        _ => one_of(&Priority::ALL, Priority::as_str, value).map(|p| filter.priority = Some(p)),
    })?;
    Ok(ListQuery { filter, limit: page.limit, after: page.cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_queries_parse_filters_and_name_every_bad_parameter() {
        let q = parse_query("status=PENDING&priority=URGENT&limit=5").expect("valid");
        assert_eq!(q.filter.status, Some(TaskStatus::Pending));
        assert_eq!(q.filter.priority, Some(Priority::Urgent));
        assert_eq!(q.limit, 5);
        assert_eq!(parse_query("").expect("valid").limit, shared::http::DEFAULT_PAGE);
        let Err(ApiError::Validation(errors)) = parse_query("status=DONE&limit=0&cursor=x&sort=asc") else {
            panic!("refused")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["status", "limit", "cursor", "sort"]);
        assert!(errors[0].message.contains("PROCESSING"));
    }
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
