//! Lambda entry point for `GET /api/tenant/audit`: wiring only; reads the audit table.

use std::sync::Arc;

use shared::app::tenant_data::audit::AuditService;
use shared::clock::SystemClock;
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Audit]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let env = HttpEnv::load(NEEDS).await?;
    let service = Arc::new(AuditService::new(env.stores.audit()?, Arc::new(SystemClock)));
    run_http(env.gateway, Access::Tenant, move |request| list_tenant_audit::handle(service.clone(), request)).await
}
