//! The template, the functions, their events and the route table (`shared::http::routes`, which
//! `local` serves and the OpenAPI document is generated from) must describe the same product.

use std::collections::BTreeSet;

use tests::repo_root;
use tests::template::{self, TemplateRoute};

fn local_routes() -> Vec<TemplateRoute> {
    let mut routes: Vec<TemplateRoute> = shared::http::routes::routes()
        .iter()
        .map(|r| TemplateRoute {
            method: r.method.to_string(),
            path: r.path.to_owned(),
            function: r.function.name().to_owned(),
        })
        .collect();
    routes.sort();
    routes
}

#[test]
fn every_template_route_is_served_by_local_with_the_same_function_and_back() {
    let in_template: BTreeSet<_> = template::http_routes(&template::load()).into_iter().collect();
    let in_local: BTreeSet<_> = local_routes().into_iter().collect();
    assert!(!in_template.is_empty(), "the template declares no HTTP route");
    let missing_locally: Vec<_> = in_template.difference(&in_local).collect();
    let missing_in_template: Vec<_> = in_local.difference(&in_template).collect();
    assert!(missing_locally.is_empty(), "routes in template.yaml that local does not serve: {missing_locally:?}");
    assert!(missing_in_template.is_empty(), "routes local serves that template.yaml lacks: {missing_in_template:?}");
}

#[test]
fn local_routes_agree_with_the_template_on_authentication() {
    let t = template::load();
    for (_, props) in template::resources(&t, "AWS::Serverless::Function") {
        let Some(events) = props.get("Events").and_then(serde_yaml::Value::as_mapping) else { continue };
        for event in events.values().filter(|e| e["Type"].as_str() == Some("HttpApi")) {
            let p = &event["Properties"];
            let public_in_template = p["Auth"]["Authorizer"].as_str() == Some("NONE");
            let path = p["Path"].as_str().unwrap_or_default();
            let method = p["Method"].as_str().unwrap_or_default().to_ascii_uppercase();
            let local = shared::http::routes::routes()
                .into_iter()
                .find(|r| r.path == path && r.method.as_str() == method)
                .unwrap_or_else(|| panic!("{method} {path} not served locally"));
            assert_eq!(
                local.access == shared::http::Access::Public,
                public_in_template,
                "{method} {path}: public in one and protected in the other"
            );
        }
    }
}

/// The `routeKey` of an HTTP API sample event. `None` for the other triggers' samples: an
/// authorizer's payload carries `type`, a Function URL's has the `$default` route key, SQS and Step
/// Functions samples have no `requestContext.http`.
fn http_route_key(sample: &serde_json::Value) -> Option<&str> {
    if sample.get("type").is_some() || !sample["requestContext"]["http"].is_object() {
        return None;
    }
    sample["routeKey"].as_str().filter(|key| *key != "$default")
}

#[test]
fn every_routed_function_has_samples_of_its_routes_and_every_http_sample_is_a_routed_one() {
    let table = shared::http::routes::routes();
    for function in shared::http::routes::Function::ALL {
        let dir = repo_root().join("events").join(function.name());
        assert!(dir.is_dir(), "{} is in the route table but events/{}/ is missing", function.name(), function.name());
    }
    let mut samples = 0;
    for dir in std::fs::read_dir(repo_root().join("events")).expect("events/").filter_map(Result::ok) {
        let name = dir.file_name().to_string_lossy().into_owned();
        let routes_of: BTreeSet<String> =
            table.iter().filter(|r| r.function.name() == name).map(|r| format!("{} {}", r.method, r.path)).collect();
        let mut http_samples = 0;
        for file in std::fs::read_dir(dir.path()).expect("an events/ folder").filter_map(Result::ok) {
            let text = std::fs::read_to_string(file.path()).expect("readable");
            let sample: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let Some(key) = http_route_key(&sample) else { continue };
            http_samples += 1;
            assert!(
                routes_of.contains(key),
                "events/{name}/{}: `{key}` is not a route of {name} in shared::http::routes",
                file.file_name().to_string_lossy()
            );
        }
        assert!(
            routes_of.is_empty() || http_samples > 0,
            "events/{name}/ has no HTTP API sample of its routes {routes_of:?}"
        );
        samples += http_samples;
    }
    assert!(samples > 0, "no HTTP API sample under events/");
}

fn function_folders() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo_root().join("functions"))
        .expect("functions/")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn every_function_has_its_template_resource_named_by_convention() {
    let t = template::load();
    let resources = template::resources(&t, "AWS::Serverless::Function");
    let folders = function_folders();
    assert!(!folders.is_empty());
    for name in &folders {
        let logical_id = format!("{}Function", template::pascal_case(name));
        let (_, props) = resources
            .iter()
            .find(|(id, _)| id == &logical_id)
            .unwrap_or_else(|| panic!("functions/{name} has no {logical_id} resource in template.yaml"));
        assert_eq!(template::function_folder(props).as_deref(), Some(name.as_str()), "{logical_id} CodeUri");
    }
    for (id, props) in &resources {
        let folder = template::function_folder(props).unwrap_or_else(|| panic!("{id} has no CodeUri under functions/"));
        assert!(folders.contains(&folder), "{id} points at functions/{folder}, which does not exist");
        let build_method = t["Resources"][id.as_str()]["Metadata"]["BuildMethod"].as_str();
        assert_eq!(build_method, Some("rust-cargolambda"), "{id} BuildMethod");
    }
}

#[test]
fn every_function_has_event_fixtures_that_its_unit_tests_load() {
    for name in function_folders() {
        let dir = repo_root().join("events").join(&name);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("events/{name}/ is missing"))
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
            .collect();
        assert!(!files.is_empty(), "events/{name}/ has no .json event");
        let source =
            std::fs::read_to_string(repo_root().join("functions").join(&name).join("src/lib.rs")).expect("lib.rs");
        assert!(
            source.contains(&format!("events/{name}/")),
            "functions/{name}'s unit tests do not load events/{name}/"
        );
        for file in files {
            let text = std::fs::read_to_string(file.path()).expect("readable");
            assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{} is not JSON", file.path().display());
            let referenced = file.file_name().to_string_lossy().into_owned();
            assert!(
                source.contains(&format!("events/{name}/{referenced}")),
                "events/{name}/{referenced} is not used by the unit tests"
            );
        }
    }
}

#[test]
fn http_functions_answer_inside_the_10_second_request_limit() {
    let t = template::load();
    let global = t["Globals"]["Function"]["Timeout"].as_u64().expect("a global Timeout");
    for (id, props) in template::resources(&t, "AWS::Serverless::Function") {
        let timeout = props.get("Timeout").and_then(serde_yaml::Value::as_u64).unwrap_or(global);
        let has_http_event = props
            .get("Events")
            .and_then(serde_yaml::Value::as_mapping)
            .is_some_and(|events| events.values().any(|e| e["Type"].as_str() == Some("HttpApi")));
        if has_http_event {
            assert!(timeout <= 10, "{id} has Timeout {timeout} s behind the HTTP API");
        }
    }
}

/// A function that answers chat (it sets `CHAT_DEADLINE_MS`) cuts a stream before its own timeout,
/// with a second left to end the stream with its error event and settle the call's cost: a
/// function killed mid-stream leaves its budget reservation unsettled (reliability item 6).
#[test]
fn every_chat_function_cuts_its_streams_before_its_timeout() {
    let t = template::load();
    let global = t["Globals"]["Function"]["Timeout"].as_u64().expect("a global Timeout");
    let number = |v: &serde_yaml::Value| v.as_u64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
    let mut chat_functions = 0;
    for (id, props) in template::resources(&t, "AWS::Serverless::Function") {
        let variables = &props.get("Environment").map(|e| &e["Variables"]);
        let Some(variables) = variables else { continue };
        if variables.get("CHAT_DEADLINE_MS").is_none() {
            continue;
        }
        chat_functions += 1;
        let timeout_ms = props.get("Timeout").and_then(serde_yaml::Value::as_u64).unwrap_or(global) * 1000;
        let limit = variables.get("CHAT_STREAM_LIMIT_MS").and_then(number);
        assert!(
            limit.is_some_and(|limit| limit + 1000 <= timeout_ms),
            "{id}: CHAT_STREAM_LIMIT_MS {limit:?} must leave a second of its {timeout_ms} ms timeout"
        );
    }
    assert!(chat_functions >= 3, "the chat functions were not found in the template");
}

/// The queue consumer's attempts end inside its timeout (with 10 s to record the pause), and an
/// attempt is only counted dead after the timeout (reliability item 7).
#[test]
fn a_queue_attempt_ends_before_the_consumer_timeout_and_the_lease_after_it() {
    let t = template::load();
    let globals = &t["Globals"]["Function"];
    let seconds = |name: &str| globals["Environment"]["Variables"][name].as_u64().expect(name);
    let (attempt, lease) = (seconds("TASK_ATTEMPT_SECONDS"), seconds("TASK_LEASE_SECONDS"));
    let consumers: Vec<u64> = template::resources(&t, "AWS::Serverless::Function")
        .into_iter()
        .filter(|(_, props)| template::function_folder(props).as_deref() == Some("process-analysis-queue"))
        .map(|(_, props)| props.get("Timeout").and_then(serde_yaml::Value::as_u64).expect("the consumer's Timeout"))
        .collect();
    assert_eq!(consumers.len(), 1, "the queue consumer was not found in the template");
    assert!(
        attempt + 10 <= consumers[0] && consumers[0] < lease,
        "attempt {attempt} s, timeout {} s, lease {lease} s",
        consumers[0]
    );
}

#[test]
fn every_table_is_encrypted_and_recoverable() {
    let t = template::load();
    let tables = template::resources(&t, "AWS::DynamoDB::Table");
    assert!(!tables.is_empty());
    for (id, props) in tables {
        assert_eq!(
            props.get("SSESpecification").and_then(|s| s["SSEEnabled"].as_bool()),
            Some(true),
            "{id} encryption"
        );
        assert_eq!(
            props.get("PointInTimeRecoverySpecification").and_then(|s| s["PointInTimeRecoveryEnabled"].as_bool()),
            Some(true),
            "{id} point-in-time recovery"
        );
    }
}

/// The logical id a `!GetAtt Id.Attr` names.
fn get_att_target(value: &serde_yaml::Value) -> Option<String> {
    match value {
        serde_yaml::Value::Tagged(tagged) if tagged.tag == "!GetAtt" => {
            tagged.value.as_str().and_then(|s| s.split('.').next()).map(str::to_owned)
        }
        _ => None,
    }
}

#[test]
fn every_consumed_queue_has_a_dead_letter_queue_and_outlasts_its_consumer() {
    let t = template::load();
    let global = t["Globals"]["Function"]["Timeout"].as_u64().expect("a global Timeout");
    let mut consumed = 0;
    for (id, props) in template::resources(&t, "AWS::Serverless::Function") {
        let timeout = props.get("Timeout").and_then(serde_yaml::Value::as_u64).unwrap_or(global);
        let Some(events) = props.get("Events").and_then(serde_yaml::Value::as_mapping) else { continue };
        for event in events.values().filter(|e| e["Type"].as_str() == Some("SQS")) {
            consumed += 1;
            let p = &event["Properties"];
            let response_types = p["FunctionResponseTypes"].as_sequence().cloned().unwrap_or_default();
            assert!(
                response_types.iter().any(|v| v.as_str() == Some("ReportBatchItemFailures")),
                "{id}: partial batch failures must be on, or one bad record redelivers the whole batch"
            );
            let queue_id = get_att_target(&p["Queue"]).expect("the queue as !GetAtt");
            let queue = &t["Resources"][queue_id.as_str()]["Properties"];
            let visibility = queue["VisibilityTimeout"].as_u64().expect("a visibility timeout");
            assert!(visibility >= 6 * timeout, "{queue_id}: visibility {visibility} s < 6 × {id}'s {timeout} s");
            let redrive = &queue["RedrivePolicy"];
            let dlq = get_att_target(&redrive["deadLetterTargetArn"]).expect("a dead-letter queue");
            assert_eq!(t["Resources"][dlq.as_str()]["Type"].as_str(), Some("AWS::SQS::Queue"));
            let max_receives = redrive["maxReceiveCount"].as_u64().expect("maxReceiveCount");
            // An URGENT task runs at most 6 times: its own retry limit ends it before the DLQ does.
            assert!(max_receives > 6, "{queue_id}: maxReceiveCount {max_receives} would cut URGENT retries short");
        }
    }
    assert_eq!(consumed, 5, "one event source mapping per priority queue, and the tenant jobs queue's");
}

/// The deployed console is answered by CloudFront with the policy `local` sends: one string, so a
/// change to the console's policy cannot reach only one of them.
#[test]
fn the_deployed_console_has_the_same_content_security_policy_as_local() {
    let t = template::load();
    let policy = &t["Resources"]["ConsoleHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
        ["SecurityHeadersConfig"]["ContentSecurityPolicy"];
    assert_eq!(policy["ContentSecurityPolicy"].as_str(), Some(web_console::CONTENT_SECURITY_POLICY));
    assert_eq!(policy["Override"].as_bool(), Some(true));
}
