//! `GET /api/tenant`: who the caller's key belongs to, its rate limit and its usage. The route a
//! user calls to check a key, and the protected route the platform's own tests use.

use std::sync::Arc;

use shared::domain::rate_limit::{RatePolicy, TenantBody};
use shared::http::{ApiError, ApiRequest, ApiResponse};
use shared::ports::{Clock, RateLimiter};

pub struct Deps {
    pub limiter: Arc<dyn RateLimiter>,
    pub policy: RatePolicy,
    pub clock: Arc<dyn Clock>,
}

pub async fn handle(deps: Arc<Deps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let usage = deps.limiter.usage(tenant, &deps.policy, deps.clock.now_ms()).await.map_err(|err| {
        tracing::error!(error = %err, "rate limiter unavailable");
        ApiError::ServiceUnavailable("usage is temporarily unavailable".to_owned())
    })?;
    Ok(ApiResponse::ok(&TenantBody { tenant_id: tenant.as_str(), rate_limit: deps.policy, usage }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::clock::ManualClock;
    use shared::http::{Access, Authentication, Gateway, GatewaySettings};
    use shared::wiring::stores::Stores;

    async fn invoke(fixture: &str, times: usize) -> (StatusCode, serde_json::Value) {
        let stores = Stores::memory();
        let clock = Arc::new(ManualClock::at(0));
        let settings =
            GatewaySettings { rate_policy: RatePolicy::new(1.0, 5).expect("valid"), ..GatewaySettings::default() };
        let deps =
            Arc::new(Deps { limiter: stores.rate_limiter.clone(), policy: settings.rate_policy, clock: clock.clone() });
        let gateway =
            Gateway::new(settings, Authentication::LambdaAuthorizer, stores.rate_limiter, stores.idempotency, clock);
        let mut last = None;
        for _ in 0..times {
            let (route, request) = shared::test_util::fixture_request(fixture);
            let deps = deps.clone();
            last = Some(gateway.serve(&route, Access::Tenant, request, |r| handle(deps, r)).await);
        }
        let response = last.expect("at least one call");
        (response.status, serde_json::from_slice(&response.body).expect("JSON"))
    }

    #[tokio::test]
    async fn an_authorized_caller_gets_its_tenant_limit_and_usage() {
        let (status, body) = invoke("events/get-tenant/authorized.json", 3).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["tenantId"], "acme-health");
        assert_eq!(body["rateLimit"]["burst"], 5);
        assert_eq!(body["rateLimit"]["requestsPerSecond"], 1.0);
        // Three calls took three of five tokens.
        assert_eq!(body["usage"]["admittedRequests"], 3);
        assert_eq!(body["usage"]["available"], 2);
    }

    #[tokio::test]
    async fn a_refused_key_is_a_401_problem() {
        let (status, body) = invoke("events/get-tenant/invalid-key.json", 1).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], "unauthorized");
        assert_eq!(body["requestId"], "evt-get-tenant-invalid");
    }
}
