//! The model providers' port and the conversation store.

use super::*;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LlmError {
    /// Throttling or a 5xx: another try may succeed.
    #[error("{0}")]
    Transient(String),
    /// No answer in time (including a stream that stopped sending).
    #[error("{0}")]
    Timeout(String),
    /// The request itself is refused (unknown model, context too long, bad key).
    #[error("{0}")]
    Permanent(String),
}

impl LlmError {
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Transient(_) | Self::Timeout(_))
    }
}

/// One piece of a streamed answer.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamPart {
    /// The next piece of text.
    Delta(String),
    /// The end: the whole answer with its usage. Exactly one, last, unless the stream failed.
    Done(LlmReply),
}

/// What a stream yields: parts, or an error that ends it (the answer is then incomplete).
pub type LlmStream = tokio::sync::mpsc::Receiver<Result<StreamPart, LlmError>>;

/// A large language model behind one provider.
///
/// Contract: one completion per call, with the provider's own usage figures; errors say whether
/// retrying can help. A stream yields deltas then exactly one `Done`, or ends with an error after
/// any number of deltas; it never just stops. Implementations never log prompts or answers.
#[async_trait]
pub trait LlmProvider: Send + Sync {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError>;

    /// Streams the answer. The default streams a `complete` answer as one delta.
    async fn stream(&self, request: &LlmRequest) -> Result<LlmStream, LlmError> {
        let reply = self.complete(request).await?;
        let (tx, rx) = tokio::sync::mpsc::channel(2);
        let _ = tx.send(Ok(StreamPart::Delta(reply.text.clone()))).await;
        let _ = tx.send(Ok(StreamPart::Done(reply))).await;
        Ok(rx)
    }
}

/// One page of a tenant's conversations, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConversationPage {
    pub conversations: Vec<Conversation>,
    /// The id to list after for the next page; `None` on the last page.
    pub next_after: Option<String>,
}

/// Conversations, their messages, and each tenant's spend on model calls.
///
/// Contract:
/// - `record` is all or nothing: the conversation's header and new messages (if any) and the
///   spend change. A conversation write is conditional: `Conflict` when the stored header's
///   `last_seq` is not `expected_last_seq`, when a conversation to create exists already, or when
///   one to extend is gone; the caller reads again and decides again.
/// - `recent` is newest first; `messages` oldest first from `after_seq` (exclusive); both read
///   what `record` wrote (strongly consistent) and return `limit` messages whenever that many
///   exist, however large they are (a store that reads in pages reads on until it has them).
/// - `list` is newest first (ids are UUIDv7), paginated by the last id of the previous page; a
///   page is short only when it is the last.
/// - `delete` removes the header first, so a deleted conversation is gone from every read and
///   cannot be extended, then every message; `false` when there was none.
/// - `reserve` adds the hold's units to the period's `committed` and keeps the hold, only if the
///   result stays within `limit`, atomically, and answers whether it did. A hold is taken back
///   exactly once, by whichever comes first: `release` (a call that failed before costing
///   anything, or a hold that lapsed; `false` when it was gone already) or the `record` whose
///   spend change carries it (which then adds only the cost when the hold was gone already).
/// - `spend` lists the holds still counted, so that lapsed ones can be released.
#[async_trait]
pub trait ConversationStore: Send + Sync {
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<Conversation>, StoreError>;
    async fn recent(&self, tenant: &TenantId, id: &str, limit: usize) -> Result<Vec<StoredMessage>, StoreError>;
    async fn messages(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, StoreError>;
    async fn list(&self, tenant: &TenantId, after: Option<&str>, limit: usize) -> Result<ConversationPage, StoreError>;
    async fn record(&self, record: &ChatRecord) -> Result<(), StoreError>;
    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<bool, StoreError>;
    async fn reserve(&self, tenant: &TenantId, period: &str, hold: &Hold, limit: CostUnits)
        -> Result<bool, StoreError>;
    async fn release(&self, tenant: &TenantId, period: &str, hold: &Hold) -> Result<bool, StoreError>;
    async fn spend(&self, tenant: &TenantId, period: &str) -> Result<Spend, StoreError>;
    /// Sets (or with `None` removes) the TTL attribute of a conversation's header and of its
    /// messages after `after_seq`, as `TaskStore::set_expiry` does for a task.
    async fn set_expiry(
        &self,
        tenant: &TenantId,
        id: &str,
        after_seq: u64,
        expires_at_ms: Option<i64>,
    ) -> Result<(), StoreError>;
}
