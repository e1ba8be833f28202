//! SQS adapters (feature `sqs`): one standard queue per priority, each with its own dead-letter
//! queue (declared in `template.yaml`).
//!
//! - `SqsTaskQueue` sends a task's message to its priority's queue;
//! - `SqsVisibility` holds a received message back for a wait (`ChangeMessageVisibility`), which
//!   is how the consumer schedules a retry's backoff without a second message.
//!
//! The client comes from the standard AWS configuration chain, so `AWS_ENDPOINT_URL` points it at
//! an emulator with no code change.

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_sqs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
pub use aws_sdk_sqs::Client;

use crate::config::EnvReader;
use crate::domain::tasks::Priority;
use crate::ports::{StoreError, TaskMessage, TaskQueue};

/// SQS holds a new message back at most 15 minutes...
pub const MAX_DELAY: Duration = Duration::from_secs(900);
/// ...and a received one at most 12 hours.
pub const MAX_VISIBILITY: Duration = Duration::from_secs(43_200);

pub fn client(config: &aws_config::SdkConfig) -> Client {
    Client::new(config)
}

/// The queue URL of each priority, URGENT first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueUrls(pub [String; 4]);

impl QueueUrls {
    /// `URGENT_QUEUE_URL`, `HIGH_QUEUE_URL`, `NORMAL_QUEUE_URL`, `LOW_QUEUE_URL`.
    pub fn from_env(env: &mut EnvReader) -> Self {
        Self(Priority::ALL.map(|p| env.required(&format!("{}_QUEUE_URL", p.as_str()))))
    }

    pub fn of(&self, priority: Priority) -> &str {
        &self.0[usize::from(priority.rank())]
    }

    /// The URL of the queue an event source ARN names (`arn:aws:sqs:<region>:<account>:<name>`):
    /// the one whose last path segment is that name.
    pub fn for_arn(&self, arn: &str) -> Option<&str> {
        let name = arn.rsplit(':').next()?;
        self.0.iter().map(String::as_str).find(|url| url.rsplit('/').next() == Some(name))
    }
}

fn queue_error<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let message = DisplayErrorContext(&err).to_string();
    match (&err, err.code()) {
        (_, Some("ThrottlingException" | "RequestThrottled" | "ServiceUnavailable" | "InternalError")) => {
            StoreError::Transient(message)
        }
        (SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_), _) => {
            StoreError::Transient(message)
        }
        _ => StoreError::Unavailable(message),
    }
}

pub struct SqsTaskQueue {
    client: Client,
    urls: QueueUrls,
}

impl SqsTaskQueue {
    pub fn new(client: Client, urls: QueueUrls) -> Self {
        Self { client, urls }
    }
}

#[async_trait]
impl TaskQueue for SqsTaskQueue {
    /// A delay above SQS's 15-minute maximum is cut to it: the worker checks the task's state on
    /// delivery, so an early delivery is harmless.
    async fn enqueue(&self, message: &TaskMessage, delay: Duration) -> Result<(), StoreError> {
        let body = serde_json::to_string(message).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        self.client
            .send_message()
            .queue_url(self.urls.of(message.priority))
            .message_body(body)
            .delay_seconds(delay.min(MAX_DELAY).as_secs() as i32)
            .send()
            .await
            .map_err(queue_error)?;
        Ok(())
    }
}

/// Sends export and erase jobs to their queue (`TENANT_JOBS_QUEUE_URL`), consumed by
/// `process-tenant-jobs`.
pub struct SqsTenantJobQueue {
    client: Client,
    url: String,
}

impl SqsTenantJobQueue {
    pub fn new(client: Client, url: impl Into<String>) -> Self {
        Self { client, url: url.into() }
    }
}

#[async_trait]
impl crate::ports::TenantJobQueue for SqsTenantJobQueue {
    async fn submit(&self, tenant: &crate::domain::tenant::TenantId, job_id: &str) -> Result<(), StoreError> {
        let message =
            crate::domain::tenant_data::jobs::JobMessage { tenant_id: tenant.clone(), job_id: job_id.to_owned() };
        let body = serde_json::to_string(&message).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        self.client.send_message().queue_url(&self.url).message_body(body).send().await.map_err(queue_error)?;
        Ok(())
    }
}

/// Holds received messages back: the consumer's retry schedule.
pub struct SqsVisibility {
    client: Client,
    urls: QueueUrls,
}

impl SqsVisibility {
    pub fn new(client: Client, urls: QueueUrls) -> Self {
        Self { client, urls }
    }
}

#[async_trait]
impl crate::ports::MessageVisibility for SqsVisibility {
    async fn hold(&self, queue_arn: &str, receipt_handle: &str, wait: Duration) -> Result<(), StoreError> {
        let url = self
            .urls
            .for_arn(queue_arn)
            .ok_or_else(|| StoreError::Unavailable(format!("no configured queue URL for {queue_arn}")))?;
        // Rounded up, so a wait of 1.5 s is never cut to 1 s.
        let seconds = wait.min(MAX_VISIBILITY).as_millis().div_ceil(1000) as i32;
        self.client
            .change_message_visibility()
            .queue_url(url)
            .receipt_handle(receipt_handle)
            .visibility_timeout(seconds)
            .send()
            .await
            .map_err(queue_error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_source_arn_finds_its_queue_url() {
        let urls = QueueUrls(["u", "h", "n", "l"].map(|p| format!("https://sqs.eu-west-1.amazonaws.com/123/app-{p}")));
        assert_eq!(
            urls.for_arn("arn:aws:sqs:eu-west-1:123:app-n"),
            Some("https://sqs.eu-west-1.amazonaws.com/123/app-n")
        );
        assert_eq!(urls.for_arn("arn:aws:sqs:eu-west-1:123:other"), None);
        assert_eq!(urls.of(Priority::Low), "https://sqs.eu-west-1.amazonaws.com/123/app-l");
    }
}
