//! The OpenAPI 3.1 contract, generated from the code: schemas from the request and response types
//! (`utoipa` derives on them), paths and operations from the route table. `local` serves it at
//! `/openapi.json`; `local openapi` prints it; `openapi.json` at the repository root is the
//! committed copy, which a test keeps identical.

use serde_json::{json, Map, Value};
use utoipa::openapi::schema::Schema;
use utoipa::openapi::RefOr;
use utoipa::ToSchema;

use crate::routes::{routes, Function, Route};
use shared::http::Access;

type Schemas = Vec<(String, RefOr<Schema>)>;

fn collect<T: ToSchema>(schemas: &mut Schemas) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

/// What the contract says about one function's operation.
struct Operation {
    summary: &'static str,
    request: Option<&'static str>,
    /// An example request body (invented content, no patient data).
    example: Option<Value>,
    response: &'static str,
}

fn operation_of(function: Function) -> Operation {
    match function {
        Function::GetHealth => Operation {
            summary: "Liveness and readiness; 503 when a dependency is down",
            request: None,
            example: None,
            response: "Health",
        },
        Function::GetTenant => Operation {
            summary: "The caller's tenant, rate limit and usage",
            request: None,
            example: None,
            response: "Tenant",
        },
        Function::OptimizeContext => Operation {
            summary: "Shrink one text for a target model, keeping protected clinical content",
            request: Some("OptimizeRequest"),
            example: Some(json!({
                "content": "It is worth noting that the patient denies chest pain. Potassium 3.1 mmol/L L (3.5-5.1).",
                "strategy": "BALANCED",
                "contentType": "MEDICAL_REPORT",
                "preserveKeywords": ["potassium"],
                "model": "gpt-4o"
            })),
            response: "OptimizeResponse",
        },
        Function::OptimizeContextBatch => Operation {
            summary: "Up to 50 optimizations in parallel, answered in input order with a summary",
            request: Some("BatchRequest"),
            example: Some(json!({ "requests": [
                { "content": "He denies chest pain. Thank you for the referral.", "contentType": "GENERAL" },
                { "content": "| Potassium | 3.1 | L | mmol/L | 3.5-5.1 |", "contentType": "LAB_RESULTS" }
            ]})),
            response: "BatchResponse",
        },
        Function::GetOptimizerStats => Operation {
            summary: "The tenant's optimizer totals and estimated savings",
            request: None,
            example: None,
            response: "OptimizerStats",
        },
    }
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

fn operation(route: &Route) -> Value {
    let op = operation_of(route.function);
    let mut responses = Map::new();
    responses.insert(
        "200".to_owned(),
        json!({
            "description": "OK",
            "headers": { "x-request-id": { "$ref": "#/components/headers/RequestId" } },
            "content": { "application/json": { "schema": schema_ref(op.response) } }
        }),
    );
    if route.function == Function::GetHealth {
        responses.insert(
            "503".to_owned(),
            json!({
                "description": "A dependency is down",
                "content": { "application/json": { "schema": schema_ref("Health") } }
            }),
        );
    }
    let mut errors: Vec<(&str, &str)> = vec![("404", "Unknown route"), ("405", "Method not allowed")];
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
    for (status, description) in errors {
        responses.insert(status.to_owned(), problem(description));
    }
    let mut value = json!({
        "operationId": format!("{}-{}", route.function.name(), route.path.trim_start_matches('/').replace('/', "-")),
        "summary": op.summary,
        "tags": [route.function.name()],
        "responses": responses,
    });
    let mut parameters = vec![json!({ "$ref": "#/components/parameters/RequestId" })];
    if let Some(request) = op.request {
        let mut media = json!({ "schema": schema_ref(request) });
        if let Some(example) = op.example {
            media["example"] = example;
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
    let mut schemas = Schemas::new();
    collect::<shared::http::ProblemBody<'static>>(&mut schemas);
    collect::<get_health::HealthBody>(&mut schemas);
    collect::<get_tenant::TenantBody<'static>>(&mut schemas);
    collect::<shared::optimizer_service::OptimizeRequest>(&mut schemas);
    collect::<shared::optimizer_service::OptimizeResponse>(&mut schemas);
    collect::<shared::optimizer_service::BatchRequest>(&mut schemas);
    collect::<shared::optimizer_service::BatchResponse>(&mut schemas);
    collect::<shared::optimizer_stats::StatsResponse>(&mut schemas);
    let mut schema_map = Map::new();
    for (name, schema) in schemas {
        schema_map.entry(name).or_insert_with(|| serde_json::to_value(schema).unwrap_or(Value::Null));
    }
    let mut paths = Map::new();
    for route in routes() {
        let item = paths.entry(route.path.to_owned()).or_insert_with(|| json!({}));
        item[route.method.as_str().to_ascii_lowercase()] = operation(&route);
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
