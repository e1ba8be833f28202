//! Lambda entry point of the scheduled requeue of unsent tasks: wiring only.

use std::sync::Arc;

use shared::adapters::sqs::{self, QueueUrls, SqsTaskQueue};
use shared::app::tasks::{QueueService, QueueSettings, RequeueSettings};
use shared::wiring::needs::{DeclaredStores, DeclaredTables, Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::Tasks]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let mut env = shared::config::EnvReader::new();
    let tables = DeclaredTables::from_env(&mut env, NEEDS);
    let urls = QueueUrls::from_env(&mut env);
    let queue_settings = QueueSettings::from_env(&mut env);
    let settings = RequeueSettings::from_env(&mut env);
    env.finish()?;
    let aws = shared::wiring::aws_config().await;
    let service = QueueService::new(
        DeclaredStores::new(&aws, tables).tasks()?,
        Arc::new(shared::clock::SystemClock),
        queue_settings,
    );
    let queue = Arc::new(SqsTaskQueue::new(sqs::client(&aws), urls));
    let deps = Arc::new(on_requeue_tasks::Deps { service, queue, settings });
    shared::runtime::tasks::run_task(move |event| {
        let deps = deps.clone();
        async move { on_requeue_tasks::handle(&deps, event).await }
    })
    .await
}
