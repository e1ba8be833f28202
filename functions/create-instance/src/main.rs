//! Lambda entry point for `POST /api/instances`: wiring only. Lifecycles start as Step Functions
//! executions of `STATE_MACHINE_ARN`; `INSTANCE_PROVIDERS` says which clouds are rented from, and
//! `TENANT_MAX_RUNNING_INSTANCES` how many machines one tenant may have at once.

use std::sync::Arc;

use shared::adapters::sfn::SfnWorkflowStarter;
use shared::app::instances::service::{max_running_from_env, providers_from_env, InstanceService};
use shared::app::instances::Clouds;
use shared::http::Access;
use shared::runtime::http::run_http;
use shared::wiring::http_env::HttpEnv;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::RateLimits, Store::Audit, Store::Idempotency, Store::Instances]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let (env, (state_machine, providers, max_running)) = HttpEnv::load_with(NEEDS, |e| {
        (e.required("STATE_MACHINE_ARN"), providers_from_env(e), max_running_from_env(e))
    })
    .await?;
    let workflow = Arc::new(SfnWorkflowStarter::new(&env.aws, state_machine));
    let clock = Arc::new(shared::clock::SystemClock);
    let service = Arc::new(
        InstanceService::new(env.stores.instances()?, Clouds::default(), Some(workflow), providers, clock)?
            .with_max_running(max_running),
    );
    run_http(env.gateway, Access::Tenant, move |request| create_instance::handle(service.clone(), request)).await
}
