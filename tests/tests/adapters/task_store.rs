//! The `TaskStore` contract, run on the memory store and on the DynamoDB adapter (moto): atomic
//! changes guarded by version, events in order, counters without scans, tenant-scoped reads,
//! newest-first paging with filters, and no lost or doubled change under concurrency.

use std::sync::Arc;

use serde_json::json;
use shared::adapters::memory::MemoryTaskStore;
use shared::app::tasks::{QueueService, QueueSettings};
use shared::clock::SystemClock;
use shared::domain::tasks::{EventKind, Priority, Task, TaskChange, TaskStatus, TaskType};
use shared::domain::tenant::TenantId;
use shared::ids::new_id;
use shared::ports::{StoreError, TaskFilter, TaskStore};
use shared::wiring::stores::Stores;
use tests::emulator;

fn tenant(name: &str) -> TenantId {
    TenantId::parse(name).expect("valid")
}

fn task(tenant: &TenantId, task_type: TaskType, priority: Priority) -> Task {
    let data = json!({"message": "Summarize the plan.", "nested": {"ok": [1, 2.5, null]}});
    Task::new(new_id(), tenant.clone(), task_type, priority, data, Some(json!({"caseId": "c-9"})), 1_795_399_200_000)
}

async fn contract(store: Arc<dyn TaskStore>) {
    let a = tenant("clinic-a");
    let b = tenant("clinic-b");

    // Create, read back exactly, refuse the same id twice.
    let first = task(&a, TaskType::ChatResponse, Priority::High);
    store.write(&TaskChange::created(first.clone())).await.expect("created");
    assert_eq!(store.get(&a, &first.id).await.expect("read"), Some(first.clone()));
    assert!(matches!(store.write(&TaskChange::created(first.clone())).await, Err(StoreError::Conflict)));
    assert_eq!(store.get(&b, &first.id).await.expect("read"), None, "another tenant's id is not found");

    // A change applies once; the same change again (a stale version) is refused and writes nothing.
    let running = first.start("attempt-1", 1_795_399_201_000).expect("start");
    let started = TaskChange::between(first.clone(), running.clone(), 1_795_399_201_000);
    store.write(&started).await.expect("started");
    assert!(matches!(store.write(&started).await, Err(StoreError::Conflict)));
    // A change with a ceiling is written only while the tenant's counter is below it.
    let waiting = shared::domain::tasks::changes::waiting_counter(Priority::High);
    let capped = task(&b, TaskType::ChatResponse, Priority::High);
    store.write(&TaskChange::created(capped.clone()).within(waiting.clone(), 1)).await.expect("below the ceiling");
    let over = task(&b, TaskType::ChatResponse, Priority::High);
    assert!(matches!(
        store.write(&TaskChange::created(over.clone()).within(waiting, 1)).await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get(&b, &over.id).await.expect("read"), None, "a refused change writes nothing");
    let cancelled = capped.cancel(1_795_399_201_500).expect("cancel");
    store.write(&TaskChange::between(capped, cancelled, 1_795_399_201_500)).await.expect("cancelled");

    // Finished parts are kept with the task (and read back whole) until it is final.
    let parts = vec![json!({"index": 0, "result": {"text": "K 3.1"}}), json!({"index": 1, "error": "refused"})];
    let checkpointed = running.with_checkpoint("attempt-1", parts, 40).expect("checkpoint");
    store.write(&TaskChange::between(running, checkpointed.clone(), 1_795_399_202_000)).await.expect("checkpointed");
    assert_eq!(store.get(&a, &first.id).await.expect("read"), Some(checkpointed.clone()));
    let done = checkpointed.complete("attempt-1", json!({"answer": "ok"}), 1_795_399_204_000).expect("complete");
    assert_eq!(done.checkpoint, None);
    store.write(&TaskChange::between(checkpointed, done.clone(), 1_795_399_204_000)).await.expect("completed");
    assert_eq!(store.get(&a, &first.id).await.expect("read"), Some(done.clone()));

    let events = store.events(&a, &first.id, 0).await.expect("events");
    let kinds: Vec<EventKind> = events.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EventKind::Created, EventKind::Started, EventKind::Progress, EventKind::Completed]);
    assert_eq!(store.events(&a, &first.id, 1).await.expect("events").len(), 3, "resumes after a seq");
    assert!(store.events(&b, &first.id, 0).await.expect("events").is_empty());

    // Four more tasks for A, one for B: newest first, paged, filtered.
    let mut ids = vec![first.id.clone()];
    for (task_type, priority) in [
        (TaskType::DocumentAnalysis, Priority::Low),
        (TaskType::ChatResponse, Priority::Low),
        (TaskType::ReportGeneration, Priority::Urgent),
        (TaskType::ChatResponse, Priority::Low),
    ] {
        let t = task(&a, task_type, priority);
        ids.push(t.id.clone());
        store.write(&TaskChange::created(t)).await.expect("created");
    }
    store.write(&TaskChange::created(task(&b, TaskType::ChatResponse, Priority::Low))).await.expect("created");
    let newest_first: Vec<String> = ids.iter().rev().cloned().collect();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = store.list(&a, &TaskFilter::default(), after.as_deref(), 2).await.expect("page");
        assert!(page.tasks.len() <= 2);
        seen.extend(page.tasks.iter().map(|t| t.id.clone()));
        match page.next_after {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, newest_first);
    let low_chats =
        TaskFilter { task_type: Some(TaskType::ChatResponse), priority: Some(Priority::Low), ..Default::default() };
    let page = store.list(&a, &low_chats, None, 10).await.expect("page");
    assert_eq!(page.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>(), [ids[4].clone(), ids[2].clone()]);
    let completed = TaskFilter { status: Some(TaskStatus::Completed), ..Default::default() };
    let page = store.list(&a, &completed, None, 10).await.expect("page");
    assert_eq!(page.tasks.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [first.id.as_str()]);
    let pending_one = TaskFilter { status: Some(TaskStatus::Pending), ..Default::default() };
    let page = store.list(&a, &pending_one, None, 1).await.expect("page");
    assert_eq!((page.tasks.len(), page.next_after.is_some()), (1, true));

    // Counters: A has 5 tasks, one COMPLETED after 3 s of processing.
    let c = store.counters(&a).await.expect("counters");
    assert_eq!((c.get("status.PENDING"), c.get("status.COMPLETED"), c.get("status.PROCESSING")), (4, 1, 0));
    assert_eq!((c.get("waiting.LOW"), c.get("created.LOW"), c.get("created.HIGH")), (3, 3, 1));
    assert_eq!((c.get("processingMs"), c.get("processed")), (3_000, 1));
    assert_eq!(store.counters(&tenant("nobody")).await.expect("counters").0.len(), 0);

    // Concurrency: progress updates racing a cancel. Each write is conditional, so every change
    // lands once: the version, the event count and the counters agree at the end.
    let service = QueueService::new(store.clone(), Arc::new(SystemClock), QueueSettings::default());
    let racing = task(&a, TaskType::BatchProcessing, Priority::Normal);
    store.write(&TaskChange::created(racing.clone())).await.expect("created");
    let now = 1_795_399_300_000;
    service.change(&a, &racing.id, |t| t.start("attempt-r", now).map(Some)).await.expect("store").expect("started");
    let mut calls = Vec::new();
    for value in [10, 20, 30, 40, 50, 60] {
        let (service, a, id) = (service.clone(), a.clone(), racing.id.clone());
        calls.push(tokio::spawn(async move { service.set_progress(&a, &id, value).await.is_ok() }));
    }
    let (service_c, a_c, id_c) = (service.clone(), a.clone(), racing.id.clone());
    calls.push(tokio::spawn(async move { service_c.cancel(&a_c, &id_c).await.is_ok() }));
    let mut landed = 0;
    for call in calls {
        if call.await.expect("joined") {
            landed += 1;
        }
    }
    let final_task = store.get(&a, &racing.id).await.expect("read").expect("exists");
    assert_eq!(final_task.status, TaskStatus::Cancelled, "the cancel always lands: nothing refuses it");
    let events = store.events(&a, &racing.id, 0).await.expect("events");
    assert_eq!(events.len() as u64, final_task.version, "one event per version");
    assert_eq!(final_task.version, 2 + landed as u64, "created, started, then each change that landed");
    let progress: Vec<u8> = events.iter().map(|e| e.progress).collect();
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "progress never went backwards: {progress:?}");
    let c = store.counters(&a).await.expect("counters");
    assert_eq!((c.get("status.CANCELLED"), c.get("status.PROCESSING")), (1, 0));
}

/// Tasks created and never confirmed sent: found across tenants, oldest first, once older than a
/// cutoff; out of the list once marked sent or changed; send failures counted.
async fn unsent_contract(store: Arc<dyn TaskStore>) {
    let a = tenant("clinic-unsent-a");
    let b = tenant("clinic-unsent-b");
    let at = |t: &TenantId, ms: i64| {
        let mut task = task(t, TaskType::ChatResponse, Priority::Normal);
        task.created_at_ms = ms;
        task
    };
    let t0 = 1_795_399_200_000;
    let lost = at(&a, t0);
    let other_tenant = at(&b, t0 + 10_000);
    let sent = at(&a, t0 + 20_000);
    let cancelled = at(&a, t0 + 30_000);
    let later = at(&a, t0 + 40_000);
    for task in [&lost, &other_tenant, &sent, &cancelled, &later] {
        store.write(&TaskChange::created(task.clone())).await.expect("created");
    }
    store.mark_sent(&a, &sent.id).await.expect("marked");
    store.mark_sent(&a, &sent.id).await.expect("marked again: idempotent");
    let gone = cancelled.cancel(t0 + 31_000).expect("cancel");
    store.write(&TaskChange::between(cancelled.clone(), gone, t0 + 31_000)).await.expect("cancelled");

    let ids = |found: Vec<shared::ports::UnsentTask>| found.into_iter().map(|u| u.id).collect::<Vec<_>>();
    assert_eq!(ids(store.unsent(t0 + 5_000, 10).await.expect("unsent")), vec![lost.id.clone()]);
    let all = store.unsent(t0 + 60_000, 10).await.expect("unsent");
    assert_eq!(
        all.iter().map(|u| (u.tenant.clone(), u.created_at_ms)).collect::<Vec<_>>(),
        [(a.clone(), t0), (b.clone(), t0 + 10_000), (a.clone(), t0 + 40_000)]
    );
    assert_eq!(ids(all), [lost.id.clone(), other_tenant.id.clone(), later.id.clone()]);
    assert_eq!(ids(store.unsent(t0 + 60_000, 2).await.expect("unsent")), [lost.id.clone(), other_tenant.id.clone()]);

    assert_eq!(store.send_failed(&a, &lost.id).await.expect("counted"), 1);
    assert_eq!(store.send_failed(&a, &lost.id).await.expect("counted"), 2);
    assert_eq!(store.get(&a, &lost.id).await.expect("read"), Some(lost.clone()), "the task itself is unchanged");
    store.mark_sent(&a, &lost.id).await.expect("marked");
    assert_eq!(store.send_failed(&a, &lost.id).await.expect("not unsent"), 0, "a sent task counts no failure");
    assert_eq!(ids(store.unsent(t0 + 60_000, 10).await.expect("unsent")), [other_tenant.id.clone(), later.id.clone()]);
    // Its first change takes a task out of the list too (the worker got its message).
    let running = later.start("attempt-1", t0 + 41_000).expect("start");
    store.write(&TaskChange::between(later.clone(), running, t0 + 41_000)).await.expect("started");
    assert_eq!(ids(store.unsent(t0 + 60_000, 10).await.expect("unsent")), vec![other_tenant.id.clone()]);
    store.mark_sent(&a, "01234567-89ab-7def-8123-456789abcdef").await.expect("an unknown task is fine");
}

#[tokio::test]
async fn the_memory_store_lists_unsent_tasks() {
    unsent_contract(Arc::new(MemoryTaskStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_lists_unsent_tasks() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    unsent_contract(Stores::dynamodb(&config, &tables).tasks).await;
}

#[tokio::test]
async fn the_memory_store_honours_the_contract() {
    contract(Arc::new(MemoryTaskStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_honours_the_contract() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    contract(Stores::dynamodb(&config, &tables).tasks).await;
}
