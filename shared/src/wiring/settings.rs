//! The gateway's settings, read from the environment once per cold start.

use crate::config::EnvReader;
use crate::domain::rate_limit::RatePolicy;
use crate::http::{CorsPolicy, GatewaySettings};

/// Gateway settings from the environment:
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `RATE_LIMIT_RPS` | 50 | sustained requests per second per tenant |
/// | `RATE_LIMIT_BURST` | 100 | bucket size: requests a tenant may send at once |
/// | `MAX_BODY_BYTES` | 1048576 | largest request body; above it, 413 |
/// | `CORS_ALLOWED_ORIGINS` | (none) | comma-separated origins allowed by CORS |
/// | `IDEMPOTENCY_TTL_SECONDS` | 86400 | how long an idempotent response is replayed (1 to 86400) |
pub fn settings_from_env(env: &mut EnvReader) -> GatewaySettings {
    let defaults = GatewaySettings::default();
    let rps: f64 = env.parsed_or("RATE_LIMIT_RPS", defaults.rate_policy.requests_per_second);
    let burst: u32 = env.parsed_or("RATE_LIMIT_BURST", defaults.rate_policy.burst);
    let rate_policy = RatePolicy::new(rps, burst).unwrap_or_else(|problem| {
        env.problem(format!("RATE_LIMIT_RPS/RATE_LIMIT_BURST: {problem}"));
        defaults.rate_policy
    });
    let max_body_bytes: usize = env.parsed_or("MAX_BODY_BYTES", defaults.max_body_bytes);
    if max_body_bytes == 0 {
        env.problem("MAX_BODY_BYTES must be at least 1");
    }
    let ttl_s: i64 = env.parsed_or("IDEMPOTENCY_TTL_SECONDS", defaults.idempotency_ttl_ms / 1000);
    // A stored response holds content: it must never outlive the shortest retention a tenant
    // may set (one day), since retention does not reach idempotency records otherwise.
    if !(1..=86_400).contains(&ttl_s) {
        env.problem("IDEMPOTENCY_TTL_SECONDS must be from 1 to 86400 (the shortest retention a tenant may set)");
    }
    let origins = env.optional("CORS_ALLOWED_ORIGINS").unwrap_or_default();
    GatewaySettings {
        max_body_bytes,
        rate_policy,
        cors: CorsPolicy::new(origins.split(',').map(str::to_owned)),
        idempotency_ttl_ms: ttl_s * 1000,
        idempotency_lock_ms: defaults.idempotency_lock_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_come_from_the_environment_with_documented_defaults() {
        let mut env = EnvReader::from_fn(|name| match name {
            "RATE_LIMIT_RPS" => Some("2.5".to_owned()),
            "CORS_ALLOWED_ORIGINS" => Some("https://a.example, https://b.example/".to_owned()),
            _ => None,
        });
        let s = settings_from_env(&mut env);
        env.finish().expect("valid");
        assert_eq!(s.rate_policy.requests_per_second, 2.5);
        assert_eq!(s.rate_policy.burst, 100);
        assert_eq!(s.max_body_bytes, 1_048_576);
        assert_eq!(s.cors.origins(), ["https://a.example", "https://b.example"]);
    }

    #[test]
    fn a_policy_that_admits_nothing_is_a_startup_error() {
        let mut env = EnvReader::from_fn(|name| (name == "RATE_LIMIT_BURST").then(|| "0".to_owned()));
        let _ = settings_from_env(&mut env);
        assert!(env.finish().is_err());
    }
}
