//! The OpenAPI 3.1 contract, generated from the code: paths and operations from the route table
//! (`shared::http::routes`, which names each route's body types and says what the document tells
//! about it), schemas from those types (`utoipa` derives on them). `local` serves it at
//! `/openapi.json`; `local openapi` prints it; `openapi.json` at the repository root is the
//! committed copy, which a test keeps identical.

use http::StatusCode;
use serde_json::{json, Map, Value};

use shared::http::routes::{collect, routes, Also, Links, Route, Schemas, Stream};
use shared::http::Access;

/// What the chat requests' derives cannot say: a model is one of the priced models; an
/// OpenAI-style message has one of four roles and text content, and at least one is the user's.
fn chat_rules(schemas: &mut Map<String, Value>) {
    let priced: Vec<Value> = shared::pricing::PriceTable::builtin()
        .map(|t| t.models().iter().filter(|p| p.provider != "offline").map(|p| json!(p.model)).collect())
        .unwrap_or_default();
    // The offline provider's id: what every answer of `local` without a provider carries, and so
    // accepted back there (and refused where a provider is configured).
    let mut with_offline = priced.clone();
    with_offline.push(json!(shared::adapters::offline_llm::MODEL));
    let offline_note =
        "; `offline-extractive` only where no provider is configured (`local` without keys), as its answers say";
    let rule = |schemas: &mut Map<String, Value>, name: &str, property: &str, value: Value| {
        if let Some(Value::Object(props)) = schemas.get_mut(name).and_then(|s| s.get_mut("properties")) {
            props.insert(property.to_owned(), value);
        }
    };
    for (request, models, note) in
        [("SendMessageRequest", &with_offline, offline_note), ("OrchestrateRequest", &priced, "")]
    {
        let mut nullable = models.clone();
        nullable.push(Value::Null);
        rule(
            schemas,
            request,
            "model",
            json!({ "description": format!("A priced model (GET /v1/models lists those with a configured provider); it must belong to `provider` when both are given{note}"),
                    "enum": nullable }),
        );
    }
    rule(
        schemas,
        "ChatCompletionRequest",
        "model",
        json!({ "description": format!("A priced model (GET /v1/models){offline_note}"), "enum": with_offline }),
    );
    rule(
        schemas,
        "ChatCompletionRequest",
        "messages",
        json!({ "type": "array", "minItems": 1, "items": schema_ref("CompatMessage"),
                "contains": { "type": "object", "required": ["role"], "properties": { "role": { "const": "user" } } } }),
    );
    if let Some(Value::Object(props)) = schemas.get_mut("ChatCompletionRequest").and_then(|s| s.get_mut("properties")) {
        // Accepted only to be refused with a 400 naming it: not part of what the route offers.
        props.remove("tools");
    }
    rule(schemas, "CompatMessage", "role", json!({ "enum": ["system", "developer", "user", "assistant"] }));
    rule(
        schemas,
        "CompatMessage",
        "content",
        json!({ "oneOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "object", "required": ["type", "text"],
              "properties": { "type": { "const": "text" }, "text": { "type": "string" } } } }
        ]}),
    );
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "headers": { "x-request-id": { "$ref": "#/components/headers/RequestId" } },
        "content": { "application/problem+json": { "schema": schema_ref("Problem") } }
    })
}

fn stream_schema(stream: &Stream) -> Value {
    match stream {
        Stream::Events { description, names } => json!({
            "description": description,
            "type": "object", "required": ["event", "data"],
            "properties": {
                "event": { "enum": names },
                "data": { "type": "string", "contentMediaType": "application/json" }
            }
        }),
        Stream::Data { description } => json!({
            "description": description,
            "type": "object", "required": ["data"],
            "properties": { "data": { "type": "string" } }
        }),
        Stream::Numbered { description } => json!({
            "description": description,
            "type": "object",
            "properties": { "id": { "type": "string" }, "event": { "type": "string" }, "data": { "type": "string" } }
        }),
    }
}

/// The GET operations at or below `links.path`, named by their function.
fn links(table: &[Route], links: &Links) -> Value {
    let below = format!("{}/", links.path);
    let reads =
        table.iter().filter(|r| r.method == http::Method::GET && (r.path == links.path || r.path.starts_with(&below)));
    let links: Map<String, Value> = reads
        .map(|r| {
            (r.function.name().to_owned(), json!({ "operationId": r.operation_id(), "parameters": { "id": links.id } }))
        })
        .collect();
    Value::Object(links)
}

fn success_description(status: StatusCode) -> &'static str {
    match status {
        StatusCode::ACCEPTED => "Accepted",
        StatusCode::NO_CONTENT => "Deleted",
        _ => "OK",
    }
}

fn operation(table: &[Route], route: &Route) -> Value {
    let op = &route.operation;
    let mut responses = Map::new();
    let json_body = |name: &str| json!({ "application/json": { "schema": schema_ref(name) } });
    let mut success = json!({
        "description": success_description(op.status),
        "headers": { "x-request-id": { "$ref": "#/components/headers/RequestId" } },
    });
    if let Some(body) = &op.response {
        success["content"] = json_body(&body.name);
    }
    for also in &op.also {
        let (status, answer) = match also {
            Also::Success { status, description } => {
                let mut answer = success.clone();
                answer["description"] = json!(description);
                (status, answer)
            }
            Also::Failure { status, description } => {
                let mut answer = json!({ "description": description });
                if let Some(body) = &op.response {
                    answer["content"] = json_body(&body.name);
                }
                (status, answer)
            }
        };
        responses.insert(status.as_str().to_owned(), answer);
    }
    if let Some(link) = &op.links {
        success["links"] = links(table, link);
    }
    if let Some(stream) = &op.stream {
        success["content"]["text/event-stream"] = json!({ "schema": stream_schema(stream) });
    }
    responses.insert(op.status.as_str().to_owned(), success);
    let not_found =
        if route.path.contains('{') { "Unknown route, or no such resource for this tenant" } else { "Unknown route" };
    let mut errors: Vec<(&str, &str)> = vec![("404", not_found), ("405", "Method not allowed")];
    errors.extend_from_slice(op.errors);
    if route.access == Access::Tenant {
        errors.extend([
            ("400", "Invalid request: the problem names every offending field"),
            ("401", "Missing, malformed or unknown API key"),
            ("413", "Body above the limit"),
            ("429", "Rate limited; see Retry-After"),
            ("503", "A store did not answer; see Retry-After"),
        ]);
    }
    if op.request.is_some() {
        errors.extend([
            ("409", "The first request with this Idempotency-Key is still running"),
            ("415", "The body is not JSON"),
            ("422", "Idempotency-Key reused with a different request"),
        ]);
    }
    // One response per status: the descriptions of every cause sharing it, in order (inserting
    // each in turn kept only the last: a 429 or 409 of the operation's own was lost).
    let mut described: Vec<(&str, String)> = Vec::new();
    for (status, description) in errors {
        match described.iter_mut().find(|(s, _)| *s == status) {
            Some((_, text)) => *text = format!("{text}; or: {description}"),
            None => described.push((status, description.to_owned())),
        }
    }
    for (status, description) in described {
        responses.insert(status.to_owned(), problem(&description));
    }
    let mut value = json!({
        "operationId": route.operation_id(),
        "summary": op.summary,
        "tags": [route.function.name()],
        "responses": responses,
    });
    let mut parameters = vec![json!({ "$ref": "#/components/parameters/RequestId" })];
    for name in route.path_parameters() {
        parameters.push(json!({ "name": name, "in": "path", "required": true,
                                "schema": { "type": "string", "format": "uuid" } }));
    }
    for query in &op.query {
        parameters.push(json!({ "name": query.name, "in": "query", "required": false,
                                "description": query.description, "schema": query.schema }));
    }
    if let Some(request) = &op.request {
        let mut media = json!({ "schema": schema_ref(&request.name) });
        if let Some(example) = &op.example {
            media["example"] = example.clone();
        }
        value["requestBody"] = json!({ "required": true, "content": { "application/json": media } });
        parameters.push(json!({ "$ref": "#/components/parameters/IdempotencyKey" }));
    }
    value["parameters"] = Value::Array(parameters);
    value["security"] =
        if route.access == Access::Tenant { json!([{ "bearer": [] }, { "apiKey": [] }]) } else { json!([]) };
    value
}

/// The whole contract.
pub fn document() -> Value {
    let table = routes();
    let mut schemas = Schemas::new();
    collect::<shared::http::ProblemBody<'static>>(&mut schemas);
    for body in table.iter().flat_map(|r| r.operation.request.iter().chain(&r.operation.response)) {
        (body.collect)(&mut schemas);
    }
    let mut schema_map = Map::new();
    for (name, schema) in schemas {
        schema_map.entry(name).or_insert(schema);
    }
    chat_rules(&mut schema_map);
    let mut paths = Map::new();
    for route in &table {
        let item = paths.entry(route.path.to_owned()).or_insert_with(|| json!({}));
        item[route.method.as_str().to_ascii_lowercase()] = operation(&table, route);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "AI-analysis backend",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Every error is application/problem+json (RFC 9457) with a stable `code`. \
                            Every response carries x-request-id."
        },
        "servers": [{ "url": "http://127.0.0.1:3000", "description": "local (cargo run -p local)" }],
        "paths": paths,
        "components": {
            "schemas": schema_map,
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "Authorization: Bearer <API key>" },
                "apiKey": { "type": "apiKey", "in": "header", "name": "x-api-key" }
            },
            "parameters": {
                "RequestId": {
                    "name": "x-request-id", "in": "header", "required": false,
                    "description": "Echoed back when it is 1-128 characters of [A-Za-z0-9-_.:]; any other value is replaced by a fresh id",
                    "schema": { "type": "string" }
                },
                "IdempotencyKey": {
                    "name": "Idempotency-Key", "in": "header", "required": false,
                    "description": "Same key and body: the first response is replayed; another body: 422",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 255 }
                }
            },
            "headers": {
                "RequestId": { "description": "The request's id", "schema": { "type": "string" } }
            }
        }
    })
}
