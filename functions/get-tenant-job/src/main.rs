//! Lambda entry point for `GET /api/tenant/export/{id}` and `GET /api/tenant/erase/{id}`: wiring only (`shared::wiring::http_env::HttpEnv::load_tenant_jobs`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::TenantJobs]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service) = HttpEnv::load_tenant_jobs(NEEDS).await?;
    run_http(env.gateway, Access::Tenant, move |request| get_tenant_job::handle(service.clone(), request)).await
}
