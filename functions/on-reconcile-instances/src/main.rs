//! Lambda entry point of the scheduled reconciler: wiring only (`shared::lambda::load_lifecycle`).

use std::sync::Arc;
use std::time::Duration;

use shared::app::instances::reconcile::Reconciler;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let lifecycle = shared::lambda::load_lifecycle().await?;
    // Ten minutes past a deadline: well beyond a state machine's own retries.
    let reconciler = Arc::new(Reconciler { lifecycle, grace: Duration::from_secs(600) });
    shared::lambda::run_task(move |event| {
        let reconciler = reconciler.clone();
        async move { on_reconcile_instances::handle(&reconciler, event).await }
    })
    .await
}
