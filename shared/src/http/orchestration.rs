//! An orchestration's HTTP answer: whole (JSON), or as Server-Sent Events while the steps run:
//! `step_started`, `step_finished` (with its duration), `heartbeat` every interval, then exactly
//! one `result` or `error` (a problem document with the `partial` result). When the client goes
//! away, the run is stopped.

use std::sync::Arc;

use http::{header, HeaderValue, StatusCode};
use serde_json::json;
use tokio::sync::mpsc;

use super::sse::{event, orchestration_events, problem_document};
use super::{ApiError, ApiResponse};
use crate::app::orchestration::{elapsed_ms, Failure, Orchestrator, Plan, Progress};
use crate::domain::orchestration::Route;

fn problem(failure: Failure, request_id: &str) -> ApiResponse {
    ApiError::from(failure.error).into_response_with(request_id, json!({ "partial": failure.partial }))
}

/// 200 with the answer, 202 with the queued task and its `Location`, or the problem with the
/// partial result (504 `deadline_exceeded` when the deadline passed).
pub async fn respond_json(orchestrator: &Orchestrator, plan: Plan, request_id: &str) -> ApiResponse {
    match orchestrator.run(plan, None).await {
        Ok(view) => {
            let queued = view.route == Some(Route::Queue);
            let location = view.task.as_ref().and_then(|t| HeaderValue::try_from(t.location.as_str()).ok());
            let mut response = ApiResponse::json(if queued { StatusCode::ACCEPTED } else { StatusCode::OK }, &view);
            if let Some(location) = location {
                response.headers.insert(header::LOCATION, location);
            }
            response
        }
        Err(failure) => problem(failure, request_id),
    }
}

/// The run as Server-Sent Events; the run stops if the client disconnects.
pub fn respond_stream(orchestrator: Arc<Orchestrator>, plan: Plan, request_id: String) -> ApiResponse {
    let heartbeat = orchestrator.heartbeat();
    let started = tokio::time::Instant::now();
    let (progress_tx, mut progress) = mpsc::channel(16);
    let (out, body) = mpsc::channel(16);
    let mut run = tokio::spawn(async move { orchestrator.run(plan, Some(progress_tx)).await });
    tokio::spawn(async move {
        let mut beat = tokio::time::interval_at(started + heartbeat, heartbeat);
        let frame = |p: Progress| match p {
            Progress::Started { step, elapsed_ms } => {
                event(orchestration_events::STEP_STARTED, &json!({ "step": step, "elapsedMs": elapsed_ms }))
            }
            Progress::Finished(view) => event(orchestration_events::STEP_FINISHED, &json!(view)),
        };
        loop {
            let chunk = tokio::select! {
                biased;
                // The client went away: stop the work (a model call is abandoned and its budget
                // reservation released; a task already queued stays queued).
                () = out.closed() => {
                    run.abort();
                    return;
                }
                Some(p) = progress.recv() => frame(p),
                finished = &mut run => {
                    // Progress sent before the end goes out first; then exactly one final event.
                    let mut rest = Vec::new();
                    while let Ok(p) = progress.try_recv() {
                        rest.push(frame(p));
                    }
                    rest.push(match finished {
                        Ok(Ok(view)) => event(orchestration_events::RESULT, &json!(view)),
                        Ok(Err(failure)) => {
                            let response = problem(failure, &request_id);
                            event(orchestration_events::ERROR, &serde_json::from_slice(&response.body).unwrap_or_default())
                        }
                        Err(_) => event(orchestration_events::ERROR, &problem_document(ApiError::Internal, &request_id)),
                    });
                    for chunk in rest {
                        let _ = out.send(chunk).await;
                    }
                    return;
                }
                _ = beat.tick() => event(orchestration_events::HEARTBEAT, &json!({ "elapsedMs": elapsed_ms(started.elapsed()) })),
            };
            if out.send(chunk).await.is_err() {
                run.abort();
                return;
            }
        }
    });
    ApiResponse::event_stream(body)
}
