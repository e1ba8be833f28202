//! `GET /api/chatbot/conversations/{id}`: the conversation with its running token and cost
//! totals and its messages, oldest first (`limit`, `cursor` for long ones).

use std::sync::Arc;

use shared::app::chat::ChatService;
use shared::http::{page_query, ApiError, ApiRequest, ApiResponse};

pub async fn handle(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let id = request.path_param("id")?;
    // The cursor of a page of messages is the last one's sequence number.
    let page = page_query(&request.query, |c| c.parse::<u64>().is_ok(), &[], |_, _| Ok(()))?;
    Ok(ApiResponse::ok(&chat.detail(tenant, id, page).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::offline_llm::OfflineLlm;
    use shared::app::chat::ChatSettings;
    use shared::http::Access;
    use shared::llm::Router;
    use shared::test_util::{fixture_chat, serve_fixture, FIXTURE_CONVERSATION_ID};

    async fn chat() -> Arc<ChatService> {
        fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await
    }

    #[tokio::test]
    async fn the_messages_come_oldest_first_with_their_cost() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/get-conversation/existing.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["conversationId"], FIXTURE_CONVERSATION_ID);
        let roles: Vec<&str> =
            body["messages"].as_array().expect("messages").iter().filter_map(|m| m["role"].as_str()).collect();
        assert_eq!(roles, ["user", "assistant"]);
        assert_eq!(body["messages"][1]["cost"], 0.000123);
        assert_eq!(body["messages"][1]["usage"]["promptTokens"], 40);
        assert!(body["messages"][0].get("cost").is_none());
    }

    #[tokio::test]
    async fn an_unknown_id_is_a_404() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/get-conversation/unknown.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], "not_found");
    }
}
