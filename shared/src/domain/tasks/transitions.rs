//! The allowed status changes. Each takes the task as read and returns the task to write; the
//! store writes it on condition that the task is still as read (status and attempt), so two
//! deliveries of one message cannot both apply a change.
//!
//! ```text
//! PENDING ──start──▶ PROCESSING ──complete──▶ COMPLETED
//!    ▲                   │ ├──fail, retries left──▶ PENDING (retry_count + 1)
//!    ▲                   │ └──pause: out of time, parts kept──▶ PENDING (retry_count kept)
//!    │                   └──fail, none left, or a permanent error──▶ FAILED
//!    └──────── cancel from PENDING or PROCESSING ──▶ CANCELLED
//! ```
//!
//! Every change returns a successor with `version + 1`.

use serde_json::Value;

use super::{Task, TaskStatus};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the task is {}, not PENDING", .0.as_str())]
    NotPending(TaskStatus),
    #[error("the task is {}, not PROCESSING", .0.as_str())]
    NotProcessing(TaskStatus),
    #[error("this attempt is no longer the task's current attempt")]
    StaleAttempt,
    #[error("the task is already {}", .0.as_str())]
    AlreadyFinal(TaskStatus),
    #[error("progress must be between 0 and 100, got {0}")]
    ProgressOutOfRange(i64),
    #[error("progress never goes backwards: it is {current}, {requested} was sent")]
    ProgressBackwards { current: u8, requested: u8 },
}

/// What a failed attempt leads to.
#[derive(Debug, Clone, PartialEq)]
pub enum AttemptOutcome {
    /// Back to PENDING; this is retry number `retry` (1-based).
    Retry { task: Task, retry: u32 },
    /// No retries left: FAILED, with the error kept.
    Failed(Task),
}

impl Task {
    /// PENDING → PROCESSING, under a new attempt id.
    pub fn start(&self, attempt_id: &str, now_ms: i64) -> Result<Task, TransitionError> {
        if self.status != TaskStatus::Pending {
            return Err(if self.status.is_final() {
                TransitionError::AlreadyFinal(self.status)
            } else {
                TransitionError::NotPending(self.status)
            });
        }
        let mut next = self.successor();
        next.status = TaskStatus::Processing;
        next.attempt_id = Some(attempt_id.to_owned());
        next.attempt_started_at_ms = Some(now_ms);
        next.started_at_ms.get_or_insert(now_ms);
        Ok(next)
    }

    /// A GPU task still PENDING waits for a machine, for the reason `placement` gives: recorded
    /// once per reason (`None` when it is already the recorded one), so polling adds no events.
    pub fn waiting(&self, placement: &str) -> Result<Option<Task>, TransitionError> {
        if self.status != TaskStatus::Pending {
            return Err(TransitionError::NotPending(self.status));
        }
        if self.placement.as_deref() == Some(placement) {
            return Ok(None);
        }
        let mut next = self.successor();
        next.placement = Some(placement.to_owned());
        Ok(Some(next))
    }

    /// Adds `gpu_ms` on `instance_id` at `gpu_cost_usd` to the task's GPU time (any outcome of an
    /// attempt that ran on a machine).
    pub fn with_gpu_time(mut self, instance_id: &str, gpu_ms: i64, gpu_cost_usd: f64) -> Task {
        let run = self.gpu.get_or_insert_with(Default::default);
        run.instance_id = instance_id.to_owned();
        run.gpu_ms += gpu_ms.max(0);
        run.gpu_cost_usd = ((run.gpu_cost_usd + gpu_cost_usd) * 1e8).round() / 1e8;
        self
    }

    /// The next version of this task, to be changed by one transition.
    fn successor(&self) -> Task {
        let mut next = self.clone();
        next.version += 1;
        next
    }

    /// Leaves PROCESSING: the attempt is over whatever its outcome.
    fn end_attempt(&mut self) {
        self.attempt_id = None;
        self.attempt_started_at_ms = None;
    }

    /// Leaves PROCESSING for good: parts kept for a later attempt are not needed any more.
    fn finish(&mut self, status: TaskStatus, now_ms: i64) {
        self.status = status;
        self.completed_at_ms = Some(now_ms);
        self.checkpoint = None;
        self.end_attempt();
    }

    fn check_attempt(&self, attempt_id: &str) -> Result<(), TransitionError> {
        if self.status.is_final() {
            return Err(TransitionError::AlreadyFinal(self.status));
        }
        if self.status != TaskStatus::Processing {
            return Err(TransitionError::NotProcessing(self.status));
        }
        if self.attempt_id.as_deref() != Some(attempt_id) {
            return Err(TransitionError::StaleAttempt);
        }
        Ok(())
    }

    /// PROCESSING → COMPLETED, only by the attempt that is running.
    pub fn complete(&self, attempt_id: &str, result: Value, now_ms: i64) -> Result<Task, TransitionError> {
        self.check_attempt(attempt_id)?;
        let mut next = self.successor();
        next.progress = 100;
        next.result = Some(result);
        next.finish(TaskStatus::Completed, now_ms);
        Ok(next)
    }

    /// PROCESSING → PENDING without using a retry: the attempt ran out of its time budget after
    /// finishing parts, which `checkpoint` keeps. Each pause follows at least one finished part,
    /// so a task pauses at most once per part.
    pub fn pause(&self, attempt_id: &str) -> Result<Task, TransitionError> {
        self.check_attempt(attempt_id)?;
        let mut next = self.successor();
        next.status = TaskStatus::Pending;
        next.end_attempt();
        Ok(next)
    }

    /// Records the parts finished so far with the progress they mean, under the running attempt.
    pub fn with_checkpoint(&self, attempt_id: &str, parts: Vec<Value>, progress: u8) -> Result<Task, TransitionError> {
        self.check_attempt(attempt_id)?;
        let mut next = self.successor();
        next.progress = progress.clamp(self.progress, 100);
        next.checkpoint = Some(parts);
        Ok(next)
    }

    /// A failed attempt: retried while retries are left, else FAILED with the error kept.
    pub fn fail_attempt(&self, attempt_id: &str, error: &str, now_ms: i64) -> Result<AttemptOutcome, TransitionError> {
        self.check_attempt(attempt_id)?;
        let mut next = self.successor();
        next.error = Some(error.to_owned());
        next.end_attempt();
        if self.retry_count < self.max_retries {
            next.status = TaskStatus::Pending;
            next.retry_count += 1;
            Ok(AttemptOutcome::Retry { retry: next.retry_count, task: next })
        } else {
            next.finish(TaskStatus::Failed, now_ms);
            Ok(AttemptOutcome::Failed(next))
        }
    }

    /// PROCESSING → FAILED at once: an error no retry can fix (bad task data, a result above the
    /// size limit).
    pub fn fail_permanently(&self, attempt_id: &str, error: &str, now_ms: i64) -> Result<Task, TransitionError> {
        self.check_attempt(attempt_id)?;
        let mut next = self.successor();
        next.error = Some(error.to_owned());
        next.finish(TaskStatus::Failed, now_ms);
        Ok(next)
    }

    /// PENDING → FAILED: the task never reached the queue, so no worker will ever start it.
    pub fn fail_unqueued(&self, error: &str, now_ms: i64) -> Result<Task, TransitionError> {
        if self.status != TaskStatus::Pending {
            return Err(TransitionError::NotPending(self.status));
        }
        let mut next = self.successor();
        next.error = Some(error.to_owned());
        next.finish(TaskStatus::Failed, now_ms);
        Ok(next)
    }

    /// PENDING or PROCESSING → CANCELLED. A running attempt sees it at its next checkpoint, and its
    /// completion is then refused (`AlreadyFinal`), so a cancelled task never turns COMPLETED.
    pub fn cancel(&self, now_ms: i64) -> Result<Task, TransitionError> {
        if self.status.is_final() {
            return Err(TransitionError::AlreadyFinal(self.status));
        }
        let mut next = self.successor();
        next.finish(TaskStatus::Cancelled, now_ms);
        Ok(next)
    }

    /// Moves progress forward while PROCESSING: `Some(next)`, or `None` when the value is the
    /// current one (a retried update: accepted, nothing to write). A lower one is refused.
    pub fn with_progress(&self, requested: i64) -> Result<Option<Task>, TransitionError> {
        if !(0..=100).contains(&requested) {
            return Err(TransitionError::ProgressOutOfRange(requested));
        }
        if self.status != TaskStatus::Processing {
            return Err(if self.status.is_final() {
                TransitionError::AlreadyFinal(self.status)
            } else {
                TransitionError::NotProcessing(self.status)
            });
        }
        let requested = requested as u8;
        if requested < self.progress {
            return Err(TransitionError::ProgressBackwards { current: self.progress, requested });
        }
        if requested == self.progress {
            return Ok(None);
        }
        let mut next = self.successor();
        next.progress = requested;
        Ok(Some(next))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Priority, TaskType};
    use super::*;
    use crate::domain::tenant::TenantId;

    fn task(priority: Priority) -> Task {
        Task::new(
            "t1".to_owned(),
            TenantId::parse("acme").expect("valid"),
            TaskType::DocumentAnalysis,
            priority,
            serde_json::json!({"document": "d"}),
            None,
            1_000,
        )
    }

    #[test]
    fn a_task_runs_once_per_attempt_and_completes_only_under_its_attempt() {
        let running = task(Priority::Normal).start("a1", 2_000).expect("start");
        assert_eq!(running.status, TaskStatus::Processing);
        assert_eq!(
            (running.started_at_ms, running.attempt_started_at_ms, running.version),
            (Some(2_000), Some(2_000), 2)
        );
        assert_eq!(running.start("a2", 2_001), Err(TransitionError::NotPending(TaskStatus::Processing)));
        assert_eq!(running.complete("a0", serde_json::json!({}), 3_000), Err(TransitionError::StaleAttempt));
        let done = running.complete("a1", serde_json::json!({"ok": true}), 3_000).expect("complete");
        assert_eq!((done.status, done.progress, done.completed_at_ms), (TaskStatus::Completed, 100, Some(3_000)));
        // A redelivered message of the finished task changes nothing.
        assert_eq!(done.start("a3", 4_000), Err(TransitionError::AlreadyFinal(TaskStatus::Completed)));
        assert_eq!(
            done.complete("a1", serde_json::json!({}), 4_000),
            Err(TransitionError::AlreadyFinal(TaskStatus::Completed))
        );
    }

    #[test]
    fn failures_are_retried_up_to_the_priority_limit_then_fail_with_the_last_error() {
        for priority in Priority::ALL {
            let mut t = task(priority);
            let mut retries = 0;
            loop {
                let running = t.start(&format!("a{retries}"), 0).expect("start");
                match running.fail_attempt(&format!("a{retries}"), &format!("boom {retries}"), 5).expect("fail") {
                    AttemptOutcome::Retry { task, retry } => {
                        retries += 1;
                        assert_eq!(retry, retries);
                        assert_eq!(task.status, TaskStatus::Pending);
                        t = task;
                    }
                    AttemptOutcome::Failed(task) => {
                        assert_eq!(task.status, TaskStatus::Failed);
                        assert_eq!(task.error.as_deref(), Some(format!("boom {retries}").as_str()));
                        break;
                    }
                }
            }
            assert_eq!(retries, priority.max_retries(), "{priority:?}");
        }
        assert_eq!(
            [5, 3, 2, 1],
            [Priority::Urgent, Priority::High, Priority::Normal, Priority::Low].map(Priority::max_retries)
        );
    }

    #[test]
    fn a_permanent_error_fails_at_once_whatever_the_retries_left() {
        let running = task(Priority::Urgent).start("a1", 0).expect("start");
        let failed = running.fail_permanently("a1", "result too large", 9).expect("fail");
        assert_eq!((failed.status, failed.retry_count, failed.completed_at_ms), (TaskStatus::Failed, 0, Some(9)));
        assert_eq!(failed.error.as_deref(), Some("result too large"));
        assert_eq!(failed.attempt_id, None);
        assert_eq!(running.fail_permanently("a0", "x", 9), Err(TransitionError::StaleAttempt));
    }

    #[test]
    fn a_task_cancelled_while_running_can_never_complete() {
        let running = task(Priority::High).start("a1", 0).expect("start");
        let cancelled = running.cancel(10).expect("cancel");
        assert_eq!(cancelled.status, TaskStatus::Cancelled);
        assert_eq!(
            cancelled.complete("a1", serde_json::json!({}), 20),
            Err(TransitionError::AlreadyFinal(TaskStatus::Cancelled))
        );
        assert_eq!(cancelled.cancel(30), Err(TransitionError::AlreadyFinal(TaskStatus::Cancelled)));
    }

    #[test]
    fn progress_moves_forward_only_while_processing() {
        let pending = task(Priority::Low);
        assert_eq!(pending.with_progress(10), Err(TransitionError::NotProcessing(TaskStatus::Pending)));
        let running = pending.start("a1", 0).expect("start");
        let at_40 = running.with_progress(40).expect("forward").expect("a change");
        assert_eq!((at_40.progress, at_40.version), (40, running.version + 1));
        assert_eq!(at_40.with_progress(40), Ok(None), "the same value again is a retried update");
        assert_eq!(at_40.with_progress(39), Err(TransitionError::ProgressBackwards { current: 40, requested: 39 }));
        assert_eq!(at_40.with_progress(101), Err(TransitionError::ProgressOutOfRange(101)));
        assert_eq!(at_40.with_progress(-1), Err(TransitionError::ProgressOutOfRange(-1)));
    }
}
