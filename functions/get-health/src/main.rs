//! Lambda entry point for the health routes: wiring only.

use std::sync::Arc;

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: every one, as readiness probes every table. Only their tables'
/// variables are read; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&Store::ALL);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load(NEEDS).await?;
    let deps = Arc::new(get_health::Deps { probes: env.stores.probes() });
    run_http(env.gateway, Access::Public, move |request| get_health::handle(deps.clone(), request)).await
}
