//! Lambda entry point of the scheduled requeue of unsent tasks: wiring only.

use std::sync::Arc;

use shared::adapters::dynamodb::{self, DynamoTaskStore};
use shared::adapters::sqs::{self, QueueUrls, SqsTaskQueue};
use shared::app::tasks::{QueueService, QueueSettings, RequeueSettings};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let mut env = shared::config::EnvReader::new();
    let tables = [env.required("TASKS_TABLE"), env.required("TASK_EVENTS_TABLE"), env.required("TASK_STATS_TABLE")];
    let urls = QueueUrls::from_env(&mut env);
    let queue_settings = QueueSettings::from_env(&mut env);
    let settings = RequeueSettings::from_env(&mut env);
    env.finish()?;
    let aws = shared::platform::aws_config().await;
    let [tasks, events, stats] = tables;
    let service = QueueService {
        store: Arc::new(DynamoTaskStore::new(dynamodb::client(&aws), tasks, events, stats)),
        clock: Arc::new(shared::clock::SystemClock),
        settings: queue_settings,
    };
    let queue = Arc::new(SqsTaskQueue::new(sqs::client(&aws), urls));
    let deps = Arc::new(on_requeue_tasks::Deps { service, queue, settings });
    shared::lambda::run_task(move |event| {
        let deps = deps.clone();
        async move { on_requeue_tasks::handle(&deps, event).await }
    })
    .await
}
