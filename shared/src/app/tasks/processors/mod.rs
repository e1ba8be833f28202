//! What each task type does, through the ports: the context optimizer (in process) and the LLM
//! provider (`LlmProvider`; the offline one in `local` when no provider is configured). Each
//! processor reports progress at every step, which is also where a cancellation stops it.
//!
//! Every model call is held to the tenant's monthly budget, the one the chatbot is held to
//! (`crate::app::budget`): its worst case (our token count of the prompt, every answer token allowed)
//! is reserved before the call, its actual cost recorded in the tenant's spend after it, and the
//! reservation released when the call fails. A call the budget cannot cover is not made: the task
//! fails at once, not retried, with an error that starts `budget_exhausted:` and says what is left.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{json, Value};

use super::data::{self, Analysis, TaskData};
use crate::app::budget::{Budget, BudgetError, Reservation, MESSAGE_OVERHEAD_TOKENS};
use crate::app::optimizer::service::{OptimizeResponse, Valid};
use crate::domain::chat::{to_units, worst_case, Usage};
use crate::domain::llm::{ChatMessage, LlmReply, LlmRequest, Role};
use crate::domain::optimizer::TokenCounter;
use crate::domain::tenant::TenantId;
use crate::ports::{LlmError, LlmProvider, ModelServer, ProcessError, ProgressSink, TaskProcessor};
use crate::pricing::PriceTable;
use crate::tokenizer::ModelTokenizer;

/// The longest answer asked of a model, in tokens.
const MAX_OUTPUT_TOKENS: u32 = 1_024;

const ANALYST: &str = "You are a careful clinical document analyst. Answer only from the document given; \
                       say so when it does not contain the answer. Keep every number with its unit.";
const DEFAULT_QUESTION: &str = "Summarize the clinically relevant findings of this document.";

pub struct AnalysisProcessor {
    pub(crate) llm: Arc<dyn LlmProvider>,
    /// Prices every answer (`costUsd`; absent for a model with no price).
    pub(crate) prices: PriceTable,
    /// The tenants' monthly model budget (`CHAT_MONTHLY_BUDGET_USD`) and where their spend is
    /// kept: every call is reserved against it before it is made and recorded in it after.
    pub(crate) budget: Budget,
    /// A GPU pool machine's model: every call asks for it, priced at 0 per token.
    pub(crate) pinned_model: Option<String>,
}

/// Why a model call of a task gave no answer.
#[derive(Debug)]
enum AskError {
    /// The tenant's monthly budget cannot cover the call, which was not made. The whole task
    /// fails (a batch item is not reported in its slot: the next call would not fit either).
    Budget(String),
    Process(ProcessError),
}

impl From<ProcessError> for AskError {
    fn from(err: ProcessError) -> Self {
        Self::Process(err)
    }
}

impl From<AskError> for ProcessError {
    fn from(err: AskError) -> Self {
        match err {
            // Permanent: until the month ends or the limit is raised, another attempt would be
            // refused the same way, and retrying would only hide the reason.
            AskError::Budget(message) => ProcessError::Permanent(message),
            AskError::Process(err) => err,
        }
    }
}

/// A model's answer with its cost.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    #[serde(flatten)]
    reply: LlmReply,
    cost_usd: Option<f64>,
}

/// What the optimizer did to a document before it was sent.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct OptimizationSummary {
    original_tokens: usize,
    optimized_tokens: usize,
    reduction_percentage: f64,
    quality_score: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AnalysisResult {
    optimization: OptimizationSummary,
    answer: Answer,
}

#[async_trait]
impl TaskProcessor for AnalysisProcessor {
    async fn process(
        &self,
        task: &crate::domain::tasks::Task,
        progress: &dyn ProgressSink,
    ) -> Result<Value, ProcessError> {
        let data = data::parse(task.task_type, &task.data).map_err(|errors| {
            let fields: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
            ProcessError::Permanent(format!("the task's data is invalid: {}", fields.join("; ")))
        })?;
        progress.report(5).await?;
        let tenant = &task.tenant;
        let result = match data {
            TaskData::DocumentAnalysis(analysis) => to_json(&self.analyse(tenant, analysis).await?),
            TaskData::ChatResponse { message, system_prompt, model } => {
                let mut messages = Vec::new();
                if let Some(system) = system_prompt {
                    messages.push(ChatMessage { role: Role::System, content: system });
                }
                messages.push(ChatMessage { role: Role::User, content: message });
                json!({ "answer": self.ask(tenant, model, messages).await? })
            }
            TaskData::BatchProcessing(items) => self.batch(tenant, items, finished(task), progress).await?,
            TaskData::ReportGeneration { title, sections, model } => {
                self.report(tenant, title, sections, model, finished(task), progress).await?
            }
        };
        progress.report(99).await?;
        Ok(result)
    }

    async fn process_on(
        &self,
        task: &crate::domain::tasks::Task,
        progress: &dyn ProgressSink,
        server: &ModelServer,
    ) -> Result<Value, ProcessError> {
        let on_machine = Self {
            llm: server.llm.clone(),
            prices: self.prices.clone(),
            budget: self.budget.clone(),
            pinned_model: Some(server.model.clone()),
        };
        on_machine.process(task, progress).await
    }
}

impl AnalysisProcessor {
    pub fn new(llm: Arc<dyn LlmProvider>, prices: PriceTable, budget: Budget) -> Self {
        Self { llm, prices, budget, pinned_model: None }
    }

    async fn analyse(&self, tenant: &TenantId, analysis: Analysis) -> Result<AnalysisResult, AskError> {
        let optimized = optimize(analysis.document).await?;
        let question = analysis.question.as_deref().unwrap_or(DEFAULT_QUESTION);
        let messages = vec![
            ChatMessage { role: Role::System, content: ANALYST.to_owned() },
            ChatMessage {
                role: Role::User,
                content: format!("{question}\n\nDocument:\n{}", optimized.optimized_content),
            },
        ];
        let answer = self.ask(tenant, analysis.model, messages).await?;
        Ok(AnalysisResult {
            optimization: OptimizationSummary {
                original_tokens: optimized.original_tokens,
                optimized_tokens: optimized.optimized_tokens,
                reduction_percentage: optimized.reduction_percentage,
                quality_score: optimized.quality_score,
            },
            answer,
        })
    }

    /// One model call: reserved against the tenant's budget, made, then recorded in its spend
    /// (or, failed, its reservation released).
    async fn ask(&self, tenant: &TenantId, model: String, messages: Vec<ChatMessage>) -> Result<Answer, AskError> {
        let model = self.pinned_model.clone().unwrap_or(model);
        let request = LlmRequest { model, messages, max_output_tokens: MAX_OUTPUT_TOKENS, temperature: None };
        let reservation = self.reserve(tenant, &request).await?;
        let reply = match self.llm.complete(&request).await {
            Ok(reply) => reply,
            Err(err) => {
                reservation.release().await;
                return Err(AskError::Process(match err {
                    LlmError::Transient(e) | LlmError::Timeout(e) => {
                        ProcessError::Retryable(format!("the model provider failed: {e}"))
                    }
                    LlmError::Permanent(e) => {
                        ProcessError::Permanent(format!("the model provider refused the request: {e}"))
                    }
                }));
            }
        };
        // A pool machine's tokens cost nothing: its time is the task's GPU cost.
        let cost_usd =
            if self.pinned_model.is_some() { Some(0.0) } else { self.prices.cost_as_asked(&reply, &request.model) };
        if cost_usd.is_none() {
            tracing::warn!(model = %request.model, "a task's model has no price: its tokens are counted in the tenant's spend at no cost");
        }
        let usage = Usage { prompt: reply.input_tokens, completion: reply.output_tokens, cached: reply.cached_tokens };
        crate::metrics::model_call(
            &reply.provider,
            &reply.model,
            usage.prompt,
            usage.completion,
            cost_usd.unwrap_or(0.0),
        );
        if let Err(e) = reservation.settle(usage, cost_usd.map_or(0, to_units)).await {
            // The answer is paid for and in hand: it is kept, not asked for again. Its worst case
            // stays reserved, so the budget is not under-counted for this month.
            reservation.mark_settled();
            tracing::error!(error = %e, "a task's model spend could not be recorded; its worst case stays reserved");
        }
        Ok(Answer { cost_usd, reply })
    }

    /// Sets the call's worst case aside against the tenant's budget; with no budget, nothing
    /// (the call's spend is still recorded).
    async fn reserve(&self, tenant: &TenantId, request: &LlmRequest) -> Result<Reservation, AskError> {
        let worst = match self.budget.limit() {
            None => 0,
            Some(_) if self.pinned_model.is_some() => 0,
            Some(_) => {
                let Some(price) = self.prices.price(&request.model) else {
                    return Err(AskError::Process(ProcessError::Permanent(format!(
                        "{} has no price, so its cost cannot be reserved against the tenant's monthly model budget; \
                         ask a priced model (GET /v1/models lists them)",
                        request.model
                    ))));
                };
                let prompt = prompt_tokens(request).await?;
                worst_case(prompt, u64::from(request.max_output_tokens), price.input, price.output)
            }
        };
        self.budget.reserve(tenant, worst).await.map_err(|err| match err {
            BudgetError::Exhausted { .. } => AskError::Budget(format!(
                "budget_exhausted: {err}; the model was not called, and the task is not retried: submit it again \
                 next month or once the budget is raised"
            )),
            BudgetError::Store(e) => AskError::Process(ProcessError::Retryable(format!(
                "the call could not be reserved against the tenant's monthly model budget: {e}"
            ))),
        })
    }

    /// Items in order, each outcome in its slot: an item the provider refuses is reported there;
    /// a transient provider failure retries the whole task (items have no side effects, and the
    /// items finished before it are checkpointed). A call the budget cannot cover fails the task.
    async fn batch(
        &self,
        tenant: &TenantId,
        items: Vec<Analysis>,
        done: Vec<Value>,
        progress: &dyn ProgressSink,
    ) -> Result<Value, ProcessError> {
        let total = items.len();
        let slots = run_parts(items, done, progress, |index, item| async move {
            match self.analyse(tenant, item).await {
                Ok(result) => Ok(json!({ "index": index, "result": result })),
                Err(AskError::Process(ProcessError::Permanent(error))) => Ok(json!({ "index": index, "error": error })),
                Err(other) => Err(part_way(other, index, total)),
            }
        })
        .await?;
        let failed = slots.iter().filter(|slot| slot.get("error").is_some()).count();
        let cost =
            total_cost(slots.iter().filter_map(|slot| slot.get("result")).map(|r| r["answer"]["costUsd"].as_f64()));
        Ok(json!({ "items": slots, "succeeded": total - failed, "failed": failed, "totalCostUsd": cost }))
    }

    /// Each section optimized and summarized, then one Markdown report in section order.
    async fn report(
        &self,
        tenant: &TenantId,
        title: String,
        sections: Vec<(String, Valid)>,
        model: String,
        done: Vec<Value>,
        progress: &dyn ProgressSink,
    ) -> Result<Value, ProcessError> {
        let total = sections.len();
        let (title, model) = (&title, &model);
        let parts = run_parts(sections, done, progress, |index, (heading, content)| async move {
            let optimized = optimize(content).await?;
            let messages = vec![
                ChatMessage { role: Role::System, content: ANALYST.to_owned() },
                ChatMessage {
                    role: Role::User,
                    content: format!(
                        "Write the \"{heading}\" section of a clinical report titled \"{title}\" from these notes, \
                         in at most five sentences:\n\n{}",
                        optimized.optimized_content
                    ),
                },
            ];
            let answer = self.ask(tenant, model.clone(), messages).await.map_err(|e| part_way(e, index, total))?;
            let reply = answer.reply;
            Ok(to_json(&Section {
                heading: label(&heading, &format!("Section {}", index + 1)),
                text: reply.text.trim().to_owned(),
                provider: reply.provider,
                model: reply.model,
                input_tokens: reply.input_tokens,
                output_tokens: reply.output_tokens,
                cost_usd: answer.cost_usd,
            }))
        })
        .await?;
        let sections: Vec<Section> = parts
            .into_iter()
            .map(serde_json::from_value)
            .collect::<Result<_, _>>()
            .map_err(|e| ProcessError::Permanent(format!("a checkpointed section could not be read: {e}")))?;
        let mut markdown = format!("# {}\n", label(title, "Report"));
        for section in &sections {
            markdown.push_str(&format!("\n## {}\n\n{}\n", section.heading, section.text));
        }
        let (provider, model) = sections.last().map(|s| (s.provider.clone(), s.model.clone())).unwrap_or_default();
        Ok(json!({
            "report": markdown,
            "sections": total,
            "provider": provider,
            "model": model,
            "usage": {
                "inputTokens": sections.iter().map(|s| s.input_tokens).sum::<u64>(),
                "outputTokens": sections.iter().map(|s| s.output_tokens).sum::<u64>(),
            },
            "costUsd": total_cost(sections.iter().map(|s| s.cost_usd)),
        }))
    }
}

/// One written section of a report, as checkpointed.
#[derive(Debug, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Section {
    heading: String,
    text: String,
    provider: String,
    model: String,
    input_tokens: u64,
    output_tokens: u64,
    cost_usd: Option<f64>,
}

/// The parts of a task that earlier attempts finished (`Task::checkpoint`).
fn finished(task: &crate::domain::tasks::Task) -> Vec<Value> {
    task.checkpoint.clone().unwrap_or_default()
}

/// Runs a task's parts in order, after the `done` ones an earlier attempt finished, checkpointing
/// each, within the attempt's time budget (`ProgressSink::time_left`):
/// - a part is not started when less time is left than the longest part of this attempt took:
///   the attempt pauses, and the next resumes there;
/// - a part still running when the budget runs out is cut: the attempt pauses if it finished a
///   part, and otherwise the task fails for good, since that part alone cannot fit in an attempt.
async fn run_parts<T, F, Fut>(
    parts: Vec<T>,
    mut done: Vec<Value>,
    progress: &dyn ProgressSink,
    mut run: F,
) -> Result<Vec<Value>, ProcessError>
where
    F: FnMut(usize, T) -> Fut,
    Fut: std::future::Future<Output = Result<Value, ProcessError>>,
{
    let total = parts.len();
    done.truncate(total);
    let resumed_at = done.len();
    let mut longest = Duration::ZERO;
    for (index, part) in parts.into_iter().enumerate().skip(resumed_at) {
        let before = progress.time_left();
        let paused = || {
            ProcessError::Paused(format!(
                "the attempt's time budget ran out before part {} of {total}; the {index} finished are kept",
                index + 1
            ))
        };
        if index > resumed_at && before.is_some_and(|left| left < longest) {
            return Err(paused());
        }
        let value = match before {
            None => run(index, part).await?,
            Some(left) => match tokio::time::timeout(left, run(index, part)).await {
                Ok(value) => value?,
                Err(_) if index > resumed_at => return Err(paused()),
                Err(_) => {
                    return Err(ProcessError::Permanent(format!(
                        "part {} of {total} did not finish within one attempt's time budget (TASK_ATTEMPT_SECONDS), \
                         so no attempt can finish it: split it into smaller parts",
                        index + 1
                    )))
                }
            },
        };
        if let (Some(before), Some(after)) = (before, progress.time_left()) {
            longest = longest.max(before.saturating_sub(after));
        }
        done.push(value);
        progress.checkpoint(step(index + 1, total), &done).await?;
    }
    Ok(done)
}

/// A task of several calls stopped at call `index` (from 0) of `total`: a budget refusal says how
/// far it got, since what was answered before it was paid for but is not kept.
fn part_way(err: AskError, index: usize, total: usize) -> ProcessError {
    match err {
        AskError::Budget(message) if index > 0 => ProcessError::Permanent(format!(
            "{message} (it stopped at part {} of {total}; what the parts before it cost is in the tenant's spend, \
             their results are not kept)",
            index + 1
        )),
        other => other.into(),
    }
}

/// Our count of a request's prompt, for its worst case; off the async runtime's workers, since a
/// message may be 200 KB.
async fn prompt_tokens(request: &LlmRequest) -> Result<u64, ProcessError> {
    let tokenizer = ModelTokenizer::for_model(&request.model).map_err(|e| ProcessError::Permanent(e.to_string()))?;
    let texts: Vec<String> = request.messages.iter().map(|m| m.content.clone()).collect();
    tokio::task::spawn_blocking(move || {
        let counter = tokenizer.counter();
        texts.iter().map(|text| (counter.count(text) + MESSAGE_OVERHEAD_TOKENS) as u64).sum()
    })
    .await
    .map_err(|e| ProcessError::Retryable(format!("the prompt's token count stopped: {e}")))
}

/// A title or heading as rendered: trimmed, or `default` when nothing is left.
fn label(text: &str, default: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        default.to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The total of parts' costs, unknown (`None`) once one part has no price.
fn total_cost(parts: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let total = parts.into_iter().try_fold(0.0, |total, part| Some(total + part?))?;
    Some((total * 1e8).round() / 1e8)
}

/// Progress after `done` of `total` steps, between the 5 % of a started task and the 99 % of
/// one about to be stored.
fn step(done: usize, total: usize) -> u8 {
    (5 + done * 90 / total.max(1)).min(95) as u8
}

async fn optimize(document: Valid) -> Result<OptimizeResponse, ProcessError> {
    let (response, _) = document
        .run_blocking(None)
        .await
        .map_err(|e| ProcessError::Retryable(format!("the optimizer stopped: {e}")))?;
    Ok(response)
}

fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests;
