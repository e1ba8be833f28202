//! The one conversion of a queue delivery's outcome into what happens to its message: deleted, or
//! held back and delivered again after a wait. SQS (`runtime::sqs`) and `local`'s in-process
//! queue both ask here, so the two agree.

use std::time::Duration;

use crate::app::tasks::Delivery;
use crate::app::AppError;

/// How long a message waits when a store did not answer.
pub const STORE_RETRY: Duration = Duration::from_secs(10);

/// When the message of task `task_id` comes back: `None` deletes it (done), `Some(wait)` holds it
/// back for `wait`. A failure of the worker's own stores is never the task's fault: its message
/// waits `STORE_RETRY` and is delivered again, using none of the task's retries.
pub fn redelivery(outcome: Result<Delivery, AppError>, task_id: &str) -> Option<Duration> {
    match outcome {
        Ok(Delivery::Done) => None,
        Ok(Delivery::RetryAfter(wait)) => Some(wait),
        Err(err) => {
            tracing::error!(task_id, error = %err, "delivery stopped by an unavailable store; delivered again later");
            Some(STORE_RETRY)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Dependency;

    #[test]
    fn done_deletes_a_wait_holds_back_and_a_store_failure_waits_store_retry() {
        assert_eq!(redelivery(Ok(Delivery::Done), "t"), None);
        assert_eq!(redelivery(Ok(Delivery::RetryAfter(Duration::from_secs(3))), "t"), Some(Duration::from_secs(3)));
        let unavailable = AppError::Unavailable { dependency: Dependency::TaskStore };
        assert_eq!(redelivery(Err(unavailable), "t"), Some(STORE_RETRY));
    }
}
