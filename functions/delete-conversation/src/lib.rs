//! `DELETE /api/chatbot/conversations/{id}`: removes the conversation and every message of it;
//! 204, or 404 when there is none (also for another tenant's id).

use std::sync::Arc;

use shared::app::chat::ChatService;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let id = request.path_param("id")?;
    chat.delete(tenant, id).await?;
    Ok(ApiResponse::no_content())
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::offline_llm::OfflineLlm;
    use shared::app::chat::ChatSettings;
    use shared::domain::tenant::TenantId;
    use shared::http::Access;
    use shared::llm::Router;
    use shared::test_util::{fixture_chat, serve_fixture_response, FIXTURE_CONVERSATION_ID, FIXTURE_TENANT};

    #[tokio::test]
    async fn a_delete_removes_every_message_and_a_second_one_is_a_404() {
        let chat = fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await;
        let fixture = "events/delete-conversation/existing.json";
        let first = serve_fixture_response(fixture, Access::Tenant, |r| handle(chat.clone(), r)).await;
        assert_eq!(first.status, StatusCode::NO_CONTENT);
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("tenant");
        assert!(chat.store().messages(&tenant, FIXTURE_CONVERSATION_ID, 0, 10).await.expect("read").is_empty());
        let again = serve_fixture_response(fixture, Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn an_unknown_id_is_a_404_and_nothing_is_deleted() {
        let chat = fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await;
        let response = serve_fixture_response("events/delete-conversation/unknown.json", Access::Tenant, |r| {
            handle(chat.clone(), r)
        })
        .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND);
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("tenant");
        assert_eq!(chat.store().messages(&tenant, FIXTURE_CONVERSATION_ID, 0, 10).await.expect("read").len(), 2);
    }
}
