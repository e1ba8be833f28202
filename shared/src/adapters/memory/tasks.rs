//! The analysis queue's task store and a recording task queue, in memory.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::tasks::{QueueCounters, Task, TaskChange, TaskEvent};
use crate::domain::tenant::TenantId;
use crate::ports::{StoreError, TaskFilter, TaskPage, TaskStore, UnsentTask};

/// Tasks, events and counters under one lock, so a change is atomic as in the DynamoDB
/// transaction. Tasks are keyed by (tenant, id) in id order, which is creation order.
#[derive(Default)]
pub struct MemoryTaskStore {
    state: Mutex<TaskState>,
}

#[derive(Default)]
struct TaskState {
    tasks: BTreeMap<(TenantId, String), Task>,
    events: HashMap<(TenantId, String), Vec<TaskEvent>>,
    counters: HashMap<TenantId, QueueCounters>,
    /// Tasks not yet marked sent: creation time and failed sends.
    unsent: HashMap<(TenantId, String), (i64, u32)>,
}

#[async_trait]
impl TaskStore for MemoryTaskStore {
    async fn write(&self, change: &TaskChange) -> Result<(), StoreError> {
        let mut state = lock(&self.state);
        let key = (change.after.tenant.clone(), change.after.id.clone());
        let stored_version = state.tasks.get(&key).map(|t| t.version);
        if stored_version != change.before.as_ref().map(|t| t.version) {
            return Err(StoreError::Conflict);
        }
        if let Some(ceiling) = &change.ceiling {
            let current = state.counters.get(&change.after.tenant).map_or(0, |c| c.get(&ceiling.counter));
            if current >= ceiling.below {
                return Err(StoreError::Conflict);
            }
        }
        state.tasks.insert(key.clone(), change.after.clone());
        if change.before.is_none() {
            state.unsent.insert(key.clone(), (change.after.created_at_ms, 0));
        } else {
            state.unsent.remove(&key);
        }
        state.events.entry(key).or_default().push(change.event.clone());
        state.counters.entry(change.after.tenant.clone()).or_default().apply(&change.counters);
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Task>, StoreError> {
        Ok(lock(&self.state).tasks.get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn list(
        &self,
        tenant: &TenantId,
        filter: &TaskFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<TaskPage, StoreError> {
        let state = lock(&self.state);
        let lower = (tenant.clone(), String::new());
        let mine: Vec<&Task> =
            state.tasks.range(lower..).take_while(|((t, _), _)| t == tenant).map(|(_, task)| task).collect();
        let mut tasks: Vec<Task> = Vec::new();
        let mut more = false;
        for task in mine.into_iter().rev().filter(|task| after.is_none_or(|a| task.id.as_str() < a)) {
            if !filter.matches(task) {
                continue;
            }
            if tasks.len() == limit {
                more = true;
                break;
            }
            tasks.push(task.clone());
        }
        let next_after = if more { tasks.last().map(|t| t.id.clone()) } else { None };
        Ok(TaskPage { tasks, next_after })
    }

    async fn events(&self, tenant: &TenantId, id: &str, after_seq: u64) -> Result<Vec<TaskEvent>, StoreError> {
        let state = lock(&self.state);
        let events = state.events.get(&(tenant.clone(), id.to_owned())).map(Vec::as_slice).unwrap_or_default();
        Ok(events.iter().filter(|e| e.seq > after_seq).cloned().collect())
    }

    async fn counters(&self, tenant: &TenantId) -> Result<QueueCounters, StoreError> {
        Ok(lock(&self.state).counters.get(tenant).cloned().unwrap_or_default())
    }

    async fn unsent(&self, created_before_ms: i64, limit: usize) -> Result<Vec<UnsentTask>, StoreError> {
        let state = lock(&self.state);
        let mut found: Vec<UnsentTask> = state
            .unsent
            .iter()
            .filter(|(_, (created, _))| *created < created_before_ms)
            .map(|((tenant, id), (created, _))| UnsentTask {
                tenant: tenant.clone(),
                id: id.clone(),
                created_at_ms: *created,
            })
            .collect();
        found.sort_by(|x, y| (x.created_at_ms, &x.id).cmp(&(y.created_at_ms, &y.id)));
        found.truncate(limit);
        Ok(found)
    }

    async fn mark_sent(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        lock(&self.state).unsent.remove(&(tenant.clone(), id.to_owned()));
        Ok(())
    }

    async fn send_failed(&self, tenant: &TenantId, id: &str) -> Result<u32, StoreError> {
        let mut state = lock(&self.state);
        Ok(state.unsent.get_mut(&(tenant.clone(), id.to_owned())).map_or(0, |(_, failures)| {
            *failures += 1;
            *failures
        }))
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<u64, StoreError> {
        let mut state = lock(&self.state);
        let key = (tenant.clone(), id.to_owned());
        state.tasks.remove(&key);
        state.unsent.remove(&key);
        Ok(state.events.remove(&key).map_or(0, |events| events.len() as u64))
    }

    async fn delete_counters(&self, tenant: &TenantId) -> Result<(), StoreError> {
        lock(&self.state).counters.remove(tenant);
        Ok(())
    }

    /// Memory has no TTL: the read rule (`adapters::retention`) hides expired items, and an erase
    /// or a restart removes them.
    async fn set_expiry(&self, _: &TenantId, _: &str, _: u64, _: Option<i64>) -> Result<(), StoreError> {
        Ok(())
    }
}

/// A queue that keeps what it is sent, for unit tests (`local` runs its own in-process queue with
/// workers).
#[derive(Default)]
pub struct MemoryTaskQueue {
    sent: Mutex<Vec<crate::ports::TaskMessage>>,
}

impl MemoryTaskQueue {
    /// Every message sent so far, in order.
    pub fn sent(&self) -> Vec<crate::ports::TaskMessage> {
        lock(&self.sent).clone()
    }
}

#[async_trait]
impl crate::ports::TaskQueue for MemoryTaskQueue {
    async fn enqueue(
        &self,
        message: &crate::ports::TaskMessage,
        _delay: std::time::Duration,
    ) -> Result<(), StoreError> {
        lock(&self.sent).push(message.clone());
        Ok(())
    }
}
