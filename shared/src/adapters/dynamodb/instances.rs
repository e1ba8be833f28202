//! The instance store on one table: partition `tenantId`, sort `instanceId` (UUIDv7, so a
//! descending query lists newest first); GSI `byStatus` on `tenantStatus` (`<tenant>#<STATUS>`)
//! and `instanceId` for listings of one status; sparse GSI `byActivity` on `active` (set only while
//! the record is not final) and `instanceId`, for the reconciler. Every write is a whole-item put on condition of
//! the stored `version` (or of its absence, for a new record). `tags` is JSON text.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::AttributeValue;

use super::tasks::opt_n;
use super::{get_bool, get_n, get_s, n, opt_s, s, store_error, Client, Item};
use crate::domain::instances::{CloudProvider, Instance, InstanceStatus, ServerKey};
use crate::domain::tenant::TenantId;
use crate::ports::{InstancePage, InstanceStore, StoreError};

pub const INSTANCE_STATUS_INDEX: &str = "byStatus";
/// Sparse index of the records that are not final (only they carry `active`), for the reconciler.
pub const INSTANCE_ACTIVE_INDEX: &str = "byActivity";

pub struct DynamoInstanceStore {
    client: Client,
    table: String,
}

impl DynamoInstanceStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

fn tenant_status(tenant: &TenantId, status: InstanceStatus) -> String {
    format!("{tenant}#{}", status.as_str())
}

fn provider_name(provider: CloudProvider) -> &'static str {
    match provider {
        CloudProvider::Aws => "AWS",
        CloudProvider::Azure => "AZURE",
    }
}

fn item(i: &Instance) -> Item {
    let mut item = Item::from([
        ("tenantId".to_owned(), s(i.tenant.as_str())),
        ("instanceId".to_owned(), s(&i.id)),
        ("tenantStatus".to_owned(), s(tenant_status(&i.tenant, i.status))),
        ("provider".to_owned(), s(provider_name(i.provider))),
        ("instanceType".to_owned(), s(&i.instance_type)),
        ("region".to_owned(), s(&i.region)),
        ("diskSizeGB".to_owned(), n(i.disk_size_gb)),
        ("autoTerminateMinutes".to_owned(), n(i.auto_terminate_minutes)),
        ("costPerHour".to_owned(), n(i.cost_per_hour)),
        ("status".to_owned(), s(i.status.as_str())),
        ("tags".to_owned(), s(serde_json::to_string(&i.tags).unwrap_or_else(|_| "{}".to_owned()))),
        ("terminateRequested".to_owned(), AttributeValue::Bool(i.terminate_requested)),
        ("createdAt".to_owned(), n(i.created_at_ms)),
        ("version".to_owned(), n(i.version)),
        ("busyMs".to_owned(), n(i.busy_ms)),
    ]);
    let optional = [
        ("machineId", i.machine_id.as_deref().map(s)),
        ("publicIp", i.public_ip.as_deref().map(s)),
        ("taskId", i.task_id.as_deref().map(s)),
        ("purpose", i.purpose.as_deref().map(s)),
        ("error", i.error.as_deref().map(s)),
        ("launchedAt", i.launched_at_ms.map(n)),
        ("readyAt", i.ready_at_ms.map(n)),
        ("lastWorkAt", i.last_work_at_ms.map(n)),
        ("terminatedAt", i.terminated_at_ms.map(n)),
        ("poolModel", i.pool_model.as_deref().map(s)),
        ("serverUrl", i.server_url.as_deref().map(s)),
        ("serverKey", i.server_key.as_ref().map(|k| s(&k.0))),
        ("busySince", i.busy_since_ms.map(n)),
    ];
    item.extend(optional.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))));
    if !i.status.is_final() {
        item.insert("active".to_owned(), s("1"));
    }
    item
}

fn instance_from(item: &Item) -> Result<Instance, StoreError> {
    let provider = match get_s(item, "provider")? {
        "AWS" => CloudProvider::Aws,
        "AZURE" => CloudProvider::Azure,
        _ => return Err(super::malformed("provider")),
    };
    let status = InstanceStatus::ALL
        .into_iter()
        .find(|s| s.as_str() == get_s(item, "status").unwrap_or_default())
        .ok_or_else(|| super::malformed("status"))?;
    let tags = serde_json::from_str(get_s(item, "tags")?).map_err(|_| super::malformed("tags"))?;
    Ok(Instance {
        id: get_s(item, "instanceId")?.to_owned(),
        tenant: TenantId::parse(get_s(item, "tenantId")?).map_err(|_| super::malformed("tenantId"))?,
        provider,
        instance_type: get_s(item, "instanceType")?.to_owned(),
        region: get_s(item, "region")?.to_owned(),
        disk_size_gb: get_n(item, "diskSizeGB")?,
        auto_terminate_minutes: get_n(item, "autoTerminateMinutes")?,
        cost_per_hour: get_n(item, "costPerHour")?,
        status,
        machine_id: opt_s(item, "machineId"),
        public_ip: opt_s(item, "publicIp"),
        task_id: opt_s(item, "taskId"),
        purpose: opt_s(item, "purpose"),
        tags,
        error: opt_s(item, "error"),
        created_at_ms: get_n(item, "createdAt")?,
        launched_at_ms: opt_n(item, "launchedAt")?,
        ready_at_ms: opt_n(item, "readyAt")?,
        last_work_at_ms: opt_n(item, "lastWorkAt")?,
        terminate_requested: get_bool(item, "terminateRequested"),
        terminated_at_ms: opt_n(item, "terminatedAt")?,
        pool_model: opt_s(item, "poolModel"),
        server_url: opt_s(item, "serverUrl"),
        server_key: opt_s(item, "serverKey").map(ServerKey),
        busy_since_ms: opt_n(item, "busySince")?,
        // Records written before pools existed have none.
        busy_ms: opt_n(item, "busyMs")?.unwrap_or(0),
        version: get_n(item, "version")?,
    })
}

#[async_trait]
impl InstanceStore for DynamoInstanceStore {
    async fn create(&self, instance: &Instance) -> Result<(), StoreError> {
        super::put_new(&self.client, &self.table, item(instance), "instanceId").await
    }

    async fn update(&self, before: &Instance, after: &Instance) -> Result<(), StoreError> {
        super::put_over_version(&self.client, &self.table, item(after), before.version).await
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Instance>, StoreError> {
        let item = super::get_of_tenant(&self.client, &self.table, tenant, "instanceId", id).await?;
        item.as_ref().map(instance_from).transpose()
    }

    async fn list(
        &self,
        tenant: &TenantId,
        status: Option<InstanceStatus>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<InstancePage, StoreError> {
        let mut query = self.client.query().table_name(&self.table).scan_index_forward(false);
        let mut condition = match status {
            Some(status) => {
                query = query
                    .index_name(INSTANCE_STATUS_INDEX)
                    .expression_attribute_values(":pk", s(tenant_status(tenant, status)));
                "tenantStatus = :pk".to_owned()
            }
            None => {
                query = query.consistent_read(true).expression_attribute_values(":pk", s(tenant.as_str()));
                "tenantId = :pk".to_owned()
            }
        };
        if let Some(after) = after {
            condition.push_str(" AND instanceId < :after");
            query = query.expression_attribute_values(":after", s(after));
        }
        // One more than the page, to know whether another follows; records with many tags reach
        // a response's 1 MB before its `Limit`, so the query reads on through `LastEvaluatedKey`.
        let items = super::query_up_to(query.key_condition_expression(condition), limit + 1).await?;
        let mut instances = items.iter().map(instance_from).collect::<Result<Vec<_>, _>>()?;
        let more = instances.len() > limit;
        instances.truncate(limit);
        let next_after = if more { instances.last().map(|i| i.id.clone()) } else { None };
        Ok(InstancePage { instances, next_after })
    }

    async fn active(&self) -> Result<Vec<Instance>, StoreError> {
        let items = super::query_all(
            self.client
                .query()
                .table_name(&self.table)
                .index_name(INSTANCE_ACTIVE_INDEX)
                .key_condition_expression("active = :one")
                .expression_attribute_values(":one", s("1")),
        )
        .await?;
        items.iter().map(instance_from).collect()
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        // Only a final record goes: `active` is set exactly while it is not final.
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .key("instanceId", s(id))
            .condition_expression("attribute_not_exists(active)")
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError> {
        let key = super::expiry::tenant_key(tenant.as_str(), "instanceId", id);
        super::expiry::set_ttl(&self.client, &self.table, key, "tenantId", expires_at_ms).await
    }
}
