//! Lambda entry point for `POST /api/instances`: wiring only. Lifecycles start as Step Functions
//! executions of `STATE_MACHINE_ARN`; `INSTANCE_PROVIDERS` says which clouds are rented from.

use std::sync::Arc;

use shared::adapters::sfn::SfnWorkflowStarter;
use shared::app::instances::service::{providers_from_env, InstanceService};
use shared::app::instances::Clouds;
use shared::http::Access;
use shared::lambda::{run_http, HttpEnv};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, (state_machine, providers)) =
        HttpEnv::load_with(|e| (e.required("STATE_MACHINE_ARN"), providers_from_env(e))).await?;
    let workflow = Arc::new(SfnWorkflowStarter::new(&env.aws, state_machine));
    let clock = Arc::new(shared::clock::SystemClock);
    let service = Arc::new(InstanceService::new(
        env.stores.instances.clone(),
        Clouds::default(),
        Some(workflow),
        providers,
        clock,
    )?);
    run_http(env.gateway, Access::Tenant, move |request| create_instance::handle(service.clone(), request)).await
}
