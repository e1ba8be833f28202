//! GPU instance records and a recording workflow starter, in memory.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::tenant::TenantId;
use crate::ports::StoreError;

/// Instance records in memory, with the DynamoDB adapter's conditional writes.
#[derive(Default)]
pub struct MemoryInstanceStore {
    records: Mutex<HashMap<(TenantId, String), crate::domain::instances::Instance>>,
}

#[async_trait]
impl crate::ports::InstanceStore for MemoryInstanceStore {
    async fn create(&self, instance: &crate::domain::instances::Instance) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        let key = (instance.tenant.clone(), instance.id.clone());
        if records.contains_key(&key) {
            return Err(StoreError::Conflict);
        }
        records.insert(key, instance.clone());
        Ok(())
    }

    async fn update(
        &self,
        before: &crate::domain::instances::Instance,
        after: &crate::domain::instances::Instance,
    ) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        match records.get_mut(&(before.tenant.clone(), before.id.clone())) {
            Some(stored) if stored.version == before.version => {
                *stored = after.clone();
                Ok(())
            }
            _ => Err(StoreError::Conflict),
        }
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<crate::domain::instances::Instance>, StoreError> {
        Ok(lock(&self.records).get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn list(
        &self,
        tenant: &TenantId,
        status: Option<crate::domain::instances::InstanceStatus>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<crate::ports::InstancePage, StoreError> {
        let mut instances: Vec<_> = lock(&self.records)
            .values()
            .filter(|i| &i.tenant == tenant)
            .filter(|i| status.is_none_or(|s| i.status == s))
            .filter(|i| after.is_none_or(|a| i.id.as_str() < a))
            .cloned()
            .collect();
        instances.sort_by(|a, b| b.id.cmp(&a.id));
        let more = instances.len() > limit;
        instances.truncate(limit);
        let next_after = if more { instances.last().map(|i| i.id.clone()) } else { None };
        Ok(crate::ports::InstancePage { instances, next_after })
    }

    async fn active(&self) -> Result<Vec<crate::domain::instances::Instance>, StoreError> {
        Ok(lock(&self.records).values().filter(|i| !i.status.is_final()).cloned().collect())
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        let mut records = lock(&self.records);
        let key = (tenant.clone(), id.to_owned());
        match records.get(&key) {
            Some(record) if !record.status.is_final() => Err(StoreError::Conflict),
            _ => {
                records.remove(&key);
                Ok(())
            }
        }
    }

    /// Memory has no TTL: the read rule (`adapters::retention`) hides expired items.
    async fn set_expiry(&self, _: &TenantId, _: &str, _: Option<i64>) -> Result<(), StoreError> {
        Ok(())
    }
}

/// A workflow starter that records what it was asked to start, for unit tests (`local` runs the
/// lifecycle with the ASL interpreter).
#[derive(Default)]
pub struct MemoryWorkflowStarter {
    started: Mutex<Vec<(String, serde_json::Value)>>,
}

impl MemoryWorkflowStarter {
    /// Every execution started, by name, with its input.
    pub fn started(&self) -> Vec<(String, serde_json::Value)> {
        lock(&self.started).clone()
    }
}

#[async_trait]
impl crate::ports::WorkflowStarter for MemoryWorkflowStarter {
    async fn start(&self, name: &str, input: serde_json::Value) -> Result<(), StoreError> {
        let mut started = lock(&self.started);
        if !started.iter().any(|(n, _)| n == name) {
            started.push((name.to_owned(), input));
        }
        Ok(())
    }
}
