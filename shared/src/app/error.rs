//! What a use case answers when it cannot do what was asked. One enum for every feature: the
//! variants are the outcomes a caller must tell apart (refuse, retry, report), not the features.
//! `http::problem` turns one into problem+json, in one place; a queue worker or a state machine
//! task maps it to its own outcome without any HTTP in between.

use serde::Serialize;

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

/// The path of an array that stands where `T` wants an object, when `path` (where deserializing
/// `document` into `T` failed) runs through one: serde reads a struct from a sequence too, so
/// `"document": [17]` fails at `document[0]` against the struct's first field, and the client
/// would be told about an element of a field that should not be an array at all. Found by
/// putting an empty object in the array's place: if `T` then fails deeper inside it (a missing
/// member) or not at all, an object belongs there. One more deserialization, only on an error.
pub fn array_for_object<T: serde::de::DeserializeOwned>(
    document: &serde_json::Value,
    path: &serde_path_to_error::Path,
) -> Option<String> {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    // The deepest array on the path, entered by an index.
    let at = (0..segments.len()).rev().find(|&k| {
        matches!(segments[k], Segment::Seq { .. }) && value_at(document, &segments[..k]).is_some_and(|v| v.is_array())
    })?;
    let prefix = &segments[..at];
    let mut probe = document.clone();
    *value_at_mut(&mut probe, prefix)? = serde_json::Value::Object(serde_json::Map::new());
    let object = match serde_path_to_error::deserialize::<_, T>(probe) {
        Ok(_) => true,
        Err(e) => {
            let depth = e.path().iter().count();
            let within = e.path().iter().zip(prefix).all(|(a, b)| same(a, b));
            // serde names a missing member at the path of the object that lacks it.
            within
                && (depth > prefix.len()
                    || (depth == prefix.len() && e.inner().to_string().starts_with("missing field")))
        }
    };
    object.then(|| render(prefix))
}

fn same(a: &serde_path_to_error::Segment, b: &serde_path_to_error::Segment) -> bool {
    use serde_path_to_error::Segment;
    match (a, b) {
        (Segment::Seq { index: x }, Segment::Seq { index: y }) => x == y,
        (Segment::Map { key: x }, Segment::Map { key: y }) => x == y,
        _ => false,
    }
}

fn value_at<'a>(
    value: &'a serde_json::Value,
    segments: &[&serde_path_to_error::Segment],
) -> Option<&'a serde_json::Value> {
    use serde_path_to_error::Segment;
    segments.iter().try_fold(value, |v, s| match s {
        Segment::Seq { index } => v.get(*index),
        Segment::Map { key } => v.get(key.as_str()),
        _ => None,
    })
}

fn value_at_mut<'a>(
    value: &'a mut serde_json::Value,
    segments: &[&serde_path_to_error::Segment],
) -> Option<&'a mut serde_json::Value> {
    use serde_path_to_error::Segment;
    segments.iter().try_fold(value, |v, s| match s {
        Segment::Seq { index } => v.get_mut(*index),
        Segment::Map { key } => v.get_mut(key.as_str()),
        _ => None,
    })
}

/// A path as the API names fields: `items[2].document`.
fn render(segments: &[&serde_path_to_error::Segment]) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for s in segments {
        match s {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } if out.is_empty() => out.push_str(key),
            Segment::Map { key } => {
                out.push('.');
                out.push_str(key);
            }
            _ => {}
        }
    }
    out
}
