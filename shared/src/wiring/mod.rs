//! Wiring: settings read from the environment and the adapters built from them, once per cold
//! start, before the runtime serves the first event.
//!
//! | module | what it builds |
//! |---|---|
//! | `settings` | the gateway's settings (rate policy, body limit, CORS, idempotency TTL) |
//! | `needs` | what a function declares it uses (`Needs` of `Store`s), and only those stores built from only their tables' variables (`DeclaredStores`, feature `dynamodb`) |
//! | `stores` | every store at once (memory, or DynamoDB from every table variable), for `local` and the tests |
//! | `http_env` | what an HTTP function starts with: gateway, stores, and the services of each kind of function (features `lambda`, `dynamodb`) |

#[cfg(all(feature = "lambda", feature = "dynamodb"))]
pub mod http_env;
pub mod needs;
pub mod settings;
pub mod stores;

/// Loads the AWS configuration once: region, credentials and endpoint (`AWS_ENDPOINT_URL`) from the
/// standard chain.
#[cfg(feature = "aws")]
pub async fn aws_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest()).load().await
}
