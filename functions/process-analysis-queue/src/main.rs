//! Lambda entry point of the analysis-queue consumer: wiring only. The models' providers come
//! from the environment (`shared::llm::from_env`), their keys from Secrets Manager
//! (`shared::secrets`), once per cold start; with none configured it refuses to start unless
//! `LLM_OFFLINE=true`. Every model call is held to `CHAT_MONTHLY_BUDGET_USD`, the chatbot's
//! budget, and recorded in the tenants' spend (`CHAT_SPEND_TABLE`). GPU tasks run on the tenants'
//! pools (`GPU_POOLS_TABLE`), whose machines start as executions of `STATE_MACHINE_ARN`.

use std::sync::Arc;

use aws_lambda_events::event::sqs::SqsEvent;
use lambda_runtime::{service_fn, LambdaEvent};
use std::time::Duration;

use shared::adapters::openai::PoolServers;
use shared::adapters::sfn::SfnWorkflowStarter;
use shared::adapters::sqs::{self, QueueUrls, SqsVisibility};
use shared::app::budget::Budget;
use shared::app::gpu_pool::{GpuScheduler, SchedulerSettings};
use shared::app::instances::service::{max_running_from_env, providers_from_env, InstanceService};
use shared::app::instances::Clouds;
use shared::app::tasks::{QueueService, QueueSettings};
use shared::config::EnvReader;
use shared::wiring::aws_config;
use shared::wiring::needs::{DeclaredStores, DeclaredTables, Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::Tasks, Store::Conversations, Store::Usage, Store::GpuPools, Store::Instances]);

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    shared::telemetry::init();
    let mut env = EnvReader::new();
    let settings = QueueSettings::from_env(&mut env);
    let tables = DeclaredTables::from_env(&mut env, NEEDS);
    let urls = QueueUrls::from_env(&mut env);
    let aws = aws_config().await;
    let keys = shared::secrets::provider_keys(&aws, &mut env).await;
    let llm = Arc::new(shared::llm::from_env(&mut env, false, &keys));
    let limit = shared::app::budget::limit_from_env(&mut env);
    let state_machine = env.required("STATE_MACHINE_ARN");
    let providers = providers_from_env(&mut env);
    let max_running = max_running_from_env(&mut env);
    let gpu_settings = SchedulerSettings::from_env(&mut env, SchedulerSettings::default().poll);
    let idle_timeout = Duration::from_secs(env.parsed_or("LLM_TIMEOUT_SECONDS", 60));
    env.finish()?;
    let stores = DeclaredStores::new(&aws, tables);
    let clock = Arc::new(shared::clock::SystemClock);
    let meter = shared::app::usage::UsageMeter::new(stores.usage()?, clock.clone());
    let budget = Budget::new(stores.conversations()?, clock.clone(), limit).metered(meter);
    let service = QueueService::new(stores.tasks()?, clock.clone(), settings);
    let visibility = Arc::new(SqsVisibility::new(sqs::client(&aws), urls));
    let workflow = Arc::new(SfnWorkflowStarter::new(&aws, state_machine));
    let instances = InstanceService::new(stores.instances()?, Clouds::default(), Some(workflow), providers, clock)?
        .with_max_running(max_running);
    let servers = Arc::new(PoolServers { idle_timeout });
    let scheduler = GpuScheduler::new(stores.gpu_pools()?, Arc::new(instances), gpu_settings, servers);
    let consumer = process_analysis_queue::consumer(service, llm, budget, visibility, Some(Arc::new(scheduler)))?;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let consumer = consumer.clone();
        async move { Ok::<_, lambda_runtime::Error>(process_analysis_queue::handle(consumer, event.payload).await) }
    }))
    .await
}
