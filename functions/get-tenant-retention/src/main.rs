//! Lambda entry point for `GET /api/tenant/retention`: wiring only (`shared::wiring::http_env::HttpEnv::retention`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Retention]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load(NEEDS).await?;
    let service = env.retention(None)?;
    run_http(env.gateway, Access::Tenant, move |request| get_tenant_retention::handle(service.clone(), request)).await
}
