//! The pipeline every route goes through, identical in Lambda and in `local`:
//!
//! request id → CORS preflight → body limit → authentication → rate limit → idempotency →
//! handler → security headers, CORS and request id on the response → one access-log line.
//!
//! The access log records method, route, status, latency, tenant and request id; never headers,
//! keys or bodies.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use http::{header, HeaderMap, HeaderValue, Method, StatusCode};

use super::auth::{authenticate, key_id, AuthFailure, AuthorizerVerdict};
use super::cors::CorsPolicy;
use super::problem::ApiError;
use super::request::ApiRequest;
use super::response::ApiResponse;
use crate::domain::idempotency::{self, Existing, Fingerprint, IdempotencyScope, StoredResponse};
use crate::domain::rate_limit::{RateDecision, RatePolicy};
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::audit::AuditRecord;
use crate::ports::{ApiKeyStore, AuditTrail, Claim, Clock, IdempotencyStore, RateLimiter};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Health checks: no key.
    Public,
    /// Everything else: a valid key, whose tenant scopes every read and write.
    Tenant,
}

/// How the gateway learns the caller's tenant.
#[derive(Clone)]
pub enum Authentication {
    /// Check the presented key against the store (the `local` server, and Function URLs).
    KeyStore(Arc<dyn ApiKeyStore>),
    /// Trust the verdict API Gateway's Lambda authorizer put in the request context.
    LambdaAuthorizer,
}

/// Tunables, read from the environment by `wiring::settings::settings_from_env`.
#[derive(Clone, Debug)]
pub struct GatewaySettings {
    /// Largest accepted request body; above it, 413.
    pub max_body_bytes: usize,
    pub rate_policy: RatePolicy,
    pub cors: CorsPolicy,
    /// How long a completed idempotent response is replayed.
    pub idempotency_ttl_ms: i64,
    /// How long a claimed key blocks retries before a crashed holder is presumed dead.
    pub idempotency_lock_ms: i64,
}

/// Documented default body limit: 1 MiB, room for a long clinical document as JSON while far below
/// Lambda's 6 MB payload limit.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

impl Default for GatewaySettings {
    fn default() -> Self {
        Self {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            rate_policy: RatePolicy { requests_per_second: 50.0, burst: 100 },
            cors: CorsPolicy::default(),
            idempotency_ttl_ms: 24 * 60 * 60 * 1000,
            idempotency_lock_ms: 60 * 1000,
        }
    }
}

/// Largest response kept for idempotent replay: DynamoDB items stop at 400 KB.
const MAX_STORED_RESPONSE_BYTES: usize = 300 * 1024;
const MAX_REQUEST_ID_LEN: usize = 128;

pub struct Gateway {
    pub settings: GatewaySettings,
    authentication: Authentication,
    limiter: Arc<dyn RateLimiter>,
    idempotency: Arc<dyn IdempotencyStore>,
    clock: Arc<dyn Clock>,
    /// Where every authenticated request is recorded (`with_audit`); none in unit tests of a
    /// single function.
    audit: Option<Arc<dyn AuditTrail>>,
}

impl Gateway {
    pub fn new(
        settings: GatewaySettings,
        authentication: Authentication,
        limiter: Arc<dyn RateLimiter>,
        idempotency: Arc<dyn IdempotencyStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self { settings, authentication, limiter, idempotency, clock, audit: None }
    }

    /// Records every request of a known tenant in `audit` (the access audit trail).
    pub fn with_audit(mut self, audit: Arc<dyn AuditTrail>) -> Self {
        self.audit = Some(audit);
        self
    }

    /// Runs `handler` for `request` behind every cross-cutting rule. `route` is the route key
    /// (`GET /api/tenant`) used in logs. Never fails: every error is a problem+json response.
    pub async fn serve<F, Fut>(&self, route: &str, access: Access, mut request: ApiRequest, handler: F) -> ApiResponse
    where
        F: FnOnce(ApiRequest) -> Fut,
        Fut: Future<Output = Result<ApiResponse, ApiError>>,
    {
        let started = Instant::now();
        request.request_id = request_id(&request.headers);
        let request_id = request.request_id.clone();
        let request_headers = request.headers.clone();
        let method = request.method.clone();
        let path_id = request.path_params.get("id").cloned();

        let (mut response, tenant) = if method == Method::OPTIONS {
            let mut r = ApiResponse::no_content();
            self.settings.cors.preflight(&request_headers, &mut r.headers);
            (r, None)
        } else {
            match self.admit(access, &mut request).await {
                Ok(()) => {
                    let tenant = request.tenant.clone();
                    (self.run_idempotently(request, handler).await, tenant)
                }
                Err(err) => (err.into_response(&request_id), request.tenant.clone()),
            }
        };

        self.decorate(&request_headers, &request_id, &mut response);
        if let (Some(tenant), Access::Tenant) = (&tenant, access) {
            self.record_access(tenant, route, &request_id, &request_headers, path_id.as_deref(), &response).await;
        }
        let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = response.status.as_u16();
        let tenant = tenant.as_ref().map_or("-", TenantId::as_str);
        crate::metrics::request(route, status, latency_ms);
        if status >= 500 {
            tracing::warn!(request_id, method = %method, route, status, latency_ms, tenant, "request failed");
        } else {
            tracing::info!(request_id, method = %method, route, status, latency_ms, tenant, "request");
        }
        response
    }

    /// Appends the request to the tenant's audit trail: the route template, the id acted on (the
    /// path's `{id}`, or the last segment of a create's `Location`), the key's id and the status;
    /// never the path as sent, the query string or a body. A trail that does not answer does not
    /// fail the request, which has already run: the failure is logged at `error` for an alarm.
    async fn record_access(
        &self,
        tenant: &TenantId,
        route: &str,
        request_id: &str,
        headers: &HeaderMap,
        path_id: Option<&str>,
        response: &ApiResponse,
    ) {
        let Some(audit) = &self.audit else { return };
        let location = response.headers.get(header::LOCATION).and_then(|v| v.to_str().ok());
        let resource_id = path_id.or_else(|| location.and_then(|l| l.rsplit('/').next()));
        let record = AuditRecord::new(
            self.clock.now_ms(),
            request_id,
            key_id(headers),
            route,
            resource_id,
            response.status.as_u16(),
        );
        if let Err(err) = audit.append(tenant, &record).await {
            tracing::error!(error = %err, request_id, route, "audit record could not be written");
        }
    }

    /// Body limit, authentication and rate limit; sets `request.tenant`.
    async fn admit(&self, access: Access, request: &mut ApiRequest) -> Result<(), ApiError> {
        if request.oversized || request.body.len() > self.settings.max_body_bytes {
            return Err(ApiError::PayloadTooLarge { limit: self.settings.max_body_bytes });
        }
        if access == Access::Public {
            return Ok(());
        }
        let tenant = self.tenant_of(request).await?;
        let now = self.clock.now_ms();
        match self.limiter.acquire(&tenant, &self.settings.rate_policy, now).await {
            Ok(RateDecision::Allowed { .. }) => {}
            Ok(RateDecision::Limited { retry_after_ms }) => {
                request.tenant = Some(tenant);
                return Err(ApiError::RateLimited { retry_after_s: retry_after_ms.div_ceil(1000).max(1) });
            }
            // Fail open: an unavailable limiter table must not take the whole API down. The error
            // is logged, and the alarm on it is the operator's signal.
            Err(err) => tracing::error!(error = %err, tenant = %tenant, "rate limiter unavailable; request admitted"),
        }
        request.tenant = Some(tenant);
        Ok(())
    }

    async fn tenant_of(&self, request: &ApiRequest) -> Result<TenantId, ApiError> {
        let failure = match &self.authentication {
            Authentication::KeyStore(store) => match authenticate(store.as_ref(), &request.headers).await {
                Ok(tenant) => return Ok(tenant),
                Err(failure) => failure,
            },
            Authentication::LambdaAuthorizer => match &request.authorizer {
                Some(AuthorizerVerdict::Tenant(tenant)) => return Ok(tenant.clone()),
                Some(AuthorizerVerdict::Refused(code)) => return Err(refusal_from_code(code)),
                // A route wired without the authorizer must not become public by accident.
                None => {
                    tracing::error!("tenant route reached without an authorizer verdict");
                    return Err(ApiError::Unauthorized(AuthFailure::Missing.to_string()));
                }
            },
        };
        Err(refusal(failure))
    }

    async fn run_idempotently<F, Fut>(&self, request: ApiRequest, handler: F) -> ApiResponse
    where
        F: FnOnce(ApiRequest) -> Fut,
        Fut: Future<Output = Result<ApiResponse, ApiError>>,
    {
        let request_id = request.request_id.clone();
        let claimed = match self.claim_key(&request).await {
            Ok(KeyClaim::NotIdempotent) => None,
            Ok(KeyClaim::Claimed(scope, fingerprint)) => Some((scope, fingerprint)),
            Ok(KeyClaim::Replay(stored)) => return replay(stored),
            Err(err) => return err.into_response(&request_id),
        };
        let response = match handler(request).await {
            Ok(response) => response,
            Err(err) => err.into_response(&request_id),
        };
        if let Some((scope, fingerprint)) = claimed {
            self.settle_key(&scope, &fingerprint, &response).await;
        }
        response
    }

    /// For a POST with an `Idempotency-Key`: claims the key, or answers from the existing record.
    async fn claim_key(&self, request: &ApiRequest) -> Result<KeyClaim, ApiError> {
        if request.method != Method::POST {
            return Ok(KeyClaim::NotIdempotent);
        }
        let (Some(raw), Some(tenant)) = (request.headers.get("idempotency-key"), request.tenant.as_ref()) else {
            return Ok(KeyClaim::NotIdempotent);
        };
        let key = raw.to_str().ok().filter(|k| idempotency::valid_key(k)).ok_or(ApiError::InvalidHeader {
            header: "Idempotency-Key",
            detail: "must be 1-255 printable ASCII characters".to_owned(),
        })?;
        let scope = IdempotencyScope::new(tenant, key);
        let fingerprint = Fingerprint::of(request.method.as_str(), &request.path, &request.query, &request.body);
        let now = self.clock.now_ms();
        let s = &self.settings;
        match self.idempotency.claim(&scope, &fingerprint, now, s.idempotency_lock_ms, s.idempotency_ttl_ms).await {
            Ok(Claim::Claimed) => Ok(KeyClaim::Claimed(scope, fingerprint)),
            Ok(Claim::Existing(record)) => match idempotency::judge_existing(&record, &fingerprint) {
                Existing::Mismatch => Err(ApiError::IdempotencyKeyReused),
                Existing::StillRunning => Err(ApiError::IdempotencyInProgress),
                Existing::Replay(stored) => Ok(KeyClaim::Replay(stored)),
            },
            Err(err) => Err(ApiError::unavailable("idempotency store", &err)),
        }
    }

    async fn settle_key(&self, scope: &IdempotencyScope, fingerprint: &Fingerprint, response: &ApiResponse) {
        let status = response.status.as_u16();
        // A streamed answer is not kept: a retry with the key runs again.
        let keep = idempotency::should_store(status)
            && response.stream.is_none()
            && response.body.len() <= MAX_STORED_RESPONSE_BYTES;
        let result = if keep {
            let stored = StoredResponse {
                status,
                content_type: response.content_type().map(str::to_owned),
                location: response.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned),
                body: response.body.to_vec(),
            };
            let expires = self.clock.now_ms() + self.settings.idempotency_ttl_ms;
            self.idempotency.complete(scope, fingerprint, &stored, expires).await
        } else {
            self.idempotency.release(scope, fingerprint).await
        };
        if let Err(err) = result {
            tracing::error!(error = %err, "idempotency record could not be settled");
        }
    }

    fn decorate(&self, request_headers: &HeaderMap, request_id: &str, response: &mut ApiResponse) {
        let h = &mut response.headers;
        if let Ok(v) = HeaderValue::from_str(request_id) {
            h.insert("x-request-id", v);
        }
        h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
        h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
        self.settings.cors.decorate(request_headers, h);
    }
}

enum KeyClaim {
    /// Not a POST, or no `Idempotency-Key`: run as usual.
    NotIdempotent,
    /// This request holds the key: run it, then settle the record.
    Claimed(IdempotencyScope, Fingerprint),
    /// The same request ran before: answer what it answered.
    Replay(StoredResponse),
}

fn replay(stored: StoredResponse) -> ApiResponse {
    let mut response = ApiResponse {
        status: StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK),
        headers: HeaderMap::new(),
        body: stored.body.into(),
        stream: None,
    };
    for (name, value) in [(header::CONTENT_TYPE, stored.content_type), (header::LOCATION, stored.location)] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            response.headers.insert(name, v);
        }
    }
    response.headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

fn refusal(failure: AuthFailure) -> ApiError {
    match failure {
        AuthFailure::Unavailable(err) => ApiError::unavailable("API key store", &err),
        other => ApiError::Unauthorized(other.to_string()),
    }
}

fn refusal_from_code(code: &str) -> ApiError {
    match code {
        "missing_api_key" => ApiError::Unauthorized(AuthFailure::Missing.to_string()),
        "malformed_api_key" => ApiError::Unauthorized(AuthFailure::Malformed.to_string()),
        "auth_unavailable" => ApiError::ServiceUnavailable("authentication is temporarily unavailable".to_owned()),
        _ => ApiError::Unauthorized(AuthFailure::Invalid.to_string()),
    }
}

/// The caller's `x-request-id` when it is a sane token, otherwise a fresh UUID.
fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|id| {
            !id.is_empty()
                && id.len() <= MAX_REQUEST_ID_LEN
                && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

#[cfg(test)]
mod tests;
