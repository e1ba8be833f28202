//! Ports: the small traits the domain and the HTTP pipeline need from the outside world. Each has
//! an in-memory adapter (for `local` and unit tests) and a real one behind a Cargo feature.

use async_trait::async_trait;

use crate::domain::chat::{ChatRecord, Conversation, CostUnits, Hold, Spend, StoredMessage};
use crate::domain::idempotency::{Fingerprint, IdempotencyRecord, IdempotencyScope, StoredResponse};
use crate::domain::llm::{LlmReply, LlmRequest};
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::rate_limit::{RateDecision, RatePolicy, RateUsage};
use crate::domain::tasks::{Priority, QueueCounters, Task, TaskChange, TaskEvent, TaskStatus, TaskType};
use crate::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
use crate::domain::tenant_data::audit::AuditRecord;
use crate::domain::tenant_data::jobs::TenantJob;
use crate::domain::tenant_data::retention::RetentionSetting;
use crate::domain::usage::{DailyUsage, Day, UsageDelta};

/// Errors every store can answer with. Adapters map their SDK's errors here, at the boundary.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A conditional write lost a race or found the item in another state.
    #[error("conflicting concurrent update")]
    Conflict,
    /// Throttling, a timeout or a 5xx: worth retrying.
    #[error("transient store failure: {0}")]
    Transient(String),
    /// Anything else: misconfiguration, missing table, permissions.
    #[error("store unavailable: {0}")]
    Unavailable(String),
}

/// Wall-clock time in milliseconds since the Unix epoch. A port so that expiry, refill and
/// backoff can be tested without sleeping.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
}

/// API keys, stored only as hashes.
///
/// Contract: `find` is a strongly consistent read by hash; `put` creates or replaces the record of
/// one hash (issuing the same key twice is harmless).
#[async_trait]
pub trait ApiKeyStore: Send + Sync {
    async fn find(&self, hash: &KeyHash) -> Result<Option<ApiKeyRecord>, StoreError>;
    async fn put(&self, record: &ApiKeyRecord) -> Result<(), StoreError>;
    /// Every key of `tenant` (an export's key metadata, an erase's revocation). The table is keyed
    /// by hash, so in DynamoDB this is a scan with a filter, read page after page: rare operations
    /// only, never on a request path.
    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<ApiKeyRecord>, StoreError>;
}

/// Per-tenant token buckets that hold across processes.
///
/// Contract: `acquire` takes at most one token atomically with respect to every other caller for
/// the same tenant, and refuses only when no token is left at `now_ms` (never because of
/// contention: concurrent requests within the burst are all admitted); a refusal writes nothing.
/// `usage` is a read and takes nothing.
#[async_trait]
pub trait RateLimiter: Send + Sync {
    async fn acquire(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateDecision, StoreError>;
    async fn usage(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateUsage, StoreError>;
}

/// The outcome of claiming an idempotency key.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key was free (or its previous holder's lock had expired): run the request.
    Claimed,
    /// A record exists: judge it with `domain::idempotency::judge_existing`.
    Existing(IdempotencyRecord),
}

/// Idempotency records.
///
/// Contract: `claim` is atomic: of two concurrent claims of a free key exactly one gets `Claimed`.
/// A record in progress whose lock expired before `now_ms` may be claimed again. `complete` and
/// `release` act only on a record this caller claimed (same fingerprint). Records expire after
/// their TTL (DynamoDB TTL; checked on read by the memory store).
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    async fn claim(
        &self,
        scope: &IdempotencyScope,
        fingerprint: &Fingerprint,
        now_ms: i64,
        lock_ms: i64,
        ttl_ms: i64,
    ) -> Result<Claim, StoreError>;
    async fn complete(
        &self,
        scope: &IdempotencyScope,
        fingerprint: &Fingerprint,
        response: &StoredResponse,
        expires_at_ms: i64,
    ) -> Result<(), StoreError>;
    /// Frees a claimed key so a retry runs again (the request failed with a server error).
    async fn release(&self, scope: &IdempotencyScope, fingerprint: &Fingerprint) -> Result<(), StoreError>;
    /// Removes every record of the tenant (an erase: a stored response holds content); answers
    /// how many. The table is keyed by scope, so in DynamoDB a scan read page after page: an
    /// erase's cost, never a request's.
    async fn delete_tenant(&self, tenant: &TenantId) -> Result<u64, StoreError>;
}

/// One dependency checked by `/health/ready`.
///
/// Contract: `check` is cheap and side-effect free (a describe call, not a write) and returns a
/// message safe to show to anyone when the dependency does not answer.
#[async_trait]
pub trait DependencyProbe: Send + Sync {
    fn name(&self) -> &str;
    fn kind(&self) -> &str;
    async fn check(&self) -> Result<(), String>;
}

/// Per-tenant optimizer counters.
///
/// Contract: `record` adds the delta atomically (concurrent records never lose an update; in
/// DynamoDB an `ADD` update, never a read-modify-write); `totals` reads without scanning, and a
/// tenant never recorded has all-zero totals.
#[async_trait]
pub trait OptimizerStatsStore: Send + Sync {
    async fn record(&self, tenant: &TenantId, delta: &OptimizerTotals) -> Result<(), StoreError>;
    async fn totals(&self, tenant: &TenantId) -> Result<OptimizerTotals, StoreError>;
    /// Removes the tenant's totals (an erase): they read as all zero again. Idempotent.
    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError>;
}

/// Per-tenant, per-UTC-day usage counters (LLM spend, GPU spend, tokens the optimizer saved).
///
/// Contract: `add` adds the delta to the day atomically (concurrent adds never lose an update;
/// in DynamoDB an `ADD` update, never a read-modify-write); `days` returns the counted days from
/// `from` to `to` (both included, at most `domain::usage::MAX_RANGE_DAYS`) in one query that
/// follows every page, without scanning; days never counted are simply absent.
#[async_trait]
pub trait UsageStore: Send + Sync {
    async fn add(&self, tenant: &TenantId, day: Day, delta: &UsageDelta) -> Result<(), StoreError>;
    async fn days(&self, tenant: &TenantId, from: Day, to: Day) -> Result<Vec<DailyUsage>, StoreError>;
    /// Every counted day of the tenant, oldest first (an export), following every page.
    async fn all_days(&self, tenant: &TenantId) -> Result<Vec<DailyUsage>, StoreError>;
}

mod chat;
mod compute;
mod tasks;
mod tenant_data;

pub use chat::*;
pub use compute::*;
pub use tasks::*;
pub use tenant_data::*;
