//! The SQS consumer of the four priority queues (one event source mapping each): every record is
//! one delivery to the worker (`shared::app::tasks::worker`), and the answer lists the records to
//! deliver again (`ReportBatchItemFailures`), each held back as long as its outcome says
//! (`shared::runtime::sqs`).

use std::sync::Arc;

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use shared::app::budget::Budget;
use shared::app::gpu_pool::GpuScheduler;
use shared::app::tasks::processors::AnalysisProcessor;
use shared::app::tasks::{QueueService, Worker};
use shared::ports::{LlmProvider, MessageVisibility};
use shared::pricing::PriceTable;
use shared::runtime::sqs::BatchConsumer;

/// The consumer, built once per cold start; fails only if the compiled-in price table is broken.
/// Every model call a task makes is reserved against `budget` and recorded in its spend; GPU
/// tasks are placed on the tenants' pools by `gpu`.
pub fn consumer(
    service: QueueService,
    llm: Arc<dyn LlmProvider>,
    budget: Budget,
    visibility: Arc<dyn MessageVisibility>,
    gpu: Option<Arc<GpuScheduler>>,
) -> Result<Arc<BatchConsumer>, String> {
    let processor = AnalysisProcessor::new(llm, PriceTable::builtin()?, budget);
    let worker = Worker::new(service, Arc::new(processor));
    let worker = match gpu {
        Some(scheduler) => worker.with_gpu(scheduler),
        None => worker,
    };
    Ok(Arc::new(BatchConsumer { worker, visibility }))
}

pub async fn handle(consumer: Arc<BatchConsumer>, event: SqsEvent) -> SqsBatchResponse {
    consumer.process(event).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use std::time::Duration;

    use shared::adapters::memory::MemoryConversationStore;
    use shared::adapters::offline_llm::OfflineLlm;
    use shared::clock::SystemClock;
    use shared::domain::chat::{spend_period, CostUnits};
    use shared::domain::tasks::TaskStatus;
    use shared::domain::tenant::TenantId;
    use shared::ports::{Clock, StoreError};
    use shared::test_util::{fixture_queue, workspace_file, FixtureTask, FIXTURE_TASK_ID, FIXTURE_TENANT};

    /// Records every hold: (receipt handle, wait).
    #[derive(Default)]
    struct Holds(Mutex<Vec<(String, Duration)>>);

    #[async_trait::async_trait]
    impl MessageVisibility for Holds {
        async fn hold(&self, _: &str, handle: &str, wait: Duration) -> Result<(), StoreError> {
            self.0.lock().expect("lock").push((handle.to_owned(), wait));
            Ok(())
        }
    }

    /// A spend store of its own, with every tenant's monthly model budget at `limit`.
    fn budget(limit: Option<CostUnits>) -> Budget {
        Budget::new(Arc::new(MemoryConversationStore::default()), Arc::new(SystemClock), limit)
    }

    fn event(path: &str) -> SqsEvent {
        let raw = std::fs::read_to_string(workspace_file(path)).expect("fixture");
        serde_json::from_str(&raw).expect("an SQS event")
    }

    #[tokio::test]
    async fn a_message_runs_its_task_to_completion_and_is_deleted() {
        let service = fixture_queue(FixtureTask::Pending).await;
        let holds = Arc::new(Holds::default());
        let budget = budget(Some(100_000_000));
        let consumer = consumer(service.as_ref().clone(), Arc::new(OfflineLlm), budget.clone(), holds.clone(), None)
            .expect("consumer");
        let response = handle(consumer.clone(), event("events/process-analysis-queue/one-task.json")).await;
        assert!(response.batch_item_failures.is_empty());
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("valid");
        let task = service.store().get(&tenant, FIXTURE_TASK_ID).await.expect("read").expect("exists");
        assert_eq!(task.status, TaskStatus::Completed);
        let answer = &task.result.expect("result")["answer"];
        assert_eq!(answer["provider"], "offline");
        assert!(answer["inputTokens"].as_u64().is_some_and(|n| n > 0));
        assert_eq!(answer["costUsd"], 0.0, "the offline provider is priced, at 0");
        // The call is in the tenant's spend, and its reservation was settled.
        let spend = budget.store().spend(&tenant, &spend_period(SystemClock.now_ms())).await.expect("spend");
        assert_eq!((spend.calls, spend.cost, spend.committed), (1, 0, 0));
        assert_eq!(spend.usage.prompt, answer["inputTokens"].as_u64().expect("tokens"));

        // The same message again (at-least-once delivery): deleted, the task untouched.
        let again = handle(consumer, event("events/process-analysis-queue/one-task.json")).await;
        assert!(again.batch_item_failures.is_empty());
        let after = service.store().get(&tenant, FIXTURE_TASK_ID).await.expect("read").expect("exists");
        assert_eq!(after.version, task.version);
    }

    #[tokio::test]
    async fn an_unreadable_message_fails_alone_and_is_released_at_once() {
        let service = fixture_queue(FixtureTask::Pending).await;
        let holds = Arc::new(Holds::default());
        let consumer = consumer(service.as_ref().clone(), Arc::new(OfflineLlm), budget(None), holds.clone(), None)
            .expect("consumer");
        let response = handle(consumer, event("events/process-analysis-queue/unreadable-and-valid.json")).await;
        let failed: Vec<&str> = response.batch_item_failures.iter().map(|f| f.item_identifier.as_str()).collect();
        assert_eq!(failed, ["m-bad"]);
        assert_eq!(*holds.0.lock().expect("lock"), vec![("handle-m-bad".to_owned(), Duration::ZERO)]);
    }

    #[tokio::test]
    async fn a_task_the_monthly_budget_cannot_cover_fails_at_once_with_the_budget_error() {
        let service = fixture_queue(FixtureTask::Pending).await;
        let holds = Arc::new(Holds::default());
        // $0.001: a gpt-4o answer of up to 1,024 tokens may cost more than $0.01.
        let budget = budget(Some(100_000));
        let consumer = consumer(service.as_ref().clone(), Arc::new(OfflineLlm), budget.clone(), holds.clone(), None)
            .expect("consumer");
        let response = handle(consumer, event("events/process-analysis-queue/one-task.json")).await;
        assert!(response.batch_item_failures.is_empty(), "the message is done with: nothing to retry");
        assert!(holds.0.lock().expect("lock").is_empty(), "no retry was scheduled");
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("valid");
        let task = service.store().get(&tenant, FIXTURE_TASK_ID).await.expect("read").expect("exists");
        assert_eq!((task.status, task.retry_count), (TaskStatus::Failed, 0));
        let error = task.error.unwrap_or_default();
        assert!(error.starts_with("budget_exhausted:") && error.contains("$0.001 has $0.001 left"), "{error}");
        let spend = budget.store().spend(&tenant, &spend_period(SystemClock.now_ms())).await.expect("spend");
        assert_eq!((spend.calls, spend.committed), (0, 0), "nothing was spent or stays reserved");
    }
}
