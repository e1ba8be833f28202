//! Tenant jobs under the retention rule: an export job past its time is absent (its file goes by
//! the bucket's lifecycle rule); every write of one sets its TTL, since a write replaces the
//! item whole. Erase jobs never expire.

use std::sync::Arc;

use async_trait::async_trait;

use super::RetentionRules;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::jobs::{JobKind, TenantJob};
use crate::ports::{StoreError, TenantJobStore};

pub struct RetainedJobs {
    inner: Arc<dyn TenantJobStore>,
    rules: Arc<RetentionRules>,
}

impl RetainedJobs {
    pub fn new(inner: Arc<dyn TenantJobStore>, rules: Arc<RetentionRules>) -> Self {
        Self { inner, rules }
    }

    async fn stamp(&self, job: &TenantJob) {
        if job.kind == JobKind::Erase {
            return;
        }
        let set = |at| self.inner.set_expiry(&job.tenant, &job.id, Some(at));
        self.rules.stamp(&job.tenant, "job", |rule| rule.job(job), set).await;
    }
}

#[async_trait]
impl TenantJobStore for RetainedJobs {
    async fn create(&self, job: &TenantJob) -> Result<(), StoreError> {
        self.inner.create(job).await?;
        self.stamp(job).await;
        Ok(())
    }

    async fn update(&self, before: &TenantJob, after: &TenantJob) -> Result<(), StoreError> {
        self.inner.update(before, after).await?;
        self.stamp(after).await;
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<TenantJob>, StoreError> {
        match self.inner.get(tenant, id).await? {
            Some(job) if job.kind != JobKind::Erase && self.rules.gone(self.rules.of(tenant).await?.job(&job)) => {
                Ok(None)
            }
            found => Ok(found),
        }
    }

    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<TenantJob>, StoreError> {
        let mut jobs = self.inner.of_tenant(tenant).await?;
        let rule = self.rules.of(tenant).await?;
        jobs.retain(|j| !self.rules.gone(rule.job(j)));
        Ok(jobs)
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        self.inner.delete(tenant, id).await
    }

    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError> {
        self.inner.set_expiry(tenant, id, expires_at_ms).await
    }
}
