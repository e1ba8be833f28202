//! Instance records under the retention rule: a final record past its time is absent; a record
//! becoming final has its TTL set. A record whose machine may exist never expires, and the
//! reconciler's cross-tenant view (`active`) holds only those.

use std::sync::Arc;

use async_trait::async_trait;

use super::RetentionRules;
use crate::domain::instances::{Instance, InstanceStatus};
use crate::domain::tenant::TenantId;
use crate::ports::{InstancePage, InstanceStore, StoreError};

pub struct RetainedInstances {
    inner: Arc<dyn InstanceStore>,
    rules: Arc<RetentionRules>,
}

impl RetainedInstances {
    pub fn new(inner: Arc<dyn InstanceStore>, rules: Arc<RetentionRules>) -> Self {
        Self { inner, rules }
    }
}

#[async_trait]
impl InstanceStore for RetainedInstances {
    async fn create(&self, instance: &Instance) -> Result<(), StoreError> {
        self.inner.create(instance).await
    }

    async fn update(&self, before: &Instance, after: &Instance) -> Result<(), StoreError> {
        self.inner.update(before, after).await?;
        // Every write of a final record replaces the item whole, so each sets the TTL again.
        if after.status.is_final() {
            let set = |at| self.inner.set_expiry(&after.tenant, &after.id, Some(at));
            self.rules.stamp(&after.tenant, "instance record", |rule| rule.instance(after), set).await;
        }
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Instance>, StoreError> {
        match self.inner.get(tenant, id).await? {
            Some(i) if i.status.is_final() && self.rules.gone(self.rules.of(tenant).await?.instance(&i)) => Ok(None),
            found => Ok(found),
        }
    }

    async fn list(
        &self,
        tenant: &TenantId,
        status: Option<InstanceStatus>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<InstancePage, StoreError> {
        let mut page = self.inner.list(tenant, status, after, limit).await?;
        if page.instances.iter().any(|i| i.status.is_final()) {
            let rule = self.rules.of(tenant).await?;
            page.instances.retain(|i| !self.rules.gone(rule.instance(i)));
        }
        Ok(page)
    }

    async fn active(&self) -> Result<Vec<Instance>, StoreError> {
        self.inner.active().await
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        self.inner.delete(tenant, id).await
    }

    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError> {
        self.inner.set_expiry(tenant, id, expires_at_ms).await
    }
}
