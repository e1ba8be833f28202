//! In-memory stand-ins for the stores. They honour the same contracts as the DynamoDB adapters
//! (atomic claims, conditional state changes), so `local` behaves like a deployment.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use crate::domain::idempotency::{Fingerprint, IdempotencyRecord, IdempotencyScope, RecordState, StoredResponse};
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::rate_limit::{self, BucketState, RateDecision, RatePolicy, RateUsage};
use crate::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
use crate::domain::usage::{DailyUsage, Day, UsageDelta};
use crate::ports::{
    ApiKeyStore, Claim, DependencyProbe, IdempotencyStore, OptimizerStatsStore, RateLimiter, StoreError, UsageStore,
};

mod chat;
mod gpu_pools;
mod instances;
mod machine_secrets;
mod tasks;
mod tenant_data;

pub use chat::MemoryConversationStore;
pub use gpu_pools::MemoryGpuPoolStore;
pub use instances::{MemoryInstanceStore, MemoryWorkflowStarter};
pub use machine_secrets::MemoryMachineSecrets;
pub use tasks::{MemoryTaskQueue, MemoryTaskStore};
pub use tenant_data::{
    MemoryAuditTrail, MemoryExportFiles, MemoryRetentionStore, MemoryTenantJobQueue, MemoryTenantJobs,
    MEMORY_AUDIT_RECORDS_PER_TENANT,
};

// A poisoned mutex only means another request panicked mid-update of plain data; the data is
// still consistent (every update below is a single insert/remove), so keep serving.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[derive(Default)]
pub struct MemoryApiKeyStore {
    keys: Mutex<HashMap<KeyHash, ApiKeyRecord>>,
}

#[async_trait]
impl ApiKeyStore for MemoryApiKeyStore {
    async fn find(&self, hash: &KeyHash) -> Result<Option<ApiKeyRecord>, StoreError> {
        Ok(lock(&self.keys).get(hash).cloned())
    }
    async fn put(&self, record: &ApiKeyRecord) -> Result<(), StoreError> {
        lock(&self.keys).insert(record.hash.clone(), record.clone());
        Ok(())
    }
    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        Ok(lock(&self.keys).values().filter(|k| &k.tenant == tenant).cloned().collect())
    }
}

#[derive(Default)]
pub struct MemoryRateLimiter {
    buckets: Mutex<HashMap<TenantId, BucketState>>,
}

#[async_trait]
impl RateLimiter for MemoryRateLimiter {
    async fn acquire(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateDecision, StoreError> {
        let mut buckets = lock(&self.buckets);
        let (decision, next) = rate_limit::take_token(buckets.get(tenant).copied(), policy, now_ms);
        if let Some(next) = next {
            buckets.insert(tenant.clone(), next);
        }
        Ok(decision)
    }
    async fn usage(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateUsage, StoreError> {
        Ok(rate_limit::usage(lock(&self.buckets).get(tenant).copied(), policy, now_ms))
    }
}

struct MemoryRecord {
    record: IdempotencyRecord,
    expires_at_ms: i64,
}

#[derive(Default)]
pub struct MemoryIdempotencyStore {
    records: Mutex<HashMap<IdempotencyScope, MemoryRecord>>,
}

#[async_trait]
impl IdempotencyStore for MemoryIdempotencyStore {
    async fn claim(
        &self,
        scope: &IdempotencyScope,
        fingerprint: &Fingerprint,
        now_ms: i64,
        lock_ms: i64,
        ttl_ms: i64,
    ) -> Result<Claim, StoreError> {
        let mut records = lock(&self.records);
        if let Some(existing) = records.get(scope) {
            let expired = existing.expires_at_ms <= now_ms;
            let lock_lapsed = matches!(existing.record.state,
                RecordState::InProgress { lock_expires_at_ms } if lock_expires_at_ms <= now_ms);
            if !expired && !lock_lapsed {
                return Ok(Claim::Existing(existing.record.clone()));
            }
        }
        let record = IdempotencyRecord {
            fingerprint: fingerprint.clone(),
            state: RecordState::InProgress { lock_expires_at_ms: now_ms + lock_ms },
        };
        records.insert(scope.clone(), MemoryRecord { record, expires_at_ms: now_ms + ttl_ms });
        Ok(Claim::Claimed)
    }

    async fn complete(
        &self,
        scope: &IdempotencyScope,
        fingerprint: &Fingerprint,
        response: &StoredResponse,
        expires_at_ms: i64,
    ) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        match records.get_mut(scope) {
            Some(r) if &r.record.fingerprint == fingerprint => {
                r.record.state = RecordState::Completed(response.clone());
                r.expires_at_ms = expires_at_ms;
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn release(&self, scope: &IdempotencyScope, fingerprint: &Fingerprint) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        if records.get(scope).is_some_and(|r| &r.record.fingerprint == fingerprint) {
            records.remove(scope);
        }
        Ok(())
    }

    async fn delete_tenant(&self, tenant: &TenantId) -> Result<u64, StoreError> {
        let mut records = lock(&self.records);
        let before = records.len();
        records.retain(|scope, _| !scope.belongs_to(tenant));
        Ok((before - records.len()) as u64)
    }
}

#[derive(Default)]
pub struct MemoryOptimizerStats {
    totals: Mutex<HashMap<TenantId, OptimizerTotals>>,
}

#[async_trait]
impl OptimizerStatsStore for MemoryOptimizerStats {
    async fn record(&self, tenant: &TenantId, delta: &OptimizerTotals) -> Result<(), StoreError> {
        lock(&self.totals).entry(tenant.clone()).or_default().add(delta);
        Ok(())
    }
    async fn totals(&self, tenant: &TenantId) -> Result<OptimizerTotals, StoreError> {
        Ok(lock(&self.totals).get(tenant).copied().unwrap_or_default())
    }
    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        lock(&self.totals).remove(tenant);
        Ok(())
    }
}

#[derive(Default)]
pub struct MemoryUsageStore {
    days: Mutex<HashMap<(TenantId, Day), UsageDelta>>,
}

#[async_trait]
impl UsageStore for MemoryUsageStore {
    async fn add(&self, tenant: &TenantId, day: Day, delta: &UsageDelta) -> Result<(), StoreError> {
        lock(&self.days).entry((tenant.clone(), day)).or_default().add(delta);
        Ok(())
    }
    async fn days(&self, tenant: &TenantId, from: Day, to: Day) -> Result<Vec<DailyUsage>, StoreError> {
        // Bounded by the range, as the DynamoDB query is: one lookup per day.
        let days = lock(&self.days);
        let mut out = Vec::new();
        let mut day = from;
        while day <= to {
            if let Some(totals) = days.get(&(tenant.clone(), day)) {
                out.push(DailyUsage { day, totals: *totals });
            }
            day = day.next();
        }
        Ok(out)
    }
    async fn all_days(&self, tenant: &TenantId) -> Result<Vec<DailyUsage>, StoreError> {
        let mut out: Vec<DailyUsage> = lock(&self.days)
            .iter()
            .filter(|((t, _), _)| t == tenant)
            .map(|((_, day), totals)| DailyUsage { day: *day, totals: *totals })
            .collect();
        out.sort_by_key(|d| d.day);
        Ok(out)
    }
}

/// The readiness entry for an embedded store: it lives in this process, so it is up whenever the
/// process answers. Listed so `/health/ready` shows what the deployment runs on.
pub struct EmbeddedProbe {
    pub name: &'static str,
}

#[async_trait]
impl DependencyProbe for EmbeddedProbe {
    fn name(&self) -> &str {
        self.name
    }
    fn kind(&self) -> &str {
        "memory-store"
    }
    async fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope() -> IdempotencyScope {
        IdempotencyScope::new(&TenantId::parse("t").expect("valid"), "k")
    }

    #[tokio::test]
    async fn a_claim_is_exclusive_until_its_lock_lapses() {
        let store = MemoryIdempotencyStore::default();
        let fp = Fingerprint::of("POST", "/p", "", b"{}");
        assert_eq!(store.claim(&scope(), &fp, 0, 1_000, 60_000).await.ok(), Some(Claim::Claimed));
        assert!(matches!(store.claim(&scope(), &fp, 500, 1_000, 60_000).await, Ok(Claim::Existing(_))));
        // The first holder died: after its lock lapses the key can be claimed again.
        assert_eq!(store.claim(&scope(), &fp, 1_000, 1_000, 60_000).await.ok(), Some(Claim::Claimed));
    }

    #[tokio::test]
    async fn completed_records_replay_until_they_expire() {
        let store = MemoryIdempotencyStore::default();
        let fp = Fingerprint::of("POST", "/p", "", b"{}");
        let resp = StoredResponse { status: 201, content_type: None, location: None, body: vec![1] };
        store.claim(&scope(), &fp, 0, 1_000, 60_000).await.expect("claim");
        store.complete(&scope(), &fp, &resp, 60_000).await.expect("complete");
        match store.claim(&scope(), &fp, 30_000, 1_000, 60_000).await {
            Ok(Claim::Existing(r)) => assert_eq!(r.state, RecordState::Completed(resp)),
            other => panic!("expected the completed record, got {other:?}"),
        }
        assert_eq!(store.claim(&scope(), &fp, 60_000, 1_000, 60_000).await.ok(), Some(Claim::Claimed));
    }

    #[tokio::test]
    async fn release_and_complete_only_touch_the_callers_record() {
        let store = MemoryIdempotencyStore::default();
        let mine = Fingerprint::of("POST", "/p", "", b"a");
        let other = Fingerprint::of("POST", "/p", "", b"b");
        let resp = StoredResponse { status: 200, content_type: None, location: None, body: vec![] };
        store.claim(&scope(), &mine, 0, 1_000, 60_000).await.expect("claim");
        store.release(&scope(), &other).await.expect("release");
        assert!(matches!(store.claim(&scope(), &mine, 1, 1_000, 60_000).await, Ok(Claim::Existing(_))));
        assert!(matches!(store.complete(&scope(), &other, &resp, 9).await, Err(StoreError::Conflict)));
        store.release(&scope(), &mine).await.expect("release");
        assert_eq!(store.claim(&scope(), &mine, 2, 1_000, 60_000).await.ok(), Some(Claim::Claimed));
    }
}
