//! The context optimizer through `local`, the way a client calls it: one document, a batch, the
//! tenant's stats, and every kind of bad input answered with a problem naming the field.

use reqwest::StatusCode;
use serde_json::{json, Value};
use shared::http::GatewaySettings;
use tests::RunningLocal;

const KEYS: &str = "tenant-a=key-a-for-tests,tenant-b=key-b-for-tests";

async fn start(settings: GatewaySettings) -> RunningLocal {
    tests::start_memory(settings, KEYS, local::Options::default()).await.0
}

fn corpus_document(prefix: &str) -> Value {
    let dir = tests::repo_root().join("shared/tests/data/optimizer-corpus");
    let file = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .expect("corpus document");
    serde_json::from_str(&std::fs::read_to_string(file.path()).expect("readable")).expect("JSON")
}

async fn post(local: &RunningLocal, path: &str, key: &str, body: Value) -> (StatusCode, Value) {
    let resp =
        reqwest::Client::new().post(local.url(path)).bearer_auth(key).json(&body).send().await.expect("response");
    let status = resp.status();
    (status, resp.json().await.expect("JSON body"))
}

#[tokio::test]
async fn a_discharge_summary_is_optimized_and_counted_in_the_tenants_stats_only() {
    let local = start(GatewaySettings::default()).await;
    let doc = corpus_document("02-");
    let body = json!({"content": doc["content"], "contentType": doc["contentType"], "strategy": "CONSERVATIVE",
                      "preserveKeywords": ["ejection fraction"], "model": "claude-sonnet-4-5"});
    let (status, result) = post(&local, "/api/context-optimizer", "key-a-for-tests", body).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    let optimized = result["optimizedContent"].as_str().expect("text");
    for fact in doc["facts"].as_array().expect("facts") {
        assert!(optimized.contains(fact.as_str().expect("fact")), "lost {fact}");
    }
    assert_eq!(result["tokenizer"]["exact"], false, "Claude counts are labelled approximate");
    let reduction = result["reductionPercentage"].as_f64().expect("number");
    assert!(reduction > 5.0 && reduction < 60.0, "{reduction}");
    assert!(result["processingTimeMs"].is_number());

    let stats = tests::get_json(&local.url("/api/context-optimizer/stats"), "key-a-for-tests").await;
    assert_eq!(stats["optimizations"], 1);
    assert_eq!(stats["originalTokens"], result["originalTokens"]);
    let other = tests::get_json(&local.url("/api/context-optimizer/stats"), "key-b-for-tests").await;
    assert_eq!(other["optimizations"], 0, "tenant B sees none of tenant A's work");
}

#[tokio::test]
async fn a_batch_answers_in_order_with_a_summary() {
    let local = start(GatewaySettings::default()).await;
    let requests: Vec<Value> = ["01-", "14-", "31-", "20-"]
        .iter()
        .map(|p| {
            let d = corpus_document(p);
            json!({"content": d["content"], "contentType": d["contentType"]})
        })
        .chain([json!({"content": ""})])
        .collect();
    let (status, body) =
        post(&local, "/api/context-optimizer/batch", "key-a-for-tests", json!({ "requests": requests })).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let results = body["results"].as_array().expect("results");
    assert_eq!(results.len(), 5);
    assert!(results.iter().enumerate().all(|(i, r)| r["index"] == i));
    assert_eq!(results[1]["result"]["contentType"], "LAB_RESULTS");
    assert_eq!(results[4]["error"]["errors"][0]["field"], "requests[4].content");
    assert_eq!(body["summary"]["succeeded"], 4);
    assert_eq!(body["summary"]["failed"], 1);
    let weighted = body["summary"]["weightedReductionPercentage"].as_f64().expect("number");
    assert!(weighted > 0.0 && weighted < 100.0);
}

#[tokio::test]
async fn bad_input_is_a_problem_naming_the_field() {
    let local = start(GatewaySettings { max_body_bytes: 64 * 1024, ..GatewaySettings::default() }).await;
    let cases = [
        (json!({}), "content", "missing field"),
        (json!({"content": 42}), "content", "invalid type"),
        (json!({"content": "x", "contentType": "LAB_TABLE"}), "contentType", "LAB_RESULTS"),
        (json!({"content": "x", "strategy": "fast"}), "strategy", "MINIMAL"),
        (json!({"content": "x", "targetTokens": -5}), "targetTokens", "whole number"),
        (json!({"content": "x", "targetTokens": 1e12}), "targetTokens", "10000000"),
        (json!({"content": "x", "targetTokens": 2.5}), "targetTokens", "whole number"),
        (json!({"content": "x", "targetTokens": "many"}), "targetTokens", "invalid type"),
        (json!({"content": "x", "model": "mystery-9"}), "model", "unknown model"),
        (json!({"content": "x", "preserveKeywords": "aspirin"}), "preserveKeywords", "invalid type"),
        (json!({"content": "x", "colour": "blue"}), "colour", "unknown field"),
    ];
    for (body, field, words) in cases {
        let (status, problem) = post(&local, "/api/context-optimizer", "key-a-for-tests", body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {problem}");
        assert_eq!(problem["code"], "validation_failed");
        let error = &problem["errors"][0];
        assert_eq!(error["field"], field, "{body}: {problem}");
        assert!(error["message"].as_str().is_some_and(|m| m.contains(words)), "{body}: {problem}");
    }

    let too_many: Vec<Value> = (0..51).map(|_| json!({"content": "He denies chest pain."})).collect();
    let (status, problem) =
        post(&local, "/api/context-optimizer/batch", "key-a-for-tests", json!({"requests": too_many})).await;
    assert_eq!((status, problem["errors"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("requests")));

    let huge = json!({"content": "word ".repeat(20_000)});
    let (status, problem) = post(&local, "/api/context-optimizer", "key-a-for-tests", huge).await;
    assert_eq!((status, problem["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("payload_too_large")));

    let resp = reqwest::Client::new()
        .post(local.url("/api/context-optimizer"))
        .bearer_auth("key-a-for-tests")
        .header("content-type", "text/plain")
        .body("He denies chest pain.")
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let resp = reqwest::Client::new()
        .post(local.url("/api/context-optimizer"))
        .bearer_auth("key-a-for-tests")
        .header("content-type", "application/json")
        .body(vec![b'{', b'"', 0xff, 0xfe, b'"', b'}'])
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "invalid UTF-8 is malformed JSON, not a crash");
}

#[tokio::test]
async fn an_idempotent_retry_returns_the_first_answer_and_counts_once() {
    let local = start(GatewaySettings::default()).await;
    let client = reqwest::Client::new();
    let send = |body: Value| {
        client
            .post(local.url("/api/context-optimizer"))
            .bearer_auth("key-a-for-tests")
            .header("idempotency-key", "opt-1")
            .json(&body)
            .send()
    };
    let first = send(json!({"content": "He denies chest pain. It is worth noting that he is very tired."}))
        .await
        .expect("response");
    let first_body: Value = first.json().await.expect("JSON");
    let retry = send(json!({"content": "He denies chest pain. It is worth noting that he is very tired."}))
        .await
        .expect("response");
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.json::<Value>().await.expect("JSON"), first_body);
    let other = send(json!({"content": "Something else."})).await.expect("response");
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let stats = tests::get_json(&local.url("/api/context-optimizer/stats"), "key-a-for-tests").await;
    assert_eq!(stats["optimizations"], 1);
}
