//! The rows. Order is the order of `paths` in the OpenAPI document; matching does not depend on it
//! (the most specific template wins).

use http::{Method, StatusCode};
use serde_json::json;

use super::operation::{Also, Links, Query, Stream};
use super::schemas;
use super::{Access, Function::*, Route};
use crate::app::chat::api::{ChatReplyView, ConversationListView, ConversationView, SendMessageRequest};
use crate::app::chat::compat::{ChatCompletion, ChatCompletionRequest, ModelList};
use crate::app::gpu_pool::service::{GpuPoolView, PutGpuPoolRequest};
use crate::app::instances::service::{InstanceListView, InstanceStatsView, InstanceView, WorkReport};
use crate::app::optimizer::service::{BatchRequest, BatchResponse, OptimizeRequest, OptimizeResponse};
use crate::app::optimizer::stats::StatsResponse;
use crate::app::orchestration::api::{OrchestrateRequest, OrchestrationView};
use crate::app::tasks::api::{ProgressRequest, QueueStatsView, TaskDetailView, TaskListView, TaskView};
use crate::app::tasks::events::TaskEventsView;
use crate::app::tenant_data::audit::AuditListView;
use crate::app::tenant_data::jobs::{EraseRequest, TenantJobView};
use crate::app::tenant_data::retention::{PutRetentionRequest, RetentionView};
use crate::app::usage::UsageView;
use crate::domain::health::HealthBody;
use crate::domain::instances::InstanceStatus;
use crate::domain::rate_limit::TenantBody;
use crate::domain::tasks::{Priority, TaskStatus, TaskType};

/// A model call's own errors.
const MODEL_CALL: &[(&str, &str)] = &[
    ("402", "The tenant's monthly model budget cannot cover this call"),
    ("502", "The model provider failed after its retries and fallback; the provider is named"),
    ("504", "No answer within the deadline"),
];

/// A task state that forbids the change: 409.
const TASK_CONFLICT: &[(&str, &str)] =
    &[("409", "The task's state forbids this change (finished, not running, or progress lower than now)")];

/// A submitted task refused: the tenant's fairness limit on waiting tasks (429, named in the
/// problem), or a GPU task of a tenant with no pool (409).
const SUBMIT_REFUSED: &[(&str, &str)] = &[
    (
        "429",
        "tenant_limit_reached: the tenant already has TENANT_MAX_WAITING_TASKS_<PRIORITY> tasks of this priority waiting; the problem names limit, priority, max and current; see Retry-After",
    ),
    ("409", "compute GPU needs the tenant's GPU pool, and it has none (set one with PUT /api/gpu-pool)"),
];

/// A tenant fairness limit on machines: 409, named in the problem.
const RUNNING_LIMIT: &[(&str, &str)] = &[(
    "409",
    "tenant_limit_reached: the tenant already has TENANT_MAX_RUNNING_INSTANCES instances running or starting; the problem names limit, max and current",
)];

/// An instance not READY or RUNNING cannot take work: 409.
const INSTANCE_CONFLICT: &[(&str, &str)] = &[("409", "The instance is not READY or RUNNING")];

/// For a submitted task: the reads its `id` feeds. Not the cancel and progress operations: a
/// cancelled task stays readable (DELETE cancels, it does not remove), and progress only moves
/// while a worker runs the task, which a client cannot time.
const TASK_READS: Links = Links { path: "/api/analysis-queue/{id}", id: "$response.body#/id" };

/// For an accepted export: the read of its job.
const EXPORT_READS: Links = Links { path: "/api/tenant/export/{id}", id: "$response.body#/id" };

/// For an answered message: the read of its conversation (GET only, as for tasks).
const CONVERSATION_READS: Links =
    Links { path: "/api/chatbot/conversations/{id}", id: "$response.body#/conversationId" };

fn uuid() -> serde_json::Value {
    json!({ "type": "string", "format": "uuid" })
}

/// Every HTTP route of the product.
pub fn routes() -> Vec<Route> {
    use Access::{Public, Tenant};
    let health = |path| {
        Route::new(Method::GET, path, GetHealth, Public, "Liveness and readiness; 503 when a dependency is down")
            .returns::<HealthBody>()
            .also(Also::Failure { status: StatusCode::SERVICE_UNAVAILABLE, description: "A dependency is down" })
    };
    vec![
        health("/health"),
        health("/health/live"),
        health("/health/ready"),
        Route::new(Method::GET, "/api/tenant", GetTenant, Tenant, "The caller's tenant, rate limit and usage")
            .returns::<TenantBody>(),
        Route::new(
            Method::GET,
            "/api/tenant/usage",
            GetTenantUsage,
            Tenant,
            "The caller's LLM spend, GPU spend and optimizer savings per UTC day, from daily counters",
        )
        .returns::<UsageView>()
        .query(vec![
            Query {
                name: "from",
                description: "First day, YYYY-MM-DD (UTC); default 29 days before `to`; at most 366 days in all".to_owned(),
                schema: json!({ "type": "string", "format": "date" }),
            },
            Query {
                name: "to",
                description: "Last day, YYYY-MM-DD (UTC); default today".to_owned(),
                schema: json!({ "type": "string", "format": "date" }),
            },
        ]),
        Route::new(
            Method::POST,
            "/api/context-optimizer",
            OptimizeContext,
            Tenant,
            "Shrink one text for a target model, keeping protected clinical content",
        )
        .accepts::<OptimizeRequest>(json!({
            "content": "It is worth noting that the patient denies chest pain. Potassium 3.1 mmol/L L (3.5-5.1).",
            "strategy": "BALANCED",
            "contentType": "MEDICAL_REPORT",
            "preserveKeywords": ["potassium"],
            "model": "gpt-4o"
        }))
        .returns::<OptimizeResponse>(),
        Route::new(
            Method::POST,
            "/api/context-optimizer/batch",
            OptimizeContextBatch,
            Tenant,
            "Up to 50 optimizations in parallel, answered in input order with a summary",
        )
        .accepts::<BatchRequest>(json!({ "requests": [
            { "content": "He denies chest pain. Thank you for the referral.", "contentType": "GENERAL" },
            { "content": "| Potassium | 3.1 | L | mmol/L | 3.5-5.1 |", "contentType": "LAB_RESULTS" }
        ]}))
        .returns::<BatchResponse>(),
        Route::new(
            Method::GET,
            "/api/context-optimizer/stats",
            GetOptimizerStats,
            Tenant,
            "The tenant's optimizer totals and estimated savings",
        )
        .returns::<StatsResponse>(),
        Route::new(
            Method::POST,
            "/api/analysis-queue",
            CreateTask,
            Tenant,
            "Submit an analysis task; 202 with the task PENDING and its Location",
        )
        .accepts_body(
            schemas::create_task(),
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
        .returns::<TaskView>()
        .status(StatusCode::ACCEPTED)
        .errors(SUBMIT_REFUSED)
        .links(TASK_READS),
        Route::new(Method::GET, "/api/analysis-queue", ListTasks, Tenant, "The caller's tasks, newest first, filtered and paged")
            .returns::<TaskListView>()
            .query(
                [
                    Query::one_of::<TaskStatus>("status", "Only tasks in this status"),
                    Query::one_of::<TaskType>("type", "Only tasks of this type"),
                    Query::one_of::<Priority>("priority", "Only tasks of this priority"),
                ]
                .into_iter()
                .chain(Query::page("Tasks", uuid()))
                .collect(),
            ),
        Route::new(
            Method::GET,
            "/api/analysis-queue/stats",
            GetQueueStats,
            Tenant,
            "The caller's counts per status and priority, queue length, average processing time and estimated wait",
        )
        .returns::<QueueStatsView>(),
        Route::new(Method::GET, "/api/analysis-queue/{id}", GetTask, Tenant, "One task of the caller, with its recorded events")
            .returns::<TaskDetailView>(),
        Route::new(
            Method::DELETE,
            "/api/analysis-queue/{id}",
            CancelTask,
            Tenant,
            "Cancel a waiting or running task; a finished one is a 409",
        )
        .returns::<TaskView>()
        .errors(TASK_CONFLICT),
        Route::new(
            Method::PATCH,
            "/api/analysis-queue/{id}/progress",
            UpdateTaskProgress,
            Tenant,
            "Move a running task's progress forward (0-100; lower than now is a 400)",
        )
        .accepts::<ProgressRequest>(json!({ "progress": 60 }))
        .returns::<TaskView>()
        .errors(TASK_CONFLICT),
        Route::new(
            Method::GET,
            "/api/analysis-queue/{id}/events",
            GetTaskEvents,
            Tenant,
            "The task's recorded events; with Accept: text/event-stream, SSE that waits (bounded) for the next one",
        )
        .returns::<TaskEventsView>()
        .query(vec![Query {
            name: "after",
            description: "Return the events after this seq (Last-Event-ID wins when both are sent)".to_owned(),
            schema: json!({ "type": "integer", "minimum": 0 }),
        }])
        .streams(Stream::Numbered {
            description: "id: <seq>, event: <type>, data: a TaskEvent; `end` once the task is final",
        }),
        Route::new(
            Method::POST,
            "/api/chatbot",
            SendChatMessage,
            Tenant,
            "Send a message into a new or existing conversation; the answer with usage and cost, or SSE with stream: true",
        )
        .accepts::<SendMessageRequest>(json!({
            "message": "Which lab values are flagged? Potassium 3.1 mmol/L (L), Sodium 139 mmol/L.",
            "provider": "openai", "maxTokens": 300
        }))
        .returns::<ChatReplyView>()
        .errors(MODEL_CALL)
        .links(CONVERSATION_READS)
        .streams(Stream::Events {
            description: "event: start (data: {conversationId}), delta ({content}), then exactly one of done (a ChatReplyView) or error (a Problem with incomplete: true and the stored partial answer)",
            names: crate::http::sse::chat_events::ALL,
        }),
        Route::new(
            Method::GET,
            "/api/chatbot/conversations",
            ListConversations,
            Tenant,
            "The caller's conversations, newest first, with this month's spend",
        )
        .returns::<ConversationListView>()
        .query(Query::page("Conversations", uuid())),
        Route::new(
            Method::GET,
            "/api/chatbot/conversations/{id}",
            GetConversation,
            Tenant,
            "A conversation with its totals and its messages, oldest first",
        )
        .returns::<ConversationView>()
        .query(Query::page("Messages", json!({ "type": "string", "pattern": "^[0-9]{1,19}$" }))),
        Route::new(
            Method::DELETE,
            "/api/chatbot/conversations/{id}",
            DeleteConversation,
            Tenant,
            "Delete a conversation and all its messages",
        )
        .status(StatusCode::NO_CONTENT),
        Route::new(
            Method::POST,
            "/v1/chat/completions",
            CreateChatCompletion,
            Tenant,
            "OpenAI-compatible chat completions (use an OpenAI SDK with base URL <api>/v1 and the product's key)",
        )
        .accepts::<ChatCompletionRequest>(json!({
            "model": "gpt-4o-mini",
            "messages": [{ "role": "user", "content": "Is a potassium of 3.1 mmol/L low?" }],
            "max_tokens": 200
        }))
        .returns::<ChatCompletion>()
        .errors(MODEL_CALL)
        .streams(Stream::Data {
            description: "data: chat.completion.chunk objects, then data: [DONE]; data: {\"error\": …} instead when the answer broke",
        }),
        Route::new(Method::GET, "/v1/models", ListModels, Tenant, "The models on offer, in OpenAI's list format, with prices")
            .returns::<ModelList>(),
        Route::new(
            Method::POST,
            "/api/orchestrate",
            OrchestrateQuery,
            Tenant,
            "Optimize, classify, then answer now (200) or queue an analysis task (202), under one deadline; SSE with Accept: text/event-stream",
        )
        .accepts::<OrchestrateRequest>(json!({
            "query": "Which value is low?",
            "documents": [{ "content": "Potassium 3.1 mmol/L L (3.5-5.1). Sodium 139 mmol/L.", "contentType": "LAB_RESULTS" }],
            "timeoutMs": 5000
        }))
        .returns::<OrchestrationView>()
        .errors(&[
            ("402", "The tenant's monthly model budget cannot cover the answer"),
            ("502", "The model provider failed; the problem carries `partial`"),
            ("504", "The deadline passed; the problem carries `partial`, what was done in time"),
        ])
        // A queued query is accepted to run asynchronously: 202, with the same body.
        .also(Also::Success {
            status: StatusCode::ACCEPTED,
            description: "Queued as an analysis task; Location names it",
        })
        .streams(Stream::Events {
            description: "step_started, step_finished (duration), heartbeat, then exactly one result (an OrchestrationView) or error (a Problem with partial)",
            names: crate::http::sse::orchestration_events::ALL,
        }),
        Route::new(
            Method::POST,
            "/api/instances",
            CreateInstance,
            Tenant,
            "Rent a GPU machine: 202 at once, PROVISIONING, its lifecycle running in a state machine",
        )
        .accepts_body(
            schemas::create_instance(),
            json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1", "diskSizeGB": 200,
                    "autoTerminateMinutes": 30, "purpose": "vLLM for batch summaries", "tags": { "team": "records" } }),
        )
        .returns::<InstanceView>()
        .status(StatusCode::ACCEPTED)
        .errors(RUNNING_LIMIT),
        Route::new(Method::GET, "/api/instances", ListInstances, Tenant, "The caller's instances, newest first")
            .returns::<InstanceListView>()
            .query(
                std::iter::once(Query::one_of::<InstanceStatus>("status", "Only instances in this status"))
                    .chain(Query::page("Instances", uuid()))
                    .collect(),
            ),
        Route::new(
            Method::GET,
            "/api/instances/stats",
            GetInstanceStats,
            Tenant,
            "Counts by status, provider and type; running now; total and average cost; average lifetime",
        )
        .returns::<InstanceStatsView>(),
        Route::new(
            Method::GET,
            "/api/instances/{id}",
            GetInstance,
            Tenant,
            "One instance, with its cost so far (live while it runs)",
        )
        .returns::<InstanceView>(),
        Route::new(
            Method::DELETE,
            "/api/instances/{id}",
            TerminateInstance,
            Tenant,
            "Terminate at once (idempotent): the machine, then the record, TERMINATED with its final cost",
        )
        .returns::<InstanceView>(),
        Route::new(
            Method::POST,
            "/api/instances/{id}/work",
            ReportInstanceWork,
            Tenant,
            "Work assigned (busy: RUNNING) or finished (READY): restarts the idle timer; an instance not READY or RUNNING is a 409",
        )
        .accepts::<WorkReport>(json!({ "busy": true }))
        .returns::<InstanceView>()
        .errors(INSTANCE_CONFLICT),
        Route::new(
            Method::GET,
            "/api/tenant/audit",
            ListTenantAudit,
            Tenant,
            "The access audit trail, newest first: time, request id, key id, route, resource id, status; never content",
        )
        .returns::<AuditListView>()
        .query(
            std::iter::once(Query {
                name: "since",
                description: "Only records at or after this time (RFC 3339)".to_owned(),
                schema: json!({ "type": "string", "format": "date-time" }),
            })
            .chain(Query::page("Records", json!({ "type": "string", "pattern": "^[0-9]{13}#[A-Za-z0-9._:-]{1,200}$" })))
            .collect(),
        ),
        Route::new(
            Method::POST,
            "/api/tenant/export",
            ExportTenantData,
            Tenant,
            "Export everything stored for the tenant: 202 at once with the job; a gzip NDJSON file is written in the background",
        )
        .returns::<TenantJobView>()
        .status(StatusCode::ACCEPTED)
        .links(EXPORT_READS),
        Route::new(
            Method::GET,
            "/api/tenant/export/{id}",
            GetTenantJob,
            Tenant,
            "An export job: status, records per kind and, once COMPLETED, its download (a pre-signed URL valid for EXPORT_LINK_SECONDS)",
        )
        .returns::<TenantJobView>(),
        Route::new(
            Method::DELETE,
            "/api/tenant/data",
            EraseTenantData,
            Tenant,
            "Erase everything stored for the tenant (confirm with its id): 202 at once with the job; tasks are cancelled, machines terminated, every item deleted in the background",
        )
        .accepts::<EraseRequest>(json!({ "confirm": "your-tenant-id", "revokeKeys": false }))
        .returns::<TenantJobView>()
        .status(StatusCode::ACCEPTED),
        Route::new(
            Method::GET,
            "/api/tenant/erase/{id}",
            GetTenantJob,
            Tenant,
            "An erase job: status and, once COMPLETED, the items deleted per kind",
        )
        .returns::<TenantJobView>(),
        Route::new(
            Method::PUT,
            "/api/tenant/retention",
            PutTenantRetention,
            Tenant,
            "Keep the tenant's content at most `days` days after its creation (1-3650; null: until deleted): older conversations with their messages, final tasks with their events, final instance records and exports expire (DynamoDB TTL, and hidden on read at once); the audit trail, keys, settings and totals never do",
        )
        .accepts::<PutRetentionRequest>(json!({ "days": 30 }))
        .returns::<RetentionView>(),
        Route::new(
            Method::GET,
            "/api/tenant/retention",
            GetTenantRetention,
            Tenant,
            "The tenant's retention: days (null when none) and which kinds of record expire under it",
        )
        .returns::<RetentionView>(),
        Route::new(
            Method::PUT,
            "/api/gpu-pool",
            PutGpuPool,
            Tenant,
            "Set the tenant's GPU pool: the machine type GPU tasks run on, its model, at most maxInstances at once, idleMinutes before an idle one terminates",
        )
        .accepts::<PutGpuPoolRequest>(json!({ "provider": "AWS", "instanceType": "g5.xlarge", "region": "us-east-1",
                "model": "qwen2.5:7b", "maxInstances": 2, "idleMinutes": 10, "diskSizeGB": 100 }))
        .returns::<GpuPoolView>(),
        Route::new(
            Method::GET,
            "/api/gpu-pool",
            GetGpuPool,
            Tenant,
            "The tenant's GPU pool: its machines and the task each runs, waiting tasks, and spend (the tasks' share and idle time)",
        )
        .returns::<GpuPoolView>(),
        Route::new(
            Method::DELETE,
            "/api/gpu-pool",
            DeleteGpuPool,
            Tenant,
            "Delete the GPU pool: no new GPU task; waiting ones fail; machines finish their task, then terminate",
        )
        .returns::<GpuPoolView>()
        .status(StatusCode::ACCEPTED),
    ]
}
