//! The tenant jobs table: partition `tenantId`, sort `jobId`; one item per export or erase job,
//! written whole on condition of its stored `version` (or of its absence, for a new job).
//! `counts` is JSON text.

use async_trait::async_trait;

use super::tasks::opt_n;
use super::{get_bool, get_n, get_s, n, opt_s, s, store_error, Client, Item};
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::jobs::{JobKind, JobStatus, TenantJob};
use crate::ports::{StoreError, TenantJobStore};

pub struct DynamoTenantJobs {
    client: Client,
    table: String,
}

impl DynamoTenantJobs {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

fn item(j: &TenantJob) -> Item {
    let mut item = Item::from([
        ("tenantId".to_owned(), s(j.tenant.as_str())),
        ("jobId".to_owned(), s(&j.id)),
        ("kind".to_owned(), s(j.kind.as_str())),
        ("status".to_owned(), s(j.status.as_str())),
        ("createdAt".to_owned(), n(j.created_at_ms)),
        ("counts".to_owned(), s(serde_json::to_string(&j.counts).unwrap_or_else(|_| "{}".to_owned()))),
        ("revokeKeys".to_owned(), aws_sdk_dynamodb::types::AttributeValue::Bool(j.revoke_keys)),
        ("version".to_owned(), n(j.version)),
    ]);
    let optional = [
        ("startedAt", j.started_at_ms.map(n)),
        ("finishedAt", j.finished_at_ms.map(n)),
        ("error", j.error.as_deref().map(s)),
    ];
    item.extend(optional.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))));
    item
}

fn job_from(item: &Item) -> Result<TenantJob, StoreError> {
    Ok(TenantJob {
        id: get_s(item, "jobId")?.to_owned(),
        tenant: TenantId::parse(get_s(item, "tenantId")?).map_err(|_| super::malformed("tenantId"))?,
        kind: JobKind::parse(get_s(item, "kind")?).ok_or_else(|| super::malformed("kind"))?,
        status: JobStatus::parse(get_s(item, "status")?).ok_or_else(|| super::malformed("status"))?,
        created_at_ms: get_n(item, "createdAt")?,
        started_at_ms: opt_n(item, "startedAt")?,
        finished_at_ms: opt_n(item, "finishedAt")?,
        counts: serde_json::from_str(get_s(item, "counts")?).map_err(|_| super::malformed("counts"))?,
        error: opt_s(item, "error"),
        revoke_keys: get_bool(item, "revokeKeys"),
        version: get_n(item, "version")?,
    })
}

#[async_trait]
impl TenantJobStore for DynamoTenantJobs {
    async fn create(&self, job: &TenantJob) -> Result<(), StoreError> {
        super::put_new(&self.client, &self.table, item(job), "jobId").await
    }

    async fn update(&self, before: &TenantJob, after: &TenantJob) -> Result<(), StoreError> {
        super::put_over_version(&self.client, &self.table, item(after), before.version).await
    }

    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<TenantJob>, StoreError> {
        let item = super::get_of_tenant(&self.client, &self.table, tenant, "jobId", id).await?;
        item.as_ref().map(job_from).transpose()
    }

    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<TenantJob>, StoreError> {
        let items = super::query_all(
            self.client
                .query()
                .table_name(&self.table)
                .consistent_read(true)
                .key_condition_expression("tenantId = :t")
                .expression_attribute_values(":t", s(tenant.as_str())),
        )
        .await?;
        items.iter().map(job_from).collect()
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .key("jobId", s(id))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError> {
        let key = super::expiry::tenant_key(tenant.as_str(), "jobId", id);
        super::expiry::set_ttl(&self.client, &self.table, key, "tenantId", expires_at_ms).await
    }
}
