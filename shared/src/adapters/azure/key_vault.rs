//! Pool VMs' server secrets in Azure Key Vault, read by each VM at boot with its user-assigned
//! managed identity, so the boot script (custom data) names the secret and never holds it.
//!
//! - **Names**: `gpu-machine-<instance id>` (Key Vault allows letters, digits and dashes), in
//!   `AZURE_KEY_VAULT_URL`'s vault, set and deleted through the vault's REST API (7.4) with a token
//!   of the same service principal for Key Vault's scope.
//! - **Delete** is idempotent (404 is fine). A vault with soft delete (every vault now) keeps a
//!   deleted secret recoverable for its retention period; names are never reused, so a new
//!   machine never collides with one.
//! - Errors: throttling, 5xx and timeouts are `Transient`; the rest `Unavailable`.

use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::arm::{Arm, Credentials, RetryPolicy};
use crate::domain::instances::ServerKey;
use crate::ports::{ComputeError, MachineSecrets, SecretRef, StoreError};

const KEY_VAULT_API: &str = "7.4";
const KEY_VAULT_SCOPE: &str = "https://vault.azure.net/.default";

pub struct KeyVaultMachineSecrets {
    vault: Arm,
    url: String,
}

fn store_error(err: ComputeError) -> StoreError {
    match err {
        ComputeError::Transient(m) => StoreError::Transient(format!("Key Vault: {m}")),
        ComputeError::Capacity(m) | ComputeError::Permanent(m) => StoreError::Unavailable(format!("Key Vault: {m}")),
    }
}

impl KeyVaultMachineSecrets {
    /// Secrets in the vault at `url` (`https://<vault>.vault.azure.net`).
    pub fn new(url: &str, credentials: Credentials, retry: RetryPolicy) -> Result<Self, String> {
        let vault = Arm::with_scope(url, KEY_VAULT_SCOPE, credentials, retry)?;
        Ok(Self { vault, url: url.trim_end_matches('/').to_owned() })
    }

    /// The vault of `settings` (`AZURE_KEY_VAULT_URL`), when one is configured.
    pub fn from_settings(settings: &super::AzureSettings) -> Result<Option<Self>, String> {
        settings
            .key_vault
            .as_deref()
            .map(|url| Self::new(url, settings.credentials.clone(), settings.retry))
            .transpose()
    }

    /// The secret's URL for instance `instance_id`, without a version: the machine reads the latest.
    pub fn secret_url(&self, instance_id: &str) -> String {
        format!("{}/secrets/gpu-machine-{instance_id}", self.url)
    }
}

#[async_trait]
impl MachineSecrets for KeyVaultMachineSecrets {
    async fn put(
        &self,
        instance_id: &str,
        value: &ServerKey,
        tags: &[(String, String)],
    ) -> Result<SecretRef, StoreError> {
        let url = self.secret_url(instance_id);
        let tags: serde_json::Map<String, Value> =
            tags.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
        let body = json!({ "value": value.0, "contentType": "text/plain", "tags": tags });
        let answer = self
            .vault
            .send(Method::PUT, &format!("{url}?api-version={KEY_VAULT_API}"), Some(&body))
            .await
            .map_err(store_error)?;
        answer.accepted().map_err(store_error)?;
        Ok(SecretRef::AzureKeyVault(url))
    }

    async fn delete(&self, instance_id: &str) -> Result<(), StoreError> {
        let url = format!("{}?api-version={KEY_VAULT_API}", self.secret_url(instance_id));
        let answer = self.vault.send(Method::DELETE, &url, None).await.map_err(store_error)?;
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(());
        }
        answer.accepted().map_err(store_error)
    }
}
