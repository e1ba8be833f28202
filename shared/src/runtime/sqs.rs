//! The one conversion point of the SQS trigger (feature `sqs`): each record of a
//! batch becomes a worker delivery, and each outcome becomes "delete" (success) or a partial batch
//! failure (`ReportBatchItemFailures`), with the message held back for as long as the outcome says.
//!
//! | outcome | the message |
//! |---|---|
//! | done | deleted by Lambda |
//! | retry after a wait | held back for the wait, then redelivered |
//! | store unavailable | held back `delivery::STORE_RETRY`, then redelivered |
//! | unreadable body | made visible at once: after the queue's `maxReceiveCount` receives it moves to the dead-letter queue within seconds, never looping |

use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use tokio::task::JoinSet;

use super::delivery::redelivery;
use crate::app::tasks::Worker;
use crate::ports::{MessageVisibility, TaskMessage};

pub struct BatchConsumer {
    pub worker: Worker,
    pub visibility: Arc<dyn MessageVisibility>,
}

impl BatchConsumer {
    /// Runs the batch's records concurrently; the response lists the ones to redeliver.
    pub async fn process(self: &Arc<Self>, event: SqsEvent) -> SqsBatchResponse {
        let mut running = JoinSet::new();
        for record in event.records {
            let consumer = self.clone();
            running.spawn(async move { consumer.one(record).await });
        }
        let mut response = SqsBatchResponse::default();
        while let Some(joined) = running.join_next().await {
            match joined {
                Ok(Some(failed_id)) => response.add_failure(failed_id),
                Ok(None) => {}
                // Cannot happen with panic=abort; without it, the record's id is lost with the task,
                // so the message returns after its visibility timeout.
                Err(err) => tracing::error!(error = %err, "record task died"),
            }
        }
        response
    }

    /// Handles one record; returns its message id when it must be delivered again.
    async fn one(&self, record: SqsMessage) -> Option<String> {
        let id = record.message_id.clone().unwrap_or_default();
        let arn = record.event_source_arn.as_deref().unwrap_or_default();
        let handle = record.receipt_handle.as_deref().unwrap_or_default();
        let message_id = id.as_str();
        let hold = |wait: Duration| async move {
            if let Err(err) = self.visibility.hold(arn, handle, wait).await {
                // The message then returns after the queue's own visibility timeout instead.
                tracing::warn!(message_id, error = %err, "could not set the message's visibility");
            }
        };
        let message = match record.body.as_deref().map(serde_json::from_str::<TaskMessage>) {
            Some(Ok(message)) => message,
            _ => {
                tracing::error!(message_id = %id, "unreadable message: released at once towards the dead-letter queue");
                hold(Duration::ZERO).await;
                return Some(id);
            }
        };
        let wait = redelivery(self.worker.deliver(&message).await, &message.task_id)?;
        hold(wait).await;
        Some(id)
    }
}
