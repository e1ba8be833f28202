//! `local`: the whole product in one process. Every HTTP route of `template.yaml` is served on
//! 127.0.0.1 by calling the same `handle` functions the Lambda functions call, through the same
//! `Gateway`, on the embedded memory stores (or, with `LOCAL_BACKEND=aws`, on the DynamoDB
//! adapters, pointed at AWS or an emulator with the standard `AWS_ENDPOINT_URL` variables).

pub mod keys;
mod machines;
pub mod openapi;
mod queue;
pub mod routes;
mod server;
mod tenant_jobs;
mod workflows;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use shared::adapters::memory::MemoryExportFiles;
use shared::adapters::offline_llm::OfflineLlm;
use shared::adapters::openai::PoolServers;
use shared::adapters::simulated_cloud::{SimulatedCloud, SimulationSettings};
use shared::app::chat::{ChatService, ChatSettings};
use shared::app::gpu_pool::{GpuPoolService, GpuScheduler, SchedulerSettings};
use shared::app::instances::service::InstanceService;
use shared::app::instances::{Clouds, Lifecycle, LifecycleSettings};
use shared::app::optimizer::stats::{OptimizerDeps, DEFAULT_PRICE_PER_MILLION_TOKENS};
use shared::app::orchestration::{OrchestrationSettings, Orchestrator};
use shared::app::tasks::events::EventWait;
use shared::app::tasks::processors::AnalysisProcessor;
use shared::app::tasks::{QueueService, QueueSettings, RequeueSettings, Worker};
use shared::app::tenant_data::audit::AuditService;
use shared::app::tenant_data::jobs::TenantJobsService;
use shared::app::tenant_data::retention::RetentionService;
use shared::app::tenant_data::runner::{TenantDataDeps, TenantDataRunner};
use shared::app::usage::{UsageMeter, UsageService};
use shared::clock::SystemClock;
use shared::config::{ConfigError, EnvReader};
use shared::domain::instances::CloudProvider;
use shared::http::{ApiError, ApiRequest, ApiResponse, Authentication, Gateway, GatewaySettings};
use shared::llm::Router;
use shared::ports::{Clock, TaskProcessor};
use shared::pricing::PriceTable;
use shared::wiring::settings::settings_from_env;
use shared::wiring::stores::Stores;

pub use queue::LocalQueue;

pub use server::serve;

use shared::http::routes::{Function, Route};

/// Which adapters back the stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// The embedded default: everything in memory, nothing to install.
    Memory,
    /// The DynamoDB adapters, with table names from `shared::wiring::stores::Tables::from_env`. The
    /// queue stays in process.
    Aws,
}

/// What the app's functions and workers run with besides the stores.
#[derive(Clone)]
pub struct Options {
    /// `OPTIMIZER_PRICE_PER_MILLION_TOKENS`: the price savings are estimated at.
    pub price_per_million: f64,
    /// Retry backoff, lease and worker count (`QUEUE_WORKER_CONCURRENCY` workers run).
    pub queue: QueueSettings,
    /// `LOCAL_QUEUE_AGING_SECONDS` (default 30): how long a waiting task takes to rise one
    /// priority level, so LOW work is never starved.
    pub aging_step: Duration,
    /// Replaces the task processor (tests: processors that fail or wait on demand).
    pub processor: Option<Arc<dyn TaskProcessor>>,
    /// The models' providers (`shared::llm::from_env`): offline unless a key or server is set.
    pub llm: Arc<Router>,
    /// The chatbot's models, limits and budget (`ChatSettings::from_env`).
    pub chat: ChatSettings,
    /// The orchestration's deadline, heartbeat and routing rules.
    pub orchestration: OrchestrationSettings,
    /// The simulated cloud's boot and configure delays (`LOCAL_SIM_BOOT_SECONDS`,
    /// `LOCAL_SIM_CONFIGURE_SECONDS`).
    pub simulation: SimulationSettings,
    /// The lifecycle's polling and timeouts.
    pub lifecycle: LifecycleSettings,
    /// How long an SSE read of a task's events waits for a new one (`EVENTS_MAX_WAIT_MS`).
    pub events_wait: EventWait,
    /// Most machines one tenant may have running or starting (`TENANT_MAX_RUNNING_INSTANCES`).
    pub max_running_instances: u32,
    /// How often a GPU task waiting for a pool machine looks again (`GPU_POOL_POLL_SECONDS`).
    pub gpu_pool: SchedulerSettings,
    /// The clock of the app's stores and services (`None`: the system clock). Tests pass a
    /// `shared::clock::ShiftedClock` to move the app days ahead, e.g. past a retention limit,
    /// without sleeping.
    pub clock: Option<Arc<dyn Clock>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            price_per_million: DEFAULT_PRICE_PER_MILLION_TOKENS,
            queue: QueueSettings::default(),
            aging_step: Duration::from_secs(30),
            processor: None,
            llm: Arc::new(Router::only(Arc::new(OfflineLlm))),
            chat: ChatSettings::default(),
            orchestration: OrchestrationSettings::default(),
            simulation: SimulationSettings::default(),
            lifecycle: LifecycleSettings::default(),
            events_wait: EventWait::default(),
            max_running_instances: shared::domain::limits::DEFAULT_MAX_RUNNING_INSTANCES,
            gpu_pool: SchedulerSettings { poll: LOCAL_GPU_POLL },
            clock: None,
        }
    }
}

/// How often a waiting GPU task looks again in `local`, where no queue rounds a wait to seconds.
const LOCAL_GPU_POLL: Duration = Duration::from_millis(250);

pub struct Config {
    pub port: u16,
    pub backend: Backend,
    /// `LOCAL_API_KEYS`, unparsed; `None` makes the server generate one key.
    pub api_keys: Option<String>,
    pub settings: GatewaySettings,
    pub options: Options,
}

impl Config {
    /// `PORT` (default 3000), `LOCAL_BACKEND` (`memory`, default, or `aws`), `LOCAL_API_KEYS`,
    /// `LOCAL_QUEUE_AGING_SECONDS`, and the gateway, optimizer and queue settings every function
    /// reads.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut env = EnvReader::new();
        let port = env.parsed_or("PORT", 3000u16);
        let backend = match env.optional("LOCAL_BACKEND").as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("memory") => Backend::Memory,
            Some("aws") => Backend::Aws,
            Some(other) => {
                env.problem(format!("LOCAL_BACKEND={other:?}: use `memory` or `aws`"));
                Backend::Memory
            }
        };
        let settings = settings_from_env(&mut env);
        let api_keys = env.optional("LOCAL_API_KEYS");
        let price_per_million = OptimizerDeps::price_from_env(&mut env);
        let queue = QueueSettings::from_env(&mut env);
        // Locally, keys come from the environment; Secrets Manager is for deployments.
        let llm = Arc::new(shared::llm::from_env(&mut env, true, &Default::default()));
        let aging_s: u64 = env.parsed_or("LOCAL_QUEUE_AGING_SECONDS", 30);
        if aging_s == 0 {
            env.problem("LOCAL_QUEUE_AGING_SECONDS must be at least 1");
        }
        let events_wait = EventWait::from_env(&mut env);
        let max_running_instances = shared::app::instances::service::max_running_from_env(&mut env);
        let prices = PriceTable::builtin().unwrap_or_else(|e| {
            env.problem(e);
            PriceTable::default()
        });
        let chat = ChatSettings::from_env(&mut env, &prices);
        let orchestration = OrchestrationSettings::from_env(&mut env);
        let defaults = SimulationSettings::default();
        let boot_s: u64 = env.parsed_or("LOCAL_SIM_BOOT_SECONDS", defaults.boot.as_secs());
        let configure_s: u64 =
            env.parsed_or("LOCAL_SIM_CONFIGURE_SECONDS", defaults.configure.map_or(40, |c| c.as_secs()));
        let simulation =
            SimulationSettings { boot: Duration::from_secs(boot_s), configure: Some(Duration::from_secs(configure_s)) };
        // A simulated minute of idle time, in real seconds: a demo idles a machine out in seconds.
        let minute_s: f64 = env.parsed_or("LOCAL_SIM_MINUTE_SECONDS", 60.0);
        if !(minute_s.is_finite() && (0.001..=3600.0).contains(&minute_s)) {
            env.problem("LOCAL_SIM_MINUTE_SECONDS must be from 0.001 to 3600");
        }
        // Simulated machines come up in seconds: a configuring one is asked every second, not
        // every 15 as a real one is.
        let lifecycle = LifecycleSettings {
            minute: Duration::from_secs_f64(minute_s.clamp(0.001, 3600.0)),
            configure_poll: Duration::from_secs(1),
            ..LifecycleSettings::default()
        };
        let gpu_pool = SchedulerSettings::from_env(&mut env, LOCAL_GPU_POLL);
        env.finish()?;
        let options = Options {
            price_per_million,
            queue,
            aging_step: Duration::from_secs(aging_s),
            processor: None,
            llm,
            chat,
            orchestration,
            simulation,
            lifecycle,
            events_wait,
            max_running_instances,
            gpu_pool,
            clock: None,
        };
        Ok(Self { port, backend, api_keys, settings, options })
    }
}

type HandlerFuture = Pin<Box<dyn Future<Output = Result<ApiResponse, ApiError>> + Send>>;

/// The built application: one gateway and the dependencies of every function.
pub struct App {
    pub gateway: Gateway,
    pub routes: Vec<Route>,
    health: Arc<get_health::Deps>,
    tenant: Arc<get_tenant::Deps>,
    usage: Arc<UsageService>,
    optimizer: Arc<OptimizerDeps>,
    tasks: Arc<create_task::Deps>,
    queue_service: Arc<QueueService>,
    task_events: Arc<get_task_events::Deps>,
    chat: Arc<ChatService>,
    orchestrator: Arc<Orchestrator>,
    instances: Arc<InstanceService>,
    audit: Arc<AuditService>,
    tenant_jobs: Arc<TenantJobsService>,
    retention: Arc<RetentionService>,
    /// Export files, which `local` serves itself (in AWS: S3, through pre-signed URLs).
    pub export_files: Arc<MemoryExportFiles>,
    gpu_pools: Arc<GpuPoolService>,
    /// The simulated clouds the instances run on, one behaving as EC2 and one as Azure; tests
    /// look into them.
    pub aws_cloud: Arc<SimulatedCloud>,
    pub azure_cloud: Arc<SimulatedCloud>,
    /// Where the simulated clouds' pool machines read their secret; tests check none outlives
    /// its machine.
    pub machine_secrets: Arc<shared::adapters::memory::MemoryMachineSecrets>,
    /// The in-process queue; tests deliver duplicate messages through it, as SQS may.
    pub queue: Arc<LocalQueue>,
    /// The contract served at `/openapi.json`, built once.
    pub openapi: Arc<serde_json::Value>,
}

/// What startup did about keys, for the banner.
pub enum KeySetup {
    /// Keys from `LOCAL_API_KEYS`: tenants only.
    Configured(Vec<String>),
    /// One generated key: shown once, so the user can call the API.
    Generated(keys::DevKey),
    /// AWS backend without `LOCAL_API_KEYS`: keys are whatever the table holds.
    FromTable,
}

impl App {
    pub async fn build(config: Config) -> Result<(Arc<Self>, KeySetup), String> {
        let stores = match config.backend {
            Backend::Memory => Stores::memory(),
            Backend::Aws => {
                let mut env = EnvReader::new();
                let tables = shared::wiring::stores::Tables::from_env(&mut env);
                env.finish().map_err(|e| e.to_string())?;
                Stores::dynamodb(&shared::wiring::aws_config().await, &tables)
            }
        };
        Self::assemble(config.settings, stores, config.backend, config.api_keys.as_deref(), config.options).await
    }

    /// Builds the app on given stores and starts the queue's workers: what `build` does after
    /// choosing the stores, and what tests call with stores and options of their own (DynamoDB
    /// tables on an emulator, a processor that waits on demand).
    pub async fn assemble(
        settings: GatewaySettings,
        stores: Stores,
        backend: Backend,
        api_keys: Option<&str>,
        options: Options,
    ) -> Result<(Arc<Self>, KeySetup), String> {
        let clock: Arc<dyn Clock> = options.clock.clone().unwrap_or_else(|| Arc::new(SystemClock));
        let key_setup = seed_keys(&stores, backend, api_keys, clock.now_ms()).await?;
        // Every route and worker reads content under the tenant's retention rule; the tenant
        // jobs (erase, re-stamp) work on the stores as they are, expired items included.
        let unfiltered = stores.clone();
        let (stores, retention_rules) = stores.retained(clock.clone());
        let health = Arc::new(get_health::Deps { probes: stores.probes.clone() });
        // Every amount spent or saved is also counted per day, for `GET /api/tenant/usage`.
        let meter = UsageMeter::new(stores.usage.clone(), clock.clone());
        let optimizer = Arc::new(
            OptimizerDeps::new(stores.optimizer_stats.clone(), options.price_per_million).metered(meter.clone()),
        );
        let service =
            QueueService::new(stores.tasks.clone(), clock.clone(), options.queue).with_pools(stores.gpu_pools.clone());
        let queue = Arc::new(LocalQueue::new(options.aging_step, clock.clone()));
        let prices = PriceTable::builtin()?;
        let chat = Arc::new(
            ChatService::new(
                stores.conversations.clone(),
                options.llm.clone(),
                Arc::new(prices.clone()),
                clock.clone(),
                options.chat,
            )
            .metered(meter.clone()),
        );
        // The queue's model calls are held to the chatbot's budget: one spend per tenant.
        let processor: Arc<dyn TaskProcessor> = match options.processor {
            Some(processor) => processor,
            None => Arc::new(AnalysisProcessor::new(options.llm.clone(), prices, chat.budget())),
        };
        let orchestrator =
            Arc::new(Orchestrator::new(chat.clone(), service.clone(), queue.clone(), options.orchestration));

        // What OnRequeueTasksFunction does on its schedule: send the tasks a request stored but
        // never sent (with LOCAL_BACKEND=aws they outlive a stopped process).
        let (sweeper, sweep_queue) = (service.clone(), queue.clone());
        tokio::spawn(async move {
            let settings = RequeueSettings::default();
            loop {
                tokio::time::sleep(settings.age).await;
                sweeper.requeue_unsent(sweep_queue.as_ref(), &settings).await;
            }
        });
        let tasks = Arc::new(create_task::Deps { service: service.clone(), queue: queue.clone() });
        let task_events = Arc::new(get_task_events::Deps { service: service.clone(), wait: options.events_wait });
        let tokio_clock: Arc<dyn Clock> = Arc::new(shared::clock::TokioClock::new());
        // Pool machines answer OpenAI's chat completions on a loopback port each, behind the
        // secret they read at boot from the simulated clouds' secret store (as rented machines
        // read Secrets Manager or Key Vault): the launch names it, never carries it.
        let machine_secrets = Arc::new(shared::adapters::memory::MemoryMachineSecrets::default());
        let simulated = |provider| {
            Arc::new(
                SimulatedCloud::new(tokio_clock.clone(), options.simulation, provider)
                    .with_servers(Arc::new(machines::LoopbackServers), machine_secrets.clone()),
            )
        };
        let (aws_cloud, azure_cloud) = (simulated(CloudProvider::Aws), simulated(CloudProvider::Azure));
        let clouds = Clouds { aws: Some(aws_cloud.clone()), azure: Some(azure_cloud.clone()), ..Clouds::default() };
        let lifecycle = Arc::new(
            Lifecycle::new(
                stores.instances.clone(),
                clouds.with_secrets(machine_secrets.clone()),
                tokio_clock.clone(),
                options.lifecycle,
            )
            .metered(UsageMeter::new(stores.usage.clone(), tokio_clock.clone())),
        );
        let workflows = Arc::new(workflows::LocalWorkflows::new(lifecycle.clone())?);
        let instances = Arc::new(
            InstanceService::on(lifecycle, Some(workflows), vec![CloudProvider::Aws, CloudProvider::Azure])?
                .with_max_running(options.max_running_instances),
        );
        let usage = Arc::new(UsageService::new(stores.usage.clone(), clock.clone(), options.price_per_million));
        // The simulated machines load any model: gated ones are allowed.
        let gpu_pools = Arc::new(GpuPoolService::new(
            stores.gpu_pools.clone(),
            instances.clone(),
            vec![CloudProvider::Aws, CloudProvider::Azure],
        ));
        let servers = Arc::new(PoolServers { idle_timeout: Duration::from_secs(30) });
        let scheduler =
            Arc::new(GpuScheduler::new(stores.gpu_pools.clone(), instances.clone(), options.gpu_pool, servers));
        queue
            .start_workers(Worker::new(service.clone(), processor).with_gpu(scheduler), options.queue.workers as usize);
        let tenant = Arc::new(get_tenant::Deps {
            limiter: stores.rate_limiter.clone(),
            policy: settings.rate_policy,
            clock: clock.clone(),
        });
        let audit = Arc::new(AuditService::new(stores.audit.clone(), clock.clone()));
        let export_files = Arc::new(MemoryExportFiles::default());
        let job_queue = Arc::new(tenant_jobs::LocalTenantJobs::default());
        let tenant_jobs = Arc::new(TenantJobsService::new(
            stores.tenant_jobs.clone(),
            export_files.clone(),
            job_queue.clone(),
            clock.clone(),
        ));
        let retention = Arc::new(RetentionService::new(retention_rules).with_restamps(tenant_jobs.clone()));
        job_queue.start(Arc::new(TenantDataRunner::new(TenantDataDeps {
            jobs: unfiltered.tenant_jobs.clone(),
            files: export_files.clone(),
            tasks: service.clone(),
            task_store: unfiltered.tasks.clone(),
            instances: instances.clone(),
            instance_store: unfiltered.instances.clone(),
            gpu_pools: gpu_pools.clone(),
            gpu_pool_store: stores.gpu_pools.clone(),
            conversations: unfiltered.conversations.clone(),
            optimizer_stats: stores.optimizer_stats.clone(),
            usage: stores.usage.clone(),
            api_keys: stores.api_keys.clone(),
            idempotency: stores.idempotency.clone(),
            audit: stores.audit.clone(),
            retention: stores.retention.clone(),
            clock: clock.clone(),
        })));
        let gateway = Gateway::new(
            settings,
            Authentication::KeyStore(stores.api_keys.clone()),
            stores.rate_limiter,
            stores.idempotency,
            clock,
        )
        .with_audit(stores.audit);
        let openapi = Arc::new(openapi::document());
        let app = Self {
            gateway,
            routes: shared::http::routes::routes(),
            health,
            tenant,
            usage,
            optimizer,
            tasks,
            queue_service: Arc::new(service),
            task_events,
            chat,
            orchestrator,
            instances,
            audit,
            tenant_jobs,
            retention,
            export_files,
            gpu_pools,
            aws_cloud,
            azure_cloud,
            machine_secrets,
            queue,
            openapi,
        };
        Ok((Arc::new(app), key_setup))
    }

    /// Calls the `handle` of the function that serves a route. Exhaustive: a function added to the
    /// route table does not compile until it has its arm here.
    fn call(&self, function: Function, request: ApiRequest) -> HandlerFuture {
        match function {
            Function::GetHealth => Box::pin(get_health::handle(self.health.clone(), request)),
            Function::GetTenant => Box::pin(get_tenant::handle(self.tenant.clone(), request)),
            Function::GetTenantUsage => Box::pin(get_tenant_usage::handle(self.usage.clone(), request)),
            Function::OptimizeContext => Box::pin(optimize_context::handle(self.optimizer.clone(), request)),
            Function::OptimizeContextBatch => Box::pin(optimize_context_batch::handle(self.optimizer.clone(), request)),
            Function::GetOptimizerStats => Box::pin(get_optimizer_stats::handle(self.optimizer.clone(), request)),
            Function::CreateTask => Box::pin(create_task::handle(self.tasks.clone(), request)),
            Function::GetTask => Box::pin(get_task::handle(self.queue_service.clone(), request)),
            Function::ListTasks => Box::pin(list_tasks::handle(self.queue_service.clone(), request)),
            Function::CancelTask => Box::pin(cancel_task::handle(self.queue_service.clone(), request)),
            Function::UpdateTaskProgress => Box::pin(update_task_progress::handle(self.queue_service.clone(), request)),
            Function::GetQueueStats => Box::pin(get_queue_stats::handle(self.queue_service.clone(), request)),
            Function::GetTaskEvents => Box::pin(get_task_events::handle(self.task_events.clone(), request)),
            Function::SendChatMessage => Box::pin(send_chat_message::handle(self.chat.clone(), request)),
            Function::ListConversations => Box::pin(list_conversations::handle(self.chat.clone(), request)),
            Function::GetConversation => Box::pin(get_conversation::handle(self.chat.clone(), request)),
            Function::DeleteConversation => Box::pin(delete_conversation::handle(self.chat.clone(), request)),
            Function::CreateChatCompletion => Box::pin(create_chat_completion::handle(self.chat.clone(), request)),
            Function::ListModels => Box::pin(list_models::handle(self.chat.clone(), request)),
            Function::OrchestrateQuery => Box::pin(orchestrate_query::handle(self.orchestrator.clone(), request)),
            Function::CreateInstance => Box::pin(create_instance::handle(self.instances.clone(), request)),
            Function::GetInstance => Box::pin(get_instance::handle(self.instances.clone(), request)),
            Function::ListInstances => Box::pin(list_instances::handle(self.instances.clone(), request)),
            Function::TerminateInstance => Box::pin(terminate_instance::handle(self.instances.clone(), request)),
            Function::ReportInstanceWork => Box::pin(report_instance_work::handle(self.instances.clone(), request)),
            Function::GetInstanceStats => Box::pin(get_instance_stats::handle(self.instances.clone(), request)),
            Function::ListTenantAudit => Box::pin(list_tenant_audit::handle(self.audit.clone(), request)),
            Function::ExportTenantData => Box::pin(export_tenant_data::handle(self.tenant_jobs.clone(), request)),
            Function::GetTenantJob => Box::pin(get_tenant_job::handle(self.tenant_jobs.clone(), request)),
            Function::EraseTenantData => Box::pin(erase_tenant_data::handle(self.tenant_jobs.clone(), request)),
            Function::PutTenantRetention => Box::pin(put_tenant_retention::handle(self.retention.clone(), request)),
            Function::GetTenantRetention => Box::pin(get_tenant_retention::handle(self.retention.clone(), request)),
            Function::PutGpuPool => Box::pin(put_gpu_pool::handle(self.gpu_pools.clone(), request)),
            Function::GetGpuPool => Box::pin(get_gpu_pool::handle(self.gpu_pools.clone(), request)),
            Function::DeleteGpuPool => Box::pin(delete_gpu_pool::handle(self.gpu_pools.clone(), request)),
        }
    }
}

async fn seed_keys(stores: &Stores, backend: Backend, raw: Option<&str>, now_ms: i64) -> Result<KeySetup, String> {
    let store = |key: &keys::DevKey, label: &'static str| {
        let record = key.record(label, now_ms);
        async move { stores.api_keys.put(&record).await.map_err(|e| format!("could not store a development key: {e}")) }
    };
    match raw {
        Some(raw) => {
            let dev_keys = keys::parse(raw).map_err(|problems| problems.join("; "))?;
            for key in &dev_keys {
                store(key, "LOCAL_API_KEYS").await?;
            }
            Ok(KeySetup::Configured(dev_keys.iter().map(|k| k.tenant.to_string()).collect()))
        }
        // Against a real key table, keys are whatever the table holds.
        None if backend == Backend::Aws => Ok(KeySetup::FromTable),
        None => {
            let key = keys::generate()?;
            store(&key, "generated at startup").await?;
            Ok(KeySetup::Generated(key))
        }
    }
}
