//! `GET /v1/models`: the models a call can use now (priced, with a configured provider), in
//! OpenAI's list format, each with its context window and prices.

use std::sync::Arc;

use shared::app::chat::compat::models;
use shared::app::chat::ChatService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    request.tenant()?;
    Ok(ApiResponse::ok(&models(chat.prices(), |model| chat.llm().serves(model).is_ok())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::app::chat::ChatSettings;
    use shared::http::Access;
    use shared::llm::{RetryPolicy, Router};
    use shared::test_util::{fixture_chat, serve_fixture};

    #[tokio::test]
    async fn only_models_with_a_configured_provider_are_listed() {
        // Only an OpenAI-compatible Llama server is configured (never called here).
        let llama: Arc<dyn shared::ports::LlmProvider> = Arc::new(shared::adapters::offline_llm::OfflineLlm);
        let router = Router::new(None, None, Some(llama), None, RetryPolicy::default());
        let chat = fixture_chat(router, ChatSettings::default()).await;
        let (status, body) = serve_fixture("events/list-models/all.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["object"], "list");
        let ids: Vec<&str> = body["data"].as_array().expect("data").iter().filter_map(|m| m["id"].as_str()).collect();
        assert!(ids.contains(&"llama3.1:8b") && ids.contains(&"meta-llama/Llama-3.3-70B-Instruct-Turbo"), "{ids:?}");
        assert!(!ids.iter().any(|id| id.starts_with("gpt") || id.starts_with("claude")), "{ids:?}");
    }
}
