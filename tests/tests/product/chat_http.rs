//! The chatbot through `local`'s HTTP API, as a client uses it: conversations end to end on the
//! offline provider, and on mock upstreams speaking OpenAI's and Anthropic's wire formats
//! (`tests::mock_llm`): exact cost from reported usage, history sent within its budget, streams
//! that end with usage or with an error saying the answer is incomplete, retries, fallback,
//! deadlines, the monthly budget, and the OpenAI-compatible routes.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::adapters::anthropic::AnthropicProvider;
use shared::adapters::openai::OpenAiProvider;
use shared::app::chat::ChatSettings;
use shared::domain::tasks::Backoff;
use shared::http::GatewaySettings;
use shared::llm::{RetryPolicy, Router};
use shared::ports::LlmProvider;
use tests::mock_llm::{MockUpstream, ANSWER, UPSTREAM_WORDS};
use tests::{get_json, RunningLocal};

const KEY_A: &str = "chat-key-clinic-a";

/// The whole body of a `/v1/chat/completions` answer, streamed or not, as text.
async fn v1_text(local: &RunningLocal, body: &Value) -> String {
    reqwest::Client::new()
        .post(local.url("/v1/chat/completions"))
        .bearer_auth(KEY_A)
        .json(body)
        .send()
        .await
        .expect("response")
        .text()
        .await
        .expect("body")
}
const KEY_B: &str = "chat-key-clinic-b";

async fn start(llm: Router, chat: ChatSettings) -> RunningLocal {
    let keys = format!("clinic-a={KEY_A},clinic-b={KEY_B}");
    let options = local::Options { llm: Arc::new(llm), chat, ..local::Options::default() };
    tests::start_memory(GatewaySettings::default(), &keys, options).await.0
}

async fn offline() -> RunningLocal {
    start(Router::only(Arc::new(shared::adapters::offline_llm::OfflineLlm)), ChatSettings::default()).await
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        attempts: 2,
        backoff: Backoff { base: Duration::from_millis(10), cap: Duration::from_millis(20) },
        deadline: Duration::from_secs(20),
    }
}

fn provider(mock_base: &str, name: &'static str) -> Arc<dyn LlmProvider> {
    let key = Some("mock-key-not-a-secret".to_owned());
    Arc::new(OpenAiProvider::new(name, mock_base, key, Duration::from_secs(5)).expect("client"))
}

/// OpenAI, Anthropic and an OpenAI-compatible Llama server, all on the mock.
fn mock_router(mock: &MockUpstream, fallback: Option<&str>) -> Router {
    let anthropic = AnthropicProvider::new(&mock.base_url, "mock-key-not-a-secret".to_owned(), Duration::from_secs(5))
        .expect("client");
    Router::new(
        Some(provider(&mock.openai_base(), "openai")),
        Some(Arc::new(anthropic)),
        Some(provider(&mock.openai_base(), "llama")),
        fallback.map(str::to_owned),
        quick_retries(),
    )
}

async fn post(local: &RunningLocal, path: &str, key: &str, body: Value) -> (StatusCode, Value) {
    let resp =
        reqwest::Client::new().post(local.url(path)).bearer_auth(key).json(&body).send().await.expect("response");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

async fn send(local: &RunningLocal, body: Value) -> (StatusCode, Value) {
    post(local, "/api/chatbot", KEY_A, body).await
}

/// A streamed answer's events, in order, read to the end of the body.
async fn stream(local: &RunningLocal, body: Value) -> Vec<(String, Value)> {
    tests::post_events(&local.url("/api/chatbot"), KEY_A, &body).await
}

#[tokio::test]
async fn a_conversation_works_end_to_end_and_stays_with_its_tenant() {
    let local = offline().await;
    let (status, first) = send(&local, json!({ "message": "Potassium 3.1 mmol/L (L). Is that low?" })).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!((first["provider"].as_str(), first["model"].as_str()), (Some("offline"), Some("offline-extractive")));
    assert!(first["content"].as_str().is_some_and(|c| c.contains("offline provider")));
    let id = first["conversationId"].as_str().expect("id").to_owned();

    let (_, second) = send(&local, json!({ "message": "And the sodium?", "conversationId": id })).await;
    assert_eq!(second["conversationId"], id.as_str());
    assert_eq!(second["historyMessages"], 2, "the first question and answer were sent");

    let url = local.url(&format!("/api/chatbot/conversations/{id}"));
    let conversation = get_json(&url, KEY_A).await;
    let roles: Vec<&str> =
        conversation["messages"].as_array().expect("messages").iter().filter_map(|m| m["role"].as_str()).collect();
    assert_eq!(roles, ["user", "assistant", "user", "assistant"]);
    assert_eq!(conversation["messages"][2]["content"], "And the sodium?");
    let tokens = |v: &Value| {
        v["usage"]["promptTokens"].as_u64().unwrap_or(0) + v["usage"]["completionTokens"].as_u64().unwrap_or(0)
    };
    assert_eq!(conversation["totalTokens"].as_u64(), Some(tokens(&first) + tokens(&second)));

    let list = get_json(&local.url("/api/chatbot/conversations"), KEY_A).await;
    assert_eq!(list["conversations"][0]["conversationId"], id.as_str());
    assert_eq!(list["conversations"][0]["messageCount"], 4);
    assert_eq!(list["spend"]["calls"], 2);

    // Another tenant: 404 for every use of the id, and an empty list.
    let client = reqwest::Client::new();
    assert_eq!(client.get(&url).bearer_auth(KEY_B).send().await.expect("get").status(), StatusCode::NOT_FOUND);
    assert_eq!(client.delete(&url).bearer_auth(KEY_B).send().await.expect("delete").status(), StatusCode::NOT_FOUND);
    let (status, _) = post(&local, "/api/chatbot", KEY_B, json!({ "message": "Hi", "conversationId": id })).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(get_json(&local.url("/api/chatbot/conversations"), KEY_B).await["conversations"], json!([]));

    // The owner deletes it: gone, with its messages.
    assert_eq!(client.delete(&url).bearer_auth(KEY_A).send().await.expect("delete").status(), StatusCode::NO_CONTENT);
    assert_eq!(client.get(&url).bearer_auth(KEY_A).send().await.expect("get").status(), StatusCode::NOT_FOUND);
    assert_eq!(get_json(&local.url("/api/chatbot/conversations"), KEY_A).await["conversations"], json!([]));
}

#[tokio::test]
async fn each_provider_answers_through_its_wire_format_at_its_exact_cost() {
    let mock = MockUpstream::start().await;
    let local = start(mock_router(&mock, None), ChatSettings::default()).await;
    // The mock reports 42 prompt tokens (10 cached) and 7 completion tokens for OpenAI; 30 fresh
    // + 12 cache reads and 7 out for Anthropic.
    // gpt-4o-mini: 32 x $0.15/M + 10 x $0.075/M + 7 x $0.60/M = $0.00000975.
    // claude-haiku-4-5: 30 x $1/M + 12 x $0.10/M + 7 x $5/M = $0.0000662.
    // llama3.1:8b on a self-hosted server: $0 per token.
    for (provider, model, cached, cost) in [
        ("openai", "gpt-4o-mini", 10, 0.00000975),
        ("anthropic", "claude-haiku-4-5", 12, 0.0000662),
        ("llama", "llama3.1:8b", 10, 0.0),
    ] {
        let (status, reply) =
            send(&local, json!({ "message": "Is a potassium of 3.1 mmol/L low?", "provider": provider })).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        assert_eq!((reply["provider"].as_str(), reply["model"].as_str()), (Some(provider), Some(model)));
        assert_eq!(reply["content"], ANSWER.concat());
        assert_eq!(reply["usage"], json!({ "promptTokens": 42, "completionTokens": 7, "cachedTokens": cached }));
        assert_eq!(reply["cost"], json!(cost), "{provider}");
    }
    let list = get_json(&local.url("/api/chatbot/conversations"), KEY_A).await;
    assert_eq!(list["spend"]["totalCost"], json!(0.00007595), "the tenant's month is the exact sum");

    // The next message in a conversation carries its history, oldest first, after the system prompt.
    let (_, first) = send(&local, json!({ "message": "First question." })).await;
    let id = first["conversationId"].as_str().expect("id");
    send(&local, json!({ "message": "Second question.", "conversationId": id })).await;
    let sent = mock.calls.last_request().expect("a request");
    let contents: Vec<&str> =
        sent["messages"].as_array().expect("messages").iter().filter_map(|m| m["content"].as_str()).collect();
    assert_eq!(contents[1..], ["First question.", ANSWER.concat().as_str(), "Second question."]);
    assert_eq!(sent["messages"][0]["role"], "system");
}

#[tokio::test]
async fn a_stream_ends_with_usage_or_with_an_error_saying_it_is_incomplete() {
    let mock = MockUpstream::start().await;
    let local = start(mock_router(&mock, None), ChatSettings::default()).await;

    let events = stream(&local, json!({ "message": "Is the potassium low?", "stream": true })).await;
    let names: Vec<&str> = events.iter().map(|(e, _)| e.as_str()).collect();
    assert_eq!(names, ["start", "delta", "delta", "done"]);
    let text: String = events.iter().filter(|(e, _)| e == "delta").filter_map(|(_, d)| d["content"].as_str()).collect();
    assert_eq!(text, ANSWER.concat());
    let done = &events[3].1;
    assert_eq!(done["usage"]["promptTokens"], 42, "the usage chunk OpenAI streams last");
    assert_eq!(done["cost"], json!(0.00000975));
    let id = done["conversationId"].as_str().expect("id").to_owned();
    assert_eq!(events[0].1["conversationId"], id.as_str());

    // The upstream drops the connection after two deltas: an error event, never a silent end.
    let events = stream(&local, json!({ "message": "Again [mock:cut]", "conversationId": id, "stream": true })).await;
    let (last, problem) = events.last().expect("events");
    assert_eq!(last, "error", "{events:?}");
    assert_eq!((problem["incomplete"].as_bool(), problem["code"].as_str()), (Some(true), Some("upstream_failed")));
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("openai")), "the provider is named: {problem}");
    assert_eq!(problem["partial"]["content"], ANSWER.concat());
    // What was said is kept, marked incomplete, and its cost counted from our own token counts.
    let conversation = get_json(&local.url(&format!("/api/chatbot/conversations/{id}")), KEY_A).await;
    let answer = &conversation["messages"][3];
    assert_eq!(
        (answer["incomplete"].as_bool(), answer["content"].as_str()),
        (Some(true), Some(ANSWER.concat().as_str()))
    );
    assert!(answer["cost"].as_f64().is_some_and(|c| c > 0.0), "{answer}");
}

#[tokio::test]
async fn retries_then_fallback_then_a_clear_502_or_504() {
    let mock = MockUpstream::start().await;
    let local = start(mock_router(&mock, None), ChatSettings::default()).await;
    let (status, reply) = send(&local, json!({ "message": "Potassium? [mock:429-once]" })).await;
    assert_eq!(status, StatusCode::OK, "a throttled call is retried: {reply}");
    assert_eq!(mock.calls.of("gpt-4o-mini-429-once"), 2);

    let (status, problem) = send(&local, json!({ "message": "Potassium? [mock:500]" })).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(problem["code"], "upstream_failed");
    assert!(problem["detail"].as_str().is_some_and(|d| d.contains("`openai`")), "{problem}");
    assert_eq!(mock.calls.of("gpt-4o-mini-500"), 2, "tried as often as the policy says");
    let list = get_json(&local.url("/api/chatbot/conversations"), KEY_A).await;
    assert_eq!(list["conversations"].as_array().map(Vec::len), Some(1), "the failed message stored nothing");

    // OpenAI unreachable: the fallback model (Anthropic, on the mock) answers.
    let dead = provider("http://127.0.0.1:9/v1", "openai");
    let anthropic = AnthropicProvider::new(&mock.base_url, "mock-key-not-a-secret".to_owned(), Duration::from_secs(5))
        .expect("client");
    let router =
        Router::new(Some(dead), Some(Arc::new(anthropic)), None, Some("claude-haiku-4-5".to_owned()), quick_retries());
    let local = start(router, ChatSettings::default()).await;
    let (status, reply) = send(&local, json!({ "message": "Potassium?" })).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!((reply["provider"].as_str(), reply["model"].as_str()), (Some("anthropic"), Some("claude-haiku-4-5")));
    assert_eq!(reply["cost"], json!(0.0000662), "priced as the model that answered");

    // A provider slower than the deadline: 504, not a hang.
    let chat = ChatSettings { deadline: Duration::from_millis(500), ..ChatSettings::default() };
    let local = start(mock_router(&mock, None), chat).await;
    let (status, problem) = send(&local, json!({ "message": "Potassium? [mock:slow]" })).await;
    assert_eq!(status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(problem["code"], "deadline_exceeded");
}

/// Checks that an error a client receives says nothing of the upstream's internals: no URL,
/// host, port, path, header, nor anything the upstream itself said (the mock's error bodies say
/// "mock …"; its malformed answers carry `UPSTREAM_WORDS`). Those belong in the log.
fn assert_no_internals(what: &str, body: &Value) {
    let text = body.to_string().to_ascii_lowercase();
    for needle in [
        "127.0.0.1",
        "localhost",
        "http://",
        "https://",
        "url",
        "/v1/chat",
        "/v1/messages",
        "bearer",
        "x-api-key",
        "authorization",
        "mock",
        UPSTREAM_WORDS,
        "dropped",
        "error sending request",
        "error decoding",
        "invalid type",
        "expected a sequence",
    ] {
        assert!(!text.contains(needle), "{what}: the client was told `{needle}`: {body}");
    }
}

/// The message a client is shown: the problem's `detail`, or the `/v1` error member's `message`.
fn told(body: &Value) -> String {
    body["detail"].as_str().or(body["error"]["message"].as_str()).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn upstream_failures_name_the_provider_and_the_kind_never_internals() {
    // A Llama (OpenAI-compatible) server that refuses connections.
    let dead = provider("http://127.0.0.1:9/v1", "llama");
    let local = start(Router::new(None, None, Some(dead), None, quick_retries()), ChatSettings::default()).await;
    let completion = json!({ "model": "llama3.1:8b", "messages": [{ "role": "user", "content": "Potassium?" }] });
    let mut streamed_completion = completion.clone();
    streamed_completion["stream"] = json!(true);
    for (path, body) in [
        ("/api/chatbot", json!({ "message": "Potassium?", "provider": "llama" })),
        ("/api/chatbot", json!({ "message": "Potassium?", "provider": "llama", "stream": true })),
        ("/v1/chat/completions", completion),
        ("/v1/chat/completions", streamed_completion),
    ] {
        let (status, problem) = post(&local, path, KEY_A, body.clone()).await;
        let what = format!("{path} {body}");
        assert_eq!(status, StatusCode::BAD_GATEWAY, "{what}: {problem}");
        assert_eq!(problem["code"], "upstream_failed", "{what}: {problem}");
        let detail = told(&problem);
        assert!(detail.contains("llama") && detail.contains("connection refused"), "{what}: {detail}");
        assert_no_internals(&what, &problem);
    }

    // Upstreams that answer with an error status or with JSON of the wrong shape: the status or
    // "malformed reply" is named, what the upstream said is not.
    let mock = MockUpstream::start().await;
    let local = start(mock_router(&mock, None), ChatSettings::default()).await;
    for provider in ["openai", "anthropic", "llama"] {
        for (scenario, kind) in [("500", "HTTP 500"), ("400", "HTTP 400"), ("malformed", "malformed reply")] {
            let body = json!({ "message": format!("Potassium? [mock:{scenario}]"), "provider": provider });
            let (status, problem) = send(&local, body).await;
            let what = format!("{provider} {scenario}");
            assert_eq!(status, StatusCode::BAD_GATEWAY, "{what}: {problem}");
            let detail = told(&problem);
            assert!(detail.contains(provider) && detail.contains(kind), "{what}: {detail}");
            assert_no_internals(&what, &problem);
        }
        // A stream cut mid-answer: its error event names the provider and the kind only.
        let events =
            stream(&local, json!({ "message": "Again [mock:cut]", "provider": provider, "stream": true })).await;
        let (last, problem) = events.last().expect("events");
        assert_eq!(last, "error", "{provider}: {events:?}");
        assert!(told(problem).contains(provider), "{provider}: {problem}");
        assert_no_internals(&format!("{provider} cut"), problem);
    }
    // The same cut through /v1: the error object OpenAI SDKs raise.
    let body = json!({ "model": "gpt-4o-mini", "stream": true,
                       "messages": [{ "role": "user", "content": "Again [mock:cut]" }] });
    let text = v1_text(&local, &body).await;
    let error = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .find(|chunk| chunk.get("error").is_some())
        .unwrap_or_else(|| panic!("no error object in {text}"));
    assert!(told(&error).contains("openai"), "{error}");
    assert_no_internals("/v1 cut", &error);
}

#[tokio::test]
async fn a_monthly_budget_reserves_the_worst_case_and_refuses_with_402() {
    let mock = MockUpstream::start().await;
    // $0.001 a month. gpt-4o with maxTokens 50 may cost 50 x $10/M = $0.0005 plus its prompt.
    let chat = ChatSettings { monthly_budget: Some(100_000), ..ChatSettings::default() };
    let local = start(mock_router(&mock, None), chat).await;
    let ask = |max: u32| json!({ "message": "Potassium?", "model": "gpt-4o", "maxTokens": max });
    let (status, problem) = send(&local, ask(500)).await;
    assert_eq!(status, StatusCode::PAYMENT_REQUIRED, "the worst case ($0.005) exceeds the budget");
    assert_eq!(problem["code"], "budget_exhausted");

    // Each answer actually costs $0.0001625 (32 fresh, 10 cached, 7 out at gpt-4o's prices).
    let (status, reply) = send(&local, ask(50)).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["cost"], json!(0.0001625));
    let spend = &get_json(&local.url("/api/chatbot/conversations"), KEY_A).await["spend"];
    assert_eq!((spend["budget"].as_f64(), spend["remaining"].as_f64()), (Some(0.001), Some(0.0008375)));

    // A failed call releases its reservation: the remaining budget is unchanged.
    let (status, _) = send(&local, json!({ "message": "x [mock:500]", "model": "gpt-4o", "maxTokens": 50 })).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let spend = &get_json(&local.url("/api/chatbot/conversations"), KEY_A).await["spend"];
    assert_eq!(spend["remaining"].as_f64(), Some(0.0008375));

    // Spending on: the call whose worst case no longer fits is refused, and nothing overspends.
    let mut answered = 1;
    while send(&local, ask(50)).await.0 == StatusCode::OK {
        answered += 1;
        assert!(answered < 20, "the budget never ran out");
    }
    let spend = &get_json(&local.url("/api/chatbot/conversations"), KEY_A).await["spend"];
    assert!(spend["totalCost"].as_f64().is_some_and(|c| c <= 0.001), "{spend}");
    assert_eq!(spend["calls"].as_u64(), Some(answered), "a call that failed before answering cost nothing");
}

/// `local` on `stores` with a monthly budget (in USD units): what a redeployment with another
/// `CHAT_MONTHLY_BUDGET_USD` is, the tables staying as they are.
async fn start_on(stores: shared::wiring::stores::Stores, monthly_budget: Option<i64>) -> RunningLocal {
    let chat = ChatSettings { monthly_budget, ..ChatSettings::default() };
    let llm = Arc::new(Router::only(Arc::new(shared::adapters::offline_llm::OfflineLlm)));
    let options = local::Options { llm, chat, ..local::Options::default() };
    let keys = format!("clinic-a={KEY_A}");
    let (app, _) =
        local::App::assemble(GatewaySettings::default(), stores, local::Backend::Memory, Some(&keys), options)
            .await
            .expect("app");
    RunningLocal::start(app).await
}

#[tokio::test]
async fn a_retry_after_the_budget_was_raised_is_not_the_stored_402() {
    let stores = shared::wiring::stores::Stores::memory();
    let retry = |local: &RunningLocal| {
        reqwest::Client::new()
            .post(local.url("/api/chatbot"))
            .bearer_auth(KEY_A)
            .header("idempotency-key", "message-2026-12-05-1")
            .json(&json!({ "message": "Potassium 3.1 mmol/L. Is that low?" }))
            .send()
    };
    let spent = start_on(stores.clone(), Some(0)).await;
    let refused = retry(&spent).await.expect("response");
    assert_eq!(refused.status(), StatusCode::PAYMENT_REQUIRED);
    drop(spent);

    // The operator raises the budget; the client retries with the same key and body.
    let raised = start_on(stores, None).await;
    let answered = retry(&raised).await.expect("response");
    assert_eq!(answered.status(), StatusCode::OK, "the 402 was replayed after the budget was raised");
    assert!(!answered.headers().contains_key("idempotent-replayed"));
    let first: Value = answered.json().await.expect("reply");
    // The answer, once given, is what a further retry gets.
    let again = retry(&raised).await.expect("response");
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.json::<Value>().await.expect("reply")["messageId"], first["messageId"]);
}

#[tokio::test]
async fn history_is_the_newest_that_fits_and_optimization_shrinks_only_what_is_sent() {
    let mock = MockUpstream::start().await;
    let chat = ChatSettings { history_tokens: 40, system_prompt: String::new(), ..ChatSettings::default() };
    let local = start(mock_router(&mock, None), chat).await;
    let (_, first) = send(&local, json!({ "message": "Question one about the potassium value today." })).await;
    let id = first["conversationId"].as_str().expect("id").to_owned();
    for n in ["two", "three"] {
        send(
            &local,
            json!({ "message": format!("Question {n} about the potassium value today."), "conversationId": id }),
        )
        .await;
    }
    let (_, last) = send(&local, json!({ "message": "Final question.", "conversationId": id })).await;
    // Each turn is ~10 + ~9 tokens with overhead: 40 tokens hold the last question and answer only.
    assert_eq!(last["historyMessages"], 2, "{last}");
    let sent = mock.calls.last_request().expect("request");
    let contents: Vec<&str> =
        sent["messages"].as_array().expect("messages").iter().filter_map(|m| m["content"].as_str()).collect();
    assert_eq!(
        contents,
        ["Question three about the potassium value today.", ANSWER.concat().as_str(), "Final question."]
    );

    let note = "It is worth noting that, as previously discussed at some length, the patient denies chest pain. \
                Potassium 3.1 mmol/L L (3.5-5.1). Thank you very much for your kind referral of this pleasant patient.";
    let (status, reply) = send(&local, json!({ "message": note, "optimizeContext": "AGGRESSIVE" })).await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    let opt = &reply["optimization"];
    assert!(opt["optimizedTokens"].as_u64() < opt["originalTokens"].as_u64(), "{opt}");
    let sent = mock.calls.last_request().expect("request");
    let sent_text = sent["messages"][0]["content"].as_str().expect("text");
    assert!(
        sent_text.len() < note.len() && sent_text.contains("3.1 mmol/L") && sent_text.contains("denies chest pain")
    );
    let id = reply["conversationId"].as_str().expect("id");
    let stored = get_json(&local.url(&format!("/api/chatbot/conversations/{id}")), KEY_A).await;
    assert_eq!(stored["messages"][0]["content"], note, "the conversation keeps the message as written");
}

#[tokio::test]
async fn the_openai_compatible_routes_speak_openais_format_with_cost() {
    let mock = MockUpstream::start().await;
    let local = start(mock_router(&mock, None), ChatSettings::default()).await;
    let body = json!({ "model": "gpt-4o-mini", "messages": [{ "role": "user", "content": "Potassium?" }] });
    let (status, completion) = post(&local, "/v1/chat/completions", KEY_A, body.clone()).await;
    assert_eq!(status, StatusCode::OK, "{completion}");
    assert_eq!(completion["object"], "chat.completion");
    assert_eq!(completion["choices"][0]["message"]["content"], ANSWER.concat());
    assert_eq!(completion["choices"][0]["finish_reason"], "stop");
    assert_eq!(completion["usage"]["prompt_tokens_details"]["cached_tokens"], 10);
    assert_eq!(completion["usage"]["cost_usd"], json!(0.00000975));

    let mut streamed = body.clone();
    streamed["stream"] = json!(true);
    streamed["stream_options"] = json!({ "include_usage": true });
    let text = v1_text(&local, &streamed).await;
    let data: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
    assert_eq!(data.last(), Some(&"[DONE]"));
    let chunks: Vec<Value> = data[..data.len() - 1].iter().map(|d| serde_json::from_str(d).expect("chunk")).collect();
    let content: String = chunks.iter().filter_map(|c| c["choices"][0]["delta"]["content"].as_str()).collect();
    assert_eq!(content, ANSWER.concat());
    assert_eq!(chunks.last().expect("usage")["usage"]["completion_tokens"], 7);

    // Calls through /v1 count in the tenant's month, with no conversation kept.
    let list = get_json(&local.url("/api/chatbot/conversations"), KEY_A).await;
    assert_eq!((list["spend"]["calls"].as_u64(), list["conversations"].as_array().map(Vec::len)), (Some(2), Some(0)));

    let models = get_json(&local.url("/v1/models"), KEY_A).await;
    let ids: Vec<&str> = models["data"].as_array().expect("data").iter().filter_map(|m| m["id"].as_str()).collect();
    assert!(ids.contains(&"gpt-4o-mini") && ids.contains(&"claude-haiku-4-5") && ids.contains(&"llama3.1:8b"));
}

/// The model ids of the streamed chunks of a `/v1` completion, and whether it ended with `[DONE]`.
async fn streamed_models(local: &RunningLocal, model: &str) -> (Vec<String>, bool) {
    let body = json!({ "model": model, "stream": true, "messages": [{ "role": "user", "content": "Potassium?" }] });
    let resp = reqwest::Client::new()
        .post(local.url("/v1/chat/completions"))
        .bearer_auth(KEY_A)
        .json(&body)
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK, "{model}");
    let text = resp.text().await.expect("body");
    let data: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
    let models = data
        .iter()
        .filter_map(|d| serde_json::from_str::<Value>(d).ok())
        .filter_map(|c| c["model"].as_str().map(str::to_owned))
        .collect();
    (models, data.last() == Some(&"[DONE]"))
}

#[tokio::test]
async fn every_model_id_the_api_returns_it_accepts() {
    for (name, local) in [
        ("offline", offline().await),
        ("providers", start(mock_router(&MockUpstream::start().await, None), ChatSettings::default()).await),
    ] {
        let ask = |model: &str| json!({ "model": model, "messages": [{ "role": "user", "content": "Potassium?" }] });
        // The ids a client sees: in answers (JSON and streamed, both APIs) and in the model list.
        let mut seen = Vec::new();
        let (status, completion) = post(&local, "/v1/chat/completions", KEY_A, ask("gpt-4o-mini")).await;
        assert_eq!(status, StatusCode::OK, "{name}: {completion}");
        seen.extend(completion["model"].as_str().map(str::to_owned));
        seen.extend(streamed_models(&local, "gpt-4o-mini").await.0);
        let (_, reply) = send(&local, json!({ "message": "Potassium?" })).await;
        seen.extend(reply["model"].as_str().map(str::to_owned));
        let listed = get_json(&local.url("/v1/models"), KEY_A).await;
        let listed: Vec<String> = listed["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter_map(|m| m["id"].as_str().map(str::to_owned))
            .collect();
        for answered in &seen {
            assert!(listed.contains(answered), "{name}: {answered} answered but not in GET /v1/models {listed:?}");
        }
        seen.extend(listed);
        seen.sort();
        seen.dedup();
        for model in &seen {
            let (status, completion) = post(&local, "/v1/chat/completions", KEY_A, ask(model)).await;
            assert_eq!(status, StatusCode::OK, "{name}: /v1 refused {model}, an id it returned: {completion}");
            let (status, reply) = send(&local, json!({ "message": "Potassium?", "model": model })).await;
            assert_eq!(status, StatusCode::OK, "{name}: /api/chatbot refused {model}, an id it returned: {reply}");
        }
        let offline_id = shared::adapters::offline_llm::MODEL;
        if name == "offline" {
            let (models, done) = streamed_models(&local, offline_id).await;
            assert!(done && models.iter().all(|m| m == offline_id), "{models:?}");
        } else {
            // With providers configured, the offline model is neither listed nor accepted.
            assert!(!seen.iter().any(|m| m == offline_id), "{seen:?}");
            let (status, problem) = post(&local, "/v1/chat/completions", KEY_A, ask(offline_id)).await;
            assert_eq!((status, problem["errors"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("model")));
        }
    }
}

#[tokio::test]
async fn bad_requests_are_problems_that_name_the_field() {
    let local = offline().await;
    for (body, field) in [
        (json!({ "message": "" }), "message"),
        (json!({ "message": "hi", "provider": "mistral" }), "provider"),
        (json!({ "message": "hi", "model": "gpt-4o-audio-preview" }), "model"),
        (json!({ "message": "hi", "maxTokens": 2.5 }), "maxTokens"),
        (json!({ "message": "hi", "optimizeContext": "EXTREME" }), "optimizeContext"),
        (json!({ "message": "hi", "conversation": "x" }), "conversation"),
    ] {
        let (status, problem) = send(&local, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {problem}");
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
    }
    let (status, problem) = post(
        &local,
        "/v1/chat/completions",
        KEY_A,
        json!({ "model": "gpt-4o", "messages": [{ "role": "user", "content": "hi" }], "tools": [{ "type": "function" }] }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(problem["errors"][0]["field"], "tools");
}
