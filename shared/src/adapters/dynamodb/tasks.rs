//! The task store on three tables:
//!
//! - tasks: partition `tenantId`, sort `taskId` (UUIDv7, so the sort key is creation order and a
//!   descending query lists newest first); GSI `byStatus` on `tenantStatus` (`<tenant>#<STATUS>`)
//!   and `taskId` for listings filtered by status. `data`, `metadata`, `result` and `checkpoint` are JSON text.
//! - task events: partition `taskKey` (`<tenant>#<taskId>`), sort `seq` (the task's version).
//! - task stats: partition `tenantId`; one numeric attribute per counter, changed only by `ADD`.
//!
//! Unsent tasks: a new task is written with `unsent` (S, always `"1"`), which puts it in the sparse,
//! keys-only GSI `byUnsent` (partition `unsent`, sort `createdAt`), where the sweep finds the tasks
//! whose message was never confirmed sent, oldest first, across tenants. `mark_sent` removes it
//! (and `sendFailures`, the count of failed sends) with an `UpdateItem` that leaves the version
//! alone; every change of the task is a whole-item put without them, so it leaves the index too.
//! One partition holds every unsent task: a task is in it only between its creation and its send,
//! a few milliseconds, so it stays small.
//!
//! A change is one `TransactWriteItems`: the task put on condition of its version, the event put
//! on condition that its `seq` is new, and the counters' `ADD`. All or nothing, so the counters
//! are exactly the sum of the changes that happened.

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use serde_json::Value;

use super::{get_n, get_s, n, opt_s, s, store_error, Client, Item};
use crate::domain::tasks::{
    parse_name, Compute, EventKind, GpuRun, Priority, QueueCounters, Task, TaskChange, TaskEvent, TaskStatus, TaskType,
};
use crate::domain::tenant::TenantId;
use crate::ports::{StoreError, TaskFilter, TaskPage, TaskStore, UnsentTask};

pub const STATUS_INDEX: &str = "byStatus";
/// Sparse index of the tasks whose message was never confirmed sent.
pub const UNSENT_INDEX: &str = "byUnsent";
const UNSENT: &str = "unsent";

pub struct DynamoTaskStore {
    client: Client,
    tasks: String,
    events: String,
    stats: String,
}

impl DynamoTaskStore {
    pub fn new(client: Client, tasks: impl Into<String>, events: impl Into<String>, stats: impl Into<String>) -> Self {
        Self { client, tasks: tasks.into(), events: events.into(), stats: stats.into() }
    }
}

fn task_key(tenant: &TenantId, id: &str) -> String {
    format!("{tenant}#{id}")
}

fn tenant_status(tenant: &TenantId, status: TaskStatus) -> String {
    format!("{tenant}#{}", status.as_str())
}

fn json_text(value: &Value) -> AttributeValue {
    s(serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()))
}

fn task_item(t: &Task) -> Item {
    let mut item = Item::from([
        ("tenantId".to_owned(), s(t.tenant.as_str())),
        ("taskId".to_owned(), s(&t.id)),
        ("tenantStatus".to_owned(), s(tenant_status(&t.tenant, t.status))),
        ("type".to_owned(), s(t.task_type.as_str())),
        ("priority".to_owned(), s(t.priority.as_str())),
        ("status".to_owned(), s(t.status.as_str())),
        ("progress".to_owned(), n(t.progress)),
        ("data".to_owned(), json_text(&t.data)),
        ("retryCount".to_owned(), n(t.retry_count)),
        ("maxRetries".to_owned(), n(t.max_retries)),
        ("createdAt".to_owned(), n(t.created_at_ms)),
        ("version".to_owned(), n(t.version)),
    ]);
    let optional = [
        ("metadata", t.metadata.as_ref().map(json_text)),
        ("result", t.result.as_ref().map(json_text)),
        ("checkpoint", t.checkpoint.as_ref().map(|parts| json_text(&Value::from(parts.clone())))),
        ("error", t.error.as_deref().map(s)),
        ("attemptId", t.attempt_id.as_deref().map(s)),
        ("attemptStartedAt", t.attempt_started_at_ms.map(n)),
        ("startedAt", t.started_at_ms.map(n)),
        ("completedAt", t.completed_at_ms.map(n)),
        // Absent for a CPU task: records written before GPU tasks existed read the same.
        ("compute", (t.compute == Compute::Gpu).then(|| s(t.compute.as_str()))),
        ("placement", t.placement.as_deref().map(s)),
        ("instanceId", t.gpu.as_ref().map(|g| s(&g.instance_id))),
        ("gpuMs", t.gpu.as_ref().map(|g| n(g.gpu_ms))),
        ("gpuCostUsd", t.gpu.as_ref().map(|g| n(g.gpu_cost_usd))),
    ];
    item.extend(optional.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))));
    item
}

fn parse_json(item: &Item, name: &str) -> Result<Option<Value>, StoreError> {
    opt_s(item, name).map(|text| serde_json::from_str(&text).map_err(|_| super::malformed(name))).transpose()
}

pub(super) fn opt_n<T: std::str::FromStr>(item: &Item, name: &str) -> Result<Option<T>, StoreError> {
    item.contains_key(name).then(|| get_n(item, name)).transpose()
}

fn enum_attr<T: Copy>(item: &Item, name: &str, all: &[T], as_str: fn(T) -> &'static str) -> Result<T, StoreError> {
    parse_name(all, as_str, get_s(item, name)?).ok_or_else(|| super::malformed(name))
}

fn task_from(item: &Item) -> Result<Task, StoreError> {
    Ok(Task {
        id: get_s(item, "taskId")?.to_owned(),
        tenant: TenantId::parse(get_s(item, "tenantId")?).map_err(|_| super::malformed("tenantId"))?,
        task_type: enum_attr(item, "type", &TaskType::ALL, TaskType::as_str)?,
        priority: enum_attr(item, "priority", &Priority::ALL, Priority::as_str)?,
        status: enum_attr(item, "status", &TaskStatus::ALL, TaskStatus::as_str)?,
        progress: get_n(item, "progress")?,
        data: parse_json(item, "data")?.ok_or_else(|| super::malformed("data"))?,
        metadata: parse_json(item, "metadata")?,
        result: parse_json(item, "result")?,
        checkpoint: match parse_json(item, "checkpoint")? {
            None => None,
            Some(Value::Array(parts)) => Some(parts),
            Some(_) => return Err(super::malformed("checkpoint")),
        },
        error: opt_s(item, "error"),
        retry_count: get_n(item, "retryCount")?,
        max_retries: get_n(item, "maxRetries")?,
        attempt_id: opt_s(item, "attemptId"),
        attempt_started_at_ms: opt_n(item, "attemptStartedAt")?,
        version: get_n(item, "version")?,
        created_at_ms: get_n(item, "createdAt")?,
        started_at_ms: opt_n(item, "startedAt")?,
        completed_at_ms: opt_n(item, "completedAt")?,
        compute: match opt_s(item, "compute").as_deref() {
            None => Compute::Cpu,
            Some(_) => enum_attr(item, "compute", &[Compute::Cpu, Compute::Gpu], Compute::as_str)?,
        },
        gpu: match opt_s(item, "instanceId") {
            Some(instance_id) => Some(GpuRun {
                instance_id,
                gpu_ms: opt_n(item, "gpuMs")?.unwrap_or(0),
                gpu_cost_usd: opt_n(item, "gpuCostUsd")?.unwrap_or(0.0),
            }),
            None => None,
        },
        placement: opt_s(item, "placement"),
    })
}

fn event_item(tenant: &TenantId, id: &str, e: &TaskEvent) -> Item {
    let mut item = Item::from([
        ("taskKey".to_owned(), s(task_key(tenant, id))),
        ("seq".to_owned(), n(e.seq)),
        ("kind".to_owned(), s(e.kind.as_str())),
        ("at".to_owned(), n(e.at_ms)),
        ("status".to_owned(), s(e.status.as_str())),
        ("progress".to_owned(), n(e.progress)),
        ("retryCount".to_owned(), n(e.retry_count)),
    ]);
    if let Some(error) = &e.error {
        item.insert("error".to_owned(), s(error));
    }
    if let Some(detail) = &e.detail {
        item.insert("detail".to_owned(), s(detail));
    }
    item
}

fn event_from(item: &Item) -> Result<TaskEvent, StoreError> {
    Ok(TaskEvent {
        seq: get_n(item, "seq")?,
        kind: enum_attr(item, "kind", &EventKind::ALL, EventKind::as_str)?,
        at_ms: get_n(item, "at")?,
        status: enum_attr(item, "status", &TaskStatus::ALL, TaskStatus::as_str)?,
        progress: get_n(item, "progress")?,
        retry_count: get_n(item, "retryCount")?,
        error: opt_s(item, "error"),
        detail: opt_s(item, "detail"),
    })
}

/// A lost condition (or a concurrent transaction on the same item) is a `Conflict`: the caller
/// reads again and re-decides. Anything else maps as every DynamoDB error does.
pub(super) fn transaction_error(err: aws_sdk_dynamodb::error::SdkError<TransactWriteItemsError>) -> StoreError {
    if let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = err.as_service_error() {
        let lost = cancelled
            .cancellation_reasons()
            .iter()
            .any(|r| matches!(r.code(), Some("ConditionalCheckFailed" | "TransactionConflict")));
        if lost {
            return StoreError::Conflict;
        }
    }
    store_error(err)
}

pub(super) fn build<T, E: std::fmt::Display>(built: Result<T, E>) -> Result<T, StoreError> {
    built.map_err(|e| StoreError::Unavailable(format!("could not build a DynamoDB request: {e}")))
}

#[async_trait]
impl TaskStore for DynamoTaskStore {
    async fn write(&self, change: &TaskChange) -> Result<(), StoreError> {
        let task = &change.after;
        let mut item = task_item(task);
        if change.before.is_none() {
            item.insert(UNSENT.to_owned(), s("1"));
        }
        let mut put_task = Put::builder().table_name(&self.tasks).set_item(Some(item));
        put_task = match &change.before {
            None => put_task.condition_expression("attribute_not_exists(taskId)"),
            Some(before) => put_task
                .condition_expression("version = :expected")
                .expression_attribute_values(":expected", n(before.version)),
        };
        let put_event = Put::builder()
            .table_name(&self.events)
            .set_item(Some(event_item(&task.tenant, &task.id, &change.event)))
            .condition_expression("attribute_not_exists(seq)");
        let mut items = vec![
            TransactWriteItem::builder().put(build(put_task.build())?).build(),
            TransactWriteItem::builder().put(build(put_event.build())?).build(),
        ];
        if !change.counters.0.is_empty() {
            let mut update = Update::builder().table_name(&self.stats).key("tenantId", s(task.tenant.as_str()));
            let mut clauses = Vec::new();
            for (i, (name, by)) in change.counters.0.iter().enumerate() {
                clauses.push(format!("#c{i} :d{i}"));
                update = update
                    .expression_attribute_names(format!("#c{i}"), name)
                    .expression_attribute_values(format!(":d{i}"), n(by));
            }
            update = update.update_expression(format!("ADD {}", clauses.join(", ")));
            if let Some(ceiling) = &change.ceiling {
                update = update
                    .condition_expression("attribute_not_exists(#ceiling) OR #ceiling < :below")
                    .expression_attribute_names("#ceiling", &ceiling.counter)
                    .expression_attribute_values(":below", n(ceiling.below));
            }
            items.push(TransactWriteItem::builder().update(build(update.build())?).build());
        }
        self.client.transact_write_items().set_transact_items(Some(items)).send().await.map_err(transaction_error)?;
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Task>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.tasks)
            .key("tenantId", s(tenant.as_str()))
            .key("taskId", s(id))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_error)?;
        out.item.as_ref().map(task_from).transpose()
    }

    /// Newest first. With a status filter the `byStatus` index answers (eventually consistent, as
    /// every GSI); type and priority are filter expressions, so a page is filled by reading on
    /// until `limit` matches (plus one, to know whether more follow) or the tenant's tasks end.
    async fn list(
        &self,
        tenant: &TenantId,
        filter: &TaskFilter,
        after: Option<&str>,
        limit: usize,
    ) -> Result<TaskPage, StoreError> {
        let mut query = self.client.query().table_name(&self.tasks).scan_index_forward(false);
        let mut key_condition = match filter.status {
            Some(status) => {
                query =
                    query.index_name(STATUS_INDEX).expression_attribute_values(":pk", s(tenant_status(tenant, status)));
                "tenantStatus = :pk".to_owned()
            }
            None => {
                query = query.consistent_read(true).expression_attribute_values(":pk", s(tenant.as_str()));
                "tenantId = :pk".to_owned()
            }
        };
        if let Some(after) = after {
            key_condition.push_str(" AND taskId < :after");
            query = query.expression_attribute_values(":after", s(after));
        }
        let mut filters = Vec::new();
        if let Some(task_type) = filter.task_type {
            filters.push("#type = :type");
            query = query
                .expression_attribute_names("#type", "type")
                .expression_attribute_values(":type", s(task_type.as_str()));
        }
        if let Some(priority) = filter.priority {
            filters.push("priority = :priority");
            query = query.expression_attribute_values(":priority", s(priority.as_str()));
        }
        if !filters.is_empty() {
            query = query.filter_expression(filters.join(" AND "));
        }
        let items = super::query_up_to(query.key_condition_expression(key_condition), limit + 1).await?;
        let mut tasks = items.iter().map(task_from).collect::<Result<Vec<_>, _>>()?;
        let more = tasks.len() > limit;
        tasks.truncate(limit);
        let next_after = if more { tasks.last().map(|t| t.id.clone()) } else { None };
        Ok(TaskPage { tasks, next_after })
    }

    async fn events(&self, tenant: &TenantId, id: &str, after_seq: u64) -> Result<Vec<TaskEvent>, StoreError> {
        let pages = super::query_all(
            self.client
                .query()
                .table_name(&self.events)
                .consistent_read(true)
                .key_condition_expression("taskKey = :k AND seq > :after")
                .expression_attribute_values(":k", s(task_key(tenant, id)))
                .expression_attribute_values(":after", n(after_seq)),
        )
        .await?;
        pages.iter().map(event_from).collect()
    }

    async fn counters(&self, tenant: &TenantId) -> Result<QueueCounters, StoreError> {
        let item = super::get_consistent(&self.client, &self.stats, "tenantId", tenant.as_str()).await?;
        let mut counters = QueueCounters::default();
        for (name, value) in item.unwrap_or_default() {
            if let AttributeValue::N(number) = value {
                let value = number.parse().map_err(|_| super::malformed(&name))?;
                counters.0.insert(name, value);
            }
        }
        Ok(counters)
    }

    async fn unsent(&self, created_before_ms: i64, limit: usize) -> Result<Vec<UnsentTask>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.tasks)
            .index_name(UNSENT_INDEX)
            .key_condition_expression("#unsent = :one AND createdAt < :before")
            .expression_attribute_names("#unsent", UNSENT)
            .expression_attribute_values(":one", s("1"))
            .expression_attribute_values(":before", n(created_before_ms));
        let items = super::query_up_to(query, limit).await?;
        items
            .iter()
            .map(|item| {
                Ok(UnsentTask {
                    tenant: TenantId::parse(get_s(item, "tenantId")?).map_err(|_| super::malformed("tenantId"))?,
                    id: get_s(item, "taskId")?.to_owned(),
                    created_at_ms: get_n(item, "createdAt")?,
                })
            })
            .collect()
    }

    async fn mark_sent(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        let removed = self
            .client
            .update_item()
            .table_name(&self.tasks)
            .key("tenantId", s(tenant.as_str()))
            .key("taskId", s(id))
            .update_expression("REMOVE #unsent, sendFailures")
            .condition_expression("attribute_exists(taskId)")
            .expression_attribute_names("#unsent", UNSENT)
            .send()
            .await
            .map_err(store_error);
        match removed {
            Ok(_) | Err(StoreError::Conflict) => Ok(()),
            Err(other) => Err(other),
        }
    }

    async fn send_failed(&self, tenant: &TenantId, id: &str) -> Result<u32, StoreError> {
        let counted = self
            .client
            .update_item()
            .table_name(&self.tasks)
            .key("tenantId", s(tenant.as_str()))
            .key("taskId", s(id))
            .update_expression("ADD sendFailures :one")
            .condition_expression("attribute_exists(#unsent)")
            .expression_attribute_names("#unsent", UNSENT)
            .expression_attribute_values(":one", n(1))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(store_error);
        match counted {
            Ok(out) => get_n(&out.attributes.unwrap_or_default(), "sendFailures"),
            Err(StoreError::Conflict) => Ok(0),
            Err(other) => Err(other),
        }
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<u64, StoreError> {
        let keys = super::query_all(
            self.client
                .query()
                .table_name(&self.events)
                .consistent_read(true)
                .key_condition_expression("taskKey = :k")
                .expression_attribute_values(":k", s(task_key(tenant, id)))
                .projection_expression("taskKey, seq"),
        )
        .await?;
        // The task first: once it is gone no reader finds its events, and a retried erase that
        // stopped half way finds the rest by the same query.
        self.client
            .delete_item()
            .table_name(&self.tasks)
            .key("tenantId", s(tenant.as_str()))
            .key("taskId", s(id))
            .send()
            .await
            .map_err(store_error)?;
        super::delete_keys(&self.client, &self.events, keys).await
    }

    async fn delete_counters(&self, tenant: &TenantId) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.stats)
            .key("tenantId", s(tenant.as_str()))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError> {
        use super::expiry::{set_ttl, set_ttl_after, tenant_key};
        // The events first: a task whose TTL is set is never left with events that outlive it
        // unstamped (a stamp that stops half way is repeated by the next re-stamp).
        set_ttl_after(&self.client, &self.events, "taskKey", &task_key(tenant, id), after_seq, expires_at_ms).await?;
        set_ttl(&self.client, &self.tasks, tenant_key(tenant.as_str(), "taskId", id), "tenantId", expires_at_ms).await
    }
}
