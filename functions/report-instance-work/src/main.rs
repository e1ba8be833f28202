//! Lambda entry point for `POST /api/instances/{id}/work`: wiring only; writes the instance
//! table, calls no cloud.

use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service) = HttpEnv::load_instance_reader().await?;
    run_http(env.gateway, Access::Tenant, move |request| report_instance_work::handle(service.clone(), request)).await
}
