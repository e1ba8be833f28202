//! `template.yaml` read as data, so tests can hold the code to it (routes, functions, tables).
//! CloudFormation's short tags (`!Ref`, `!GetAtt`, …) arrive as tagged YAML values.

use serde_yaml::{Mapping, Value};

pub fn load() -> Value {
    let path = super::repo_root().join("template.yaml");
    let text = std::fs::read_to_string(&path).expect("template.yaml is readable");
    serde_yaml::from_str(&text).expect("template.yaml is YAML")
}

/// `(logical id, properties)` of every resource of `resource_type`.
pub fn resources<'a>(template: &'a Value, resource_type: &str) -> Vec<(String, &'a Mapping)> {
    let Some(resources) = template.get("Resources").and_then(Value::as_mapping) else { return Vec::new() };
    resources
        .iter()
        .filter(|(_, r)| r.get("Type").and_then(Value::as_str) == Some(resource_type))
        .filter_map(|(id, r)| Some((id.as_str()?.to_owned(), r.get("Properties")?.as_mapping()?)))
        .collect()
}

/// A route declared by an `HttpApi` event of a function.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateRoute {
    pub method: String,
    pub path: String,
    /// The function's folder under `functions/`, from its `CodeUri`.
    pub function: String,
}

pub fn function_folder(properties: &Mapping) -> Option<String> {
    properties.get("CodeUri")?.as_str()?.strip_prefix("functions/").map(str::to_owned)
}

pub fn http_routes(template: &Value) -> Vec<TemplateRoute> {
    let mut routes = Vec::new();
    for (_, properties) in resources(template, "AWS::Serverless::Function") {
        let Some(function) = function_folder(properties) else { continue };
        let Some(events) = properties.get("Events").and_then(Value::as_mapping) else { continue };
        for event in events.values() {
            if event.get("Type").and_then(Value::as_str) != Some("HttpApi") {
                continue;
            }
            let p = &event["Properties"];
            routes.push(TemplateRoute {
                method: p["Method"].as_str().unwrap_or_default().to_ascii_uppercase(),
                path: p["Path"].as_str().unwrap_or_default().to_owned(),
                function: function.clone(),
            });
        }
    }
    routes.sort();
    routes
}

/// `KebabCase` → `PascalCase`: `get-tenant` → `GetTenant`.
pub fn pascal_case(kebab: &str) -> String {
    kebab
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}
