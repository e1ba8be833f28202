//! Lambda entry point for `GET /api/gpu-pool`: wiring only; reads the pool and instance tables,
//! calls no cloud.

use shared::app::instances::Clouds;
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::GpuPools, Store::Instances]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service) = HttpEnv::load_gpu_pool(NEEDS, Clouds::default()).await?;
    run_http(env.gateway, Access::Tenant, move |request| get_gpu_pool::handle(service.clone(), request)).await
}
