//! DynamoDB adapters (feature `dynamodb`).
//!
//! The client is built once per cold start from the standard AWS configuration chain, so
//! `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_DYNAMODB` point it at an emulator with no code change.
//! SDK errors become `StoreError`s here and go no further.

mod api_keys;
mod audit;
mod conversations;
mod expiry;
mod gpu_pools;
mod idempotency;
mod instances;
mod optimizer_stats;
mod probe;
mod rate_limit;
mod retention;
mod tasks;
mod tenant_jobs;
mod usage;

use std::collections::HashMap;

use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::AttributeValue;

pub use api_keys::DynamoApiKeyStore;
pub use audit::DynamoAuditTrail;
pub use aws_sdk_dynamodb::Client;
pub use conversations::DynamoConversationStore;
pub use expiry::TTL_ATTRIBUTE;
pub use gpu_pools::DynamoGpuPoolStore;
pub use idempotency::DynamoIdempotencyStore;
pub use instances::{DynamoInstanceStore, INSTANCE_ACTIVE_INDEX, INSTANCE_STATUS_INDEX};
pub use optimizer_stats::DynamoOptimizerStats;
pub use probe::TableProbe;
pub use rate_limit::DynamoRateLimiter;
pub use retention::DynamoRetentionStore;
pub use tasks::{DynamoTaskStore, STATUS_INDEX, UNSENT_INDEX};
pub use tenant_jobs::DynamoTenantJobs;
pub use usage::DynamoUsageStore;

use crate::ports::StoreError;

/// A DynamoDB client from the ambient AWS configuration (region, credentials, endpoint).
pub fn client(config: &aws_config::SdkConfig) -> Client {
    Client::new(config)
}

type Item = HashMap<String, AttributeValue>;

const THROTTLING_CODES: &[&str] = &[
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
];

/// The one place an SDK error becomes a port error.
fn store_error<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let code = err.code().map(str::to_owned);
    let message = DisplayErrorContext(&err).to_string();
    match (&err, code.as_deref()) {
        (_, Some("ConditionalCheckFailedException")) => StoreError::Conflict,
        (_, Some(c)) if THROTTLING_CODES.contains(&c) => StoreError::Transient(message),
        (SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_), _) => {
            StoreError::Transient(message)
        }
        _ => StoreError::Unavailable(message),
    }
}

/// A strongly consistent read of the item whose single-attribute key `key_name` is `key`.
async fn get_consistent(client: &Client, table: &str, key_name: &str, key: &str) -> Result<Option<Item>, StoreError> {
    let out = client
        .get_item()
        .table_name(table)
        .key(key_name, s(key))
        .consistent_read(true)
        .send()
        .await
        .map_err(store_error)?;
    Ok(out.item)
}

/// Every item a query matches, read page after page.
async fn query_all(
    query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
) -> Result<Vec<Item>, StoreError> {
    query.into_paginator().items().send().collect::<Result<Vec<Item>, _>>().await.map_err(store_error)
}

/// Up to `want` items of a query, read page after page: DynamoDB ends a page at `Limit` items or
/// at 1 MB, whichever comes first, so one response can hold fewer items than asked for while more
/// follow (`LastEvaluatedKey`). Each page asks only for what is still wanted (with a filter
/// expression `Limit` counts items read, not matched, so that is still right, only slower).
async fn query_up_to(
    query: aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder,
    want: usize,
) -> Result<Vec<Item>, StoreError> {
    let mut items = Vec::new();
    let mut start = None;
    while items.len() < want {
        let page = (want - items.len()).clamp(1, 1000) as i32;
        let out = query.clone().limit(page).set_exclusive_start_key(start).send().await.map_err(store_error)?;
        items.extend(out.items.unwrap_or_default());
        start = out.last_evaluated_key;
        if start.is_none() {
            break;
        }
    }
    items.truncate(want);
    Ok(items)
}

/// Writes a new whole item: `Conflict` when one with the same key (its `key_attribute`) exists.
async fn put_new(client: &Client, table: &str, item: Item, key_attribute: &str) -> Result<(), StoreError> {
    let condition = format!("attribute_not_exists({key_attribute})");
    client
        .put_item()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression(condition)
        .send()
        .await
        .map_err(store_error)?;
    Ok(())
}

/// Writes a whole item over the stored one only if that is still at `expected` `version`
/// (`Conflict` otherwise: the caller reads again and decides again).
async fn put_over_version(client: &Client, table: &str, item: Item, expected: u64) -> Result<(), StoreError> {
    client
        .put_item()
        .table_name(table)
        .set_item(Some(item))
        .condition_expression("version = :expected")
        .expression_attribute_values(":expected", n(expected))
        .send()
        .await
        .map_err(store_error)?;
    Ok(())
}

/// A strongly consistent read of one item of a table keyed by `tenantId` and `sort_key`.
async fn get_of_tenant(
    client: &Client,
    table: &str,
    tenant: &crate::domain::tenant::TenantId,
    sort_key: &str,
    id: &str,
) -> Result<Option<Item>, StoreError> {
    let out = client
        .get_item()
        .table_name(table)
        .key("tenantId", s(tenant.as_str()))
        .key(sort_key, s(id))
        .consistent_read(true)
        .send()
        .await
        .map_err(store_error)?;
    Ok(out.item)
}

/// Deletes the one item of `tenant` in a table keyed by `tenantId` alone (idempotent).
async fn delete_of_tenant(
    client: &Client,
    table: &str,
    tenant: &crate::domain::tenant::TenantId,
) -> Result<(), StoreError> {
    client.delete_item().table_name(table).key("tenantId", s(tenant.as_str())).send().await.map_err(store_error)?;
    Ok(())
}

/// Writes a tenant's one-item record of a table keyed by `tenantId` alone: the record as JSON
/// text (`record`) beside its numeric `version`, only over the stored `expected` version
/// (`None`: only if there is none); `Conflict` otherwise.
async fn put_versioned_record(
    client: &Client,
    table: &str,
    tenant: &crate::domain::tenant::TenantId,
    version: u64,
    record: &impl serde::Serialize,
    expected: Option<u64>,
) -> Result<(), StoreError> {
    let record = serde_json::to_string(record).map_err(|e| StoreError::Unavailable(format!("record: {e}")))?;
    let put = client
        .put_item()
        .table_name(table)
        .item("tenantId", s(tenant.as_str()))
        .item("version", n(version))
        .item("record", s(record));
    let put = match expected {
        Some(version) => {
            put.condition_expression("version = :expected").expression_attribute_values(":expected", n(version))
        }
        None => put.condition_expression("attribute_not_exists(tenantId)"),
    };
    put.send().await.map_err(store_error)?;
    Ok(())
}

/// Most deletes one `BatchWriteItem` takes.
const DELETE_BATCH: usize = 25;

/// Deletes the items of `table` whose keys are `keys`, 25 at a time; answers how many. Unprocessed
/// items (throttling) are sent again, a bounded number of times per batch.
async fn delete_keys(client: &Client, table: &str, keys: Vec<Item>) -> Result<u64, StoreError> {
    use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};
    for chunk in keys.chunks(DELETE_BATCH) {
        let mut requests: Vec<WriteRequest> = Vec::with_capacity(chunk.len());
        for key in chunk {
            let delete = tasks::build(DeleteRequest::builder().set_key(Some(key.clone())).build())?;
            requests.push(WriteRequest::builder().delete_request(delete).build());
        }
        for _ in 0..8 {
            let out = client.batch_write_item().request_items(table, requests).send().await.map_err(store_error)?;
            requests = out.unprocessed_items.and_then(|mut m| m.remove(table)).unwrap_or_default();
            if requests.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        if !requests.is_empty() {
            return Err(StoreError::Transient("items left undeleted after retries".to_owned()));
        }
    }
    Ok(keys.len() as u64)
}

fn s(value: impl Into<String>) -> AttributeValue {
    AttributeValue::S(value.into())
}

fn n(value: impl ToString) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

fn get_s<'a>(item: &'a Item, name: &str) -> Result<&'a str, StoreError> {
    match item.get(name) {
        Some(AttributeValue::S(v)) => Ok(v),
        _ => Err(malformed(name)),
    }
}

fn get_n<T: std::str::FromStr>(item: &Item, name: &str) -> Result<T, StoreError> {
    match item.get(name) {
        Some(AttributeValue::N(v)) => v.parse().map_err(|_| malformed(name)),
        _ => Err(malformed(name)),
    }
}

fn get_bool(item: &Item, name: &str) -> bool {
    matches!(item.get(name), Some(AttributeValue::Bool(true)))
}

fn opt_s(item: &Item, name: &str) -> Option<String> {
    match item.get(name) {
        Some(AttributeValue::S(v)) => Some(v.clone()),
        _ => None,
    }
}

pub(super) fn malformed(attribute: &str) -> StoreError {
    StoreError::Unavailable(format!("stored item has a missing or malformed `{attribute}` attribute"))
}

/// DynamoDB TTL attributes are epoch seconds.
fn ttl_seconds(ms: i64) -> i64 {
    ms.div_euclid(1000)
}
