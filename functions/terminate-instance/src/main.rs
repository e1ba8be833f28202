//! Lambda entry point for `DELETE /api/instances/{id}`: wiring only. Terminates on EC2 at once
//! (`shared::wiring::http_env::load_lifecycle`).

use std::sync::Arc;

use shared::app::instances::service::InstanceService;
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::{load_lifecycle, HttpEnv};
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Instances, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load(NEEDS).await?;
    let lifecycle = load_lifecycle(NEEDS).await?;
    let clock = Arc::new(shared::clock::SystemClock);
    let service =
        Arc::new(InstanceService::new(env.stores.instances()?, lifecycle.clouds().clone(), None, Vec::new(), clock)?);
    run_http(env.gateway, Access::Tenant, move |request| terminate_instance::handle(service.clone(), request)).await
}
