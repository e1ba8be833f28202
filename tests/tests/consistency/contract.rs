//! The OpenAPI contract: generated from the code, committed as `openapi.json`, served by `local`,
//! and complete (every route, every referenced schema).

use serde_json::Value;
use shared::http::GatewaySettings;
use tests::repo_root;

fn committed() -> Value {
    let text = std::fs::read_to_string(repo_root().join("openapi.json")).expect("openapi.json is committed");
    serde_json::from_str(&text).expect("openapi.json is JSON")
}

#[test]
fn the_committed_contract_is_the_generated_one() {
    assert!(
        committed() == local::openapi::document(),
        "openapi.json is stale: regenerate it with `cargo run -p local -- openapi > openapi.json`"
    );
}

#[test]
fn every_route_is_in_the_contract_with_its_method() {
    let doc = local::openapi::document();
    for route in shared::http::routes::routes() {
        let method = route.method.as_str().to_ascii_lowercase();
        let operation = &doc["paths"][route.path][method.as_str()];
        assert!(operation.is_object(), "{} {} is not in the contract", route.method, route.path);
        let success =
            operation["responses"].as_object().is_some_and(|r| r.keys().any(|status| status.starts_with('2')));
        assert!(success, "{} {} documents no success", route.method, route.path);
        // Every `{name}` of the path is a declared path parameter.
        for name in route.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')) {
            let declared = operation["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "path" && p["name"] == name && p["required"] == true));
            assert!(declared, "{} {}: path parameter {name} undeclared", route.method, route.path);
        }
    }
}

fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(r) = v.as_str() {
                        out.push(r.to_owned());
                    }
                }
                refs(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    let doc = local::openapi::document();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for reference in found {
        let pointer = reference.trim_start_matches('#');
        assert!(doc.pointer(pointer).is_some(), "{reference} does not resolve");
    }
}

#[tokio::test]
async fn local_serves_the_contract_without_a_key() {
    let (local, _) = tests::start_memory(GatewaySettings::default(), "t=k", local::Options::default()).await;
    let served: Value = reqwest::get(local.url("/openapi.json")).await.expect("response").json().await.expect("JSON");
    assert_eq!(served, local::openapi::document());
    assert_eq!(served["openapi"], "3.1.0");
}
