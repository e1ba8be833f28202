//! `Idempotency-Key` on POST: a retry with the same key and body gets the first response back and
//! creates nothing new; the same key with another body is refused.
//!
//! A record is claimed (`InProgress`, with a lock that expires so a crashed invocation cannot
//! block the key forever), then completed with the response. Keys are scoped to the tenant, so two
//! tenants may use the same key.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::tenant::TenantId;

/// Longest accepted `Idempotency-Key` header value.
pub const MAX_KEY_LEN: usize = 255;

/// Where a key lives: tenant and key. The store's primary key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct IdempotencyScope(String);

impl IdempotencyScope {
    pub fn new(tenant: &TenantId, key: &str) -> Self {
        Self(format!("{tenant}#{key}"))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What every scope of `tenant` starts with. A tenant id never holds `#`, so no other
    /// tenant's scope starts with it.
    pub fn prefix_of(tenant: &TenantId) -> String {
        format!("{tenant}#")
    }

    pub fn belongs_to(&self, tenant: &TenantId) -> bool {
        self.0.starts_with(&Self::prefix_of(tenant))
    }
}

/// Checks a header value: 1–255 printable ASCII characters.
pub fn valid_key(raw: &str) -> bool {
    !raw.is_empty() && raw.len() <= MAX_KEY_LEN && raw.bytes().all(|b| b.is_ascii_graphic())
}

/// SHA-256 over what makes two requests "the same": method, path, query and body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint(pub String);

impl Fingerprint {
    pub fn of(method: &str, path: &str, query: &str, body: &[u8]) -> Self {
        let mut h = Sha256::new();
        for part in [method.as_bytes(), path.as_bytes(), query.as_bytes()] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        h.update(body);
        Self(hex::encode(h.finalize()))
    }
}

/// The first response, kept to be replayed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

/// A stored record as a store hands it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordState {
    InProgress { lock_expires_at_ms: i64 },
    Completed(StoredResponse),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyRecord {
    pub fingerprint: Fingerprint,
    pub state: RecordState,
}

/// What to do with a request whose key already has a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Another body under the same key: 422.
    Mismatch,
    /// The first request is still running: 409, try again shortly.
    StillRunning,
    /// Replay the first response.
    Replay(StoredResponse),
}

pub fn judge_existing(record: &IdempotencyRecord, fingerprint: &Fingerprint) -> Existing {
    if &record.fingerprint != fingerprint {
        return Existing::Mismatch;
    }
    match &record.state {
        RecordState::InProgress { .. } => Existing::StillRunning,
        RecordState::Completed(response) => Existing::Replay(response.clone()),
    }
}

/// Whether a response is kept to be replayed: only one a retry of the same request must get
/// again. That is a success, or a refusal that depends on the request alone: 400 (invalid), 404
/// (what it names does not exist for the tenant), 413 (too large), 415 (not JSON), 422.
///
/// Everything else depends on the moment, and a retry must run again rather than be told the
/// same for the key's lifetime (24 h): 402 (the budget may be raised, or the month turn), 429,
/// 401/403 (a key or permission may change), 408, 409 (this product's conflicts are states
/// that change: an instance not yet READY, a conversation written concurrently), 5xx and 504.
pub fn should_store(status: u16) -> bool {
    matches!(status, 200..=299 | 400 | 404 | 413 | 415 | 422)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(body: &str) -> Fingerprint {
        Fingerprint::of("POST", "/api/x", "", body.as_bytes())
    }

    #[test]
    fn fingerprints_differ_by_any_part_and_are_not_ambiguous() {
        assert_eq!(fp("{}"), fp("{}"));
        assert_ne!(fp("{}"), fp("{ }"));
        assert_ne!(
            Fingerprint::of("POST", "/a", "b", b""),
            Fingerprint::of("POST", "/ab", "", b""),
            "length prefixes keep path and query apart"
        );
    }

    #[test]
    fn existing_records_are_judged_by_fingerprint_then_state() {
        let done = StoredResponse { status: 201, content_type: None, location: None, body: b"{}".to_vec() };
        let completed = IdempotencyRecord { fingerprint: fp("a"), state: RecordState::Completed(done.clone()) };
        let running =
            IdempotencyRecord { fingerprint: fp("a"), state: RecordState::InProgress { lock_expires_at_ms: 5 } };
        assert_eq!(judge_existing(&completed, &fp("a")), Existing::Replay(done));
        assert_eq!(judge_existing(&completed, &fp("b")), Existing::Mismatch);
        assert_eq!(judge_existing(&running, &fp("a")), Existing::StillRunning);
        assert_eq!(judge_existing(&running, &fp("b")), Existing::Mismatch);
    }

    #[test]
    fn keys_are_scoped_per_tenant_and_checked_for_shape() {
        let a = TenantId::parse("a").expect("valid");
        let b = TenantId::parse("b").expect("valid");
        assert_ne!(IdempotencyScope::new(&a, "k"), IdempotencyScope::new(&b, "k"));
        assert!(valid_key("order-123"));
        assert!(!valid_key(""));
        assert!(!valid_key("with space"));
        assert!(!valid_key(&"k".repeat(256)));
    }

    #[test]
    fn only_responses_that_depend_on_the_request_alone_are_stored() {
        for status in [200, 201, 202, 204, 400, 404, 413, 415, 422] {
            assert!(should_store(status), "{status}");
        }
        for status in [401, 402, 403, 405, 408, 409, 429, 500, 502, 503, 504] {
            assert!(!should_store(status), "{status}");
        }
    }
}
