//! Conversations and their messages under the retention rule: a conversation past its time is
//! absent with every message of it (never a header without messages, nor the reverse); each turn
//! written sets the TTL of the header and of the turn's new messages, all to the same moment.

use std::sync::Arc;

use async_trait::async_trait;

use super::RetentionRules;
use crate::domain::chat::{ChatRecord, Conversation, CostUnits, Hold, Spend, StoredMessage};
use crate::domain::tenant::TenantId;
use crate::ports::{ConversationPage, ConversationStore, StoreError};

pub struct RetainedConversations {
    inner: Arc<dyn ConversationStore>,
    rules: Arc<RetentionRules>,
}

impl RetainedConversations {
    pub fn new(inner: Arc<dyn ConversationStore>, rules: Arc<RetentionRules>) -> Self {
        Self { inner, rules }
    }

    /// Whether the conversation `id` exists and has expired (its messages are then absent too).
    async fn gone(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError> {
        match self.inner.get(tenant, id).await? {
            Some(c) => Ok(self.rules.gone(self.rules.of(tenant).await?.conversation(&c))),
            None => Ok(false),
        }
    }
}

#[async_trait]
impl ConversationStore for RetainedConversations {
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Conversation>, StoreError> {
        let Some(found) = self.inner.get(tenant, id).await? else { return Ok(None) };
        let rule = self.rules.of(tenant).await?;
        Ok((!self.rules.gone(rule.conversation(&found))).then_some(found))
    }

    async fn recent(&self, tenant: &TenantId, id: &str, limit: usize) -> Result<Vec<StoredMessage>, StoreError> {
        if self.gone(tenant, id).await? {
            return Ok(Vec::new());
        }
        self.inner.recent(tenant, id, limit).await
    }

    async fn messages(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError> {
        if self.gone(tenant, id).await? {
            return Ok(Vec::new());
        }
        self.inner.messages(tenant, id, after_seq, limit).await
    }

    async fn list(&self, tenant: &TenantId, after: Option<&str>, limit: usize) -> Result<ConversationPage, StoreError> {
        let mut page = self.inner.list(tenant, after, limit).await?;
        if !page.conversations.is_empty() {
            let rule = self.rules.of(tenant).await?;
            page.conversations.retain(|c| !self.rules.gone(rule.conversation(c)));
        }
        Ok(page)
    }

    async fn record(&self, record: &ChatRecord) -> Result<(), StoreError> {
        self.inner.record(record).await?;
        if let Some(write) = &record.conversation {
            let c = &write.after;
            // The header and the messages this turn added; earlier ones were stamped by their
            // own turn (or by the re-stamp), with the same moment.
            let after_seq = write.expected_last_seq.unwrap_or(0);
            let set = |at| self.inner.set_expiry(&c.tenant, &c.id, after_seq, Some(at));
            self.rules.stamp(&c.tenant, "conversation", |rule| rule.conversation(c), set).await;
        }
        Ok(())
    }

    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError> {
        self.inner.delete(tenant, id).await
    }

    async fn reserve(
        &self,
        tenant: &TenantId,
        period: &str,
        hold: &Hold,
        limit: CostUnits,
    ) -> Result<bool, StoreError> {
        self.inner.reserve(tenant, period, hold, limit).await
    }

    async fn release(&self, tenant: &TenantId, period: &str, hold: &Hold) -> Result<bool, StoreError> {
        self.inner.release(tenant, period, hold).await
    }

    async fn spend(&self, tenant: &TenantId, period: &str) -> Result<Spend, StoreError> {
        self.inner.spend(tenant, period).await
    }

    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError> {
        self.inner.set_expiry(tenant, id, after_seq, expires_at_ms).await
    }
}
