//! The simulated clouds' secret store: where `local`'s pool machines read their server secret at
//! boot, as EC2 machines read Secrets Manager and Azure VMs Key Vault.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::instances::ServerKey;
use crate::ports::{MachineSecrets, SecretRef, StoreError};

#[derive(Default)]
pub struct MemoryMachineSecrets {
    secrets: Mutex<HashMap<String, ServerKey>>,
}

impl MemoryMachineSecrets {
    fn name(instance_id: &str) -> String {
        format!("gpu-machine/{instance_id}")
    }

    /// What a simulated machine reads at boot: the value `secret` names, if it is there.
    pub fn read(&self, secret: &SecretRef) -> Option<ServerKey> {
        match secret {
            SecretRef::Simulated(name) => lock(&self.secrets).get(name).cloned(),
            SecretRef::AwsSecret(_) | SecretRef::AzureKeyVault(_) => None,
        }
    }

    /// Whether instance `instance_id` has a secret stored (the tests' view).
    pub fn holds(&self, instance_id: &str) -> bool {
        lock(&self.secrets).contains_key(&Self::name(instance_id))
    }

    /// How many secrets are stored.
    pub fn len(&self) -> usize {
        lock(&self.secrets).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[async_trait]
impl MachineSecrets for MemoryMachineSecrets {
    async fn put(
        &self,
        instance_id: &str,
        value: &ServerKey,
        _tags: &[(String, String)],
    ) -> Result<SecretRef, StoreError> {
        let name = Self::name(instance_id);
        lock(&self.secrets).insert(name.clone(), value.clone());
        Ok(SecretRef::Simulated(name))
    }

    async fn delete(&self, instance_id: &str) -> Result<(), StoreError> {
        lock(&self.secrets).remove(&Self::name(instance_id));
        Ok(())
    }
}
