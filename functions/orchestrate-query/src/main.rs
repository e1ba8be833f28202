//! Lambda entry point for `POST /api/orchestrate`: wiring only. The chat service (providers from
//! the environment, keys from Secrets Manager), the queue service with its SQS queues, and the
//! orchestration settings, all read at once per cold start (`HttpEnv::load_orchestration`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs =
    Needs(&[Store::RateLimits, Store::Audit, Store::Idempotency, Store::Conversations, Store::Tasks, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, _, orchestrator) = HttpEnv::load_orchestration(NEEDS, false).await?;
    run_http(env.gateway, Access::Tenant, move |request| orchestrate_query::handle(orchestrator.clone(), request)).await
}
