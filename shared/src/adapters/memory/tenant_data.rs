//! The tenant-data stores in memory: the audit trail, export and erase jobs, export files, and
//! retention settings.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::audit::{sort_key, AuditRecord};
use crate::domain::tenant_data::jobs::TenantJob;
use crate::domain::tenant_data::retention::RetentionSetting;
use crate::ports::{
    AuditPage, AuditTrail, ExportFiles, ExportLink, RetentionStore, StoreError, TenantJobQueue, TenantJobStore,
};

/// Records kept per tenant in memory: beyond it the oldest go first, so a long-running `local`
/// under load keeps bounded memory (DynamoDB keeps every record until its TTL).
pub const MEMORY_AUDIT_RECORDS_PER_TENANT: usize = 100_000;

#[derive(Default)]
pub struct MemoryAuditTrail {
    records: Mutex<HashMap<TenantId, BTreeMap<String, AuditRecord>>>,
}

#[async_trait]
impl AuditTrail for MemoryAuditTrail {
    async fn append(&self, tenant: &TenantId, record: &AuditRecord) -> Result<(), StoreError> {
        let mut all = lock(&self.records);
        let trail = all.entry(tenant.clone()).or_default();
        trail.insert(record.sort_key(), record.clone());
        while trail.len() > MEMORY_AUDIT_RECORDS_PER_TENANT {
            trail.pop_first();
        }
        Ok(())
    }

    async fn list(
        &self,
        tenant: &TenantId,
        since_ms: i64,
        before: Option<&str>,
        limit: usize,
        now_ms: i64,
    ) -> Result<AuditPage, StoreError> {
        let all = lock(&self.records);
        let Some(trail) = all.get(tenant) else { return Ok(AuditPage::default()) };
        let from = sort_key(since_ms, "");
        let range = match before {
            // A cursor from before `since` (a client's choice): nothing lies between them, and a
            // reversed range would panic.
            Some(before) if before <= from.as_str() => return Ok(AuditPage::default()),
            Some(before) => trail.range(from..before.to_owned()),
            None => trail.range(from..),
        };
        let mut records: Vec<AuditRecord> =
            range.rev().map(|(_, r)| r).filter(|r| r.expires_at_ms() > now_ms).take(limit + 1).cloned().collect();
        let more = records.len() > limit;
        records.truncate(limit);
        let next_before = if more { records.last().map(AuditRecord::sort_key) } else { None };
        Ok(AuditPage { records, next_before })
    }
}

#[derive(Default)]
pub struct MemoryTenantJobs {
    jobs: Mutex<BTreeMap<(TenantId, String), TenantJob>>,
}

#[async_trait]
impl TenantJobStore for MemoryTenantJobs {
    async fn create(&self, job: &TenantJob) -> Result<(), StoreError> {
        let mut jobs = lock(&self.jobs);
        let key = (job.tenant.clone(), job.id.clone());
        if jobs.contains_key(&key) {
            return Err(StoreError::Conflict);
        }
        jobs.insert(key, job.clone());
        Ok(())
    }

    async fn update(&self, before: &TenantJob, after: &TenantJob) -> Result<(), StoreError> {
        let mut jobs = lock(&self.jobs);
        match jobs.get_mut(&(before.tenant.clone(), before.id.clone())) {
            Some(stored) if stored.version == before.version => {
                *stored = after.clone();
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<TenantJob>, StoreError> {
        Ok(lock(&self.jobs).get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<TenantJob>, StoreError> {
        Ok(lock(&self.jobs).values().filter(|j| &j.tenant == tenant).cloned().collect())
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        lock(&self.jobs).remove(&(tenant.clone(), id.to_owned()));
        Ok(())
    }

    /// Memory has no TTL: the read rule (`adapters::retention`) hides expired jobs.
    async fn set_expiry(&self, _: &TenantId, _: &str, _: Option<i64>) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Retention settings in memory, with the DynamoDB adapter's versioned writes.
#[derive(Default)]
pub struct MemoryRetentionStore {
    settings: Mutex<HashMap<TenantId, RetentionSetting>>,
}

#[async_trait]
impl RetentionStore for MemoryRetentionStore {
    async fn get(&self, tenant: &TenantId) -> Result<RetentionSetting, StoreError> {
        Ok(lock(&self.settings).get(tenant).cloned().unwrap_or_else(|| RetentionSetting::none(tenant.clone())))
    }

    async fn put(&self, setting: &RetentionSetting) -> Result<(), StoreError> {
        let mut settings = lock(&self.settings);
        let stored = settings.get(&setting.tenant).map_or(0, |s| s.version);
        if stored + 1 != setting.version {
            return Err(StoreError::Conflict);
        }
        settings.insert(setting.tenant.clone(), setting.clone());
        Ok(())
    }

    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        lock(&self.settings).remove(tenant);
        Ok(())
    }
}

/// A job queue that only records what was submitted (unit tests; `local` runs its jobs itself).
#[derive(Default)]
pub struct MemoryTenantJobQueue {
    submitted: Mutex<Vec<(TenantId, String)>>,
}

impl MemoryTenantJobQueue {
    pub fn submitted(&self) -> Vec<(TenantId, String)> {
        lock(&self.submitted).clone()
    }
}

#[async_trait]
impl TenantJobQueue for MemoryTenantJobQueue {
    async fn submit(&self, tenant: &TenantId, job_id: &str) -> Result<(), StoreError> {
        lock(&self.submitted).push((tenant.clone(), job_id.to_owned()));
        Ok(())
    }
}

/// Export files in memory, served by `local`'s download route (`MemoryExportFiles::path`).
#[derive(Default)]
pub struct MemoryExportFiles {
    files: Mutex<HashMap<(TenantId, String), Vec<u8>>>,
}

impl MemoryExportFiles {
    /// The `local` route that serves an export's file, behind the API key like every route.
    pub fn path(export_id: &str) -> String {
        format!("/api/tenant/export/{export_id}/file")
    }

    /// The file of one of the tenant's exports, if stored.
    pub fn read(&self, tenant: &TenantId, export_id: &str) -> Option<Vec<u8>> {
        lock(&self.files).get(&(tenant.clone(), export_id.to_owned())).cloned()
    }
}

#[async_trait]
impl ExportFiles for MemoryExportFiles {
    async fn put(&self, tenant: &TenantId, export_id: &str, gzip_ndjson: Vec<u8>) -> Result<(), StoreError> {
        lock(&self.files).insert((tenant.clone(), export_id.to_owned()), gzip_ndjson);
        Ok(())
    }

    async fn link(&self, _: &TenantId, export_id: &str, _: i64) -> Result<ExportLink, StoreError> {
        Ok(ExportLink { url: Self::path(export_id), expires_at_ms: None })
    }

    async fn delete(&self, tenant: &TenantId, export_id: &str) -> Result<(), StoreError> {
        lock(&self.files).remove(&(tenant.clone(), export_id.to_owned()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tenant_data::audit::{AUDIT_RETENTION_DAYS, DAY_MS};

    fn record(at_ms: i64, id: &str) -> AuditRecord {
        AuditRecord::new(at_ms, id, Some("0123456789abcdef".to_owned()), "GET /api/tenant", None, 200)
    }

    #[tokio::test]
    async fn pages_run_newest_first_from_since_and_expired_records_are_gone() {
        let trail = MemoryAuditTrail::default();
        let tenant = TenantId::parse("t").expect("valid");
        let other = TenantId::parse("u").expect("valid");
        for i in 0..5 {
            trail.append(&tenant, &record(1_000 + i, &format!("r{i}"))).await.expect("append");
        }
        trail.append(&other, &record(1_002, "x")).await.expect("append");
        let first = trail.list(&tenant, 1_001, None, 2, 2_000).await.expect("list");
        let ids: Vec<&str> = first.records.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids, ["r4", "r3"]);
        let second = trail.list(&tenant, 1_001, first.next_before.as_deref(), 2, 2_000).await.expect("list");
        let ids: Vec<&str> = second.records.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids, ["r2", "r1"]);
        assert_eq!(second.next_before, None, "r0 is before since");
        let reversed = trail.list(&tenant, 1_003, Some(&sort_key(1_001, "r1")), 10, 2_000).await.expect("list");
        assert_eq!(reversed, AuditPage::default(), "a cursor before `since` is an empty page, not a panic");
        let later = 1_000 + AUDIT_RETENTION_DAYS * DAY_MS + 2;
        let expired = trail.list(&tenant, 0, None, 10, later).await.expect("list");
        let ids: Vec<&str> = expired.records.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids, ["r4", "r3"], "r0..r2 expired at their 400th day");
    }
}
