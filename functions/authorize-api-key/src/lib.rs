//! The HTTP API's Lambda authorizer (payload format 2.0, simple responses).
//!
//! It runs `shared::http::authenticate` against the key table and always answers
//! `isAuthorized: true` with its verdict in the context: `tenantId` when the key is valid,
//! `authError` otherwise. The function behind the route turns a refusal into a 401 problem+json.
//! Refusing here instead would make API Gateway answer a bare 403 `{"message":"Forbidden"}`, which
//! breaks the API's error contract; the cost is one function invocation per refused request.

use std::collections::HashMap;

use aws_lambda_events::apigw::ApiGatewayV2CustomAuthorizerV2Request;
use serde::Serialize;
use serde_json::Value;
use shared::http::authenticate;
use shared::ports::ApiKeyStore;
use shared::runtime::http::{CONTEXT_AUTH_ERROR, CONTEXT_TENANT};

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SimpleResponse {
    pub is_authorized: bool,
    pub context: HashMap<&'static str, Value>,
}

pub async fn handle(store: &dyn ApiKeyStore, event: ApiGatewayV2CustomAuthorizerV2Request) -> SimpleResponse {
    let context = match authenticate(store, &event.headers).await {
        Ok(tenant) => HashMap::from([(CONTEXT_TENANT, Value::String(tenant.to_string()))]),
        Err(failure) => {
            tracing::info!(reason = failure.code(), "request not authenticated");
            HashMap::from([(CONTEXT_AUTH_ERROR, Value::String(failure.code().to_owned()))])
        }
    };
    SimpleResponse { is_authorized: true, context }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::adapters::memory::MemoryApiKeyStore;
    use shared::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};

    /// The key the fixtures carry: a test value, valid only in these tests.
    const FIXTURE_KEY: &str = "fixture-key-not-a-secret";

    async fn run(fixture: &str) -> SimpleResponse {
        let path = shared::test_util::workspace_file(fixture);
        let raw = std::fs::read_to_string(&path).expect("event fixture");
        let event: ApiGatewayV2CustomAuthorizerV2Request = serde_json::from_str(&raw).expect("valid authorizer event");
        let store = MemoryApiKeyStore::default();
        let record = ApiKeyRecord {
            hash: KeyHash::of(FIXTURE_KEY),
            tenant: TenantId::parse("acme-health").expect("valid"),
            label: "fixture".to_owned(),
            created_at_ms: 0,
            disabled: false,
        };
        store.put(&record).await.expect("seed");
        handle(&store, event).await
    }

    #[tokio::test]
    async fn a_valid_key_passes_its_tenant_to_the_function() {
        let response = run("events/authorize-api-key/valid-key.json").await;
        assert!(response.is_authorized);
        assert_eq!(response.context[CONTEXT_TENANT], "acme-health");
        assert!(!response.context.contains_key(CONTEXT_AUTH_ERROR));
    }

    #[tokio::test]
    async fn missing_and_unknown_keys_pass_a_refusal_and_no_tenant() {
        let missing = run("events/authorize-api-key/missing-key.json").await;
        assert_eq!(missing.context[CONTEXT_AUTH_ERROR], "missing_api_key");
        assert!(!missing.context.contains_key(CONTEXT_TENANT));
        let unknown = run("events/authorize-api-key/unknown-key.json").await;
        assert_eq!(unknown.context[CONTEXT_AUTH_ERROR], "invalid_api_key");
    }

    #[test]
    fn the_response_has_the_simple_response_shape() {
        let r = SimpleResponse { is_authorized: true, context: HashMap::from([(CONTEXT_TENANT, Value::from("t"))]) };
        assert_eq!(
            serde_json::to_value(&r).expect("json"),
            serde_json::json!({"isAuthorized": true, "context": {"tenantId": "t"}})
        );
    }
}
