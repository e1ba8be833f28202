//! The processors against a scripted model and the memory stores.

use std::sync::Mutex;

use super::*;
use crate::adapters::memory::MemoryConversationStore;
use crate::clock::ManualClock;
use crate::domain::chat::{CostUnits, Spend};
use crate::domain::tasks::{Priority, Task, TaskType};
use crate::ports::ConversationStore;

/// 2026-11-15T00:00:00Z: spend is counted in 2026-11.
const NOW_MS: i64 = 1_794_700_800_000;

/// A provider that answers every call with 100 prompt and `output` answer tokens (gpt-4o:
/// $0.00025 + `output` × $0.00001), or fails with `failure`; it notes what the tenant had
/// committed when each call was made.
struct Fake {
    store: Arc<MemoryConversationStore>,
    output: u64,
    failure: Option<LlmError>,
    committed_at_call: Mutex<Vec<CostUnits>>,
}

#[async_trait]
impl LlmProvider for Fake {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError> {
        let spend = self.store.spend(&tenant(), "2026-11").await.map_err(|e| LlmError::Permanent(e.to_string()))?;
        self.committed_at_call.lock().map_err(|_| LlmError::Permanent("lock".into()))?.push(spend.committed);
        if let Some(failure) = &self.failure {
            return Err(failure.clone());
        }
        Ok(LlmReply {
            text: "Potassium is low.".to_owned(),
            provider: "fake".to_owned(),
            model: request.model.clone(),
            input_tokens: 100,
            output_tokens: self.output,
            cached_tokens: 0,
        })
    }
}

struct NoProgress;

#[async_trait]
impl ProgressSink for NoProgress {
    async fn report(&self, _: u8) -> Result<(), ProcessError> {
        Ok(())
    }

    async fn checkpoint(&self, _: u8, _: &[Value]) -> Result<(), ProcessError> {
        Ok(())
    }

    fn time_left(&self) -> Option<Duration> {
        None
    }
}

fn tenant() -> TenantId {
    TenantId::parse("clinic-a").expect("valid")
}

fn processor(limit: Option<CostUnits>, output: u64, failure: Option<LlmError>) -> (AnalysisProcessor, Arc<Fake>) {
    let store = Arc::new(MemoryConversationStore::default());
    let fake = Arc::new(Fake { store: store.clone(), output, failure, committed_at_call: Mutex::new(Vec::new()) });
    let processor = AnalysisProcessor::new(
        fake.clone(),
        PriceTable::builtin().expect("prices"),
        Budget::new(store, Arc::new(ManualClock::at(NOW_MS)), limit),
    );
    (processor, fake)
}

async fn run(processor: &AnalysisProcessor, task_type: TaskType, data: Value) -> Result<Value, ProcessError> {
    let task = Task::new("t-1".to_owned(), tenant(), task_type, Priority::Normal, data, None, NOW_MS);
    processor.process(&task, &NoProgress).await
}

async fn spend(processor: &AnalysisProcessor) -> Spend {
    processor.budget.store().spend(&tenant(), "2026-11").await.expect("spend")
}

fn calls(fake: &Fake) -> Vec<CostUnits> {
    fake.committed_at_call.lock().expect("lock").clone()
}

fn question() -> Value {
    json!({ "message": "Is potassium 3.1 mmol/L low?", "model": "gpt-4o" })
}

fn analysis() -> Value {
    json!({ "document": { "content": "Potassium 3.1 mmol/L L (3.5-5.1). Denies chest pain.", "model": "gpt-4o" } })
}

#[tokio::test]
async fn a_failed_model_call_releases_its_reservation() {
    for (failure, retryable) in [
        (LlmError::Transient("503 from upstream".to_owned()), true),
        (LlmError::Permanent("400: bad request".to_owned()), false),
    ] {
        let (processor, fake) = processor(Some(100_000_000), 10, Some(failure));
        let outcome = run(&processor, TaskType::ChatResponse, question()).await;
        assert_eq!(matches!(outcome, Err(ProcessError::Retryable(_))), retryable, "{outcome:?}");
        assert!(matches!(outcome, Err(ProcessError::Retryable(_) | ProcessError::Permanent(_))));
        // The worst case (above $0.01: 1,024 answer tokens at $10/M) was set aside for the call...
        let reserved = calls(&fake);
        assert!(reserved.len() == 1 && reserved[0] > 1_024_000, "{reserved:?}");
        // ...and given back when it failed: nothing spent, nothing committed.
        let spend = spend(&processor).await;
        assert_eq!((spend.calls, spend.cost, spend.committed), (0, 0, 0));
    }
}

#[tokio::test]
async fn an_answered_call_is_recorded_at_its_actual_cost_and_settles_its_reservation() {
    let (processor, fake) = processor(Some(100_000_000), 10, None);
    let result = run(&processor, TaskType::DocumentAnalysis, analysis()).await.expect("answered");
    // 100 × $2.50/M + 10 × $10/M.
    assert_eq!(result["answer"]["costUsd"], json!(0.00035));
    assert!(calls(&fake)[0] > 1_024_000, "reserved before the call");
    let spend = spend(&processor).await;
    assert_eq!((spend.calls, spend.cost, spend.committed), (1, 35_000, 35_000));
    assert_eq!((spend.usage.prompt, spend.usage.completion), (100, 10));
}

#[tokio::test]
async fn a_call_the_budget_cannot_cover_is_not_made_and_fails_the_task_for_good() {
    let (processor, fake) = processor(Some(100_000), 10, None);
    for (task_type, data) in [(TaskType::ChatResponse, question()), (TaskType::DocumentAnalysis, analysis())] {
        let Err(ProcessError::Permanent(error)) = run(&processor, task_type, data).await else {
            panic!("a permanent failure")
        };
        assert!(error.starts_with("budget_exhausted: this call could cost up to $0.01"), "{error}");
        assert!(error.contains("monthly model budget of $0.001 has $0.001 left for 2026-11"), "{error}");
    }
    assert!(calls(&fake).is_empty(), "no model was called");
    assert_eq!(spend(&processor).await, Spend::default());
}

#[tokio::test]
async fn a_batch_stops_at_the_first_item_the_budget_cannot_cover() {
    // $0.016 fits one worst case (about $0.0105); the first answer costs $0.01049, so the
    // second item's worst case no longer fits.
    let (processor, fake) = processor(Some(1_600_000), 1_024, None);
    let Err(ProcessError::Permanent(error)) =
        run(&processor, TaskType::BatchProcessing, json!({ "items": [analysis(), analysis(), analysis()] })).await
    else {
        panic!("a permanent failure, not an item in its slot")
    };
    assert!(error.starts_with("budget_exhausted:") && error.contains("stopped at part 2 of 3"), "{error}");
    assert_eq!(calls(&fake).len(), 1);
    let spend = spend(&processor).await;
    assert_eq!((spend.calls, spend.cost, spend.committed), (1, 1_049_000, 1_049_000));
}

#[tokio::test]
async fn with_a_budget_a_model_with_no_price_is_refused_and_without_one_it_runs() {
    let unpriced = json!({ "message": "Hello", "model": "claude-unpriced-model" });
    let (processor, fake) = processor(Some(100_000_000), 10, None);
    let Err(ProcessError::Permanent(error)) = run(&processor, TaskType::ChatResponse, unpriced.clone()).await else {
        panic!("refused")
    };
    assert!(error.contains("has no price"), "{error}");
    assert!(calls(&fake).is_empty());

    let (unbudgeted, _) = self::processor(None, 10, None);
    let result = run(&unbudgeted, TaskType::ChatResponse, unpriced).await.expect("answered");
    assert_eq!(result["answer"]["costUsd"], Value::Null, "never a silent $0 in the answer");
    assert_eq!(spend(&unbudgeted).await.calls, 1, "its tokens are still counted");
}
