//! API key authentication: which tenant a request belongs to.
//!
//! In `local` the gateway checks the key against the key store itself. In AWS the HTTP API's
//! Lambda authorizer (`authorize-api-key`) runs the same `authenticate` and hands its verdict to the
//! function in the request context; the function's gateway turns a negative verdict into the same
//! 401 problem+json. (An HTTP API cannot shape the body of an authorizer's own refusal, so the
//! authorizer never refuses; it only decides.)

use http::{header, HeaderMap};

use crate::domain::tenant::{PresentedKey, TenantId};
use crate::ports::{ApiKeyStore, StoreError};

/// Why a request is not authenticated.
#[derive(Debug, thiserror::Error)]
pub enum AuthFailure {
    #[error("no API key: send `Authorization: Bearer <key>` or `x-api-key: <key>`")]
    Missing,
    #[error("the API key header is malformed: use `Authorization: Bearer <key>` or `x-api-key: <key>`")]
    Malformed,
    #[error("the API key is not valid")]
    Invalid,
    #[error("the key store did not answer")]
    Unavailable(#[source] StoreError),
}

impl AuthFailure {
    /// The code passed from the authorizer to the function.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing => "missing_api_key",
            Self::Malformed => "malformed_api_key",
            Self::Invalid => "invalid_api_key",
            Self::Unavailable(_) => "auth_unavailable",
        }
    }
}

/// The authorizer's decision as the function receives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizerVerdict {
    Tenant(TenantId),
    /// The failure's code (`AuthFailure::code`).
    Refused(String),
}

fn presented_key(headers: &HeaderMap) -> Result<PresentedKey<'_>, AuthFailure> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().map_err(|_| AuthFailure::Malformed)?;
        let (scheme, rest) = value.trim().split_once(' ').ok_or(AuthFailure::Malformed)?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(AuthFailure::Malformed);
        }
        return PresentedKey::parse(rest).ok_or(AuthFailure::Malformed);
    }
    if let Some(value) = headers.get("x-api-key") {
        let value = value.to_str().map_err(|_| AuthFailure::Malformed)?;
        return PresentedKey::parse(value).ok_or(AuthFailure::Malformed);
    }
    Err(AuthFailure::Missing)
}

/// The audit trail's id of the key in `headers` (`domain::tenant_data::audit::key_id`), when one
/// is there in a well-formed header.
pub fn key_id(headers: &HeaderMap) -> Option<String> {
    presented_key(headers).ok().map(|key| crate::domain::tenant_data::audit::key_id(key.as_str()))
}

/// Finds the tenant of the key in `headers` (`Authorization: Bearer` first, then `x-api-key`).
pub async fn authenticate(store: &dyn ApiKeyStore, headers: &HeaderMap) -> Result<TenantId, AuthFailure> {
    let key = presented_key(headers)?;
    match store.find(&key.hash()).await {
        Ok(Some(record)) if !record.disabled => Ok(record.tenant),
        Ok(_) => Err(AuthFailure::Invalid),
        Err(err) => Err(AuthFailure::Unavailable(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::MemoryApiKeyStore;
    use crate::domain::tenant::{ApiKeyRecord, KeyHash};
    use http::HeaderValue;

    async fn store_with(key: &str, tenant: &str, disabled: bool) -> MemoryApiKeyStore {
        let store = MemoryApiKeyStore::default();
        let record = ApiKeyRecord {
            hash: KeyHash::of(key),
            tenant: TenantId::parse(tenant).expect("valid"),
            label: "test".to_owned(),
            created_at_ms: 0,
            disabled,
        };
        store.put(&record).await.expect("put");
        store
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[tokio::test]
    async fn both_header_forms_find_the_tenant() {
        let store = store_with("k1", "acme", false).await;
        let by_bearer = authenticate(&store, &headers(&[("authorization", "Bearer k1")])).await;
        assert_eq!(by_bearer.ok(), TenantId::parse("acme").ok());
        let by_lowercase_scheme = authenticate(&store, &headers(&[("authorization", "bearer k1")])).await;
        assert!(by_lowercase_scheme.is_ok());
        let by_api_key = authenticate(&store, &headers(&[("x-api-key", "k1")])).await;
        assert_eq!(by_api_key.ok(), TenantId::parse("acme").ok());
    }

    #[tokio::test]
    async fn wrong_missing_malformed_and_disabled_keys_fail_distinctly() {
        let store = store_with("k1", "acme", false).await;
        assert!(matches!(authenticate(&store, &headers(&[])).await, Err(AuthFailure::Missing)));
        assert!(matches!(authenticate(&store, &headers(&[("x-api-key", "k2")])).await, Err(AuthFailure::Invalid)));
        assert!(matches!(
            authenticate(&store, &headers(&[("authorization", "Basic azE6")])).await,
            Err(AuthFailure::Malformed)
        ));
        assert!(matches!(
            authenticate(&store, &headers(&[("authorization", "Bearer")])).await,
            Err(AuthFailure::Malformed)
        ));
        let disabled = store_with("k3", "acme", true).await;
        assert!(matches!(authenticate(&disabled, &headers(&[("x-api-key", "k3")])).await, Err(AuthFailure::Invalid)));
    }
}
