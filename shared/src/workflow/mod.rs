//! Step Functions glue: the named errors task functions fail with (the ASL's Retry and Catch list
//! them literally), and an interpreter of the ASL subset the project's state machines use
//! (`asl`), which `local` and the tests run the deployed definitions with.

pub mod asl;

/// A task's failure as Step Functions sees it: `error` is the name Retry/Catch match
/// (`Instance.Transient`), `cause` a human-readable explanation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct TaskError {
    pub error: String,
    pub cause: String,
}

impl TaskError {
    pub fn new(error: &str, cause: impl Into<String>) -> Self {
        Self { error: error.to_owned(), cause: cause.into() }
    }
}

/// The one conversion of a lifecycle step's failure into the Step Functions error its state
/// machine's Retry and Catch match, deployed (`runtime::tasks`) and in-process (`asl`) alike.
impl From<crate::app::instances::LifecycleError> for TaskError {
    fn from(err: crate::app::instances::LifecycleError) -> Self {
        Self { error: err.kind.name().to_owned(), cause: err.cause }
    }
}
