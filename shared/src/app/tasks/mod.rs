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
use crate::domain::limits::{Limit, WaitingLimits};
use crate::domain::tasks::{Backoff, Priority};

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
/// | `TASK_ATTEMPT_SECONDS` | 270 | one attempt's time budget (below the worker's timeout): a task of several calls pauses and resumes after it |
/// | `QUEUE_WORKER_CONCURRENCY` | 2 | workers assumed by the estimated wait |
/// | `TENANT_MAX_WAITING_TASKS_URGENT` | 10 | most URGENT tasks one tenant may have waiting |
/// | `TENANT_MAX_WAITING_TASKS_HIGH` | 50 | … HIGH |
/// | `TENANT_MAX_WAITING_TASKS_NORMAL` | 200 | … NORMAL |
/// | `TENANT_MAX_WAITING_TASKS_LOW` | 500 | … LOW |
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueSettings {
    pub backoff: Backoff,
    pub lease: Duration,
    /// One attempt's time budget, below the consumer's timeout (and so below the lease).
    pub attempt_budget: Duration,
    pub workers: u32,
    /// Per-tenant fairness: a submission past its priority's limit is refused (429).
    pub waiting: WaitingLimits,
}

impl Default for QueueSettings {
    fn default() -> Self {
        Self {
            backoff: Backoff { base: Duration::from_secs(2), cap: Duration::from_secs(300) },
            lease: Duration::from_secs(360),
            attempt_budget: Duration::from_secs(270),
            workers: 2,
            waiting: WaitingLimits::default(),
        }
    }
}

impl QueueSettings {
    pub fn from_env(env: &mut EnvReader) -> Self {
        let d = Self::default();
        let base: f64 = env.parsed_or("RETRY_BASE_SECONDS", d.backoff.base.as_secs_f64());
        let cap: f64 = env.parsed_or("RETRY_CAP_SECONDS", d.backoff.cap.as_secs_f64());
        let lease: f64 = env.parsed_or("TASK_LEASE_SECONDS", d.lease.as_secs_f64());
        let attempt: f64 = env.parsed_or("TASK_ATTEMPT_SECONDS", d.attempt_budget.as_secs_f64());
        let workers: u32 = env.parsed_or("QUEUE_WORKER_CONCURRENCY", d.workers);
        let mut limit = |p: Priority| env.parsed_or(Limit::WaitingTasks(p).setting(), d.waiting.max(p));
        let waiting = WaitingLimits {
            urgent: limit(Priority::Urgent),
            high: limit(Priority::High),
            normal: limit(Priority::Normal),
            low: limit(Priority::Low),
        };
        // SQS holds a message back at most 12 hours, which bounds the longest wait.
        let valid = |s: f64| s.is_finite() && s > 0.0 && s <= 43_200.0;
        if !valid(base) || !valid(cap) || base > cap {
            env.problem("RETRY_BASE_SECONDS and RETRY_CAP_SECONDS must be in (0, 43200] with base ≤ cap");
        }
        if !valid(lease) {
            env.problem("TASK_LEASE_SECONDS must be in (0, 43200]");
        }
        if !valid(attempt) || attempt >= lease {
            env.problem("TASK_ATTEMPT_SECONDS must be in (0, 43200] and below TASK_LEASE_SECONDS");
        }
        if workers == 0 {
            env.problem("QUEUE_WORKER_CONCURRENCY must be at least 1");
        }
        let secs = |s: f64, default: Duration| if valid(s) { Duration::from_secs_f64(s) } else { default };
        Self {
            backoff: Backoff { base: secs(base, d.backoff.base), cap: secs(cap, d.backoff.cap) },
            lease: secs(lease, d.lease),
            attempt_budget: secs(attempt, d.attempt_budget),
            workers: workers.max(1),
            waiting,
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

    #[test]
    fn waiting_limits_are_read_per_priority_and_every_bad_one_is_named() {
        let mut env = EnvReader::from_fn(|n| match n {
            "TENANT_MAX_WAITING_TASKS_URGENT" => Some("3".to_owned()),
            "TENANT_MAX_WAITING_TASKS_LOW" => Some("0".to_owned()),
            _ => None,
        });
        let settings = QueueSettings::from_env(&mut env);
        assert!(env.finish().is_ok());
        let expected = WaitingLimits { urgent: 3, low: 0, ..WaitingLimits::default() };
        assert_eq!(settings.waiting, expected);
        let mut env = EnvReader::from_fn(|n| match n {
            "TENANT_MAX_WAITING_TASKS_HIGH" => Some("-1".to_owned()),
            "TENANT_MAX_WAITING_TASKS_NORMAL" => Some("lots".to_owned()),
            _ => None,
        });
        let _ = QueueSettings::from_env(&mut env);
        let problems = env.finish().expect_err("two bad limits").0;
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("TENANT_MAX_WAITING_TASKS_HIGH"), "{problems:?}");
        assert!(problems[1].starts_with("TENANT_MAX_WAITING_TASKS_NORMAL"), "{problems:?}");
    }
}
