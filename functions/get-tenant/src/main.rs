//! Lambda entry point for `GET /api/tenant`: wiring only.

use std::sync::Arc;

use shared::clock::SystemClock;
use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load().await?;
    let deps = Arc::new(get_tenant::Deps {
        limiter: env.stores.rate_limiter.clone(),
        policy: env.gateway.settings.rate_policy,
        clock: Arc::new(SystemClock),
    });
    run_http(env.gateway, Access::Tenant, move |request| get_tenant::handle(deps.clone(), request)).await
}
