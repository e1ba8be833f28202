//! Lambda entry point for the health routes: wiring only.

use std::sync::Arc;

use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load().await?;
    let deps = Arc::new(get_health::Deps { probes: env.stores.probes.clone() });
    run_http(env.gateway, Access::Public, move |request| get_health::handle(deps.clone(), request)).await
}
