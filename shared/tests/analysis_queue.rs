//! The analysis queue's use cases and worker on the memory store, with a manual clock and
//! processors that fail, stall or cancel on demand: retries, backoff, leases, cancellation and
//! redelivery, without sleeping.
#![allow(clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use serde_json::{json, Value};
use shared::adapters::memory::MemoryConversationStore;
use shared::adapters::memory::MemoryTaskStore;
use shared::app::budget::Budget;
use shared::app::tasks::api::CreateTaskRequest;
use shared::app::tasks::processors::AnalysisProcessor;
use shared::app::tasks::{Delivery, QueueService, QueueSettings, RequeueReport, RequeueSettings, Worker};
use shared::clock::ManualClock;
use shared::domain::llm::{LlmReply, LlmRequest};
use shared::domain::tasks::{Backoff, EventKind, Priority, Task, TaskStatus, TaskType};
use shared::domain::tenant::TenantId;
use shared::http::ApiError;
use shared::ports::{
    Clock, LlmError, LlmProvider, ProcessError, ProgressSink, StoreError, TaskMessage, TaskProcessor, TaskQueue,
};
use shared::pricing::PriceTable;

/// Records what was queued; refuses when told to.
#[derive(Default)]
struct RecordingQueue {
    sent: Mutex<Vec<(TaskMessage, Duration)>>,
    refuse: bool,
}

#[async_trait]
impl TaskQueue for RecordingQueue {
    async fn enqueue(&self, message: &TaskMessage, delay: Duration) -> Result<(), StoreError> {
        if self.refuse {
            return Err(StoreError::Unavailable("queue down".to_owned()));
        }
        self.sent.lock().expect("lock").push((message.clone(), delay));
        Ok(())
    }
}

/// What a test processor does on each call.
#[derive(Clone)]
enum Script {
    Succeed(Value),
    FailRetryable,
    FailPermanent,
    /// Cancels the task through the service, then reports progress (the checkpoint).
    CancelMidway,
}

struct ScriptedProcessor {
    script: Script,
    calls: AtomicUsize,
    service: Mutex<Option<QueueService>>,
}

#[async_trait]
impl TaskProcessor for ScriptedProcessor {
    async fn process(&self, task: &Task, progress: &dyn ProgressSink) -> Result<Value, ProcessError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        progress.report(30).await?;
        match &self.script {
            Script::Succeed(v) => {
                progress.report(60).await?;
                Ok(v.clone())
            }
            Script::FailRetryable => Err(ProcessError::Retryable(format!("upstream 503 on call {call}"))),
            Script::FailPermanent => Err(ProcessError::Permanent("unusable data".to_owned())),
            Script::CancelMidway => {
                let service = self.service.lock().expect("lock").clone().expect("service set");
                service.cancel(&task.tenant, &task.id).await.expect("cancel");
                progress.report(70).await?;
                Ok(json!({"never": "stored"}))
            }
        }
    }
}

struct Harness {
    service: QueueService,
    worker: Worker,
    queue: RecordingQueue,
    clock: Arc<ManualClock>,
    processor: Arc<ScriptedProcessor>,
    tenant: TenantId,
}

fn harness(script: Script) -> Harness {
    let settings = QueueSettings {
        backoff: Backoff { base: Duration::from_secs(2), cap: Duration::from_secs(60) },
        lease: Duration::from_secs(300),
        workers: 2,
        ..QueueSettings::default()
    };
    harness_with(script, settings)
}

fn harness_with(script: Script, settings: QueueSettings) -> Harness {
    let clock = Arc::new(ManualClock::at(1_700_000_000_000));
    let service = QueueService::new(Arc::new(MemoryTaskStore::default()), clock.clone(), settings);
    let processor =
        Arc::new(ScriptedProcessor { script, calls: AtomicUsize::new(0), service: Mutex::new(Some(service.clone())) });
    let worker = Worker::new(service.clone(), processor.clone());
    Harness {
        service,
        worker,
        queue: RecordingQueue::default(),
        clock,
        processor,
        tenant: TenantId::parse("acme-health").expect("valid"),
    }
}

fn chat(priority: Option<Priority>) -> CreateTaskRequest {
    CreateTaskRequest {
        task_type: TaskType::ChatResponse,
        priority,
        data: json!({"message": "Which labs are abnormal?"}),
        metadata: Some(json!({"caseId": "c-1"})),
        compute: None,
    }
}

impl Harness {
    async fn submit(&self, priority: Option<Priority>) -> Task {
        self.service.submit(&self.queue, &self.tenant, chat(priority)).await.expect("submitted")
    }
    fn message(&self, task: &Task) -> TaskMessage {
        TaskMessage { tenant_id: self.tenant.clone(), task_id: task.id.clone(), priority: task.priority }
    }
    async fn stored(&self, task: &Task) -> Task {
        self.service.store().get(&self.tenant, &task.id).await.expect("read").expect("exists")
    }
    async fn event_kinds(&self, task: &Task) -> Vec<EventKind> {
        let events = self.service.store().events(&self.tenant, &task.id, 0).await.expect("events");
        let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, (1..=events.len() as u64).collect::<Vec<_>>(), "consecutive sequence numbers");
        events.into_iter().map(|e| e.kind).collect()
    }
}

#[tokio::test]
async fn a_task_runs_once_and_a_redelivery_never_runs_it_again() {
    let h = harness(Script::Succeed(json!({"answer": "K 3.1 is low"})));
    let task = h.submit(None).await;
    assert_eq!(
        (task.status, task.progress, task.priority, task.max_retries),
        (TaskStatus::Pending, 0, Priority::Normal, 2)
    );
    let sent = h.queue.sent.lock().expect("lock").clone();
    assert_eq!(sent, vec![(h.message(&task), Duration::ZERO)]);

    assert_eq!(h.worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
    let done = h.stored(&task).await;
    assert_eq!((done.status, done.progress), (TaskStatus::Completed, 100));
    assert_eq!(done.result, Some(json!({"answer": "K 3.1 is low"})));
    assert_eq!(
        h.event_kinds(&task).await,
        [EventKind::Created, EventKind::Started, EventKind::Progress, EventKind::Progress, EventKind::Completed]
    );

    // SQS delivers at least once: the same message again changes nothing and runs nothing.
    assert_eq!(h.worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
    assert_eq!(h.processor.calls.load(Ordering::SeqCst), 1);
    assert_eq!(h.stored(&task).await, done);
}

#[tokio::test]
async fn failures_retry_with_growing_backoff_up_to_the_priority_limit_then_fail_with_the_last_error() {
    for (priority, retries) in [(Priority::Urgent, 5), (Priority::High, 3), (Priority::Normal, 2), (Priority::Low, 1)] {
        let h = harness(Script::FailRetryable);
        let task = h.submit(Some(priority)).await;
        let mut waits = Vec::new();
        while let Delivery::RetryAfter(wait) = h.worker.deliver(&h.message(&task)).await.expect("delivered") {
            waits.push(wait);
            h.clock.advance(wait.as_millis() as i64);
        }
        assert_eq!(waits.len(), retries, "{priority:?}");
        for (i, wait) in waits.iter().enumerate() {
            let ceiling = Duration::from_secs(2 * (1 << i)).min(Duration::from_secs(60));
            assert!(*wait <= ceiling, "retry {} waited {wait:?}, above its ceiling {ceiling:?}", i + 1);
        }
        let failed = h.stored(&task).await;
        assert_eq!(failed.status, TaskStatus::Failed);
        assert_eq!(failed.retry_count, retries as u32);
        assert_eq!(failed.error, Some(format!("upstream 503 on call {}", retries + 1)));
        let kinds = h.event_kinds(&task).await;
        assert_eq!(kinds.iter().filter(|k| **k == EventKind::Retried).count(), retries);
        assert_eq!(kinds.last(), Some(&EventKind::Failed));
        // The finished task is never run again.
        assert_eq!(h.worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
        assert_eq!(h.processor.calls.load(Ordering::SeqCst), retries + 1);
    }
}

#[tokio::test]
async fn a_permanent_error_fails_at_once() {
    let h = harness(Script::FailPermanent);
    let task = h.submit(Some(Priority::Urgent)).await;
    assert_eq!(h.worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
    let failed = h.stored(&task).await;
    assert_eq!((failed.status, failed.retry_count), (TaskStatus::Failed, 0));
    assert_eq!(failed.error.as_deref(), Some("unusable data"));
}

#[tokio::test]
async fn a_task_cancelled_while_running_stops_at_its_checkpoint_and_is_never_completed() {
    let h = harness(Script::CancelMidway);
    let task = h.submit(None).await;
    assert_eq!(h.worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
    let cancelled = h.stored(&task).await;
    assert_eq!(cancelled.status, TaskStatus::Cancelled);
    assert_eq!(cancelled.result, None);
    assert_eq!(cancelled.progress, 30, "the report after the cancel was refused");
    assert_eq!(h.event_kinds(&task).await.last(), Some(&EventKind::Cancelled));
    // Cancelling again, or reporting progress, is a conflict.
    assert!(matches!(h.service.cancel(&h.tenant, &task.id).await.map_err(ApiError::from), Err(ApiError::Conflict(_))));
    assert!(matches!(
        h.service.set_progress(&h.tenant, &task.id, 90).await.map_err(ApiError::from),
        Err(ApiError::Conflict(_))
    ));
}

#[tokio::test]
async fn an_attempt_that_outlives_its_lease_counts_as_failed_and_a_live_one_is_waited_for() {
    let h = harness(Script::Succeed(json!({})));
    let task = h.submit(Some(Priority::High)).await;
    // A worker started the task and then died: the task is PROCESSING under its attempt.
    let now = h.clock.now_ms();
    h.service
        .change(&h.tenant, &task.id, |t| t.start("dead-attempt", now).map(Some))
        .await
        .expect("store")
        .expect("started");

    h.clock.advance(100_000);
    assert_eq!(
        h.worker.deliver(&h.message(&task)).await.expect("delivered"),
        Delivery::RetryAfter(Duration::from_secs(200)),
        "within the lease the attempt may still be running"
    );
    assert_eq!(h.processor.calls.load(Ordering::SeqCst), 0);

    h.clock.advance(200_000);
    let Delivery::RetryAfter(_) = h.worker.deliver(&h.message(&task)).await.expect("delivered") else {
        panic!("a dead attempt is a failure with retries left")
    };
    let retried = h.stored(&task).await;
    assert_eq!((retried.status, retried.retry_count), (TaskStatus::Pending, 1));
    assert!(retried.error.as_deref().is_some_and(|e| e.contains("crash or timeout")));
    assert_eq!(h.worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
    assert_eq!(h.stored(&task).await.status, TaskStatus::Completed);
}

#[tokio::test]
async fn a_result_above_the_limit_fails_the_task_with_its_size_instead_of_being_truncated() {
    let big = json!({"text": "x".repeat(shared::app::tasks::worker::MAX_RESULT_BYTES)});
    let h = harness(Script::Succeed(big));
    let task = h.submit(None).await;
    h.worker.deliver(&h.message(&task)).await.expect("delivered");
    let failed = h.stored(&task).await;
    assert_eq!(failed.status, TaskStatus::Failed);
    assert_eq!(failed.result, None);
    assert!(failed.error.as_deref().is_some_and(|e| e.contains("150000-byte limit")), "{:?}", failed.error);
}

#[tokio::test]
async fn progress_moves_forward_only_while_processing() {
    let h = harness(Script::Succeed(json!({})));
    let task = h.submit(None).await;
    assert!(
        matches!(
            h.service.set_progress(&h.tenant, &task.id, 10).await.map_err(ApiError::from),
            Err(ApiError::Conflict(_))
        ),
        "PENDING"
    );
    let now = h.clock.now_ms();
    h.service.change(&h.tenant, &task.id, |t| t.start("a1", now).map(Some)).await.expect("store").expect("started");
    assert_eq!(h.service.set_progress(&h.tenant, &task.id, 40).await.expect("forward").progress, 40);
    assert_eq!(h.service.set_progress(&h.tenant, &task.id, 40).await.expect("same again").version, 3);
    assert!(
        matches!(
            h.service.set_progress(&h.tenant, &task.id, 39).await.map_err(ApiError::from),
            Err(ApiError::Validation(_))
        ),
        "backwards"
    );
    assert!(matches!(
        h.service.set_progress(&h.tenant, &task.id, 101).await.map_err(ApiError::from),
        Err(ApiError::Validation(_))
    ));
    let other = TenantId::parse("other-clinic").expect("valid");
    assert!(matches!(
        h.service.set_progress(&other, &task.id, 50).await.map_err(ApiError::from),
        Err(ApiError::NotFound(_))
    ));
}

#[tokio::test]
async fn a_task_the_queue_refuses_is_failed_not_left_pending() {
    let mut h = harness(Script::Succeed(json!({})));
    h.queue.refuse = true;
    let err = ApiError::from(h.service.submit(&h.queue, &h.tenant, chat(None)).await.expect_err("refused"));
    assert!(matches!(err, ApiError::ServiceUnavailable(_)));
    let page = h.service.store().list(&h.tenant, &Default::default(), None, 10).await.expect("list");
    assert_eq!(page.tasks.len(), 1);
    assert_eq!(page.tasks[0].status, TaskStatus::Failed);
    let stats = h.service.stats(&h.tenant).await.expect("stats");
    assert_eq!(stats.queue_length, 0);
}

#[tokio::test]
async fn stats_count_statuses_priorities_and_processing_time_from_counters() {
    let h = harness(Script::Succeed(json!({})));
    let first = h.submit(Some(Priority::Urgent)).await;
    let _waiting = h.submit(Some(Priority::Low)).await;
    let cancelled = h.submit(Some(Priority::Low)).await;
    h.service.cancel(&h.tenant, &cancelled.id).await.expect("cancel");
    let now = h.clock.now_ms();
    h.service.change(&h.tenant, &first.id, |t| t.start("a", now).map(Some)).await.expect("store").expect("start");
    h.clock.advance(4_000);
    let later = h.clock.now_ms();
    h.service
        .change(&h.tenant, &first.id, |t| t.complete("a", json!({}), later).map(Some))
        .await
        .expect("store")
        .expect("done");

    let stats = h.service.stats(&h.tenant).await.expect("stats");
    assert_eq!(stats.total, 3);
    assert_eq!(stats.by_status["COMPLETED"], 1);
    assert_eq!(stats.by_status["CANCELLED"], 1);
    assert_eq!(stats.by_status["PENDING"], 1);
    assert_eq!(stats.by_priority["LOW"].waiting, 1);
    assert_eq!(stats.by_priority["LOW"].submitted, 2);
    assert_eq!(stats.queue_length, 1);
    assert_eq!(stats.average_processing_ms, Some(4_000.0));
    assert_eq!(stats.estimated_wait_ms, Some(2_000.0), "1 waiting × 4 s ÷ 2 workers");
}

#[tokio::test]
async fn submissions_with_bad_data_name_every_field_and_store_nothing() {
    let h = harness(Script::Succeed(json!({})));
    let request = CreateTaskRequest {
        task_type: TaskType::DocumentAnalysis,
        priority: None,
        data: json!({"document": {"content": "", "strategy": "BALANCED"}, "question": ""}),
        metadata: Some(json!(["not", "an", "object"])),
        compute: None,
    };
    let Err(ApiError::Validation(errors)) =
        h.service.submit(&h.queue, &h.tenant, request).await.map_err(ApiError::from)
    else {
        panic!("refused")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["data.question", "data.document.content", "metadata"]);
    assert!(h.queue.sent.lock().expect("lock").is_empty());
    assert_eq!(h.service.stats(&h.tenant).await.expect("stats").total, 0);
}

/// A request that died between writing the task and sending its message: written here with no
/// send at all.
async fn written_not_sent(h: &Harness) -> Task {
    let task = Task::new(
        shared::ids::new_id(),
        h.tenant.clone(),
        TaskType::ChatResponse,
        Priority::High,
        json!({"message": "Which labs are abnormal?"}),
        None,
        h.clock.now_ms(),
    );
    h.service.store().write(&shared::domain::tasks::TaskChange::created(task.clone())).await.expect("written");
    task
}

fn requeue() -> RequeueSettings {
    RequeueSettings { age: Duration::from_secs(60), max_tries: 3, batch: 100 }
}

#[tokio::test]
async fn a_task_written_but_never_sent_is_sent_by_the_sweep_once() {
    let h = harness(Script::Succeed(json!({"answer": "K 3.1 is low"})));
    let lost = written_not_sent(&h).await;
    let submitted = h.submit(None).await;
    assert_eq!(h.queue.sent.lock().expect("lock").len(), 1, "only the submitted task was sent");

    // Younger than the age: its request may still be sending it.
    let report = h.service.requeue_unsent(&h.queue, &requeue()).await;
    assert_eq!(report, RequeueReport::default());

    h.clock.advance(61_000);
    let report = h.service.requeue_unsent(&h.queue, &requeue()).await;
    assert_eq!(report.requeued, vec![lost.id.clone()], "{report:?}");
    let sent: Vec<(String, Priority)> =
        h.queue.sent.lock().expect("lock").iter().map(|(m, _)| (m.task_id.clone(), m.priority)).collect();
    assert_eq!(sent, [(submitted.id.clone(), Priority::Normal), (lost.id.clone(), Priority::High)]);
    assert_eq!(h.service.requeue_unsent(&h.queue, &requeue()).await, RequeueReport::default(), "sent once");

    // The message it got runs it like any other.
    assert_eq!(h.worker.deliver(&h.message(&lost)).await.expect("delivered"), Delivery::Done);
    assert_eq!(h.stored(&lost).await.status, TaskStatus::Completed);
}

#[tokio::test]
async fn a_task_the_queue_keeps_refusing_is_failed_after_the_last_try() {
    let mut h = harness(Script::Succeed(json!({})));
    h.queue = RecordingQueue { refuse: true, ..RecordingQueue::default() };
    let lost = written_not_sent(&h).await;
    h.clock.advance(61_000);
    for attempt in 1..=2 {
        let report = h.service.requeue_unsent(&h.queue, &requeue()).await;
        assert_eq!((report.requeued.len(), report.failed.len(), report.errors.len()), (0, 0, 1), "try {attempt}");
        assert_eq!(h.stored(&lost).await.status, TaskStatus::Pending);
    }
    let report = h.service.requeue_unsent(&h.queue, &requeue()).await;
    assert_eq!(report.failed, vec![lost.id.clone()], "{report:?}");
    let failed = h.stored(&lost).await;
    assert_eq!(failed.status, TaskStatus::Failed);
    let error = failed.error.expect("why");
    assert!(error.contains("could not be queued") && error.contains("3 tries"), "{error}");
    assert_eq!(h.service.requeue_unsent(&h.queue, &requeue()).await, RequeueReport::default());
}

#[tokio::test]
async fn a_cancelled_task_that_was_never_sent_is_not_sent() {
    let h = harness(Script::Succeed(json!({})));
    let lost = written_not_sent(&h).await;
    h.service.cancel(&h.tenant, &lost.id).await.expect("cancelled");
    h.clock.advance(61_000);
    assert_eq!(h.service.requeue_unsent(&h.queue, &requeue()).await, RequeueReport::default());
    assert!(h.queue.sent.lock().expect("lock").is_empty());
}

/// A model that takes `call_ms` of the manual clock per call (and `sleep` of tokio's clock), and
/// counts its calls.
struct TimedModel {
    clock: Arc<ManualClock>,
    call_ms: i64,
    sleep: Duration,
    calls: AtomicUsize,
}

#[async_trait]
impl LlmProvider for TimedModel {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(self.sleep).await;
        self.clock.advance(self.call_ms);
        Ok(LlmReply {
            text: format!("answer {call}"),
            provider: "fake".to_owned(),
            model: request.model.clone(),
            input_tokens: 100,
            output_tokens: 10,
            cached_tokens: 0,
        })
    }
}

/// The real processor behind a worker whose attempts have 60 s each, on a model of `call_ms`.
fn timed(call_ms: i64, sleep: Duration) -> (Harness, Worker, Arc<TimedModel>) {
    let h = harness_with(
        Script::FailPermanent,
        QueueSettings { attempt_budget: Duration::from_secs(60), ..QueueSettings::default() },
    );
    let model = Arc::new(TimedModel { clock: h.clock.clone(), call_ms, sleep, calls: AtomicUsize::new(0) });
    let budget = Budget::new(Arc::new(MemoryConversationStore::default()), h.clock.clone(), None);
    let processor = AnalysisProcessor::new(model.clone(), PriceTable::builtin().expect("prices"), budget);
    let worker = Worker::new(h.service.clone(), Arc::new(processor));
    (h, worker, model)
}

fn batch(items: usize) -> CreateTaskRequest {
    let item = json!({ "document": { "content": "Potassium 3.1 mmol/L (3.5-5.1).", "model": "gpt-4o" } });
    CreateTaskRequest {
        task_type: TaskType::BatchProcessing,
        priority: Some(Priority::Low),
        data: json!({ "items": vec![item; items] }),
        metadata: None,
        compute: None,
    }
}

#[tokio::test]
async fn a_batch_longer_than_an_attempt_pauses_keeps_its_finished_items_and_resumes_after_them() {
    // 25 s a call, 60 s an attempt: two items fit, the third would not start in time.
    let (h, worker, model) = timed(25_000, Duration::ZERO);
    let task = h.service.submit(&h.queue, &h.tenant, batch(5)).await.expect("submitted");
    let mut deliveries = Vec::new();
    let mut checkpoints = Vec::new();
    loop {
        let delivery = worker.deliver(&h.message(&task)).await.expect("delivered");
        deliveries.push(delivery);
        let stored = h.stored(&task).await;
        checkpoints.push(stored.checkpoint.as_ref().map_or(0, Vec::len));
        if delivery == Delivery::Done {
            break;
        }
        assert_eq!((stored.status, stored.retry_count), (TaskStatus::Pending, 0), "a pause uses no retry");
    }
    assert_eq!(
        deliveries,
        [Delivery::RetryAfter(Duration::ZERO), Delivery::RetryAfter(Duration::ZERO), Delivery::Done]
    );
    assert_eq!(checkpoints, [2, 4, 0], "parts kept between attempts, dropped once final");
    assert_eq!(model.calls.load(Ordering::SeqCst), 5, "no item is paid for twice");
    let done = h.stored(&task).await;
    assert_eq!((done.status, done.retry_count, done.error.as_deref()), (TaskStatus::Completed, 0, None));
    let result = done.result.expect("result");
    let indexes: Vec<u64> =
        result["items"].as_array().expect("items").iter().map(|i| i["index"].as_u64().expect("index")).collect();
    assert_eq!(indexes, [0, 1, 2, 3, 4]);
    let answers: Vec<&str> = result["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["result"]["answer"]["text"].as_str().expect("text"))
        .collect();
    assert_eq!(
        answers,
        ["answer 1", "answer 2", "answer 3", "answer 4", "answer 5"],
        "each item answered once, in order"
    );
    assert_eq!((result["succeeded"].as_u64(), result["failed"].as_u64()), (Some(5), Some(0)));
    let kinds = h.event_kinds(&task).await;
    assert_eq!(kinds.iter().filter(|k| **k == EventKind::Paused).count(), 2, "{kinds:?}");
    assert!(!kinds.contains(&EventKind::Retried), "{kinds:?}");
}

#[tokio::test(start_paused = true)]
async fn an_item_that_alone_outlasts_an_attempt_fails_the_task_saying_so() {
    // The call is still running when the attempt's 60 s are over.
    let (h, worker, model) = timed(0, Duration::from_secs(90));
    let task = h.service.submit(&h.queue, &h.tenant, batch(3)).await.expect("submitted");
    assert_eq!(worker.deliver(&h.message(&task)).await.expect("delivered"), Delivery::Done);
    let failed = h.stored(&task).await;
    assert_eq!(failed.status, TaskStatus::Failed);
    let error = failed.error.expect("an error");
    assert!(error.contains("part 1 of 3 did not finish within one attempt's time budget"), "{error}");
    assert_eq!(model.calls.load(Ordering::SeqCst), 1);
}
