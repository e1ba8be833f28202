//! The TTL attribute of the content tables (`expiresAt`, epoch seconds), set by the retention
//! rule (`domain::tenant_data::retention`) after an item is written and by the re-stamp of a
//! tenant's existing items. An update never creates an item: it is conditional on the item
//! existing, so a stamp that races a delete (an erase, a TTL deletion) leaves nothing behind.

use aws_sdk_dynamodb::types::AttributeValue;

use super::{n, s, store_error, Client, Item};
use crate::domain::tenant_data::retention::ttl_seconds;
use crate::ports::StoreError;

/// The TTL attribute of every table that retention applies to (`TimeToLiveSpecification` in
/// template.yaml).
pub const TTL_ATTRIBUTE: &str = "expiresAt";

/// Sets (`Some`) or removes (`None`) the TTL attribute of the item with `key`, whose partition
/// attribute is `partition`; an item that is gone is skipped.
pub(super) async fn set_ttl(
    client: &Client,
    table: &str,
    key: Item,
    partition: &str,
    expires_at_ms: Option<i64>,
) -> Result<(), StoreError> {
    let update = client
        .update_item()
        .table_name(table)
        .set_key(Some(key))
        .condition_expression("attribute_exists(#p)")
        .expression_attribute_names("#p", partition)
        .expression_attribute_names("#ttl", TTL_ATTRIBUTE);
    let update = match expires_at_ms {
        Some(at) => update.update_expression("SET #ttl = :ttl").expression_attribute_values(":ttl", n(ttl_seconds(at))),
        None => update.update_expression("REMOVE #ttl"),
    };
    match update.send().await.map_err(store_error) {
        Err(StoreError::Conflict) | Ok(_) => Ok(()),
        Err(e) => Err(e),
    }
}

/// `set_ttl` on every item of the partition `partition = value` whose `seq` is above
/// `after_seq` (a task's events, a conversation's messages), read page after page.
pub(super) async fn set_ttl_after(
    client: &Client,
    table: &str,
    partition: &str,
    value: &str,
    after_seq: u64,
    expires_at_ms: Option<i64>,
) -> Result<(), StoreError> {
    let query = client
        .query()
        .table_name(table)
        .key_condition_expression("#p = :k AND seq > :after")
        .expression_attribute_names("#p", partition)
        .expression_attribute_values(":k", s(value))
        .expression_attribute_values(":after", n(after_seq))
        .projection_expression("#p, seq")
        .consistent_read(true);
    for key in super::query_all(query).await? {
        let key: Item = key.into_iter().filter(|(name, _)| name == partition || name == "seq").collect();
        set_ttl(client, table, key, partition, expires_at_ms).await?;
    }
    Ok(())
}

/// The key of an item of a table keyed by `tenantId` and `sort`.
pub(super) fn tenant_key(tenant: &str, sort: &str, id: &str) -> Item {
    Item::from([("tenantId".to_owned(), s(tenant)), (sort.to_owned(), AttributeValue::S(id.to_owned()))])
}
