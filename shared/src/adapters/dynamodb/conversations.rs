//! The conversation store on three tables:
//!
//! - conversations: partition `tenantId`, sort `conversationId` (UUIDv7: a descending query lists
//!   newest first); the header with running totals and `lastSeq`.
//! - chat messages: partition `conversationKey` (`<tenant>#<conversationId>`), sort `seq`; one
//!   item per message, so history is read newest first with a `Limit`, and a conversation's
//!   messages never share one 400 KB item.
//! - chat spend: partition `tenantId`, sort `period` (`2026-11`); counters changed only by `ADD`,
//!   and one attribute `hold_<id>` (`{units, expiresAt}`) per budget hold counted in
//!   `committedUnits`, removed in the same update that takes the hold back, on condition that it
//!   is still there, so a hold is taken back once.
//!
//! `record` is one `TransactWriteItems`: the header put on condition of its `lastSeq` (or of its
//! absence, for a new conversation), each message put on condition that its `seq` is new, and
//! the spend's `ADD`s (with the hold's removal). Money is whole 10⁻⁸ USD units, so `ADD` keeps
//! totals exact.

use async_trait::async_trait;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};

use super::tasks::{build, opt_n, transaction_error};
use super::{get_bool, get_n, get_s, n, opt_s, s, store_error, Client, Item};
use crate::domain::chat::{ChatRecord, Conversation, CostUnits, Hold, Spend, SpendChange, StoredMessage, Usage};
use crate::domain::llm::Role;
use crate::domain::tenant::TenantId;
use crate::ports::{ConversationPage, ConversationStore, StoreError};

pub struct DynamoConversationStore {
    client: Client,
    conversations: String,
    messages: String,
    spend: String,
}

impl DynamoConversationStore {
    pub fn new(
        client: Client,
        conversations: impl Into<String>,
        messages: impl Into<String>,
        spend: impl Into<String>,
    ) -> Self {
        Self { client, conversations: conversations.into(), messages: messages.into(), spend: spend.into() }
    }
}

fn conversation_key(tenant: &TenantId, id: &str) -> String {
    format!("{tenant}#{id}")
}

fn header_item(c: &Conversation) -> Item {
    Item::from([
        ("tenantId".to_owned(), s(c.tenant.as_str())),
        ("conversationId".to_owned(), s(&c.id)),
        ("title".to_owned(), s(&c.title)),
        ("createdAt".to_owned(), n(c.created_at_ms)),
        ("updatedAt".to_owned(), n(c.updated_at_ms)),
        ("lastSeq".to_owned(), n(c.last_seq)),
        ("messageCount".to_owned(), n(c.message_count)),
        ("promptTokens".to_owned(), n(c.usage.prompt)),
        ("completionTokens".to_owned(), n(c.usage.completion)),
        ("cachedTokens".to_owned(), n(c.usage.cached)),
        ("costUnits".to_owned(), n(c.cost)),
    ])
}

fn header_from(item: &Item) -> Result<Conversation, StoreError> {
    Ok(Conversation {
        tenant: TenantId::parse(get_s(item, "tenantId")?).map_err(|_| super::malformed("tenantId"))?,
        id: get_s(item, "conversationId")?.to_owned(),
        title: opt_s(item, "title").unwrap_or_default(),
        created_at_ms: get_n(item, "createdAt")?,
        updated_at_ms: get_n(item, "updatedAt")?,
        last_seq: get_n(item, "lastSeq")?,
        message_count: get_n(item, "messageCount")?,
        usage: Usage {
            prompt: get_n(item, "promptTokens")?,
            completion: get_n(item, "completionTokens")?,
            cached: get_n(item, "cachedTokens")?,
        },
        cost: get_n(item, "costUnits")?,
    })
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::System => "system",
        Role::User => "user",
        Role::Assistant => "assistant",
    }
}

fn message_item(tenant: &TenantId, conversation: &str, m: &StoredMessage) -> Item {
    let mut item = Item::from([
        ("conversationKey".to_owned(), s(conversation_key(tenant, conversation))),
        ("seq".to_owned(), n(m.seq)),
        ("messageId".to_owned(), s(&m.id)),
        ("role".to_owned(), s(role_name(m.role))),
        ("content".to_owned(), s(&m.content)),
        ("createdAt".to_owned(), n(m.created_at_ms)),
    ]);
    let optional = [
        ("provider", m.provider.as_deref().map(s)),
        ("model", m.model.as_deref().map(s)),
        ("promptTokens", m.usage.map(|u| n(u.prompt))),
        ("completionTokens", m.usage.map(|u| n(u.completion))),
        ("cachedTokens", m.usage.map(|u| n(u.cached))),
        ("costUnits", m.cost.map(n)),
        ("incomplete", m.incomplete.then_some(AttributeValue::Bool(true))),
    ];
    item.extend(optional.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))));
    item
}

fn message_from(item: &Item) -> Result<StoredMessage, StoreError> {
    let role = match get_s(item, "role")? {
        "system" => Role::System,
        "user" => Role::User,
        "assistant" => Role::Assistant,
        _ => return Err(super::malformed("role")),
    };
    let usage = match opt_n(item, "promptTokens")? {
        Some(prompt) => {
            Some(Usage { prompt, completion: get_n(item, "completionTokens")?, cached: get_n(item, "cachedTokens")? })
        }
        None => None,
    };
    Ok(StoredMessage {
        seq: get_n(item, "seq")?,
        id: get_s(item, "messageId")?.to_owned(),
        role,
        content: get_s(item, "content")?.to_owned(),
        provider: opt_s(item, "provider"),
        model: opt_s(item, "model"),
        usage,
        cost: opt_n(item, "costUnits")?,
        incomplete: get_bool(item, "incomplete"),
        created_at_ms: get_n(item, "createdAt")?,
    })
}

fn spend_from(item: &Item) -> Result<Spend, StoreError> {
    fn count<T: std::str::FromStr + Default>(item: &Item, name: &str) -> Result<T, StoreError> {
        opt_n(item, name).map(Option::unwrap_or_default)
    }
    Ok(Spend {
        calls: count(item, "calls")?,
        usage: Usage {
            prompt: count(item, "promptTokens")?,
            completion: count(item, "completionTokens")?,
            cached: count(item, "cachedTokens")?,
        },
        cost: count(item, "costUnits")?,
        committed: count(item, "committedUnits")?,
        holds: holds_from(item)?,
    })
}

/// The attribute a hold is kept in.
fn hold_attribute(hold: &Hold) -> String {
    format!("{HOLD_PREFIX}{}", hold.id)
}

const HOLD_PREFIX: &str = "hold_";

fn holds_from(item: &Item) -> Result<Vec<Hold>, StoreError> {
    let mut holds = item
        .iter()
        .filter_map(|(name, value)| Some((name.strip_prefix(HOLD_PREFIX)?, value)))
        .map(|(id, value)| {
            let fields = value.as_m().map_err(|_| super::malformed(HOLD_PREFIX))?;
            Ok(Hold { id: id.to_owned(), units: get_n(fields, "units")?, expires_at_ms: get_n(fields, "expiresAt")? })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    holds.sort_by_key(|h| h.expires_at_ms);
    Ok(holds)
}

/// The spend's update for one call: its counters, and its hold taken back if `hold` is given
/// (on condition that it is still there).
fn spend_update(table: &str, change: &SpendChange, hold: Option<&Hold>) -> Result<Update, StoreError> {
    let counters = "ADD calls :one, promptTokens :p, completionTokens :c, cachedTokens :k, costUnits :cost, committedUnits :settle";
    let update = Update::builder()
        .table_name(table)
        .key("tenantId", s(change.tenant.as_str()))
        .key("period", s(&change.period))
        .expression_attribute_values(":one", n(1))
        .expression_attribute_values(":p", n(change.usage.prompt))
        .expression_attribute_values(":c", n(change.usage.completion))
        .expression_attribute_values(":k", n(change.usage.cached))
        .expression_attribute_values(":cost", n(change.cost));
    let update = match hold {
        None => update.update_expression(counters).expression_attribute_values(":settle", n(change.cost)),
        Some(hold) => update
            .update_expression(format!("{counters} REMOVE #hold"))
            .condition_expression("attribute_exists(#hold)")
            .expression_attribute_names("#hold", hold_attribute(hold))
            .expression_attribute_values(":settle", n(change.cost - hold.units)),
    };
    build(update.build())
}

/// Whether a cancelled transaction failed only on its last item's condition (the hold, gone).
fn only_last_condition_failed(err: &aws_sdk_dynamodb::error::SdkError<TransactWriteItemsError>) -> bool {
    let Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) = err.as_service_error() else {
        return false;
    };
    let reasons = cancelled.cancellation_reasons();
    let failed = |r: &aws_sdk_dynamodb::types::CancellationReason| r.code().is_some_and(|c| c != "None");
    reasons.last().is_some_and(|r| r.code() == Some("ConditionalCheckFailed"))
        && reasons[..reasons.len() - 1].iter().all(|r| !failed(r))
}

impl DynamoConversationStore {
    async fn query_messages(
        &self,
        tenant: &TenantId,
        id: &str,
        newest_first: bool,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let query = self
            .client
            .query()
            .table_name(&self.messages)
            .consistent_read(true)
            .scan_index_forward(!newest_first)
            .key_condition_expression("conversationKey = :k AND seq > :after")
            .expression_attribute_values(":k", s(conversation_key(tenant, id)))
            .expression_attribute_values(":after", n(after_seq));
        // A message may be up to 400 KB: a page of a few dozen can reach 1 MB before `limit`.
        let items = super::query_up_to(query, limit.max(1)).await?;
        items.iter().map(message_from).collect()
    }

    /// Deletes every message of a conversation, 25 at a time, until none is left.
    async fn delete_messages(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError> {
        let keys = super::query_all(
            self.client
                .query()
                .table_name(&self.messages)
                .consistent_read(true)
                .key_condition_expression("conversationKey = :k")
                .expression_attribute_values(":k", s(conversation_key(tenant, id)))
                .projection_expression("conversationKey, seq"),
        )
        .await?;
        super::delete_keys(&self.client, &self.messages, keys).await?;
        Ok(())
    }
}

#[async_trait]
impl ConversationStore for DynamoConversationStore {
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Conversation>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.conversations)
            .key("tenantId", s(tenant.as_str()))
            .key("conversationId", s(id))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_error)?;
        out.item.as_ref().map(header_from).transpose()
    }

    async fn recent(&self, tenant: &TenantId, id: &str, limit: usize) -> Result<Vec<StoredMessage>, StoreError> {
        self.query_messages(tenant, id, true, 0, limit).await
    }

    async fn messages(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        self.query_messages(tenant, id, false, after_seq, limit).await
    }

    async fn list(&self, tenant: &TenantId, after: Option<&str>, limit: usize) -> Result<ConversationPage, StoreError> {
        let mut query = self
            .client
            .query()
            .table_name(&self.conversations)
            .consistent_read(true)
            .scan_index_forward(false)
            .expression_attribute_values(":t", s(tenant.as_str()));
        query = match after {
            Some(after) => query
                .key_condition_expression("tenantId = :t AND conversationId < :after")
                .expression_attribute_values(":after", s(after)),
            None => query.key_condition_expression("tenantId = :t"),
        };
        // One more than the page, to know whether another follows.
        let items = super::query_up_to(query, limit + 1).await?;
        let mut conversations = items.iter().map(header_from).collect::<Result<Vec<_>, _>>()?;
        let more = conversations.len() > limit;
        conversations.truncate(limit);
        let next_after = if more { conversations.last().map(|c| c.id.clone()) } else { None };
        Ok(ConversationPage { conversations, next_after })
    }

    async fn record(&self, record: &ChatRecord) -> Result<(), StoreError> {
        let mut items = Vec::new();
        if let Some(write) = &record.conversation {
            let header = Put::builder().table_name(&self.conversations).set_item(Some(header_item(&write.after)));
            let header = match write.expected_last_seq {
                None => header.condition_expression("attribute_not_exists(conversationId)"),
                Some(seq) => {
                    header.condition_expression("lastSeq = :expected").expression_attribute_values(":expected", n(seq))
                }
            };
            items.push(TransactWriteItem::builder().put(build(header.build())?).build());
            for m in &write.messages {
                let put = Put::builder()
                    .table_name(&self.messages)
                    .set_item(Some(message_item(&write.after.tenant, &write.after.id, m)))
                    .condition_expression("attribute_not_exists(seq)");
                items.push(TransactWriteItem::builder().put(build(put.build())?).build());
            }
        }
        let change = &record.spend;
        let hold = change.hold.as_ref();
        items.push(TransactWriteItem::builder().update(spend_update(&self.spend, change, hold)?).build());
        match self.client.transact_write_items().set_transact_items(Some(items.clone())).send().await {
            Ok(_) => Ok(()),
            // The hold lapsed and was taken back already: the call's cost alone is added.
            Err(err) if hold.is_some() && only_last_condition_failed(&err) => {
                items.pop();
                items.push(TransactWriteItem::builder().update(spend_update(&self.spend, change, None)?).build());
                self.client
                    .transact_write_items()
                    .set_transact_items(Some(items))
                    .send()
                    .await
                    .map_err(transaction_error)?;
                Ok(())
            }
            Err(err) => Err(transaction_error(err)),
        }
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError> {
        let deleted = self
            .client
            .delete_item()
            .table_name(&self.conversations)
            .key("tenantId", s(tenant.as_str()))
            .key("conversationId", s(id))
            .condition_expression("attribute_exists(conversationId)")
            .send()
            .await
            .map_err(store_error);
        let existed = match deleted {
            Ok(_) => true,
            Err(StoreError::Conflict) => false,
            Err(err) => return Err(err),
        };
        // Also after a header that was already gone: a delete interrupted between the header and
        // its messages is finished by the retry.
        self.delete_messages(tenant, id).await?;
        Ok(existed)
    }

    async fn reserve(
        &self,
        tenant: &TenantId,
        period: &str,
        hold: &Hold,
        limit: CostUnits,
    ) -> Result<bool, StoreError> {
        if hold.units > limit {
            return Ok(false);
        }
        let reserved = self
            .client
            .update_item()
            .table_name(&self.spend)
            .key("tenantId", s(tenant.as_str()))
            .key("period", s(period))
            .update_expression("ADD committedUnits :u SET #hold = :hold")
            .condition_expression("attribute_not_exists(committedUnits) OR committedUnits <= :room")
            .expression_attribute_names("#hold", hold_attribute(hold))
            .expression_attribute_values(":u", n(hold.units))
            .expression_attribute_values(
                ":hold",
                AttributeValue::M(Item::from([
                    ("units".to_owned(), n(hold.units)),
                    ("expiresAt".to_owned(), n(hold.expires_at_ms)),
                ])),
            )
            .expression_attribute_values(":room", n(limit - hold.units))
            .send()
            .await
            .map_err(store_error);
        match reserved {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(err) => Err(err),
        }
    }

    async fn release(&self, tenant: &TenantId, period: &str, hold: &Hold) -> Result<bool, StoreError> {
        let released = self
            .client
            .update_item()
            .table_name(&self.spend)
            .key("tenantId", s(tenant.as_str()))
            .key("period", s(period))
            .update_expression("ADD committedUnits :u REMOVE #hold")
            .condition_expression("attribute_exists(#hold)")
            .expression_attribute_names("#hold", hold_attribute(hold))
            .expression_attribute_values(":u", n(-hold.units))
            .send()
            .await
            .map_err(store_error);
        match released {
            Ok(_) => Ok(true),
            Err(StoreError::Conflict) => Ok(false),
            Err(err) => Err(err),
        }
    }

    async fn spend(&self, tenant: &TenantId, period: &str) -> Result<Spend, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.spend)
            .key("tenantId", s(tenant.as_str()))
            .key("period", s(period))
            .consistent_read(true)
            .send()
            .await
            .map_err(store_error)?;
        out.item.as_ref().map(spend_from).transpose().map(Option::unwrap_or_default)
    }

    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError> {
        use super::expiry::{set_ttl, set_ttl_after, tenant_key};
        let key = conversation_key(tenant, id);
        set_ttl_after(&self.client, &self.messages, "conversationKey", &key, after_seq, expires_at_ms).await?;
        let header = tenant_key(tenant.as_str(), "conversationId", id);
        set_ttl(&self.client, &self.conversations, header, "tenantId", expires_at_ms).await
    }
}
