//! The context optimizer as the API offers it (feature `tokenizer`): request parsing and
//! validation, running one optimization or a batch, recording and reading per-tenant stats. Used
//! by the `optimize-context`, `optimize-context-batch` and `get-optimizer-stats` functions and by
//! `local`, so all of them answer the same.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::optimizer::stats::savings_usd;
use crate::app::{AppError, FieldError};
use crate::domain::optimizer::{
    optimize, optimize_until, ContentType, Optimized, OptimizerTotals, Options, Quality, Stopped, Strategy,
    TargetReport,
};
use crate::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

/// Most items in one batch request.
pub const MAX_BATCH_ITEMS: usize = 50;
/// Largest `targetTokens`: far above any text the body limit lets through.
pub const MAX_TARGET_TOKENS: usize = 10_000_000;
/// Most `preserveKeywords` entries per request (each is bounded by the body limit).
pub const MAX_KEYWORDS: usize = 100;

/// One optimization request, as sent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OptimizeRequest {
    /// The text; at least one non-blank character.
    #[schema(min_length = 1, pattern = "\\S")]
    pub content: String,
    #[serde(default)]
    pub strategy: Option<Strategy>,
    #[serde(default)]
    pub content_type: Option<ContentType>,
    /// A JSON number with no fraction (`800` or `800.0`, as JSON Schema's `integer` allows).
    #[serde(default)]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 10_000_000)]
    pub target_tokens: Option<f64>,
    /// Matched case-insensitively; a sentence holding one is kept whole.
    #[serde(default)]
    #[schema(max_items = 100)]
    pub preserve_keywords: Option<Vec<String>>,
    /// Which tokenizer counts (default `gpt-4o`); see `tokenizer::ModelTokenizer::for_model`.
    #[serde(default)]
    #[schema(
        pattern = "^(gpt-4|gpt-3\\.5|gpt-5|o1|o3|o4|chatgpt-4o|text-embedding-3|text-embedding-ada|claude|llama|meta-llama)"
    )]
    pub model: Option<String>,
}

/// A request that passed validation.
pub struct Valid {
    content: String,
    strategy: Strategy,
    content_type: ContentType,
    target_tokens: Option<usize>,
    keywords: Vec<String>,
    tokenizer: ModelTokenizer,
}

impl OptimizeRequest {
    /// A request for `content` with every option at its default, counted for `model`.
    pub fn for_text(content: String, model: String) -> Self {
        Self {
            content,
            strategy: None,
            content_type: None,
            target_tokens: None,
            preserve_keywords: None,
            model: Some(model),
        }
    }

    /// Checks every field, reporting every problem at once. Field names are prefixed with
    /// `prefix` (a batch item's `requests[3].`).
    pub fn validate(self, prefix: &str) -> Result<Valid, Vec<FieldError>> {
        let mut errors = Vec::new();
        let field = |name: &str| format!("{prefix}{name}");
        if self.content.trim().is_empty() {
            errors.push(FieldError::new(field("content"), "must not be empty"));
        }
        let target_tokens = match self.target_tokens {
            Some(t) if !(1.0..=MAX_TARGET_TOKENS as f64).contains(&t) || t.fract() != 0.0 => {
                errors.push(FieldError::new(
                    field("targetTokens"),
                    format!("must be a whole number of tokens from 1 to {MAX_TARGET_TOKENS}"),
                ));
                None
            }
            Some(t) => Some(t as usize),
            None => None,
        };
        let keywords = self.preserve_keywords.unwrap_or_default();
        if keywords.len() > MAX_KEYWORDS {
            errors.push(FieldError::new(field("preserveKeywords"), format!("at most {MAX_KEYWORDS} entries")));
        }
        let tokenizer = match ModelTokenizer::for_model(self.model.as_deref().unwrap_or(DEFAULT_MODEL)) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(FieldError::new(field("model"), e.to_string()));
                None
            }
        };
        match tokenizer {
            Some(tokenizer) if errors.is_empty() => Ok(Valid {
                content: self.content,
                strategy: self.strategy.unwrap_or(Strategy::Balanced),
                content_type: self.content_type.unwrap_or(ContentType::General),
                target_tokens,
                keywords,
                tokenizer,
            }),
            _ => Err(errors),
        }
    }
}

/// The response to one optimization.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OptimizeResponse {
    pub optimized_content: String,
    pub original_tokens: usize,
    pub optimized_tokens: usize,
    pub reduction_percentage: f64,
    pub compression_ratio: f64,
    pub quality_score: f64,
    /// The fewest tokens that still hold every protected item, as the optimizer estimates them:
    /// no strategy can go below it without losing a fact.
    pub floor_tokens: usize,
    /// Whether the reduction reached the strategy's range (MINIMAL 5 %, CONSERVATIVE 15 %,
    /// BALANCED 30 %, AGGRESSIVE 45 %); false when the document's protected content (see
    /// `floorTokens`) or its brevity left too little to remove.
    pub range_reached: bool,
    /// How the score was made: see `domain::optimizer::quality`.
    pub quality: Quality,
    pub preserved_keywords: Vec<String>,
    /// Every protected item (values, negations, drugs, findings, keywords…) as the optimized
    /// text writes it, in order; the quality score counts how many survived.
    pub protected_items: Vec<String>,
    pub processing_time_ms: f64,
    pub strategy: Strategy,
    pub content_type: ContentType,
    pub tokenizer: ModelTokenizer,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetReport>,
}

impl Valid {
    /// Runs on the calling thread to the end. Only for threads that may block (a batch's
    /// workers, `spawn_blocking`); async code uses `run_blocking`.
    pub fn run(self) -> (OptimizeResponse, OptimizerTotals) {
        let started = Instant::now();
        let result = optimize(&self.content, &self.options(), &self.tokenizer.counter());
        self.respond(result, started)
    }

    /// Runs on the blocking pool, never on the async runtime's worker threads (a large document
    /// holds a core for tens of milliseconds, which would stall every other request sharing that
    /// thread), and gives up at `deadline`: the work itself stops within a sentence, so the
    /// blocking thread is freed too. Dropping the returned future stops it as well.
    pub async fn run_blocking(
        self,
        deadline: Option<tokio::time::Instant>,
    ) -> Result<(OptimizeResponse, OptimizerTotals), OptimizerFailure> {
        let stop = Arc::new(AtomicBool::new(false));
        let _stop_when_done = StopOnDrop(Arc::clone(&stop));
        let work = tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let result = optimize_until(&self.content, &self.options(), &self.tokenizer.counter(), &stop)?;
            Ok(self.respond(result, started))
        });
        let joined = match deadline {
            Some(deadline) => {
                tokio::time::timeout_at(deadline, work).await.map_err(|_| OptimizerFailure::DeadlineExceeded)?
            }
            None => work.await,
        };
        match joined {
            Ok(Ok(done)) => Ok(done),
            Ok(Err(Stopped)) => Err(OptimizerFailure::DeadlineExceeded),
            Err(crashed) => Err(OptimizerFailure::Crashed(crashed.to_string())),
        }
    }

    fn options(&self) -> Options<'_> {
        Options {
            strategy: self.strategy,
            content_type: self.content_type,
            target_tokens: self.target_tokens,
            preserve_keywords: &self.keywords,
        }
    }

    fn respond(self, result: Optimized, started: Instant) -> (OptimizeResponse, OptimizerTotals) {
        let totals = OptimizerTotals::of(&result);
        let response = OptimizeResponse {
            reduction_percentage: result.reduction_percentage(),
            compression_ratio: result.compression_ratio(),
            quality_score: result.quality.score,
            floor_tokens: result.floor_tokens,
            range_reached: result.range_reached(self.strategy),
            processing_time_ms: (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
            optimized_content: result.content,
            original_tokens: result.original_tokens,
            optimized_tokens: result.optimized_tokens,
            quality: result.quality,
            preserved_keywords: result.preserved_keywords,
            protected_items: result.protected_items,
            strategy: self.strategy,
            content_type: self.content_type,
            tokenizer: self.tokenizer,
            target: result.target,
        };
        (response, totals)
    }
}

/// Why `Valid::run_blocking` gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum OptimizerFailure {
    #[error("the deadline passed while the optimizer ran")]
    DeadlineExceeded,
    /// The blocking task panicked or was cancelled: a bug, logged by the caller.
    #[error("the optimizer task failed: {0}")]
    Crashed(String),
}

impl From<OptimizerFailure> for AppError {
    fn from(failure: OptimizerFailure) -> Self {
        match failure {
            OptimizerFailure::DeadlineExceeded => {
                AppError::DeadlineExceeded("the deadline passed while the context optimizer ran".to_owned())
            }
            OptimizerFailure::Crashed(cause) => {
                tracing::error!(error = %cause, "optimizer task failed");
                AppError::Internal
            }
        }
    }
}

/// Sets the flag when dropped: however `run_blocking` ends (answer, deadline, or its caller
/// dropping it), the optimization it started stops.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// One item of a batch answer: the result, or the item's own error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", untagged)]
pub enum BatchItem {
    /// Boxed: a result is several times the size of an error, and a batch holds many slots.
    Ok {
        index: usize,
        result: Box<OptimizeResponse>,
    },
    Failed {
        index: usize,
        error: ItemError,
    },
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ItemError {
    pub code: &'static str,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BatchSummary {
    pub total_items: usize,
    pub succeeded: usize,
    pub failed: usize,
    pub original_tokens: u64,
    pub optimized_tokens: u64,
    pub tokens_saved: u64,
    /// Saved tokens over original tokens across the batch (long documents weigh more).
    pub weighted_reduction_percentage: f64,
    pub average_quality: f64,
    pub estimated_savings_usd: f64,
    pub price_per_million_tokens_usd: f64,
    pub processing_time_ms: f64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchResponse {
    pub results: Vec<BatchItem>,
    pub summary: BatchSummary,
}

/// `POST /api/context-optimizer/batch` body: items shaped like single requests.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    /// Each item is shaped like a single request and checked on its own: a bad item is answered
    /// in its slot, so any JSON value is accepted here.
    #[schema(min_items = 1, max_items = 50)]
    requests: Vec<Value>,
}

/// Checks a batch body: the envelope must be right (else the whole request is a 400/413), each
/// item is parsed on its own so a bad item fails only its slot.
pub fn parse_batch(batch: BatchRequest) -> Result<Vec<Result<Valid, ItemError>>, AppError> {
    if batch.requests.is_empty() {
        return Err(AppError::validation("requests", "must hold at least one item"));
    }
    if batch.requests.len() > MAX_BATCH_ITEMS {
        return Err(AppError::validation("requests", format!("at most {MAX_BATCH_ITEMS} items per batch")));
    }
    Ok(batch
        .requests
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let prefix = format!("requests[{i}].");
            let request: OptimizeRequest = serde_path_to_error::deserialize(item).map_err(|e| {
                let error = crate::app::field_error(&e.path().to_string(), &e.inner().to_string());
                let field =
                    if error.field == "body" { format!("requests[{i}]") } else { format!("{prefix}{}", error.field) };
                ItemError { code: "validation_failed", errors: vec![FieldError::new(field, error.message)] }
            })?;
            request.validate(&prefix).map_err(|errors| ItemError { code: "validation_failed", errors })
        })
        .collect())
}

/// Runs the valid items in parallel on every core, keeping input order.
pub fn run_batch(items: Vec<Result<Valid, ItemError>>, price_per_million: f64) -> (BatchResponse, OptimizerTotals) {
    let started = Instant::now();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    let total = items.len();
    // Each worker takes the next item from one shared queue until it is empty: documents differ
    // in size and cores in speed (a shared machine, a Lambda's vCPUs), so a fixed split would
    // leave one worker idle while the other finishes its share. The lock is held only to take.
    let queue = Mutex::new(items.into_iter().enumerate());
    let mut outputs: Vec<Option<(BatchItem, Option<OptimizerTotals>)>> = (0..total).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).next();
                        let Some((index, item)) = next else { break };
                        done.push(match item {
                            Ok(valid) => {
                                let (result, totals) = valid.run();
                                (index, BatchItem::Ok { index, result: Box::new(result) }, Some(totals))
                            }
                            Err(error) => (index, BatchItem::Failed { index, error }, None),
                        });
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            // A worker that panicked leaves its slots empty; they are reported below.
            if let Ok(done) = handle.join() {
                for (index, item, totals) in done {
                    outputs[index] = Some((item, totals));
                }
            }
        }
    });
    let mut sum = OptimizerTotals::default();
    let mut results = Vec::with_capacity(total);
    for (index, output) in outputs.into_iter().enumerate() {
        match output {
            Some((item, totals)) => {
                if let Some(t) = totals {
                    sum.add(&t);
                }
                results.push(item);
            }
            None => results
                .push(BatchItem::Failed { index, error: ItemError { code: "internal_error", errors: Vec::new() } }),
        }
    }
    let succeeded = sum.optimizations as usize;
    let summary = BatchSummary {
        total_items: total,
        succeeded,
        failed: total - succeeded,
        original_tokens: sum.original_tokens,
        optimized_tokens: sum.optimized_tokens,
        tokens_saved: sum.tokens_saved(),
        weighted_reduction_percentage: sum.average_reduction_percentage(),
        average_quality: sum.average_quality(),
        estimated_savings_usd: savings_usd(sum.tokens_saved(), price_per_million),
        price_per_million_tokens_usd: price_per_million,
        processing_time_ms: (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
    };
    (BatchResponse { results, summary }, sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(content: &str) -> Result<Valid, ItemError> {
        let request = OptimizeRequest {
            content: content.to_owned(),
            strategy: None,
            content_type: None,
            target_tokens: None,
            preserve_keywords: None,
            model: None,
        };
        request.validate("").map_err(|errors| ItemError { code: "validation_failed", errors })
    }

    #[test]
    fn every_item_is_run_once_and_answered_in_its_slot() {
        // More items than workers, of different sizes, and a bad one in the middle.
        let items: Vec<_> = (0..23)
            .map(|i| {
                if i == 11 {
                    item("")
                } else {
                    item(&format!("Potassium {i}.1 mmol/L. {}", "Denies pain. ".repeat(i)))
                }
            })
            .collect();
        let (response, totals) = run_batch(items, 2.5);
        assert_eq!(response.results.len(), 23);
        for (slot, result) in response.results.iter().enumerate() {
            match result {
                BatchItem::Ok { index, result } => {
                    assert_eq!(*index, slot);
                    assert!(result.optimized_content.contains(&format!("Potassium {slot}.1 mmol/L")));
                }
                BatchItem::Failed { index, error } => {
                    assert_eq!((*index, slot, error.code), (11, 11, "validation_failed"));
                }
            }
        }
        assert_eq!((response.summary.succeeded, response.summary.failed, totals.optimizations), (22, 1, 22));
    }
}
