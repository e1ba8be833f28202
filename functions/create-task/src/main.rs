//! Lambda entry point for `POST /api/analysis-queue`: wiring only.

use std::sync::Arc;

use shared::adapters::sqs::{self, QueueUrls, SqsTaskQueue};
use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service, urls) = HttpEnv::load_queue(QueueUrls::from_env).await?;
    let queue = Arc::new(SqsTaskQueue::new(sqs::client(&env.aws), urls));
    let deps = Arc::new(create_task::Deps { service, queue });
    run_http(env.gateway, Access::Tenant, move |request| create_task::handle(deps.clone(), request)).await
}
