//! The chatbot's conversations, messages and monthly spend, in memory.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;

use super::lock;
use crate::domain::chat::{ChatRecord, Conversation, CostUnits, Hold, Spend, StoredMessage};
use crate::domain::tenant::TenantId;
use crate::ports::{ConversationPage, ConversationStore, StoreError};

/// Conversations, messages and spend in memory; one lock makes every `record` atomic.
#[derive(Default)]
pub struct MemoryConversationStore {
    inner: Mutex<Conversations>,
}

#[derive(Default)]
struct Conversations {
    /// (tenant, conversation id) → header.
    headers: BTreeMap<(TenantId, String), Conversation>,
    /// (tenant, conversation id) → messages by seq.
    messages: HashMap<(TenantId, String), BTreeMap<u64, StoredMessage>>,
    /// (tenant, period) → spend.
    spend: HashMap<(TenantId, String), Spend>,
}

#[async_trait]
impl ConversationStore for MemoryConversationStore {
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Conversation>, StoreError> {
        Ok(lock(&self.inner).headers.get(&(tenant.clone(), id.to_owned())).cloned())
    }

    async fn recent(&self, tenant: &TenantId, id: &str, limit: usize) -> Result<Vec<StoredMessage>, StoreError> {
        let inner = lock(&self.inner);
        let messages = inner.messages.get(&(tenant.clone(), id.to_owned()));
        Ok(messages.map(|m| m.values().rev().take(limit).cloned().collect()).unwrap_or_default())
    }

    async fn messages(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        let inner = lock(&self.inner);
        let messages = inner.messages.get(&(tenant.clone(), id.to_owned()));
        Ok(messages
            .map(|m| m.range(after_seq.saturating_add(1)..).take(limit).map(|(_, v)| v.clone()).collect())
            .unwrap_or_default())
    }

    async fn list(&self, tenant: &TenantId, after: Option<&str>, limit: usize) -> Result<ConversationPage, StoreError> {
        let inner = lock(&self.inner);
        let mut conversations: Vec<Conversation> = inner
            .headers
            .range((tenant.clone(), String::new())..)
            .take_while(|((t, _), _)| t == tenant)
            .map(|(_, c)| c)
            .filter(|c| after.is_none_or(|a| c.id.as_str() < a))
            .cloned()
            .collect();
        conversations.sort_by(|a, b| b.id.cmp(&a.id));
        let more = conversations.len() > limit;
        conversations.truncate(limit);
        let next_after = if more { conversations.last().map(|c| c.id.clone()) } else { None };
        Ok(ConversationPage { conversations, next_after })
    }

    async fn record(&self, record: &ChatRecord) -> Result<(), StoreError> {
        let mut inner = lock(&self.inner);
        if let Some(write) = &record.conversation {
            let key = (write.after.tenant.clone(), write.after.id.clone());
            let stored = inner.headers.get(&key).map(|c| c.last_seq);
            if stored != write.expected_last_seq {
                return Err(StoreError::Conflict);
            }
            let messages = inner.messages.entry(key.clone()).or_default();
            for m in &write.messages {
                messages.insert(m.seq, m.clone());
            }
            inner.headers.insert(key, write.after.clone());
        }
        let change = &record.spend;
        let spend = inner.spend.entry((change.tenant.clone(), change.period.clone())).or_default();
        spend.calls += 1;
        spend.usage.prompt += change.usage.prompt;
        spend.usage.completion += change.usage.completion;
        spend.usage.cached += change.usage.cached;
        spend.cost += change.cost;
        spend.committed += change.cost;
        if let Some(hold) = &change.hold {
            take_back(spend, hold);
        }
        Ok(())
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError> {
        let mut inner = lock(&self.inner);
        let key = (tenant.clone(), id.to_owned());
        let existed = inner.headers.remove(&key).is_some();
        inner.messages.remove(&key);
        Ok(existed)
    }

    async fn reserve(
        &self,
        tenant: &TenantId,
        period: &str,
        hold: &Hold,
        limit: CostUnits,
    ) -> Result<bool, StoreError> {
        let mut inner = lock(&self.inner);
        let spend = inner.spend.entry((tenant.clone(), period.to_owned())).or_default();
        if spend.committed + hold.units > limit {
            return Ok(false);
        }
        spend.committed += hold.units;
        spend.holds.push(hold.clone());
        Ok(true)
    }

    async fn release(&self, tenant: &TenantId, period: &str, hold: &Hold) -> Result<bool, StoreError> {
        let mut inner = lock(&self.inner);
        Ok(inner.spend.get_mut(&(tenant.clone(), period.to_owned())).is_some_and(|spend| take_back(spend, hold)))
    }

    async fn spend(&self, tenant: &TenantId, period: &str) -> Result<Spend, StoreError> {
        Ok(lock(&self.inner).spend.get(&(tenant.clone(), period.to_owned())).cloned().unwrap_or_default())
    }

    /// Memory has no TTL: the read rule (`adapters::retention`) hides expired items, and an erase
    /// or a restart removes them.
    async fn set_expiry(&self, _: &TenantId, _: &str, _: u64, _: Option<i64>) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Takes a hold out of `committed` if it is still held; `false` when it was taken back already.
fn take_back(spend: &mut Spend, hold: &Hold) -> bool {
    let Some(at) = spend.holds.iter().position(|h| h.id == hold.id) else { return false };
    let hold = spend.holds.remove(at);
    spend.committed -= hold.units;
    true
}
