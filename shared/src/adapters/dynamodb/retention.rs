//! Retention settings on one table: partition `tenantId`, one item per tenant; the setting as
//! JSON text (`record`) beside a numeric `version` that every write is conditional on. No TTL:
//! the setting itself never expires.

use async_trait::async_trait;

use super::{get_s, Client};
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
        // Version 1 is the first write: only if there is none.
        let expected = setting.version.checked_sub(1).filter(|v| *v > 0);
        super::put_versioned_record(&self.client, &self.table, &setting.tenant, setting.version, setting, expected)
            .await
    }

    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        super::delete_of_tenant(&self.client, &self.table, tenant).await
    }
}
