//! A task's recorded events, as JSON or as Server-Sent Events with a bounded wait.
//!
//! The SSE form is long polling in SSE clothing, so it works the same behind API Gateway (which
//! buffers a Lambda's answer) and in `local`: the answer holds every event after `Last-Event-ID`
//! as soon as there is at least one, or waits for one up to a bounded time, checking the store
//! every `poll`; then it ends and the client's `EventSource` reconnects with the last `id` it
//! saw. Once the task is final and its last event delivered, an `end` event tells the client to
//! stop reconnecting.

use std::time::{Duration, Instant};

use http::{header, HeaderValue, StatusCode};
use serde::Serialize;

use super::api::EventView;
use super::QueueService;
use crate::domain::tasks::{TaskEvent, TaskStatus};
use crate::domain::tenant::TenantId;
use crate::http::{ApiError, ApiResponse};

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

/// `GET /api/analysis-queue/{id}/events` as JSON.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = TaskEvents)]
pub struct TaskEventsView {
    pub task_id: String,
    pub status: TaskStatus,
    pub events: Vec<EventView>,
}

/// Where a reader resumes: `Last-Event-ID` (what `EventSource` sends on reconnecting) or the
/// `after` query parameter; 0 reads from the start. A number beyond any seq reads nothing new.
pub fn resume_after(last_event_id: Option<&str>, query: &str) -> Result<u64, ApiError> {
    let from_query = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "after").map(|(_, v)| v.into_owned());
    let (field, raw) = match (last_event_id, from_query) {
        (Some(header), _) => ("Last-Event-ID", header.trim().to_owned()),
        (None, Some(query)) => ("after", query.trim().to_owned()),
        (None, None) => return Ok(0),
    };
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ApiError::validation(field, "must be the id of an event this API sent (a whole number)"));
    }
    Ok(raw.parse().unwrap_or(u64::MAX))
}

impl QueueService {
    /// The task's events after `after`, as JSON.
    pub async fn events_json(&self, tenant: &TenantId, id: &str, after: u64) -> Result<TaskEventsView, ApiError> {
        let task = self.find(tenant, id).await?;
        let events =
            self.store.events(tenant, id, after).await.map_err(|e| ApiError::unavailable("the task store", &e))?;
        Ok(TaskEventsView {
            task_id: task.id,
            status: task.status,
            events: events.into_iter().map(EventView::from).collect(),
        })
    }

    /// The task's events after `after` as an SSE body, waiting up to `wait.max_wait` for one.
    pub async fn events_stream(
        &self,
        tenant: &TenantId,
        id: &str,
        after: u64,
        wait: EventWait,
    ) -> Result<ApiResponse, ApiError> {
        let started = Instant::now();
        loop {
            let task = self.find(tenant, id).await?;
            let events =
                self.store.events(tenant, id, after).await.map_err(|e| ApiError::unavailable("the task store", &e))?;
            let done = task.status.is_final();
            if !events.is_empty() || done || started.elapsed() + wait.poll > wait.max_wait {
                return Ok(sse_response(&events, done.then_some(task.status)));
            }
            tokio::time::sleep(wait.poll).await;
        }
    }
}

/// The SSE body: a reconnect hint, the events (`id` = seq, `event` = kind), then `end` when the
/// task is final, or a comment when nothing happened within the wait.
fn sse_response(events: &[TaskEvent], finished: Option<TaskStatus>) -> ApiResponse {
    let mut body = String::from("retry: 1000\n\n");
    for event in events {
        let view = EventView::from(event.clone());
        let data = serde_json::to_string(&view).unwrap_or_else(|_| "{}".to_owned());
        body.push_str(&format!("id: {}\nevent: {}\ndata: {data}\n\n", event.seq, event.kind.as_str()));
    }
    match finished {
        Some(status) => body.push_str(&format!("event: end\ndata: {{\"status\":\"{}\"}}\n\n", status.as_str())),
        None if events.is_empty() => body.push_str(": no new event yet; reconnect with Last-Event-ID\n\n"),
        None => {}
    }
    let mut response = ApiResponse::no_content();
    response.status = StatusCode::OK;
    response.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    response.body = body.into();
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_resume_from_last_event_id_or_after() {
        assert_eq!(resume_after(None, ""), Ok(0));
        assert_eq!(resume_after(Some("7"), "after=3"), Ok(7), "the header wins");
        assert_eq!(resume_after(None, "after=3"), Ok(3));
        assert!(matches!(resume_after(Some("seven"), ""), Err(ApiError::Validation(_))));
        assert_eq!(resume_after(None, "after=43054195031048667136"), Ok(u64::MAX), "beyond any seq");
        let Err(ApiError::Validation(errors)) = resume_after(None, "after=-1") else { panic!("refused") };
        assert_eq!(errors[0].field, "after");
    }
}
