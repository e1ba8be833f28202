//! One delivery of a queue message, as the SQS consumer and `local`'s workers both run it.
//!
//! Delivery is at least once, so a message may arrive for a task that is already running,
//! finished or cancelled; every step below is decided on the task as stored and written
//! conditionally, and a message that is not needed any more is simply acknowledged.
//!
//! | task as read | what happens |
//! |---|---|
//! | missing, COMPLETED, FAILED, CANCELLED | acknowledged, nothing runs |
//! | PROCESSING, attempt younger than the lease | redelivered when the lease ends (another worker may be running it) |
//! | PROCESSING, attempt older than the lease | that attempt died (crash, timeout): counted as a failed attempt |
//! | PENDING | a new attempt starts and runs the processor |
//!
//! A failed attempt with retries left puts the task back to PENDING and asks for redelivery after
//! a full-jitter backoff; with none left the task is FAILED with the last error.
//!
//! Each attempt has a time budget (`TASK_ATTEMPT_SECONDS`, below the consumer's timeout, itself
//! below the lease): a task of several model calls checkpoints each finished part, and one that
//! runs out of time pauses (PENDING, no retry used) and resumes after its parts at once, instead
//! of being killed by Lambda and paying for every finished part again on each retry.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

use super::QueueService;
use crate::app::gpu_pool::{GpuScheduler, Placement, Released};
use crate::app::{AppError, Dependency, StoreResultExt};
use crate::domain::tasks::{AttemptOutcome, Compute, Task, TaskStatus, TransitionError};
use crate::domain::tenant::TenantId;
use crate::ports::{ModelServer, ProcessError, ProgressSink, StoreError, TaskMessage, TaskProcessor};

/// Largest stored `result`, as serialized JSON: a larger one fails the task with an error saying
/// so; it is never truncated. With `data::MAX_DATA_BYTES` it keeps a task within DynamoDB's 400 KB.
pub const MAX_RESULT_BYTES: usize = 150_000;

/// What the trigger does with the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Delete it: the task is finished, cancelled, unknown, or was just completed.
    Done,
    /// Deliver it again after this wait (a retry's backoff, or the rest of a running attempt's lease).
    RetryAfter(Duration),
}

#[derive(Clone)]
pub struct Worker {
    pub(crate) service: QueueService,
    pub(crate) processor: Arc<dyn TaskProcessor>,
    /// Places GPU tasks on the tenant's pool; without it a GPU task fails (this worker cannot
    /// reach the pools).
    pub(crate) gpu: Option<Arc<GpuScheduler>>,
}

/// A GPU attempt's time on its machine, added to the task whatever the attempt's outcome.
struct GpuTime {
    instance_id: String,
    released: Option<Released>,
}

impl GpuTime {
    fn add_to(&self, task: Task) -> Task {
        let Some(r) = self.released else { return task };
        task.with_gpu_time(&self.instance_id, r.gpu_ms, r.gpu_cost_usd)
    }
}

const DEAD_ATTEMPT: &str = "the previous attempt stopped without finishing (worker crash or timeout)";

impl Worker {
    pub fn new(service: QueueService, processor: Arc<dyn TaskProcessor>) -> Self {
        Self { service, processor, gpu: None }
    }

    /// The same worker, placing GPU tasks on the tenants' pools with `scheduler`.
    pub fn with_gpu(self, scheduler: Arc<GpuScheduler>) -> Self {
        Self { gpu: Some(scheduler), ..self }
    }

    /// Handles one delivery. A store that did not answer is an `AppError::Unavailable`, which the
    /// trigger turns into a later redelivery (`runtime::delivery`).
    pub async fn deliver(&self, message: &TaskMessage) -> Result<Delivery, AppError> {
        self.deliver_message(message).await.or_unavailable(Dependency::TaskStore)
    }

    async fn deliver_message(&self, message: &TaskMessage) -> Result<Delivery, StoreError> {
        let (tenant, id) = (&message.tenant_id, message.task_id.as_str());
        let Some(task) = self.service.store.get(tenant, id).await? else {
            tracing::warn!(task_id = %id, "message for an unknown task dropped");
            return Ok(Delivery::Done);
        };
        match task.status {
            TaskStatus::Completed | TaskStatus::Failed | TaskStatus::Cancelled => return Ok(Delivery::Done),
            TaskStatus::Processing => return self.check_running(&task).await,
            TaskStatus::Pending => {}
        }
        if task.compute == Compute::Gpu {
            return self.deliver_on_gpu(&task).await;
        }
        let attempt = uuid::Uuid::new_v4().to_string();
        let now = self.service.clock.now_ms();
        let running = match self.service.change(tenant, id, |t| t.start(&attempt, now).map(Some)).await? {
            Ok(running) => running,
            // Another delivery started it, or it was cancelled in between.
            Err(_) => return Ok(Delivery::Done),
        };
        tracing::info!(task_id = %id, attempt = %attempt, retry = running.retry_count, "attempt started");
        let sink = self.progress(tenant, id, &attempt, now);
        let outcome = self.processor.process(&running, &sink).await;
        self.finish(tenant, id, &attempt, outcome, None).await
    }

    /// Where an attempt started at `started_ms` reports, within its time budget.
    fn progress(&self, tenant: &TenantId, id: &str, attempt: &str, started_ms: i64) -> StoreProgress {
        StoreProgress {
            service: self.service.clone(),
            tenant: tenant.clone(),
            id: id.to_owned(),
            attempt: attempt.to_owned(),
            deadline_ms: started_ms.saturating_add(self.service.settings.attempt_budget.as_millis() as i64),
        }
    }

    /// A PENDING GPU task: fails, waits for a machine (its message held back, no worker held),
    /// or runs on the machine it took, which it gives back however the attempt ends.
    async fn deliver_on_gpu(&self, task: &Task) -> Result<Delivery, StoreError> {
        let (tenant, id) = (&task.tenant, task.id.as_str());
        let now = self.service.clock.now_ms();
        let placement = match &self.gpu {
            Some(gpu) => gpu.place(task).await?,
            None => Placement::Fail("gpu_pool_unavailable: this deployment's worker cannot reach GPU pools".to_owned()),
        };
        let machine = match placement {
            Placement::Fail(error) => {
                tracing::warn!(task_id = %id, error = %error, "GPU task failed without a machine");
                let _ = self.service.change(tenant, id, |t| t.fail_unqueued(&error, now).map(Some)).await?;
                return Ok(Delivery::Done);
            }
            Placement::Wait { delay, placement } => {
                let _ = self.service.change(tenant, id, |t| t.waiting(&placement)).await?;
                return Ok(Delivery::RetryAfter(delay));
            }
            Placement::Run(machine) => machine,
        };
        let Some(gpu) = &self.gpu else { return Ok(Delivery::Done) };
        let attempt = uuid::Uuid::new_v4().to_string();
        let started = self
            .service
            .change(tenant, id, |t| {
                t.start(&attempt, now).map(|running| {
                    // The machine is named while it runs the task; its time is added at the end.
                    let mut running = running.with_gpu_time(&machine.instance_id, 0, 0.0);
                    running.placement = Some(machine.placement.clone());
                    Some(running)
                })
            })
            .await;
        let running = match started {
            Ok(Ok(running)) => running,
            other => {
                // Cancelled or started elsewhere meanwhile (or the store failed): the machine is
                // free again for the next task.
                gpu.release(task, &machine.instance_id).await;
                return other.map(|_| Delivery::Done);
            }
        };
        tracing::info!(task_id = %id, attempt = %attempt, instance = %machine.instance_id, "GPU attempt started");
        let sink = self.progress(tenant, id, &attempt, now);
        let outcome = match gpu.servers().connect(&machine) {
            Ok(llm) => {
                let server = ModelServer { llm, model: machine.model.clone() };
                self.processor.process_on(&running, &sink, &server).await
            }
            Err(e) => Err(ProcessError::Retryable(format!("the GPU machine's model server could not be reached: {e}"))),
        };
        let released = match &outcome {
            Err(ProcessError::Retryable(_)) => gpu.release_after_failure(&running, &machine.instance_id).await,
            _ => gpu.release(&running, &machine.instance_id).await,
        };
        let time = GpuTime { instance_id: machine.instance_id.clone(), released };
        self.finish(tenant, id, &attempt, outcome, Some(time)).await
    }

    /// A task found PROCESSING: wait out a live attempt's lease, or count a dead one as failed.
    async fn check_running(&self, task: &Task) -> Result<Delivery, StoreError> {
        let lease_ms = self.service.settings.lease.as_millis() as i64;
        let age = self.service.clock.now_ms() - task.attempt_started_at_ms.unwrap_or(0);
        if age < lease_ms {
            return Ok(Delivery::RetryAfter(Duration::from_millis((lease_ms - age).max(1) as u64)));
        }
        let attempt = task.attempt_id.clone().unwrap_or_default();
        tracing::warn!(task_id = %task.id, attempt = %attempt, "attempt outlived its lease; counted as failed");
        crate::metrics::lease_expired(task.priority.as_str());
        self.fail(&task.tenant, &task.id, &attempt, DEAD_ATTEMPT, &|t| t).await
    }

    async fn finish(
        &self,
        tenant: &TenantId,
        id: &str,
        attempt: &str,
        outcome: Result<Value, ProcessError>,
        gpu: Option<GpuTime>,
    ) -> Result<Delivery, StoreError> {
        let now = self.service.clock.now_ms();
        let with_gpu = |task: Task| match &gpu {
            Some(time) => time.add_to(task),
            None => task,
        };
        match outcome {
            Ok(result) => {
                let size = serde_json::to_vec(&result).map_or(usize::MAX, |b| b.len());
                let written = if size > MAX_RESULT_BYTES {
                    let error = format!(
                        "the result is {size} bytes, above the {MAX_RESULT_BYTES}-byte limit of a stored result; it was not stored"
                    );
                    self.service
                        .change(tenant, id, |t| t.fail_permanently(attempt, &error, now).map(|t| Some(with_gpu(t))))
                        .await?
                } else {
                    self.service
                        .change(tenant, id, |t| t.complete(attempt, result.clone(), now).map(|t| Some(with_gpu(t))))
                        .await?
                };
                if let Err(refused) = written {
                    // Cancelled (or taken over) while running: the result is dropped, never stored.
                    tracing::info!(task_id = %id, reason = %refused, "result not stored");
                }
                Ok(Delivery::Done)
            }
            Err(ProcessError::Stopped) => Ok(Delivery::Done),
            Err(ProcessError::Paused(why)) => {
                match self.service.change(tenant, id, |t| t.pause(attempt).map(|t| Some(with_gpu(t)))).await? {
                    Ok(_) => {
                        tracing::info!(task_id = %id, reason = %why, "attempt paused; the task resumes after its finished parts");
                        Ok(Delivery::RetryAfter(Duration::ZERO))
                    }
                    // Cancelled or taken over meanwhile.
                    Err(_) => Ok(Delivery::Done),
                }
            }
            Err(ProcessError::Permanent(error)) => {
                let _ = self
                    .service
                    .change(tenant, id, |t| t.fail_permanently(attempt, &error, now).map(|t| Some(with_gpu(t))))
                    .await?;
                Ok(Delivery::Done)
            }
            Err(ProcessError::Retryable(error)) => self.fail(tenant, id, attempt, &error, &with_gpu).await,
        }
    }

    /// A failed attempt: back to PENDING with a backoff while retries are left, else FAILED.
    /// `with_gpu` adds the attempt's machine time, if it ran on one.
    async fn fail(
        &self,
        tenant: &TenantId,
        id: &str,
        attempt: &str,
        error: &str,
        with_gpu: &(dyn Fn(Task) -> Task + Sync),
    ) -> Result<Delivery, StoreError> {
        let now = self.service.clock.now_ms();
        let changed = self
            .service
            .change(tenant, id, |t| {
                t.fail_attempt(attempt, error, now).map(|outcome| match outcome {
                    AttemptOutcome::Retry { task, .. } | AttemptOutcome::Failed(task) => Some(with_gpu(task)),
                })
            })
            .await?;
        match changed {
            Ok(task) if task.status == TaskStatus::Pending => {
                let delay = self.service.settings.backoff.jittered(task.retry_count);
                tracing::info!(task_id = %id, retry = task.retry_count, delay_ms = delay.as_millis() as u64, "retry scheduled");
                Ok(Delivery::RetryAfter(delay))
            }
            Ok(_) => {
                tracing::warn!(task_id = %id, "task failed after its last retry");
                Ok(Delivery::Done)
            }
            // Cancelled or finished meanwhile: nothing left to retry.
            Err(_) => Ok(Delivery::Done),
        }
    }
}

/// Progress reports and finished parts of one attempt, written to the task; where cancellation is
/// seen, and where the attempt's time budget is kept.
struct StoreProgress {
    service: QueueService,
    tenant: TenantId,
    id: String,
    attempt: String,
    /// When the attempt's time budget runs out.
    deadline_ms: i64,
}

#[async_trait]
impl ProgressSink for StoreProgress {
    async fn report(&self, percent: u8) -> Result<(), ProcessError> {
        let changed = self
            .service
            .change(&self.tenant, &self.id, |t| {
                if t.status == TaskStatus::Processing && t.attempt_id.as_deref() != Some(self.attempt.as_str()) {
                    return Err(TransitionError::StaleAttempt);
                }
                match t.with_progress(i64::from(percent.min(100))) {
                    // A retried attempt re-reports steps an earlier one passed: not a reason to stop.
                    Err(TransitionError::ProgressBackwards { .. }) => Ok(None),
                    other => other,
                }
            })
            .await;
        match changed {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(_)) => Err(ProcessError::Stopped),
            Err(err) => {
                // Progress is informative; a store hiccup must not fail the work itself.
                tracing::warn!(task_id = %self.id, error = %err, "progress not recorded");
                Ok(())
            }
        }
    }

    async fn checkpoint(&self, percent: u8, parts: &[Value]) -> Result<(), ProcessError> {
        let size = serde_json::to_vec(parts).map_or(usize::MAX, |b| b.len());
        if size > MAX_RESULT_BYTES {
            // The result would be larger still: fail now rather than after paying for the rest.
            return Err(ProcessError::Permanent(format!(
                "the finished parts are {size} bytes, above the {MAX_RESULT_BYTES}-byte limit of a stored result"
            )));
        }
        let changed = self
            .service
            .change(&self.tenant, &self.id, |t| t.with_checkpoint(&self.attempt, parts.to_vec(), percent).map(Some))
            .await;
        match changed {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(_)) => Err(ProcessError::Stopped),
            // Unlike progress, a lost checkpoint would make the next attempt pay for these parts
            // again: the attempt is retried rather than run on unrecorded.
            Err(err) => Err(ProcessError::Retryable(format!("the finished parts could not be recorded: {err}"))),
        }
    }

    fn time_left(&self) -> Option<Duration> {
        Some(Duration::from_millis((self.deadline_ms - self.service.clock.now_ms()).max(0) as u64))
    }
}
