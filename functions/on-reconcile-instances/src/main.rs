//! Lambda entry point of the scheduled reconciler: wiring only (`shared::wiring::http_env::load_lifecycle`).

use std::sync::Arc;
use std::time::Duration;

use shared::app::instances::reconcile::Reconciler;
use shared::wiring::needs::{Needs, Store};

/// The stores this function uses: only their tables' variables are read and only their adapters
/// built; template.yaml gives it exactly those (tests/tests/function_tables.rs).
const NEEDS: Needs = Needs(&[Store::Instances, Store::Usage]);

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let lifecycle = shared::wiring::http_env::load_lifecycle(NEEDS).await?;
    // Ten minutes past a deadline: well beyond a state machine's own retries.
    let reconciler = Arc::new(Reconciler::new(lifecycle, Duration::from_secs(600)));
    shared::runtime::tasks::run_task(move |event| {
        let reconciler = reconciler.clone();
        async move { on_reconcile_instances::handle(&reconciler, event).await }
    })
    .await
}
