//! The route table: every HTTP route of `template.yaml`, with the function that serves it. The
//! consistency tests compare this table with the template in both directions.

use http::Method;
use shared::http::Access;

/// The function crate whose `handle` serves a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    GetHealth,
    GetTenant,
    OptimizeContext,
    OptimizeContextBatch,
    GetOptimizerStats,
    CreateTask,
    GetTask,
    ListTasks,
    CancelTask,
    UpdateTaskProgress,
    GetQueueStats,
    GetTaskEvents,
    SendChatMessage,
    ListConversations,
    GetConversation,
    DeleteConversation,
    CreateChatCompletion,
    ListModels,
    OrchestrateQuery,
    CreateInstance,
    GetInstance,
    ListInstances,
    TerminateInstance,
    ReportInstanceWork,
    GetInstanceStats,
}

impl Function {
    /// The folder under `functions/` (and the package and binary name).
    pub fn name(self) -> &'static str {
        match self {
            Self::GetHealth => "get-health",
            Self::GetTenant => "get-tenant",
            Self::OptimizeContext => "optimize-context",
            Self::OptimizeContextBatch => "optimize-context-batch",
            Self::GetOptimizerStats => "get-optimizer-stats",
            Self::CreateTask => "create-task",
            Self::GetTask => "get-task",
            Self::ListTasks => "list-tasks",
            Self::CancelTask => "cancel-task",
            Self::UpdateTaskProgress => "update-task-progress",
            Self::GetQueueStats => "get-queue-stats",
            Self::GetTaskEvents => "get-task-events",
            Self::SendChatMessage => "send-chat-message",
            Self::ListConversations => "list-conversations",
            Self::GetConversation => "get-conversation",
            Self::DeleteConversation => "delete-conversation",
            Self::CreateChatCompletion => "create-chat-completion",
            Self::ListModels => "list-models",
            Self::OrchestrateQuery => "orchestrate-query",
            Self::CreateInstance => "create-instance",
            Self::GetInstance => "get-instance",
            Self::ListInstances => "list-instances",
            Self::TerminateInstance => "terminate-instance",
            Self::ReportInstanceWork => "report-instance-work",
            Self::GetInstanceStats => "get-instance-stats",
        }
    }
}

pub struct Route {
    pub method: Method,
    /// API Gateway path syntax: `{name}` matches one path segment.
    pub path: &'static str,
    pub function: Function,
    pub access: Access,
}

pub fn routes() -> Vec<Route> {
    use Function::*;
    let route = |method, path, function, access| Route { method, path, function, access };
    vec![
        route(Method::GET, "/health", GetHealth, Access::Public),
        route(Method::GET, "/health/live", GetHealth, Access::Public),
        route(Method::GET, "/health/ready", GetHealth, Access::Public),
        route(Method::GET, "/api/tenant", GetTenant, Access::Tenant),
        route(Method::POST, "/api/context-optimizer", OptimizeContext, Access::Tenant),
        route(Method::POST, "/api/context-optimizer/batch", OptimizeContextBatch, Access::Tenant),
        route(Method::GET, "/api/context-optimizer/stats", GetOptimizerStats, Access::Tenant),
        route(Method::POST, "/api/analysis-queue", CreateTask, Access::Tenant),
        route(Method::GET, "/api/analysis-queue", ListTasks, Access::Tenant),
        route(Method::GET, "/api/analysis-queue/stats", GetQueueStats, Access::Tenant),
        route(Method::GET, "/api/analysis-queue/{id}", GetTask, Access::Tenant),
        route(Method::DELETE, "/api/analysis-queue/{id}", CancelTask, Access::Tenant),
        route(Method::PATCH, "/api/analysis-queue/{id}/progress", UpdateTaskProgress, Access::Tenant),
        route(Method::GET, "/api/analysis-queue/{id}/events", GetTaskEvents, Access::Tenant),
        route(Method::POST, "/api/chatbot", SendChatMessage, Access::Tenant),
        route(Method::GET, "/api/chatbot/conversations", ListConversations, Access::Tenant),
        route(Method::GET, "/api/chatbot/conversations/{id}", GetConversation, Access::Tenant),
        route(Method::DELETE, "/api/chatbot/conversations/{id}", DeleteConversation, Access::Tenant),
        route(Method::POST, "/v1/chat/completions", CreateChatCompletion, Access::Tenant),
        route(Method::GET, "/v1/models", ListModels, Access::Tenant),
        route(Method::POST, "/api/orchestrate", OrchestrateQuery, Access::Tenant),
        route(Method::POST, "/api/instances", CreateInstance, Access::Tenant),
        route(Method::GET, "/api/instances", ListInstances, Access::Tenant),
        route(Method::GET, "/api/instances/stats", GetInstanceStats, Access::Tenant),
        route(Method::GET, "/api/instances/{id}", GetInstance, Access::Tenant),
        route(Method::DELETE, "/api/instances/{id}", TerminateInstance, Access::Tenant),
        route(Method::POST, "/api/instances/{id}/work", ReportInstanceWork, Access::Tenant),
    ]
}

/// The outcome of matching a path against the table.
pub enum Match<'a> {
    Found(&'a Route, Vec<(String, String)>),
    /// The path exists with other methods.
    WrongMethod(Vec<Method>),
    NotFound,
}

/// A route whose path template matches, with its captured parameters.
struct Candidate<'a> {
    route: &'a Route,
    params: Vec<(String, String)>,
    /// How many literal segments matched: the most specific template wins.
    literals: usize,
}

fn match_template<'a>(route: &'a Route, segments: &[&str]) -> Option<Candidate<'a>> {
    let pattern: Vec<&str> = route.path.split('/').collect();
    if pattern.len() != segments.len() {
        return None;
    }
    let mut candidate = Candidate { route, params: Vec::new(), literals: 0 };
    for (p, s) in pattern.iter().zip(segments) {
        if let Some(name) = p.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            if s.is_empty() {
                return None;
            }
            candidate.params.push((name.to_owned(), (*s).to_owned()));
        } else if p == s {
            candidate.literals += 1;
        } else {
            return None;
        }
    }
    Some(candidate)
}

/// Finds the route for `method` and `path`. Literal segments beat `{param}` segments, so
/// `/api/analysis-queue/stats` is not taken for an id.
pub fn find<'a>(table: &'a [Route], method: &Method, path: &str) -> Match<'a> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let candidates: Vec<Candidate<'a>> = table.iter().filter_map(|route| match_template(route, &segments)).collect();
    let Some(best) = candidates.iter().map(|c| c.literals).max() else {
        return Match::NotFound;
    };
    let most_specific: Vec<Candidate<'a>> = candidates.into_iter().filter(|c| c.literals == best).collect();
    let allowed: Vec<Method> = most_specific.iter().map(|c| c.route.method.clone()).collect();
    match most_specific.into_iter().find(|c| c.route.method == method) {
        Some(c) => Match::Found(c.route, c.params),
        None => Match::WrongMethod(allowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Vec<Route> {
        let r = |method, path| Route { method, path, function: Function::GetTenant, access: Access::Tenant };
        vec![
            r(Method::GET, "/api/items/{id}"),
            r(Method::DELETE, "/api/items/{id}"),
            r(Method::GET, "/api/items/stats"),
            r(Method::GET, "/api/items"),
        ]
    }

    #[test]
    fn literals_win_over_parameters_and_parameters_are_captured() {
        let t = table();
        match find(&t, &Method::GET, "/api/items/stats") {
            Match::Found(route, params) => {
                assert_eq!(route.path, "/api/items/stats");
                assert!(params.is_empty());
            }
            _ => panic!("stats route expected"),
        }
        match find(&t, &Method::DELETE, "/api/items/42") {
            Match::Found(route, params) => {
                assert_eq!(route.path, "/api/items/{id}");
                assert_eq!(params, vec![("id".to_owned(), "42".to_owned())]);
            }
            _ => panic!("item route expected"),
        }
    }

    #[test]
    fn a_known_path_with_another_method_lists_the_allowed_ones() {
        let t = table();
        match find(&t, &Method::PATCH, "/api/items/42") {
            Match::WrongMethod(allowed) => assert_eq!(allowed, vec![Method::GET, Method::DELETE]),
            _ => panic!("405 expected"),
        }
        assert!(matches!(find(&t, &Method::GET, "/api/nothing"), Match::NotFound));
        assert!(matches!(find(&t, &Method::GET, "/api/items/"), Match::Found(r, _) if r.path == "/api/items"));
    }
}
