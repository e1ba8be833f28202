//! The GPU pool store on one table: partition `tenantId`, one item per tenant. The record is
//! JSON text (`record`: its lists of machines and waiting tasks are read and written whole, never
//! queried), beside a numeric `version` that every write is conditional on.

use async_trait::async_trait;

use super::{get_s, s, store_error, Client};
use crate::domain::gpu_pool::GpuPool;
use crate::domain::tenant::TenantId;
use crate::ports::{GpuPoolStore, StoreError};

pub struct DynamoGpuPoolStore {
    client: Client,
    table: String,
}

impl DynamoGpuPoolStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

#[async_trait]
impl GpuPoolStore for DynamoGpuPoolStore {
    async fn get(&self, tenant: &TenantId) -> Result<Option<GpuPool>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_error)?;
        let Some(item) = out.item else { return Ok(None) };
        serde_json::from_str(get_s(&item, "record")?).map(Some).map_err(|_| super::malformed("record"))
    }

    async fn put(&self, pool: &GpuPool, expected: Option<u64>) -> Result<(), StoreError> {
        super::put_versioned_record(&self.client, &self.table, &pool.tenant, pool.version, pool, expected).await
    }

    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        super::delete_of_tenant(&self.client, &self.table, tenant).await
    }
}
