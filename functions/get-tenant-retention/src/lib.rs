//! `GET /api/tenant/retention`: the tenant's retention setting (`days`, `null` when none) and
//! which kinds of record expire under it and which never do.

use std::sync::Arc;

use shared::app::tenant_data::retention::RetentionService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<RetentionService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    Ok(ApiResponse::ok(&service.get(tenant).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::domain::tenant::TenantId;
    use shared::domain::tenant_data::retention::{RetentionDays, RetentionSetting};
    use shared::http::Access;
    use shared::ports::RetentionStore;
    use shared::test_util::{fixture_retention, serve_fixture, FIXTURE_TENANT};

    #[tokio::test]
    async fn a_tenant_without_a_setting_keeps_everything_and_one_with_it_reads_it() {
        let (service, _, store) = fixture_retention().await;
        let fixture = "events/get-tenant-retention/read.json";
        let (status, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service.clone(), r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(
            (body["days"].clone(), body["updatedAt"].clone()),
            (serde_json::Value::Null, serde_json::Value::Null)
        );
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("valid");
        let (set, _) = RetentionSetting::none(tenant).change(RetentionDays::new(90), 1_000).expect("a change");
        store.put(&set).await.expect("put");
        let (_, body) = serve_fixture(fixture, Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(body["days"], 90);
        assert_eq!(body["updatedAt"], "1970-01-01T00:00:01Z");
    }
}
