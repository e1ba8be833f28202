//! `POST /api/orchestrate` (feature `tokenizer`): one query, with optional documents, taken through
//! the product under one hard deadline: **optimize** the documents, **classify** the query
//! (`domain::orchestration`), then **answer** it with the chatbot or **enqueue** an analysis task.
//!
//! The deadline (`ORCHESTRATE_TIMEOUT_MS`, 9 s by default, never above 9.5 s; a request may ask for
//! less with `timeoutMs`) bounds every step: the model call gets what is left of it (less a margin
//! to answer in), not a timeout of its own, and every step is also cut at the deadline itself. Past
//! it, the answer is a 504 `deadline_exceeded` carrying the partial result (the steps done, the
//! optimized context, the task if one was queued).
//!
//! Dropping a run (its stream's client went away) stops it where it is: the model call is
//! abandoned and its budget reservation released; a task already queued stays queued.

pub mod api;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::app::chat::api::SendMessageRequest;
use crate::app::chat::ChatService;
use crate::app::optimizer::service::OptimizeRequest;
use crate::app::tasks::api::CreateTaskRequest;
use crate::app::tasks::QueueService;
use crate::app::{AppError, FieldError};
use crate::config::EnvReader;
use crate::domain::orchestration::{classify, Route, Rules};
use crate::domain::tasks::{Priority, TaskType};
use crate::domain::tenant::TenantId;
use crate::ports::TaskQueue;
use api::{ContextView, OrchestrateRequest, OrchestrationView, QueuedTaskView, StepView};

/// Most documents in one request.
pub const MAX_DOCUMENTS: usize = 20;
/// The deadline's ceiling: below the 10 s request limit, with room to answer.
pub const MAX_TIMEOUT: Duration = Duration::from_millis(9_500);
/// Kept from the model call's share of the deadline, to record and send the answer in.
const ANSWER_MARGIN: Duration = Duration::from_millis(150);

#[derive(Clone, Debug)]
pub struct OrchestrationSettings {
    /// The deadline when a request does not ask for less; also the most it may ask for.
    pub timeout: Duration,
    /// How often a stream says it is still working.
    pub heartbeat: Duration,
    pub rules: Rules,
}

impl Default for OrchestrationSettings {
    fn default() -> Self {
        Self { timeout: Duration::from_secs(9), heartbeat: Duration::from_secs(1), rules: Rules::default() }
    }
}

impl OrchestrationSettings {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `ORCHESTRATE_TIMEOUT_MS` | 9000 | the deadline (at most 9500); requests may ask for less |
    /// | `ORCHESTRATE_HEARTBEAT_MS` | 1000 | a stream's heartbeat interval |
    /// | `ORCHESTRATE_MAX_ANSWER_TOKENS` | 6000 | larger contexts are queued |
    /// | `ORCHESTRATE_MAX_ANSWER_DOCUMENTS` | 3 | more documents are queued |
    pub fn from_env(env: &mut EnvReader) -> Self {
        let d = Self::default();
        let timeout_ms: u64 = env.parsed_or("ORCHESTRATE_TIMEOUT_MS", d.timeout.as_millis() as u64);
        if timeout_ms == 0 || timeout_ms > MAX_TIMEOUT.as_millis() as u64 {
            env.problem(format!("ORCHESTRATE_TIMEOUT_MS must be from 1 to {}", MAX_TIMEOUT.as_millis()));
        }
        let heartbeat_ms: u64 = env.parsed_or("ORCHESTRATE_HEARTBEAT_MS", d.heartbeat.as_millis() as u64);
        if heartbeat_ms == 0 {
            env.problem("ORCHESTRATE_HEARTBEAT_MS must be at least 1");
        }
        let rules = Rules {
            max_answer_tokens: env.parsed_or("ORCHESTRATE_MAX_ANSWER_TOKENS", d.rules.max_answer_tokens),
            max_answer_documents: env.parsed_or("ORCHESTRATE_MAX_ANSWER_DOCUMENTS", d.rules.max_answer_documents),
            ..d.rules
        };
        Self {
            timeout: Duration::from_millis(timeout_ms.clamp(1, MAX_TIMEOUT.as_millis() as u64)),
            heartbeat: Duration::from_millis(heartbeat_ms.max(1)),
            rules,
        }
    }
}

pub struct Orchestrator {
    pub(crate) chat: Arc<ChatService>,
    pub(crate) tasks: QueueService,
    pub(crate) queue: Arc<dyn TaskQueue>,
    pub(crate) settings: OrchestrationSettings,
}

/// A request that passed validation, with its deadline fixed.
pub struct Plan {
    tenant: TenantId,
    request: OrchestrateRequest,
    model: String,
    timeout: Duration,
    deadline: Instant,
    started: Instant,
}

/// What a run reports as it goes (streams turn these into events).
#[derive(Debug)]
pub enum Progress {
    Started { step: &'static str, elapsed_ms: f64 },
    Finished(StepView),
}

/// A run that did not finish: the error, and what was done before it.
#[derive(Debug)]
pub struct Failure {
    pub error: AppError,
    pub partial: OrchestrationView,
}

impl Orchestrator {
    pub fn new(
        chat: Arc<ChatService>,
        tasks: QueueService,
        queue: Arc<dyn TaskQueue>,
        settings: OrchestrationSettings,
    ) -> Self {
        Self { chat, tasks, queue, settings }
    }

    /// How often a stream says it is still working.
    pub fn heartbeat(&self) -> Duration {
        self.settings.heartbeat
    }

    /// Checks the request and fixes its deadline (from now). Every problem is named at once.
    pub fn prepare(&self, tenant: &TenantId, request: OrchestrateRequest) -> Result<Plan, AppError> {
        let started = Instant::now();
        let mut errors = Vec::new();
        if request.query.trim().is_empty() {
            errors.push(FieldError::new("query", "must not be empty"));
        }
        let documents = request.documents.as_deref().unwrap_or_default();
        if documents.len() > MAX_DOCUMENTS {
            errors.push(FieldError::new("documents", format!("at most {MAX_DOCUMENTS} documents")));
        }
        for (i, doc) in documents.iter().enumerate() {
            if doc.content.trim().is_empty() {
                errors.push(FieldError::new(format!("documents[{i}].content"), "must not be empty"));
            }
        }
        let max_ms = self.settings.timeout.as_millis() as u64;
        let timeout = match request.timeout_ms {
            None => self.settings.timeout,
            Some(ms) if ms.fract() == 0.0 && ms >= 1.0 && ms <= max_ms as f64 => Duration::from_millis(ms as u64),
            Some(_) => {
                errors.push(FieldError::new("timeoutMs", format!("must be a whole number from 1 to {max_ms}")));
                self.settings.timeout
            }
        };
        if let Err(e) = crate::app::chat::whole_tokens(request.max_tokens, "maxTokens") {
            errors.push(e);
        }
        let model = match self.chat.resolve_model(request.model.as_deref(), request.provider) {
            Ok(model) => Some(model),
            Err(AppError::Validation(mut more)) => {
                errors.append(&mut more);
                None
            }
            Err(other) => return Err(other),
        };
        match model {
            Some(model) if errors.is_empty() => {
                Ok(Plan { tenant: tenant.clone(), request, model, timeout, deadline: started + timeout, started })
            }
            _ => Err(AppError::Validation(errors)),
        }
    }

    /// Runs the plan's steps under its deadline, reporting progress to `progress` if given.
    pub async fn run(
        &self,
        plan: Plan,
        progress: Option<mpsc::Sender<Progress>>,
    ) -> Result<OrchestrationView, Failure> {
        let mut run = Run { plan: &plan, progress, view: OrchestrationView::new(plan.timeout) };
        let outcome = self.steps(&mut run).await;
        run.view.duration_ms = elapsed_ms(plan.started.elapsed());
        match outcome {
            Ok(()) => Ok(run.view),
            Err(error) => Err(Failure { error, partial: run.view }),
        }
    }

    async fn steps(&self, run: &mut Run<'_>) -> Result<(), AppError> {
        let plan = run.plan;
        let documents = plan.request.documents.as_deref().unwrap_or_default();

        // 1. Optimize each document for the answering model's tokenizer.
        let strategy = plan.request.strategy.unwrap_or(crate::domain::optimizer::Strategy::Balanced);
        let context = run
            .step("optimize", async {
                let mut context = ContextView { documents: documents.len(), strategy, ..ContextView::default() };
                let mut parts = Vec::with_capacity(documents.len());
                for (i, doc) in documents.iter().enumerate() {
                    let mut request = OptimizeRequest::for_text(doc.content.clone(), plan.model.clone());
                    request.strategy = Some(strategy);
                    request.content_type = doc.content_type;
                    let prefix = format!("documents[{i}].");
                    let valid = request.validate(&prefix).map_err(AppError::Validation)?;
                    let (optimized, _) = valid.run_blocking(Some(plan.deadline)).await?;
                    context.original_tokens += optimized.original_tokens;
                    context.optimized_tokens += optimized.optimized_tokens;
                    parts.push(optimized.optimized_content);
                }
                let tokens = (context.original_tokens, context.optimized_tokens);
                Ok((Some(tokens), None, (context, parts)))
            })
            .await?;
        let (context, optimized_documents) = context;
        run.view.context = Some(context.clone());

        // 2. Classify.
        let rules = self.settings.rules;
        let classification = run
            .step("classify", async {
                Ok((None, None, classify(&plan.request.query, documents.len(), context.optimized_tokens, &rules)))
            })
            .await?;
        let route = classification.route;
        run.view.classification = Some(classification);

        // 3. Answer now, or queue.
        match route {
            Route::Answer => {
                let message = with_documents(&plan.request.query, &optimized_documents);
                let answer = run
                    .step("answer", async {
                        let request = SendMessageRequest {
                            message,
                            conversation_id: None,
                            provider: plan.request.provider,
                            model: Some(plan.model.clone()),
                            stream: None,
                            max_tokens: plan.request.max_tokens,
                            temperature: None,
                            optimize_context: None,
                        };
                        let call = self.chat.prepare_message(&plan.tenant, request).await?;
                        let left = plan.deadline.saturating_duration_since(Instant::now());
                        let outcome = self.chat.run_within(call, left.saturating_sub(ANSWER_MARGIN)).await?;
                        let reply = outcome.view();
                        let tokens = (reply.usage.prompt_tokens as usize, reply.usage.completion_tokens as usize);
                        Ok((Some(tokens), Some(reply.cost), reply))
                    })
                    .await?;
                run.view.total_cost += answer.cost;
                run.view.route = Some(route);
                run.view.answer = Some(answer);
            }
            Route::Queue => {
                let task = run
                    .step("enqueue", async {
                        let request = analysis_task(&plan.request, &plan.model, documents);
                        let task = self.tasks.submit(self.queue.as_ref(), &plan.tenant, request).await?;
                        Ok((None, None, QueuedTaskView::from(&task)))
                    })
                    .await?;
                run.view.route = Some(route);
                run.view.task = Some(task);
            }
        }
        Ok(())
    }
}

/// One run's state: the partial result grows step by step.
struct Run<'a> {
    plan: &'a Plan,
    progress: Option<mpsc::Sender<Progress>>,
    view: OrchestrationView,
}

/// What a step returns: its tokens (in, out), its cost, and its value.
type StepResult<T> = Result<(Option<(usize, usize)>, Option<f64>, T), AppError>;

impl Run<'_> {
    async fn report(&self, event: Progress) {
        if let Some(progress) = &self.progress {
            let _ = progress.send(event).await;
        }
    }

    /// Runs one step, cut at the deadline, recording it (done, failed or cut) in the view.
    async fn step<T>(
        &mut self,
        name: &'static str,
        work: impl std::future::Future<Output = StepResult<T>>,
    ) -> Result<T, AppError> {
        let started = Instant::now();
        self.report(Progress::Started { step: name, elapsed_ms: elapsed_ms(started - self.plan.started) }).await;
        let cut = || {
            AppError::DeadlineExceeded(format!(
                "the {} ms deadline passed during the {name} step",
                self.plan.timeout.as_millis()
            ))
        };
        // A step that is ready at once (classifying, or work finished on another thread) would
        // win the race against a deadline already gone: no step starts after the deadline.
        let outcome = if Instant::now() >= self.plan.deadline {
            Err(cut())
        } else {
            match tokio::time::timeout_at(self.plan.deadline, work).await {
                Ok(outcome) => outcome,
                Err(_) => Err(cut()),
            }
        };
        let mut view = StepView {
            step: name,
            status: "completed",
            duration_ms: elapsed_ms(started.elapsed()),
            tokens: None,
            cost: None,
            error: None,
        };
        let result = match outcome {
            Ok((tokens, cost, value)) => {
                view.tokens = tokens.map(|(input, output)| api::StepTokens { input, output });
                view.cost = cost;
                Ok(value)
            }
            Err(error) => {
                view.status = if matches!(error, AppError::DeadlineExceeded(_)) { "interrupted" } else { "failed" };
                view.error = Some(error.code());
                Err(error)
            }
        };
        self.view.steps.push(view.clone());
        self.report(Progress::Finished(view)).await;
        result
    }
}

/// A duration in milliseconds, to the microsecond.
pub fn elapsed_ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1000.0
}

/// The query followed by the (optimized) documents, as the model is sent them.
fn with_documents(query: &str, documents: &[String]) -> String {
    let mut message = query.to_owned();
    for (i, doc) in documents.iter().enumerate() {
        message.push_str(&format!("\n\nDocument {}:\n{doc}", i + 1));
    }
    message
}

/// The DOCUMENT_ANALYSIS task a queued query becomes: the documents as written (the worker
/// optimizes them itself), the query as its question.
fn analysis_task(request: &OrchestrateRequest, model: &str, documents: &[api::DocumentInput]) -> CreateTaskRequest {
    use crate::app::tasks::data::MAX_PROMPT_CHARS;
    let joined: Vec<String> = documents.iter().map(|d| d.content.clone()).collect();
    let short_query = request.query.chars().count() <= MAX_PROMPT_CHARS;
    let content = if short_query { joined.join("\n\n") } else { with_documents(&request.query, &joined) };
    let content = if content.trim().is_empty() { request.query.clone() } else { content };
    let content_type = match documents {
        [one] => one.content_type,
        _ => None,
    };
    let mut document = serde_json::json!({ "content": content, "model": model });
    if let Some(strategy) = request.strategy {
        document["strategy"] = serde_json::json!(strategy);
    }
    if let Some(content_type) = content_type {
        document["contentType"] = serde_json::json!(content_type);
    }
    let mut data = serde_json::json!({ "document": document });
    if short_query {
        data["question"] = serde_json::json!(request.query);
    }
    CreateTaskRequest {
        task_type: TaskType::DocumentAnalysis,
        priority: Some(request.priority.unwrap_or(Priority::Normal)),
        data,
        metadata: Some(serde_json::json!({ "source": "orchestrate" })),
        compute: None,
    }
}
