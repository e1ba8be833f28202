//! Rate-limit table: partition key `tenantId` (S); attributes `tatUs` (the bucket as one time,
//! see `domain::rate_limit::tat`), `admitted` (requests admitted, the usage counter) and
//! `expiresAt` (TTL, so idle tenants' buckets disappear).
//!
//! Each decision is one atomic `UpdateItem` whose condition is the decision: no read first, so
//! concurrent requests never lose a race and retry; DynamoDB applies them one after another, and
//! each either takes a token that is there or is refused with the wait for the next one. Two
//! expressions cover the two states of a bucket, because an update expression has `+` but no
//! `max`:
//!
//! - in use (`tatUs` ahead of now): `SET tatUs = tatUs + interval` on condition
//!   `tatUs > now AND tatUs <= limit`;
//! - full (no item, or `tatUs` at or before now): `SET tatUs = now + interval` on condition
//!   `attribute_not_exists(tatUs) OR tatUs <= now`.
//!
//! A request tries the first and, if the item it gets back on a failed condition is full, the
//! second; a second that fails found the bucket in use, which it then stays (the time only grows),
//! so the third call either takes a token or is refused. At most three calls, and one for every
//! request of a burst after the first.

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::update_item::UpdateItemError;
use aws_sdk_dynamodb::types::{ReturnValue, ReturnValuesOnConditionCheckFailure};

use super::tasks::opt_n;
use super::{get_consistent, get_n, n, s, store_error, ttl_seconds, Client, Item};
use crate::domain::rate_limit::{self, tat, RateDecision, RatePolicy, RateUsage};
use crate::domain::tenant::TenantId;
use crate::ports::{RateLimiter, StoreError};

const IDLE_BUCKET_TTL_MS: i64 = 24 * 60 * 60 * 1000;
const TAT: &str = "tatUs";

pub struct DynamoRateLimiter {
    client: Client,
    table: String,
}

/// What a conditional update found.
enum Outcome {
    /// The token was taken; the stored time after it.
    Taken(i64),
    /// The condition did not hold; the stored time then (`None`: no bucket or an old one).
    Refused(Option<i64>),
}

impl DynamoRateLimiter {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    /// Takes a token from a bucket in use, if one is left.
    async fn take_ahead(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<Outcome, StoreError> {
        let update = self
            .update(tenant, policy, now_ms)
            .update_expression("SET #tat = #tat + :interval, expiresAt = :expires ADD admitted :one")
            .condition_expression("#tat > :now AND #tat <= :limit")
            .expression_attribute_values(":interval", n(tat::interval_us(policy)))
            .expression_attribute_values(":limit", n(tat::admit_limit_us(policy, now_ms)));
        self.outcome(update).await
    }

    /// Takes a token from a full (or new) bucket.
    async fn take_full(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<Outcome, StoreError> {
        let update = self
            .update(tenant, policy, now_ms)
            // `tokens` and `updatedAtMs` are the attributes of the read-then-write bucket this
            // replaced; a bucket of that form counts as full once.
            .update_expression(
                "SET #tat = :nowPlusInterval, expiresAt = :expires ADD admitted :one REMOVE tokens, updatedAtMs",
            )
            .condition_expression("attribute_not_exists(#tat) OR #tat <= :now")
            .expression_attribute_values(":nowPlusInterval", n(tat::after_admission(None, policy, now_ms)));
        self.outcome(update).await
    }

    fn update(
        &self,
        tenant: &TenantId,
        policy: &RatePolicy,
        now_ms: i64,
    ) -> aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder {
        // The bucket is full again at most `burst` intervals after now; idle a day past that, it goes.
        let full_again_ms = tat::interval_us(policy).saturating_mul(i64::from(policy.burst)) / 1000;
        self.client
            .update_item()
            .table_name(&self.table)
            .key("tenantId", s(tenant.as_str()))
            .expression_attribute_names("#tat", TAT)
            .expression_attribute_values(":now", n(tat::now_us(now_ms)))
            .expression_attribute_values(":one", n(1))
            .expression_attribute_values(
                ":expires",
                n(ttl_seconds(now_ms.saturating_add(full_again_ms).saturating_add(IDLE_BUCKET_TTL_MS))),
            )
            .return_values(ReturnValue::UpdatedNew)
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
    }

    async fn outcome(
        &self,
        update: aws_sdk_dynamodb::operation::update_item::builders::UpdateItemFluentBuilder,
    ) -> Result<Outcome, StoreError> {
        match update.send().await {
            Ok(out) => Ok(Outcome::Taken(get_n(&out.attributes.unwrap_or_default(), TAT)?)),
            Err(err) => {
                if let Some(UpdateItemError::ConditionalCheckFailedException(failed)) = err.as_service_error() {
                    return Ok(Outcome::Refused(stored_time(failed.item.as_ref())?));
                }
                Err(store_error(err))
            }
        }
    }
}

fn stored_time(item: Option<&Item>) -> Result<Option<i64>, StoreError> {
    item.map(|item| opt_n(item, TAT)).transpose().map(Option::flatten)
}

#[async_trait]
impl RateLimiter for DynamoRateLimiter {
    async fn acquire(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateDecision, StoreError> {
        let in_use = |time: Option<i64>| time.is_some_and(|t| t > tat::now_us(now_ms));
        // In use first: every request of a burst but the first finds the bucket so.
        let mut found = match self.take_ahead(tenant, policy, now_ms).await? {
            Outcome::Taken(after) => return Ok(tat::allowed(after, policy, now_ms)),
            Outcome::Refused(found) => found,
        };
        if !in_use(found) {
            match self.take_full(tenant, policy, now_ms).await? {
                Outcome::Taken(after) => return Ok(tat::allowed(after, policy, now_ms)),
                // Another request filled it first: it is in use now, and stays so.
                Outcome::Refused(now_found) => found = now_found,
            }
            if !in_use(found) {
                return Err(StoreError::Transient("the rate bucket changed in a way it cannot".to_owned()));
            }
            match self.take_ahead(tenant, policy, now_ms).await? {
                Outcome::Taken(after) => return Ok(tat::allowed(after, policy, now_ms)),
                Outcome::Refused(now_found) => found = now_found,
            }
        }
        // In use and beyond the limit: the time only grows, so the refusal stands.
        match found {
            Some(time) if in_use(found) => Ok(tat::limited(time, policy, now_ms)),
            _ => Err(StoreError::Transient("the rate bucket changed in a way it cannot".to_owned())),
        }
    }

    async fn usage(&self, tenant: &TenantId, policy: &RatePolicy, now_ms: i64) -> Result<RateUsage, StoreError> {
        let item = get_consistent(&self.client, &self.table, "tenantId", tenant.as_str()).await?;
        let Some(item) = item else { return Ok(rate_limit::usage(None, policy, now_ms)) };
        let admitted = opt_n(&item, "admitted")?.unwrap_or(0);
        let bucket = tat::bucket(stored_time(Some(&item))?, admitted, policy, now_ms);
        Ok(rate_limit::usage(Some(bucket), policy, now_ms))
    }
}
