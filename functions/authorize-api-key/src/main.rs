//! Lambda entry point for the API key authorizer: wiring only.

use aws_lambda_events::apigw::ApiGatewayV2CustomAuthorizerV2Request;
use lambda_runtime::{service_fn, LambdaEvent};
use shared::config::EnvReader;
use shared::wiring::needs::{DeclaredStores, DeclaredTables, Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::ApiKeys]);

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    shared::telemetry::init();
    let mut env = EnvReader::new();
    let tables = DeclaredTables::from_env(&mut env, NEEDS);
    env.finish()?;
    let store = DeclaredStores::new(&shared::wiring::aws_config().await, tables).api_keys()?;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<ApiGatewayV2CustomAuthorizerV2Request>| {
        let store = store.clone();
        async move { Ok::<_, std::convert::Infallible>(authorize_api_key::handle(store.as_ref(), event.payload).await) }
    }))
    .await
}
