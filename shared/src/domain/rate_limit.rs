//! Per-tenant token bucket.
//!
//! A bucket holds up to `burst` tokens and refills at `requests_per_second`. Each request takes one
//! token; with none left the request is refused and told how long until the next token. The
//! arithmetic lives here, pure, so the memory and DynamoDB adapters share it exactly and differ only
//! in how they store the state (a mutex, or one conditional update per decision, on the bucket
//! kept as one time: see `tat`).

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

/// The same bucket kept as one number, for a store that can only add and compare atomically
/// (DynamoDB's `UpdateItem`): the "theoretical arrival time" of the generic cell rate algorithm,
/// in microseconds. A bucket with `tokens` at `now` is the time `now + (burst - tokens) ×
/// interval`; one at or before `now` is full. Taking a token adds one interval, which is `ADD`;
/// a request is admitted exactly when a token is left, that is when the time is at most
/// `admit_limit_us` — a comparison a condition expression can make. Refilling is implicit in the
/// clock moving on, so no multiplication and no `min` are needed in the store.
pub mod tat {
    use super::{BucketState, RateDecision, RatePolicy};

    /// One token's worth of time, whole microseconds (at least one).
    pub fn interval_us(policy: &RatePolicy) -> i64 {
        (1_000_000.0 / policy.requests_per_second).round().max(1.0) as i64
    }

    pub fn now_us(now_ms: i64) -> i64 {
        now_ms.saturating_mul(1000)
    }

    /// The latest stored time that still leaves a token at `now_ms`: `burst - 1` intervals ahead.
    pub fn admit_limit_us(policy: &RatePolicy, now_ms: i64) -> i64 {
        now_us(now_ms).saturating_add(interval_us(policy).saturating_mul(i64::from(policy.burst) - 1))
    }

    /// The bucket at `now_ms` that the stored time stands for (`None`: never used, full).
    pub fn bucket(tat_us: Option<i64>, admitted: u64, policy: &RatePolicy, now_ms: i64) -> BucketState {
        let ahead_us = tat_us.map_or(0, |t| (t - now_us(now_ms)).max(0));
        let used = ahead_us as f64 / interval_us(policy) as f64;
        BucketState { tokens: (f64::from(policy.burst) - used).max(0.0), updated_at_ms: now_ms, admitted }
    }

    /// The time to store when a request is admitted: one interval after the later of the stored
    /// time and now.
    pub fn after_admission(tat_us: Option<i64>, policy: &RatePolicy, now_ms: i64) -> i64 {
        tat_us.unwrap_or(i64::MIN).max(now_us(now_ms)).saturating_add(interval_us(policy))
    }

    /// The answer to a request admitted with `tat_after_us` stored.
    pub fn allowed(tat_after_us: i64, policy: &RatePolicy, now_ms: i64) -> RateDecision {
        RateDecision::Allowed { remaining: bucket(Some(tat_after_us), 0, policy, now_ms).tokens.floor() as u32 }
    }

    /// The answer to a request refused with `tat_us` stored (beyond `admit_limit_us`): the time
    /// until the stored time is back within it, that is until the next token.
    pub fn limited(tat_us: i64, policy: &RatePolicy, now_ms: i64) -> RateDecision {
        let wait_us = (tat_us - admit_limit_us(policy, now_ms)).max(1);
        RateDecision::Limited { retry_after_ms: (wait_us as u64).div_ceil(1000).max(1) }
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

/// `GET /api/tenant` body.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Tenant)]
pub struct TenantBody<'a> {
    pub tenant_id: &'a str,
    pub rate_limit: RatePolicy,
    pub usage: RateUsage,
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

    /// The stored-time form decides exactly as the bucket does, request after request, for
    /// bursts, refills, waits past a full bucket and a clock going backwards.
    #[test]
    fn the_stored_time_form_decides_as_the_bucket_does() {
        for p in [policy(), RatePolicy::new(0.001, 60).expect("valid"), RatePolicy::new(7.0, 1).expect("valid")] {
            let mut bucket = None;
            let mut stored: Option<i64> = None;
            let times = [0, 0, 0, 0, 100, 250, 499, 500, 501, 10_000, 10_000, 10_000, 10_000, 9_000, 10_700, 60_000];
            for (i, now) in times.into_iter().enumerate() {
                let (expected, next) = take_token(bucket, &p, now);
                bucket = next.or(bucket);
                let decision = match stored {
                    Some(t) if t > tat::admit_limit_us(&p, now) => tat::limited(t, &p, now),
                    _ => {
                        let after = tat::after_admission(stored, &p, now);
                        stored = Some(after);
                        tat::allowed(after, &p, now)
                    }
                };
                // The bucket's floats can round a wait up by a millisecond; the integers do not.
                // On a clock behind the last request's, the bucket counts the wait from that
                // request and the stored time from the clock: both refuse, for different waits.
                let behind = times[..i].iter().any(|&t| t > now);
                let same = match (decision, expected) {
                    (RateDecision::Limited { retry_after_ms: a }, RateDecision::Limited { retry_after_ms: b }) => {
                        behind || a.abs_diff(b) <= 1
                    }
                    (a, b) => a == b,
                };
                assert!(same, "request {i} at {now} ms under {p:?}: {decision:?}, the bucket says {expected:?}");
                if let Some(b) = bucket {
                    let view = tat::bucket(stored, b.admitted, &p, now);
                    assert_eq!(usage(Some(view), &p, now), usage(Some(b), &p, now), "usage after request {i}");
                }
            }
        }
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
