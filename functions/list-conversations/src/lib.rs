//! `GET /api/chatbot/conversations`: the tenant's conversations, newest first (`limit`, `cursor`),
//! with its model spend this month and what is left of its budget.

use std::sync::Arc;

use shared::app::chat::ChatService;
use shared::http::{page_query, ApiError, ApiRequest, ApiResponse};
use shared::ids::is_id;

pub async fn handle(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let page = page_query(&request.query, is_id, &[], |_, _| Ok(()))?;
    Ok(ApiResponse::ok(&chat.list(tenant, page).await?))
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

    #[tokio::test]
    async fn the_tenants_conversations_come_with_their_totals() {
        let settings = ChatSettings { monthly_budget: Some(100_000_000), ..ChatSettings::default() };
        let chat = fixture_chat(Router::only(Arc::new(OfflineLlm)), settings).await;
        let (status, body) =
            serve_fixture("events/list-conversations/all.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let first = &body["conversations"][0];
        assert_eq!(first["conversationId"], FIXTURE_CONVERSATION_ID);
        assert_eq!((first["messageCount"].as_u64(), first["totalTokens"].as_u64()), (Some(2), Some(52)));
        assert_eq!(first["totalCost"], 0.000123);
        assert_eq!(first["title"], "What was the potassium on admission?");
        assert!(body.get("nextCursor").is_none());
        assert_eq!(body["spend"]["budget"], 1.0);
    }

    #[tokio::test]
    async fn a_bad_page_is_a_400_naming_each_parameter() {
        let chat = fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await;
        let (status, body) =
            serve_fixture("events/list-conversations/bad-page.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "limit");
        assert_eq!(body["errors"][1]["field"], "cursor");
    }
}
