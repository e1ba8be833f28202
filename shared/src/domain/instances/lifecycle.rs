//! A rented GPU machine's record and the rules of its life: the states it moves through, what
//! each step may change, and what it costs.
//!
//! ```text
//! PROVISIONING → CONFIGURING → READY ⇄ RUNNING → STOPPING → TERMINATED
//!        any of them ──────────────────────────→ STOPPING → FAILED (with the error)
//! ```
//!
//! Every change is a pure function of the record as read, bumping `version`; the store writes it
//! on condition that the version is unchanged, so concurrent steps (the state machine, a `DELETE`,
//! the reconciler) can never move a machine backwards.

use serde::{Deserialize, Serialize};

use super::CloudProvider;
use crate::domain::tenant::TenantId;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    Provisioning,
    Configuring,
    Ready,
    Running,
    Stopping,
    Terminated,
    Failed,
}

impl InstanceStatus {
    pub const ALL: [Self; 7] = [
        Self::Provisioning,
        Self::Configuring,
        Self::Ready,
        Self::Running,
        Self::Stopping,
        Self::Terminated,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Provisioning => "PROVISIONING",
            Self::Configuring => "CONFIGURING",
            Self::Ready => "READY",
            Self::Running => "RUNNING",
            Self::Stopping => "STOPPING",
            Self::Terminated => "TERMINATED",
            Self::Failed => "FAILED",
        }
    }

    /// No machine exists any more, and nothing changes again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Terminated | Self::Failed)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub id: String,
    pub tenant: TenantId,
    pub provider: CloudProvider,
    pub instance_type: String,
    pub region: String,
    pub disk_size_gb: u32,
    pub auto_terminate_minutes: u32,
    /// From the catalog when the instance was created (a later price change does not reprice it).
    pub cost_per_hour: f64,
    pub status: InstanceStatus,
    /// The cloud's id of the machine, once launched.
    pub machine_id: Option<String>,
    pub public_ip: Option<String>,
    pub task_id: Option<String>,
    pub purpose: Option<String>,
    pub tags: std::collections::BTreeMap<String, String>,
    pub error: Option<String>,
    pub created_at_ms: i64,
    /// When the cloud accepted the launch: billing starts here.
    pub launched_at_ms: Option<i64>,
    pub ready_at_ms: Option<i64>,
    /// The last time work was assigned or reported; the idle timer runs from here.
    pub last_work_at_ms: Option<i64>,
    /// A `DELETE` asked for the machine to go.
    pub terminate_requested: bool,
    pub terminated_at_ms: Option<i64>,
    /// A GPU pool's machine: the model its inference server serves (`None`: rented by hand).
    pub pool_model: Option<String>,
    /// The OpenAI-compatible base URL of its inference server, once READY.
    pub server_url: Option<String>,
    /// The secret the machine's inference server requires, generated at creation; never logged
    /// (its `Debug` is redacted) and never shown by the API.
    pub server_key: Option<ServerKey>,
    /// Since when the machine runs its current pool task (`task_id`).
    pub busy_since_ms: Option<i64>,
    /// Milliseconds spent on pool tasks, summed when each is released: the tasks' share of its cost.
    pub busy_ms: i64,
    pub version: u64,
}

/// A machine's inference-server secret. Its `Debug` says nothing of it, so a logged record never
/// carries it.
#[derive(Clone, PartialEq, Eq)]
pub struct ServerKey(pub String);

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(redacted)")
    }
}

/// What a new instance is: the cloud, type and place, its disk and idle limit, and its price.
#[derive(Clone, Debug, PartialEq)]
pub struct InstanceSpec {
    pub provider: CloudProvider,
    pub instance_type: String,
    pub region: String,
    pub disk_size_gb: u32,
    pub auto_terminate_minutes: u32,
    pub cost_per_hour: f64,
}

impl Instance {
    /// A new record, PROVISIONING, with nothing launched yet.
    pub fn provisioning(id: String, tenant: TenantId, spec: InstanceSpec, now_ms: i64) -> Self {
        Self {
            id,
            tenant,
            provider: spec.provider,
            instance_type: spec.instance_type,
            region: spec.region,
            disk_size_gb: spec.disk_size_gb,
            auto_terminate_minutes: spec.auto_terminate_minutes,
            cost_per_hour: spec.cost_per_hour,
            status: InstanceStatus::Provisioning,
            machine_id: None,
            public_ip: None,
            task_id: None,
            purpose: None,
            tags: Default::default(),
            error: None,
            created_at_ms: now_ms,
            launched_at_ms: None,
            ready_at_ms: None,
            last_work_at_ms: None,
            terminate_requested: false,
            terminated_at_ms: None,
            pool_model: None,
            server_url: None,
            server_key: None,
            busy_since_ms: None,
            busy_ms: 0,
            version: 1,
        }
    }
}

/// Why a change is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an instance in {from:?} cannot {change}")]
pub struct InvalidChange {
    pub from: InstanceStatus,
    pub change: &'static str,
}

impl Instance {
    fn next(&self) -> Self {
        Self { version: self.version + 1, ..self.clone() }
    }

    fn refuse(&self, change: &'static str) -> InvalidChange {
        InvalidChange { from: self.status, change }
    }

    /// The cloud accepted the launch of `machine_id`.
    pub fn launched(&self, machine_id: &str, now_ms: i64) -> Result<Self, InvalidChange> {
        if self.status != InstanceStatus::Provisioning {
            return Err(self.refuse("be launched"));
        }
        let mut next = self.next();
        next.status = InstanceStatus::Configuring;
        next.machine_id = Some(machine_id.to_owned());
        next.launched_at_ms = Some(now_ms);
        Ok(next)
    }

    /// The machine's inference server answers its health check.
    pub fn ready(&self, public_ip: Option<&str>, now_ms: i64) -> Result<Self, InvalidChange> {
        if self.status != InstanceStatus::Configuring {
            return Err(self.refuse("become ready"));
        }
        let mut next = self.next();
        next.status = InstanceStatus::Ready;
        next.public_ip = public_ip.map(str::to_owned);
        next.ready_at_ms = Some(now_ms);
        next.last_work_at_ms = Some(now_ms);
        Ok(next)
    }

    /// A pool task takes the READY machine (RUNNING, the task recorded, the idle timer restarted).
    /// Refused when the machine is not READY or runs another task: of two tasks racing for one
    /// machine, the conditional write lets exactly one through.
    pub fn taken(&self, task_id: &str, now_ms: i64) -> Result<Self, InvalidChange> {
        if self.status != InstanceStatus::Ready || self.terminate_requested || self.task_id.is_some() {
            return Err(self.refuse("take a pool task"));
        }
        let mut next = self.next();
        next.status = InstanceStatus::Running;
        next.task_id = Some(task_id.to_owned());
        next.busy_since_ms = Some(now_ms);
        next.last_work_at_ms = Some(now_ms);
        Ok(next)
    }

    /// The pool task `task_id` left the machine: READY again, its time added to `busy_ms`, the
    /// idle timer restarted. `None` when the machine does not run that task (already released,
    /// or closed meanwhile: a stopping or final machine keeps its status, its busy time added).
    pub fn released(&self, task_id: &str, now_ms: i64) -> Option<Self> {
        if self.task_id.as_deref() != Some(task_id) {
            return None;
        }
        let mut next = self.next();
        next.busy_ms += (now_ms - self.busy_since_ms.unwrap_or(now_ms)).max(0);
        next.busy_since_ms = None;
        next.task_id = None;
        if next.status == InstanceStatus::Running {
            next.status = InstanceStatus::Ready;
            next.last_work_at_ms = Some(now_ms);
        }
        Some(next)
    }

    /// Work was assigned (RUNNING) or finished (back to READY); either resets the idle timer.
    pub fn worked(&self, busy: bool, now_ms: i64) -> Result<Self, InvalidChange> {
        if !matches!(self.status, InstanceStatus::Ready | InstanceStatus::Running) {
            return Err(self.refuse("take work"));
        }
        let mut next = self.next();
        next.status = if busy { InstanceStatus::Running } else { InstanceStatus::Ready };
        next.last_work_at_ms = Some(now_ms);
        Ok(next)
    }

    /// Terminating: asked for by `DELETE` (`requested`), by the idle timer, or by a failure
    /// (`error`). A no-op (`None`) once it is stopping or final.
    pub fn stopping(&self, requested: bool, error: Option<&str>) -> Option<Self> {
        if matches!(self.status, InstanceStatus::Stopping) || self.status.is_final() {
            return None;
        }
        let mut next = self.next();
        next.status = InstanceStatus::Stopping;
        next.terminate_requested |= requested;
        if error.is_some() {
            next.error = error.map(str::to_owned);
        }
        Some(next)
    }

    /// The cloud confirmed the machine is gone (or never existed): TERMINATED, or FAILED when a
    /// failure sent it there. `None` once final.
    pub fn terminated(&self, now_ms: i64) -> Option<Self> {
        if self.status.is_final() {
            return None;
        }
        let mut next = self.next();
        next.status = if self.error.is_some() { InstanceStatus::Failed } else { InstanceStatus::Terminated };
        next.terminated_at_ms = Some(now_ms);
        Some(next)
    }

    /// When the idle timer ends: `autoTerminateMinutes` after the last work (or readiness), a
    /// minute lasting `minute_ms` (60 000, or less in `local`'s simulation). A pool machine
    /// running a task is not idle: its deadline is a minute-length idle period from now, at least.
    pub fn idle_deadline_ms(&self, minute_ms: i64, now_ms: i64) -> Option<i64> {
        let idle = self.last_work_at_ms.map(|at| at + i64::from(self.auto_terminate_minutes) * minute_ms)?;
        Some(if self.busy_since_ms.is_some() {
            idle.max(now_ms + i64::from(self.auto_terminate_minutes) * minute_ms)
        } else {
            idle
        })
    }

    /// Busy milliseconds so far, the running task's included.
    pub fn busy_ms_at(&self, now_ms: i64) -> i64 {
        self.busy_ms + self.busy_since_ms.map_or(0, |since| (now_ms - since).max(0))
    }

    /// Seconds billed so far (live while the machine exists): from launch to termination (or
    /// `now`), at least the cloud's billing minimum once launched.
    pub fn billed_seconds(&self, now_ms: i64) -> i64 {
        let Some(start) = self.launched_at_ms else { return 0 };
        let end = self.terminated_at_ms.unwrap_or(now_ms).max(start);
        ((end - start) / 1000).max(self.provider.billing_minimum_seconds())
    }

    /// USD so far, to a millionth of a cent.
    pub fn cost(&self, now_ms: i64) -> f64 {
        let usd = self.billed_seconds(now_ms) as f64 * self.cost_per_hour / 3600.0;
        (usd * 1e8).round() / 1e8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance() -> Instance {
        let spec = InstanceSpec {
            provider: CloudProvider::Aws,
            instance_type: "g5.xlarge".to_owned(),
            region: "us-east-1".to_owned(),
            disk_size_gb: 100,
            auto_terminate_minutes: 10,
            cost_per_hour: 1.006,
        };
        Instance::provisioning("i-1".to_owned(), TenantId::parse("acme-health").expect("tenant"), spec, 0)
    }

    #[test]
    fn a_lifecycle_moves_forward_only_and_each_step_bumps_the_version() {
        let i = instance();
        let launched = i.launched("m-1", 1_000).expect("launch");
        assert_eq!((launched.status, launched.version), (InstanceStatus::Configuring, 2));
        assert!(launched.launched("m-2", 2_000).is_err(), "launched twice");
        let ready = launched.ready(Some("203.0.113.7"), 90_000).expect("ready");
        assert_eq!(ready.idle_deadline_ms(60_000, 90_000), Some(90_000 + 600_000));
        let busy = ready.worked(true, 100_000).expect("work");
        assert_eq!((busy.status, busy.idle_deadline_ms(60_000, 100_000)), (InstanceStatus::Running, Some(700_000)));
        let stopping = busy.stopping(true, None).expect("stop");
        assert!(stopping.stopping(false, None).is_none() && stopping.worked(true, 1).is_err());
        let done = stopping.terminated(200_000).expect("terminated");
        assert_eq!(done.status, InstanceStatus::Terminated);
        assert!(done.terminated(300_000).is_none());
        let failed = launched.stopping(false, Some("health check timed out")).and_then(|s| s.terminated(5_000));
        assert_eq!(failed.map(|f| f.status), Some(InstanceStatus::Failed));
    }

    #[test]
    fn a_pool_task_takes_a_ready_machine_once_and_its_time_is_added_when_released() {
        let ready = instance().launched("m-1", 0).and_then(|i| i.ready(None, 10_000)).expect("ready");
        let taken = ready.taken("t-1", 20_000).expect("taken");
        assert_eq!((taken.status, taken.task_id.as_deref()), (InstanceStatus::Running, Some("t-1")));
        assert!(taken.taken("t-2", 20_000).is_err(), "one task at a time");
        // Busy: not idle however long the task runs (10-minute idle, 1-minute steps of 1 s here).
        assert_eq!(taken.idle_deadline_ms(1_000, 900_000), Some(910_000));
        assert_eq!(taken.busy_ms_at(25_000), 5_000);
        assert!(taken.released("t-2", 30_000).is_none(), "another task cannot release it");
        let free = taken.released("t-1", 32_000).expect("released");
        assert_eq!((free.status, free.busy_ms, free.task_id.clone()), (InstanceStatus::Ready, 12_000, None));
        assert_eq!(free.idle_deadline_ms(1_000, 32_000), Some(42_000), "the idle timer restarts at release");
        // Closed while busy: the busy time still counts, the status stays.
        let closing = taken.stopping(true, None).expect("stopping").released("t-1", 40_000).expect("released");
        assert_eq!((closing.status, closing.busy_ms), (InstanceStatus::Stopping, 20_000));
        assert_eq!(format!("{:?}", ServerKey("s3cret".to_owned())), "ServerKey(redacted)");
    }

    #[test]
    fn cost_is_per_second_from_launch_with_a_60_second_minimum() {
        let i = instance();
        assert_eq!(i.cost(10_000_000), 0.0, "nothing is billed before launch");
        let launched = i.launched("m-1", 1_000).expect("launch");
        // 10 s after launch: the 60 s minimum, $1.006/h x 60/3600.
        assert_eq!(launched.billed_seconds(11_000), 60);
        assert_eq!(launched.cost(11_000), 0.01676667);
        // 1 h 30 s: 3630 s.
        assert_eq!(launched.cost(1_000 + 3_630_000), 1.01438333);
        let done = launched.stopping(true, None).and_then(|s| s.terminated(1_000 + 120_000)).expect("done");
        assert_eq!(done.billed_seconds(99_999_999), 120, "final once terminated");
    }

    #[test]
    fn azure_bills_every_second_with_no_minimum() {
        let mut i = instance();
        i.provider = CloudProvider::Azure;
        i.cost_per_hour = 0.526;
        let launched = i.launched("vm-1", 1_000).expect("launch");
        assert_eq!(launched.billed_seconds(11_000), 10);
        assert_eq!(launched.cost(11_000), (10.0 * 0.526 / 3600.0 * 1e8_f64).round() / 1e8);
        assert_eq!(launched.billed_seconds(1_000), 0);
    }
}
