//! Lambda entry point for `POST /api/context-optimizer/batch`: wiring only.

use std::sync::Arc;

use shared::app::optimizer::stats::OptimizerDeps;
use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, price) = HttpEnv::load_with(OptimizerDeps::price_from_env).await?;
    let deps = Arc::new(OptimizerDeps { stats: env.stores.optimizer_stats.clone(), price_per_million: price });
    run_http(env.gateway, Access::Tenant, move |request| optimize_context_batch::handle(deps.clone(), request)).await
}
