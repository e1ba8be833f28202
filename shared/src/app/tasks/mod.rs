//! The analysis queue as the functions and workers use it. Validating and processing task data
//! needs the optimizer and its tokenizer (feature `tokenizer`); reading, listing, cancelling and
//! the worker's bookkeeping do not, so the functions that only do those link no token tables.
//!
//! - `service`: submit, read, list, cancel, progress and stats, every change a conditional write
//!   through `TaskStore`;
//! - `worker`: one delivery of a queue message → run an attempt, retry with backoff, or drop;
//! - `requeue`: the sweep that sends the tasks whose submitting request died before sending them;
//! - `processors`: what each task type does (optimizer, then the LLM provider port);
//! - `data` and `api`: task data per type and the API's request and response shapes.

pub mod api;
#[cfg(feature = "tokenizer")]
pub mod data;
pub mod events;
#[cfg(feature = "tokenizer")]
pub mod processors;
pub mod requeue;
pub mod service;
pub mod worker;

use std::time::Duration;

use crate::config::EnvReader;
use crate::domain::tasks::Backoff;

pub use requeue::{RequeueReport, RequeueSettings};
pub use service::QueueService;
pub use worker::{Delivery, Worker};

/// How the queue retries and estimates, from the environment:
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `RETRY_BASE_SECONDS` | 2 | backoff base: the first retry waits up to this |
/// | `RETRY_CAP_SECONDS` | 300 | longest backoff ceiling |
/// | `TASK_LEASE_SECONDS` | 360 | how long an attempt may run before a redelivery counts it dead (above the worker's timeout) |
/// | `QUEUE_WORKER_CONCURRENCY` | 2 | workers assumed by the estimated wait |
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueSettings {
    pub backoff: Backoff,
    pub lease: Duration,
    pub workers: u32,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            backoff: Backoff { base: Duration::from_secs(2), cap: Duration::from_secs(300) },
            lease: Duration::from_secs(360),
            workers: 2,
        }
    }
}

impl QueueSettings {
    pub fn from_env(env: &mut EnvReader) -> Self {
        let d = Self::default();
        let base: f64 = env.parsed_or("RETRY_BASE_SECONDS", d.backoff.base.as_secs_f64());
        let cap: f64 = env.parsed_or("RETRY_CAP_SECONDS", d.backoff.cap.as_secs_f64());
        let lease: f64 = env.parsed_or("TASK_LEASE_SECONDS", d.lease.as_secs_f64());
        let workers: u32 = env.parsed_or("QUEUE_WORKER_CONCURRENCY", d.workers);
        // SQS holds a message back at most 12 hours, which bounds the longest wait.
        let valid = |s: f64| s.is_finite() && s > 0.0 && s <= 43_200.0;
        if !valid(base) || !valid(cap) || base > cap {
            env.problem("RETRY_BASE_SECONDS and RETRY_CAP_SECONDS must be in (0, 43200] with base ≤ cap");
        }
        if !valid(lease) {
            env.problem("TASK_LEASE_SECONDS must be in (0, 43200]");
        }
        if workers == 0 {
            env.problem("QUEUE_WORKER_CONCURRENCY must be at least 1");
        }
        let secs = |s: f64, default: Duration| if valid(s) { Duration::from_secs_f64(s) } else { default };
        Self {
            backoff: Backoff { base: secs(base, d.backoff.base), cap: secs(cap, d.backoff.cap) },
            lease: secs(lease, d.lease),
            workers: workers.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_refuse_a_base_above_the_cap() {
        let mut env = EnvReader::from_fn(|n| match n {
            "RETRY_BASE_SECONDS" => Some("10".to_owned()),
            "RETRY_CAP_SECONDS" => Some("5".to_owned()),
            _ => None,
        });
        let _ = QueueSettings::from_env(&mut env);
        assert!(env.finish().is_err());
        let mut env = EnvReader::from_fn(|_| None);
        assert_eq!(QueueSettings::from_env(&mut env), QueueSettings::default());
        assert!(env.finish().is_ok());
    }
}
