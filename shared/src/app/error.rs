//! What a use case answers when it cannot do what was asked. One enum for every feature: the
//! variants are the outcomes a caller must tell apart (refuse, retry, report), not the features.
//! `http::problem` turns one into problem+json, in one place; a queue worker or a state machine
//! task maps it to its own outcome without any HTTP in between.

use serde::Serialize;

use super::objects_only::{ObjectsOnly, ARRAY_FOR_OBJECT};
use crate::domain::limits::LimitReached;
use crate::ports::StoreError;

/// One offending field of a request: `field` is a JSON path (`messages[2].content`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self { field: field.into(), message: message.into() }
    }
}

/// A serde data error as a field error: the JSON path of the offending field (a missing field is
/// named itself, not by its parent) and serde's message without its position suffix.
pub fn field_error(path: &str, message: &str) -> FieldError {
    let message = message.split(" at line ").next().unwrap_or(message).to_owned();
    // serde names a missing or repeated member in its message, at the path of the object that
    // holds it: the member is the field ("duplicate field `content`" is `content`, not the body).
    let named = ["missing field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| rest.split('`').next());
    let field = match (path, named) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        (parent, Some(name)) => format!("{parent}.{name}"),
        (parent, None) => parent.to_owned(),
    };
    FieldError::new(field, message)
}

/// A dependency a use case could not reach, named to the client as it reads here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dependency {
    TaskStore,
    TaskQueue,
    InstanceStore,
    GpuPoolStore,
    WorkflowService,
    ConversationStore,
    SpendStore,
    OptimizerStats,
    AuditTrail,
    TenantJobs,
    ExportFiles,
    UsageStore,
    RetentionStore,
}

impl std::fmt::Display for Dependency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::TaskStore => "the task store",
            Self::TaskQueue => "the task queue",
            Self::InstanceStore => "the instance store",
            Self::GpuPoolStore => "the GPU pool store",
            Self::WorkflowService => "the workflow service",
            Self::ConversationStore => "the conversation store",
            Self::SpendStore => "the spend store",
            Self::OptimizerStats => "optimizer stats",
            Self::AuditTrail => "the audit trail",
            Self::TenantJobs => "the tenant job store",
            Self::ExportFiles => "the export file store",
            Self::UsageStore => "the usage store",
            Self::RetentionStore => "the retention store",
        })
    }
}

/// Every way a use case can fail. The `String`s are the client's explanation (the problem's
/// `detail`): they never carry a cause from inside, which goes to the log where it happened.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AppError {
    /// No such thing for this tenant (another tenant's id included).
    #[error("{0}")]
    NotFound(String),
    /// The input is wrong; every offending field is named.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The thing is in a state that refuses the change, or kept changing under it.
    #[error("{0}")]
    Conflict(String),
    /// A dependency did not answer.
    #[error("{dependency} is temporarily unavailable")]
    Unavailable { dependency: Dependency },
    /// The work could not be done now and is worth retrying as it was sent.
    #[error("{0}")]
    TryAgain(String),
    /// The tenant's spending budget cannot cover the call.
    #[error("{0}")]
    BudgetExhausted(String),
    /// A model provider failed (after its retries and fallback); `provider` is named to the
    /// client, the cause chain only in the log.
    #[error("{provider}: {detail}")]
    Upstream { provider: String, detail: String },
    /// The deadline passed before the work was done.
    #[error("{0}")]
    DeadlineExceeded(String),
    /// One of the tenant's fairness limits (`domain::limits`) is reached: nothing was done.
    #[error("{0}")]
    LimitReached(LimitReached),
    /// A fault of ours, logged where it happened; the client learns nothing internal.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// A store that did not answer: the cause goes to the log, the caller learns only which.
    pub fn unavailable(dependency: Dependency, err: &StoreError) -> Self {
        tracing::error!(error = %err, "{dependency} unavailable");
        Self::Unavailable { dependency }
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    /// The stable machine-readable code (the problem document's `code`, and what a failed
    /// orchestration step records).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::Validation(_) => "validation_failed",
            Self::Conflict(_) => "conflict",
            Self::Unavailable { .. } | Self::TryAgain(_) => "service_unavailable",
            Self::BudgetExhausted(_) => "budget_exhausted",
            Self::Upstream { .. } => "upstream_failed",
            Self::DeadlineExceeded(_) => "deadline_exceeded",
            Self::LimitReached(_) => "tenant_limit_reached",
            Self::Internal => "internal_error",
        }
    }
}

/// `store_call().await.or_unavailable(Dependency::TaskStore)?`: a store's failure as the use
/// case answers it, logged once.
pub trait StoreResultExt<T> {
    fn or_unavailable(self, dependency: Dependency) -> Result<T, AppError>;
}

impl<T> StoreResultExt<T> for Result<T, StoreError> {
    fn or_unavailable(self, dependency: Dependency) -> Result<T, AppError> {
        self.map_err(|e| AppError::unavailable(dependency, &e))
    }
}

/// The path of the first array in `document` that stands where `T` wants an object (`""` for the
/// document itself). serde reads a struct from a sequence too, in field order, so such an array
/// may be read without error (`"document": ["text"]` as `{"text": "text"}`) or refused by its
/// element (`"document": [17]` at `document[0]`), and the client would be told nothing, or about
/// an element of a field that should not be an array at all. Read once more through
/// [`ObjectsOnly`], which refuses it where it stands.
pub fn array_for_object<T: serde::de::DeserializeOwned>(document: &serde_json::Value) -> Option<String> {
    match serde_path_to_error::deserialize::<_, T>(ObjectsOnly(document)) {
        Err(e) if e.inner().to_string() == ARRAY_FOR_OBJECT => {
            let path = e.path().to_string();
            Some(if path == "." { String::new() } else { path })
        }
        _ => None,
    }
}
