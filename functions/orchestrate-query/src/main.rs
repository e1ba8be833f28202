//! Lambda entry point for `POST /api/orchestrate`: wiring only. The chat service (providers from
//! the environment, keys from Secrets Manager), the queue service with its SQS queues, and the
//! orchestration settings, all read at once per cold start (`HttpEnv::load_orchestration`).

use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, _, orchestrator) = HttpEnv::load_orchestration(false).await?;
    run_http(env.gateway, Access::Tenant, move |request| orchestrate_query::handle(orchestrator.clone(), request)).await
}
