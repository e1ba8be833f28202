//! The streaming task: relays the model's text as it comes, finishes the call even when the
//! client has gone (it is being paid for), and ends with exactly one `Done` or `Failed`.

use std::sync::Arc;

use tokio::sync::mpsc;

use super::record::Completeness;
use super::{upstream_error, Call, ChatEvent, ChatService};
use crate::app::AppError;
use crate::ports::{LlmError, LlmProvider, StreamPart};

impl ChatService {
    /// Starts the call and streams it. Errors before the first part are returned (a problem
    /// response); later ones end the stream with `ChatEvent::Failed`.
    pub async fn run_streaming(self: &Arc<Self>, call: Call) -> Result<mpsc::Receiver<ChatEvent>, AppError> {
        let cut_at = self.settings.stream_limit.map(|limit| tokio::time::Instant::now() + limit);
        let mut upstream = match self.llm.with_deadline(self.settings.deadline).stream(&call.request).await {
            Ok(upstream) => upstream,
            Err(err) => return Err(self.abandon(&call, err).await),
        };
        let (tx, rx) = mpsc::channel(64);
        let service = self.clone();
        tokio::spawn(async move {
            let mut text = String::new();
            let ended = loop {
                let next = match cut_at {
                    Some(at) => tokio::time::timeout_at(at, upstream.recv()).await,
                    None => Ok(upstream.recv().await),
                };
                let Ok(next) = next else {
                    break Err(LlmError::Timeout("the answer was still running at the stream's time limit".to_owned()));
                };
                match next {
                    Some(Ok(StreamPart::Delta(delta))) => {
                        text.push_str(&delta);
                        // A client that went away stops receiving; the call still runs to its end.
                        let _ = tx.send(ChatEvent::Delta(delta)).await;
                    }
                    Some(Ok(StreamPart::Done(reply))) => break Ok(reply),
                    Some(Err(err)) => break Err(err),
                    None => break Err(LlmError::Transient("the answer stopped without its end".to_owned())),
                }
            };
            let event = match ended {
                Ok(reply) => match service.finish(&call, reply, Completeness::Whole).await {
                    Ok(outcome) => ChatEvent::Done(outcome),
                    Err(error) => ChatEvent::Failed { error, partial: None },
                },
                Err(err) if text.is_empty() => {
                    ChatEvent::Failed { error: service.abandon(&call, err).await, partial: None }
                }
                Err(err) => {
                    let error = upstream_error(call.provider, err);
                    let partial =
                        service.finish(&call, service.counted_reply(&call, text), Completeness::Cut).await.ok();
                    ChatEvent::Failed { error, partial }
                }
            };
            let _ = tx.send(event).await;
        });
        Ok(rx)
    }
}
