//! Server-Sent Events: the one place where the typed events of a use case become a
//! `text/event-stream` body, for the chatbot's answer, a task's events and an orchestration's
//! steps (`orchestration`), and the problem document that ends a broken stream.

use bytes::Bytes;
use http::{header, HeaderValue, StatusCode};
use serde_json::json;

use super::{ApiError, ApiResponse};
use crate::app::tasks::api::EventView;
use crate::app::tasks::events::WaitedEvents;

/// The event names of `/api/chatbot`'s stream, as sent and as the OpenAPI document lists them.
pub mod chat_events {
    pub const START: &str = "start";
    pub const DELTA: &str = "delta";
    pub const DONE: &str = "done";
    pub const ERROR: &str = "error";
    pub const ALL: &[&str] = &[START, DELTA, DONE, ERROR];
}

/// The event names of `/api/orchestrate`'s stream, as sent and as the OpenAPI document lists them.
pub mod orchestration_events {
    pub const STEP_STARTED: &str = "step_started";
    pub const STEP_FINISHED: &str = "step_finished";
    pub const HEARTBEAT: &str = "heartbeat";
    pub const RESULT: &str = "result";
    pub const ERROR: &str = "error";
    pub const ALL: &[&str] = &[STEP_STARTED, STEP_FINISHED, HEARTBEAT, RESULT, ERROR];
}

/// One event: its name and its JSON data.
pub fn event(name: &str, data: &serde_json::Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// The problem document of an error that ends a stream (the status line was sent long before).
pub fn problem_document(error: ApiError, request_id: &str) -> serde_json::Value {
    serde_json::from_slice(&error.into_response(request_id).body).unwrap_or_default()
}

/// `/api/chatbot`'s Server-Sent Events: `start` with the conversation id, a `delta` per piece
/// of text, then exactly one `done` (the same reply the JSON answer has) or `error` (a problem
/// document with `incomplete: true`, and the part of the answer that was stored, if any).
#[cfg(feature = "tokenizer")]
pub fn message_stream(
    conversation_id: String,
    request_id: String,
    mut events: tokio::sync::mpsc::Receiver<crate::app::chat::ChatEvent>,
) -> ApiResponse {
    use crate::app::chat::ChatEvent;
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    tokio::spawn(async move {
        let _ = tx.send(event(chat_events::START, &json!({ "conversationId": conversation_id }))).await;
        while let Some(next) = events.recv().await {
            let chunk = match next {
                ChatEvent::Delta(text) => event(chat_events::DELTA, &json!({ "content": text })),
                ChatEvent::Done(outcome) => event(chat_events::DONE, &json!(outcome.view())),
                ChatEvent::Failed { error, partial } => {
                    let mut problem = problem_document(error.into(), &request_id);
                    problem["incomplete"] = json!(true);
                    if let Some(partial) = partial {
                        problem["partial"] = json!(partial.view());
                    }
                    event(chat_events::ERROR, &problem)
                }
            };
            // A client that left stops reading; the events are still drained to their end.
            let _ = tx.send(chunk).await;
        }
    });
    ApiResponse::event_stream(rx)
}

/// Where a task's event reader resumes: `Last-Event-ID` (what `EventSource` sends on
/// reconnecting) or the `after` query parameter; 0 reads from the start. A number beyond any seq
/// reads nothing new.
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

/// A task's events as one SSE answer: a reconnect hint, the events (`id` = seq, `event` = kind),
/// then `end` when the task is final, or a comment when nothing happened within the wait.
pub fn task_events(waited: &WaitedEvents) -> ApiResponse {
    let mut body = String::from("retry: 1000\n\n");
    for e in &waited.events {
        let data = serde_json::to_string(&EventView::from(e.clone())).unwrap_or_else(|_| "{}".to_owned());
        body.push_str(&format!("id: {}\nevent: {}\ndata: {data}\n\n", e.seq, e.kind.as_str()));
    }
    match waited.finished {
        Some(status) => body.push_str(&String::from_utf8_lossy(&event("end", &json!({ "status": status.as_str() })))),
        None if waited.events.is_empty() => body.push_str(": no new event yet; reconnect with Last-Event-ID\n\n"),
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
