//! Lambda entry point for `PATCH /api/analysis-queue/{id}/progress`: wiring only.

use std::sync::Arc;

use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service, ()) = HttpEnv::load_queue(|_| ()).await?;
    let service = Arc::new(service);
    run_http(env.gateway, Access::Tenant, move |request| update_task_progress::handle(service.clone(), request)).await
}
