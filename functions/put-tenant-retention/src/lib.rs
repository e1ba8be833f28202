//! `PUT /api/tenant/retention` with `{"days": N}` (1 to 3650) or `{"days": null}`: how long the
//! tenant's content is kept. 200 with the setting; anything else in `days` (absent, 0, 3651, a
//! fraction, a string) is a 400 naming `days`. A change queues one re-stamp job in the background
//! (`process-tenant-jobs`), which sets the TTL of the items stored before it; the rule applies
//! on every read from the moment it is written.

use std::sync::Arc;

use shared::app::tenant_data::retention::{PutRetentionRequest, RetentionService};
use shared::domain::tenant_data::retention::DAYS_RULE;
use shared::http::{ApiError, ApiRequest, ApiResponse, FieldError};

pub async fn handle(service: Arc<RetentionService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    // No body is a missing `days`, said as such rather than as malformed JSON.
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::Validation(vec![FieldError::new("days", format!("is required: {DAYS_RULE}"))]));
    }
    let setting = service.put(tenant, request.json::<PutRetentionRequest>()?).await?;
    Ok(ApiResponse::ok(&setting))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::domain::tenant::TenantId;
    use shared::http::Access;
    use shared::ports::RetentionStore;
    use shared::test_util::{fixture_retention, serve_fixture, FIXTURE_TENANT};

    #[tokio::test]
    async fn thirty_days_is_stored_and_queues_one_restamp() {
        let (service, queue, store) = fixture_retention().await;
        let (status, body) =
            serve_fixture("events/put-tenant-retention/thirty-days.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["days"], 30);
        assert!(body["expiring"].as_array().expect("kinds").contains(&"message".into()));
        assert!(body["kept"].as_array().expect("kinds").contains(&"auditRecord".into()));
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("valid");
        assert_eq!(store.get(&tenant).await.expect("get").days.map(|d| d.get()), Some(30));
        assert_eq!(queue.submitted().len(), 1, "the items stored before are re-stamped in the background");
    }

    #[tokio::test]
    async fn days_out_of_range_or_of_another_type_are_400s_naming_days_and_change_nothing() {
        for fixture in [
            "events/put-tenant-retention/zero-days.json",
            "events/put-tenant-retention/too-many-days.json",
            "events/put-tenant-retention/fraction.json",
            "events/put-tenant-retention/no-body.json",
        ] {
            let (service, queue, store) = fixture_retention().await;
            let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service, r)).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{fixture}: {body}");
            assert_eq!(body["errors"][0]["field"], "days", "{fixture}: {body}");
            let tenant = TenantId::parse(FIXTURE_TENANT).expect("valid");
            assert_eq!(store.get(&tenant).await.expect("get").version, 0, "{fixture}");
            assert!(queue.submitted().is_empty(), "{fixture}");
        }
    }
}
