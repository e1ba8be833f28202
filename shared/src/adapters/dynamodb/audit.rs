//! The audit table: partition `tenantId`, sort `at` (`<13-digit epoch ms>#<request id>`, so a
//! descending query lists newest first); `expiresAt` is the TTL attribute (400 days). Records are
//! only ever put, never updated, and an erase of the tenant's data leaves this table alone.

use async_trait::async_trait;

use super::{get_n, get_s, n, opt_s, s, store_error, ttl_seconds, Client, Item};
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::audit::{sort_key, AuditRecord};
use crate::ports::{AuditPage, AuditTrail, StoreError};

pub struct DynamoAuditTrail {
    client: Client,
    table: String,
}

impl DynamoAuditTrail {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }
}

fn item(tenant: &TenantId, r: &AuditRecord) -> Item {
    let mut item = Item::from([
        ("tenantId".to_owned(), s(tenant.as_str())),
        ("at".to_owned(), s(r.sort_key())),
        ("atMs".to_owned(), n(r.at_ms)),
        ("requestId".to_owned(), s(&r.request_id)),
        ("route".to_owned(), s(&r.route)),
        ("status".to_owned(), n(r.status)),
        ("expiresAt".to_owned(), n(ttl_seconds(r.expires_at_ms()))),
    ]);
    if let Some(key_id) = &r.key_id {
        item.insert("keyId".to_owned(), s(key_id));
    }
    if let Some(resource_id) = &r.resource_id {
        item.insert("resourceId".to_owned(), s(resource_id));
    }
    item
}

fn record_from(item: &Item) -> Result<AuditRecord, StoreError> {
    Ok(AuditRecord {
        at_ms: get_n(item, "atMs")?,
        request_id: get_s(item, "requestId")?.to_owned(),
        key_id: opt_s(item, "keyId"),
        route: get_s(item, "route")?.to_owned(),
        resource_id: opt_s(item, "resourceId"),
        status: get_n(item, "status")?,
    })
}

#[async_trait]
impl AuditTrail for DynamoAuditTrail {
    async fn append(&self, tenant: &TenantId, record: &AuditRecord) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item(tenant, record)))
            .send()
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn list(
        &self,
        tenant: &TenantId,
        since_ms: i64,
        before: Option<&str>,
        limit: usize,
        now_ms: i64,
    ) -> Result<AuditPage, StoreError> {
        let since = sort_key(since_ms, "");
        // A cursor from before `since` (a client's choice): nothing lies between them, and
        // DynamoDB refuses a BETWEEN whose bounds are reversed.
        if before.is_some_and(|before| before <= since.as_str()) {
            return Ok(AuditPage::default());
        }
        let mut query = self
            .client
            .query()
            .table_name(&self.table)
            .consistent_read(true)
            .scan_index_forward(false)
            .expression_attribute_values(":t", s(tenant.as_str()))
            .expression_attribute_values(":since", s(since))
            // TTL deletes lag expiry by up to days: an expired record is not answered meanwhile.
            .filter_expression("expiresAt > :now")
            .expression_attribute_values(":now", n(ttl_seconds(now_ms)));
        query = match before {
            Some(before) => query
                .key_condition_expression("tenantId = :t AND #at BETWEEN :since AND :before")
                .expression_attribute_values(":before", s(before)),
            None => query.key_condition_expression("tenantId = :t AND #at >= :since"),
        }
        .expression_attribute_names("#at", "at");
        // BETWEEN includes `before` itself, which the previous page answered: one more to drop it.
        let items = super::query_up_to(query, limit + 2).await?;
        let mut records = Vec::with_capacity(items.len());
        for item in &items {
            if Some(get_s(item, "at")?) != before {
                records.push(record_from(item)?);
            }
        }
        let more = records.len() > limit;
        records.truncate(limit);
        let next_before = if more { records.last().map(AuditRecord::sort_key) } else { None };
        Ok(AuditPage { records, next_before })
    }
}
