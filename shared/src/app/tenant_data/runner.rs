//! The background side of export, erase and re-stamp: runs a queued job to its end and records
//! the outcome on it. Export walks every store of the tenant into one file, leaving out what the
//! tenant's retention has expired; erase goes through the queue's, the instances' and the GPU
//! pool's own use cases (cancel, terminate, delete the pool) before deleting the tenant's items;
//! re-stamp sets the TTL attribute of every item stored before a retention change.
//!
//! The stores here are unfiltered (no retention rule on read): an erase must reach expired items
//! that DynamoDB has not deleted yet, and a re-stamp must reach every item.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::export_file::ExportWriter;
use crate::app::gpu_pool::GpuPoolService;
use crate::app::instances::service::InstanceService;
use crate::app::tasks::QueueService;
use crate::app::{AppError, Dependency, StoreResultExt};
use crate::domain::chat::Conversation;
use crate::domain::instances::Instance;
use crate::domain::tasks::Task;
use crate::domain::tenant::{ApiKeyRecord, TenantId};
use crate::domain::tenant_data::jobs::{JobKind, TenantJob};
use crate::domain::tenant_data::retention::{expired, RetentionSetting};
use crate::ports::{
    ApiKeyStore, AuditTrail, Clock, ConversationStore, ExportFiles, GpuPoolStore, IdempotencyStore, InstanceStore,
    OptimizerStatsStore, RetentionStore, StoreError, TaskFilter, TaskStore, TenantJobStore, UsageStore,
};

/// Items read per page while walking a tenant's data.
const PAGE: usize = 100;

/// Every store holding the tenant's data, unfiltered (see the module docs), and the services
/// whose use cases an erase goes through (cancelling tasks, terminating machines, deleting the
/// GPU pool), so their rules are never bypassed.
pub struct TenantDataDeps {
    pub jobs: Arc<dyn TenantJobStore>,
    pub files: Arc<dyn ExportFiles>,
    pub tasks: QueueService,
    /// The task store itself, unfiltered (the queue service's may apply retention).
    pub task_store: Arc<dyn TaskStore>,
    pub instances: Arc<InstanceService>,
    /// The instance store itself, unfiltered.
    pub instance_store: Arc<dyn InstanceStore>,
    pub gpu_pools: Arc<GpuPoolService>,
    pub gpu_pool_store: Arc<dyn GpuPoolStore>,
    pub conversations: Arc<dyn ConversationStore>,
    pub optimizer_stats: Arc<dyn OptimizerStatsStore>,
    pub usage: Arc<dyn UsageStore>,
    pub api_keys: Arc<dyn ApiKeyStore>,
    pub idempotency: Arc<dyn IdempotencyStore>,
    pub audit: Arc<dyn AuditTrail>,
    pub retention: Arc<dyn RetentionStore>,
    pub clock: Arc<dyn Clock>,
}

pub struct TenantDataRunner {
    deps: TenantDataDeps,
}

/// Why a job's run stopped: told on the job (`error`), the cause only in the log.
struct RunFailure(&'static str);

fn store_failure(what: &'static str) -> impl Fn(StoreError) -> RunFailure {
    move |err| {
        tracing::error!(error = %err, "tenant data job: {what}");
        RunFailure(what)
    }
}

impl TenantDataRunner {
    pub fn new(deps: TenantDataDeps) -> Self {
        Self { deps }
    }

    /// Runs a queued job to its end (the background side). A job already finished, gone, or
    /// taken by another runner is done: `Ok`. `Err` only when the job's own record could not be
    /// read or written, so the delivery is retried.
    pub async fn run(&self, tenant: &TenantId, id: &str) -> Result<(), AppError> {
        let Some(job) = self.deps.jobs.get(tenant, id).await.or_unavailable(Dependency::TenantJobs)? else {
            return Ok(());
        };
        let Ok(running) = job.start(self.deps.clock.now_ms()) else { return Ok(()) };
        match self.deps.jobs.update(&job, &running).await {
            Err(StoreError::Conflict) => return Ok(()),
            other => other.or_unavailable(Dependency::TenantJobs)?,
        }
        let outcome = match job.kind {
            JobKind::Export => self.export(&running).await,
            JobKind::Erase => self.erase(&running).await,
            JobKind::Retention => self.restamp(&running).await,
        };
        let now = self.deps.clock.now_ms();
        let end = match outcome {
            Ok(counts) => running.complete(counts, now),
            Err(RunFailure(what)) => running.fail(&format!("{what}; submit the job again"), now),
        };
        match self.deps.jobs.update(&running, &end).await {
            // An erase deleted its own export jobs, never itself; a conflict means another runner.
            Err(StoreError::Conflict) => Ok(()),
            other => other.or_unavailable(Dependency::TenantJobs),
        }
    }

    /// Writes every record of the tenant into one file and stores it.
    async fn export(&self, job: &TenantJob) -> Result<BTreeMap<String, u64>, RunFailure> {
        let d = &self.deps;
        let tenant = &job.tenant;
        let now = d.clock.now_ms();
        let io = |err: std::io::Error| {
            tracing::error!(error = %err, "export file could not be written");
            RunFailure("the export file could not be written")
        };
        let mut file = ExportWriter::new(tenant, now).map_err(io)?;
        let setting =
            d.retention.get(tenant).await.map_err(store_failure("the retention setting could not be read"))?;
        let rule = setting.rule();

        for conversation in self.all_conversations(tenant).await?.iter().filter(|c| !expired(rule.conversation(c), now))
        {
            file.conversation(conversation).map_err(io)?;
            let mut after_seq = 0;
            loop {
                let messages = d
                    .conversations
                    .messages(tenant, &conversation.id, after_seq, PAGE)
                    .await
                    .map_err(store_failure("messages could not be read"))?;
                for message in &messages {
                    file.message(&conversation.id, message).map_err(io)?;
                }
                match messages.last() {
                    Some(last) if messages.len() == PAGE => after_seq = last.seq,
                    _ => break,
                }
            }
        }

        for task in self.all_tasks(tenant).await?.iter().filter(|t| !expired(rule.task(t), now)) {
            file.task(task).map_err(io)?;
            let events = d.task_store.events(tenant, &task.id, 0).await;
            for event in events.map_err(store_failure("task events could not be read"))? {
                file.task_event(&task.id, &event).map_err(io)?;
            }
        }
        for instance in self.all_instances(tenant).await?.iter().filter(|i| !expired(rule.instance(i), now)) {
            file.instance(instance, now).map_err(io)?;
        }
        let pool = d.gpu_pool_store.get(tenant).await.map_err(store_failure("the GPU pool could not be read"))?;
        if let Some(pool) = pool {
            file.gpu_pool(&pool).map_err(io)?;
        }
        for day in d.usage.all_days(tenant).await.map_err(store_failure("usage counters could not be read"))? {
            file.usage_day(&day).map_err(io)?;
        }
        if setting.version > 0 {
            file.retention(&setting).map_err(io)?;
        }

        let totals =
            d.optimizer_stats.totals(tenant).await.map_err(store_failure("optimizer stats could not be read"))?;
        file.optimizer_stats(&totals).map_err(io)?;
        for key in d.api_keys.of_tenant(tenant).await.map_err(store_failure("API keys could not be read"))? {
            file.api_key(&key).map_err(io)?;
        }
        let mut before: Option<String> = None;
        loop {
            let page = d
                .audit
                .list(tenant, 0, before.as_deref(), PAGE, now)
                .await
                .map_err(store_failure("the audit trail could not be read"))?;
            for record in &page.records {
                file.audit_record(record).map_err(io)?;
            }
            match page.next_before {
                Some(next) => before = Some(next),
                None => break,
            }
        }

        let (bytes, counts) = file.finish().map_err(io)?;
        d.files.put(tenant, &job.id, bytes).await.map_err(store_failure("the export file could not be stored"))?;
        Ok(counts)
    }

    /// Cancels the tenant's waiting and running tasks, deletes its GPU pool and terminates its
    /// machines, each through its own use case, then deletes every item of the tenant:
    /// conversations and messages, tasks and events and counters, instance records, optimizer
    /// totals, idempotency records, exports (files and jobs), the pool's record and the retention
    /// setting. Kept: the audit trail, erase jobs, the monthly spend totals and the daily usage
    /// counters (numbers for billing, no content) and the rate limiter's bucket. A run that stops
    /// half way is run again by its queue and finds only what is left.
    async fn erase(&self, job: &TenantJob) -> Result<BTreeMap<String, u64>, RunFailure> {
        let d = &self.deps;
        let tenant = &job.tenant;
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        let mut count = |kind: &str, n: u64| *counts.entry(kind.to_owned()).or_default() += n;

        let all_tasks = self.all_tasks(tenant).await?;
        for task in all_tasks.iter().filter(|t| !t.status.is_final()) {
            match d.tasks.cancel(tenant, &task.id).await {
                Ok(_) => count("tasksCancelled", 1),
                // Finished or gone meanwhile: nothing left to stop.
                Err(AppError::Conflict(_) | AppError::NotFound(_)) => {}
                Err(_) => return Err(RunFailure("a task could not be cancelled")),
            }
        }
        // The pool first: no machine is started for it again, and its idle ones close now.
        match d.gpu_pools.delete(tenant).await {
            Ok(_) => count("gpuPools", 1),
            Err(AppError::NotFound(_)) => {}
            Err(_) => return Err(RunFailure("the GPU pool could not be deleted")),
        }
        let all_instances = self.all_instances(tenant).await?;
        for instance in all_instances.iter().filter(|i| !i.status.is_final()) {
            d.instances
                .terminate(tenant, &instance.id)
                .await
                .map_err(|_| RunFailure("a machine could not be terminated"))?;
            count("instancesTerminated", 1);
        }

        for task in &all_tasks {
            let events =
                d.task_store.delete(tenant, &task.id).await.map_err(store_failure("a task could not be deleted"))?;
            count("tasks", 1);
            count("taskEvents", events);
        }
        d.task_store.delete_counters(tenant).await.map_err(store_failure("queue counters could not be deleted"))?;
        for instance in &all_instances {
            d.instance_store
                .delete(tenant, &instance.id)
                .await
                .map_err(store_failure("an instance record could not be deleted"))?;
            count("instances", 1);
        }
        loop {
            let page = d
                .conversations
                .list(tenant, None, PAGE)
                .await
                .map_err(store_failure("conversations could not be read"))?;
            if page.conversations.is_empty() {
                break;
            }
            for conversation in &page.conversations {
                d.conversations
                    .delete(tenant, &conversation.id)
                    .await
                    .map_err(store_failure("a conversation could not be deleted"))?;
                count("conversations", 1);
                count("messages", conversation.message_count);
            }
        }
        d.optimizer_stats.delete(tenant).await.map_err(store_failure("optimizer stats could not be deleted"))?;
        count("optimizerStats", 1);
        let idempotency = d
            .idempotency
            .delete_tenant(tenant)
            .await
            .map_err(store_failure("idempotency records could not be deleted"))?;
        count("idempotencyRecords", idempotency);
        for job in d.jobs.of_tenant(tenant).await.map_err(store_failure("exports could not be read"))? {
            match job.kind {
                JobKind::Export => {
                    d.files
                        .delete(tenant, &job.id)
                        .await
                        .map_err(store_failure("an export file could not be deleted"))?;
                    d.jobs.delete(tenant, &job.id).await.map_err(store_failure("an export could not be deleted"))?;
                    count("exports", 1);
                }
                // Re-stamp jobs hold nothing; with the setting gone they have nothing to say.
                JobKind::Retention => {
                    d.jobs.delete(tenant, &job.id).await.map_err(store_failure("a job could not be deleted"))?;
                }
                JobKind::Erase => {}
            }
        }
        // The pool's machines are final now (terminated above): its record can go.
        if d.gpu_pool_store.get(tenant).await.map_err(store_failure("the GPU pool could not be read"))?.is_some() {
            d.gpu_pool_store.delete(tenant).await.map_err(store_failure("the GPU pool could not be deleted"))?;
        }
        let retention =
            d.retention.get(tenant).await.map_err(store_failure("the retention setting could not be read"))?;
        if retention.version > 0 {
            d.retention.delete(tenant).await.map_err(store_failure("the retention setting could not be deleted"))?;
            count("retention", 1);
        }
        if job.revoke_keys {
            for key in d.api_keys.of_tenant(tenant).await.map_err(store_failure("API keys could not be read"))? {
                if !key.disabled {
                    d.api_keys
                        .put(&ApiKeyRecord { disabled: true, ..key })
                        .await
                        .map_err(store_failure("an API key could not be revoked"))?;
                    count("apiKeysRevoked", 1);
                }
            }
        }
        Ok(counts)
    }
    /// Sets the TTL attribute of every item of the tenant that retention applies to, from the
    /// setting as it is when the job starts (removes it when the setting is cleared). Marks the
    /// setting's re-stamp started first, so a change made meanwhile queues another pass.
    async fn restamp(&self, job: &TenantJob) -> Result<BTreeMap<String, u64>, RunFailure> {
        let d = &self.deps;
        let tenant = &job.tenant;
        let setting = self.start_restamp(tenant).await?;
        let rule = setting.rule();
        let stamp_failed = |what| store_failure(what);
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        let mut count = |kind: &str| *counts.entry(kind.to_owned()).or_default() += 1;

        for c in &self.all_conversations(tenant).await? {
            d.conversations
                .set_expiry(tenant, &c.id, 0, rule.conversation(c))
                .await
                .map_err(stamp_failed("a conversation could not be stamped"))?;
            count("conversations");
        }
        for task in &self.all_tasks(tenant).await? {
            d.task_store
                .set_expiry(tenant, &task.id, 0, rule.task(task))
                .await
                .map_err(stamp_failed("a task could not be stamped"))?;
            count("tasks");
        }
        for instance in &self.all_instances(tenant).await? {
            d.instance_store
                .set_expiry(tenant, &instance.id, rule.instance(instance))
                .await
                .map_err(stamp_failed("an instance record could not be stamped"))?;
            count("instances");
        }
        for other in d.jobs.of_tenant(tenant).await.map_err(store_failure("jobs could not be read"))? {
            if other.kind != JobKind::Erase && other.id != job.id {
                d.jobs
                    .set_expiry(tenant, &other.id, rule.job(&other))
                    .await
                    .map_err(stamp_failed("a job could not be stamped"))?;
                count("jobs");
            }
        }
        Ok(counts)
    }

    /// The setting a re-stamp applies, once marked started.
    async fn start_restamp(&self, tenant: &TenantId) -> Result<RetentionSetting, RunFailure> {
        let read_failed = store_failure("the retention setting could not be read");
        for _ in 0..3 {
            let setting = self.deps.retention.get(tenant).await.map_err(&read_failed)?;
            if setting.restamp_requested_at_ms.is_none() {
                return Ok(setting);
            }
            let started = setting.restamp_started();
            match self.deps.retention.put(&started).await {
                Ok(()) => return Ok(started),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(read_failed(e)),
            }
        }
        Err(RunFailure("the retention setting kept changing"))
    }

    /// Every conversation of the tenant (headers only), newest first.
    async fn all_conversations(&self, tenant: &TenantId) -> Result<Vec<Conversation>, RunFailure> {
        let conversations = &self.deps.conversations;
        every_page(|after| async move {
            let page = conversations.list(tenant, after.as_deref(), PAGE).await?;
            Ok((page.conversations, page.next_after))
        })
        .await
        .map_err(store_failure("conversations could not be read"))
    }

    /// Every task of the tenant, newest first.
    async fn all_tasks(&self, tenant: &TenantId) -> Result<Vec<Task>, RunFailure> {
        let tasks = &self.deps.task_store;
        every_page(|after| async move {
            let page = tasks.list(tenant, &TaskFilter::default(), after.as_deref(), PAGE).await?;
            Ok((page.tasks, page.next_after))
        })
        .await
        .map_err(store_failure("tasks could not be read"))
    }

    /// Every instance record of the tenant, newest first.
    async fn all_instances(&self, tenant: &TenantId) -> Result<Vec<Instance>, RunFailure> {
        let instances = &self.deps.instance_store;
        every_page(|after| async move {
            let page = instances.list(tenant, None, after.as_deref(), PAGE).await?;
            Ok((page.instances, page.next_after))
        })
        .await
        .map_err(store_failure("instances could not be read"))
    }
}

/// Every item of a paged listing: `page(after)` answers one page and the cursor of the next.
async fn every_page<T, F, Fut>(mut page: F) -> Result<Vec<T>, StoreError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>), StoreError>>,
{
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let (items, next) = page(after).await?;
        all.extend(items);
        match next {
            Some(next) => after = Some(next),
            None => return Ok(all),
        }
    }
}
