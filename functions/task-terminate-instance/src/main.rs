//! Lambda entry point of the lifecycle's `terminate` task: wiring only (`shared::lambda::load_lifecycle`).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    shared::telemetry::init();
    let lifecycle = shared::lambda::load_lifecycle().await?;
    shared::lambda::run_task(move |input| task_terminate_instance::handle(lifecycle.clone(), input)).await
}
