//! Lambda glue: how each trigger's event reaches the application and how its result goes back.
//! One conversion point per trigger:
//!
//! | module | trigger | conversion |
//! |---|---|---|
//! | `http` | API Gateway HTTP API, Function URL (streaming) | event → `ApiRequest` → `Gateway` → `ApiResponse` → Lambda response (feature `lambda`) |
//! | `tasks` | Step Functions task, EventBridge schedule | state input → handler → state output, or the named error the ASL's Retry/Catch match (feature `lambda`) |
//! | `sqs` | SQS | records → worker deliveries → partial batch failures (feature `sqs`) |
//! | `delivery` | SQS and `local`'s queue | a delivery's outcome (or `AppError`) → the message deleted or held back |
//!
//! Settings and adapters are built in `wiring`, before any of these runs.

pub mod delivery;
#[cfg(feature = "lambda")]
pub mod http;
#[cfg(feature = "sqs")]
pub mod sqs;
#[cfg(feature = "lambda")]
pub mod tasks;
