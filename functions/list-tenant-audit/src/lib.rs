//! `GET /api/tenant/audit`: the tenant's access audit trail, newest first; `since` (RFC 3339),
//! `limit`, `cursor`.

use std::sync::Arc;

use shared::app::tenant_data::audit::AuditService;
use shared::domain::tenant_data::audit::is_cursor;
use shared::http::{page_query, ApiError, ApiRequest, ApiResponse};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub async fn handle(service: Arc<AuditService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let mut since_ms = None;
    let page = page_query(&request.query, is_cursor, &["since"], |_, value| {
        let at = OffsetDateTime::parse(value, &Rfc3339)
            .map_err(|_| "must be an RFC 3339 timestamp, e.g. 2026-12-01T00:00:00Z".to_owned())?;
        since_ms = Some((at.unix_timestamp_nanos() / 1_000_000).clamp(0, i128::from(i64::MAX)) as i64);
        Ok(())
    })?;
    Ok(ApiResponse::ok(&service.list(tenant, since_ms, page).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::memory::MemoryAuditTrail;
    use shared::clock::ManualClock;
    use shared::domain::tenant::TenantId;
    use shared::domain::tenant_data::audit::AuditRecord;
    use shared::http::Access;
    use shared::ports::AuditTrail;
    use shared::test_util::{serve_fixture, FIXTURE_TENANT};

    /// Records at 2026-12-01T00:00:00Z + i seconds, of the fixtures' tenant and of another one.
    async fn service() -> Arc<AuditService> {
        let trail = Arc::new(MemoryAuditTrail::default());
        let start = 1_796_083_200_000;
        for (tenant, n) in [(FIXTURE_TENANT, 3), ("other-tenant", 1)] {
            let tenant = TenantId::parse(tenant).expect("valid");
            for i in 0..n {
                let record =
                    AuditRecord::new(start + i * 1000, &format!("req-{i}"), None, "GET /api/tenant", None, 200);
                trail.append(&tenant, &record).await.expect("append");
            }
        }
        Arc::new(AuditService::new(trail, Arc::new(ManualClock::at(start + 10_000))))
    }

    #[tokio::test]
    async fn records_since_a_time_newest_first_of_the_callers_tenant_only() {
        let (status, body) = serve_fixture("events/list-tenant-audit/since.json", Access::Tenant, |r| async move {
            handle(service().await, r).await
        })
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let ids: Vec<&str> =
            body["records"].as_array().expect("records").iter().filter_map(|r| r["requestId"].as_str()).collect();
        assert_eq!(ids, ["req-2", "req-1"]);
        assert_eq!(body["records"][0]["at"], "2026-12-01T00:00:02Z");
        assert_eq!(body["records"][0]["route"], "GET /api/tenant");
    }

    #[tokio::test]
    async fn a_bad_since_and_a_foreign_cursor_are_named() {
        let (status, body) = serve_fixture("events/list-tenant-audit/bad-query.json", Access::Tenant, |r| async move {
            handle(service().await, r).await
        })
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let fields: Vec<&str> =
            body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["since", "cursor"]);
    }
}
