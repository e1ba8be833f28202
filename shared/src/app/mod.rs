//! The application layer: the product's use cases, one module per feature named as in `domain/`.
//! A use case takes typed inputs, calls the domain's rules and the ports, and answers with its
//! own error, [`AppError`]; it knows nothing of HTTP, SQS or Step Functions, so the HTTP
//! functions, the queue's worker and the state machine's tasks share it. `http` turns an
//! `AppError` into problem+json in one place.

pub mod budget;
#[cfg(feature = "tokenizer")]
pub mod chat;
mod error;
pub mod gpu_pool;
pub mod instances;
mod objects_only;
pub mod optimizer;
#[cfg(feature = "tokenizer")]
pub mod orchestration;
pub mod tasks;
pub mod tenant_data;
pub mod usage;

/// A listing's page request: how many, and after which cursor this API returned.
#[derive(Debug, PartialEq)]
pub struct PageQuery {
    pub limit: usize,
    /// A cursor this API returned (checked when the request was parsed).
    pub cursor: Option<String>,
}

pub use error::{array_for_object, field_error, AppError, Dependency, FieldError, StoreResultExt};
