//! Tasks and their events under the retention rule: a final task past its time is absent, and
//! so are its events; a task becoming final has its TTL set, on it and on every event of it.

use std::sync::Arc;

use async_trait::async_trait;

use super::RetentionRules;
use crate::domain::tasks::{QueueCounters, Task, TaskChange, TaskEvent};
use crate::domain::tenant::TenantId;
use crate::ports::{StoreError, TaskFilter, TaskPage, TaskStore, UnsentTask};

pub struct RetainedTasks {
    inner: Arc<dyn TaskStore>,
    rules: Arc<RetentionRules>,
}

impl RetainedTasks {
    pub fn new(inner: Arc<dyn TaskStore>, rules: Arc<RetentionRules>) -> Self {
        Self { inner, rules }
    }

    /// Whether the task is gone by its tenant's rule. Only a final task can be: the rule is read
    /// only for those.
    async fn gone(&self, task: &Task) -> Result<bool, StoreError> {
        if !task.status.is_final() {
            return Ok(false);
        }
        Ok(self.rules.gone(self.rules.of(&task.tenant).await?.task(task)))
    }
}

#[async_trait]
impl TaskStore for RetainedTasks {
    async fn write(&self, change: &TaskChange) -> Result<(), StoreError> {
        self.inner.write(change).await?;
        let task = &change.after;
        let became_final = task.status.is_final() && !change.before.as_ref().is_some_and(|b| b.status.is_final());
        if became_final {
            let set = |at| self.inner.set_expiry(&task.tenant, &task.id, 0, Some(at));
            self.rules.stamp(&task.tenant, "task", |rule| rule.task(task), set).await;
        }
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Task>, StoreError> {
        match self.inner.get(tenant, id).await? {
            Some(task) if self.gone(&task).await? => Ok(None),
            found => Ok(found),
        }
    }

    async fn list(
        &self,
        tenant: &TenantId,
        filter: &TaskFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<TaskPage, StoreError> {
        let mut page = self.inner.list(tenant, filter, after, limit).await?;
        if page.tasks.iter().any(|t| t.status.is_final()) {
            let rule = self.rules.of(tenant).await?;
            page.tasks.retain(|t| !self.rules.gone(rule.task(t)));
        }
        Ok(page)
    }

    async fn events(&self, tenant: &TenantId, id: &str, after_seq: u64) -> Result<Vec<TaskEvent>, StoreError> {
        // A task's events go with it, never before or after it.
        match self.inner.get(tenant, id).await? {
            Some(task) if self.gone(&task).await? => Ok(Vec::new()),
            _ => self.inner.events(tenant, id, after_seq).await,
        }
    }

    async fn counters(&self, tenant: &TenantId) -> Result<QueueCounters, StoreError> {
        self.inner.counters(tenant).await
    }

    async fn unsent(&self, created_before_ms: i64, limit: usize) -> Result<Vec<UnsentTask>, StoreError> {
        self.inner.unsent(created_before_ms, limit).await
    }

    async fn mark_sent(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        self.inner.mark_sent(tenant, id).await
    }

    async fn send_failed(&self, tenant: &TenantId, id: &str) -> Result<u32, StoreError> {
        self.inner.send_failed(tenant, id).await
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<u64, StoreError> {
        self.inner.delete(tenant, id).await
    }

    async fn delete_counters(&self, tenant: &TenantId) -> Result<(), StoreError> {
        self.inner.delete_counters(tenant).await
    }

    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError> {
        self.inner.set_expiry(tenant, id, after_seq, expires_at_ms).await
    }
}
