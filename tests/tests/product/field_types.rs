//! Every field of every JSON request body, sent with a value of the wrong JSON type, is a 400
//! `validation_failed` whose `errors[]` names that field by its JSON path — never
//! `malformed_json`: the body is valid JSON.
//!
//! The routes, their bodies and their fields are read from the contract (`local::openapi`), so a
//! route or field added to it is covered without changing this test. For each body shape (each
//! `oneOf` alternative of a body, such as each task type) a minimal valid body is built from the
//! schema; then each field in turn, nested ones included (`data.sections[0].heading`,
//! `messages[0].content[0].text`, `tags.<name>`), gets a value of every JSON type its schema does
//! not allow. Afterwards the tenant's stored data reads back unchanged.

use reqwest::StatusCode;
use serde_json::{json, Map, Value};
use shared::domain::rate_limit::RatePolicy;
use shared::http::GatewaySettings;

pub(crate) const KEY: &str = "field-types-key";

/// A contract schema with its `$ref` followed.
pub(crate) fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| doc.pointer(r.trim_start_matches('#'))) {
        Some(target) => resolve(doc, target),
        None => schema,
    }
}

/// The alternatives of a `oneOf`/`anyOf` schema (itself when it has none), resolved.
pub(crate) fn alternatives<'a>(doc: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let schema = resolve(doc, schema);
    match schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        Some(list) => list.iter().flat_map(|s| alternatives(doc, s)).collect(),
        None => vec![schema],
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The JSON types a schema allows; `None` when it allows any value.
fn allowed_types(doc: &Value, schema: &Value) -> Option<Vec<&'static str>> {
    let mut types = Vec::new();
    for alt in alternatives(doc, schema) {
        if let Some(c) = alt.get("const") {
            types.push(type_of(c));
        } else if let Some(values) = alt.get("enum").and_then(Value::as_array) {
            types.extend(values.iter().map(type_of));
        } else {
            match &alt["type"] {
                Value::String(t) => types.push(json_type(t)),
                Value::Array(ts) => types.extend(ts.iter().filter_map(Value::as_str).map(json_type)),
                _ => return None,
            }
        }
    }
    if types.contains(&"number") {
        types.push("integer");
    }
    Some(types)
}

fn json_type(name: &str) -> &'static str {
    ["null", "boolean", "integer", "number", "string", "array", "object"]
        .into_iter()
        .find(|t| *t == name)
        .unwrap_or("unknown")
}

/// A value of each JSON type `schema` does not allow.
pub(crate) fn wrong_values(doc: &Value, schema: &Value) -> Vec<Value> {
    let Some(allowed) = allowed_types(doc, schema) else { return Vec::new() };
    [json!(null), json!(17), json!(2.5), json!(true), json!("wrong-type"), json!([17]), json!({ "wrong": 17 })]
        .into_iter()
        .filter(|v| !allowed.contains(&type_of(v)))
        .collect()
}

/// A minimal value `schema` accepts as to JSON types and names (required members only).
pub(crate) fn valid(doc: &Value, schema: &Value) -> Value {
    let alt = alternatives(doc, schema).into_iter().find(|a| a["type"] != "null").unwrap_or(&Value::Null);
    if let Some(c) = alt.get("const") {
        return c.clone();
    }
    if let Some(first) = alt.get("enum").and_then(Value::as_array).and_then(|v| v.iter().find(|v| !v.is_null())) {
        return first.clone();
    }
    let types: Vec<&str> = match &alt["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec!["object"],
    };
    match types.into_iter().find(|t| *t != "null").unwrap_or("null") {
        "object" => {
            let mut out = Map::new();
            for name in alt["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                out.insert(name.to_owned(), valid(doc, &alt["properties"][name]));
            }
            Value::Object(out)
        }
        "array" => match alt.get("items") {
            Some(items) if items.as_object().is_some_and(|o| !o.is_empty()) => json!([valid(doc, items)]),
            _ => json!([{ "content": "Potassium 3.1 mmol/L." }]),
        },
        "string" if alt["format"] == "uuid" => json!("6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"),
        "string" if alt["pattern"].as_str().is_some_and(|p| p.contains("gpt-4")) => json!("gpt-4o"),
        "string" => json!("Potassium 3.1 mmol/L."),
        "integer" | "number" => alt.get("minimum").cloned().unwrap_or(json!(1)),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// `body` with `value` at `path` (segments: member names and array indexes).
fn with(body: &Value, path: &[Segment], value: Value) -> Value {
    let mut out = body.clone();
    let mut at = &mut out;
    for (i, segment) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        at = match segment {
            Segment::Member(name) => {
                let object = at.as_object_mut().expect("an object on the path");
                if last {
                    object.insert(name.clone(), value);
                    return out;
                }
                object.entry(name.clone()).or_insert(Value::Null)
            }
            Segment::Index(index) => {
                let array = at.as_array_mut().expect("an array on the path");
                if last {
                    array[*index] = value;
                    return out;
                }
                &mut array[*index]
            }
        };
    }
    value
}

#[derive(Clone, Debug)]
pub(crate) enum Segment {
    Member(String),
    Index(usize),
}

fn render(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Member(name) if out.is_empty() => out.push_str(name),
            Segment::Member(name) => {
                out.push('.');
                out.push_str(name);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// One request to send: the body, the field whose value is wrong, and the wrong value.
pub(crate) struct Case {
    pub(crate) body: Value,
    pub(crate) field: String,
    pub(crate) value: Value,
}

/// What to put in a member to make a case of it: the wrong values for its schema (none: skip it).
pub(crate) type Values = dyn Fn(&Value, &Value) -> Vec<Value>;

/// The cases for every member of the object `schema` at `path` in `body` (which holds a valid
/// value there), and, recursively, for the members of the objects and arrays inside it.
pub(crate) fn cases(doc: &Value, schema: &Value, body: &Value, path: &[Segment], values: &Values, out: &mut Vec<Case>) {
    let schema = resolve(doc, schema);
    let mut members: Vec<(String, &Value)> = schema["properties"]
        .as_object()
        .map(|props| props.iter().map(|(name, s)| (name.clone(), s)).collect())
        .unwrap_or_default();
    // A map's values (`tags`): one member, named as a client would name it.
    if let Some(values) = schema.get("additionalProperties").filter(|v| v.is_object()) {
        members.push(("label".to_owned(), values));
    }
    for (name, member) in members {
        let mut at = path.to_vec();
        at.push(Segment::Member(name));
        for value in values(doc, member) {
            out.push(Case { body: with(body, &at, value.clone()), field: render(&at), value });
        }
        // Into each object or array-of-objects shape the member may take.
        for alt in alternatives(doc, member) {
            let items = resolve(doc, &alt["items"]);
            if alt["properties"].is_object() || alt["additionalProperties"].is_object() {
                let inner = with(body, &at, valid(doc, alt));
                cases(doc, alt, &inner, &at, values, out);
            } else if items["properties"].is_object() {
                let inner = with(body, &at, json!([valid(doc, items)]));
                let mut item = at.clone();
                item.push(Segment::Index(0));
                cases(doc, items, &inner, &item, values, out);
            }
        }
    }
}

/// One JSON body shape of one operation: what the contract walk hands each check.
pub(crate) struct Shape<'a> {
    pub(crate) method: reqwest::Method,
    pub(crate) path: &'a str,
    pub(crate) url: String,
    pub(crate) schema: &'a Value,
}

/// Every body shape of every operation with a JSON body (each `oneOf` alternative apart), with
/// `{id}` filled so the request reaches its handler.
pub(crate) fn json_shapes<'a>(doc: &'a Value, local: &tests::RunningLocal) -> Vec<Shape<'a>> {
    let mut shapes = Vec::new();
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") else { continue };
            let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes()).expect("method");
            let url = local.url(&path.replace("{id}", "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f"));
            for shape in alternatives(doc, schema) {
                shapes.push(Shape { method: method.clone(), path, url: url.clone(), schema: shape });
            }
        }
    }
    shapes
}

/// `local` with a rate limit these many requests never reach.
pub(crate) async fn start() -> tests::RunningLocal {
    let settings = GatewaySettings {
        rate_policy: RatePolicy::new(1_000_000.0, 1_000_000).expect("valid"),
        ..GatewaySettings::default()
    };
    tests::start_memory(settings, &format!("t={KEY}"), local::Options::default()).await.0
}

/// What a route answered: status, content type, body as JSON (`null` when it is not JSON).
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) content_type: String,
    pub(crate) body: Value,
}

/// Sends `body` (bytes, JSON or not) as `application/json` to the shape's operation.
pub(crate) async fn send(client: &reqwest::Client, shape: &Shape<'_>, body: impl Into<reqwest::Body>) -> Answer {
    let resp = client
        .request(shape.method.clone(), &shape.url)
        .bearer_auth(KEY)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("response");
    let status = resp.status();
    let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    Answer { status, content_type, body: resp.json().await.unwrap_or(Value::Null) }
}

/// Sends `body` (JSON text) and says what was wrong unless the answer is a 400
/// `validation_failed` whose `errors[]` names `field`.
pub(crate) async fn refusal_naming(
    client: &reqwest::Client,
    shape: &Shape<'_>,
    body: String,
    field: &str,
) -> Result<(), String> {
    let Answer { status, body: problem, .. } = send(client, shape, body).await;
    let named = problem["errors"].as_array().is_some_and(|errors| errors.iter().any(|e| e["field"] == field));
    if status == StatusCode::BAD_REQUEST && problem["code"] == "validation_failed" && named {
        Ok(())
    } else {
        Err(format!("{status} {problem}"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_field_with_a_wrong_type_is_a_validation_error_naming_it() {
    let local = start().await;
    let doc = local::openapi::document();
    let client = reqwest::Client::new();
    let before = super::abuse::stored(&client, &local).await;
    let (mut failures, mut sent) = (Vec::new(), 0);
    for shape in json_shapes(&doc, &local) {
        let base = valid(&doc, shape.schema);
        let mut all = Vec::new();
        cases(&doc, shape.schema, &base, &[], &wrong_values, &mut all);
        assert!(!all.is_empty(), "{} {}: no field found in {}", shape.method, shape.path, shape.schema);
        for case in all {
            sent += 1;
            if let Err(answer) = refusal_naming(&client, &shape, case.body.to_string(), &case.field).await {
                failures.push(format!("{} {} {} = {}: {answer}", shape.method, shape.path, case.field, case.value));
            }
        }
    }
    assert!(sent > 100, "only {sent} requests: the contract walk missed fields");
    all_named(&failures, sent, "wrong-typed fields");
    assert_eq!(super::abuse::stored(&client, &local).await, before, "a refused request changed what is stored");
}

/// `body` (an object) as JSON text with its member `name` written twice, the second time first.
fn with_member_twice(body: &Value, name: &str) -> String {
    let text = body.to_string();
    let repeated = format!("{}:{},", Value::String(name.to_owned()), body[name]);
    format!("{{{repeated}{}", &text[1..])
}

/// A member sent twice (`{"content":"a","content":"b"}`) is refused, never silently resolved to
/// one of its values: a 400 `validation_failed` naming that member, on every JSON route.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_member_sent_twice_is_a_validation_error_naming_it() {
    let local = start().await;
    let doc = local::openapi::document();
    let client = reqwest::Client::new();
    let before = super::abuse::stored(&client, &local).await;
    let (mut failures, mut sent) = (Vec::new(), 0);
    for shape in json_shapes(&doc, &local) {
        let body = valid(&doc, shape.schema);
        for name in body.as_object().expect("an object body").keys() {
            sent += 1;
            if let Err(answer) = refusal_naming(&client, &shape, with_member_twice(&body, name), name).await {
                failures.push(format!("{} {} {name} twice: {answer}", shape.method, shape.path));
            }
        }
    }
    assert!(sent > 20, "only {sent} requests: the contract walk missed members");
    all_named(&failures, sent, "repeated members");
    assert_eq!(super::abuse::stored(&client, &local).await, before, "a refused request changed what is stored");
}

/// Fails listing every case that was not named, out of the `sent` ones.
fn all_named(failures: &[String], sent: usize, what: &str) {
    assert!(failures.is_empty(), "{} of {sent} {what} were not named:\n{}", failures.len(), failures.join("\n"));
}
