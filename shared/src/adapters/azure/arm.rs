//! A small Azure Resource Manager client: an OAuth2 client-credentials token (cached until five
//! minutes before it expires), requests retried on throttling and server errors honouring
//! `Retry-After`, and long-running operations followed through `Azure-AsyncOperation` or
//! `Location`.

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::super::upstream;
use crate::ports::ComputeError;

/// The client secret: kept in memory only, never printed.
#[derive(Clone)]
pub struct ClientSecret(String);

impl ClientSecret {
    pub fn new(secret: String) -> Self {
        Self(secret)
    }
}

impl std::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientSecret(redacted)")
    }
}

/// Who signs in, and where.
#[derive(Clone, Debug)]
pub struct Credentials {
    /// The Entra ID (Azure AD) tenant.
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: ClientSecret,
    /// `https://login.microsoftonline.com` in Azure's public cloud.
    pub authority: String,
}

/// How hard a request tries before it reports a transient failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// The first wait when the answer names none; doubled after each attempt.
    pub backoff: Duration,
    /// The longest wait honoured; a longer `Retry-After` ends the attempts (the state machine
    /// retries later).
    pub max_wait: Duration,
    /// Between polls of an operation when it names no `Retry-After`.
    pub poll: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(30),
            poll: Duration::from_secs(2),
        }
    }
}

/// An ARM answer: its status, the headers that steer operations, and its JSON body (`Null` when
/// empty).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    /// A 2xx answer, or the refusal its error body explains.
    pub fn accepted(&self) -> Result<(), ComputeError> {
        if self.status.is_success() {
            Ok(())
        } else {
            Err(refused(self.status, &self.body))
        }
    }
}

/// Where a long-running operation stands after following it for a while.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    Done,
    /// Still running when the time given ran out.
    Running,
}

struct Token {
    value: String,
    refresh_at: Instant,
}

pub struct Arm {
    http: reqwest::Client,
    base: String,
    /// What the tokens are for: `{base}/.default` for Resource Manager, Key Vault's own scope for
    /// a vault.
    scope: String,
    credentials: Credentials,
    retry: RetryPolicy,
    token: tokio::sync::Mutex<Option<Token>>,
}

/// Throttling and server errors: worth the same request again.
fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// `Retry-After` in seconds (ARM sends seconds; an HTTP date is treated as absent).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(seconds))
}

/// The refusal an ARM error body (`{"error": {"code", "message"}}`) explains.
fn refused(status: StatusCode, body: &Value) -> ComputeError {
    let error = &body["error"];
    refusal(status, error["code"].as_str().unwrap_or("unknown"), error["message"].as_str().unwrap_or(""))
}

/// Codes that mean "no room for this machine now": the cloud's capacity or the subscription's
/// quota. The state machine ends the instance FAILED with `Instance.Capacity`.
const CAPACITY_CODES: &[&str] = &[
    "QuotaExceeded",
    "AllocationFailed",
    "ZonalAllocationFailed",
    "OverconstrainedAllocationRequest",
    "OverconstrainedZonalAllocationRequest",
    "SkuNotAvailable",
];

/// A refusal ARM explained with a code and message.
///
/// The instance's `error` names the status and ARM's code; ARM's message (the subscription's
/// quotas, resource ids) goes to the log only.
pub fn refusal(status: StatusCode, code: &str, message: &str) -> ComputeError {
    tracing::warn!(status = status.as_u16(), code, message, "Azure refused a request");
    // Older compute API versions report a core quota as OperationNotAllowed.
    let quota = code == "OperationNotAllowed" && message.to_ascii_lowercase().contains("quota");
    let quota_note = if quota { " (core quota)" } else { "" };
    // A success status carries an operation that failed after it was accepted.
    let text = if status.is_success() {
        format!("Azure reported {}{quota_note}", upstream::code(code))
    } else {
        format!("Azure answered HTTP {}: {}{quota_note}", status.as_u16(), upstream::code(code))
    };
    if CAPACITY_CODES.contains(&code) || quota {
        ComputeError::Capacity(text)
    } else if retryable(status) || code == "AnotherOperationInProgress" || code == "RetryableError" {
        ComputeError::Transient(text)
    } else {
        ComputeError::Permanent(text)
    }
}

impl Arm {
    pub fn new(base: &str, credentials: Credentials, retry: RetryPolicy) -> Result<Self, String> {
        let scope = format!("{}/.default", base.trim_end_matches('/'));
        Self::with_scope(base, &scope, credentials, retry)
    }

    /// A client of the service at `base` whose tokens are for `scope` (Key Vault:
    /// `https://vault.azure.net/.default`, whatever the vault's URL).
    pub fn with_scope(base: &str, scope: &str, credentials: Credentials, retry: RetryPolicy) -> Result<Self, String> {
        let http = crate::adapters::https::client(crate::adapters::https::Timeouts {
            total: Some(Duration::from_secs(30)),
            ..Default::default()
        })
        .map_err(|e| format!("Azure HTTP client: {e}"))?;
        Ok(Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            scope: scope.to_owned(),
            credentials,
            retry,
            token: tokio::sync::Mutex::new(None),
        })
    }

    /// A bearer token for Resource Manager, from the cache or a new client-credentials grant.
    async fn token(&self) -> Result<String, ComputeError> {
        let mut cached = self.token.lock().await;
        if let Some(token) = cached.as_ref().filter(|t| Instant::now() < t.refresh_at) {
            return Ok(token.value.clone());
        }
        let c = &self.credentials;
        let url = format!("{}/{}/oauth2/v2.0/token", c.authority.trim_end_matches('/'), c.tenant_id);
        let scope = self.scope.clone();
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", c.client_id.as_str()),
            ("client_secret", c.client_secret.0.as_str()),
            ("scope", scope.as_str()),
        ];
        let response = self.http.post(url).form(&form).send().await.map_err(|e| {
            tracing::warn!(error = %e, "Azure sign-in failed");
            ComputeError::Transient(format!("Azure sign-in: {}", upstream::unreachable("the identity platform", &e)))
        })?;
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if !status.is_success() {
            // The identity platform's answer names the problem (`invalid_client`, …); it never
            // contains the secret.
            let code = upstream::code(body["error"].as_str().unwrap_or("unknown"));
            let message = format!("Azure sign-in refused (HTTP {}): {code}", status.as_u16());
            return Err(if retryable(status) {
                ComputeError::Transient(message)
            } else {
                ComputeError::Permanent(message)
            });
        }
        let value = body["access_token"]
            .as_str()
            .ok_or_else(|| ComputeError::Transient("Azure sign-in answered no access_token".to_owned()))?
            .to_owned();
        // `expires_in` is a number of seconds (some endpoints send it as a string).
        let lifetime = body["expires_in"]
            .as_u64()
            .or_else(|| body["expires_in"].as_str().and_then(|s| s.parse().ok()))
            .unwrap_or(3600);
        let refresh_at = Instant::now() + Duration::from_secs(lifetime.saturating_sub(300));
        *cached = Some(Token { value: value.clone(), refresh_at });
        Ok(value)
    }

    /// One request to `url` (absolute, or a path under the Resource Manager base), retried on
    /// 429 and 5xx as `RetryPolicy` says. Any other answer is returned as it is, for the caller
    /// to judge; a 401 first renews the token once.
    pub async fn send(&self, method: Method, url: &str, body: Option<&Value>) -> Result<Answer, ComputeError> {
        let url = if url.starts_with("http") { url.to_owned() } else { format!("{}{url}", self.base) };
        let mut wait = self.retry.backoff;
        let mut renewed = false;
        let mut attempt = 1;
        loop {
            let token = self.token().await?;
            let mut request = self.http.request(method.clone(), &url).bearer_auth(token);
            if let Some(body) = body {
                request = request.json(body);
            }
            let failure = match request.send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    let text = response.text().await.unwrap_or_default();
                    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
                    if status == StatusCode::UNAUTHORIZED && !renewed {
                        renewed = true;
                        *self.token.lock().await = None;
                        continue;
                    }
                    if !retryable(status) {
                        return Ok(Answer { status, headers, body });
                    }
                    (refused(status, &body), retry_after(&headers))
                }
                Err(e) => {
                    tracing::warn!(%method, error = %e, "Azure request failed");
                    (ComputeError::Transient(format!("Azure {method}: {}", upstream::unreachable("Azure", &e))), None)
                }
            };
            let pause = failure.1.unwrap_or(wait);
            if attempt >= self.retry.attempts || pause > self.retry.max_wait {
                return Err(failure.0);
            }
            tracing::warn!(%method, attempt, wait_ms = pause.as_millis() as u64, error = %failure.0, "Azure request retried");
            tokio::time::sleep(pause).await;
            wait *= 2;
            attempt += 1;
        }
    }

    /// Follows the operation an answer started (its `Azure-AsyncOperation`, else its
    /// `Location`) for at most `budget`. An answer with neither finished at once.
    pub async fn follow(&self, started: &Answer, budget: Duration) -> Result<Progress, ComputeError> {
        let header = |name: &str| started.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (url, async_operation) = match (header("azure-asyncoperation"), header("location")) {
            (Some(url), _) => (url, true),
            (None, Some(url)) => (url, false),
            (None, None) => return Ok(Progress::Done),
        };
        let deadline = Instant::now() + budget;
        let mut pause = retry_after(&started.headers).unwrap_or(self.retry.poll);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(Progress::Running);
            }
            tokio::time::sleep(pause.min(left)).await;
            let answer = self.send(Method::GET, &url, None).await?;
            pause = retry_after(&answer.headers).unwrap_or(self.retry.poll);
            if async_operation {
                // `{"status": "InProgress" | "Succeeded" | "Failed" | "Canceled", "error"?}`.
                match answer.body["status"].as_str() {
                    Some("Succeeded") => return Ok(Progress::Done),
                    Some("Failed" | "Canceled") => return Err(refused(StatusCode::OK, &answer.body)),
                    _ => answer.accepted()?,
                }
            } else {
                // A `Location` answers 202 while running, then the result (or 404/204 for a
                // deletion).
                match answer.status {
                    StatusCode::ACCEPTED => {}
                    s if s.is_success() || s == StatusCode::NOT_FOUND => return Ok(Progress::Done),
                    _ => answer.accepted()?,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_and_allocation_refusals_are_capacity_and_the_rest_is_told_apart() {
        let quota =
            "Operation could not be completed as it results in exceeding approved standardNCASv3_T4Family Cores quota.";
        assert!(matches!(refusal(StatusCode::CONFLICT, "OperationNotAllowed", quota), ComputeError::Capacity(_)));
        assert!(matches!(refusal(StatusCode::CONFLICT, "QuotaExceeded", ""), ComputeError::Capacity(_)));
        assert!(matches!(refusal(StatusCode::OK, "AllocationFailed", ""), ComputeError::Capacity(_)));
        assert!(matches!(
            refusal(StatusCode::CONFLICT, "OperationNotAllowed", "The VM is being deleted."),
            ComputeError::Permanent(_)
        ));
        assert!(matches!(refusal(StatusCode::SERVICE_UNAVAILABLE, "x", ""), ComputeError::Transient(_)));
        assert!(matches!(refusal(StatusCode::BAD_REQUEST, "InvalidParameter", ""), ComputeError::Permanent(_)));
        // The instance's `error` names the status and code, never ARM's message.
        assert_eq!(
            refusal(StatusCode::CONFLICT, "OperationNotAllowed", quota),
            ComputeError::Capacity("Azure answered HTTP 409: OperationNotAllowed (core quota)".to_owned())
        );
        let told = refusal(StatusCode::BAD_REQUEST, "InvalidParameter", "subscription 1234-abcd: bad nic").to_string();
        assert!(!told.contains("1234-abcd") && told.contains("InvalidParameter"), "{told}");
    }

    #[test]
    fn the_secret_never_prints() {
        let secret = ClientSecret::new("s3cr3t-value".to_owned());
        assert!(!format!("{secret:?}").contains("s3cr3t"));
    }
}
