//! Export and erase jobs: accepted by a request, run in the background, read back by id.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::tenant::TenantId;

/// What the job queue carries: which job to run. The job itself stays in its store.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobMessage {
    pub tenant_id: TenantId,
    pub job_id: String,
}

/// What a job does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobKind {
    Export,
    Erase,
    /// Stamps the tenant's existing items with the TTL of its new retention setting (queued by
    /// `PUT /api/tenant/retention`; no route reads it).
    Retention,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Export => "EXPORT",
            Self::Erase => "ERASE",
            Self::Retention => "RETENTION",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Export, Self::Erase, Self::Retention].into_iter().find(|k| k.as_str() == raw)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum JobStatus {
    Pending,
    Running,
    Completed,
    Failed,
}

impl JobStatus {
    pub const ALL: [JobStatus; 4] = [Self::Pending, Self::Running, Self::Completed, Self::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Running => "RUNNING",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::Failed)
    }
}

/// One job of one tenant. `counts` are records per kind (exported, or deleted); `version` guards
/// every change (a store writes a change only over the version it was made from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantJob {
    pub id: String,
    pub tenant: TenantId,
    pub kind: JobKind,
    pub status: JobStatus,
    pub created_at_ms: i64,
    pub started_at_ms: Option<i64>,
    pub finished_at_ms: Option<i64>,
    pub counts: BTreeMap<String, u64>,
    /// Why it FAILED: a short explanation, never a store's own words.
    pub error: Option<String>,
    /// An erase that also disables the tenant's API keys.
    pub revoke_keys: bool,
    pub version: u64,
}

/// A change a job's state refuses (a finished job does not run again).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the job is {0} already")]
pub struct JobFinished(pub &'static str);

impl TenantJob {
    pub fn new(id: String, tenant: TenantId, kind: JobKind, revoke_keys: bool, now_ms: i64) -> Self {
        Self {
            id,
            tenant,
            kind,
            status: JobStatus::Pending,
            created_at_ms: now_ms,
            started_at_ms: None,
            finished_at_ms: None,
            counts: BTreeMap::new(),
            error: None,
            revoke_keys,
            version: 1,
        }
    }

    /// PENDING → RUNNING; a RUNNING job may be started again (its runner died: a redelivery).
    pub fn start(&self, now_ms: i64) -> Result<Self, JobFinished> {
        if self.status.is_final() {
            return Err(JobFinished(self.status.as_str()));
        }
        Ok(Self { status: JobStatus::Running, started_at_ms: Some(now_ms), version: self.version + 1, ..self.clone() })
    }

    pub fn complete(&self, counts: BTreeMap<String, u64>, now_ms: i64) -> Self {
        Self {
            status: JobStatus::Completed,
            counts,
            finished_at_ms: Some(now_ms),
            version: self.version + 1,
            ..self.clone()
        }
    }

    pub fn fail(&self, error: &str, now_ms: i64) -> Self {
        Self {
            status: JobStatus::Failed,
            error: Some(error.to_owned()),
            finished_at_ms: Some(now_ms),
            version: self.version + 1,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_runs_once_to_an_end_and_each_change_bumps_its_version() {
        let tenant = TenantId::parse("t").expect("valid");
        let job = TenantJob::new("j".to_owned(), tenant, JobKind::Export, false, 1);
        let running = job.start(2).expect("pending starts");
        assert_eq!((running.status, running.version), (JobStatus::Running, 2));
        assert!(running.start(3).is_ok(), "a redelivered job starts again");
        let done = running.complete(BTreeMap::from([("task".to_owned(), 3)]), 4);
        assert_eq!((done.status, done.finished_at_ms, done.version), (JobStatus::Completed, Some(4), 3));
        assert_eq!(done.start(5), Err(JobFinished("COMPLETED")));
        assert_eq!(running.fail("x", 6).status, JobStatus::Failed);
    }
}
