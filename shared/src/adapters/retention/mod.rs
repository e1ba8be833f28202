//! The retention rule on read, for every store: decorators over the task, conversation, instance
//! and tenant-job ports that hide what `domain::tenant_data::retention` says has expired, and
//! that, after a write of an item that will expire, have its store set its TTL attribute. The
//! wiring wraps the memory and the DynamoDB stores alike, so the rule is the same in `local`, in
//! tests and in AWS; an erase and the re-stamp use the stores unwrapped, since they must reach
//! expired items too.
//!
//! A failed stamp after a successful write is logged, not returned: the write stands, the read
//! rule hides the item when it expires anyway, and the next re-stamp sets the attribute.

mod conversations;
mod instances;
mod jobs;
mod tasks;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub use conversations::RetainedConversations;
pub use instances::RetainedInstances;
pub use jobs::RetainedJobs;
pub use tasks::RetainedTasks;

use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::retention::{expired, Retention, RetentionSetting};
use crate::ports::{Clock, RetentionStore, StoreError};

/// How long a tenant's setting is used from memory before it is read again. A change made in
/// this process is seen at once (`RetentionRules::remember`); another Lambda instance sees it
/// within this time.
const FRESH_MS: i64 = 30_000;

/// Most tenants whose setting is held in memory (each entry is a tenant id of at most 64 bytes
/// and a few numbers): when full, the cache starts over.
const MAX_CACHED: usize = 4096;

/// Each tenant's retention rule, read from its store and held briefly in memory, and the clock
/// the rule is judged by.
pub struct RetentionRules {
    store: Arc<dyn RetentionStore>,
    clock: Arc<dyn Clock>,
    cache: Mutex<HashMap<TenantId, (i64, Retention)>>,
}

impl RetentionRules {
    pub fn new(store: Arc<dyn RetentionStore>, clock: Arc<dyn Clock>) -> Arc<Self> {
        Arc::new(Self { store, clock, cache: Mutex::new(HashMap::new()) })
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn store(&self) -> &Arc<dyn RetentionStore> {
        &self.store
    }

    /// The tenant's rule now; a store that does not answer fails the read (closed: an item is
    /// never shown because its rule could not be read).
    pub async fn of(&self, tenant: &TenantId) -> Result<Retention, StoreError> {
        let now = self.now();
        if let Some((at, rule)) = self.cache().get(tenant) {
            if (0..FRESH_MS).contains(&(now - at)) {
                return Ok(*rule);
            }
        }
        let setting = self.store.get(tenant).await?;
        self.remember(&setting);
        Ok(setting.rule())
    }

    /// Holds a setting just read or written, so this process judges by it at once.
    pub fn remember(&self, setting: &RetentionSetting) {
        let mut cache = self.cache();
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(setting.tenant.clone(), (self.now(), setting.rule()));
    }

    /// After a write: the moment the tenant's rule gives the item (`at`), set by `set`; nothing
    /// when it does not expire. A failure is logged (see the module docs).
    async fn stamp<Fut>(
        &self,
        tenant: &TenantId,
        what: &'static str,
        at: impl FnOnce(Retention) -> Option<i64>,
        set: impl FnOnce(i64) -> Fut,
    ) where
        Fut: std::future::Future<Output = Result<(), StoreError>>,
    {
        let stamped = match self.of(tenant).await {
            Ok(rule) => match at(rule) {
                Some(at) => set(at).await,
                None => Ok(()),
            },
            Err(e) => Err(e),
        };
        if let Err(err) = stamped {
            tracing::warn!(error = %err, "retention: the TTL attribute of a {what} was not set; the next re-stamp sets it");
        }
    }

    /// Whether an item expiring at `expires_at` (by the tenant's rule) is gone now.
    fn gone(&self, expires_at: Option<i64>) -> bool {
        expired(expires_at, self.now())
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<TenantId, (i64, Retention)>> {
        self.cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
