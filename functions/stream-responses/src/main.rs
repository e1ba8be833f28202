//! Lambda entry point of the streaming Function URL (`InvokeMode: RESPONSE_STREAM`): wiring only.
//! The gateway checks API keys itself (`keys_in_function`), as a Function URL has no authorizer.

use std::sync::Arc;

use shared::http::Access;
use shared::runtime::http::run_http_streaming;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[
    Store::ApiKeys,
    Store::RateLimits,
    Store::Audit,
    Store::Idempotency,
    Store::Conversations,
    Store::Tasks,
    Store::Usage,
]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat, orchestrator) = HttpEnv::load_orchestration(NEEDS, true).await?;
    let deps = Arc::new(stream_responses::Deps { chat, orchestrator });
    run_http_streaming(env.gateway, Access::Tenant, move |request| stream_responses::handle(deps.clone(), request))
        .await
}
