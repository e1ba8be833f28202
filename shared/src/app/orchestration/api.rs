//! `POST /api/orchestrate`'s request and response bodies.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::app::chat::api::{ChatReplyView, ProviderName};
use crate::app::tasks::api::TaskSummaryView;
use crate::domain::optimizer::{ContentType, Strategy};
use crate::domain::orchestration::{Classification, Route};
use crate::domain::tasks::{Priority, Task};

/// One document of the query's context.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentInput {
    #[schema(min_length = 1, pattern = "\\S")]
    pub content: String,
    /// How the optimizer treats it (default GENERAL).
    #[serde(default)]
    pub content_type: Option<ContentType>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrchestrateRequest {
    /// The question; at least one non-blank character.
    #[schema(min_length = 1, pattern = "\\S")]
    pub query: String,
    /// The context, at most 20 documents.
    #[serde(default)]
    #[schema(max_items = 20)]
    pub documents: Option<Vec<DocumentInput>>,
    /// How hard the documents are optimized (default BALANCED).
    #[serde(default)]
    pub strategy: Option<Strategy>,
    /// Who answers a simple query (as in `POST /api/chatbot`).
    #[serde(default)]
    pub provider: Option<ProviderName>,
    #[serde(default)]
    pub model: Option<String>,
    /// The answer's length limit (1-16384).
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 16384)]
    pub max_tokens: Option<f64>,
    /// A queued task's priority (default NORMAL).
    #[serde(default)]
    pub priority: Option<Priority>,
    /// A shorter deadline than the configured one (whole milliseconds, 1 to the configured one).
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 9000)]
    pub timeout_ms: Option<f64>,
}

#[derive(Clone, Copy, Debug, Serialize, utoipa::ToSchema)]
pub struct StepTokens {
    pub input: usize,
    pub output: usize,
}

/// One step as it ran.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StepView {
    /// `optimize`, `classify`, `answer` or `enqueue`.
    pub step: &'static str,
    /// `completed`, `failed`, or `interrupted` by the deadline.
    pub status: &'static str,
    pub duration_ms: f64,
    /// optimize: tokens before and after; answer: prompt and completion tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens: Option<StepTokens>,
    /// USD (the answer's model call).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<f64>,
    /// The error code, when the step did not complete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
}

/// The documents after the optimizer.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContextView {
    pub documents: usize,
    pub strategy: Strategy,
    pub original_tokens: usize,
    pub optimized_tokens: usize,
}

impl Default for ContextView {
    fn default() -> Self {
        Self { documents: 0, strategy: Strategy::Balanced, original_tokens: 0, optimized_tokens: 0 }
    }
}

/// The analysis task a queued query became.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueuedTaskView {
    #[serde(flatten)]
    pub task: TaskSummaryView,
    /// Where to follow it: `GET` it, or its `/events` as SSE.
    pub location: String,
}

impl From<&Task> for QueuedTaskView {
    fn from(task: &Task) -> Self {
        Self { task: task.into(), location: format!("/api/analysis-queue/{}", task.id) }
    }
}

/// What happened: the route taken and why, every step with its duration, and the answer or the
/// queued task. A 504 carries the same shape as `partial`, with what was done in time.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OrchestrationView {
    /// ANSWER or QUEUE, once decided and done.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    pub steps: Vec<StepView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<ContextView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<ChatReplyView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<QueuedTaskView>,
    /// USD of every model call made.
    pub total_cost: f64,
    pub duration_ms: f64,
    /// The deadline this request ran under.
    pub deadline_ms: u64,
}

impl OrchestrationView {
    pub fn new(deadline: Duration) -> Self {
        Self {
            route: None,
            classification: None,
            steps: Vec::new(),
            context: None,
            answer: None,
            task: None,
            total_cost: 0.0,
            duration_ms: 0.0,
            deadline_ms: deadline.as_millis() as u64,
        }
    }
}
