//! The in-process stand-in for the tenant jobs queue and its consumer (`process-tenant-jobs` in
//! AWS): a submitted export or erase runs on its own task, after the request that accepted it has
//! answered; and the route that serves a finished export's file, which in AWS is a pre-signed S3
//! URL instead.

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use shared::adapters::memory::MemoryExportFiles;
use shared::app::tenant_data::runner::TenantDataRunner;
use shared::domain::tenant::TenantId;
use shared::http::{ApiError, ApiRequest, ApiResponse};
use shared::ports::{StoreError, TenantJobQueue};

/// Runs each submitted job on a task of its own. The runner is set once the app is built (it
/// needs the services this queue is given to).
#[derive(Default)]
pub struct LocalTenantJobs {
    runner: OnceLock<Arc<TenantDataRunner>>,
}

impl LocalTenantJobs {
    pub fn start(&self, runner: Arc<TenantDataRunner>) {
        let _ = self.runner.set(runner);
    }
}

#[async_trait]
impl TenantJobQueue for LocalTenantJobs {
    async fn submit(&self, tenant: &TenantId, job_id: &str) -> Result<(), StoreError> {
        let runner = self.runner.get().cloned().ok_or_else(|| StoreError::Unavailable("no job runner".to_owned()))?;
        let (tenant, job_id) = (tenant.clone(), job_id.to_owned());
        tokio::spawn(async move {
            if let Err(err) = runner.run(&tenant, &job_id).await {
                tracing::error!(error = %err, job_id, "tenant job failed to run");
            }
        });
        Ok(())
    }
}

/// The route key of the download, as the audit trail records it.
pub const DOWNLOAD_ROUTE: &str = "GET /api/tenant/export/{id}/file";

/// The id of `/api/tenant/export/{id}/file`, when `path` is one.
pub fn download_id(path: &str) -> Option<&str> {
    path.strip_prefix("/api/tenant/export/")?.strip_suffix("/file").filter(|id| shared::ids::is_id(id))
}

/// The tenant's export file, as `application/gzip`; another tenant's id is a 404.
pub async fn download(files: Arc<MemoryExportFiles>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let id = download_id(&request.path).unwrap_or_default();
    let bytes = files.read(tenant, id).ok_or_else(|| ApiError::NotFound("no export file with this id".to_owned()))?;
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/gzip"));
    if let Ok(disposition) = HeaderValue::try_from(format!("attachment; filename=\"export-{id}.ndjson.gz\"")) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok(ApiResponse { status: StatusCode::OK, headers, body: bytes.into(), stream: None })
}
