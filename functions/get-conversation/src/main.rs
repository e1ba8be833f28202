//! Lambda entry point for `GET /api/chatbot/conversations/{id}`: wiring only. No model is called, so no provider
//! key is read (`HttpEnv::load_conversations`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Conversations]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat) = HttpEnv::load_conversations(NEEDS).await?;
    run_http(env.gateway, Access::Tenant, move |request| get_conversation::handle(chat.clone(), request)).await
}
