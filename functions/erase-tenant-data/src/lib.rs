//! `DELETE /api/tenant/data` with `{"confirm": "<tenant id>", "revokeKeys"?: bool}`: accepts an
//! erase of everything stored for the tenant; 202 at once with the job (PENDING) and its
//! `Location`. The work runs in the background (`process-tenant-jobs`). Anything but the caller's
//! own tenant id in `confirm` is a 400 naming `confirm`.

use std::sync::Arc;

use shared::app::tenant_data::jobs::{EraseRequest, TenantJobsService, CONFIRM_RULE};
use shared::http::{ApiError, ApiRequest, ApiResponse, FieldError};

pub async fn handle(service: Arc<TenantJobsService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    // A DELETE is often sent without a body: that is a missing confirmation, not malformed JSON.
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::Validation(vec![FieldError::new("confirm", CONFIRM_RULE)]));
    }
    let job = service.erase(tenant, request.json::<EraseRequest>()?).await?;
    Ok(ApiResponse::accepted(&job, &format!("/api/tenant/erase/{}", job.id)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::http::Access;
    use shared::test_util::{fixture_tenant_jobs, serve_fixture};

    #[tokio::test]
    async fn the_callers_own_tenant_id_accepts_an_erase_with_revocation() {
        let (service, queue) = fixture_tenant_jobs().await;
        let (status, body) =
            serve_fixture("events/erase-tenant-data/confirmed.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!((body["kind"].as_str(), body["status"].as_str()), (Some("ERASE"), Some("PENDING")));
        assert_eq!(body["revokeKeys"], true);
        assert_eq!(queue.submitted().len(), 1);
    }

    #[tokio::test]
    async fn another_tenant_id_or_no_body_is_a_400_naming_confirm_and_nothing_is_queued() {
        for fixture in ["events/erase-tenant-data/wrong-tenant.json", "events/erase-tenant-data/no-body.json"] {
            let (service, queue) = fixture_tenant_jobs().await;
            let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service, r)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{fixture}: {body}");
            assert_eq!(body["errors"][0]["field"], "confirm", "{fixture}");
            assert!(queue.submitted().is_empty());
        }
    }
}
