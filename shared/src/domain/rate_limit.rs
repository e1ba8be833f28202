//! Per-tenant token bucket.
//!
//! A bucket holds up to `burst` tokens and refills at `requests_per_second`. Each request takes one
//! token; with none left the request is refused and told how long until the next token. The
//! arithmetic lives here, pure, so the memory and DynamoDB adapters share it exactly and differ only
//! in how they store the state (a mutex, or a conditional write guarding against concurrent
//! Lambda instances).

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatePolicy {
    pub requests_per_second: f64,
    pub burst: u32,
}

impl RatePolicy {
    /// Both values must be positive and finite; a policy that can never admit a request is a
    /// configuration error, caught at startup.
    pub fn new(requests_per_second: f64, burst: u32) -> Result<Self, String> {
        if !(requests_per_second.is_finite() && requests_per_second > 0.0) {
            return Err(format!("requests per second must be > 0, got {requests_per_second}"));
        }
        if burst == 0 {
            return Err("burst must be at least 1".to_owned());
        }
        Ok(Self { requests_per_second, burst })
    }
}

/// The stored state of one tenant's bucket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BucketState {
    pub tokens: f64,
    pub updated_at_ms: i64,
    /// Requests admitted since the bucket was created: the tenant's usage counter.
    pub admitted: u64,
}

impl BucketState {
    pub fn full(policy: &RatePolicy, now_ms: i64) -> Self {
        Self { tokens: f64::from(policy.burst), updated_at_ms: now_ms, admitted: 0 }
    }

    /// The state refilled up to `now_ms`. A clock that went backwards refills nothing.
    pub fn refilled(&self, policy: &RatePolicy, now_ms: i64) -> Self {
        let elapsed_s = (now_ms - self.updated_at_ms).max(0) as f64 / 1000.0;
        let tokens = (self.tokens + elapsed_s * policy.requests_per_second).min(f64::from(policy.burst));
        Self { tokens, updated_at_ms: now_ms.max(self.updated_at_ms), admitted: self.admitted }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RateDecision {
    Allowed { remaining: u32 },
    Limited { retry_after_ms: u64 },
}

/// Takes one token from `state` (None: a bucket never seen before), returning the decision and
/// the state to store. A refusal changes nothing, so it needs no write.
pub fn take_token(state: Option<BucketState>, policy: &RatePolicy, now_ms: i64) -> (RateDecision, Option<BucketState>) {
    let current = state.map_or_else(|| BucketState::full(policy, now_ms), |s| s.refilled(policy, now_ms));
    if current.tokens >= 1.0 {
        let next = BucketState { tokens: current.tokens - 1.0, admitted: current.admitted + 1, ..current };
        (RateDecision::Allowed { remaining: next.tokens.floor() as u32 }, Some(next))
    } else {
        let missing = 1.0 - current.tokens;
        let retry_after_ms = (missing / policy.requests_per_second * 1000.0).ceil() as u64;
        (RateDecision::Limited { retry_after_ms: retry_after_ms.max(1) }, None)
    }
}

/// What `GET /api/tenant` reports about a tenant's bucket.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RateUsage {
    /// Whole tokens available now: requests that could be sent at once without a 429.
    pub available: u32,
    /// Requests admitted since the bucket was created.
    pub admitted_requests: u64,
}

pub fn usage(state: Option<BucketState>, policy: &RatePolicy, now_ms: i64) -> RateUsage {
    let current = state.map_or_else(|| BucketState::full(policy, now_ms), |s| s.refilled(policy, now_ms));
    RateUsage { available: current.tokens.floor() as u32, admitted_requests: current.admitted }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RatePolicy {
        RatePolicy::new(2.0, 3).expect("valid policy")
    }

    #[test]
    fn a_new_bucket_admits_a_full_burst_then_refuses() {
        let p = policy();
        let mut state = None;
        for expected_remaining in [2, 1, 0] {
            let (decision, next) = take_token(state, &p, 1_000);
            assert_eq!(decision, RateDecision::Allowed { remaining: expected_remaining });
            state = next;
        }
        let (decision, next) = take_token(state, &p, 1_000);
        // 2 tokens per second: the next token is 500 ms away.
        assert_eq!(decision, RateDecision::Limited { retry_after_ms: 500 });
        assert!(next.is_none(), "a refusal must not write");
    }

    #[test]
    fn tokens_refill_with_time_up_to_the_burst() {
        let p = policy();
        let empty = BucketState { tokens: 0.0, updated_at_ms: 0, admitted: 7 };
        assert_eq!(empty.refilled(&p, 250).tokens, 0.5);
        assert_eq!(empty.refilled(&p, 60_000).tokens, 3.0);
        let (decision, next) = take_token(Some(empty), &p, 500);
        assert_eq!(decision, RateDecision::Allowed { remaining: 0 });
        assert_eq!(next.map(|s| s.admitted), Some(8));
    }

    #[test]
    fn a_clock_going_backwards_refills_nothing() {
        let p = policy();
        let s = BucketState { tokens: 1.0, updated_at_ms: 10_000, admitted: 0 };
        let r = s.refilled(&p, 5_000);
        assert_eq!(r.tokens, 1.0);
        assert_eq!(r.updated_at_ms, 10_000);
    }

    #[test]
    fn invalid_policies_are_refused() {
        assert!(RatePolicy::new(0.0, 1).is_err());
        assert!(RatePolicy::new(f64::NAN, 1).is_err());
        assert!(RatePolicy::new(1.0, 0).is_err());
    }

    #[test]
    fn usage_reports_whole_available_tokens_and_the_counter() {
        let p = policy();
        let s = BucketState { tokens: 0.4, updated_at_ms: 0, admitted: 12 };
        assert_eq!(usage(Some(s), &p, 500), RateUsage { available: 1, admitted_requests: 12 });
        assert_eq!(usage(None, &p, 0), RateUsage { available: 3, admitted_requests: 0 });
    }
}
