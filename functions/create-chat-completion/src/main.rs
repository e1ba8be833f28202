//! Lambda entry point for `POST /v1/chat/completions`: wiring only. Providers come from the environment, their
//! keys from Secrets Manager, once per cold start (`HttpEnv::load_chat`).

use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Idempotency, Store::Conversations, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, chat) = HttpEnv::load_chat(NEEDS, false).await?;
    run_http(env.gateway, Access::Tenant, move |request| create_chat_completion::handle(chat.clone(), request)).await
}
