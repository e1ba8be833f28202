//! What each task type does, through the ports: the context optimizer (in process) and the LLM
//! provider (`LlmProvider`; the offline one in `local` when no provider is configured). Each
//! processor reports progress at every step, which is also where a cancellation stops it.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Serialize;
use serde_json::{json, Value};

use super::data::{self, Analysis, TaskData};
use crate::optimizer_service::{OptimizeResponse, Valid};
use crate::ports::{
    ChatMessage, LlmError, LlmProvider, LlmReply, LlmRequest, ProcessError, ProgressSink, Role, TaskProcessor,
};
use crate::pricing::PriceTable;

/// The longest answer asked of a model, in tokens.
const MAX_OUTPUT_TOKENS: u32 = 1_024;

const ANALYST: &str = "You are a careful clinical document analyst. Answer only from the document given; \
                       say so when it does not contain the answer. Keep every number with its unit.";
const DEFAULT_QUESTION: &str = "Summarize the clinically relevant findings of this document.";

pub struct AnalysisProcessor {
    pub llm: Arc<dyn LlmProvider>,
    /// Prices every answer (`costUsd`; absent for a model with no price).
    pub prices: PriceTable,
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
        let result = match data {
            TaskData::DocumentAnalysis(analysis) => to_json(&self.analyse(analysis).await?),
            TaskData::ChatResponse { message, system_prompt, model } => {
                let mut messages = Vec::new();
                if let Some(system) = system_prompt {
                    messages.push(ChatMessage { role: Role::System, content: system });
                }
                messages.push(ChatMessage { role: Role::User, content: message });
                json!({ "answer": self.ask(model, messages).await? })
            }
            TaskData::BatchProcessing(items) => self.batch(items, progress).await?,
            TaskData::ReportGeneration { title, sections, model } => {
                self.report(title, sections, model, progress).await?
            }
        };
        progress.report(99).await?;
        Ok(result)
    }
}

impl AnalysisProcessor {
    async fn analyse(&self, analysis: Analysis) -> Result<AnalysisResult, ProcessError> {
        let optimized = optimize(analysis.document).await?;
        let question = analysis.question.as_deref().unwrap_or(DEFAULT_QUESTION);
        let messages = vec![
            ChatMessage { role: Role::System, content: ANALYST.to_owned() },
            ChatMessage {
                role: Role::User,
                content: format!("{question}\n\nDocument:\n{}", optimized.optimized_content),
            },
        ];
        let answer = self.ask(analysis.model, messages).await?;
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

    async fn ask(&self, model: String, messages: Vec<ChatMessage>) -> Result<Answer, ProcessError> {
        let request = LlmRequest { model, messages, max_output_tokens: MAX_OUTPUT_TOKENS, temperature: None };
        let reply = self.llm.complete(&request).await.map_err(|err| match err {
            LlmError::Transient(e) | LlmError::Timeout(e) => {
                ProcessError::Retryable(format!("the model provider failed: {e}"))
            }
            LlmError::Permanent(e) => ProcessError::Permanent(format!("the model provider refused the request: {e}")),
        })?;
        Ok(Answer { cost_usd: self.prices.cost(&reply), reply })
    }

    /// Items in order, each outcome in its slot: an item the provider refuses is reported there;
    /// a transient provider failure retries the whole task (items have no side effects).
    async fn batch(&self, items: Vec<Analysis>, progress: &dyn ProgressSink) -> Result<Value, ProcessError> {
        let total = items.len();
        let mut slots = Vec::with_capacity(total);
        let mut failed = 0;
        let mut cost = Some(0.0);
        for (index, item) in items.into_iter().enumerate() {
            match self.analyse(item).await {
                Ok(result) => {
                    cost = add_cost(cost, result.answer.cost_usd);
                    slots.push(json!({ "index": index, "result": result }));
                }
                Err(ProcessError::Permanent(error)) => {
                    failed += 1;
                    slots.push(json!({ "index": index, "error": error }));
                }
                Err(other) => return Err(other),
            }
            progress.report(step(index + 1, total)).await?;
        }
        Ok(json!({ "items": slots, "succeeded": total - failed, "failed": failed, "totalCostUsd": cost }))
    }

    /// Each section optimized and summarized, then one Markdown report in section order.
    async fn report(
        &self,
        title: String,
        sections: Vec<(String, Valid)>,
        model: String,
        progress: &dyn ProgressSink,
    ) -> Result<Value, ProcessError> {
        let total = sections.len();
        let mut markdown = format!("# {}\n", label(&title, "Report"));
        let (mut input_tokens, mut output_tokens) = (0, 0);
        let mut answered_by = None;
        let mut cost = Some(0.0);
        for (index, (heading, content)) in sections.into_iter().enumerate() {
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
            let answer = self.ask(model.clone(), messages).await?;
            cost = add_cost(cost, answer.cost_usd);
            let reply = answer.reply;
            markdown.push_str(&format!(
                "\n## {}\n\n{}\n",
                label(&heading, &format!("Section {}", index + 1)),
                reply.text.trim()
            ));
            input_tokens += reply.input_tokens;
            output_tokens += reply.output_tokens;
            answered_by = Some((reply.provider, reply.model));
            progress.report(step(index + 1, total)).await?;
        }
        let (provider, model) = answered_by.unwrap_or_default();
        Ok(json!({
            "report": markdown,
            "sections": total,
            "provider": provider,
            "model": model,
            "usage": { "inputTokens": input_tokens, "outputTokens": output_tokens },
            "costUsd": cost,
        }))
    }
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

/// A running total that stays unknown (`None`) once one part has no price.
fn add_cost(total: Option<f64>, part: Option<f64>) -> Option<f64> {
    Some(((total? + part?) * 1e8).round() / 1e8)
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
