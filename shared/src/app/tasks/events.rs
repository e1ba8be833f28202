//! A task's recorded events, at once or after a bounded wait for the next one; `http::sse`
//! renders the waited form as Server-Sent Events.
//!
//! The SSE form is long polling in SSE clothing, so it works the same behind API Gateway (which
//! buffers a Lambda's answer) and in `local`: the answer holds every event after `Last-Event-ID`
//! as soon as there is at least one, or waits for one up to a bounded time, checking the store
//! every `poll`; then it ends and the client's `EventSource` reconnects with the last `id` it
//! saw. Once the task is final and its last event delivered, an `end` event tells the client to
//! stop reconnecting.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::api::EventView;
use super::QueueService;
use crate::app::{AppError, Dependency, StoreResultExt};
use crate::domain::tasks::{TaskEvent, TaskStatus};
use crate::domain::tenant::TenantId;

/// How long one SSE answer may wait for a new event, and how often it looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EventWait {
    pub max_wait: Duration,
    pub poll: Duration,
}

impl EventWait {
    /// `EVENTS_MAX_WAIT_MS` (default 8000, at most 25000 behind API Gateway's 30 s).
    pub fn from_env(env: &mut crate::config::EnvReader) -> Self {
        let d = Self::default();
        let ms: u64 = env.parsed_or("EVENTS_MAX_WAIT_MS", d.max_wait.as_millis() as u64);
        if !(1..=25_000).contains(&ms) {
            env.problem("EVENTS_MAX_WAIT_MS must be from 1 to 25000");
        }
        Self { max_wait: Duration::from_millis(ms.clamp(1, 25_000)), ..d }
    }
}

impl Default for EventWait {
    /// 8 s: inside a 10 s function timeout with room to answer.
    fn default() -> Self {
        Self { max_wait: Duration::from_secs(8), poll: Duration::from_millis(250) }
    }
}

/// What a bounded wait found: the events after the reader's last, and the task's final status
/// once it is final (its last event is among these or was read before).
#[derive(Debug)]
pub struct WaitedEvents {
    pub events: Vec<TaskEvent>,
    pub finished: Option<TaskStatus>,
}

/// `GET /api/analysis-queue/{id}/events` as JSON.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TaskEvents)]
pub struct TaskEventsView {
    pub task_id: String,
    pub status: TaskStatus,
    pub events: Vec<EventView>,
}

impl QueueService {
    /// The task's events after `after`, as JSON.
    pub async fn events_json(&self, tenant: &TenantId, id: &str, after: u64) -> Result<TaskEventsView, AppError> {
        let task = self.find(tenant, id).await?;
        let events = self.store.events(tenant, id, after).await.or_unavailable(Dependency::TaskStore)?;
        Ok(TaskEventsView {
            task_id: task.id,
            status: task.status,
            events: events.into_iter().map(EventView::from).collect(),
        })
    }

    /// The task's events after `after`, waiting up to `wait.max_wait` for one (what an SSE
    /// answer holds).
    pub async fn events_waiting(
        &self,
        tenant: &TenantId,
        id: &str,
        after: u64,
        wait: EventWait,
    ) -> Result<WaitedEvents, AppError> {
        let started = Instant::now();
        loop {
            let task = self.find(tenant, id).await?;
            let events = self.store.events(tenant, id, after).await.or_unavailable(Dependency::TaskStore)?;
            let done = task.status.is_final();
            if !events.is_empty() || done || started.elapsed() + wait.poll > wait.max_wait {
                return Ok(WaitedEvents { events, finished: done.then_some(task.status) });
            }
            tokio::time::sleep(wait.poll).await;
        }
    }
}
