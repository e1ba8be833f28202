//! Benchmark: what the chatbot adds over calling the model's server directly.
//!
//! Starts the mock OpenAI upstream (`tests::mock_llm`) and `local` wired to it (memory stores),
//! in this process on 127.0.0.1, then times, one request at a time:
//! - a completion straight from the mock, and the same through `POST /api/chatbot` (a new
//!   conversation each time: validation, token counting, history read, the call, cost, the
//!   conversation write) and through `POST /v1/chat/completions`;
//! - time to the first streamed text: straight from the mock, and through `/api/chatbot`;
//! - `POST /api/orchestrate` (answered): its time beyond the steps it reports (request, validation,
//!   bookkeeping, response), and the time to the first event of its stream;
//! - `POST /api/instances`: validate, record, start the lifecycle (which then runs on the simulated
//!   cloud in the background).
//!
//! The overhead is the difference of the percentiles. Usage: `chat-overhead [requests]`.

use std::sync::Arc;
use std::time::Instant;

use serde_json::json;
use tests::mock_llm::MockUpstream;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn summary(name: &str, mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let (p50, p99) = (percentile(&ms, 0.50), percentile(&ms, 0.99));
    println!("{name:<48} p50 {p50:>7.3} ms   p99 {p99:>7.3} ms   ({} requests)", ms.len());
    (p50, p99)
}

async fn time<F, Fut>(n: usize, f: F) -> Vec<f64>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    for _ in 0..20 {
        f().await; // warm-up: connections, tokenizer tables, allocator
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let started = Instant::now();
        f().await;
        out.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    out
}

/// POST `body` to a route of `local` with the bench key; the answer must be a success.
async fn post_ok(client: &reqwest::Client, url: String, body: &serde_json::Value) {
    let response = client.post(url).bearer_auth("bench-key-not-a-secret").json(body).send().await.expect("response");
    assert!(response.status().is_success(), "{}", response.status());
    response.bytes().await.expect("body");
}

/// Milliseconds until the body's first chunk holding `marker`.
async fn first_text(request: reqwest::RequestBuilder, marker: &str) -> f64 {
    let started = Instant::now();
    let mut response = request.send().await.expect("response");
    let mut seen = String::new();
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        if seen.contains(marker) {
            let at = started.elapsed().as_secs_f64() * 1000.0;
            while response.chunk().await.ok().flatten().is_some() {}
            return at;
        }
    }
    panic!("no {marker:?} in the stream: {seen}");
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(500);
    let mock = MockUpstream::start().await;
    let router = mock.openai_router();
    let settings = shared::http::GatewaySettings {
        rate_policy: shared::domain::rate_limit::RatePolicy::new(1e9, 1_000_000_000).expect("policy"),
        ..shared::http::GatewaySettings::default()
    };
    let options = local::Options { llm: Arc::new(router), ..local::Options::default() };
    let (local, _) = tests::start_memory(settings, "bench=bench-key-not-a-secret", options).await;
    let client = reqwest::Client::new();
    let question = "Potassium 3.1 mmol/L (L), sodium 139 mmol/L, creatinine 1.4 mg/dL (H). Which values are abnormal?";

    let direct_body = json!({ "model": "gpt-4o-mini", "messages": [{ "role": "user", "content": question }] });
    let direct = time(n, || async {
        let r = client
            .post(format!("{}/chat/completions", mock.openai_base()))
            .bearer_auth("k")
            .json(&direct_body)
            .send()
            .await;
        r.expect("response").bytes().await.expect("body");
    })
    .await;
    let chat_body = json!({ "message": question });
    let chatbot = time(n, || post_ok(&client, local.url("/api/chatbot"), &chat_body)).await;
    let compat = time(n, || post_ok(&client, local.url("/v1/chat/completions"), &direct_body)).await;

    println!("== whole answers, one request at a time");
    let (d50, d99) = summary("mock upstream, directly", direct);
    let (c50, c99) = summary("POST /api/chatbot (new conversation)", chatbot);
    let (o50, o99) = summary("POST /v1/chat/completions", compat);
    println!("overhead of /api/chatbot:            p50 {:.3} ms, p99 {:.3} ms", c50 - d50, c99 - d99);
    println!("overhead of /v1/chat/completions:    p50 {:.3} ms, p99 {:.3} ms", o50 - d50, o99 - d99);

    let streams = n.min(200);
    let mut direct_stream = direct_body.clone();
    direct_stream["stream"] = json!(true);
    let mut direct_ttft = Vec::new();
    let mut chatbot_ttfb = Vec::new();
    let mut chatbot_ttft = Vec::new();
    for _ in 0..streams {
        let request =
            client.post(format!("{}/chat/completions", mock.openai_base())).bearer_auth("k").json(&direct_stream);
        direct_ttft.push(first_text(request, "Potassium").await);
        let request = || {
            client
                .post(local.url("/api/chatbot"))
                .bearer_auth("bench-key-not-a-secret")
                .header("accept", "text/event-stream")
                .json(&json!({ "message": question, "stream": true }))
        };
        chatbot_ttfb.push(first_text(request(), "event: start").await);
        chatbot_ttft.push(first_text(request(), "event: delta").await);
    }
    println!("== streams (the mock waits 5 ms before each event)");
    let (s50, s99) = summary("mock upstream, first text", direct_ttft);
    summary("POST /api/chatbot, first byte (start event)", chatbot_ttfb);
    let (t50, t99) = summary("POST /api/chatbot, first text (delta event)", chatbot_ttft);
    println!("overhead to the first text:          p50 {:.3} ms, p99 {:.3} ms", t50 - s50, t99 - s99);

    let body =
        json!({ "query": "Which value is low?", "documents": [{ "content": question, "contentType": "LAB_RESULTS" }] });
    let mut beyond_steps = Vec::with_capacity(n);
    for i in 0..n + 20 {
        let started = Instant::now();
        let resp =
            client.post(local.url("/api/orchestrate")).bearer_auth("bench-key-not-a-secret").json(&body).send().await;
        let view: serde_json::Value = resp.expect("response").json().await.expect("JSON");
        let total = started.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(view["route"], "ANSWER", "{view}");
        let steps: f64 = view["steps"].as_array().expect("steps").iter().filter_map(|s| s["durationMs"].as_f64()).sum();
        if i >= 20 {
            beyond_steps.push(total - steps);
        }
    }
    let mut first_event = Vec::with_capacity(streams);
    for _ in 0..streams {
        let request = client
            .post(local.url("/api/orchestrate"))
            .bearer_auth("bench-key-not-a-secret")
            .header("accept", "text/event-stream")
            .json(&body);
        first_event.push(first_text(request, "event: step_started").await);
    }
    println!("== orchestration (optimize, classify, answer from the mock)");
    summary("POST /api/orchestrate, time beyond its steps", beyond_steps);
    summary("POST /api/orchestrate streamed, first event", first_event);

    let instance = json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1",
                           "diskSizeGB": 100, "autoTerminateMinutes": 5 });
    let created = time(n, || post_ok(&client, local.url("/api/instances"), &instance)).await;
    println!("== GPU instances (simulated cloud)");
    summary("POST /api/instances (202, lifecycle started)", created);
}
