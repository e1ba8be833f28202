//! Rate-limit table: partition key `tenantId` (S); attributes `tokens`, `updatedAtMs`, `admitted`,
//! `expiresAt` (TTL, so idle tenants' buckets disappear).
//!
//! Optimistic concurrency: read the bucket, decide with the shared domain arithmetic, write it back
//! on condition that `admitted` (which grows by one with every admitted request, so it is a version
//! number) is still what was read. A lost race re-reads and decides again; two Lambda instances can
//! never both spend the same token.

use async_trait::async_trait;

use super::{get_consistent, get_n, n, s, store_error, ttl_seconds, Client, Item};
use crate::domain::rate_limit::{self, BucketState, RateDecision, RatePolicy, RateUsage};
use crate::domain::tenant::TenantId;
use crate::ports::{RateLimiter, StoreError};

/// Lost races tolerated per request before the request is refused as rate limited: a tenant whose
/// requests collide this often is well past its limit anyway.
const MAX_ATTEMPTS: usize = 5;
const IDLE_BUCKET_TTL_MS: i64 = 24 * 60 * 60 * 1000;
const CONTENDED_RETRY_AFTER_MS: u64 = 100;

pub struct DynamoRateLimiter {
    client: Client,
    table: String,
}

impl DynamoRateLimiter {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    async fn read(&self, tenant: &TenantId) -> Result<Option<BucketState>, StoreError> {
        let item = get_consistent(&self.client, &self.table, "tenantId", tenant.as_str()).await?;
        item.as_ref().map(bucket_from_item).transpose()
    }

    async fn write(
        &self,
        tenant: &TenantId,
        previous: Option<&BucketState>,
        next: &BucketState,
    ) -> Result<(), StoreError> {
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("tenantId", s(tenant.as_str()))
            .item("tokens", n(next.tokens))
            .item("updatedAtMs", n(next.updated_at_ms))
            .item("admitted", n(next.admitted))
            .item("expiresAt", n(ttl_seconds(next.updated_at_ms + IDLE_BUCKET_TTL_MS)));
        let put = match previous {
            None => put.condition_expression("attribute_not_exists(tenantId)"),
            Some(prev) => put
                .condition_expression("admitted = :admitted")
                .expression_attribute_values(":admitted", n(prev.admitted)),
        };
        put.send().await.map_err(store_error)?;
        Ok(())
    }
}

fn bucket_from_item(item: &Item) -> Result<BucketState, StoreError> {
    Ok(BucketState {
        tokens: get_n(item, "tokens")?,
        updated_at_ms: get_n(item, "updatedAtMs")?,
        admitted: get_n(item, "admitted")?,
    })
}

#[async_trait]
impl RateLimiter for DynamoRateLimiter {
    async fn acquire(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateDecision, StoreError> {
        for _ in 0..MAX_ATTEMPTS {
            let current = self.read(tenant).await?;
            let (decision, next) = rate_limit::take_token(current, policy, now_ms);
            let Some(next) = next else { return Ok(decision) };
            match self.write(tenant, current.as_ref(), &next).await {
                Ok(()) => return Ok(decision),
                Err(StoreError::Conflict) => continue,
                Err(other) => return Err(other),
            }
        }
        Ok(RateDecision::Limited { retry_after_ms: CONTENDED_RETRY_AFTER_MS })
    }

    async fn usage(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateUsage, StoreError> {
        Ok(rate_limit::usage(self.read(tenant).await?, policy, now_ms))
    }
}
