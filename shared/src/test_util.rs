//! Test fixtures (feature `test-util`, enabled only in the function crates' `[dev-dependencies]`
//! and by the `tests` crate): the workspace's files, `events/` requests run through a gateway on
//! memory stores, and services seeded with the records the fixtures name. Never in a deployed
//! binary. Fixtures panic on a missing or malformed file: that is the test's failure.

use std::future::Future;
use std::sync::Arc;

use serde_json::Value;

use crate::domain::tenant::TenantId;
use crate::http::{Access, ApiError, ApiRequest, ApiResponse, Gateway};
use crate::runtime::http::api_request;

/// A file of the workspace, for tests: `path` is relative to the workspace root.
///
/// The root is found from the `CARGO_MANIFEST_DIR` cargo sets when it *runs* a test, never from the
/// compile-time `env!`: cargo reuses compiled artifacts across checkouts at other paths (one shared
/// target directory for every clone), and a baked-in path would point into a clone that is gone.
#[allow(clippy::panic)]
pub fn workspace_file(path: &str) -> std::path::PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("CARGO_MANIFEST_DIR is unset: run this through cargo"));
    let root = start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or_else(|| panic!("no workspace root above {}", start.display()));
    root.join(path)
}

/// Reads an API Gateway event from `events/` for a function's unit tests; `path` is relative to
/// the workspace root (`events/get-tenant/authorized.json`). Returns the route key and request.
/// Panics on a missing or malformed fixture: that is the test's failure.
#[allow(clippy::panic)]
pub fn fixture_request(path: &str) -> (String, ApiRequest) {
    let file = workspace_file(path);
    let raw = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("event fixture {path}: {e}"));
    let event =
        lambda_http::request::from_str(&raw).unwrap_or_else(|e| panic!("{path} is not an API Gateway event: {e}"));
    api_request(event)
}

/// For function unit tests: runs an `events/` fixture through a gateway as a deployed function has
/// it (behind the authorizer), on memory stores, into `handler`; returns the status and JSON body.
#[allow(clippy::panic)]
pub async fn serve_fixture<F, Fut>(fixture: &str, access: Access, handler: F) -> (http::StatusCode, Value)
where
    F: FnOnce(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let response = serve_fixture_response(fixture, access, handler).await;
    let body =
        serde_json::from_slice(&response.body).unwrap_or_else(|e| panic!("{fixture}: the answer is not JSON: {e}"));
    (response.status, body)
}

/// Like `serve_fixture`, returning the response itself (a streamed one, with its stream).
pub async fn serve_fixture_response<F, Fut>(fixture: &str, access: Access, handler: F) -> ApiResponse
where
    F: FnOnce(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let (route, request) = fixture_request(fixture);
    memory_gateway().serve(&route, access, request, handler).await
}

fn memory_gateway() -> Gateway {
    let stores = crate::wiring::stores::Stores::memory();
    Gateway::new(
        crate::http::GatewaySettings::default(),
        crate::http::Authentication::LambdaAuthorizer,
        stores.rate_limiter,
        stores.idempotency,
        Arc::new(crate::clock::SystemClock),
    )
}

/// The task id the analysis-queue fixtures name, and their tenant.
pub const FIXTURE_TASK_ID: &str = "0193a5b0-7c1e-7d2a-9f3e-2b4c6d8e0f12";
pub const FIXTURE_TENANT: &str = "acme-health";

/// Where the fixture task stands when a test starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixtureTask {
    /// Created and waiting in the queue.
    Pending,
    /// Taken by a worker (attempt `fixture-attempt`).
    Processing,
}

/// For the analysis-queue functions' unit tests: the queue service on a memory store holding one
/// CHAT_RESPONSE task of the fixtures' tenant under `FIXTURE_TASK_ID`, in the `state` asked for.
#[allow(clippy::panic)]
pub async fn fixture_queue(state: FixtureTask) -> Arc<crate::app::tasks::QueueService> {
    use crate::domain::tasks::{Priority, Task, TaskChange, TaskType};
    let service = crate::app::tasks::QueueService::new(
        Arc::new(crate::adapters::memory::MemoryTaskStore::default()),
        Arc::new(crate::clock::SystemClock),
        crate::app::tasks::QueueSettings::default(),
    );
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let task = Task::new(
        FIXTURE_TASK_ID.to_owned(),
        tenant.clone(),
        TaskType::ChatResponse,
        Priority::High,
        serde_json::json!({"message": "Summarize the discharge note."}),
        None,
        1_795_399_200_000,
    );
    let mut changes = vec![TaskChange::created(task.clone())];
    if state == FixtureTask::Processing {
        let running = task.start("fixture-attempt", 1_795_399_201_000).unwrap_or_else(|e| panic!("{e}"));
        changes.push(TaskChange::between(task, running, 1_795_399_201_000));
    }
    for change in changes {
        service.store.write(&change).await.unwrap_or_else(|e| panic!("seed: {e}"));
    }
    Arc::new(service)
}

/// The conversation the chatbot fixtures name; it belongs to `FIXTURE_TENANT`.
pub const FIXTURE_CONVERSATION_ID: &str = "0193a5b0-7c1e-7d2a-9f00-0000000c0a1e";

/// For the chatbot functions' unit tests: the chat service on memory stores, answering with
/// `llm`, holding one conversation of the fixtures' tenant under `FIXTURE_CONVERSATION_ID` (one
/// question and its answer, which cost $0.000123).
#[cfg(feature = "tokenizer")]
#[allow(clippy::panic)]
pub async fn fixture_chat(
    llm: crate::llm::Router,
    settings: crate::app::chat::ChatSettings,
) -> Arc<crate::app::chat::ChatService> {
    use crate::domain::chat::{ChatRecord, Conversation, ConversationWrite, SpendChange, StoredMessage, Usage};
    use crate::domain::llm::Role;
    let store = Arc::new(crate::adapters::memory::MemoryConversationStore::default());
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let at = 1_795_399_200_000;
    let usage = Usage { prompt: 40, completion: 12, cached: 0 };
    let message = |seq: u64, role: Role, content: &str| StoredMessage {
        seq,
        id: crate::ids::new_id(),
        role,
        content: content.to_owned(),
        provider: (role == Role::Assistant).then(|| "openai".to_owned()),
        model: (role == Role::Assistant).then(|| "gpt-4o-mini".to_owned()),
        usage: (role == Role::Assistant).then_some(usage),
        cost: (role == Role::Assistant).then_some(12_300),
        incomplete: false,
        created_at_ms: at,
    };
    let messages = vec![
        message(1, Role::User, "What was the potassium on admission?"),
        message(2, Role::Assistant, "Potassium was 3.1 mmol/L (L) on admission."),
    ];
    let start = Conversation::start(tenant.clone(), FIXTURE_CONVERSATION_ID.to_owned(), &messages[0].content, at);
    let record = ChatRecord {
        spend: SpendChange { tenant, period: crate::domain::chat::spend_period(at), usage, cost: 12_300, hold: None },
        conversation: Some(ConversationWrite { after: start.with(&messages, at), expected_last_seq: None, messages }),
    };
    crate::ports::ConversationStore::record(store.as_ref(), &record).await.unwrap_or_else(|e| panic!("seed: {e}"));
    Arc::new(crate::app::chat::ChatService::new(
        store,
        Arc::new(llm),
        Arc::new(crate::pricing::PriceTable::builtin().unwrap_or_else(|e| panic!("{e}"))),
        Arc::new(crate::clock::SystemClock),
        settings,
    ))
}

/// For the orchestration function's unit tests: an orchestrator answering with the offline
/// provider (`fixture_chat`) and queueing into memory; the queue is returned to look into.
#[cfg(feature = "tokenizer")]
pub async fn fixture_orchestrator(
) -> (Arc<crate::app::orchestration::Orchestrator>, Arc<crate::adapters::memory::MemoryTaskQueue>) {
    let chat = fixture_chat(
        crate::llm::Router::only(Arc::new(crate::adapters::offline_llm::OfflineLlm)),
        crate::app::chat::ChatSettings::default(),
    )
    .await;
    let queue = Arc::new(crate::adapters::memory::MemoryTaskQueue::default());
    let tasks = crate::app::tasks::QueueService::new(
        Arc::new(crate::adapters::memory::MemoryTaskStore::default()),
        Arc::new(crate::clock::SystemClock),
        crate::app::tasks::QueueSettings::default(),
    );
    let orchestrator = crate::app::orchestration::Orchestrator::new(
        chat,
        tasks,
        queue.clone(),
        crate::app::orchestration::OrchestrationSettings::default(),
    );
    (Arc::new(orchestrator), queue)
}

/// The instance the instance fixtures name; it belongs to `FIXTURE_TENANT`.
pub const FIXTURE_INSTANCE_ID: &str = "0193a5b0-7c1e-7d2a-9f00-0000000e5c21";

#[allow(clippy::panic)]
/// A GPU pool service on memory stores over `fixture_instances`' service; with `pool`, the
/// fixture tenant has a pool of g5.xlarge machines serving `qwen2.5:7b`, at most 2.
pub async fn fixture_gpu_pool(pool: bool) -> Arc<crate::app::gpu_pool::GpuPoolService> {
    let (instances, _, _) = fixture_instances().await;
    let pools = Arc::new(crate::adapters::memory::MemoryGpuPoolStore::default());
    let service = Arc::new(crate::app::gpu_pool::GpuPoolService::new(pools, instances, Vec::new()));
    if pool {
        let request = serde_json::json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1",
                                          "model": "qwen2.5:7b", "maxInstances": 2, "idleMinutes": 10 });
        let request = serde_json::from_value(request).unwrap_or_else(|e| panic!("{e}"));
        let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
        service.put(&tenant, request).await.unwrap_or_else(|e| panic!("seed: {e}"));
    }
    service
}

/// For the instance functions' unit tests: the service on memory stores and the simulated cloud,
/// holding one g5.xlarge of the fixtures' tenant under `FIXTURE_INSTANCE_ID`, launched (so
/// CONFIGURING, with a machine running in the cloud). Returns the cloud and the starter too.
#[allow(clippy::panic)]
pub async fn fixture_instances() -> (
    Arc<crate::app::instances::service::InstanceService>,
    Arc<crate::adapters::simulated_cloud::SimulatedCloud>,
    Arc<crate::adapters::memory::MemoryWorkflowStarter>,
) {
    use crate::domain::instances::{CloudProvider, Instance, InstanceSpec};
    let clock: Arc<dyn crate::ports::Clock> = Arc::new(crate::clock::SystemClock);
    let cloud = Arc::new(crate::adapters::simulated_cloud::SimulatedCloud::new(
        clock.clone(),
        Default::default(),
        CloudProvider::Aws,
    ));
    let workflows = Arc::new(crate::adapters::memory::MemoryWorkflowStarter::default());
    let store = Arc::new(crate::adapters::memory::MemoryInstanceStore::default());
    let service = crate::app::instances::service::InstanceService::new(
        store.clone(),
        crate::app::instances::Clouds::both(cloud.clone()),
        Some(workflows.clone()),
        vec![CloudProvider::Aws, CloudProvider::Azure],
        clock.clone(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let spec = InstanceSpec {
        provider: CloudProvider::Aws,
        instance_type: "g5.xlarge".to_owned(),
        region: "us-east-1".to_owned(),
        disk_size_gb: 100,
        auto_terminate_minutes: 15,
        cost_per_hour: 1.006,
    };
    let instance = Instance::provisioning(FIXTURE_INSTANCE_ID.to_owned(), tenant.clone(), spec, clock.now_ms());
    crate::ports::InstanceStore::create(store.as_ref(), &instance).await.unwrap_or_else(|e| panic!("seed: {e}"));
    let input = crate::app::instances::ExecutionInput::of(&tenant, FIXTURE_INSTANCE_ID);
    service.lifecycle.provision(&input).await.unwrap_or_else(|e| panic!("launch: {e}"));
    (Arc::new(service), cloud, workflows)
}

/// For the export and erase functions' unit tests: the jobs service on memory stores, with a
/// queue that records what was submitted (returned to look into) and one COMPLETED export of the
/// fixtures' tenant under `FIXTURE_EXPORT_ID`, its file stored.
#[allow(clippy::panic)]
pub async fn fixture_tenant_jobs(
) -> (Arc<crate::app::tenant_data::jobs::TenantJobsService>, Arc<crate::adapters::memory::MemoryTenantJobQueue>) {
    use crate::adapters::memory::{MemoryExportFiles, MemoryTenantJobQueue, MemoryTenantJobs};
    use crate::domain::tenant_data::jobs::{JobKind, TenantJob};
    use crate::ports::{ExportFiles, TenantJobStore};
    let jobs = Arc::new(MemoryTenantJobs::default());
    let files = Arc::new(MemoryExportFiles::default());
    let queue = Arc::new(MemoryTenantJobQueue::default());
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let at = 1_795_399_200_000;
    let job = TenantJob::new(FIXTURE_EXPORT_ID.to_owned(), tenant.clone(), JobKind::Export, false, at);
    let done = job.start(at).unwrap_or_else(|e| panic!("{e}")).complete([("task".to_owned(), 1)].into(), at + 1_000);
    jobs.create(&done).await.unwrap_or_else(|e| panic!("seed: {e}"));
    files.put(&tenant, FIXTURE_EXPORT_ID, vec![0x1f, 0x8b]).await.unwrap_or_else(|e| panic!("seed: {e}"));
    let service = crate::app::tenant_data::jobs::TenantJobsService::new(
        jobs,
        files,
        queue.clone(),
        Arc::new(crate::clock::SystemClock),
    );
    (Arc::new(service), queue)
}

/// The retention service of `PUT`/`GET /api/tenant/retention` on memory stores, its changes
/// queueing re-stamps on the returned queue, and the retention store behind it.
pub async fn fixture_retention() -> (
    Arc<crate::app::tenant_data::retention::RetentionService>,
    Arc<crate::adapters::memory::MemoryTenantJobQueue>,
    Arc<crate::adapters::memory::MemoryRetentionStore>,
) {
    let (jobs, queue) = fixture_tenant_jobs().await;
    let store = Arc::new(crate::adapters::memory::MemoryRetentionStore::default());
    let rules = crate::adapters::retention::RetentionRules::new(store.clone(), Arc::new(crate::clock::SystemClock));
    let service = crate::app::tenant_data::retention::RetentionService::new(rules).with_restamps(jobs);
    (Arc::new(service), queue, store)
}

/// The export the tenant-data fixtures name; it belongs to `FIXTURE_TENANT`.
pub const FIXTURE_EXPORT_ID: &str = "0193a5b0-7c1e-7d2a-9f00-00000000e4b0";
