//! The analysis queue's ports: where tasks are stored, how their messages travel, and how a
//! task is processed and reports progress.

use super::*;

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
