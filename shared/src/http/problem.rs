//! `application/problem+json` (RFC 9457): the one conversion point from an error to a response.

use http::{header, HeaderValue, StatusCode};
use serde::Serialize;

use super::response::ApiResponse;
use crate::app::AppError;
pub use crate::app::FieldError;
use crate::domain::limits::{Limit, LimitReached};

/// Every error a route can answer with. Each variant has a stable `code` clients can match on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed { allowed: Vec<http::Method> },
    #[error("{0}")]
    MalformedJson(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("{header}: {detail}")]
    InvalidHeader { header: &'static str, detail: String },
    #[error("unsupported media type {0}")]
    UnsupportedMediaType(String),
    #[error("body larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("rate limited")]
    RateLimited { retry_after_s: u64 },
    #[error("idempotency key reused with a different request")]
    IdempotencyKeyReused,
    #[error("a request with this idempotency key is still running")]
    IdempotencyInProgress,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    ServiceUnavailable(String),
    /// The tenant's spending budget cannot cover the call.
    #[error("{0}")]
    BudgetExhausted(String),
    /// A model provider failed (after its retries and fallback); `provider` is named to the
    /// client, the cause chain only in the log.
    #[error("{provider}: {detail}")]
    Upstream { provider: String, detail: String },
    /// The request's deadline passed before the work was done.
    #[error("{0}")]
    DeadlineExceeded(String),
    /// A tenant fairness limit is reached: 429 for waiting tasks (they start by themselves, so a
    /// retry later succeeds), 409 for instances (one must be terminated first).
    #[error("{0}")]
    TenantLimitReached(LimitReached),
    /// The cause is logged where it happened; the client learns nothing internal.
    #[error("internal error")]
    Internal,
}

/// The one conversion from a use case's error to the problem a route answers with.
impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        match err {
            AppError::NotFound(detail) => Self::NotFound(detail),
            AppError::Validation(errors) => Self::Validation(errors),
            AppError::Conflict(detail) => Self::Conflict(detail),
            unavailable @ AppError::Unavailable { .. } => Self::ServiceUnavailable(unavailable.to_string()),
            AppError::TryAgain(detail) => Self::ServiceUnavailable(detail),
            AppError::BudgetExhausted(detail) => Self::BudgetExhausted(detail),
            AppError::Upstream { provider, detail } => Self::Upstream { provider, detail },
            AppError::DeadlineExceeded(detail) => Self::DeadlineExceeded(detail),
            AppError::LimitReached(reached) => Self::TenantLimitReached(reached),
            AppError::Internal => Self::Internal,
        }
    }
}

/// The body of every error: RFC 9457 problem details with a stable `code`.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Problem)]
pub struct ProblemBody<'a> {
    #[serde(rename = "type")]
    type_: String,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<&'a [FieldError]>,
    /// `tenant_limit_reached` only: the limit reached, by the name of its setting
    /// (`TENANT_MAX_WAITING_TASKS_<PRIORITY>` or `TENANT_MAX_RUNNING_INSTANCES`).
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<&'static str>,
    /// `tenant_limit_reached` on waiting tasks only: their priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<&'static str>,
    /// `tenant_limit_reached` only: the most the limit allows.
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<u32>,
    /// `tenant_limit_reached` only: how many the tenant has now.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<u64>,
}

impl ApiError {
    /// A store that did not answer: the cause goes to the log, the client gets a 503 naming only
    /// `what` (e.g. "the task store").
    pub fn unavailable(what: &str, err: &crate::ports::StoreError) -> Self {
        tracing::error!(error = %err, "{what} unavailable");
        Self::ServiceUnavailable(format!("{what} is temporarily unavailable"))
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, message)])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::MalformedJson(_) | Self::Validation(_) | Self::InvalidHeader { .. } => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::IdempotencyInProgress | Self::Conflict(_) => StatusCode::CONFLICT,
            Self::ServiceUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::BudgetExhausted(_) => StatusCode::PAYMENT_REQUIRED,
            Self::Upstream { .. } => StatusCode::BAD_GATEWAY,
            Self::DeadlineExceeded(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::TenantLimitReached(r) => match r.limit {
                Limit::WaitingTasks(_) => StatusCode::TOO_MANY_REQUESTS,
                Limit::RunningInstances => StatusCode::CONFLICT,
            },
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized(_) => "unauthorized",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::MalformedJson(_) => "malformed_json",
            Self::Validation(_) => "validation_failed",
            Self::InvalidHeader { .. } => "invalid_header",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::RateLimited { .. } => "rate_limited",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencyInProgress => "idempotency_in_progress",
            Self::Conflict(_) => "conflict",
            Self::ServiceUnavailable(_) => "service_unavailable",
            Self::BudgetExhausted(_) => "budget_exhausted",
            Self::Upstream { .. } => "upstream_failed",
            Self::DeadlineExceeded(_) => "deadline_exceeded",
            Self::TenantLimitReached(_) => "tenant_limit_reached",
            Self::Internal => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Unauthorized(_) => "Missing or invalid API key",
            Self::NotFound(_) => "Not found",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::MalformedJson(_) => "Malformed JSON body",
            Self::Validation(_) => "Invalid request",
            Self::InvalidHeader { .. } => "Invalid header",
            Self::UnsupportedMediaType(_) => "Unsupported media type",
            Self::PayloadTooLarge { .. } => "Request body too large",
            Self::RateLimited { .. } => "Too many requests",
            Self::IdempotencyKeyReused => "Idempotency key reused",
            Self::IdempotencyInProgress => "Request still in progress",
            Self::Conflict(_) => "Conflict",
            Self::ServiceUnavailable(_) => "Service temporarily unavailable",
            Self::BudgetExhausted(_) => "Budget exhausted",
            Self::Upstream { .. } => "Model provider failed",
            Self::DeadlineExceeded(_) => "Deadline exceeded",
            Self::TenantLimitReached(_) => "Tenant limit reached",
            Self::Internal => "Internal error",
        }
    }

    /// The human-readable explanation the problem document carries.
    pub fn detail(&self) -> String {
        match self {
            Self::Validation(errors) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                format!("invalid field(s): {}", fields.join(", "))
            }
            Self::MethodNotAllowed { allowed } => {
                let names: Vec<&str> = allowed.iter().map(http::Method::as_str).collect();
                format!("this path accepts {}", names.join(", "))
            }
            Self::UnsupportedMediaType(got) => format!("send the body as application/json, not {got}"),
            Self::RateLimited { retry_after_s } => {
                format!("the tenant's request rate limit is exhausted; retry after {retry_after_s} s")
            }
            Self::IdempotencyKeyReused => {
                "this Idempotency-Key was first used with a different request; use a new key".to_owned()
            }
            Self::IdempotencyInProgress => {
                "the first request with this Idempotency-Key has not finished; retry shortly".to_owned()
            }
            Self::Upstream { provider, detail } => format!("the model provider `{provider}` failed: {detail}"),
            Self::Internal => "the request could not be completed; quote the request id when reporting it".to_owned(),
            other => other.to_string(),
        }
    }

    /// The problem document with extension members (RFC 9457 §3.2) added: `members`' fields,
    /// which never replace the standard ones.
    pub fn into_response_with(self, request_id: &str, members: serde_json::Value) -> ApiResponse {
        let mut response = self.into_response(request_id);
        if let (Ok(serde_json::Value::Object(mut doc)), serde_json::Value::Object(extra)) =
            (serde_json::from_slice::<serde_json::Value>(&response.body), members)
        {
            for (name, value) in extra {
                doc.entry(name).or_insert(value);
            }
            if let Ok(body) = serde_json::to_vec(&doc) {
                response.body = bytes::Bytes::from(body);
            }
        }
        response
    }

    /// Renders the problem document; `request_id` lets a caller quote the failing request.
    pub fn into_response(self, request_id: &str) -> ApiResponse {
        let status = self.status();
        let errors = match &self {
            Self::Validation(errors) => Some(errors.as_slice()),
            _ => None,
        };
        let reached = match &self {
            Self::TenantLimitReached(reached) => Some(reached),
            _ => None,
        };
        let body = ProblemBody {
            type_: format!("/problems/{}", self.code()),
            title: self.title(),
            status: status.as_u16(),
            detail: self.detail(),
            code: self.code(),
            request_id,
            errors,
            limit: reached.map(|r| r.limit.setting()),
            priority: reached.and_then(|r| match r.limit {
                Limit::WaitingTasks(p) => Some(p.as_str()),
                Limit::RunningInstances => None,
            }),
            max: reached.map(|r| r.max),
            current: reached.map(|r| r.current),
        };
        let mut response = ApiResponse::json(status, &body);
        response.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        match &self {
            Self::RateLimited { retry_after_s } => {
                response.headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_s));
            }
            Self::IdempotencyInProgress | Self::ServiceUnavailable(_) => {
                response.headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            Self::TenantLimitReached(LimitReached { retry_after_s: Some(secs), .. }) => {
                response.headers.insert(header::RETRY_AFTER, HeaderValue::from(*secs));
            }
            Self::MethodNotAllowed { allowed } => {
                let names: Vec<&str> = allowed.iter().map(http::Method::as_str).collect();
                if let Ok(v) = HeaderValue::from_str(&names.join(", ")) {
                    response.headers.insert(header::ALLOW, v);
                }
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(resp: &ApiResponse) -> serde_json::Value {
        serde_json::from_slice(&resp.body).expect("problem body is JSON")
    }

    #[test]
    fn a_validation_problem_names_every_field() {
        let err = ApiError::Validation(vec![
            FieldError::new("message", "required"),
            FieldError::new("maxTokens", "must be > 0"),
        ]);
        let resp = err.into_response("req-1");
        assert_eq!(resp.status, StatusCode::BAD_REQUEST);
        assert_eq!(resp.headers[header::CONTENT_TYPE], "application/problem+json");
        let b = body(&resp);
        assert_eq!(b["code"], "validation_failed");
        assert_eq!(b["status"], 400);
        assert_eq!(b["requestId"], "req-1");
        assert_eq!(b["type"], "/problems/validation_failed");
        assert_eq!(b["errors"][1]["field"], "maxTokens");
        assert!(b["detail"].as_str().is_some_and(|d| d.contains("message") && d.contains("maxTokens")));
    }

    #[test]
    fn rate_limited_problems_carry_retry_after() {
        let resp = ApiError::RateLimited { retry_after_s: 3 }.into_response("r");
        assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(resp.headers[header::RETRY_AFTER], "3");
        assert_eq!(body(&resp)["code"], "rate_limited");
    }

    #[test]
    fn internal_errors_say_nothing_internal() {
        let b = body(&ApiError::Internal.into_response("r"));
        assert_eq!(b["status"], 500);
        assert!(b.get("errors").is_none());
        assert!(!b["detail"].as_str().unwrap_or_default().contains("panick"));
    }

    #[test]
    fn app_errors_keep_their_code_and_a_dependency_is_named_alone() {
        use crate::app::{Dependency, FieldError};
        let all = [
            AppError::NotFound("no task".to_owned()),
            AppError::Validation(vec![FieldError::new("f", "m")]),
            AppError::Conflict("c".to_owned()),
            AppError::Unavailable { dependency: Dependency::TaskStore },
            AppError::TryAgain("retry".to_owned()),
            AppError::BudgetExhausted("b".to_owned()),
            AppError::Upstream { provider: "p".to_owned(), detail: "d".to_owned() },
            AppError::DeadlineExceeded("late".to_owned()),
            AppError::LimitReached(LimitReached {
                limit: Limit::RunningInstances,
                max: 1,
                current: 1,
                retry_after_s: None,
            }),
            AppError::Internal,
        ];
        for err in all {
            assert_eq!(ApiError::from(err.clone()).code(), err.code(), "{err:?}");
        }
        let b = body(
            &ApiError::from(AppError::Unavailable { dependency: Dependency::ConversationStore }).into_response("r"),
        );
        assert_eq!(b["detail"], "the conversation store is temporarily unavailable");
    }

    #[test]
    fn a_tenant_limit_names_itself_and_waiting_tasks_are_a_429_with_retry_after() {
        use crate::domain::tasks::Priority;
        let waiting =
            LimitReached { limit: Limit::WaitingTasks(Priority::Urgent), max: 10, current: 10, retry_after_s: Some(4) };
        let resp = ApiError::from(AppError::LimitReached(waiting)).into_response("r");
        assert_eq!(resp.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(resp.headers[header::RETRY_AFTER], "4");
        let b = body(&resp);
        assert_eq!(
            (b["type"].as_str(), b["code"].as_str()),
            (Some("/problems/tenant_limit_reached"), Some("tenant_limit_reached"))
        );
        assert_eq!(b["limit"], "TENANT_MAX_WAITING_TASKS_URGENT");
        assert_eq!(
            (b["priority"].as_str(), b["max"].as_u64(), b["current"].as_u64()),
            (Some("URGENT"), Some(10), Some(10))
        );
        let machines = LimitReached { limit: Limit::RunningInstances, max: 2, current: 2, retry_after_s: None };
        let resp = ApiError::TenantLimitReached(machines).into_response("r");
        assert_eq!(resp.status, StatusCode::CONFLICT);
        assert!(resp.headers.get(header::RETRY_AFTER).is_none());
        let b = body(&resp);
        assert_eq!((b["limit"].as_str(), b["max"].as_u64()), (Some("TENANT_MAX_RUNNING_INSTANCES"), Some(2)));
        assert!(b.get("priority").is_none());
    }

    #[test]
    fn method_not_allowed_lists_the_allowed_methods() {
        let resp =
            ApiError::MethodNotAllowed { allowed: vec![http::Method::GET, http::Method::DELETE] }.into_response("r");
        assert_eq!(resp.headers[header::ALLOW], "GET, DELETE");
    }
}
