//! The queue's use cases. Every change is read → decide (a pure transition of `domain::tasks`) →
//! conditional write; a lost race reads again and re-decides, so concurrent cancels, progress
//! updates and redelivered messages can never move a task backwards or past a final state.

use std::sync::Arc;

use super::api::{EventView, ListQuery, PriorityCounts, QueueStatsView, TaskDetailView, TaskListView};
use super::QueueSettings;
use crate::app::{AppError, Dependency, StoreResultExt};
#[cfg(feature = "tokenizer")]
use crate::domain::limits::waiting_retry_after_s;
use crate::domain::tasks::changes::{created_counter, status_counter, waiting_counter, PROCESSED, PROCESSING_MS};
use crate::domain::tasks::{Priority, QueueCounters, Task, TaskChange, TaskStatus, TransitionError};
use crate::domain::tenant::TenantId;
use crate::ids::is_id;
use crate::ports::{Clock, GpuPoolStore, StoreError, TaskStore};

/// Reads a lost race may cost before the change gives up with a 409 / transient error.
const MAX_RACES: usize = 8;

#[derive(Clone)]
pub struct QueueService {
    pub(crate) store: Arc<dyn TaskStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: QueueSettings,
    /// The tenants' GPU pools, which a `"compute": "GPU"` task needs (409 without one). Read
    /// only by `submit`, which needs the tokenizer.
    #[cfg_attr(not(feature = "tokenizer"), allow(dead_code))]
    pub(crate) pools: Option<Arc<dyn GpuPoolStore>>,
}

/// The outcome of `change`: the task as written (or as it was, when nothing needed writing), or
/// the transition's refusal given the task as it is now.
pub type Changed = Result<Task, TransitionError>;

impl QueueService {
    pub fn new(store: Arc<dyn TaskStore>, clock: Arc<dyn Clock>, settings: QueueSettings) -> Self {
        Self { store, clock, settings, pools: None }
    }

    /// The same service, accepting GPU tasks of tenants that have a pool in `pools`.
    pub fn with_pools(self, pools: Arc<dyn GpuPoolStore>) -> Self {
        Self { pools: Some(pools), ..self }
    }

    #[cfg(feature = "tokenizer")]
    /// A GPU task needs the tenant's pool: a 409 naming it when there is none (or it is deleted).
    async fn require_pool(&self, tenant: &TenantId) -> Result<(), AppError> {
        let pool = match &self.pools {
            Some(pools) => pools.get(tenant).await.or_unavailable(Dependency::GpuPoolStore)?,
            None => None,
        };
        match pool {
            Some(pool) if !pool.deleted => Ok(()),
            _ => Err(AppError::Conflict(
                "compute GPU needs the tenant's GPU pool, and it has none: set one with PUT /api/gpu-pool".to_owned(),
            )),
        }
    }

    /// The task store, for the functions' and tests' own reads.
    pub fn store(&self) -> &Arc<dyn TaskStore> {
        &self.store
    }

    /// Validates, stores the task PENDING, queues it and marks it sent. If the queue refuses, the
    /// task is marked FAILED (never left PENDING with no message) and the caller gets a 503; if the
    /// request dies before it sent the message, `requeue_unsent` sends it later.
    #[cfg(feature = "tokenizer")]
    pub async fn submit(
        &self,
        queue: &dyn crate::ports::TaskQueue,
        tenant: &TenantId,
        request: super::api::CreateTaskRequest,
    ) -> Result<Task, AppError> {
        use super::data::{self, MAX_METADATA_BYTES};
        use crate::app::FieldError;
        use crate::ports::TaskMessage;
        let mut errors: Vec<FieldError> = Vec::new();
        if let Err(mut e) = data::parse(request.task_type, &request.data) {
            errors.append(&mut e);
        }
        match &request.metadata {
            Some(m) if !m.is_object() => errors.push(FieldError::new("metadata", "must be a JSON object")),
            Some(m) => {
                let size = serde_json::to_vec(m).map_or(usize::MAX, |b| b.len());
                if size > MAX_METADATA_BYTES {
                    errors.push(FieldError::new(
                        "metadata",
                        format!("is {size} bytes; at most {MAX_METADATA_BYTES} are accepted"),
                    ));
                }
            }
            None => {}
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let compute = request.compute.unwrap_or_default();
        if compute == crate::domain::tasks::Compute::Gpu {
            self.require_pool(tenant).await?;
        }
        let priority = request.priority.unwrap_or(Priority::Normal);
        // Fairness: one read of the tenant's counters (never a scan) refuses early with the
        // figures; the write below carries the limit as its ceiling, so concurrent submits of one
        // tenant cannot overshoot it either.
        self.admit(tenant, priority).await?;
        let mut task = Task::new(
            crate::ids::new_id(),
            tenant.clone(),
            request.task_type,
            priority,
            request.data,
            request.metadata,
            self.clock.now_ms(),
        );
        task.compute = compute;
        let waiting = waiting_counter(priority);
        let created = TaskChange::created(task.clone()).within(waiting, i64::from(self.settings.waiting.max(priority)));
        match self.store.write(&created).await {
            Ok(()) => {}
            // Only the ceiling can refuse a new id: another submit took the last place meanwhile.
            Err(StoreError::Conflict) => {
                self.admit(tenant, priority).await?;
                return Err(AppError::Unavailable { dependency: Dependency::TaskStore });
            }
            Err(err) => Err::<(), _>(err).or_unavailable(Dependency::TaskStore)?,
        }
        let message = TaskMessage { tenant_id: tenant.clone(), task_id: task.id.clone(), priority };
        if let Err(err) = queue.enqueue(&message, std::time::Duration::ZERO).await {
            tracing::error!(error = %err, task_id = %task.id, "task not queued; marking it failed");
            let now = self.clock.now_ms();
            let failed = self
                .change(tenant, &task.id, |t| {
                    t.fail_unqueued("the task could not be queued; submit it again", now).map(Some)
                })
                .await;
            if let Err(e) = failed {
                tracing::error!(error = %e, task_id = %task.id, "task left PENDING without a message");
            }
            return Err(AppError::Unavailable { dependency: Dependency::TaskQueue });
        }
        // Not marked: the sweep (`requeue`) sends it again, which at-least-once delivery absorbs.
        if let Err(err) = self.store.mark_sent(tenant, &task.id).await {
            tracing::warn!(error = %err, task_id = %task.id, "task queued but not marked sent");
        }
        Ok(task)
    }

    /// Refuses a task of `priority` when the tenant has as many waiting as its limit, with the
    /// figures and when to try again.
    #[cfg(feature = "tokenizer")]
    async fn admit(&self, tenant: &TenantId, priority: Priority) -> Result<(), AppError> {
        let counters = self.store.counters(tenant).await.or_unavailable(Dependency::TaskStore)?;
        self.settings.waiting.admit(priority, counters.get(&waiting_counter(priority))).map_err(|mut reached| {
            let average = average_processing_ms(&counters);
            reached.retry_after_s = Some(waiting_retry_after_s(average, self.settings.workers));
            AppError::LimitReached(reached)
        })
    }

    /// The tenant's task with its events; another tenant's id is simply not found.
    pub async fn detail(&self, tenant: &TenantId, id: &str) -> Result<TaskDetailView, AppError> {
        let task = self.find(tenant, id).await?;
        let events = self.store.events(tenant, id, 0).await.or_unavailable(Dependency::TaskStore)?;
        Ok(TaskDetailView { task: task.into(), events: events.into_iter().map(EventView::from).collect() })
    }

    pub async fn find(&self, tenant: &TenantId, id: &str) -> Result<Task, AppError> {
        if !is_id(id) {
            return Err(not_found(id));
        }
        self.store.get(tenant, id).await.or_unavailable(Dependency::TaskStore)?.ok_or_else(|| not_found(id))
    }

    pub async fn list(&self, tenant: &TenantId, query: &ListQuery) -> Result<TaskListView, AppError> {
        let page = self
            .store
            .list(tenant, &query.filter, query.after.as_deref(), query.limit)
            .await
            .or_unavailable(Dependency::TaskStore)?;
        Ok(TaskListView { tasks: page.tasks.into_iter().map(Into::into).collect(), next_cursor: page.next_after })
    }

    /// PENDING or PROCESSING → CANCELLED; a finished task is a 409. A running attempt sees the
    /// cancellation at its next progress report and its result is never stored.
    pub async fn cancel(&self, tenant: &TenantId, id: &str) -> Result<Task, AppError> {
        self.find(tenant, id).await?;
        let now = self.clock.now_ms();
        self.change(tenant, id, |t| t.cancel(now).map(Some)).await.map_err(|e| race_error(id, e))?.map_err(refusal)
    }

    /// Moves progress forward while the task is PROCESSING: a task in another state is a 409; a
    /// value outside 0–100 or below the current one is a 400 (the rule; SPEC.md lists
    /// only the 409).
    pub async fn set_progress(&self, tenant: &TenantId, id: &str, progress: i64) -> Result<Task, AppError> {
        self.find(tenant, id).await?;
        self.change(tenant, id, |t| t.with_progress(progress)).await.map_err(|e| race_error(id, e))?.map_err(refusal)
    }

    pub async fn stats(&self, tenant: &TenantId) -> Result<QueueStatsView, AppError> {
        let c = self.store.counters(tenant).await.or_unavailable(Dependency::TaskStore)?;
        let by_status =
            TaskStatus::ALL.iter().map(|s| (s.as_str().to_owned(), c.get(&status_counter(*s)).max(0))).collect();
        let by_priority = Priority::ALL
            .iter()
            .map(|p| {
                let counts = PriorityCounts {
                    waiting: c.get(&waiting_counter(*p)).max(0),
                    submitted: c.get(&created_counter(*p)).max(0),
                };
                (p.as_str().to_owned(), counts)
            })
            .collect();
        let queue_length: i64 = Priority::ALL.iter().map(|p| c.get(&waiting_counter(*p)).max(0)).sum();
        let average = average_processing_ms(&c);
        let workers = self.settings.workers;
        Ok(QueueStatsView {
            tenant_id: tenant.to_string(),
            total: Priority::ALL.iter().map(|p| c.get(&created_counter(*p))).sum(),
            by_status,
            by_priority,
            queue_length,
            average_processing_ms: average.map(round1),
            estimated_wait_ms: average.map(|avg| round1(queue_length as f64 * avg / f64::from(workers))),
            workers,
        })
    }

    /// Applies `decide` to the task as stored and writes the result on condition that nobody
    /// changed it meanwhile; on a lost race, reads again and decides again. `decide` returns
    /// `Ok(None)` when there is nothing to write.
    pub async fn change(
        &self,
        tenant: &TenantId,
        id: &str,
        decide: impl Fn(&Task) -> Result<Option<Task>, TransitionError>,
    ) -> Result<Changed, StoreError> {
        for _ in 0..MAX_RACES {
            let Some(current) = self.store.get(tenant, id).await? else {
                return Err(StoreError::Unavailable(format!("task {id} vanished")));
            };
            let next = match decide(&current) {
                Ok(Some(next)) => next,
                Ok(None) => return Ok(Ok(current)),
                Err(refused) => return Ok(Err(refused)),
            };
            let change = TaskChange::between(current, next, self.clock.now_ms());
            match self.store.write(&change).await {
                Ok(()) => {
                    observe(&change);
                    return Ok(Ok(change.after));
                }
                Err(StoreError::Conflict) => continue,
                Err(other) => return Err(other),
            }
        }
        Err(StoreError::Conflict)
    }
}

/// The metrics of a written change: a first start's wait, and a task's outcome once it is final
/// (whoever made it final: the worker, a cancel, a retry limit).
fn observe(change: &TaskChange) {
    let Some(before) = &change.before else { return };
    let after = &change.after;
    let priority = after.priority.as_str();
    if before.status == TaskStatus::Pending && after.status == TaskStatus::Processing && after.retry_count == 0 {
        let started = after.started_at_ms.unwrap_or(after.created_at_ms);
        crate::metrics::task_started(priority, (started - after.created_at_ms) as f64 / 1000.0);
    }
    if !before.status.is_final() && after.status.is_final() {
        let ran = match (after.started_at_ms, after.completed_at_ms) {
            (Some(start), Some(end)) => (end - start) as f64 / 1000.0,
            _ => 0.0,
        };
        crate::metrics::task_finished(priority, after.task_type.as_str(), after.status.as_str(), ran);
    }
}

fn not_found(id: &str) -> AppError {
    AppError::NotFound(format!("no task {:?} for this tenant", id.chars().take(64).collect::<String>()))
}

fn race_error(id: &str, err: StoreError) -> AppError {
    match err {
        StoreError::Conflict => AppError::Conflict(format!("task {id} is changing too often to update now; try again")),
        other => AppError::unavailable(Dependency::TaskStore, &other),
    }
}

/// A refused transition as the API answers it: a progress value that can never be right for this
/// task (out of range, or backwards) is a bad request; every other refusal a 409 naming the task's
/// state.
fn refusal(err: TransitionError) -> AppError {
    match err {
        TransitionError::ProgressOutOfRange(_) | TransitionError::ProgressBackwards { .. } => {
            AppError::validation("progress", err.to_string())
        }
        other => AppError::Conflict(other.to_string()),
    }
}

/// Mean time from first start to COMPLETED or FAILED; `None` until a task has finished.
fn average_processing_ms(c: &QueueCounters) -> Option<f64> {
    let processed = c.get(PROCESSED);
    (processed > 0).then(|| c.get(PROCESSING_MS) as f64 / processed as f64)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
