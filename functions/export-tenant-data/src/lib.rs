//! `POST /api/tenant/export`: accepts an export of everything stored for the tenant; 202 at once
//! with the job (PENDING) and its `Location`. The file is written in the background
//! (`process-tenant-jobs`), never inside the request.

use std::sync::Arc;

use shared::app::tenant_data::jobs::TenantJobsService;
use shared::domain::tenant_data::jobs::JobKind;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<TenantJobsService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let job = service.submit(tenant, JobKind::Export, false).await?;
    Ok(ApiResponse::accepted(&job, &format!("/api/tenant/export/{}", job.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::{header, StatusCode};
    use shared::http::Access;
    use shared::test_util::{fixture_tenant_jobs, serve_fixture_response};

    #[tokio::test]
    async fn an_export_is_accepted_pending_queued_and_located() {
        let (service, queue) = fixture_tenant_jobs().await;
        let response =
            serve_fixture_response("events/export-tenant-data/accepted.json", Access::Tenant, |r| handle(service, r))
                .await;
        assert_eq!(response.status, StatusCode::ACCEPTED);
        let body: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON");
        assert_eq!((body["kind"].as_str(), body["status"].as_str()), (Some("EXPORT"), Some("PENDING")));
        let id = body["id"].as_str().expect("id");
        let location = response.headers.get(header::LOCATION).and_then(|v| v.to_str().ok());
        assert_eq!(location, Some(format!("/api/tenant/export/{id}").as_str()));
        let submitted = queue.submitted();
        assert_eq!(submitted.len(), 1, "queued to run in the background");
        assert_eq!((submitted[0].0.as_str(), submitted[0].1.as_str()), ("acme-health", id));
    }
}
