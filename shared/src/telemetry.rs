//! Structured JSON logs through `tracing`, one object per line, as CloudWatch's JSON log format
//! expects. Level from `LOG_LEVEL` (or Lambda's `AWS_LAMBDA_LOG_LEVEL`), default `info`.
//!
//! What is logged is decided at each call site: ids, routes, statuses, latencies and counts. Keys,
//! prompts and document content are never passed to a log macro.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let level = std::env::var("LOG_LEVEL")
        .or_else(|_| std::env::var("AWS_LAMBDA_LOG_LEVEL"))
        .unwrap_or_else(|_| "info".to_owned())
        .to_ascii_lowercase();
    let filter = EnvFilter::try_new(&level).unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests, or `local` embedding handlers) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_env_filter(filter)
        .try_init();
}
