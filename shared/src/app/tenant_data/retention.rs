//! `PUT` and `GET /api/tenant/retention`: how long the tenant's content is kept. The rule itself
//! is `domain::tenant_data::retention`; every store applies it on read (`adapters::retention`)
//! from the moment the setting is written, and a change queues one re-stamp job
//! (`runner::TenantDataRunner`) that sets the TTL attribute of the items stored before it.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};

use super::jobs::TenantJobsService;
use crate::adapters::retention::RetentionRules;
use crate::app::{AppError, Dependency, StoreResultExt};
use crate::clock::rfc3339;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::jobs::JobKind;
use crate::domain::tenant_data::retention::{RetentionDays, RetentionSetting, DAYS_RULE};
use crate::ports::StoreError;

/// Tries of a write that lost a race with another change of the setting.
const MAX_RACES: usize = 3;

/// What expires under a retention setting, and what never does (the export's kinds).
pub const EXPIRING: &[&str] = &["conversation", "message", "task", "taskEvent", "instance", "export"];
pub const KEPT: &[&str] =
    &["auditRecord", "apiKey", "gpuPool", "usageDay", "optimizerStats", "monthlySpend", "retention", "erase"];

/// `PUT /api/tenant/retention`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutRetentionRequest {
    /// Days an item is kept after its creation, 1 to 3650; `null` keeps items until deleted.
    /// Required (send `null` to clear it).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 3650, required = true)]
    pub days: Option<Option<u32>>,
}

/// `Some(value)` for a field that is present, `null` included; absent stays `None`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<u32>>, D::Error> {
    Option::<u32>::deserialize(d).map(Some)
}

/// The tenant's retention as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RetentionView {
    /// Days an item is kept after its creation; `null`: until deleted.
    pub days: Option<u32>,
    /// When the setting last changed; `null` if it never was set.
    pub updated_at: Option<String>,
    /// The kinds of record that expire (as the export names them); a task or an instance only
    /// once final.
    pub expiring: Vec<String>,
    /// The kinds never removed by retention.
    pub kept: Vec<String>,
}

impl RetentionView {
    fn of(setting: &RetentionSetting) -> Self {
        let names = |kinds: &[&str]| kinds.iter().map(|k| (*k).to_owned()).collect();
        Self {
            days: setting.days.map(RetentionDays::get),
            updated_at: (setting.version > 0).then(|| rfc3339(setting.updated_at_ms)),
            expiring: names(EXPIRING),
            kept: names(KEPT),
        }
    }
}

pub struct RetentionService {
    rules: Arc<RetentionRules>,
    /// Where a change queues its re-stamp; `None` for a function that only reads the setting.
    jobs: Option<Arc<TenantJobsService>>,
}

impl RetentionService {
    pub fn new(rules: Arc<RetentionRules>) -> Self {
        Self { rules, jobs: None }
    }

    /// Changes queue their re-stamp through `jobs`.
    pub fn with_restamps(self, jobs: Arc<TenantJobsService>) -> Self {
        Self { jobs: Some(jobs), ..self }
    }

    pub async fn get(&self, tenant: &TenantId) -> Result<RetentionView, AppError> {
        let setting = self.rules.store().get(tenant).await.or_unavailable(Dependency::RetentionStore)?;
        Ok(RetentionView::of(&setting))
    }

    /// Sets (or with `days: null` clears) the setting. Bounded work whatever the caller sends:
    /// one read and one write of the setting, and at most one re-stamp job queued per change
    /// while none is pending (`RetentionSetting::change`).
    pub async fn put(&self, tenant: &TenantId, request: PutRetentionRequest) -> Result<RetentionView, AppError> {
        let days = match request.days {
            None => return Err(AppError::validation("days", format!("is required: {DAYS_RULE}"))),
            Some(None) => None,
            Some(Some(n)) => Some(RetentionDays::new(n).ok_or_else(|| AppError::validation("days", DAYS_RULE))?),
        };
        let store = self.rules.store();
        let Some(jobs) = &self.jobs else {
            tracing::error!("retention: this function was built without a job queue; it cannot change the setting");
            return Err(AppError::Unavailable { dependency: Dependency::TenantJobs });
        };
        for _ in 0..MAX_RACES {
            let current = store.get(tenant).await.or_unavailable(Dependency::RetentionStore)?;
            let Some((next, restamp)) = current.change(days, self.rules.now()) else {
                return Ok(RetentionView::of(&current));
            };
            match store.put(&next).await {
                Ok(()) => {}
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(AppError::unavailable(Dependency::RetentionStore, &e)),
            }
            self.rules.remember(&next);
            if restamp {
                if let Err(err) = jobs.submit(tenant, JobKind::Retention, false).await {
                    // Nothing will stamp the items stored before: undo the change, so that the
                    // caller's retry makes it again, with its job.
                    let undo = RetentionSetting { version: next.version + 1, ..current };
                    if store.put(&undo).await.is_ok() {
                        self.rules.remember(&undo);
                    }
                    return Err(err);
                }
            }
            return Ok(RetentionView::of(&next));
        }
        Err(AppError::Conflict("the retention setting is changing too often to update now; try again".to_owned()))
    }
}
