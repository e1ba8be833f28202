//! Reading and deleting a tenant's conversations.

use super::{api, short, ChatService};
use crate::app::{AppError, Dependency, PageQuery, StoreResultExt};
use crate::domain::chat::{spend_period, Conversation};
use crate::domain::tenant::TenantId;
use crate::ids::is_id;

impl ChatService {
    /// The tenant's conversation, or 404 (for an id that is not ours, too).
    pub async fn conversation(&self, tenant: &TenantId, id: &str) -> Result<Conversation, AppError> {
        let found = if is_id(id) {
            self.store.get(tenant, id).await.or_unavailable(Dependency::ConversationStore)?
        } else {
            None
        };
        found.ok_or_else(|| AppError::NotFound(format!("no conversation {}", short(id))))
    }

    /// A conversation with a page of its messages, oldest first.
    pub async fn detail(
        &self,
        tenant: &TenantId,
        id: &str,
        page: PageQuery,
    ) -> Result<api::ConversationView, AppError> {
        let PageQuery { limit, cursor } = page;
        let conversation = self.conversation(tenant, id).await?;
        let after = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let mut messages =
            self.store.messages(tenant, id, after, limit + 1).await.or_unavailable(Dependency::ConversationStore)?;
        let more = messages.len() > limit;
        messages.truncate(limit);
        let next_cursor = if more { messages.last().map(|m| m.seq.to_string()) } else { None };
        Ok(api::ConversationView {
            summary: (&conversation).into(),
            messages: messages.into_iter().map(api::MessageView::from).collect(),
            next_cursor,
        })
    }

    /// The tenant's conversations, newest first, with its spend this month.
    pub async fn list(&self, tenant: &TenantId, page: PageQuery) -> Result<api::ConversationListView, AppError> {
        let PageQuery { limit, cursor } = page;
        let page =
            self.store.list(tenant, cursor.as_deref(), limit).await.or_unavailable(Dependency::ConversationStore)?;
        let period = spend_period(self.clock.now_ms());
        let spend = self.store.spend(tenant, &period).await.or_unavailable(Dependency::ConversationStore)?;
        Ok(api::ConversationListView {
            conversations: page.conversations.iter().map(api::ConversationSummaryView::from).collect(),
            next_cursor: page.next_after,
            spend: api::SpendView::new(period, &spend, self.settings.monthly_budget),
        })
    }

    /// Deletes a conversation and every message of it; 404 when there is none.
    pub async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), AppError> {
        let deleted = if is_id(id) {
            self.store.delete(tenant, id).await.or_unavailable(Dependency::ConversationStore)?
        } else {
            false
        };
        if deleted {
            Ok(())
        } else {
            Err(AppError::NotFound(format!("no conversation {}", short(id))))
        }
    }
}
