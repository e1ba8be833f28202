//! The routes that stream, behind a Lambda Function URL with `InvokeMode: RESPONSE_STREAM`:
//! `POST /api/chatbot`, `POST /v1/chat/completions` and `POST /api/orchestrate`, served by the same
//! handlers as the API Gateway routes, but with each Server-Sent Event written as it is produced.
//! A Function URL has no authorizer, so the API key is checked here, against the same key table.

use std::sync::Arc;

use http::Method;
use shared::app::chat::ChatService;
use shared::app::orchestration::Orchestrator;
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub struct Deps {
    pub chat: Arc<ChatService>,
    pub orchestrator: Arc<Orchestrator>,
}

/// The paths this URL serves.
const PATHS: [&str; 3] = ["/api/chatbot", "/v1/chat/completions", "/api/orchestrate"];

pub async fn handle(deps: Arc<Deps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    match (request.method.clone(), request.path.as_str()) {
        (Method::POST, "/api/chatbot") => send_chat_message::handle(deps.chat.clone(), request).await,
        (Method::POST, "/v1/chat/completions") => create_chat_completion::handle(deps.chat.clone(), request).await,
        (Method::POST, "/api/orchestrate") => orchestrate_query::handle(deps.orchestrator.clone(), request).await,
        (_, path) if PATHS.contains(&path) => Err(ApiError::MethodNotAllowed { allowed: vec![Method::POST] }),
        (method, path) => Err(ApiError::NotFound(format!(
            "no route {method} {}: this URL serves POST {}",
            path.chars().take(200).collect::<String>(),
            PATHS.join(", POST ")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::memory::{MemoryApiKeyStore, MemoryIdempotencyStore, MemoryRateLimiter};
    use shared::adapters::offline_llm::OfflineLlm;
    use shared::app::chat::ChatSettings;
    use shared::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
    use shared::http::{Access, Authentication, Gateway, GatewaySettings};
    use shared::llm::Router;
    use shared::ports::ApiKeyStore;
    use shared::test_util::{fixture_chat, fixture_orchestrator, fixture_request, FIXTURE_TENANT};

    /// A gateway that checks keys itself, as the Function URL's does, knowing the fixtures' key.
    async fn gateway() -> Gateway {
        let keys = Arc::new(MemoryApiKeyStore::default());
        let record = ApiKeyRecord {
            hash: KeyHash::of("fixture-key-not-a-secret"),
            tenant: TenantId::parse(FIXTURE_TENANT).expect("tenant"),
            label: "fixture".to_owned(),
            created_at_ms: 0,
            disabled: false,
        };
        keys.put(&record).await.expect("seed");
        Gateway::new(
            GatewaySettings::default(),
            Authentication::KeyStore(keys),
            Arc::new(MemoryRateLimiter::default()),
            Arc::new(MemoryIdempotencyStore::default()),
            Arc::new(shared::clock::SystemClock),
        )
    }

    async fn serve(fixture: &str) -> ApiResponse {
        let chat = fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await;
        let (orchestrator, _) = fixture_orchestrator().await;
        let deps = Arc::new(Deps { chat, orchestrator });
        let (route, request) = fixture_request(fixture);
        gateway().await.serve(&route, Access::Tenant, request, |r| handle(deps, r)).await
    }

    #[tokio::test]
    async fn a_function_url_request_with_a_key_streams_its_answer() {
        let response = serve("events/stream-responses/message.json").await;
        assert_eq!(response.status, StatusCode::OK);
        assert!(response.stream.is_some(), "the body is streamed, not buffered");
        let body = String::from_utf8(response.buffered().await.body.to_vec()).expect("utf-8");
        assert!(body.starts_with("event: start\n") && body.contains("event: done\n"), "{body}");
    }

    #[tokio::test]
    async fn a_function_url_request_without_a_key_is_refused() {
        let response = serve("events/stream-responses/no-key.json").await;
        assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    }

    #[tokio::test]
    async fn an_orchestration_streams_its_steps_through_the_url() {
        let response = serve("events/stream-responses/orchestrate.json").await;
        assert_eq!(response.status, StatusCode::OK);
        let body = String::from_utf8(response.buffered().await.body.to_vec()).expect("utf-8");
        assert!(body.starts_with("event: step_started\n") && body.contains("event: result\n"), "{body}");
    }
}
