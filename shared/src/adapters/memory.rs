//! In-memory stand-ins for the stores. They honour the same contracts as the DynamoDB adapters
//! (atomic claims, conditional state changes), so `local` behaves like a deployment.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;

use crate::domain::chat::{ChatRecord, Conversation, CostUnits, Spend, StoredMessage};
use crate::domain::idempotency::{Fingerprint, IdempotencyRecord, IdempotencyScope, RecordState, StoredResponse};
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::rate_limit::{self, BucketState, RateDecision, RatePolicy, RateUsage};
use crate::domain::tasks::{QueueCounters, Task, TaskChange, TaskEvent};
use crate::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
use crate::ports::{
    ApiKeyStore, Claim, ConversationPage, ConversationStore, DependencyProbe, IdempotencyStore, OptimizerStatsStore,
    RateLimiter, StoreError, TaskFilter, TaskPage, TaskStore, UnsentTask,
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
}

/// Tasks, events and counters under one lock, so a change is atomic as in the DynamoDB
/// transaction. Tasks are keyed by (tenant, id) in id order, which is creation order.
#[derive(Default)]
pub struct MemoryTaskStore {
    state: Mutex<TaskState>,
}

#[derive(Default)]
struct TaskState {
    tasks: BTreeMap<(TenantId, String), Task>,
    events: HashMap<(TenantId, String), Vec<TaskEvent>>,
    counters: HashMap<TenantId, QueueCounters>,
    /// Tasks not yet marked sent: creation time and failed sends.
    unsent: HashMap<(TenantId, String), (i64, u32)>,
}

#[async_trait]
impl TaskStore for MemoryTaskStore {
    async fn write(&self, change: &TaskChange) -> Result<(), StoreError> {
        let mut state = lock(&self.state);
        let key = (change.after.tenant.clone(), change.after.id.clone());
        let stored_version = state.tasks.get(&key).map(|t| t.version);
        if stored_version != change.before.as_ref().map(|t| t.version) {
            return Err(StoreError::Conflict);
        }
        state.tasks.insert(key.clone(), change.after.clone());
        if change.before.is_none() {
            state.unsent.insert(key.clone(), (change.after.created_at_ms, 0));
        } else {
            state.unsent.remove(&key);
        }
        state.events.entry(key).or_default().push(change.event.clone());
        state.counters.entry(change.after.tenant.clone()).or_default().apply(&change.counters);
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Task>, StoreError> {
        Ok(lock(&self.state).tasks.get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn list(
        &self,
        tenant: &TenantId,
        filter: &TaskFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<TaskPage, StoreError> {
        let state = lock(&self.state);
        let lower = (tenant.clone(), String::new());
        let mine: Vec<&Task> =
            state.tasks.range(lower..).take_while(|((t, _), _)| t == tenant).map(|(_, task)| task).collect();
        let mut tasks: Vec<Task> = Vec::new();
        let mut more = false;
        for task in mine.into_iter().rev().filter(|task| after.is_none_or(|a| task.id.as_str() < a)) {
            if !filter.matches(task) {
                continue;
            }
            if tasks.len() == limit {
                more = true;
                break;
            }
            tasks.push(task.clone());
        }
        let next_after = if more { tasks.last().map(|t| t.id.clone()) } else { None };
        Ok(TaskPage { tasks, next_after })
    }

    async fn events(&self, tenant: &TenantId, id: &str, after_seq: u64) -> Result<Vec<TaskEvent>, StoreError> {
        let state = lock(&self.state);
        let events = state.events.get(&(tenant.clone(), id.to_owned())).map(Vec::as_slice).unwrap_or_default();
        Ok(events.iter().filter(|e| e.seq > after_seq).cloned().collect())
    }

    async fn counters(&self, tenant: &TenantId) -> Result<QueueCounters, StoreError> {
        Ok(lock(&self.state).counters.get(tenant).cloned().unwrap_or_default())
    }

    async fn unsent(&self, created_before_ms: i64, limit: usize) -> Result<Vec<UnsentTask>, StoreError> {
        let state = lock(&self.state);
        let mut found: Vec<UnsentTask> = state
            .unsent
            .iter()
            .filter(|(_, (created, _))| *created < created_before_ms)
            .map(|((tenant, id), (created, _))| UnsentTask {
                tenant: tenant.clone(),
                id: id.clone(),
                created_at_ms: *created,
            })
            .collect();
        found.sort_by(|x, y| (x.created_at_ms, &x.id).cmp(&(y.created_at_ms, &y.id)));
        found.truncate(limit);
        Ok(found)
    }

    async fn mark_sent(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        lock(&self.state).unsent.remove(&(tenant.clone(), id.to_owned()));
        Ok(())
    }

    async fn send_failed(&self, tenant: &TenantId, id: &str) -> Result<u32, StoreError> {
        let mut state = lock(&self.state);
        Ok(state.unsent.get_mut(&(tenant.clone(), id.to_owned())).map_or(0, |(_, failures)| {
            *failures += 1;
            *failures
        }))
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

/// Conversations, messages and spend in memory; one lock makes every `record` atomic.
#[derive(Default)]
pub struct MemoryConversationStore {
    inner: Mutex<Conversations>,
}

#[derive(Default)]
struct Conversations {
    /// (tenant, conversation id) → header.
    headers: BTreeMap<(TenantId, String), Conversation>,
    /// (tenant, conversation id) → messages by seq.
    messages: HashMap<(TenantId, String), BTreeMap<u64, StoredMessage>>,
    /// (tenant, period) → spend.
    spend: HashMap<(TenantId, String), Spend>,
}

#[async_trait]
impl ConversationStore for MemoryConversationStore {
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Conversation>, StoreError> {
        Ok(lock(&self.inner).headers.get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn recent(&self, tenant: &TenantId, id: &str, limit: usize) -> Result<Vec<StoredMessage>, StoreError> {
        let inner = lock(&self.inner);
        let messages = inner.messages.get(&(tenant.clone(), id.to_owned()));
        Ok(messages.map(|m| m.values().rev().take(limit).cloned().collect()).unwrap_or_default())
    }

    async fn messages(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let inner = lock(&self.inner);
        let messages = inner.messages.get(&(tenant.clone(), id.to_owned()));
        Ok(messages
            .map(|m| m.range(after_seq.saturating_add(1)..).take(limit).map(|(_, v)| v.clone()).collect())
            .unwrap_or_default())
    }

    async fn list(&self, tenant: &TenantId, after: Option<&str>, limit: usize) -> Result<ConversationPage, StoreError> {
        let inner = lock(&self.inner);
        let mut conversations: Vec<Conversation> = inner
            .headers
            .range((tenant.clone(), String::new())..)
            .take_while(|((t, _), _)| t == tenant)
            .map(|(_, c)| c)
            .filter(|c| after.is_none_or(|a| c.id.as_str() < a))
            .cloned()
            .collect();
        conversations.sort_by(|a, b| b.id.cmp(&a.id));
        let more = conversations.len() > limit;
        conversations.truncate(limit);
        let next_after = if more { conversations.last().map(|c| c.id.clone()) } else { None };
        Ok(ConversationPage { conversations, next_after })
    }

    async fn record(&self, record: &ChatRecord) -> Result<(), StoreError> {
        let mut inner = lock(&self.inner);
        if let Some(write) = &record.conversation {
            let key = (write.after.tenant.clone(), write.after.id.clone());
            let stored = inner.headers.get(&key).map(|c| c.last_seq);
            if stored != write.expected_last_seq {
                return Err(StoreError::Conflict);
            }
            let messages = inner.messages.entry(key.clone()).or_default();
            for m in &write.messages {
                messages.insert(m.seq, m.clone());
            }
            inner.headers.insert(key, write.after.clone());
        }
        let change = &record.spend;
        let spend = inner.spend.entry((change.tenant.clone(), change.period.clone())).or_default();
        spend.calls += 1;
        spend.usage.prompt += change.usage.prompt;
        spend.usage.completion += change.usage.completion;
        spend.usage.cached += change.usage.cached;
        spend.cost += change.cost;
        spend.committed += change.cost - change.reserved;
        Ok(())
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError> {
        let mut inner = lock(&self.inner);
        let key = (tenant.clone(), id.to_owned());
        let existed = inner.headers.remove(&key).is_some();
        inner.messages.remove(&key);
        Ok(existed)
    }

    async fn reserve(
        &self,
        tenant: &TenantId,
        period: &str,
        units: CostUnits,
        limit: CostUnits,
    ) -> Result<bool, StoreError> {
        let mut inner = lock(&self.inner);
        let spend = inner.spend.entry((tenant.clone(), period.to_owned())).or_default();
        if spend.committed + units > limit {
            return Ok(false);
        }
        spend.committed += units;
        Ok(true)
    }

    async fn release(&self, tenant: &TenantId, period: &str, units: CostUnits) -> Result<(), StoreError> {
        let mut inner = lock(&self.inner);
        inner.spend.entry((tenant.clone(), period.to_owned())).or_default().committed -= units;
        Ok(())
    }

    async fn spend(&self, tenant: &TenantId, period: &str) -> Result<Spend, StoreError> {
        Ok(lock(&self.inner).spend.get(&(tenant.clone(), period.to_owned())).cloned().unwrap_or_default())
    }
}

/// A queue that keeps what it is sent, for unit tests (`local` runs its own in-process queue with
/// workers).
#[derive(Default)]
pub struct MemoryTaskQueue {
    sent: Mutex<Vec<crate::ports::TaskMessage>>,
}

impl MemoryTaskQueue {
    /// Every message sent so far, in order.
    pub fn sent(&self) -> Vec<crate::ports::TaskMessage> {
        lock(&self.sent).clone()
    }
}

#[async_trait]
impl crate::ports::TaskQueue for MemoryTaskQueue {
    async fn enqueue(
        &self,
        message: &crate::ports::TaskMessage,
        _delay: std::time::Duration,
    ) -> Result<(), StoreError> {
        lock(&self.sent).push(message.clone());
        Ok(())
    }
}

/// Instance records in memory, with the DynamoDB adapter's conditional writes.
#[derive(Default)]
pub struct MemoryInstanceStore {
    records: Mutex<HashMap<(TenantId, String), crate::domain::instances::Instance>>,
}

#[async_trait]
impl crate::ports::InstanceStore for MemoryInstanceStore {
    async fn create(&self, instance: &crate::domain::instances::Instance) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        let key = (instance.tenant.clone(), instance.id.clone());
        if records.contains_key(&key) {
            return Err(StoreError::Conflict);
        }
        records.insert(key, instance.clone());
        Ok(())
    }

    async fn update(
        &self,
        before: &crate::domain::instances::Instance,
        after: &crate::domain::instances::Instance,
    ) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        match records.get_mut(&(before.tenant.clone(), before.id.clone())) {
            Some(stored) if stored.version == before.version => {
                *stored = after.clone();
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<crate::domain::instances::Instance>, StoreError> {
        Ok(lock(&self.records).get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn list(
        &self,
        tenant: &TenantId,
        status: Option<crate::domain::instances::InstanceStatus>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<crate::ports::InstancePage, StoreError> {
        let mut instances: Vec<_> = lock(&self.records)
            .values()
            .filter(|i| &i.tenant == tenant)
            .filter(|i| status.is_none_or(|s| i.status == s))
            .filter(|i| after.is_none_or(|a| i.id.as_str() < a))
            .cloned()
            .collect();
        instances.sort_by(|a, b| b.id.cmp(&a.id));
        let more = instances.len() > limit;
        instances.truncate(limit);
        let next_after = if more { instances.last().map(|i| i.id.clone()) } else { None };
        Ok(crate::ports::InstancePage { instances, next_after })
    }

    async fn active(&self) -> Result<Vec<crate::domain::instances::Instance>, StoreError> {
        Ok(lock(&self.records).values().filter(|i| !i.status.is_final()).cloned().collect())
    }
}

/// A workflow starter that records what it was asked to start, for unit tests (`local` runs the
/// lifecycle with the ASL interpreter).
#[derive(Default)]
pub struct MemoryWorkflowStarter {
    started: Mutex<Vec<(String, serde_json::Value)>>,
}

impl MemoryWorkflowStarter {
    /// Every execution started, by name, with its input.
    pub fn started(&self) -> Vec<(String, serde_json::Value)> {
        lock(&self.started).clone()
    }
}

#[async_trait]
impl crate::ports::WorkflowStarter for MemoryWorkflowStarter {
    async fn start(&self, name: &str, input: serde_json::Value) -> Result<(), StoreError> {
        let mut started = lock(&self.started);
        if !started.iter().any(|(n, _)| n == name) {
            started.push((name.to_owned(), input));
        }
        Ok(())
    }
}
