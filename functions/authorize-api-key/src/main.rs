//! Lambda entry point for the API key authorizer: wiring only.

use std::sync::Arc;

use aws_lambda_events::apigw::ApiGatewayV2CustomAuthorizerV2Request;
use lambda_runtime::{service_fn, LambdaEvent};
use shared::adapters::dynamodb::{self, DynamoApiKeyStore};
use shared::config::EnvReader;
use shared::ports::ApiKeyStore;

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    shared::telemetry::init();
    let mut env = EnvReader::new();
    let table = env.required("API_KEYS_TABLE");
    env.finish()?;
    let client = dynamodb::client(&shared::platform::aws_config().await);
    let store: Arc<dyn ApiKeyStore> = Arc::new(DynamoApiKeyStore::new(client, table));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<ApiGatewayV2CustomAuthorizerV2Request>| {
        let store = store.clone();
        async move { Ok::<_, std::convert::Infallible>(authorize_api_key::handle(store.as_ref(), event.payload).await) }
    }))
    .await
}
