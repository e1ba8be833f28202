//! Lambda entry point for `POST /api/chatbot`: wiring only. Providers come from the environment, their
//! keys from Secrets Manager, once per cold start (`HttpEnv::load_chat`).

use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat) = HttpEnv::load_chat(false).await?;
    run_http(env.gateway, Access::Tenant, move |request| send_chat_message::handle(chat.clone(), request)).await
}
