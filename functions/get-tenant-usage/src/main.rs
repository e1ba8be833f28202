//! Lambda entry point for `GET /api/tenant/usage`: wiring only.

use std::sync::Arc;

use shared::app::optimizer::stats::OptimizerDeps;
use shared::app::usage::UsageService;
use shared::clock::SystemClock;
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, price) = HttpEnv::load_with(NEEDS, OptimizerDeps::price_from_env).await?;
    let service = Arc::new(UsageService::new(env.stores.usage()?, Arc::new(SystemClock), price));
    run_http(env.gateway, Access::Tenant, move |request| get_tenant_usage::handle(service.clone(), request)).await
}
