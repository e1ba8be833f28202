//! Lambda entry point for `GET /api/analysis-queue/{id}`: wiring only.

use std::sync::Arc;

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Tasks]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service, ()) = HttpEnv::load_queue(NEEDS, |_| ()).await?;
    let service = Arc::new(service);
    run_http(env.gateway, Access::Tenant, move |request| get_task::handle(service.clone(), request)).await
}
