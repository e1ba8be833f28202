//! Lambda entry point of the streaming chat Function URL (`InvokeMode: RESPONSE_STREAM`):
//! wiring only. The gateway checks API keys itself (`load_chat(true)`), as a Function URL has no
//! authorizer.

use shared::http::Access;
use shared::lambda::{run_http_streaming, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat) = HttpEnv::load_chat(true).await?;
    run_http_streaming(env.gateway, Access::Tenant, move |request| stream_chat::handle(chat.clone(), request)).await
}
