//! `GET /api/tenant/audit`: the tenant's access audit trail, newest first.

use std::sync::Arc;

use serde::Serialize;

use crate::app::{AppError, Dependency, PageQuery, StoreResultExt};
use crate::clock::rfc3339;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::audit::AuditRecord;
use crate::ports::{AuditTrail, Clock};

/// One audited request as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecordView {
    /// When the request was answered (RFC 3339 UTC).
    pub at: String,
    pub request_id: String,
    /// The first 16 hex digits of the SHA-256 of the key used: names the key, cannot be used as one.
    pub key_id: Option<String>,
    /// The route template, e.g. `GET /api/analysis-queue/{id}`.
    pub route: String,
    /// The id the request acted on, when it had one.
    pub resource_id: Option<String>,
    /// The HTTP status answered.
    pub status: u16,
}

impl From<&AuditRecord> for AuditRecordView {
    fn from(r: &AuditRecord) -> Self {
        Self {
            at: rfc3339(r.at_ms),
            request_id: r.request_id.clone(),
            key_id: r.key_id.clone(),
            route: r.route.clone(),
            resource_id: r.resource_id.clone(),
            status: r.status,
        }
    }
}

/// A page of the trail.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditListView {
    pub records: Vec<AuditRecordView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

pub struct AuditService {
    trail: Arc<dyn AuditTrail>,
    clock: Arc<dyn Clock>,
}

impl AuditService {
    pub fn new(trail: Arc<dyn AuditTrail>, clock: Arc<dyn Clock>) -> Self {
        Self { trail, clock }
    }

    /// The tenant's records at or after `since_ms` (all kept ones when `None`), newest first.
    pub async fn list(
        &self,
        tenant: &TenantId,
        since_ms: Option<i64>,
        page: PageQuery,
    ) -> Result<AuditListView, AppError> {
        let found = self
            .trail
            .list(tenant, since_ms.unwrap_or(0), page.cursor.as_deref(), page.limit, self.clock.now_ms())
            .await
            .or_unavailable(Dependency::AuditTrail)?;
        Ok(AuditListView {
            records: found.records.iter().map(AuditRecordView::from).collect(),
            next_cursor: found.next_before,
        })
    }
}
