//! Development API keys for `local`: from `LOCAL_API_KEYS` (`tenantA=keyA,tenantB=keyB`), or one
//! generated at startup when the variable is unset.

use shared::domain::tenant::{ApiKeyRecord, IssuedKey, KeyHash, PresentedKey, TenantId};

/// A configured key, in clear only as long as it takes to hash it.
pub struct DevKey {
    pub tenant: TenantId,
    pub secret: String,
}

impl DevKey {
    pub fn record(&self, label: &str, now_ms: i64) -> ApiKeyRecord {
        ApiKeyRecord {
            hash: KeyHash::of(&self.secret),
            tenant: self.tenant.clone(),
            label: label.to_owned(),
            created_at_ms: now_ms,
            disabled: false,
        }
    }
}

// The key stays out of Debug output, and so out of logs and test failure messages.
impl std::fmt::Debug for DevKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevKey").field("tenant", &self.tenant).finish_non_exhaustive()
    }
}

/// Parses `tenantA=keyA,tenantB=keyB`. Every problem is reported, naming the entry by position
/// (never echoing a key).
pub fn parse(raw: &str) -> Result<Vec<DevKey>, Vec<String>> {
    let mut keys: Vec<DevKey> = Vec::new();
    let mut problems = Vec::new();
    for (index, entry) in raw.split(',').map(str::trim).enumerate().filter(|(_, e)| !e.is_empty()) {
        let position = index + 1;
        let Some((tenant, secret)) = entry.split_once('=') else {
            problems.push(format!("LOCAL_API_KEYS entry {position} is not tenant=key"));
            continue;
        };
        let Ok(tenant) = TenantId::parse(tenant.trim()) else {
            problems.push(format!("LOCAL_API_KEYS entry {position}: invalid tenant id (1-64 of A-Z a-z 0-9 . _ -)"));
            continue;
        };
        if PresentedKey::parse(secret).is_none() {
            problems.push(format!(
                "LOCAL_API_KEYS entry {position}: a key is 1-256 printable ASCII characters without spaces"
            ));
            continue;
        }
        let secret = secret.trim().to_owned();
        if keys.iter().any(|k| k.secret == secret && k.tenant != tenant) {
            problems.push(format!("LOCAL_API_KEYS entry {position}: the same key is given to two tenants"));
            continue;
        }
        keys.push(DevKey { tenant, secret });
    }
    if keys.is_empty() && problems.is_empty() {
        problems.push("LOCAL_API_KEYS is set but holds no tenant=key entry".to_owned());
    }
    if problems.is_empty() {
        Ok(keys)
    } else {
        Err(problems)
    }
}

/// A fresh key for tenant `local`, for a server started with no `LOCAL_API_KEYS`.
pub fn generate() -> Result<DevKey, String> {
    let issued = IssuedKey::generate().map_err(|e| format!("no OS randomness for a key: {e}"))?;
    let tenant = TenantId::parse("local").map_err(|e| e.to_string())?;
    Ok(DevKey { tenant, secret: issued.secret })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_into_tenant_keys() {
        let keys = parse("tenantA=keyA, tenantB=keyB,").expect("valid");
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[1].tenant.as_str(), "tenantB");
        assert_eq!(keys[1].secret, "keyB");
    }

    #[test]
    fn every_bad_entry_is_reported_without_echoing_keys() {
        let problems = parse("noequals,bad tenant=k,ok=has space,a=dup,b=dup").expect_err("invalid");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems.iter().all(|p| !p.contains("dup") && !p.contains("has space")));
        assert!(parse(" , ").is_err());
    }

    #[test]
    fn generated_keys_belong_to_tenant_local() {
        let key = generate().expect("randomness");
        assert_eq!(key.tenant.as_str(), "local");
        assert!(key.secret.starts_with("aik_"));
    }
}
