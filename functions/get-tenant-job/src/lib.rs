//! `GET /api/tenant/export/{id}` and `GET /api/tenant/erase/{id}`: an export or erase job of the
//! tenant, with its counts per kind once COMPLETED; a COMPLETED export with its download (a
//! pre-signed URL valid for `EXPORT_LINK_SECONDS`). Another tenant's id, or an id of the other
//! kind, is a 404.

use std::sync::Arc;

use shared::app::tenant_data::jobs::TenantJobsService;
use shared::domain::tenant_data::jobs::JobKind;
use shared::http::{ApiError, ApiRequest, ApiResponse};
use shared::ids::is_id;

pub async fn handle(service: Arc<TenantJobsService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let kind = if request.path.starts_with("/api/tenant/erase/") { JobKind::Erase } else { JobKind::Export };
    let id = request.path_params.get("id").map(String::as_str).unwrap_or_default();
    if !is_id(id) {
        return Err(ApiError::NotFound(format!("no {} job with this id", kind.as_str().to_lowercase())));
    }
    Ok(ApiResponse::ok(&service.job(tenant, id, kind).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_tenant_jobs, serve_fixture, FIXTURE_EXPORT_ID};

    #[tokio::test]
    async fn a_completed_export_has_its_counts_and_download() {
        let (service, _) = fixture_tenant_jobs().await;
        let (status, body) =
            serve_fixture("events/get-tenant-job/export.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["id"].as_str(), body["status"].as_str()), (Some(FIXTURE_EXPORT_ID), Some("COMPLETED")));
        assert_eq!(body["counts"]["task"], 1);
        assert_eq!(body["download"]["url"], format!("/api/tenant/export/{FIXTURE_EXPORT_ID}/file"));
    }

    #[tokio::test]
    async fn an_export_id_read_as_an_erase_is_not_found() {
        let (service, _) = fixture_tenant_jobs().await;
        let (status, body) =
            serve_fixture("events/get-tenant-job/erase-unknown.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["code"], "not_found");
    }
}
