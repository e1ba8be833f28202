//! Tier 4: the same black-box checks against a deployed stack. Ignored by default; when
//! `AWS_SAM_STACK_NAME` is set, `scripts/test.sh` resolves the stack's `ApiUrl` output into
//! `API_URL` and runs them with `--ignored`. `DEPLOYED_API_KEY` is a key issued with
//! `local create-api-key` into the stack's key table.

use reqwest::StatusCode;
use serde_json::Value;

fn api(path: &str) -> String {
    let base = std::env::var("API_URL").expect("API_URL: run through scripts/test.sh with AWS_SAM_STACK_NAME set");
    format!("{}{path}", base.trim_end_matches('/'))
}

fn key() -> String {
    std::env::var("DEPLOYED_API_KEY").expect("DEPLOYED_API_KEY: a key issued into the stack's key table")
}

#[tokio::test]
#[ignore = "needs a deployed stack: set AWS_SAM_STACK_NAME and DEPLOYED_API_KEY"]
async fn the_deployed_stack_is_healthy_and_ready() {
    let resp = reqwest::get(api("/health")).await.expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.expect("JSON");
    assert_eq!(body["ready"], true, "{body}");
    assert!(body["dependencies"].as_array().is_some_and(|d| d.iter().all(|d| d["kind"] == "dynamodb-table")));
}

#[tokio::test]
#[ignore = "needs a deployed stack: set AWS_SAM_STACK_NAME and DEPLOYED_API_KEY"]
async fn the_authorizer_refuses_with_problem_json_and_admits_a_key() {
    let client = reqwest::Client::new();
    let refused = client.get(api("/api/tenant")).send().await.expect("response");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["content-type"], "application/problem+json");
    let admitted: Value = client
        .get(api("/api/tenant"))
        .header("x-api-key", key())
        .send()
        .await
        .expect("response")
        .json()
        .await
        .expect("JSON");
    assert!(admitted["tenantId"].is_string(), "{admitted}");
}

#[tokio::test]
#[ignore = "needs a deployed stack: set AWS_SAM_STACK_NAME and DEPLOYED_API_KEY"]
async fn the_deployed_optimizer_answers_with_exact_counts() {
    let body = serde_json::json!({"content": "It is worth noting that he denies chest pain. Potassium 3.1 mmol/L L."});
    let resp = reqwest::Client::new()
        .post(api("/api/context-optimizer"))
        .bearer_auth(key())
        .json(&body)
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let result: Value = resp.json().await.expect("JSON");
    assert_eq!(result["tokenizer"]["exact"], true);
    assert!(result["optimizedContent"].as_str().is_some_and(|c| c.contains("denies chest pain")));
}

#[tokio::test]
#[ignore = "needs a deployed stack: set AWS_SAM_STACK_NAME and DEPLOYED_API_KEY"]
async fn a_deployed_conversation_answers_with_its_cost_and_is_deleted_whole() {
    let client = reqwest::Client::new();
    let resp = client
        .post(api("/api/chatbot"))
        .bearer_auth(key())
        .json(&serde_json::json!({"message": "Potassium 3.1 mmol/L (L). Is that low?", "maxTokens": 100}))
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), StatusCode::OK);
    let reply: Value = resp.json().await.expect("JSON");
    assert!(reply["cost"].is_number() && reply["usage"]["promptTokens"].as_u64().is_some_and(|t| t > 0), "{reply}");
    let url = api(&format!("/api/chatbot/conversations/{}", reply["conversationId"].as_str().expect("id")));
    let conversation: Value =
        client.get(&url).bearer_auth(key()).send().await.expect("response").json().await.expect("JSON");
    assert_eq!(conversation["messageCount"], 2);
    let deleted = client.delete(&url).bearer_auth(key()).send().await.expect("response");
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let gone = client.get(&url).bearer_auth(key()).send().await.expect("response");
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
}
