//! Lambda entry point for `GET /api/analysis-queue/{id}/events`: wiring only.

use std::sync::Arc;

use shared::app::tasks::events::EventWait;
use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, service, wait) = HttpEnv::load_queue(EventWait::from_env).await?;
    let deps = Arc::new(get_task_events::Deps { service, wait });
    run_http(env.gateway, Access::Tenant, move |request| get_task_events::handle(deps.clone(), request)).await
}
