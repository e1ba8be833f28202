//! `POST /v1/chat/completions`: OpenAI's chat completions API on the product's providers, keys,
//! limits and cost tracking (`shared::app::chat::compat`). No history is kept: the client sends it.

use std::sync::Arc;

use shared::app::chat::compat::{completion, to_input, ChatCompletionRequest, Completion, Delivery};
use shared::app::chat::ChatService;
use shared::http::chat_compat::{completion_stream, problem_for_sdks, ChunkWriter};
use shared::http::{ApiError, ApiRequest, ApiResponse};

/// Errors are problem documents with an OpenAI-style `error` member, so SDKs show the reason.
pub async fn handle(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let request_id = request.request_id.clone();
    Ok(complete(chat, request).await.unwrap_or_else(|e| problem_for_sdks(e, &request_id)))
}

async fn complete(chat: Arc<ChatService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let body = request.json::<ChatCompletionRequest>()?;
    let Completion { mut input, delivery } = to_input(body, chat.settings().max_tokens)?;
    input.model = chat.resolve_model(Some(&input.model), None)?;
    let call = chat.prepare_completion(tenant, input).await?;
    let max_tokens = call.max_tokens();
    if let Delivery::Streamed { include_usage } = delivery {
        // The offline provider says so in every `model` field, the first chunk's included.
        let model = if chat.llm().is_offline() { shared::adapters::offline_llm::MODEL } else { call.model() };
        let writer = ChunkWriter::new(model, chat.clock().now_ms(), include_usage, max_tokens);
        let events = chat.run_streaming(call).await?;
        Ok(completion_stream(writer, events))
    } else {
        Ok(ApiResponse::ok(&completion(&chat.run(call).await?, max_tokens)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::offline_llm::OfflineLlm;
    use shared::app::chat::ChatSettings;
    use shared::http::Access;
    use shared::llm::Router;
    use shared::test_util::{fixture_chat, serve_fixture, serve_fixture_response};

    async fn chat() -> Arc<ChatService> {
        fixture_chat(Router::only(Arc::new(OfflineLlm)), ChatSettings::default()).await
    }

    #[tokio::test]
    async fn a_completion_has_openais_shape_with_usage_and_cost() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/create-chat-completion/completion.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["object"], "chat.completion");
        assert_eq!(body["choices"][0]["message"]["role"], "assistant");
        assert!(body["choices"][0]["message"]["content"].as_str().is_some_and(|c| c.contains("offline")));
        let usage = &body["usage"];
        assert_eq!(
            usage["total_tokens"].as_u64(),
            Some(usage["prompt_tokens"].as_u64().unwrap_or(0) + usage["completion_tokens"].as_u64().unwrap_or(0))
        );
        assert_eq!(usage["cost_usd"], 0.0);
    }

    #[tokio::test]
    async fn a_stream_is_chunks_then_usage_then_done() {
        let chat = chat().await;
        let response =
            serve_fixture_response("events/create-chat-completion/streamed.json", Access::Tenant, |r| handle(chat, r))
                .await;
        assert_eq!(response.status, StatusCode::OK);
        let body = String::from_utf8(response.buffered().await.body.to_vec()).expect("utf-8");
        let data: Vec<&str> = body.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
        assert_eq!(data.last(), Some(&"[DONE]"), "{body}");
        let chunks: Vec<serde_json::Value> =
            data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).expect("json chunk")).collect();
        assert_eq!(chunks[0]["choices"][0]["delta"]["role"], "assistant");
        assert!(chunks.iter().all(|c| c["object"] == "chat.completion.chunk"));
        let last = chunks.last().expect("usage chunk");
        assert!(last["usage"]["completion_tokens"].as_u64().is_some_and(|t| t > 0));
    }

    #[tokio::test]
    async fn unsupported_fields_are_a_400_naming_them() {
        let chat = chat().await;
        let (status, body) =
            serve_fixture("events/create-chat-completion/invalid.json", Access::Tenant, |r| handle(chat, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["errors"][0]["field"], "messages[0].role");
        assert_eq!(body["error"]["param"], "messages[0].role", "the OpenAI-style member SDKs read");
        assert!(body["error"]["message"].as_str().is_some_and(|m| m.contains("n: only one choice")), "{body}");
    }
}
