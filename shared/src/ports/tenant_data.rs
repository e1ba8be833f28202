//! A tenant's data: the audit trail, export and erase jobs, export files, and the retention
//! setting.

use super::*;

/// One page of a tenant's audit trail, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    /// The sort key to continue before; `None` on the last page.
    pub next_before: Option<String>,
}

/// The access audit trail (`domain::tenant_data::audit`).
///
/// Contract: `append` stores one record under the tenant, to expire at `record.expires_at_ms()`
/// (DynamoDB TTL; the memory store drops expired records on read), and is never undone by an
/// erase of the tenant's data. `list` answers the tenant's records at or after `since_ms` and
/// before the sort key `before` (exclusive), newest first, at most `limit`, none expired at
/// `now_ms`; a page is short only when it is the last (`next_before` is `None` exactly then).
#[async_trait]
pub trait AuditTrail: Send + Sync {
    async fn append(&self, tenant: &TenantId, record: &AuditRecord) -> Result<(), StoreError>;
    async fn list(
        &self,
        tenant: &TenantId,
        since_ms: i64,
        before: Option<&str>,
        limit: usize,
        now_ms: i64,
    ) -> Result<AuditPage, StoreError>;
}

/// Export and erase jobs, one item each under the tenant.
///
/// Contract: `create` refuses an id that exists (`Conflict`); `update` writes `after` only over
/// the stored `before.version` (`Conflict` otherwise); `get` is tenant-scoped and strongly
/// consistent; `of_tenant` answers every job of the tenant, read page after page; `delete` is
/// idempotent.
#[async_trait]
pub trait TenantJobStore: Send + Sync {
    async fn create(&self, job: &TenantJob) -> Result<(), StoreError>;
    async fn update(&self, before: &TenantJob, after: &TenantJob) -> Result<(), StoreError>;
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<TenantJob>, StoreError>;
    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<TenantJob>, StoreError>;
    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError>;
    /// Sets (or removes) the TTL attribute of a job, as `TaskStore::set_expiry` does.
    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError>;
}

/// Where a finished export can be fetched from, and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportLink {
    /// An absolute pre-signed URL (S3), or a path of this API (`local`).
    pub url: String,
    /// When the URL stops working (epoch ms); `None` for a path that needs the API key anyway.
    pub expires_at_ms: Option<i64>,
}

/// The export files.
///
/// Contract: `put` stores the file of one export (replacing a previous attempt's); `link` answers
/// where a stored file can be downloaded; `delete` removes it and is idempotent. Files are private
/// to the tenant: the tenant and export id name one file, and no other tenant's link reaches it.
#[async_trait]
pub trait ExportFiles: Send + Sync {
    async fn put(&self, tenant: &TenantId, export_id: &str, gzip_ndjson: Vec<u8>) -> Result<(), StoreError>;
    async fn link(&self, tenant: &TenantId, export_id: &str, now_ms: i64) -> Result<ExportLink, StoreError>;
    async fn delete(&self, tenant: &TenantId, export_id: &str) -> Result<(), StoreError>;
}

/// Runs a tenant's export and erase jobs in the background, outside the request that accepted
/// them (an SQS queue and its consumer in AWS, a task of the `local` process).
///
/// Contract: after `submit` returns, the job is run at least once (a runner must treat a second
/// delivery of a finished job as done).
#[async_trait]
pub trait TenantJobQueue: Send + Sync {
    async fn submit(&self, tenant: &TenantId, job_id: &str) -> Result<(), StoreError>;
}

/// Each tenant's retention setting (`domain::tenant_data::retention`), one record per tenant.
///
/// Contract: `get` is strongly consistent and answers `RetentionSetting::none` for a tenant that
/// never set one; `put` writes the whole record only if the stored one has version
/// `setting.version - 1` (a first setting, version 1: only if there is none), `Conflict`
/// otherwise; `delete` is idempotent (an erase). The record never expires.
#[async_trait]
pub trait RetentionStore: Send + Sync {
    async fn get(&self, tenant: &TenantId) -> Result<RetentionSetting, StoreError>;
    async fn put(&self, setting: &RetentionSetting) -> Result<(), StoreError>;
    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError>;
}
