//! Export and erase jobs as the API offers them: a request creates the job and hands it to the
//! `TenantJobQueue`; the background runner (`runner::TenantDataRunner`) does the work and records
//! the outcome on the job, which the API reads back.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::app::{AppError, Dependency, StoreResultExt};
use crate::clock::rfc3339;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::jobs::{JobKind, JobStatus, TenantJob};
use crate::ports::{Clock, ExportFiles, TenantJobQueue, TenantJobStore};

/// `DELETE /api/tenant/data`: what confirms an erase.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EraseRequest {
    /// The caller's own tenant id (as `GET /api/tenant` answers it): an erase cannot be undone.
    pub confirm: String,
    /// Also disable every API key of the tenant (default: the keys keep working).
    #[serde(default)]
    pub revoke_keys: bool,
}

/// What `confirm` must be, as the problem says it.
pub const CONFIRM_RULE: &str = "must be your tenant id, as GET /api/tenant answers it: an erase cannot be undone";

/// Where a finished export's file is.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DownloadView {
    /// A pre-signed S3 URL (needs no key, works until `expiresAt`), or in `local` a path of this
    /// API (needs the key).
    pub url: String,
    pub expires_at: Option<String>,
}

/// An export or erase job as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TenantJobView {
    pub id: String,
    pub kind: JobKind,
    pub status: JobStatus,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// Records exported, or items deleted, per kind (once COMPLETED).
    pub counts: BTreeMap<String, u64>,
    /// Why it FAILED.
    pub error: Option<String>,
    /// An erase that also revoked the tenant's API keys.
    pub revoke_keys: bool,
    /// A COMPLETED export's file.
    pub download: Option<DownloadView>,
}

impl TenantJobView {
    fn of(job: &TenantJob, download: Option<DownloadView>) -> Self {
        Self {
            id: job.id.clone(),
            kind: job.kind,
            status: job.status,
            created_at: rfc3339(job.created_at_ms),
            started_at: job.started_at_ms.map(rfc3339),
            finished_at: job.finished_at_ms.map(rfc3339),
            counts: job.counts.clone(),
            error: job.error.clone(),
            revoke_keys: job.revoke_keys,
            download,
        }
    }
}

/// Accepting jobs and reading them back: the HTTP side.
pub struct TenantJobsService {
    jobs: Arc<dyn TenantJobStore>,
    files: Arc<dyn ExportFiles>,
    queue: Arc<dyn TenantJobQueue>,
    clock: Arc<dyn Clock>,
}

impl TenantJobsService {
    pub fn new(
        jobs: Arc<dyn TenantJobStore>,
        files: Arc<dyn ExportFiles>,
        queue: Arc<dyn TenantJobQueue>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self { jobs, files, queue, clock }
    }

    /// Accepts an export or erase: the job is stored PENDING and queued to run in the background.
    pub async fn submit(&self, tenant: &TenantId, kind: JobKind, revoke_keys: bool) -> Result<TenantJobView, AppError> {
        let job = TenantJob::new(crate::ids::new_id(), tenant.clone(), kind, revoke_keys, self.clock.now_ms());
        self.jobs.create(&job).await.or_unavailable(Dependency::TenantJobs)?;
        if let Err(err) = self.queue.submit(tenant, &job.id).await {
            // Nobody will run it: say so on the job rather than leave it PENDING for ever.
            let failed = job.fail("the job could not be queued; submit it again", self.clock.now_ms());
            let _ = self.jobs.update(&job, &failed).await;
            return Err(AppError::unavailable(Dependency::TenantJobs, &err));
        }
        Ok(TenantJobView::of(&job, None))
    }

    /// Accepts an erase of the tenant's data, once `confirm` names the tenant.
    pub async fn erase(&self, tenant: &TenantId, request: EraseRequest) -> Result<TenantJobView, AppError> {
        if request.confirm != tenant.as_str() {
            return Err(AppError::validation("confirm", CONFIRM_RULE));
        }
        self.submit(tenant, JobKind::Erase, request.revoke_keys).await
    }

    /// One of the tenant's jobs of `kind`; a COMPLETED export with its download.
    pub async fn job(&self, tenant: &TenantId, id: &str, kind: JobKind) -> Result<TenantJobView, AppError> {
        let job = self.jobs.get(tenant, id).await.or_unavailable(Dependency::TenantJobs)?;
        let job = job
            .filter(|j| j.kind == kind)
            .ok_or_else(|| AppError::NotFound(format!("no {} job {id}", kind.as_str().to_lowercase())))?;
        let download = if job.kind == JobKind::Export && job.status == JobStatus::Completed {
            let link =
                self.files.link(tenant, id, self.clock.now_ms()).await.or_unavailable(Dependency::ExportFiles)?;
            Some(DownloadView { url: link.url, expires_at: link.expires_at_ms.map(rfc3339) })
        } else {
            None
        };
        Ok(TenantJobView::of(&job, download))
    }
}
