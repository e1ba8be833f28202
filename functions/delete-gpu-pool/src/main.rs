//! Lambda entry point for `DELETE /api/gpu-pool`: wiring only. Machines with no task are
//! terminated at once on their cloud (`shared::wiring::http_env::load_lifecycle`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::{load_lifecycle, HttpEnv};
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::GpuPools, Store::Instances, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let lifecycle = load_lifecycle(NEEDS).await?;
    let (env, service) = HttpEnv::load_gpu_pool(NEEDS, lifecycle.clouds().clone()).await?;
    run_http(env.gateway, Access::Tenant, move |request| delete_gpu_pool::handle(service.clone(), request)).await
}
