//! Lambda entry point of the lifecycle's `provision` task: wiring only (`shared::wiring::http_env::load_lifecycle`).

use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::Instances, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let lifecycle = shared::wiring::http_env::load_lifecycle(NEEDS).await?;
    shared::runtime::tasks::run_task(move |input| task_provision_instance::handle(lifecycle.clone(), input)).await
}
