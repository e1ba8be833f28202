//! The route table: every HTTP route of the product, declared once. Each row says the method and
//! path, the function crate that serves it (its folder under `functions/`), who may call it, the
//! request and response body types and what the OpenAPI document says about the operation.
//!
//! `local`'s router serves exactly these rows, `local`'s OpenAPI document is generated from them
//! and from the body types' schemas, and the consistency tests hold `template.yaml`'s `HttpApi`
//! events and the `events/` samples to them in both directions. Adding a route is its function
//! crate, its `events/` folder, its template resource, its row here (and, for a new function, its
//! line in `functions!` and its dispatch arm in `local`, which the compiler asks for).
//!
//! Compiled with the `tokenizer` feature: the table names the optimizer's, chat's and
//! orchestration's body types, which need it; only `local` and the tests read the table.

mod operation;
mod schemas;
mod table;

pub use operation::{collect, Also, Body, Links, Operation, Query, Schemas, Stream};
pub use table::routes;

use http::Method;

use super::Access;

/// Declares `Function`, one variant per HTTP function crate with its folder name.
macro_rules! functions {
    ($($variant:ident = $name:literal,)*) => {
        /// The function crate whose `handle` serves a route.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Function {
            $($variant,)*
        }

        impl Function {
            /// Every HTTP function, in declaration order.
            pub const ALL: &'static [Function] = &[$(Function::$variant,)*];

            /// The folder under `functions/` (and the package and binary name).
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }
        }
    };
}

functions! {
    GetHealth = "get-health",
    GetTenant = "get-tenant",
    GetTenantUsage = "get-tenant-usage",
    OptimizeContext = "optimize-context",
    OptimizeContextBatch = "optimize-context-batch",
    GetOptimizerStats = "get-optimizer-stats",
    CreateTask = "create-task",
    GetTask = "get-task",
    ListTasks = "list-tasks",
    CancelTask = "cancel-task",
    UpdateTaskProgress = "update-task-progress",
    GetQueueStats = "get-queue-stats",
    GetTaskEvents = "get-task-events",
    SendChatMessage = "send-chat-message",
    ListConversations = "list-conversations",
    GetConversation = "get-conversation",
    DeleteConversation = "delete-conversation",
    CreateChatCompletion = "create-chat-completion",
    ListModels = "list-models",
    OrchestrateQuery = "orchestrate-query",
    CreateInstance = "create-instance",
    GetInstance = "get-instance",
    ListInstances = "list-instances",
    TerminateInstance = "terminate-instance",
    ReportInstanceWork = "report-instance-work",
    GetInstanceStats = "get-instance-stats",
    ListTenantAudit = "list-tenant-audit",
    ExportTenantData = "export-tenant-data",
    GetTenantJob = "get-tenant-job",
    EraseTenantData = "erase-tenant-data",
    PutTenantRetention = "put-tenant-retention",
    GetTenantRetention = "get-tenant-retention",
    PutGpuPool = "put-gpu-pool",
    GetGpuPool = "get-gpu-pool",
    DeleteGpuPool = "delete-gpu-pool",
}

/// One row of the table.
pub struct Route {
    pub method: Method,
    /// API Gateway path syntax: `{name}` matches one path segment.
    pub path: &'static str,
    pub function: Function,
    pub access: Access,
    pub operation: Operation,
}

impl Route {
    /// The OpenAPI `operationId`: the function and the path, unique per method and path (the
    /// health function serves three paths).
    pub fn operation_id(&self) -> String {
        format!("{}-{}", self.function.name(), self.path.trim_start_matches('/').replace('/', "-"))
    }

    /// The names of the path's `{name}` parameters, in order.
    pub fn path_parameters(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_function_serves_a_route_and_every_route_is_declared_once() {
        let table = routes();
        let served: BTreeSet<&str> = table.iter().map(|r| r.function.name()).collect();
        let declared: BTreeSet<&str> = Function::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(served, declared, "a function without a route, or a route of an undeclared function");
        let keys: BTreeSet<(String, &str)> = table.iter().map(|r| (r.method.to_string(), r.path)).collect();
        assert_eq!(keys.len(), table.len(), "a method and path declared twice");
        let ids: BTreeSet<String> = table.iter().map(Route::operation_id).collect();
        assert_eq!(ids.len(), table.len(), "two operations with one operationId");
    }

    #[test]
    fn names_are_the_kebab_case_of_the_variants() {
        for function in Function::ALL {
            let kebab: String = format!("{function:?}")
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let dash = (i > 0 && c.is_ascii_uppercase()).then_some('-');
                    dash.into_iter().chain(std::iter::once(c.to_ascii_lowercase()))
                })
                .collect();
            assert_eq!(function.name(), kebab);
        }
    }
}
