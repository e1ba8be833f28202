//! The CloudWatch Embedded Metric Format lines the functions print, read back and checked: every
//! line one JSON object in the product's namespace, each metric with its unit and dimension set,
//! no dimension carrying a tenant. Its own test binary, so the capture of the process's metric
//! lines starts before anything else emits one.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{json, Value};
use shared::http::GatewaySettings;

const KEY: &str = "key-for-metrics-tests";
const TENANT: &str = "metrics-tenant";

/// Metric → (unit, dimension names), as the dashboard and alarms in template.yaml read them.
fn schema() -> BTreeMap<&'static str, (&'static str, Vec<&'static str>)> {
    let route = vec!["Route", "StatusClass"];
    let model = vec!["Provider", "Model"];
    let outcome = vec!["Priority", "TaskType", "Outcome"];
    let machine = vec!["Provider", "InstanceType"];
    BTreeMap::from([
        ("Latency", ("Milliseconds", route.clone())),
        ("Requests", ("Count", route.clone())),
        ("ServerErrors", ("Count", route)),
        ("InputTokens", ("Count", model.clone())),
        ("OutputTokens", ("Count", model.clone())),
        ("ModelCostUsd", ("None", model)),
        ("TokensSaved", ("Count", vec!["Feature"])),
        ("Optimizations", ("Count", vec!["Feature"])),
        ("TaskWaitSeconds", ("Seconds", vec!["Priority"])),
        ("TaskOutcomes", ("Count", outcome.clone())),
        ("TaskProcessingSeconds", ("Seconds", outcome)),
        ("MachineCostUsd", ("None", machine.clone())),
        ("MachineLifetimeSeconds", ("Seconds", machine)),
        ("MachinesRunning", ("Count", vec!["Provider"])),
        ("MachineCostPerHourUsd", ("None", vec!["Provider"])),
        ("BudgetUsedPercent", ("Percent", vec!["Feature"])),
        ("LeaseExpired", ("Count", vec!["Priority"])),
    ])
}

/// The request body of an `events/` fixture.
fn fixture_body(path: &str) -> Value {
    let event: Value =
        serde_json::from_str(&std::fs::read_to_string(tests::repo_root().join(path)).expect("fixture")).expect("JSON");
    serde_json::from_str(event["body"].as_str().expect("a body")).expect("JSON body")
}

#[tokio::test]
async fn every_line_names_its_metrics_units_and_bounded_dimensions() {
    shared::metrics::capture();
    let mut options = local::Options::default();
    options.chat.monthly_budget = Some(shared::domain::chat::to_units(5.0));
    let (local, _app) = tests::start_memory(GatewaySettings::default(), &format!("{TENANT}={KEY}"), options).await;
    let client = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str, body: Option<Value>| {
        let mut request = client.request(method, local.url(path)).bearer_auth(KEY);
        if let Some(body) = body {
            request = request.json(&body);
        }
        async move {
            let response = request.send().await.expect("response");
            let status = response.status();
            (status, response.json::<Value>().await.unwrap_or(Value::Null))
        }
    };

    let (status, _) = send(
        reqwest::Method::POST,
        "/api/context-optimizer",
        Some(fixture_body("events/optimize-context/clinical-note.json")),
    )
    .await;
    assert!(status.is_success());
    let (status, _) =
        send(reqwest::Method::POST, "/api/chatbot", Some(json!({"message": "Is a potassium of 3.1 mmol/L low?"})))
            .await;
    assert!(status.is_success());
    let (status, task) = send(
        reqwest::Method::POST,
        "/api/analysis-queue",
        Some(fixture_body("events/create-task/document-analysis.json")),
    )
    .await;
    assert!(status.is_success(), "{task}");
    let id = task["id"].as_str().expect("id").to_owned();
    let mut finished = false;
    for _ in 0..200 {
        let (_, now) = send(reqwest::Method::GET, &format!("/api/analysis-queue/{id}"), None).await;
        if now["status"] == "COMPLETED" {
            finished = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(finished, "the task did not complete");
    let (status, machine) = send(
        reqwest::Method::POST,
        "/api/instances",
        Some(json!({"provider": "AZURE",
        "instanceType": "Standard_NC4as_T4_v3", "region": "eastus", "diskSizeGB": 100, "autoTerminateMinutes": 30})),
    )
    .await;
    assert!(status.is_success(), "{machine}");
    let (status, _) =
        send(reqwest::Method::DELETE, &format!("/api/instances/{}", machine["id"].as_str().expect("id")), None).await;
    assert!(status.is_success());
    let (status, _) = send(reqwest::Method::GET, "/api/nowhere", None).await;
    assert_eq!(status.as_u16(), 404);

    let lines = shared::metrics::capture();
    let schema = schema();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut routes: BTreeSet<(String, String)> = BTreeSet::new();
    for line in &lines {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}"));
        let directive = &v["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], shared::metrics::NAMESPACE, "{line}");
        assert!(v["_aws"]["Timestamp"].as_i64().is_some_and(|t| t > 1_700_000_000_000), "{line}");
        let dimensions: Vec<&str> = directive["Dimensions"][0]
            .as_array()
            .expect("one dimension set")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        // The same metrics again without dimensions: the totals the alarms read.
        assert_eq!(directive["Dimensions"][1], json!([]), "{line}");
        for name in &dimensions {
            let value = v[*name].as_str().unwrap_or_else(|| panic!("dimension {name} has no string value: {line}"));
            assert!(!value.contains(TENANT), "a tenant in dimension {name}: {line}");
        }
        for metric in directive["Metrics"].as_array().expect("metrics") {
            let name = metric["Name"].as_str().expect("name");
            let (unit, dims) = schema.get(name).unwrap_or_else(|| panic!("metric {name} is not in the schema: {line}"));
            assert_eq!(metric["Unit"], *unit, "{line}");
            assert_eq!(&dimensions, dims, "{line}");
            assert!(v[name].as_f64().is_some_and(f64::is_finite), "{name} has no number: {line}");
            seen.insert(name.to_owned());
        }
        if let (Some(route), Some(class)) = (v["Route"].as_str(), v["StatusClass"].as_str()) {
            routes.insert((route.to_owned(), class.to_owned()));
        }
    }
    let expected = [
        "Latency",
        "Requests",
        "ServerErrors",
        "InputTokens",
        "OutputTokens",
        "ModelCostUsd",
        "TokensSaved",
        "TaskWaitSeconds",
        "TaskOutcomes",
        "MachineCostUsd",
        "BudgetUsedPercent",
    ];
    for name in expected {
        assert!(seen.contains(name), "no {name} among {} lines: {seen:?}", lines.len());
    }
    assert!(routes.contains(&("POST /api/context-optimizer".to_owned(), "2xx".to_owned())), "{routes:?}");
    // An unknown path is one bounded route name, never the path a caller typed.
    assert!(routes.contains(&("unmatched".to_owned(), "4xx".to_owned())), "{routes:?}");
    assert!(!routes.iter().any(|(route, _)| route.contains("nowhere")), "{routes:?}");
}
