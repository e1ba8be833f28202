//! The analysis queue's requests and responses as the API states them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::AppError;
use crate::clock::rfc3339;
use crate::domain::tasks::{Compute, EventKind, Priority, Task, TaskEvent, TaskStatus, TaskType};
use crate::ports::TaskFilter;

/// `POST /api/analysis-queue` body. Its contract (one shape of `data` per `type`) is written out in
/// `local::openapi`, as a derive cannot tie `data` to `type`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateTaskRequest {
    #[serde(rename = "type")]
    pub task_type: TaskType,
    /// Default NORMAL.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Shape per type: `DocumentAnalysisData`, `ChatResponseData`, `BatchProcessingData`,
    /// `ReportGenerationData`; at most 200000 bytes.
    pub data: Value,
    /// Any JSON object of the caller's, at most 4096 bytes, returned as sent.
    #[serde(default)]
    pub metadata: Option<Value>,
    /// `GPU`: every model call of the task runs on the tenant's GPU pool (409 without one).
    /// Default `CPU`: the deployment's providers.
    #[serde(default)]
    pub compute: Option<Compute>,
}

/// `PATCH /api/analysis-queue/{id}/progress` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgressRequest {
    /// 0–100, never lower than the task's current progress. A JSON number with no fraction (`60`
    /// or `60.0`, as JSON Schema's `integer` allows).
    #[schema(value_type = i64, minimum = 0, maximum = 100)]
    pub progress: f64,
}

impl ProgressRequest {
    /// The percentage, or a 400 naming the field.
    pub fn percent(&self) -> Result<i64, AppError> {
        if (0.0..=100.0).contains(&self.progress) && self.progress.fract() == 0.0 {
            Ok(self.progress as i64)
        } else {
            Err(AppError::validation("progress", "must be a whole number from 0 to 100"))
        }
    }
}

/// A task in a listing: everything but `data`, `metadata` and `result`, which can be hundreds of
/// kilobytes each; `GET /api/analysis-queue/{id}` has them. Times are RFC 3339 UTC.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TaskSummary)]
pub struct TaskSummaryView {
    pub id: String,
    #[serde(rename = "type")]
    pub task_type: TaskType,
    pub priority: Priority,
    pub status: TaskStatus,
    pub progress: u8,
    pub error: Option<String>,
    pub retry_count: u32,
    pub max_retries: u32,
    pub created_at: String,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub compute: Compute,
    /// A GPU task: the pool's machine that ran it (its last attempt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// A GPU task: seconds it ran on pool machines, over all its attempts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpu_seconds: Option<f64>,
    /// A GPU task: its share of the machines' per-second cost while it ran on them (USD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpu_cost_usd: Option<f64>,
}

impl From<&Task> for TaskSummaryView {
    fn from(t: &Task) -> Self {
        Self {
            id: t.id.clone(),
            task_type: t.task_type,
            priority: t.priority,
            status: t.status,
            progress: t.progress,
            error: t.error.clone(),
            retry_count: t.retry_count,
            max_retries: t.max_retries,
            created_at: rfc3339(t.created_at_ms),
            started_at: t.started_at_ms.map(rfc3339),
            completed_at: t.completed_at_ms.map(rfc3339),
            compute: t.compute,
            instance_id: t.gpu.as_ref().map(|g| g.instance_id.clone()),
            gpu_seconds: t.gpu.as_ref().map(|g| g.gpu_ms as f64 / 1000.0),
            gpu_cost_usd: t.gpu.as_ref().map(|g| g.gpu_cost_usd),
        }
    }
}

impl From<Task> for TaskSummaryView {
    fn from(t: Task) -> Self {
        Self::from(&t)
    }
}

/// A task as the API shows it: the summary with `data`, `metadata` and `result`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Task)]
pub struct TaskView {
    #[serde(flatten)]
    pub summary: TaskSummaryView,
    #[schema(value_type = Object)]
    pub data: Value,
    #[schema(value_type = Option<Object>)]
    pub metadata: Option<Value>,
    #[schema(value_type = Option<Object>)]
    pub result: Option<Value>,
}

impl From<Task> for TaskView {
    fn from(t: Task) -> Self {
        Self { summary: TaskSummaryView::from(&t), data: t.data, metadata: t.metadata, result: t.result }
    }
}

/// One recorded change of a task.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TaskEvent)]
pub struct EventView {
    /// 1 for `created`, then consecutive: the `id` of a Server-Sent Event.
    pub seq: u64,
    #[serde(rename = "type")]
    pub kind: EventKind,
    pub at: String,
    pub status: TaskStatus,
    pub progress: u8,
    pub retry_count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A GPU task's `waiting` (why) and `started` (which machine, and why that one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl From<TaskEvent> for EventView {
    fn from(e: TaskEvent) -> Self {
        Self {
            seq: e.seq,
            kind: e.kind,
            at: rfc3339(e.at_ms),
            status: e.status,
            progress: e.progress,
            retry_count: e.retry_count,
            error: e.error,
            detail: e.detail,
        }
    }
}

/// `GET /api/analysis-queue/{id}`: the task with its events.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TaskDetail)]
pub struct TaskDetailView {
    #[serde(flatten)]
    pub task: TaskView,
    pub events: Vec<EventView>,
}

/// `GET /api/analysis-queue`: newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TaskList)]
pub struct TaskListView {
    pub tasks: Vec<TaskSummaryView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PriorityCounts {
    /// PENDING now.
    pub waiting: i64,
    /// Submitted ever.
    pub submitted: i64,
}

/// `GET /api/analysis-queue/stats`, from counters kept with every change (never a scan).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = QueueStats)]
pub struct QueueStatsView {
    pub tenant_id: String,
    pub total: i64,
    /// Tasks per status, every status listed.
    pub by_status: BTreeMap<String, i64>,
    pub by_priority: BTreeMap<String, PriorityCounts>,
    /// PENDING tasks, retries waiting for their backoff included.
    pub queue_length: i64,
    /// Mean time from first start to COMPLETED or FAILED; absent until a task has finished.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub average_processing_ms: Option<f64>,
    /// queueLength × averageProcessingMs ÷ workers: a rough figure that ignores priorities.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimated_wait_ms: Option<f64>,
    /// The worker concurrency the estimate assumes (`QUEUE_WORKER_CONCURRENCY`).
    pub workers: u32,
}

/// What `GET /api/analysis-queue` lists: the filter, how many, and after which task.
#[derive(Debug, Default, PartialEq)]
pub struct ListQuery {
    pub filter: TaskFilter,
    pub limit: usize,
    pub after: Option<String>,
}
