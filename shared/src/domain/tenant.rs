//! Tenants and their API keys.
//!
//! A key is 32 random bytes shown once to its owner as `aik_<64 hex digits>`. Only its SHA-256 is
//! stored. A slow password hash (argon2, bcrypt) is not needed here: the keys carry 256 bits of
//! entropy, so a stolen table of hashes cannot be brute-forced, and a fast hash keeps the
//! authorizer's latency at one table read.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Prefix of every key the product issues; lets secret scanners recognise a leaked key.
pub const KEY_PREFIX: &str = "aik_";
const MAX_TENANT_ID_LEN: usize = 64;
const MAX_PRESENTED_KEY_LEN: usize = 256;

/// A tenant id: 1–64 characters of `[A-Za-z0-9._-]`. Every stored item carries one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

impl TenantId {
    pub fn parse(raw: &str) -> Result<Self, InvalidTenantId> {
        let ok = !raw.is_empty()
            && raw.len() <= MAX_TENANT_ID_LEN
            && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(InvalidTenantId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for TenantId {
    type Error = InvalidTenantId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<TenantId> for String {
    fn from(value: TenantId) -> Self {
        value.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a tenant id is 1-64 characters of letters, digits, '.', '_' or '-'")]
pub struct InvalidTenantId;

/// The SHA-256 of an API key, hex encoded: the only form in which a key is stored or compared.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct KeyHash(String);

impl KeyHash {
    pub fn of(presented_key: &str) -> Self {
        Self(hex::encode(Sha256::digest(presented_key.as_bytes())))
    }

    /// Rebuilds a hash read back from a store.
    pub fn from_stored(hex_digest: String) -> Self {
        Self(hex_digest)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// A hash is not a secret, but keeping it out of Debug output keeps it out of logs by accident.
impl fmt::Debug for KeyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyHash({}…)", &self.0[..self.0.len().min(8)])
    }
}

/// A key as presented by a caller, checked for shape before it is hashed.
pub struct PresentedKey<'a>(&'a str);

impl<'a> PresentedKey<'a> {
    /// Accepts any printable ASCII up to 256 bytes: keys configured for `local` need not carry
    /// the product prefix, and a wrong key must be told apart from a malformed header.
    pub fn parse(raw: &'a str) -> Option<Self> {
        let raw = raw.trim();
        let ok = !raw.is_empty() && raw.len() <= MAX_PRESENTED_KEY_LEN && raw.bytes().all(|b| b.is_ascii_graphic());
        ok.then_some(Self(raw))
    }

    pub fn hash(&self) -> KeyHash {
        KeyHash::of(self.0)
    }

    pub fn as_str(&self) -> &str {
        self.0
    }
}

/// A newly issued key, in clear: returned once to whoever created it, never stored.
pub struct IssuedKey {
    pub secret: String,
    pub hash: KeyHash,
}

impl IssuedKey {
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        let secret = format!("{KEY_PREFIX}{}", hex::encode(bytes));
        let hash = KeyHash::of(&secret);
        Ok(Self { secret, hash })
    }
}

impl fmt::Debug for IssuedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedKey").field("hash", &self.hash).finish_non_exhaustive()
    }
}

/// What the key store keeps for one key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub hash: KeyHash,
    pub tenant: TenantId,
    /// A human label ("ci", "alice's laptop"); never the key.
    pub label: String,
    pub created_at_ms: i64,
    pub disabled: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_are_restricted_to_a_safe_alphabet() {
        assert!(TenantId::parse("acme-health.eu_1").is_ok());
        assert_eq!(TenantId::parse(""), Err(InvalidTenantId));
        assert_eq!(TenantId::parse("a#b"), Err(InvalidTenantId));
        assert_eq!(TenantId::parse(&"x".repeat(65)), Err(InvalidTenantId));
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_key() {
        // Known answer: sha256("abc").
        assert_eq!(KeyHash::of("abc").as_str(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn issued_keys_are_unique_prefixed_and_hash_to_their_record() {
        let a = IssuedKey::generate().expect("os randomness");
        let b = IssuedKey::generate().expect("os randomness");
        assert_ne!(a.secret, b.secret);
        assert!(a.secret.starts_with(KEY_PREFIX));
        assert_eq!(a.secret.len(), KEY_PREFIX.len() + 64);
        assert_eq!(KeyHash::of(&a.secret), a.hash);
        assert!(!format!("{a:?}").contains(&a.secret), "Debug must not print the key");
    }

    #[test]
    fn presented_keys_must_be_printable_and_bounded() {
        assert!(PresentedKey::parse("  aik_abc ").is_some());
        assert!(PresentedKey::parse("").is_none());
        assert!(PresentedKey::parse("has space").is_none());
        assert!(PresentedKey::parse(&"k".repeat(257)).is_none());
        assert!(PresentedKey::parse("ké").is_none());
    }
}
