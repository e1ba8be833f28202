//! API keys table: partition key `keyHash` (S); attributes `tenantId`, `label`, `createdAtMs`,
//! `disabled`.

use async_trait::async_trait;

use super::{get_bool, get_consistent, get_n, get_s, n, s, store_error, Client, Item};
use crate::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
use crate::ports::{ApiKeyStore, StoreError};

pub struct DynamoApiKeyStore {
    client: Client,
    table: String,
}

impl DynamoApiKeyStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

#[async_trait]
impl ApiKeyStore for DynamoApiKeyStore {
    async fn find(&self, hash: &KeyHash) -> Result<Option<ApiKeyRecord>, StoreError> {
        let item = get_consistent(&self.client, &self.table, "keyHash", hash.as_str()).await?;
        let Some(item) = item else { return Ok(None) };
        record_from(hash.clone(), &item).map(Some)
    }

    async fn of_tenant(&self, tenant: &TenantId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        let scan = self
            .client
            .scan()
            .table_name(&self.table)
            .consistent_read(true)
            .filter_expression("tenantId = :t")
            .expression_attribute_values(":t", s(tenant.as_str()));
        let items =
            scan.into_paginator().items().send().collect::<Result<Vec<Item>, _>>().await.map_err(store_error)?;
        items.iter().map(|item| record_from(KeyHash::from_stored(get_s(item, "keyHash")?.to_owned()), item)).collect()
    }

    async fn put(&self, record: &ApiKeyRecord) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("keyHash", s(record.hash.as_str()))
            .item("tenantId", s(record.tenant.as_str()))
            .item("label", s(&record.label))
            .item("createdAtMs", n(record.created_at_ms))
            .item("disabled", aws_sdk_dynamodb::types::AttributeValue::Bool(record.disabled))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }
}

fn record_from(hash: KeyHash, item: &Item) -> Result<ApiKeyRecord, StoreError> {
    let tenant = TenantId::parse(get_s(item, "tenantId")?)
        .map_err(|_| StoreError::Unavailable("stored key has an invalid tenantId".to_owned()))?;
    Ok(ApiKeyRecord {
        hash,
        tenant,
        label: get_s(item, "label").unwrap_or_default().to_owned(),
        created_at_ms: get_n(item, "createdAtMs").unwrap_or(0),
        disabled: get_bool(item, "disabled"),
    })
}
