//! Lambda entry point of the tenant jobs queue's consumer: wiring only. An erase cancels tasks
//! through the queue's use case, deletes the GPU pool through its own and terminates machines
//! through their lifecycle (`shared::wiring::http_env::load_lifecycle`), so it is wired like
//! `terminate-instance` and `delete-gpu-pool`. Its stores are unfiltered: an erase and a
//! re-stamp reach expired items too (an export applies the retention rule itself).

use std::sync::Arc;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{service_fn, LambdaEvent};
use shared::adapters::s3::{self, S3ExportFiles};
use shared::app::gpu_pool::GpuPoolService;
use shared::app::instances::service::InstanceService;
use shared::app::tasks::{QueueService, QueueSettings};
use shared::app::tenant_data::runner::{TenantDataDeps, TenantDataRunner};
use shared::config::EnvReader;
use shared::wiring::http_env::load_lifecycle;
use shared::wiring::needs::{DeclaredStores, DeclaredTables, Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[
    Store::TenantJobs,
    Store::Tasks,
    Store::Instances,
    Store::Conversations,
    Store::OptimizerStats,
    Store::ApiKeys,
    Store::Idempotency,
    Store::Audit,
    Store::GpuPools,
    Store::Usage,
    Store::Retention,
]);

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    shared::telemetry::init();
    let mut env = EnvReader::new();
    let settings = QueueSettings::from_env(&mut env);
    let tables = DeclaredTables::from_env(&mut env, NEEDS);
    let bucket = env.required("EXPORTS_BUCKET");
    let link_ttl = s3::link_ttl_from_env(&mut env);
    env.finish()?;
    let aws = shared::wiring::aws_config().await;
    let lifecycle = load_lifecycle(NEEDS).await?;
    let stores = DeclaredStores::new(&aws, tables).unfiltered();
    let clock = Arc::new(shared::clock::SystemClock);
    let instances = Arc::new(InstanceService::new(
        stores.instances()?,
        lifecycle.clouds().clone(),
        None,
        Vec::new(),
        clock.clone(),
    )?);
    let task_store = stores.tasks()?;
    let gpu_pool_store = stores.gpu_pools()?;
    let runner = Arc::new(TenantDataRunner::new(TenantDataDeps {
        jobs: stores.tenant_jobs()?,
        files: Arc::new(S3ExportFiles::new(s3::client(&aws), bucket, link_ttl)),
        tasks: QueueService::new(task_store.clone(), clock.clone(), settings),
        task_store,
        instance_store: instances.store().clone(),
        // Deleting a pool validates nothing: no gated model list is needed.
        gpu_pools: Arc::new(GpuPoolService::new(gpu_pool_store.clone(), instances.clone(), Vec::new())),
        gpu_pool_store,
        instances,
        conversations: stores.conversations()?,
        optimizer_stats: stores.optimizer_stats()?,
        usage: stores.usage()?,
        api_keys: stores.api_keys()?,
        idempotency: stores.idempotency(),
        audit: stores.audit()?,
        retention: stores.retention()?,
        clock,
    }));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let runner = runner.clone();
        async move { Ok::<_, lambda_runtime::Error>(process_tenant_jobs::handle(runner, event.payload).await) }
    }))
    .await
}
