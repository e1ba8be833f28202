//! Ports: the small traits the domain and the HTTP pipeline need from the outside world. Each has
//! an in-memory adapter (for `local` and unit tests) and a real one behind a Cargo feature.

use async_trait::async_trait;

use crate::domain::idempotency::{Fingerprint, IdempotencyRecord, IdempotencyScope, StoredResponse};
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::rate_limit::{RateDecision, RatePolicy, RateUsage};
use crate::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};

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
}

/// Per-tenant token buckets that hold across processes.
///
/// Contract: `acquire` takes at most one token atomically with respect to every other caller for
/// the same tenant (a lost race is retried inside the adapter, never double-spent); a refusal writes
/// nothing. `usage` is a read and takes nothing.
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
}
