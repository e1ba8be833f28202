//! The `local` server on the DynamoDB adapters (the emulator): the same black-box behaviour as on
//! the memory stores, so the embedded default is a faithful stand-in.

use reqwest::StatusCode;
use serde_json::Value;
use shared::domain::rate_limit::RatePolicy;
use shared::http::GatewaySettings;
use shared::wiring::stores::Stores;
use tests::{emulator, RunningLocal};

#[tokio::test]
async fn tenant_health_rate_limit_and_isolation_hold_on_dynamodb() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let stores = Stores::dynamodb(&config, &tables);
    let settings =
        GatewaySettings { rate_policy: RatePolicy::new(0.1, 3).expect("valid"), ..GatewaySettings::default() };
    let (app, _) = local::App::assemble(
        settings,
        stores,
        local::Backend::Aws,
        Some("a=key-a-dynamo,b=key-b-dynamo"),
        local::Options::default(),
    )
    .await
    .expect("app on DynamoDB");
    let local = RunningLocal::start(app).await;
    let client = reqwest::Client::new();

    let ready: Value =
        client.get(local.url("/health/ready")).send().await.expect("response").json().await.expect("JSON");
    assert_eq!(ready["ready"], true, "{ready}");
    assert!(ready["dependencies"]
        .as_array()
        .expect("list")
        .iter()
        .all(|d| d["kind"] == "dynamodb-table" && d["state"] == "up"));

    let unauthenticated = client.get(local.url("/api/tenant")).send().await.expect("response");
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);

    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            client
                .get(local.url("/api/tenant"))
                .header("x-api-key", "key-a-dynamo")
                .send()
                .await
                .expect("response")
                .status(),
        );
    }
    assert_eq!(statuses, [StatusCode::OK, StatusCode::OK, StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]);

    let b = tests::get_json(&local.url("/api/tenant"), "key-b-dynamo").await;
    assert_eq!(b["tenantId"], "b");
    assert_eq!(b["usage"]["admittedRequests"], 1);
}

#[tokio::test]
async fn readiness_is_503_naming_the_missing_table() {
    let Some(config) = emulator::sdk_config().await else { return };
    let mut tables = emulator::tables(&config).await;
    tables.idempotency = "deleted-or-never-created".to_owned();
    let (app, _) = local::App::assemble(
        GatewaySettings::default(),
        Stores::dynamodb(&config, &tables),
        local::Backend::Aws,
        None,
        local::Options::default(),
    )
    .await
    .expect("app");
    let local = RunningLocal::start(app).await;
    let resp = reqwest::get(local.url("/health/ready")).await.expect("response");
    assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = resp.json().await.expect("JSON");
    let down: Vec<&str> = body["dependencies"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["state"] == "down")
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(down, ["idempotency"]);
}

/// The GPU pool's scenario (`tests::gpu_pool::six_tasks_on_two_machines`) with every store on
/// DynamoDB: the pool, its machines' records and the tasks written with conditional writes
/// through the adapters; the machines on the simulated cloud.
#[tokio::test]
async fn a_gpu_pool_scales_up_serves_and_idles_out_on_dynamodb() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let options = tests::gpu_pool::options(Some(std::time::Duration::from_millis(300)));
    let keys = format!("clinic-gpu={}", tests::gpu_pool::KEY);
    let (app, _) = local::App::assemble(
        GatewaySettings::default(),
        Stores::dynamodb(&config, &tables),
        local::Backend::Aws,
        Some(&keys),
        options,
    )
    .await
    .expect("app on DynamoDB");
    let local = RunningLocal::start(app.clone()).await;
    tests::gpu_pool::six_tasks_on_two_machines(&local, &app).await;
}
