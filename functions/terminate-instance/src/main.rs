//! Lambda entry point for `DELETE /api/instances/{id}`: wiring only. Terminates on EC2 at once
//! (`shared::lambda::load_lifecycle`).

use std::sync::Arc;

use shared::app::instances::service::InstanceService;
use shared::http::Access;
use shared::lambda::{load_lifecycle, run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load().await?;
    let lifecycle = load_lifecycle().await?;
    let clock = Arc::new(shared::clock::SystemClock);
    let service = Arc::new(InstanceService::new(
        env.stores.instances.clone(),
        lifecycle.clouds.clone(),
        None,
        Vec::new(),
        clock,
    )?);
    run_http(env.gateway, Access::Tenant, move |request| terminate_instance::handle(service.clone(), request)).await
}
