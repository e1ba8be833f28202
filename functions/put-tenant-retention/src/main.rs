//! Lambda entry point for `PUT /api/tenant/retention`: wiring only (`shared::wiring::http_env::HttpEnv::load_tenant_jobs`, `HttpEnv::retention`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Retention, Store::TenantJobs]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, jobs) = HttpEnv::load_tenant_jobs(NEEDS).await?;
    let service = env.retention(Some(jobs))?;
    run_http(env.gateway, Access::Tenant, move |request| put_tenant_retention::handle(service.clone(), request)).await
}
