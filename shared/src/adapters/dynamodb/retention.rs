//! Retention settings on one table: partition `tenantId`, one item per tenant; the setting as
//! JSON text (`record`) beside a numeric `version` that every write is conditional on. No TTL:
//! the setting itself never expires.

use async_trait::async_trait;

use super::{get_s, n, s, store_error, Client};
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::retention::RetentionSetting;
use crate::ports::{RetentionStore, StoreError};

pub struct DynamoRetentionStore {
    client: Client,
    table: String,
}

impl DynamoRetentionStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

#[async_trait]
impl RetentionStore for DynamoRetentionStore {
    async fn get(&self, tenant: &TenantId) -> Result<RetentionSetting, StoreError> {
        let Some(item) = super::get_consistent(&self.client, &self.table, "tenantId", tenant.as_str()).await? else {
            return Ok(RetentionSetting::none(tenant.clone()));
        };
        serde_json::from_str(get_s(&item, "record")?).map_err(|_| super::malformed("record"))
    }

    async fn put(&self, setting: &RetentionSetting) -> Result<(), StoreError> {
        let record =
            serde_json::to_string(setting).map_err(|e| StoreError::Unavailable(format!("retention record: {e}")))?;
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("tenantId", s(setting.tenant.as_str()))
            .item("version", n(setting.version))
            .item("record", s(record));
        let put = match setting.version.checked_sub(1) {
            Some(expected) if expected > 0 => {
                put.condition_expression("version = :expected").expression_attribute_values(":expected", n(expected))
            }
            _ => put.condition_expression("attribute_not_exists(tenantId)"),
        };
        put.send().await.map_err(store_error)?;
        Ok(())
    }

    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }
}
