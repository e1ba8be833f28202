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
    /// The success status: 200 unless said otherwise.
    status: &'static str,
    /// Query parameters, as OpenAPI parameter objects.
    query: Vec<Value>,
    /// Errors of this operation besides the ones every route shares.
    errors: &'static [(&'static str, &'static str)],
}

impl Operation {
    fn new(summary: &'static str, response: &'static str) -> Self {
        Self { summary, request: None, example: None, response, status: "200", query: Vec::new(), errors: &[] }
    }

    fn body(mut self, request: &'static str, example: Value) -> Self {
        self.request = Some(request);
        self.example = Some(example);
        self
    }
}

fn enum_query(name: &str, values: &[&str], description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description,
            "schema": { "type": "string", "enum": values } })
}

/// `CreateTaskRequest`: one variant per task type, each tying `type` to its `data` schema (a
/// derive cannot express that; the variants mirror `shared::app::tasks::api::CreateTaskRequest`).
fn create_task_schema() -> Value {
    let variant = |task_type: &str, data: &str| {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["type", "data"],
            "properties": {
                "type": { "const": task_type },
                "priority": {
                    "description": "Default (or null): NORMAL",
                    "anyOf": [schema_ref("Priority"), { "type": "null" }]
                },
                "data": schema_ref(data),
                "metadata": {
                    "type": ["object", "null"],
                    "description": "Any JSON object of the caller's, at most 4096 bytes as JSON, returned as sent"
                }
            }
        })
    };
    json!({
        "description": "An analysis task; `data` has one shape per `type` and at most 200000 bytes as JSON",
        "oneOf": [
            variant("DOCUMENT_ANALYSIS", "DocumentAnalysisData"),
            variant("CHAT_RESPONSE", "ChatResponseData"),
            variant("BATCH_PROCESSING", "BatchProcessingData"),
            variant("REPORT_GENERATION", "ReportGenerationData"),
        ]
    })
}

/// `CreateInstanceRequest`: one variant per cloud, each with the types it can launch and the
/// regions it rents in (a derive cannot tie them to `provider`; the rules are
/// `shared::app::instances::service`'s).
fn create_instance_schema() -> Value {
    use shared::app::instances::service::{AWS_REGIONS, AZURE_REGIONS};
    use shared::domain::instances::{Catalog, CloudProvider};
    let catalog = Catalog::builtin().ok();
    let variant = |provider: CloudProvider, name: &str, regions: &[&str]| {
        let types: Vec<&str> = catalog
            .iter()
            .flat_map(|c| c.all())
            .filter(|t| t.provider == provider && t.launchable)
            .map(|t| t.type_name.as_str())
            .collect();
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["provider", "instanceType", "region", "diskSizeGB", "autoTerminateMinutes"],
            "properties": {
                "provider": { "const": name },
                "instanceType": { "enum": types, "description": "A type this cloud still launches (a retired one is a 400 naming its replacement)" },
                "region": { "enum": regions },
                "diskSizeGB": { "type": "integer", "minimum": 30, "maximum": 16384 },
                "autoTerminateMinutes": { "type": "integer", "minimum": 5, "maximum": 120, "description": "Idle minutes before the machine is terminated" },
                "taskId": { "type": ["string", "null"], "format": "uuid" },
                "purpose": { "type": ["string", "null"], "maxLength": 500 },
                "tags": {
                    "type": ["object", "null"], "maxProperties": 20,
                    "propertyNames": { "minLength": 1, "maxLength": 128 },
                    "additionalProperties": { "type": "string", "maxLength": 256 }
                }
            }
        })
    };
    json!({
        "description": "A GPU machine to rent",
        "oneOf": [variant(CloudProvider::Aws, "AWS", AWS_REGIONS), variant(CloudProvider::Azure, "AZURE", AZURE_REGIONS)]
    })
}

fn operation_id(route: &Route) -> String {
    format!("{}-{}", route.function.name(), route.path.trim_start_matches('/').replace('/', "-"))
}

/// For a submitted task: the reads its `id` feeds (OpenAPI links, which let stateful testing
/// follow a real task). Not the cancel and progress operations: a cancelled task stays readable
/// (DELETE cancels, it does not remove), and progress only moves while a worker runs the task,
/// which a client cannot time.
fn task_links() -> Value {
    let mut links = Map::new();
    let reads = routes().into_iter().filter(|r| {
        r.method == http::Method::GET
            && (r.path == "/api/analysis-queue/{id}" || r.path.starts_with("/api/analysis-queue/{id}/"))
    });
    for route in reads {
        links.insert(
            route.function.name().to_owned(),
            json!({ "operationId": operation_id(&route), "parameters": { "id": "$response.body#/id" } }),
        );
    }
    Value::Object(links)
}

/// For an answered message: the read of its conversation (GET only, as for tasks).
fn conversation_links() -> Value {
    let read = routes()
        .into_iter()
        .find(|r| r.function == Function::GetConversation)
        .map(|r| operation_id(&r))
        .unwrap_or_default();
    json!({ "get-conversation": { "operationId": read, "parameters": { "id": "$response.body#/conversationId" } } })
}

fn page_query(what: &str, cursor: Value) -> Vec<Value> {
    vec![
        json!({ "name": "limit", "in": "query", "required": false, "description": format!("{what} per page (default 20)"),
                "schema": { "type": "integer", "minimum": 1, "maximum": 100 } }),
        json!({ "name": "cursor", "in": "query", "required": false,
                "description": "The nextCursor of the previous page", "schema": cursor }),
    ]
}

/// A model call's own errors.
const MODEL_CALL: &[(&str, &str)] = &[
    ("402", "The tenant's monthly model budget cannot cover this call"),
    ("502", "The model provider failed after its retries and fallback; the provider is named"),
    ("504", "No answer within the deadline"),
];

/// A task state that forbids the change: 409.
const TASK_CONFLICT: &[(&str, &str)] =
    &[("409", "The task's state forbids this change (finished, not running, or progress lower than now)")];

/// A tenant fairness limit on waiting tasks: 429, named in the problem.
const WAITING_LIMIT: &[(&str, &str)] = &[(
    "429",
    "tenant_limit_reached: the tenant already has TENANT_MAX_WAITING_TASKS_<PRIORITY> tasks of this priority waiting; the problem names limit, priority, max and current; see Retry-After",
)];

/// A tenant fairness limit on machines: 409, named in the problem.
const RUNNING_LIMIT: &[(&str, &str)] = &[(
    "409",
    "tenant_limit_reached: the tenant already has TENANT_MAX_RUNNING_INSTANCES instances running or starting; the problem names limit, max and current",
)];

/// An instance not READY or RUNNING cannot take work: 409.
const INSTANCE_CONFLICT: &[(&str, &str)] = &[("409", "The instance is not READY or RUNNING")];

fn operation_of(function: Function) -> Operation {
    match function {
        Function::GetHealth => Operation::new("Liveness and readiness; 503 when a dependency is down", "Health"),
        Function::GetTenant => Operation::new("The caller's tenant, rate limit and usage", "Tenant"),
        Function::OptimizeContext => Operation::new(
            "Shrink one text for a target model, keeping protected clinical content",
            "OptimizeResponse",
        )
        .body(
            "OptimizeRequest",
            json!({
                "content": "It is worth noting that the patient denies chest pain. Potassium 3.1 mmol/L L (3.5-5.1).",
                "strategy": "BALANCED",
                "contentType": "MEDICAL_REPORT",
                "preserveKeywords": ["potassium"],
                "model": "gpt-4o"
            }),
        ),
        Function::OptimizeContextBatch => Operation::new(
            "Up to 50 optimizations in parallel, answered in input order with a summary",
            "BatchResponse",
        )
        .body(
            "BatchRequest",
            json!({ "requests": [
                { "content": "He denies chest pain. Thank you for the referral.", "contentType": "GENERAL" },
                { "content": "| Potassium | 3.1 | L | mmol/L | 3.5-5.1 |", "contentType": "LAB_RESULTS" }
            ]}),
        ),
        Function::GetOptimizerStats => {
            Operation::new("The tenant's optimizer totals and estimated savings", "OptimizerStats")
        }
        Function::CreateTask => Operation {
            status: "202",
            errors: WAITING_LIMIT,
            ..Operation::new("Submit an analysis task; 202 with the task PENDING and its Location", "Task").body(
                "CreateTaskRequest",
                json!({
                    "type": "DOCUMENT_ANALYSIS",
                    "priority": "HIGH",
                    "data": {
                        "document": { "content": "Potassium 3.1 mmol/L L (3.5-5.1). Denies chest pain.", "contentType": "LAB_RESULTS" },
                        "question": "Which results are abnormal?"
                    },
                    "metadata": { "caseId": "case-0042" }
                }),
            )
        },
        Function::GetTask => Operation::new("One task of the caller, with its recorded events", "TaskDetail"),
        Function::ListTasks => Operation {
            query: vec![
                enum_query("status", &["PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"], "Only tasks in this status"),
                enum_query("type", &["DOCUMENT_ANALYSIS", "CHAT_RESPONSE", "BATCH_PROCESSING", "REPORT_GENERATION"], "Only tasks of this type"),
                enum_query("priority", &["URGENT", "HIGH", "NORMAL", "LOW"], "Only tasks of this priority"),
                json!({ "name": "limit", "in": "query", "required": false, "description": "Tasks per page (default 20)",
                        "schema": { "type": "integer", "minimum": 1, "maximum": 100 } }),
                json!({ "name": "cursor", "in": "query", "required": false,
                        "description": "The nextCursor of the previous page",
                        "schema": { "type": "string", "format": "uuid" } }),
            ],
            ..Operation::new("The caller's tasks, newest first, filtered and paged", "TaskList")
        },
        Function::CancelTask => Operation {
            errors: TASK_CONFLICT,
            ..Operation::new("Cancel a waiting or running task; a finished one is a 409", "Task")
        },
        Function::UpdateTaskProgress => Operation {
            errors: TASK_CONFLICT,
            ..Operation::new("Move a running task's progress forward (0-100; lower than now is a 400)", "Task")
                .body("ProgressRequest", json!({ "progress": 60 }))
        },
        Function::GetTaskEvents => Operation {
            query: vec![json!({ "name": "after", "in": "query", "required": false,
                "description": "Return the events after this seq (Last-Event-ID wins when both are sent)",
                "schema": { "type": "integer", "minimum": 0 } })],
            ..Operation::new(
                "The task's recorded events; with Accept: text/event-stream, SSE that waits (bounded) for the next one",
                "TaskEvents",
            )
        },
        Function::SendChatMessage => Operation {
            errors: MODEL_CALL,
            ..Operation::new(
                "Send a message into a new or existing conversation; the answer with usage and cost, or SSE with stream: true",
                "ChatReplyView",
            )
            .body(
                "SendMessageRequest",
                json!({ "message": "Which lab values are flagged? Potassium 3.1 mmol/L (L), Sodium 139 mmol/L.",
                        "provider": "openai", "maxTokens": 300 }),
            )
        },
        Function::ListConversations => Operation {
            query: page_query("Conversations", json!({ "type": "string", "format": "uuid" })),
            ..Operation::new("The caller's conversations, newest first, with this month's spend", "ConversationListView")
        },
        Function::GetConversation => Operation {
            query: page_query("Messages", json!({ "type": "string", "pattern": "^[0-9]{1,19}$" })),
            ..Operation::new("A conversation with its totals and its messages, oldest first", "ConversationView")
        },
        Function::DeleteConversation => Operation {
            status: "204",
            ..Operation::new("Delete a conversation and all its messages", "")
        },
        Function::CreateChatCompletion => Operation {
            errors: MODEL_CALL,
            ..Operation::new(
                "OpenAI-compatible chat completions (use an OpenAI SDK with base URL <api>/v1 and the product's key)",
                "ChatCompletion",
            )
            .body(
                "ChatCompletionRequest",
                json!({ "model": "gpt-4o-mini",
                        "messages": [{ "role": "user", "content": "Is a potassium of 3.1 mmol/L low?" }],
                        "max_tokens": 200 }),
            )
        },
        Function::ListModels => Operation::new("The models on offer, in OpenAI's list format, with prices", "ModelList"),
        Function::OrchestrateQuery => Operation {
            errors: &[
                ("402", "The tenant's monthly model budget cannot cover the answer"),
                ("502", "The model provider failed; the problem carries `partial`"),
                ("504", "The deadline passed; the problem carries `partial`, what was done in time"),
            ],
            ..Operation::new(
                "Optimize, classify, then answer now (200) or queue an analysis task (202), under one deadline; SSE with Accept: text/event-stream",
                "OrchestrationView",
            )
            .body(
                "OrchestrateRequest",
                json!({ "query": "Which value is low?",
                        "documents": [{ "content": "Potassium 3.1 mmol/L L (3.5-5.1). Sodium 139 mmol/L.", "contentType": "LAB_RESULTS" }],
                        "timeoutMs": 5000 }),
            )
        },
        Function::CreateInstance => Operation {
            status: "202",
            errors: RUNNING_LIMIT,
            ..Operation::new(
                "Rent a GPU machine: 202 at once, PROVISIONING, its lifecycle running in a state machine",
                "InstanceView",
            )
            .body(
                "CreateInstanceRequest",
                json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "diskSizeGB": 200,
                        "autoTerminateMinutes": 30, "purpose": "vLLM for batch summaries", "tags": { "team": "records" } }),
            )
        },
        Function::GetInstance => Operation::new("One instance, with its cost so far (live while it runs)", "InstanceView"),
        Function::ListInstances => Operation {
            query: {
                let mut query = vec![enum_query(
                    "status",
                    &["PROVISIONING", "CONFIGURING", "READY", "RUNNING", "STOPPING", "TERMINATED", "FAILED"],
                    "Only instances in this status",
                )];
                query.extend(page_query("Instances", json!({ "type": "string", "format": "uuid" })));
                query
            },
            ..Operation::new("The caller's instances, newest first", "InstanceListView")
        },
        Function::TerminateInstance => Operation::new(
            "Terminate at once (idempotent): the machine, then the record, TERMINATED with its final cost",
            "InstanceView",
        ),
        Function::ReportInstanceWork => Operation {
            errors: INSTANCE_CONFLICT,
            ..Operation::new(
                "Work assigned (busy: RUNNING) or finished (READY): restarts the idle timer; an instance not READY or RUNNING is a 409",
                "InstanceView",
            )
            .body("WorkReport", json!({ "busy": true }))
        },
        Function::GetInstanceStats => Operation::new(
            "Counts by status, provider and type; running now; total and average cost; average lifetime",
            "InstanceStatsView",
        ),
        Function::GetQueueStats => Operation::new(
            "The caller's counts per status and priority, queue length, average processing time and estimated wait",
            "QueueStats",
        ),
    }
}

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

fn operation(route: &Route) -> Value {
    let op = operation_of(route.function);
    let mut responses = Map::new();
    let description = match op.status {
        "202" => "Accepted",
        "204" => "Deleted",
        _ => "OK",
    };
    let mut success = json!({
        "description": description,
        "headers": { "x-request-id": { "$ref": "#/components/headers/RequestId" } },
    });
    if op.status != "204" {
        success["content"] = json!({ "application/json": { "schema": schema_ref(op.response) } });
    }
    responses.insert(op.status.to_owned(), success);
    if route.function == Function::SendChatMessage {
        responses["200"]["links"] = conversation_links();
        responses["200"]["content"]["text/event-stream"] = json!({ "schema": {
            "description": "event: start (data: {conversationId}), delta ({content}), then exactly one of done (a ChatReplyView) or error (a Problem with incomplete: true and the stored partial answer)",
            "type": "object", "required": ["event", "data"],
            "properties": {
                "event": { "enum": ["start", "delta", "done", "error"] },
                "data": { "type": "string", "contentMediaType": "application/json" }
            }
        }});
    }
    if route.function == Function::OrchestrateQuery {
        // A queued query is accepted to run asynchronously: 202, with the same body.
        responses.insert("202".to_owned(), {
            let mut accepted = responses["200"].clone();
            accepted["description"] = json!("Queued as an analysis task; Location names it");
            accepted
        });
        responses["200"]["content"]["text/event-stream"] = json!({ "schema": {
            "description": "step_started, step_finished (duration), heartbeat, then exactly one result (an OrchestrationView) or error (a Problem with partial)",
            "type": "object", "required": ["event", "data"],
            "properties": {
                "event": { "enum": ["step_started", "step_finished", "heartbeat", "result", "error"] },
                "data": { "type": "string", "contentMediaType": "application/json" }
            }
        }});
    }
    if route.function == Function::CreateChatCompletion {
        responses["200"]["content"]["text/event-stream"] = json!({ "schema": {
            "description": "data: chat.completion.chunk objects, then data: [DONE]; data: {\"error\": …} instead when the answer broke",
            "type": "object", "required": ["data"],
            "properties": { "data": { "type": "string" } }
        }});
    }
    if route.function == Function::CreateTask {
        responses[op.status]["links"] = task_links();
    }
    if route.function == Function::GetTaskEvents {
        responses["200"]["content"]["text/event-stream"] = json!({ "schema": {
            "description": "id: <seq>, event: <type>, data: a TaskEvent; `end` once the task is final",
            "type": "object",
            "properties": { "id": { "type": "string" }, "event": { "type": "string" }, "data": { "type": "string" } }
        }});
    }
    if route.function == Function::GetHealth {
        responses.insert(
            "503".to_owned(),
            json!({
                "description": "A dependency is down",
                "content": { "application/json": { "schema": schema_ref("Health") } }
            }),
        );
    }
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
    // One response per status: the descriptions of every cause sharing it, in order.
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
        "operationId": operation_id(route),
        "summary": op.summary,
        "tags": [route.function.name()],
        "responses": responses,
    });
    let mut parameters = vec![json!({ "$ref": "#/components/parameters/RequestId" })];
    for segment in route.path.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            parameters.push(json!({ "name": name, "in": "path", "required": true,
                                    "schema": { "type": "string", "format": "uuid" } }));
        }
    }
    parameters.extend(op.query);
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
    collect::<shared::app::optimizer::service::OptimizeRequest>(&mut schemas);
    collect::<shared::app::optimizer::service::OptimizeResponse>(&mut schemas);
    collect::<shared::app::optimizer::service::BatchRequest>(&mut schemas);
    collect::<shared::app::optimizer::service::BatchResponse>(&mut schemas);
    collect::<shared::app::optimizer::stats::StatsResponse>(&mut schemas);
    collect::<shared::app::tasks::api::ProgressRequest>(&mut schemas);
    collect::<shared::app::instances::service::WorkReport>(&mut schemas);
    collect::<shared::app::tasks::api::TaskView>(&mut schemas);
    collect::<shared::app::tasks::api::TaskDetailView>(&mut schemas);
    collect::<shared::app::tasks::api::TaskListView>(&mut schemas);
    collect::<shared::app::tasks::api::QueueStatsView>(&mut schemas);
    collect::<shared::app::tasks::events::TaskEventsView>(&mut schemas);
    collect::<shared::app::tasks::data::DocumentAnalysisData>(&mut schemas);
    collect::<shared::app::tasks::data::ChatResponseData>(&mut schemas);
    collect::<shared::app::tasks::data::BatchProcessingData>(&mut schemas);
    collect::<shared::app::tasks::data::ReportGenerationData>(&mut schemas);
    collect::<shared::app::chat::api::SendMessageRequest>(&mut schemas);
    collect::<shared::app::chat::api::ChatReplyView>(&mut schemas);
    collect::<shared::app::chat::api::ConversationView>(&mut schemas);
    collect::<shared::app::chat::api::ConversationListView>(&mut schemas);
    collect::<shared::app::chat::compat::ChatCompletionRequest>(&mut schemas);
    collect::<shared::app::chat::compat::ChatCompletion>(&mut schemas);
    collect::<shared::app::chat::compat::ModelList>(&mut schemas);
    collect::<shared::app::orchestration::api::OrchestrateRequest>(&mut schemas);
    collect::<shared::app::orchestration::api::OrchestrationView>(&mut schemas);
    collect::<shared::app::instances::service::InstanceView>(&mut schemas);
    collect::<shared::app::instances::service::InstanceListView>(&mut schemas);
    collect::<shared::app::instances::service::InstanceStatsView>(&mut schemas);
    let mut schema_map = Map::new();
    for (name, schema) in schemas {
        schema_map.entry(name).or_insert_with(|| serde_json::to_value(schema).unwrap_or(Value::Null));
    }
    schema_map.insert("CreateTaskRequest".to_owned(), create_task_schema());
    schema_map.insert("CreateInstanceRequest".to_owned(), create_instance_schema());
    chat_rules(&mut schema_map);
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
