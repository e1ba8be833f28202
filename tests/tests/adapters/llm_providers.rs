//! The provider adapters against mock upstreams speaking OpenAI's and Anthropic's wire formats
//! (`tests::mock_llm`), and the router's retries, fallback and deadline over them.

use std::sync::Arc;
use std::time::{Duration, Instant};

use shared::adapters::anthropic::AnthropicProvider;
use shared::adapters::openai::OpenAiProvider;
use shared::domain::llm::{ChatMessage, LlmReply, LlmRequest, Role};
use shared::domain::tasks::Backoff;
use shared::llm::{RetryPolicy, Router};
use shared::ports::{LlmError, LlmProvider, StreamPart};
use tests::mock_llm::{MockUpstream, ANSWER};

fn request(model: &str) -> LlmRequest {
    LlmRequest {
        model: model.to_owned(),
        messages: vec![
            ChatMessage { role: Role::System, content: "Answer from the document only.".to_owned() },
            ChatMessage { role: Role::User, content: "Is the potassium normal?".to_owned() },
        ],
        max_output_tokens: 256,
        temperature: Some(0.2),
    }
}

fn openai(mock: &MockUpstream, idle: Duration) -> OpenAiProvider {
    OpenAiProvider::new("openai", &mock.openai_base(), Some("mock-key-not-a-secret".to_owned()), idle).expect("client")
}

fn anthropic(mock: &MockUpstream, idle: Duration) -> AnthropicProvider {
    AnthropicProvider::new(&mock.base_url, "mock-key-not-a-secret".to_owned(), idle).expect("client")
}

/// Drains a stream: the deltas, and how it ended.
async fn drain(provider: &dyn LlmProvider, model: &str) -> (Vec<String>, Result<LlmReply, LlmError>) {
    let mut stream = provider.stream(&request(model)).await.expect("the stream starts");
    let mut deltas = Vec::new();
    while let Some(part) = stream.recv().await {
        match part {
            Ok(StreamPart::Delta(d)) => deltas.push(d),
            Ok(StreamPart::Done(reply)) => return (deltas, Ok(reply)),
            Err(e) => return (deltas, Err(e)),
        }
    }
    panic!("the stream ended silently after {deltas:?}");
}

#[tokio::test]
async fn openai_answers_with_its_usage_and_streams_deltas_then_usage() {
    let mock = MockUpstream::start().await;
    let p = openai(&mock, Duration::from_secs(5));
    let reply = p.complete(&request("gpt-4o-ok")).await.expect("answer");
    assert_eq!(reply.text, ANSWER.concat());
    assert_eq!((reply.provider.as_str(), reply.model.as_str()), ("openai", "gpt-4o-ok"));
    assert_eq!((reply.input_tokens, reply.output_tokens, reply.cached_tokens), (42, 7, 10));

    let (deltas, end) = drain(&p, "gpt-4o-ok").await;
    assert_eq!(deltas, ANSWER);
    let done = end.expect("a final usage");
    assert_eq!((done.text.as_str(), done.input_tokens, done.cached_tokens), (ANSWER.concat().as_str(), 42, 10));
}

#[tokio::test]
async fn openai_errors_say_whether_a_retry_can_help() {
    let mock = MockUpstream::start().await;
    let p = openai(&mock, Duration::from_secs(5));
    assert!(matches!(p.complete(&request("gpt-4o-429-once")).await, Err(LlmError::Transient(m)) if m.contains("429")));
    assert!(matches!(p.complete(&request("gpt-4o-500")).await, Err(LlmError::Transient(m)) if m.contains("500")));
    assert!(matches!(p.complete(&request("gpt-4o-400")).await, Err(LlmError::Permanent(m)) if m.contains("400")));
    let unauthenticated =
        OpenAiProvider::new("openai", &mock.openai_base(), None, Duration::from_secs(5)).expect("client");
    assert!(
        matches!(unauthenticated.complete(&request("gpt-4o-ok")).await, Err(LlmError::Permanent(m)) if m.contains("401"))
    );
}

#[tokio::test]
async fn a_stream_cut_mid_answer_ends_with_an_error_not_silence() {
    let mock = MockUpstream::start().await;
    let (o, a) = (openai(&mock, Duration::from_secs(5)), anthropic(&mock, Duration::from_secs(5)));
    for (provider, name) in [(&o as &dyn LlmProvider, "gpt-4o-cut"), (&a, "claude-cut")] {
        let (deltas, end) = drain(provider, name).await;
        assert_eq!(deltas, ANSWER, "{name}: what arrived was forwarded");
        assert!(matches!(end, Err(LlmError::Transient(_))), "{name}: {end:?}");
    }
}

#[tokio::test]
async fn a_compatible_server_without_stream_usage_gets_counted_usage() {
    let mock = MockUpstream::start().await;
    let llama = OpenAiProvider::new("llama", &mock.openai_base(), Some("k".to_owned()), Duration::from_secs(5))
        .expect("client");
    let (deltas, end) = drain(&llama, "llama3.1:8b-nousage").await;
    assert_eq!(deltas, ANSWER);
    let done = end.expect("finished");
    assert_eq!(done.provider, "llama");
    assert!(done.input_tokens > 0 && done.output_tokens > 0, "{done:?}");
}

#[tokio::test]
async fn anthropic_answers_with_cache_reads_counted_as_cached_input() {
    let mock = MockUpstream::start().await;
    let p = anthropic(&mock, Duration::from_secs(5));
    let reply = p.complete(&request("claude-sonnet-4-5-ok")).await.expect("answer");
    assert_eq!(reply.text, ANSWER.concat());
    assert_eq!((reply.input_tokens, reply.output_tokens, reply.cached_tokens), (42, 7, 12));
    let (deltas, end) = drain(&p, "claude-sonnet-4-5-ok").await;
    assert_eq!(deltas, ANSWER);
    let done = end.expect("message_stop");
    assert_eq!((done.input_tokens, done.output_tokens, done.cached_tokens), (42, 7, 12));
    assert!(matches!(p.complete(&request("claude-429-once")).await, Err(LlmError::Transient(_))));
    assert!(matches!(p.complete(&request("claude-400")).await, Err(LlmError::Permanent(_))));
}

#[tokio::test]
async fn a_silent_upstream_is_a_timeout() {
    let mock = MockUpstream::start().await;
    let started = Instant::now();
    let err = openai(&mock, Duration::from_millis(300)).complete(&request("gpt-4o-slow")).await.expect_err("too slow");
    assert!(matches!(err, LlmError::Timeout(_)), "{err:?}");
    let err =
        anthropic(&mock, Duration::from_millis(300)).complete(&request("claude-slow")).await.expect_err("too slow");
    assert!(matches!(err, LlmError::Timeout(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "neither waited for the slow answer");
}

fn router(mock: &MockUpstream, fallback: Option<&str>, deadline: Duration) -> Router {
    let policy = RetryPolicy {
        attempts: 3,
        backoff: Backoff { base: Duration::from_millis(10), cap: Duration::from_millis(20) },
        deadline,
    };
    Router::new(
        Some(Arc::new(openai(mock, Duration::from_secs(5)))),
        Some(Arc::new(anthropic(mock, Duration::from_secs(5)))),
        None,
        fallback.map(str::to_owned),
        policy,
    )
}

#[tokio::test]
async fn the_router_retries_throttling_then_falls_back_then_names_what_is_missing() {
    let mock = MockUpstream::start().await;
    let r = router(&mock, Some("claude-haiku-4-5-ok"), Duration::from_secs(5));
    let reply = r.complete(&request("gpt-4o-429-once")).await.expect("answered on the second try");
    assert_eq!((reply.provider.as_str(), mock.calls.of("gpt-4o-429-once")), ("openai", 2));

    let reply = r.complete(&request("gpt-4o-500")).await.expect("the fallback answered");
    assert_eq!((reply.provider.as_str(), reply.model.as_str()), ("anthropic", "claude-haiku-4-5-ok"));
    assert_eq!(mock.calls.of("gpt-4o-500"), 3, "three tries before the fallback");

    assert!(matches!(r.complete(&request("gpt-4o-400")).await, Err(LlmError::Permanent(_))), "no retry, no fallback");
    assert_eq!(mock.calls.of("gpt-4o-400"), 1);
    let missing = r.complete(&request("llama3.1:8b")).await.expect_err("no llama server");
    assert!(matches!(&missing, LlmError::Permanent(m) if m.contains("LLAMA_BASE_URL")), "{missing:?}");
}

#[tokio::test]
async fn the_router_keeps_its_deadline() {
    let mock = MockUpstream::start().await;
    let r = router(&mock, None, Duration::from_millis(400));
    let started = Instant::now();
    let err = r.complete(&request("gpt-4o-slow")).await.expect_err("past the deadline");
    assert!(matches!(err, LlmError::Timeout(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "answered at the deadline, not when upstream did");
}
