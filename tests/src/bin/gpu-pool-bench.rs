//! Benchmark: how long a GPU task waits for its machine, in `local` (memory stores, simulated
//! cloud whose pool machines serve OpenAI's chat completions on loopback ports), started in this
//! process on 127.0.0.1:
//!
//! - from zero: a pool with no machine, machines that boot in 0.5 s and configure in 0.5 s; one
//!   GPU task submitted; its `started` event's time minus its `createdAt` (the server's clock);
//!   the pool is deleted and set again between runs so every run scales from zero;
//! - a machine already READY: tasks submitted one at a time, each waited for before the next.
//!
//! Usage: `gpu-pool-bench [cold runs] [warm tasks]` (default 5 and 300).

use std::time::Duration;

use serde_json::{json, Value};
use shared::adapters::simulated_cloud::SimulationSettings;
use shared::http::GatewaySettings;

const KEY: &str = "bench-key-not-a-secret";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(rfc3339: &str) -> f64 {
    let t = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).expect("time");
    (t.unix_timestamp_nanos() / 1_000) as f64 / 1000.0
}

async fn call(client: &reqwest::Client, method: reqwest::Method, url: String, body: Option<Value>) -> Value {
    let mut request = client.request(method, url).bearer_auth(KEY);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("response");
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap_or(Value::Null)
}

/// Submits one GPU task, waits for it to finish; milliseconds from `createdAt` to its `started` event.
async fn one(client: &reqwest::Client, base: &str) -> f64 {
    let body = json!({ "type": "CHAT_RESPONSE", "compute": "GPU", "data": { "message": "Potassium 3.1 mmol/L." } });
    let task = call(client, reqwest::Method::POST, format!("{base}/api/analysis-queue"), Some(body)).await;
    let url = format!("{base}/api/analysis-queue/{}", task["id"].as_str().expect("id"));
    loop {
        let task = call(client, reqwest::Method::GET, url.clone(), None).await;
        if task["status"] == "COMPLETED" {
            let started = task["events"].as_array().expect("events").iter().find(|e| e["type"] == "started");
            let started = started.and_then(|e| e["at"].as_str()).expect("started");
            return ms(started) - ms(task["createdAt"].as_str().expect("createdAt"));
        }
        assert!(task["status"] != "FAILED", "{task}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let cold: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let warm: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(300);
    let options = local::Options {
        simulation: SimulationSettings {
            boot: Duration::from_millis(500),
            configure: Some(Duration::from_millis(500)),
        },
        lifecycle: shared::app::instances::LifecycleSettings {
            configure_poll: Duration::from_secs(1),
            minute: Duration::from_millis(200),
            ..Default::default()
        },
        ..local::Options::default()
    };
    // The polling reads must not be rate-limited: the bench measures the pool, not the limiter.
    let policy = shared::domain::rate_limit::RatePolicy::new(1_000_000.0, 1_000_000).expect("policy");
    let settings = GatewaySettings { rate_policy: policy, ..GatewaySettings::default() };
    let (local, _app) = tests::start_memory(settings, &format!("bench={KEY}"), options).await;
    let client = reqwest::Client::new();
    let base = local.base_url.clone();
    let pool = json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "model": "qwen2.5:7b",
                       "maxInstances": 1, "idleMinutes": 120 });
    let mut from_zero = Vec::new();
    for _ in 0..cold {
        call(&client, reqwest::Method::PUT, format!("{base}/api/gpu-pool"), Some(pool.clone())).await;
        from_zero.push(one(&client, &base).await);
        call(&client, reqwest::Method::DELETE, format!("{base}/api/gpu-pool"), None).await;
    }
    from_zero.sort_by(f64::total_cmp);
    println!(
        "from zero (boot 0.5 s + configure 0.5 s): min {:.0} ms, median {:.0} ms, max {:.0} ms ({cold} runs)",
        from_zero[0],
        percentile(&from_zero, 0.5),
        from_zero[from_zero.len() - 1]
    );
    call(&client, reqwest::Method::PUT, format!("{base}/api/gpu-pool"), Some(pool)).await;
    one(&client, &base).await; // the machine, READY from here on
    let mut ready = Vec::with_capacity(warm);
    for _ in 0..warm {
        ready.push(one(&client, &base).await);
    }
    ready.sort_by(f64::total_cmp);
    println!(
        "machine already READY: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({warm} tasks, one at a time)",
        percentile(&ready, 0.5),
        percentile(&ready, 0.99),
        ready[ready.len() - 1]
    );
}
