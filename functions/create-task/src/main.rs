//! Lambda entry point for `POST /api/analysis-queue`: wiring only; reads the tenant's GPU pool
//! for a `"compute": "GPU"` task.

use std::sync::Arc;

use shared::adapters::sqs::{self, QueueUrls, SqsTaskQueue};
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Idempotency, Store::Tasks, Store::GpuPools]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service, urls) = HttpEnv::load_queue(NEEDS, QueueUrls::from_env).await?;
    let queue = Arc::new(SqsTaskQueue::new(sqs::client(&env.aws), urls));
    // A GPU task needs the tenant's pool (409 without one).
    let service = service.with_pools(env.stores.gpu_pools()?);
    let deps = Arc::new(create_task::Deps { service, queue });
    run_http(env.gateway, Access::Tenant, move |request| create_task::handle(deps.clone(), request)).await
}
