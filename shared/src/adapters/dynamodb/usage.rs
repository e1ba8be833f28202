//! Usage table: partition key `tenantId` (S), sort key `day` (S, `YYYY-MM-DD`, so a range of days
//! is a `BETWEEN` on the key); numeric counters `llmCostUnits`, `gpuCostUnits`, `tokensSaved`,
//! each changed only by `ADD`, which DynamoDB applies atomically.

use async_trait::async_trait;

use super::{get_n, get_s, malformed, n, s, store_error, Client};
use crate::domain::tenant::TenantId;
use crate::domain::usage::{DailyUsage, Day, UsageDelta};
use crate::ports::{StoreError, UsageStore};

pub struct DynamoUsageStore {
    client: Client,
    table: String,
}

impl DynamoUsageStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

#[async_trait]
impl UsageStore for DynamoUsageStore {
    async fn add(&self, tenant: &TenantId, day: Day, delta: &UsageDelta) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .key("day", s(day.to_string()))
            .update_expression("ADD llmCostUnits :llm, gpuCostUnits :gpu, tokensSaved :saved")
            .expression_attribute_values(":llm", n(delta.llm_cost))
            .expression_attribute_values(":gpu", n(delta.gpu_cost))
            .expression_attribute_values(":saved", n(delta.tokens_saved))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn days(&self, tenant: &TenantId, from: Day, to: Day) -> Result<Vec<DailyUsage>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("tenantId = :t AND #day BETWEEN :from AND :to")
            .expression_attribute_names("#day", "day")
            .expression_attribute_values(":t", s(tenant.as_str()))
            .expression_attribute_values(":from", s(from.to_string()))
            .expression_attribute_values(":to", s(to.to_string()))
            .consistent_read(true);
        super::query_all(query).await?.iter().map(daily_usage).collect()
    }

    async fn all_days(&self, tenant: &TenantId) -> Result<Vec<DailyUsage>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("tenantId = :t")
            .expression_attribute_values(":t", s(tenant.as_str()))
            .consistent_read(true);
        super::query_all(query).await?.iter().map(daily_usage).collect()
    }
}

fn daily_usage(item: &super::Item) -> Result<DailyUsage, StoreError> {
    Ok(DailyUsage {
        day: Day::parse(get_s(item, "day")?).ok_or_else(|| malformed("day"))?,
        totals: UsageDelta {
            llm_cost: get_n(item, "llmCostUnits")?,
            gpu_cost: get_n(item, "gpuCostUnits")?,
            tokens_saved: get_n(item, "tokensSaved")?,
        },
    })
}
