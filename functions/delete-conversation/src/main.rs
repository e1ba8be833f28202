//! Lambda entry point for `DELETE /api/chatbot/conversations/{id}`: wiring only. No model is called, so no provider
//! key is read (`HttpEnv::load_conversations`).

use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat) = HttpEnv::load_conversations().await?;
    run_http(env.gateway, Access::Tenant, move |request| delete_conversation::handle(chat.clone(), request)).await
}
