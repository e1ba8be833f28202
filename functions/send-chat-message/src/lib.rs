//! `POST /api/chatbot`: a message into a new or existing conversation; the answer with its usage
//! and cost as JSON, or, with `stream: true` or `Accept: text/event-stream`, as Server-Sent
//! Events (`shared::http::sse::message_stream`). Behind API Gateway a stream arrives whole when it
//! ends; the `stream-responses` Function URL streams it as it is written.

use std::sync::Arc;

use shared::app::chat::api::SendMessageRequest;
use shared::app::chat::ChatService;
use shared::http::sse::message_stream;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let body = request.json::<SendMessageRequest>()?;
    let wants_stream = body.stream.unwrap_or(false) || accepts_event_stream(&request);
    let call = chat.prepare_message(tenant, body).await?;
    if wants_stream {
        let conversation = call.conversation_id().unwrap_or_default().to_owned();
        let events = chat.run_streaming(call).await?;
        Ok(message_stream(conversation, request.request_id.clone(), events))
    } else {
        Ok(ApiResponse::ok(&chat.run(call).await?.view()))
    }
}

fn accepts_event_stream(request: &ApiRequest) -> bool {
    request.header("accept").is_some_and(|a| a.contains("text/event-stream"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::offline_llm::OfflineLlm;
    use shared::app::chat::ChatSettings;
    use shared::http::Access;
    use shared::llm::Router;
    use shared::test_util::{
        fixture_chat, serve_fixture, serve_fixture_response, FIXTURE_CONVERSATION_ID, FIXTURE_TENANT,
    };

    async fn chat() -> Arc<ChatService> {
        fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await
    }

    #[tokio::test]
    async fn a_message_continues_its_conversation_with_usage_and_cost() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/send-chat-message/continue.json", Access::Tenant, |r| handle(chat.clone(), r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["conversationId"], FIXTURE_CONVERSATION_ID);
        assert_eq!((body["provider"].as_str(), body["model"].as_str()), (Some("offline"), Some("offline-extractive")));
        assert!(body["content"].as_str().is_some_and(|c| c.starts_with("[offline provider")));
        assert_eq!(body["historyMessages"], 2, "the earlier question and answer were sent");
        assert!(body["usage"]["promptTokens"].as_u64().is_some_and(|t| t > 20));
        assert_eq!(body["cost"], 0.0);
        let tenant = shared::domain::tenant::TenantId::parse(FIXTURE_TENANT).expect("tenant");
        let stored = chat.conversation(&tenant, FIXTURE_CONVERSATION_ID).await.expect("stored");
        assert_eq!((stored.message_count, stored.last_seq), (4, 4));
    }

    #[tokio::test]
    async fn a_first_message_starts_a_conversation_titled_by_it() {
        let chat = chat().await;
        let (status, body) = serve_fixture("events/send-chat-message/new-conversation.json", Access::Tenant, |r| {
            handle(chat.clone(), r)
        })
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_ne!(body["conversationId"], FIXTURE_CONVERSATION_ID);
        assert_eq!(body["historyMessages"], 0);
        let tenant = shared::domain::tenant::TenantId::parse(FIXTURE_TENANT).expect("tenant");
        let id = body["conversationId"].as_str().expect("id");
        let stored = chat.conversation(&tenant, id).await.expect("stored");
        assert!(stored.title.starts_with("Summarize: Potassium 3.1 mmol/L"), "{}", stored.title);
        assert_eq!(stored.message_count, 2);
    }

    #[tokio::test]
    async fn a_streamed_answer_ends_with_its_usage() {
        let chat = chat().await;
        let response =
            serve_fixture_response("events/send-chat-message/streamed.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(response.status, StatusCode::OK);
        assert_eq!(response.content_type(), Some("text/event-stream"));
        let body = String::from_utf8(response.buffered().await.body.to_vec()).expect("utf-8");
        let events: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix("event: ")).collect();
        assert_eq!(events.first(), Some(&"start"));
        assert!(events.contains(&"delta"));
        assert_eq!(events.last(), Some(&"done"), "{body}");
    }

    #[tokio::test]
    async fn bad_fields_are_all_named() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/send-chat-message/invalid.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let fields: Vec<&str> =
            body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["message", "maxTokens", "temperature", "model"]);
    }

    #[tokio::test]
    async fn another_tenants_or_unknown_conversation_is_a_404() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/send-chat-message/unknown-conversation.json", Access::Tenant, |r| handle(chat, r))
                .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["code"], "not_found");
    }
}
