//! The tenant-data stores in memory: the audit trail.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::audit::{sort_key, AuditRecord};
use crate::ports::{AuditPage, AuditTrail, StoreError};

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
        let later = 1_000 + AUDIT_RETENTION_DAYS * DAY_MS + 2;
        let expired = trail.list(&tenant, 0, None, 10, later).await.expect("list");
        let ids: Vec<&str> = expired.records.iter().map(|r| r.request_id.as_str()).collect();
        assert_eq!(ids, ["r4", "r3", "r2"]);
    }
}
