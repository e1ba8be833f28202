//! The tenant jobs queue's consumer: runs each export, erase or re-stamp job of a batch
//! (`shared::app::tenant_data::runner`). A job whose own record could not be read or written is
//! reported as a batch item failure and comes back after the queue's visibility timeout; an
//! unreadable message too, until `maxReceiveCount` moves it to the dead-letter queue.

use std::sync::Arc;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use shared::app::tenant_data::runner::TenantDataRunner;
use shared::domain::tenant_data::jobs::JobMessage;

pub async fn handle(runner: Arc<TenantDataRunner>, event: SqsEvent) -> SqsBatchResponse {
    let mut response = SqsBatchResponse::default();
    // One at a time: a batch is small (template: BatchSize 1) and an erase is heavy on the stores.
    for record in event.records {
        let id = record.message_id.clone().unwrap_or_default();
        let message = record.body.as_deref().and_then(|body| serde_json::from_str::<JobMessage>(body).ok());
        let ok = match message {
            Some(message) => match runner.run(&message.tenant_id, &message.job_id).await {
                Ok(()) => true,
                Err(err) => {
                    tracing::warn!(message_id = id, job_id = message.job_id, error = %err, "tenant job not settled; redelivered");
                    false
                }
            },
            None => {
                tracing::error!(message_id = id, "unreadable tenant job message");
                false
            }
        };
        if !ok {
            response.add_failure(id);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::adapters::memory::{
        MemoryApiKeyStore, MemoryAuditTrail, MemoryConversationStore, MemoryExportFiles, MemoryGpuPoolStore,
        MemoryIdempotencyStore, MemoryOptimizerStats, MemoryRetentionStore, MemoryTenantJobs, MemoryUsageStore,
    };
    use shared::app::gpu_pool::GpuPoolService;
    use shared::app::tenant_data::runner::TenantDataDeps;
    use shared::domain::tenant::TenantId;
    use shared::domain::tenant_data::jobs::{JobKind, JobStatus, TenantJob};
    use shared::ports::TenantJobStore;
    use shared::test_util::{fixture_instances, fixture_queue, FixtureTask, FIXTURE_TENANT};

    #[tokio::test]
    async fn a_job_runs_to_completed_and_an_unreadable_message_is_redelivered() {
        let jobs = Arc::new(MemoryTenantJobs::default());
        let files = Arc::new(MemoryExportFiles::default());
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("valid");
        let job_id = "0193a5b0-7c1e-7d2a-9f00-00000000e4b1";
        jobs.create(&TenantJob::new(job_id.to_owned(), tenant.clone(), JobKind::Export, false, 0)).await.expect("seed");
        let (instances, _, _) = fixture_instances().await;
        let tasks = (*fixture_queue(FixtureTask::Pending).await).clone();
        let pools = Arc::new(MemoryGpuPoolStore::default());
        let runner = Arc::new(TenantDataRunner::new(TenantDataDeps {
            jobs: jobs.clone(),
            files: files.clone(),
            task_store: tasks.store().clone(),
            tasks,
            instance_store: instances.store().clone(),
            gpu_pools: Arc::new(GpuPoolService::new(pools.clone(), instances.clone(), Vec::new())),
            gpu_pool_store: pools,
            instances,
            conversations: Arc::new(MemoryConversationStore::default()),
            optimizer_stats: Arc::new(MemoryOptimizerStats::default()),
            usage: Arc::new(MemoryUsageStore::default()),
            api_keys: Arc::new(MemoryApiKeyStore::default()),
            idempotency: Arc::new(MemoryIdempotencyStore::default()),
            audit: Arc::new(MemoryAuditTrail::default()),
            retention: Arc::new(MemoryRetentionStore::default()),
            clock: Arc::new(shared::clock::SystemClock),
        }));
        let event: SqsEvent = serde_json::from_slice(
            &std::fs::read(shared::test_util::workspace_file("events/process-tenant-jobs/export-and-unreadable.json"))
                .expect("fixture"),
        )
        .expect("SQS event");
        let response = handle(runner, event).await;
        let failed: Vec<&str> = response.batch_item_failures.iter().map(|f| f.item_identifier.as_str()).collect();
        assert_eq!(failed, ["m-2"], "only the unreadable message comes back");
        let job = jobs.get(&tenant, job_id).await.expect("get").expect("job");
        assert_eq!(job.status, JobStatus::Completed, "{job:?}");
        assert_eq!(job.counts.get("task"), Some(&1));
        assert_eq!(job.counts.get("instance"), Some(&1));
        assert!(files.read(&tenant, job_id).is_some(), "the file is stored");
    }
}
