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

/// Which tasks a listing returns: every given field must match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub status: Option<TaskStatus>,
    pub task_type: Option<TaskType>,
    pub priority: Option<Priority>,
}

impl TaskFilter {
    pub fn matches(&self, task: &Task) -> bool {
        self.status.is_none_or(|s| s == task.status)
            && self.task_type.is_none_or(|t| t == task.task_type)
            && self.priority.is_none_or(|p| p == task.priority)
    }
}

/// One page of a listing, newest first; `next_after` is the id to continue after, when more may
/// follow.
#[derive(Clone, Debug, Default)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
    pub next_after: Option<String>,
}

/// Analysis tasks, their events and the tenant's queue counters.
///
/// Contract:
/// - `write` applies one `TaskChange` atomically: the task, its event and its counter deltas are
///   all written or none is. A new task (`before: None`) is written only if its id is free; a
///   change only if the stored task still has `before.version`, and one with a `ceiling` only
///   while the tenant's counter is below it. Otherwise `Conflict`, and nothing is written: the
///   caller reads again and re-decides.
/// - `get` and `events` are strongly consistent and scoped to the tenant: another tenant's id is
///   simply not found.
/// - `list` returns the tenant's tasks newest first (task ids sort by creation time), at most
///   `limit`, starting after the task id `after`.
/// - `counters` reads the tenant's counters without scanning; all zero for a tenant never counted.
/// - Sending: a task is *unsent* from its creation until `mark_sent` or its first change (a change
///   means a worker got its message, or nobody needs one any more). `unsent` lists, across
///   tenants, the unsent tasks created before `created_before_ms`, oldest first, at most `limit`
///   (eventually consistent: give a task time to be marked before acting on it); `mark_sent` is
///   idempotent and fine for a task that is gone; `send_failed` counts a failed send of an unsent
///   task and returns how many there were, 0 when the task is not unsent. None of the three
///   changes the task or its version.
#[async_trait]
pub trait TaskStore: Send + Sync {
    async fn write(&self, change: &TaskChange) -> Result<(), StoreError>;
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Task>, StoreError>;
    async fn list(
        &self,
        tenant: &TenantId,
        filter: &TaskFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<TaskPage, StoreError>;
    async fn events(&self, tenant: &TenantId, id: &str, after_seq: u64) -> Result<Vec<TaskEvent>, StoreError>;
    async fn counters(&self, tenant: &TenantId) -> Result<QueueCounters, StoreError>;
    async fn unsent(&self, created_before_ms: i64, limit: usize) -> Result<Vec<UnsentTask>, StoreError>;
    async fn mark_sent(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError>;
    async fn send_failed(&self, tenant: &TenantId, id: &str) -> Result<u32, StoreError>;
    /// Removes a task and every event of it (an erase of the tenant's data, after the task was
    /// cancelled or finished); answers how many events went. Idempotent: a task that is gone
    /// answers 0.
    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<u64, StoreError>;
    /// Removes the tenant's queue counters (an erase, after every task is gone): they read as
    /// all zero again.
    async fn delete_counters(&self, tenant: &TenantId) -> Result<(), StoreError>;
    /// Sets (or with `None` removes) the TTL attribute of a task and of its events after
    /// `after_seq` (`domain::tenant_data::retention`). Never creates an item: a task or event
    /// that is gone is skipped. Stores without TTL (memory) do nothing: the read rule hides
    /// expired items there.
    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError>;
}

/// A task whose message was never confirmed sent (`TaskStore::unsent`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsentTask {
    pub tenant: TenantId,
    pub id: String,
    pub created_at_ms: i64,
}

/// What the queue carries: which task to work on. The task itself stays in the `TaskStore`, so a
/// message is small and a stale one is harmless.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskMessage {
    pub tenant_id: TenantId,
    pub task_id: String,
    pub priority: Priority,
}

/// The priority queue tasks wait in.
///
/// Contract: `enqueue` delivers the message at least once, no sooner than `delay` from now, to a
/// worker of the message's priority; it returns once the message is durably queued.
#[async_trait]
pub trait TaskQueue: Send + Sync {
    async fn enqueue(&self, message: &TaskMessage, delay: std::time::Duration) -> Result<(), StoreError>;
}

/// Holds a received queue message back before its next delivery (SQS's visibility timeout).
///
/// Contract: after `hold(queue_arn, receipt_handle, wait)` the message is invisible for `wait`
/// (rounded up to a second), then delivered again; a zero wait makes it visible at once.
#[async_trait]
pub trait MessageVisibility: Send + Sync {
    async fn hold(&self, queue_arn: &str, receipt_handle: &str, wait: std::time::Duration) -> Result<(), StoreError>;
}

/// Why a processor stopped without a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProcessError {
    /// Worth another attempt (an upstream timeout, a 5xx, throttling).
    #[error("{0}")]
    Retryable(String),
    /// No attempt will do better (task data the processor cannot use).
    #[error("{0}")]
    Permanent(String),
    /// The task was cancelled, or this attempt is no longer the task's: stop quietly.
    #[error("stopped: the task was cancelled or taken over")]
    Stopped,
    /// The attempt's time budget ran out after it finished parts, which are checkpointed: the task
    /// goes on in a new attempt at once, without using a retry.
    #[error("{0}")]
    Paused(String),
}

/// Where a running processor reports progress, keeps finished parts, and learns its time budget.
///
/// Contract: `report` moves the task's progress forward (a value at or below the current one is
/// accepted and changes nothing) and is where cancellation is seen: `Err(Stopped)` means the task
/// was cancelled or the attempt lost, and the processor must return `ProcessError::Stopped`.
/// `checkpoint` does the same and also stores the parts finished so far (all of them, in order),
/// which the next attempt finds in `Task::checkpoint`. `time_left` is what remains of this
/// attempt's budget (`None`: no budget), below the function's timeout, so that the processor can
/// stop cleanly rather than be killed.
#[async_trait]
pub trait ProgressSink: Send + Sync {
    async fn report(&self, percent: u8) -> Result<(), ProcessError>;

    async fn checkpoint(&self, percent: u8, parts: &[serde_json::Value]) -> Result<(), ProcessError>;
    fn time_left(&self) -> Option<std::time::Duration>;
}

/// Runs one attempt of a task.
///
/// Contract: returns the task's result (JSON), reporting progress through `progress` as it goes;
/// it may run again for the same task after a failure or a redelivery, so it must not have
/// effects that a second run would double.
#[async_trait]
pub trait TaskProcessor: Send + Sync {
    async fn process(&self, task: &Task, progress: &dyn ProgressSink) -> Result<serde_json::Value, ProcessError>;

    /// The same attempt with every model call made to `server` (a GPU pool machine's model
    /// server), at no per-token price: the machine's time is the cost. The default runs
    /// `process`, for processors that call no model.
    async fn process_on(
        &self,
        task: &Task,
        progress: &dyn ProgressSink,
        server: &ModelServer,
    ) -> Result<serde_json::Value, ProcessError> {
        let _ = server;
        self.process(task, progress).await
    }
}

/// A GPU pool machine's model server, as a processor calls it.
#[derive(Clone)]
pub struct ModelServer {
    pub llm: std::sync::Arc<dyn LlmProvider>,
    /// The one model it serves; every call of the task asks for it.
    pub model: String,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// Throttling or a 5xx: another try may succeed.
    #[error("{0}")]
    Transient(String),
    /// No answer in time (including a stream that stopped sending).
    #[error("{0}")]
    Timeout(String),
    /// The request itself is refused (unknown model, context too long, bad key).
    #[error("{0}")]
    Permanent(String),
}

impl LlmError {
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Transient(_) | Self::Timeout(_))
    }
}

/// One piece of a streamed answer.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamPart {
    /// The next piece of text.
    Delta(String),
    /// The end: the whole answer with its usage. Exactly one, last, unless the stream failed.
    Done(LlmReply),
}

/// What a stream yields: parts, or an error that ends it (the answer is then incomplete).
pub type LlmStream = tokio::sync::mpsc::Receiver<Result<StreamPart, LlmError>>;

/// A large language model behind one provider.
///
/// Contract: one completion per call, with the provider's own usage figures; errors say whether
/// retrying can help. A stream yields deltas then exactly one `Done`, or ends with an error after
/// any number of deltas; it never just stops. Implementations never log prompts or answers.
#[async_trait]
pub trait LlmProvider: Send + Sync {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError>;

    /// Streams the answer. The default streams a `complete` answer as one delta.
    async fn stream(&self, request: &LlmRequest) -> Result<LlmStream, LlmError> {
        let reply = self.complete(request).await?;
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        let _ = tx.send(Ok(StreamPart::Delta(reply.text.clone()))).await;
        let _ = tx.send(Ok(StreamPart::Done(reply))).await;
        Ok(rx)
    }
}

/// One page of a tenant's conversations, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    /// The id to list after for the next page; `None` on the last page.
    pub next_after: Option<String>,
}

/// Conversations, their messages, and each tenant's spend on model calls.
///
/// Contract:
/// - `record` is all or nothing: the conversation's header and new messages (if any) and the
///   spend change. A conversation write is conditional: `Conflict` when the stored header's
///   `last_seq` is not `expected_last_seq`, when a conversation to create exists already, or when
///   one to extend is gone; the caller reads again and decides again.
/// - `recent` is newest first; `messages` oldest first from `after_seq` (exclusive); both read
///   what `record` wrote (strongly consistent) and return `limit` messages whenever that many
///   exist, however large they are (a store that reads in pages reads on until it has them).
/// - `list` is newest first (ids are UUIDv7), paginated by the last id of the previous page; a
///   page is short only when it is the last.
/// - `delete` removes the header first, so a deleted conversation is gone from every read and
///   cannot be extended, then every message; `false` when there was none.
/// - `reserve` adds the hold's units to the period's `committed` and keeps the hold, only if the
///   result stays within `limit`, atomically, and answers whether it did. A hold is taken back
///   exactly once, by whichever comes first: `release` (a call that failed before costing
///   anything, or a hold that lapsed; `false` when it was gone already) or the `record` whose
///   spend change carries it (which then adds only the cost when the hold was gone already).
/// - `spend` lists the holds still counted, so that lapsed ones can be released.
#[async_trait]
pub trait ConversationStore: Send + Sync {
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Conversation>, StoreError>;
    async fn recent(&self, tenant: &TenantId, id: &str, limit: usize) -> Result<Vec<StoredMessage>, StoreError>;
    async fn messages(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError>;
    async fn list(&self, tenant: &TenantId, after: Option<&str>, limit: usize) -> Result<ConversationPage, StoreError>;
    async fn record(&self, record: &ChatRecord) -> Result<(), StoreError>;
    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError>;
    async fn reserve(&self, tenant: &TenantId, period: &str, hold: &Hold, limit: CostUnits)
        -> Result<bool, StoreError>;
    async fn release(&self, tenant: &TenantId, period: &str, hold: &Hold) -> Result<bool, StoreError>;
    async fn spend(&self, tenant: &TenantId, period: &str) -> Result<Spend, StoreError>;
    /// Sets (or with `None` removes) the TTL attribute of a conversation's header and of its
    /// messages after `after_seq`, as `TaskStore::set_expiry` does for a task.
    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError>;
}

/// One page of a tenant's instances, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstancePage {
    pub instances: Vec<crate::domain::instances::Instance>,
    /// The id to list after for the next page; `None` on the last page.
    pub next_after: Option<String>,
}

/// Rented machines' records.
///
/// Contract: `create` refuses an id that exists (`Conflict`); `update` writes `after` only if the
/// stored version is still `before.version` (`Conflict` otherwise: read again, decide again);
/// `get` is tenant-scoped and strongly consistent; `list` is newest first (ids are UUIDv7),
/// optionally of one status (eventually consistent then, as a secondary index is), paged by the
/// last id of the previous page, and a page is short only when it is the last (`next_after` is
/// `None` exactly then), so a caller that follows `next_after` sees every record.
#[async_trait]
pub trait InstanceStore: Send + Sync {
    async fn create(&self, instance: &crate::domain::instances::Instance) -> Result<(), StoreError>;
    async fn update(
        &self,
        before: &crate::domain::instances::Instance,
        after: &crate::domain::instances::Instance,
    ) -> Result<(), StoreError>;
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<crate::domain::instances::Instance>, StoreError>;
    async fn list(
        &self,
        tenant: &TenantId,
        status: Option<crate::domain::instances::InstanceStatus>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<InstancePage, StoreError>;
    /// Every instance of every tenant that is not final (the reconciler's view; eventually
    /// consistent).
    async fn active(&self) -> Result<Vec<crate::domain::instances::Instance>, StoreError>;
    /// Removes a record only if it is final (TERMINATED or FAILED: its machine is gone), so an
    /// erase can never lose track of a running machine: `Conflict` otherwise. Idempotent.
    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError>;
    /// Sets (or removes) the TTL attribute of a record, as `TaskStore::set_expiry` does.
    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError>;
}

/// What a machine is to launch as.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchSpec {
    /// Makes a repeated launch (a retried task) return the same machine: the instance id.
    pub client_token: String,
    pub instance_type: String,
    pub region: String,
    pub disk_size_gb: u32,
    /// Identify the product, the tenant and the instance on the machine.
    pub tags: Vec<(String, String)>,
    /// A GPU pool's machine: what its inference server serves and the secret it requires
    /// (`None`: the deployment's default server, `INFERENCE_MODEL`, with no secret).
    pub server: Option<ServerLaunch>,
}

/// The inference server a pool machine is launched with.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerLaunch {
    /// What the server loads (a Hugging Face id, `domain::gpu_pool::served_model`).
    pub model: String,
    /// The name the server answers to (the pool's `model`, as tasks ask for it).
    pub served_name: String,
    /// Whether loading the model needs a Hugging Face token (a gated model).
    pub gated: bool,
    /// Where the machine reads its server secret at boot, with its own identity: only this
    /// reference is in the boot script, never the secret (`MachineSecrets`).
    pub key: SecretRef,
}

/// A secret a machine reads at boot with its own identity (its EC2 instance profile, its Azure
/// managed identity): what a boot script may name instead of the secret itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretRef {
    /// A Secrets Manager secret, by ARN (its region is the ARN's).
    AwsSecret(String),
    /// A Key Vault secret's URL (`https://<vault>.vault.azure.net/secrets/<name>`).
    AzureKeyVault(String),
    /// A secret of the simulated clouds' store (`adapters::memory::MemoryMachineSecrets`), by name.
    Simulated(String),
}

/// Where each pool machine's server secret is kept for the machine to read at boot (Secrets
/// Manager for EC2, Key Vault for Azure, memory in `local`), named after the instance id.
///
/// Contract: `put` creates the secret of `instance_id` or, when it exists (a retried launch),
/// replaces its value, and answers the reference the machine reads it by; `bind` lets machine
/// `machine_id` (the cloud's id, in `region`) read it where the store can tell machines apart, and
/// may be repeated; `delete` removes it and is idempotent (a secret never stored or already
/// deleted is `Ok`). No method logs or returns the value. Errors: `Transient` (throttling,
/// timeouts) is worth retrying; `Unavailable` (permissions, misconfiguration) is not.
#[async_trait]
pub trait MachineSecrets: Send + Sync {
    async fn put(
        &self,
        instance_id: &str,
        value: &crate::domain::instances::ServerKey,
        tags: &[(String, String)],
    ) -> Result<SecretRef, StoreError>;
    async fn bind(&self, secret: &SecretRef, region: &str, machine_id: &str) -> Result<(), StoreError> {
        let _ = (secret, region, machine_id);
        Ok(())
    }
    async fn delete(&self, instance_id: &str) -> Result<(), StoreError>;
}

/// What the cloud says of a machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MachineState {
    /// Booting.
    Pending,
    /// Up; `serving` once its inference server answers its health check, at `server_url` (its
    /// OpenAI-compatible base URL, `http://<ip>:<port>/v1`).
    Running { public_ip: Option<String>, serving: bool, server_url: Option<String> },
    /// Shutting down or gone.
    Terminated,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    /// Throttling, a timeout, a 5xx: try again.
    #[error("{0}")]
    Transient(String),
    /// No capacity for the type in the region (EC2's InsufficientInstanceCapacity).
    #[error("{0}")]
    Capacity(String),
    /// The request itself is wrong (a type or image the account cannot use).
    #[error("{0}")]
    Permanent(String),
}

/// A live machine carrying the product's tags, as the reconciler sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedMachine {
    pub machine_id: String,
    /// The tenant and instance ids of its tags (absent when a tag was removed).
    pub tenant: Option<String>,
    pub instance_id: Option<String>,
    /// Only parts of the machine are left (on Azure: a NIC, public IP or OS disk whose VM is
    /// gone). It runs nothing, so it does not count as the machine being there; it is deleted as
    /// an orphan, or with its record when that record's machine has vanished.
    pub parts_only: bool,
}

/// A cloud that rents machines (EC2, Azure, or the simulated one of `local`).
///
/// Contract: `launch` with the same `client_token` returns the same machine; `describe` of a
/// machine the cloud no longer knows is `Terminated`; `terminate` is idempotent; `tagged` lists
/// every machine in `region` that is pending or running with the product's tag, and every
/// machine of which only tagged parts are left (`parts_only`).
#[async_trait]
pub trait ComputeProvider: Send + Sync {
    async fn launch(&self, spec: &LaunchSpec) -> Result<String, ComputeError>;
    async fn describe(&self, region: &str, machine_id: &str) -> Result<MachineState, ComputeError>;
    async fn terminate(&self, region: &str, machine_id: &str) -> Result<(), ComputeError>;
    async fn tagged(&self, region: &str) -> Result<Vec<TaggedMachine>, ComputeError>;
}

/// Starts a state machine execution (Step Functions in AWS, the ASL interpreter in `local`).
///
/// Contract: `name` identifies the execution; starting one that exists already with the same
/// input succeeds without starting another (a retried request).
#[async_trait]
pub trait WorkflowStarter: Send + Sync {
    async fn start(&self, name: &str, input: serde_json::Value) -> Result<(), StoreError>;
}

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

/// Each tenant's GPU pool (`domain::gpu_pool::GpuPool`), one record per tenant.
///
/// Contract: `get` is strongly consistent; `put` writes the whole record only if the stored one
/// has version `expected` (`None`: only if there is none), `Conflict` otherwise (read again,
/// decide again). A deleted pool stays stored (`deleted`) until its machines are gone, so their
/// cost is still attributed.
#[async_trait]
pub trait GpuPoolStore: Send + Sync {
    async fn get(&self, tenant: &TenantId) -> Result<Option<crate::domain::gpu_pool::GpuPool>, StoreError>;
    async fn put(&self, pool: &crate::domain::gpu_pool::GpuPool, expected: Option<u64>) -> Result<(), StoreError>;
    /// Removes the tenant's pool record (an erase, once `GpuPoolService::delete` closed its
    /// machines and every machine is final). Idempotent.
    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError>;
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
