//! Lambda glue: how each trigger's event reaches the application and how its result goes back.
//! One conversion point per trigger:
//!
//! | module | trigger | conversion |
//! |---|---|---|
//! | `http` | API Gateway HTTP API, Function URL (streaming) | event → `ApiRequest` → `Gateway` → `ApiResponse` → Lambda response (feature `lambda`) |
//! | `tasks` | Step Functions task, EventBridge schedule | state input → handler → state output, or the named error the ASL's Retry/Catch match (feature `lambda`) |
//! | `sqs` | SQS | records → worker deliveries → partial batch failures (feature `sqs`) |
//!
//! Settings and adapters are built in `wiring`, before any of these runs.

#[cfg(feature = "lambda")]
pub mod http;
#[cfg(feature = "sqs")]
pub mod sqs;
#[cfg(feature = "lambda")]
pub mod tasks;
