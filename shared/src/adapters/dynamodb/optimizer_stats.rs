//! Optimizer stats table: partition key `tenantId` (S); numeric counters `optimizations`,
//! `originalTokens`, `optimizedTokens`, `qualityMilliSum`, each changed only by `ADD`, which
//! DynamoDB applies atomically, so concurrent functions never lose a count.

use async_trait::async_trait;

use super::{get_consistent, get_n, n, s, store_error, Client};
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::tenant::TenantId;
use crate::ports::{OptimizerStatsStore, StoreError};

pub struct DynamoOptimizerStats {
    client: Client,
    table: String,
}

impl DynamoOptimizerStats {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

#[async_trait]
impl OptimizerStatsStore for DynamoOptimizerStats {
    async fn record(&self, tenant: &TenantId, delta: &OptimizerTotals) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .update_expression(
                "ADD optimizations :n, originalTokens :original, optimizedTokens :optimized, qualityMilliSum :quality",
            )
            .expression_attribute_values(":n", n(delta.optimizations))
            .expression_attribute_values(":original", n(delta.original_tokens))
            .expression_attribute_values(":optimized", n(delta.optimized_tokens))
            .expression_attribute_values(":quality", n(delta.quality_milli_sum))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn totals(&self, tenant: &TenantId) -> Result<OptimizerTotals, StoreError> {
        let item = get_consistent(&self.client, &self.table, "tenantId", tenant.as_str()).await?;
        let Some(item) = item else { return Ok(OptimizerTotals::default()) };
        Ok(OptimizerTotals {
            optimizations: get_n(&item, "optimizations")?,
            original_tokens: get_n(&item, "originalTokens")?,
            optimized_tokens: get_n(&item, "optimizedTokens")?,
            quality_milli_sum: get_n(&item, "qualityMilliSum")?,
        })
    }

    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError> {
        super::delete_of_tenant(&self.client, &self.table, tenant).await
    }
}
