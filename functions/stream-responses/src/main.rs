//! Lambda entry point of the streaming Function URL (`InvokeMode: RESPONSE_STREAM`): wiring only.
//! The gateway checks API keys itself (`keys_in_function`), as a Function URL has no authorizer.

use std::sync::Arc;

use shared::http::Access;
use shared::lambda::{run_http_streaming, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat, orchestrator) = HttpEnv::load_orchestration(true).await?;
    let deps = Arc::new(stream_responses::Deps { chat, orchestrator });
    run_http_streaming(env.gateway, Access::Tenant, move |request| stream_responses::handle(deps.clone(), request))
        .await
}
