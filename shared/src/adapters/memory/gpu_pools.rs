//! GPU pools in memory, with the DynamoDB adapter's conditional writes.

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::gpu_pool::GpuPool;
use crate::domain::tenant::TenantId;
use crate::ports::{GpuPoolStore, StoreError};

#[derive(Default)]
pub struct MemoryGpuPoolStore {
    pools: Mutex<HashMap<TenantId, GpuPool>>,
}

#[async_trait]
impl GpuPoolStore for MemoryGpuPoolStore {
    async fn get(&self, tenant: &TenantId) -> Result<Option<GpuPool>, StoreError> {
        Ok(lock(&self.pools).get(tenant).cloned())
    }

    async fn put(&self, pool: &GpuPool, expected: Option<u64>) -> Result<(), StoreError> {
        let mut pools = lock(&self.pools);
        if pools.get(&pool.tenant).map(|p| p.version) != expected {
            return Err(StoreError::Conflict);
        }
        pools.insert(pool.tenant.clone(), pool.clone());
        Ok(())
    }

    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        lock(&self.pools).remove(tenant);
        Ok(())
    }
}
