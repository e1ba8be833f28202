//! The access audit trail: one record per authenticated request, saying who (which key, never the
//! key), when, which route and resource, and how it ended. Never content, bodies or query strings:
//! a record must be safe to keep after the tenant's content is erased.

use sha2::{Digest, Sha256};

/// How long audit records are kept (DynamoDB TTL; the memory store drops them on read). Longer
/// than a year so that a yearly access review always finds the whole year.
pub const AUDIT_RETENTION_DAYS: i64 = 400;
pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Longest request id and route kept (the gateway bounds request ids at 128 already).
const MAX_FIELD_LEN: usize = 200;

/// One audited request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRecord {
    pub at_ms: i64,
    pub request_id: String,
    /// `KeyId::of` the presented key, when the request carried one.
    pub key_id: Option<String>,
    /// The route template (`GET /api/instances/{id}`), never the path as sent nor its query.
    pub route: String,
    /// The id the route acted on: its `{id}` path segment, or the id a create answered with.
    pub resource_id: Option<String>,
    pub status: u16,
}

impl AuditRecord {
    /// A record with every text field bounded, so no caller-controlled value grows an item.
    pub fn new(
        at_ms: i64,
        request_id: &str,
        key_id: Option<String>,
        route: &str,
        resource_id: Option<&str>,
        status: u16,
    ) -> Self {
        let bound = |s: &str| s.chars().take(MAX_FIELD_LEN).collect::<String>();
        Self {
            at_ms,
            request_id: bound(request_id),
            key_id,
            route: bound(route),
            resource_id: resource_id.filter(|id| is_resource_id(id)).map(str::to_owned),
            status,
        }
    }

    /// When the record expires (epoch ms).
    pub fn expires_at_ms(&self) -> i64 {
        self.at_ms + AUDIT_RETENTION_DAYS * DAY_MS
    }

    /// The record's position in the tenant's trail: sorts by time, unique per request.
    pub fn sort_key(&self) -> String {
        sort_key(self.at_ms, &self.request_id)
    }
}

/// `<13-digit epoch ms>#<request id>`: text order is time order for every date until 2286.
pub fn sort_key(at_ms: i64, request_id: &str) -> String {
    format!("{:013}#{request_id}", at_ms.max(0))
}

/// Whether a cursor is one `sort_key` could have made (the API hands sort keys out as cursors).
pub fn is_cursor(cursor: &str) -> bool {
    let Some((ms, id)) = cursor.split_once('#') else { return false };
    ms.len() == 13
        && ms.bytes().all(|b| b.is_ascii_digit())
        && !id.is_empty()
        && id.len() <= MAX_FIELD_LEN
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// Resource ids worth recording: ours are UUIDs; anything else a client put in a path segment is
/// not an id of ours and is left out rather than stored.
fn is_resource_id(id: &str) -> bool {
    crate::ids::is_id(id)
}

/// The id of an API key: the first 16 hex digits of its SHA-256, the same digest the key table
/// is keyed by. It names the key in the trail without being able to stand in for it.
pub fn key_id(presented_key: &str) -> String {
    let digest = hex::encode(Sha256::digest(presented_key.as_bytes()));
    digest[..16].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_by_time_and_are_valid_cursors() {
        let early = sort_key(999, "r-1");
        let late = sort_key(1_000, "r-0");
        assert!(early < late);
        assert!(is_cursor(&early) && is_cursor(&late));
        assert!(!is_cursor("12#x") && !is_cursor("0000000000999#") && !is_cursor("0000000000999#a b"));
    }

    #[test]
    fn records_keep_only_our_ids_and_bounded_text() {
        let id = crate::ids::new_id();
        let r = AuditRecord::new(5, &"r".repeat(500), None, "GET /api/x/{id}", Some(&id), 200);
        assert_eq!(r.request_id.len(), 200);
        assert_eq!(r.resource_id.as_deref(), Some(id.as_str()));
        let r = AuditRecord::new(5, "r", None, "GET /api/x/{id}", Some("patient-jane-doe"), 404);
        assert_eq!(r.resource_id, None);
        assert_eq!(r.expires_at_ms(), 5 + 400 * DAY_MS);
    }

    #[test]
    fn a_key_id_is_a_prefix_of_the_stored_hash_not_the_key() {
        let key = "aik_0123";
        let id = key_id(key);
        assert_eq!(id.len(), 16);
        assert!(crate::domain::tenant::KeyHash::of(key).as_str().starts_with(&id));
        assert!(!id.contains(key));
    }
}
