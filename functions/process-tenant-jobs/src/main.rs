//! Lambda entry point of the tenant jobs queue's consumer: wiring only. An erase cancels tasks
//! through the queue's use case and terminates machines through their lifecycle
//! (`shared::wiring::http_env::load_lifecycle`), so it is wired like `terminate-instance`.

use std::sync::Arc;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{service_fn, LambdaEvent};
use shared::adapters::s3::{self, S3ExportFiles};
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
    let stores = DeclaredStores::new(&aws, tables);
    let clock = Arc::new(shared::clock::SystemClock);
    let instances = Arc::new(InstanceService::new(
        stores.instances()?,
        lifecycle.clouds().clone(),
        None,
        Vec::new(),
        clock.clone(),
    )?);
    let runner = Arc::new(TenantDataRunner::new(TenantDataDeps {
        jobs: stores.tenant_jobs()?,
        files: Arc::new(S3ExportFiles::new(s3::client(&aws), bucket, link_ttl)),
        tasks: QueueService::new(stores.tasks()?, clock.clone(), settings),
        instances,
        conversations: stores.conversations()?,
        optimizer_stats: stores.optimizer_stats()?,
        api_keys: stores.api_keys()?,
        idempotency: stores.idempotency(),
        audit: stores.audit()?,
        clock,
    }));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let runner = runner.clone();
        async move { Ok::<_, lambda_runtime::Error>(process_tenant_jobs::handle(runner, event.payload).await) }
    }))
    .await
}
