//! What one status change of a task writes besides the task itself: the event that records it
//! and the deltas of the tenant's queue counters. Stores write all three atomically (one DynamoDB
//! transaction), so the counters are always the sum of the changes that happened and the stats
//! endpoint never scans.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Priority, Task, TaskStatus};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Created,
    /// A GPU task waits for a machine of the pool (the event's `detail` says why).
    Waiting,
    Started,
    Progress,
    Retried,
    Paused,
    Completed,
    Failed,
    Cancelled,
}

impl EventKind {
    pub const ALL: [EventKind; 9] = [
        EventKind::Created,
        EventKind::Waiting,
        EventKind::Started,
        EventKind::Progress,
        EventKind::Retried,
        EventKind::Paused,
        EventKind::Completed,
        EventKind::Failed,
        EventKind::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Waiting => "waiting",
            Self::Started => "started",
            Self::Progress => "progress",
            Self::Retried => "retried",
            Self::Paused => "paused",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// One recorded change. `seq` is the task's version after the change: 1 for `created`, then
/// consecutive, so a reader resumes after the last `seq` it saw.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskEvent {
    pub seq: u64,
    pub kind: EventKind,
    pub at_ms: i64,
    pub status: TaskStatus,
    pub progress: u8,
    pub retry_count: u32,
    /// The error of a `retried` or `failed` event.
    pub error: Option<String>,
    /// A GPU task's placement: why it waits (`waiting`), which machine took it and why (`started`).
    pub detail: Option<String>,
}

/// Queue counters as named attributes: `status.PENDING`, `waiting.URGENT`, `created.LOW`,
/// `processingMs`, `processed`. A tenant never counted has every counter at 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueCounters(pub BTreeMap<String, i64>);

/// Signed additions to counters: what one change moves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CounterDelta(pub Vec<(String, i64)>);

pub fn status_counter(status: TaskStatus) -> String {
    format!("status.{}", status.as_str())
}

pub fn waiting_counter(priority: Priority) -> String {
    format!("waiting.{}", priority.as_str())
}

pub fn created_counter(priority: Priority) -> String {
    format!("created.{}", priority.as_str())
}

pub const PROCESSING_MS: &str = "processingMs";
pub const PROCESSED: &str = "processed";

impl QueueCounters {
    pub fn get(&self, name: &str) -> i64 {
        self.0.get(name).copied().unwrap_or(0)
    }

    pub fn apply(&mut self, delta: &CounterDelta) {
        for (name, by) in &delta.0 {
            *self.0.entry(name.clone()).or_insert(0) += by;
        }
    }
}

impl CounterDelta {
    fn add(&mut self, name: String, by: i64) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += by,
            None => self.0.push((name, by)),
        }
    }

    /// What going from `before` (none: the task is new) to `after` moves: the status counts, the
    /// waiting count of the priority, and on a final COMPLETED or FAILED the processing time.
    pub fn between(before: Option<&Task>, after: &Task) -> Self {
        let mut delta = CounterDelta::default();
        let waiting = |status: TaskStatus| i64::from(status == TaskStatus::Pending);
        match before {
            None => {
                delta.add(created_counter(after.priority), 1);
                delta.add(status_counter(after.status), 1);
                delta.add(waiting_counter(after.priority), waiting(after.status));
            }
            Some(before) if before.status != after.status => {
                delta.add(status_counter(before.status), -1);
                delta.add(status_counter(after.status), 1);
                delta.add(waiting_counter(after.priority), waiting(after.status) - waiting(before.status));
                if matches!(after.status, TaskStatus::Completed | TaskStatus::Failed) {
                    if let (Some(started), Some(done)) = (after.started_at_ms, after.completed_at_ms) {
                        delta.add(PROCESSING_MS.to_owned(), (done - started).max(0));
                        delta.add(PROCESSED.to_owned(), 1);
                    }
                }
            }
            Some(_) => {}
        }
        delta.0.retain(|(_, by)| *by != 0);
        delta
    }
}

/// One change, ready to write: the task as read (`None` when created), the task to write, its
/// event and its counter deltas.
#[derive(Clone, Debug)]
pub struct TaskChange {
    pub before: Option<Task>,
    pub after: Task,
    pub event: TaskEvent,
    pub counters: CounterDelta,
    /// A limit the change must not pass, checked in the same atomic write: written only while
    /// the tenant's counter is below the bound (a fairness limit that concurrent submissions
    /// cannot overshoot).
    pub ceiling: Option<Ceiling>,
}

/// Written only while the tenant's counter `counter` is below `below`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ceiling {
    pub counter: String,
    pub below: i64,
}

impl TaskChange {
    pub fn created(task: Task) -> Self {
        Self::new(None, task, TaskStatus::Pending, task_created_at)
    }

    /// This change, written only while the tenant's `counter` is below `below`.
    pub fn within(self, counter: String, below: i64) -> Self {
        Self { ceiling: Some(Ceiling { counter, below }), ..self }
    }

    /// The change from `before` to `after` (a transition's result), recorded at `now_ms`.
    pub fn between(before: Task, after: Task, now_ms: i64) -> Self {
        let status = before.status;
        Self::new(Some(before), after, status, |_| now_ms)
    }

    fn new(before: Option<Task>, after: Task, from: TaskStatus, at: impl Fn(&Task) -> i64) -> Self {
        let kind = match (before.is_some(), from, after.status) {
            (false, _, _) => EventKind::Created,
            (true, TaskStatus::Pending, TaskStatus::Processing) => EventKind::Started,
            // A pause keeps the retry count: the attempt ran out of time, it did not fail.
            (true, TaskStatus::Processing, TaskStatus::Pending)
                if before.as_ref().is_some_and(|b| b.retry_count == after.retry_count) =>
            {
                EventKind::Paused
            }
            (true, TaskStatus::Processing, TaskStatus::Pending) => EventKind::Retried,
            (true, TaskStatus::Pending, TaskStatus::Pending) => EventKind::Waiting,
            (true, _, TaskStatus::Completed) => EventKind::Completed,
            (true, _, TaskStatus::Failed) => EventKind::Failed,
            (true, _, TaskStatus::Cancelled) => EventKind::Cancelled,
            (true, _, _) => EventKind::Progress,
        };
        let error = matches!(kind, EventKind::Retried | EventKind::Failed).then(|| after.error.clone()).flatten();
        let event = TaskEvent {
            seq: after.version,
            kind,
            at_ms: at(&after),
            status: after.status,
            progress: after.progress,
            retry_count: after.retry_count,
            error,
            detail: matches!(kind, EventKind::Waiting | EventKind::Started).then(|| after.placement.clone()).flatten(),
        };
        let counters = CounterDelta::between(before.as_ref(), &after);
        Self { before, after, event, counters, ceiling: None }
    }
}

fn task_created_at(task: &Task) -> i64 {
    task.created_at_ms
}

#[cfg(test)]
mod tests {
    use super::super::{AttemptOutcome, TaskType};
    use super::*;
    use crate::domain::tenant::TenantId;

    fn new_task() -> Task {
        Task::new(
            "t1".to_owned(),
            TenantId::parse("acme").expect("valid"),
            TaskType::ChatResponse,
            Priority::High,
            serde_json::json!({}),
            None,
            1_000,
        )
    }

    #[test]
    fn a_life_of_changes_records_consecutive_events_and_balanced_counters() {
        let mut counters = QueueCounters::default();
        let created = TaskChange::created(new_task());
        counters.apply(&created.counters);
        assert_eq!((created.event.kind, created.event.seq, created.event.at_ms), (EventKind::Created, 1, 1_000));
        assert_eq!(counters.get("waiting.HIGH"), 1);

        let task = created.after;
        let running = task.start("a1", 2_000).expect("start");
        let started = TaskChange::between(task, running.clone(), 2_000);
        counters.apply(&started.counters);
        assert_eq!((started.event.kind, started.event.seq), (EventKind::Started, 2));
        assert_eq!((counters.get("waiting.HIGH"), counters.get("status.PROCESSING")), (0, 1));

        let at_50 = running.with_progress(50).expect("forward").expect("changed");
        let progress = TaskChange::between(running, at_50.clone(), 2_500);
        assert_eq!((progress.event.kind, progress.event.progress), (EventKind::Progress, 50));
        assert!(progress.counters.0.is_empty(), "progress moves no counter");

        let AttemptOutcome::Retry { task: pending, .. } =
            at_50.fail_attempt("a1", "upstream 503", 3_000).expect("fail")
        else {
            panic!("HIGH has retries left")
        };
        let retried = TaskChange::between(at_50, pending.clone(), 3_000);
        counters.apply(&retried.counters);
        assert_eq!(retried.event.kind, EventKind::Retried);
        assert_eq!(retried.event.error.as_deref(), Some("upstream 503"));
        assert_eq!(counters.get("waiting.HIGH"), 1);

        let again = pending.start("a2", 4_000).expect("start");
        let done = again.complete("a2", serde_json::json!({"ok": true}), 6_000).expect("complete");
        for change in [TaskChange::between(pending, again.clone(), 4_000), TaskChange::between(again, done, 6_000)] {
            counters.apply(&change.counters);
        }
        assert_eq!(counters.get("status.COMPLETED"), 1);
        assert_eq!(counters.get("processingMs"), 4_000, "from the first start to completion");
        assert_eq!(counters.get("processed"), 1);
        let live: i64 = TaskStatus::ALL.iter().map(|s| counters.get(&status_counter(*s))).sum();
        assert_eq!(live, 1, "one task, counted once across statuses");
        assert_eq!(counters.get("created.HIGH"), 1);
    }

    #[test]
    fn a_cancelled_waiting_task_leaves_the_queue_without_a_processing_time() {
        let task = new_task();
        let cancelled = task.cancel(5_000).expect("cancel");
        let change = TaskChange::between(task, cancelled, 5_000);
        assert_eq!(change.event.kind, EventKind::Cancelled);
        let mut counters = QueueCounters::default();
        counters.apply(&change.counters);
        assert_eq!(counters.get("waiting.HIGH"), -1);
        assert_eq!(counters.get("processed"), 0);
    }
}
