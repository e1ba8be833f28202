//! Lambda entry point for `POST /api/context-optimizer/batch`: wiring only.

use std::sync::Arc;

use shared::app::optimizer::stats::OptimizerDeps;
use shared::app::usage::UsageMeter;
use shared::clock::SystemClock;
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Idempotency, Store::OptimizerStats, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, price) = HttpEnv::load_with(NEEDS, OptimizerDeps::price_from_env).await?;
    let meter = UsageMeter::new(env.stores.usage()?, Arc::new(SystemClock));
    let deps = Arc::new(OptimizerDeps::new(env.stores.optimizer_stats()?, price).metered(meter));
    run_http(env.gateway, Access::Tenant, move |request| optimize_context_batch::handle(deps.clone(), request)).await
}
