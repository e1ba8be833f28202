//! The sweep that makes a submission recoverable. `submit` writes the task, sends its message,
//! then marks it sent; a request that dies between the write and the send (a timeout, a crash,
//! a deploy) leaves a PENDING task no worker will ever hear of. On a schedule, the tasks that
//! were never marked sent and are older than `age` (no live request is still sending them) are
//! sent now; a task the queue keeps refusing is FAILED after `max_tries` sends, with an error
//! saying so, rather than left PENDING.
//!
//! A task sent twice (its request sent it, then died before marking it) is harmless: delivery is
//! at least once anyway, and the worker runs a task only from PENDING.

use std::time::Duration;

use serde::Serialize;

use super::QueueService;
use crate::config::EnvReader;
use crate::domain::tasks::TaskStatus;
use crate::ports::{TaskMessage, TaskQueue};

/// | variable | default | meaning |
/// |---|---|---|
/// | `UNSENT_TASK_AGE_SECONDS` | 60 | how old a task never marked sent must be before the sweep sends it (above the submitting function's timeout) |
/// | `UNSENT_TASK_MAX_TRIES` | 5 | failed sends (one per sweep) before the task is FAILED |
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RequeueSettings {
    pub age: Duration,
    pub max_tries: u32,
    /// Most tasks one sweep handles; the next sweep takes the rest.
    pub batch: usize,
}

impl Default for RequeueSettings {
    fn default() -> Self {
        Self { age: Duration::from_secs(60), max_tries: 5, batch: 500 }
    }
}

impl RequeueSettings {
    pub fn from_env(env: &mut EnvReader) -> Self {
        let d = Self::default();
        let age: u64 = env.parsed_or("UNSENT_TASK_AGE_SECONDS", d.age.as_secs());
        let max_tries: u32 = env.parsed_or("UNSENT_TASK_MAX_TRIES", d.max_tries);
        if age == 0 || max_tries == 0 {
            env.problem("UNSENT_TASK_AGE_SECONDS and UNSENT_TASK_MAX_TRIES must be at least 1");
        }
        Self { age: Duration::from_secs(age.max(1)), max_tries: max_tries.max(1), batch: d.batch }
    }
}

/// What a sweep did: task ids sent, task ids failed for good, and errors (a send refused with
/// tries left, a store error).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequeueReport {
    pub requeued: Vec<String>,
    pub failed: Vec<String>,
    pub errors: Vec<String>,
}

impl QueueService {
    /// Sends every task older than `settings.age` whose message was never marked sent.
    pub async fn requeue_unsent(&self, queue: &dyn TaskQueue, settings: &RequeueSettings) -> RequeueReport {
        let mut report = RequeueReport::default();
        let before = self.clock.now_ms() - settings.age.as_millis() as i64;
        let unsent = match self.store.unsent(before, settings.batch).await {
            Ok(unsent) => unsent,
            Err(e) => {
                report.errors.push(format!("task store: {e}"));
                return report;
            }
        };
        for found in unsent {
            let (tenant, id) = (&found.tenant, found.id.as_str());
            let task = match self.store.get(tenant, id).await {
                Ok(Some(task)) => task,
                Ok(None) => continue,
                Err(e) => {
                    report.errors.push(format!("reading {id}: {e}"));
                    continue;
                }
            };
            if task.status != TaskStatus::Pending {
                // Changed since (the index lags a moment): it needs no message.
                if let Err(e) = self.store.mark_sent(tenant, id).await {
                    report.errors.push(format!("marking {id}: {e}"));
                }
                continue;
            }
            let message = TaskMessage { tenant_id: tenant.clone(), task_id: task.id.clone(), priority: task.priority };
            match queue.enqueue(&message, Duration::ZERO).await {
                Ok(()) => {
                    tracing::warn!(task_id = %id, tenant = %tenant, "a task its request never sent was queued");
                    if let Err(e) = self.store.mark_sent(tenant, id).await {
                        // Sent again by the next sweep: harmless, see the module doc.
                        report.errors.push(format!("marking {id}: {e}"));
                    }
                    report.requeued.push(task.id);
                }
                Err(send_error) => self.send_failed(&task, &send_error.to_string(), settings, &mut report).await,
            }
        }
        if !report.requeued.is_empty() || !report.failed.is_empty() || !report.errors.is_empty() {
            tracing::info!(
                requeued = report.requeued.len(),
                failed = report.failed.len(),
                errors = report.errors.len(),
                "unsent tasks swept"
            );
        }
        report
    }

    async fn send_failed(
        &self,
        task: &crate::domain::tasks::Task,
        send_error: &str,
        settings: &RequeueSettings,
        report: &mut RequeueReport,
    ) {
        let (tenant, id) = (&task.tenant, task.id.as_str());
        let tries = match self.store.send_failed(tenant, id).await {
            Ok(tries) => tries,
            Err(e) => {
                report.errors.push(format!("counting a failed send of {id}: {e}"));
                return;
            }
        };
        if tries < settings.max_tries {
            report.errors.push(format!("sending {id} (try {tries} of {}): {send_error}", settings.max_tries));
            return;
        }
        let now = self.clock.now_ms();
        let error = format!("the task could not be queued after {tries} tries; submit it again");
        match self.change(tenant, id, |t| t.fail_unqueued(&error, now).map(Some)).await {
            Ok(Ok(_)) => {
                tracing::error!(task_id = %id, tenant = %tenant, tries, "a task that could not be queued failed");
                report.failed.push(id.to_owned());
            }
            // No longer PENDING (cancelled meanwhile): nothing to fail.
            Ok(Err(_)) => {}
            Err(e) => report.errors.push(format!("failing {id}: {e}")),
        }
    }
}
