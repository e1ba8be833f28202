//! Analysis tasks: what a task is, which status changes are allowed, what each change records
//! (an event and counter deltas), how failures are retried and how the embedded queue orders work.
//! Pure rules, shared by the queue's functions, its worker and `local`.

mod backoff;
pub mod changes;
mod local_queue;
mod transitions;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use backoff::Backoff;
pub use changes::{CounterDelta, EventKind, QueueCounters, TaskChange, TaskEvent};
pub use local_queue::PriorityQueue;
pub use transitions::{AttemptOutcome, TransitionError};

use super::tenant::TenantId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskType {
    DocumentAnalysis,
    ChatResponse,
    BatchProcessing,
    ReportGeneration,
}

impl TaskType {
    pub const ALL: [TaskType; 4] =
        [TaskType::DocumentAnalysis, TaskType::ChatResponse, TaskType::BatchProcessing, TaskType::ReportGeneration];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::DocumentAnalysis => "DOCUMENT_ANALYSIS",
            Self::ChatResponse => "CHAT_RESPONSE",
            Self::BatchProcessing => "BATCH_PROCESSING",
            Self::ReportGeneration => "REPORT_GENERATION",
        }
    }
}

/// Parses one of the `as_str` names of an enum (query parameters, stored attributes).
pub fn parse_name<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str, value: &str) -> Option<T> {
    all.iter().copied().find(|v| name(*v) == value)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Priority {
    Urgent,
    High,
    Normal,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::Urgent, Priority::High, Priority::Normal, Priority::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Urgent => "URGENT",
            Self::High => "HIGH",
            Self::Normal => "NORMAL",
            Self::Low => "LOW",
        }
    }

    /// Retries after the first attempt: URGENT 5, HIGH 3, NORMAL 2, LOW 1.
    pub fn max_retries(self) -> u32 {
        match self {
            Self::Urgent => 5,
            Self::High => 3,
            Self::Normal => 2,
            Self::Low => 1,
        }
    }

    /// 0 for URGENT up to 3 for LOW: lower runs first.
    pub fn rank(self) -> u8 {
        self as u8
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TaskStatus {
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] =
        [TaskStatus::Pending, TaskStatus::Processing, TaskStatus::Completed, TaskStatus::Failed, TaskStatus::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Processing => "PROCESSING",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
        }
    }

    /// COMPLETED, FAILED and CANCELLED never change again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Failed | Self::Cancelled)
    }
}

/// Where a task's model calls run: the deployment's providers, or the tenant's GPU pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Compute {
    #[default]
    Cpu,
    Gpu,
}

impl Compute {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cpu => "CPU",
            Self::Gpu => "GPU",
        }
    }
}

/// A GPU task's time on the pool's machines, over all its attempts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GpuRun {
    /// The machine (instance id) that ran its last attempt.
    pub instance_id: String,
    pub gpu_ms: i64,
    /// Its share of the machines' per-second cost while it ran them.
    pub gpu_cost_usd: f64,
}

/// A task as stored. Times are milliseconds since the Unix epoch.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub id: String,
    pub tenant: TenantId,
    pub task_type: TaskType,
    pub priority: Priority,
    pub status: TaskStatus,
    /// 0–100; only moves forward, only while PROCESSING.
    pub progress: u8,
    pub data: Value,
    pub metadata: Option<Value>,
    pub result: Option<Value>,
    /// The parts of a task of several model calls (a batch's items, a report's sections) that
    /// earlier attempts finished, in order: an attempt that ran out of time keeps them, and the
    /// next one resumes after them instead of paying for them again. Gone once the task is final.
    pub checkpoint: Option<Vec<Value>>,
    /// The last error, kept when the task finally fails.
    pub error: Option<String>,
    pub retry_count: u32,
    pub max_retries: u32,
    /// The attempt now running: a redelivered message of an older attempt cannot touch the task.
    pub attempt_id: Option<String>,
    /// When the running attempt started: a worker that finds the task PROCESSING past its lease
    /// knows that attempt died (crash or timeout) and counts it as failed.
    pub attempt_started_at_ms: Option<i64>,
    /// Bumped by every change; stores write on condition that it is unchanged since the read, and
    /// the change's event carries it as its sequence number.
    pub version: u64,
    pub created_at_ms: i64,
    pub started_at_ms: Option<i64>,
    pub completed_at_ms: Option<i64>,
    pub compute: Compute,
    /// A GPU task's machine time, once it ran on one.
    pub gpu: Option<GpuRun>,
    /// Where a GPU task stands with the pool (waiting for a machine and why, or which machine
    /// took it and why): the `detail` of its `waiting` and `started` events.
    pub placement: Option<String>,
}

impl Task {
    pub fn new(
        id: String,
        tenant: TenantId,
        task_type: TaskType,
        priority: Priority,
        data: Value,
        metadata: Option<Value>,
        now_ms: i64,
    ) -> Self {
        Self {
            id,
            tenant,
            task_type,
            priority,
            status: TaskStatus::Pending,
            progress: 0,
            data,
            metadata,
            result: None,
            checkpoint: None,
            error: None,
            retry_count: 0,
            max_retries: priority.max_retries(),
            attempt_id: None,
            attempt_started_at_ms: None,
            version: 1,
            created_at_ms: now_ms,
            started_at_ms: None,
            completed_at_ms: None,
            compute: Compute::Cpu,
            gpu: None,
            placement: None,
        }
    }
}
