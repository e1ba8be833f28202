//! CORS from a configured allow-list of origins. No wildcard: the API is called with credentials
//! (API keys), so only origins the operator listed get access.

use http::{header, HeaderMap, HeaderValue};

const ALLOWED_METHODS: &str = "GET, POST, PATCH, DELETE, OPTIONS";
const ALLOWED_HEADERS: &str = "authorization, content-type, x-api-key, idempotency-key, x-request-id, last-event-id";
const EXPOSED_HEADERS: &str = "x-request-id, retry-after, location, x-ratelimit-limit, x-ratelimit-remaining";
const MAX_AGE_SECONDS: &str = "600";

#[derive(Clone, Debug, Default)]
pub struct CorsPolicy {
    allowed_origins: Vec<String>,
}

impl CorsPolicy {
    /// Origins are compared exactly (scheme, host and port), without a trailing slash.
    pub fn new(origins: impl IntoIterator<Item = String>) -> Self {
        Self {
            allowed_origins: origins
                .into_iter()
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
        }
    }

    pub fn origins(&self) -> &[String] {
        &self.allowed_origins
    }

    fn allowed<'a>(&self, request_headers: &'a HeaderMap) -> Option<&'a HeaderValue> {
        let origin = request_headers.get(header::ORIGIN)?;
        let text = origin.to_str().ok()?;
        self.allowed_origins.iter().any(|o| o == text).then_some(origin)
    }

    /// Adds the CORS response headers when the request's origin is allowed.
    pub fn decorate(&self, request_headers: &HeaderMap, response_headers: &mut HeaderMap) {
        response_headers.append(header::VARY, HeaderValue::from_static("origin"));
        if let Some(origin) = self.allowed(request_headers) {
            response_headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            response_headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED_HEADERS));
        }
    }

    /// Headers for a preflight answer: the allowed methods and headers, for allowed origins only.
    pub fn preflight(&self, request_headers: &HeaderMap, response_headers: &mut HeaderMap) {
        self.decorate(request_headers, response_headers);
        if self.allowed(request_headers).is_some() {
            response_headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static(ALLOWED_METHODS));
            response_headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static(ALLOWED_HEADERS));
            response_headers.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static(MAX_AGE_SECONDS));
        }
    }
}
