//! Idempotency table: partition key `scope` (S, `tenant#key`); attributes `fingerprint`, `state`
//! (`IN_PROGRESS` | `COMPLETED`), `lockExpiresAtMs`, the stored response (`status`, `contentType`,
//! `location`, `body` as binary) and `expiresAt` (TTL).
//!
//! DynamoDB deletes expired items lazily (up to days later), so the claim condition treats an
//! expired item as absent instead of trusting TTL to have removed it.

use async_trait::async_trait;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValuesOnConditionCheckFailure};

use super::{get_n, get_s, n, opt_s, s, store_error, ttl_seconds, Client, Item};
use crate::domain::idempotency::{Fingerprint, IdempotencyRecord, IdempotencyScope, RecordState, StoredResponse};
use crate::domain::tenant::TenantId;
use crate::ports::{Claim, IdempotencyStore, StoreError};

const IN_PROGRESS: &str = "IN_PROGRESS";
const COMPLETED: &str = "COMPLETED";

pub struct DynamoIdempotencyStore {
    client: Client,
    table: String,
}

impl DynamoIdempotencyStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

fn record_from_item(item: &Item) -> Result<IdempotencyRecord, StoreError> {
    let fingerprint = Fingerprint(get_s(item, "fingerprint")?.to_owned());
    let state = match get_s(item, "state")? {
        COMPLETED => RecordState::Completed(StoredResponse {
            status: get_n(item, "status")?,
            content_type: opt_s(item, "contentType"),
            location: opt_s(item, "location"),
            body: match item.get("body") {
                Some(AttributeValue::B(blob)) => blob.as_ref().to_vec(),
                _ => Vec::new(),
            },
        }),
        _ => RecordState::InProgress { lock_expires_at_ms: get_n(item, "lockExpiresAtMs")? },
    };
    Ok(IdempotencyRecord { fingerprint, state })
}

#[async_trait]
impl IdempotencyStore for DynamoIdempotencyStore {
    async fn claim(
        &self,
        scope: &IdempotencyScope,
        fingerprint: &Fingerprint,
        now_ms: i64,
        lock_ms: i64,
        ttl_ms: i64,
    ) -> Result<Claim, StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("scope", s(scope.as_str()))
            .item("fingerprint", s(&fingerprint.0))
            .item("state", s(IN_PROGRESS))
            .item("lockExpiresAtMs", n(now_ms + lock_ms))
            .item("expiresAt", n(ttl_seconds(now_ms + ttl_ms)))
            .condition_expression(
                "attribute_not_exists(#scope) OR expiresAt <= :nowSeconds \
                 OR (#state = :inProgress AND lockExpiresAtMs <= :nowMs)",
            )
            .expression_attribute_names("#scope", "scope")
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":nowSeconds", n(ttl_seconds(now_ms)))
            .expression_attribute_values(":nowMs", n(now_ms))
            .expression_attribute_values(":inProgress", s(IN_PROGRESS))
            .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
            .send()
            .await;
        match result {
            Ok(_) => Ok(Claim::Claimed),
            Err(err) => {
                let existing = err.as_service_error().filter(|e| e.is_conditional_check_failed_exception()).and_then(
                    |e| match e {
                        aws_sdk_dynamodb::operation::put_item::PutItemError::ConditionalCheckFailedException(c) => {
                            c.item().cloned()
                        }
                        _ => None,
                    },
                );
                match existing {
                    Some(item) => Ok(Claim::Existing(record_from_item(&item)?)),
                    None => Err(store_error(err)),
                }
            }
        }
    }

    async fn complete(
        &self,
        scope: &IdempotencyScope,
        fingerprint: &Fingerprint,
        response: &StoredResponse,
        expires_at_ms: i64,
    ) -> Result<(), StoreError> {
        let mut sets = vec!["#state = :completed", "#status = :status", "body = :body", "expiresAt = :expiresAt"];
        let mut req = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("scope", s(scope.as_str()))
            .condition_expression("fingerprint = :fingerprint")
            .expression_attribute_names("#state", "state")
            .expression_attribute_names("#status", "status")
            .expression_attribute_values(":completed", s(COMPLETED))
            .expression_attribute_values(":status", n(response.status))
            .expression_attribute_values(":body", AttributeValue::B(Blob::new(response.body.clone())))
            .expression_attribute_values(":expiresAt", n(ttl_seconds(expires_at_ms)))
            .expression_attribute_values(":fingerprint", s(&fingerprint.0));
        // Optional headers are set only when present: DynamoDB has no use for empty attributes.
        if let Some(v) = &response.content_type {
            sets.push("contentType = :contentType");
            req = req.expression_attribute_values(":contentType", s(v));
        }
        if let Some(v) = &response.location {
            sets.push("#location = :location");
            req =
                req.expression_attribute_names("#location", "location").expression_attribute_values(":location", s(v));
        }
        let update = format!("SET {} REMOVE lockExpiresAtMs", sets.join(", "));
        req.update_expression(update).send().await.map_err(store_error)?;
        Ok(())
    }

    async fn release(&self, scope: &IdempotencyScope, fingerprint: &Fingerprint) -> Result<(), StoreError> {
        let result = self
            .client
            .delete_item()
            .table_name(&self.table)
            .key("scope", s(scope.as_str()))
            .condition_expression("fingerprint = :fingerprint")
            .expression_attribute_values(":fingerprint", s(&fingerprint.0))
            .send()
            .await;
        match result.map_err(store_error) {
            Ok(_) | Err(StoreError::Conflict) => Ok(()),
            Err(other) => Err(other),
        }
    }

    async fn delete_tenant(&self, tenant: &TenantId) -> Result<u64, StoreError> {
        let scan = self
            .client
            .scan()
            .table_name(&self.table)
            .consistent_read(true)
            .filter_expression("begins_with(#scope, :prefix)")
            .expression_attribute_names("#scope", "scope")
            .expression_attribute_values(":prefix", s(IdempotencyScope::prefix_of(tenant)))
            .projection_expression("#scope");
        let keys = scan.into_paginator().items().send().collect::<Result<Vec<Item>, _>>().await.map_err(store_error)?;
        super::delete_keys(&self.client, &self.table, keys).await
    }
}
