//! The retention rule on the memory stores and on DynamoDB (moto), through the same decorators the
//! wiring puts over every store (`shared::adapters::retention`): a tenant with 30 days sees none of
//! its items created 40 days ago once they may expire (a final task and its events, a
//! conversation and every message of it, a final instance record, an export job), while a live
//! task, a live machine and an erase job stay; another tenant with no setting sees all of its
//! own. On DynamoDB each expiring item (messages and events included) carries the TTL attribute
//! at the moment the rule hides it, and another tenant's none. Clearing the setting never brings
//! back what had expired.

use std::sync::Arc;

use aws_sdk_dynamodb::types::AttributeValue;
use shared::clock::ManualClock;
use shared::domain::chat::{ChatRecord, Conversation, ConversationWrite, SpendChange, StoredMessage, Usage};
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec, InstanceStatus};
use shared::domain::llm::Role;
use shared::domain::tasks::{Priority, Task, TaskChange, TaskStatus, TaskType};
use shared::domain::tenant::TenantId;
use shared::domain::tenant_data::audit::DAY_MS;
use shared::domain::tenant_data::jobs::{JobKind, TenantJob};
use shared::domain::tenant_data::retention::{ttl_seconds, RetentionDays};
use shared::ids::new_id;
use shared::ports::TaskFilter;
use shared::wiring::stores::{Stores, Tables};
use tests::emulator;

const NOW: i64 = 1_795_399_200_000;
const OLD: i64 = NOW - 40 * DAY_MS;

fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).expect("valid")
}

/// The ids of one tenant's items, all created 40 days before `NOW`.
struct Old {
    done_task: String,
    live_task: String,
    conversation: String,
    gone_machine: String,
    live_machine: String,
    export: String,
    erase: String,
}

async fn seed(stores: &Stores, t: &TenantId) -> Old {
    let task = |id: &str| {
        Task::new(id.to_owned(), t.clone(), TaskType::ChatResponse, Priority::Normal, "{}".into(), None, OLD)
    };
    let (done_task, live_task) = (new_id(), new_id());
    stores.tasks.write(&TaskChange::created(task(&live_task))).await.expect("live task");
    let created = task(&done_task);
    stores.tasks.write(&TaskChange::created(created.clone())).await.expect("task");
    let done = Task { status: TaskStatus::Cancelled, version: 2, completed_at_ms: Some(OLD + 1), ..created.clone() };
    stores.tasks.write(&TaskChange::between(created, done, OLD + 1)).await.expect("finish it");

    let conversation = new_id();
    let message = |seq: u64, role: Role| StoredMessage {
        seq,
        id: new_id(),
        role,
        content: "Potassium 3.1 mmol/L".to_owned(),
        provider: None,
        model: None,
        usage: None,
        cost: None,
        incomplete: false,
        created_at_ms: OLD,
    };
    let messages = vec![message(1, Role::User), message(2, Role::Assistant)];
    let start = Conversation::start(t.clone(), conversation.clone(), "Potassium", OLD);
    let record = ChatRecord {
        spend: SpendChange {
            tenant: t.clone(),
            period: "2026-10".to_owned(),
            usage: Usage::default(),
            cost: 0,
            hold: None,
        },
        conversation: Some(ConversationWrite { after: start.with(&messages, OLD), expected_last_seq: None, messages }),
    };
    stores.conversations.record(&record).await.expect("record");

    let spec = InstanceSpec {
        provider: CloudProvider::Aws,
        instance_type: "g5.xlarge".to_owned(),
        region: "us-east-1".to_owned(),
        disk_size_gb: 100,
        auto_terminate_minutes: 30,
        cost_per_hour: 1.006,
    };
    let (gone_machine, live_machine) = (new_id(), new_id());
    stores
        .instances
        .create(&Instance::provisioning(live_machine.clone(), t.clone(), spec.clone(), OLD))
        .await
        .expect("i");
    let booting = Instance::provisioning(gone_machine.clone(), t.clone(), spec, OLD);
    stores.instances.create(&booting).await.expect("instance");
    let failed = Instance { status: InstanceStatus::Failed, version: booting.version + 1, ..booting.clone() };
    stores.instances.update(&booting, &failed).await.expect("fail it");

    let (export, erase) = (new_id(), new_id());
    stores
        .tenant_jobs
        .create(&TenantJob::new(export.clone(), t.clone(), JobKind::Export, false, OLD))
        .await
        .expect("j");
    stores.tenant_jobs.create(&TenantJob::new(erase.clone(), t.clone(), JobKind::Erase, false, OLD)).await.expect("j");
    Old { done_task, live_task, conversation, gone_machine, live_machine, export, erase }
}

async fn set_days(stores: &Stores, t: &TenantId, days: Option<u32>, at: i64) {
    let current = stores.retention.get(t).await.expect("get");
    let (next, _) = current.change(days.and_then(RetentionDays::new), at).expect("a change");
    stores.retention.put(&next).await.expect("put");
}

/// What the tenant sees of its old items: (done task, live task, conversation, messages, its
/// events, gone machine, live machine, export, erase) present.
async fn seen(stores: &Stores, t: &TenantId, old: &Old) -> [bool; 9] {
    let listed = stores.tasks.list(t, &TaskFilter::default(), None, 10).await.expect("list");
    assert_eq!(
        listed.tasks.iter().any(|x| x.id == old.done_task),
        stores.tasks.get(t, &old.done_task).await.expect("get").is_some(),
        "list and get agree"
    );
    let conversations = stores.conversations.list(t, None, 10).await.expect("list");
    let conversation = stores.conversations.get(t, &old.conversation).await.expect("get").is_some();
    assert_eq!(conversations.conversations.iter().any(|c| c.id == old.conversation), conversation);
    let messages = !stores.conversations.messages(t, &old.conversation, 0, 10).await.expect("m").is_empty();
    let recent = !stores.conversations.recent(t, &old.conversation, 10).await.expect("recent").is_empty();
    assert_eq!(messages, recent);
    assert_eq!(conversation, messages, "a conversation is never seen without its messages, nor the reverse");
    let instances = stores.instances.list(t, None, None, 10).await.expect("list");
    let gone_machine = stores.instances.get(t, &old.gone_machine).await.expect("get").is_some();
    assert_eq!(instances.instances.iter().any(|i| i.id == old.gone_machine), gone_machine);
    let jobs = stores.tenant_jobs.of_tenant(t).await.expect("jobs");
    let export = stores.tenant_jobs.get(t, &old.export).await.expect("get").is_some();
    assert_eq!(jobs.iter().any(|j| j.id == old.export), export);
    [
        stores.tasks.get(t, &old.done_task).await.expect("get").is_some(),
        stores.tasks.get(t, &old.live_task).await.expect("get").is_some(),
        conversation,
        messages,
        !stores.tasks.events(t, &old.done_task, 0).await.expect("events").is_empty(),
        gone_machine,
        stores.instances.get(t, &old.live_machine).await.expect("get").is_some(),
        export,
        stores.tenant_jobs.get(t, &old.erase).await.expect("get").is_some(),
    ]
}

/// Runs the rule on `raw` (memory or DynamoDB stores as they are); answers both tenants' items.
async fn contract(raw: Stores) -> (Old, Old) {
    let clock = Arc::new(ManualClock::at(NOW));
    let (stores, _) = raw.retained(clock.clone());
    let (a, b) = (tenant("clinic-a"), tenant("clinic-b"));
    set_days(&stores, &a, Some(30), NOW - 50 * DAY_MS).await;
    let old_a = seed(&stores, &a).await;
    let old_b = seed(&stores, &b).await;

    // A: only what is live, and the erase job, is left; B, with no setting, sees everything.
    assert_eq!(seen(&stores, &a, &old_a).await, [false, true, false, false, false, false, true, false, true]);
    assert_eq!(seen(&stores, &b, &old_b).await, [true; 9]);
    // The unfiltered stores (an erase's) still reach A's expired items.
    assert!(raw.tasks.get(&a, &old_a.done_task).await.expect("get").is_some());

    // Ten days earlier, A's items were 30 days old: all there.
    let earlier = Arc::new(ManualClock::at(NOW - 10 * DAY_MS - 1));
    let (then, _) = raw.retained(earlier);
    assert_eq!(seen(&then, &a, &old_a).await, [true; 9]);

    // Cleared, or made longer, the setting never brings back what had expired.
    let (fresh, _) = raw.retained(clock);
    set_days(&fresh, &a, None, NOW).await;
    assert_eq!(seen(&fresh, &a, &old_a).await[0..4], [false, true, false, false]);
    (old_a, old_b)
}

/// The TTL attribute (epoch seconds) of one item, which must be stored.
async fn ttl(client: &aws_sdk_dynamodb::Client, table: &str, key: Vec<(&str, AttributeValue)>) -> Option<i64> {
    let mut get = client.get_item().table_name(table).consistent_read(true);
    for (name, value) in key {
        get = get.key(name, value);
    }
    let item = get.send().await.expect("get item").item.expect("the item is stored");
    item.get("expiresAt").and_then(|v| v.as_n().ok()).map(|n| n.parse::<i64>().expect("seconds"))
}

#[tokio::test]
async fn the_rule_on_the_memory_stores() {
    contract(Stores::memory()).await;
}

#[tokio::test]
async fn the_rule_and_the_ttl_attribute_on_dynamodb() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let (a, b) = contract(Stores::dynamodb(&config, &tables)).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    let expected = Some(ttl_seconds(OLD + 30 * DAY_MS));
    let s = |v: &str| AttributeValue::S(v.to_owned());
    let n = |v: u64| AttributeValue::N(v.to_string());
    let items = |t: &str, old: &Old, tables: &Tables| {
        vec![
            (tables.tasks.clone(), vec![("tenantId", s(t)), ("taskId", s(&old.done_task))]),
            (tables.task_events.clone(), vec![("taskKey", s(&format!("{t}#{}", old.done_task))), ("seq", n(1))]),
            (tables.task_events.clone(), vec![("taskKey", s(&format!("{t}#{}", old.done_task))), ("seq", n(2))]),
            (tables.conversations.clone(), vec![("tenantId", s(t)), ("conversationId", s(&old.conversation))]),
            (
                tables.chat_messages.clone(),
                vec![("conversationKey", s(&format!("{t}#{}", old.conversation))), ("seq", n(1))],
            ),
            (
                tables.chat_messages.clone(),
                vec![("conversationKey", s(&format!("{t}#{}", old.conversation))), ("seq", n(2))],
            ),
            (tables.instances.clone(), vec![("tenantId", s(t)), ("instanceId", s(&old.gone_machine))]),
            (tables.tenant_jobs.clone(), vec![("tenantId", s(t)), ("jobId", s(&old.export))]),
        ]
    };
    for (table, key) in items("clinic-a", &a, &tables) {
        assert_eq!(ttl(&client, &table, key.clone()).await, expected, "{table} {key:?}");
    }
    for (table, key) in items("clinic-b", &b, &tables) {
        assert_eq!(ttl(&client, &table, key.clone()).await, None, "B set no retention: {table} {key:?}");
    }
    let live = vec![("tenantId", s("clinic-a")), ("taskId", s(&a.live_task))];
    assert_eq!(ttl(&client, &tables.tasks, live).await, None, "a task that is not final never expires");
    let erase = vec![("tenantId", s("clinic-a")), ("jobId", s(&a.erase))];
    assert_eq!(ttl(&client, &tables.tenant_jobs, erase).await, None, "an erase job never expires");
}
