//! Per-tenant fairness limits, so that one tenant cannot starve the others: how many tasks a
//! tenant may have waiting at each priority (the queue serves URGENT first, so unlimited URGENT
//! work of one tenant would hold every other tenant's work back), and how many machines it may
//! have rented at once. The rule is here; the use cases count and ask it.

use std::fmt;

use crate::domain::instances::InstanceStatus;
use crate::domain::tasks::Priority;

/// One limit, named by the setting that configures it (its stable id in a refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Tasks of the priority waiting (PENDING, retries waiting for their backoff included).
    WaitingTasks(Priority),
    /// Machines rented and not yet gone (`counts_as_running`).
    RunningInstances,
}

impl Limit {
    /// The environment variable that sets the limit; also what a refusal's `limit` says.
    pub fn setting(self) -> &'static str {
        match self {
            Self::WaitingTasks(Priority::Urgent) => "TENANT_MAX_WAITING_TASKS_URGENT",
            Self::WaitingTasks(Priority::High) => "TENANT_MAX_WAITING_TASKS_HIGH",
            Self::WaitingTasks(Priority::Normal) => "TENANT_MAX_WAITING_TASKS_NORMAL",
            Self::WaitingTasks(Priority::Low) => "TENANT_MAX_WAITING_TASKS_LOW",
            Self::RunningInstances => "TENANT_MAX_RUNNING_INSTANCES",
        }
    }
}

/// A refusal: the tenant already has `current` of what `limit` allows `max` of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitReached {
    pub limit: Limit,
    pub max: u32,
    pub current: u64,
    /// Seconds after which a retry may find a free slot, when there is an estimate.
    pub retry_after_s: Option<u64>,
}

impl fmt::Display for LimitReached {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (max, current, setting) = (self.max, self.current, self.limit.setting());
        match self.limit {
            Limit::WaitingTasks(priority) => write!(
                f,
                "the tenant has {current} {} tasks waiting and {setting} allows {max}; submit more once some \
                 have started, or at another priority",
                priority.as_str()
            ),
            Limit::RunningInstances => write!(
                f,
                "the tenant has {current} instances running or starting and {setting} allows {max}; terminate \
                 one first"
            ),
        }
    }
}

/// Admits one more when fewer than `max` are counted now. A negative count (a counter that a
/// lost race left below zero) counts as none.
pub fn admit(limit: Limit, max: u32, current: i64) -> Result<(), LimitReached> {
    let current = u64::try_from(current).unwrap_or(0);
    if current < u64::from(max) {
        Ok(())
    } else {
        Err(LimitReached { limit, max, current, retry_after_s: None })
    }
}

/// Whether a machine in `status` counts against `TENANT_MAX_RUNNING_INSTANCES`: every one that
/// is starting, up, or still being stopped (it is billed until it is gone).
pub fn counts_as_running(status: InstanceStatus) -> bool {
    !status.is_final()
}

/// When a waiting task may have started: the mean processing time spread over the workers,
/// between 1 and 60 seconds; 5 when nothing has finished yet to measure.
pub fn waiting_retry_after_s(average_processing_ms: Option<f64>, workers: u32) -> u64 {
    match average_processing_ms {
        Some(ms) if ms.is_finite() && ms > 0.0 => {
            let secs = (ms / 1000.0 / f64::from(workers.max(1))).ceil();
            (secs as u64).clamp(1, 60)
        }
        _ => 5,
    }
}

/// The most tasks a tenant may have waiting, per priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitingLimits {
    pub urgent: u32,
    pub high: u32,
    pub normal: u32,
    pub low: u32,
}

/// The defaults: URGENT is for the few tasks that must jump the queue.
impl Default for WaitingLimits {
    fn default() -> Self {
        Self { urgent: 10, high: 50, normal: 200, low: 500 }
    }
}

impl WaitingLimits {
    pub fn max(&self, priority: Priority) -> u32 {
        match priority {
            Priority::Urgent => self.urgent,
            Priority::High => self.high,
            Priority::Normal => self.normal,
            Priority::Low => self.low,
        }
    }

    /// Admits one more task of `priority` when the tenant has `waiting` of them.
    pub fn admit(&self, priority: Priority, waiting: i64) -> Result<(), LimitReached> {
        admit(Limit::WaitingTasks(priority), self.max(priority), waiting)
    }
}

/// The default of `TENANT_MAX_RUNNING_INSTANCES`.
pub const DEFAULT_MAX_RUNNING_INSTANCES: u32 = 5;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nth_plus_one_is_refused_naming_the_limit() {
        let limits = WaitingLimits { urgent: 3, ..WaitingLimits::default() };
        assert_eq!(limits.admit(Priority::Urgent, 2), Ok(()));
        let refused = limits.admit(Priority::Urgent, 3).expect_err("at the limit");
        assert_eq!(refused.limit.setting(), "TENANT_MAX_WAITING_TASKS_URGENT");
        assert_eq!((refused.max, refused.current), (3, 3));
        assert!(refused.to_string().contains("3 URGENT tasks waiting"), "{refused}");
        assert!(limits.admit(Priority::Urgent, 7).is_err(), "past the limit (a race overshot it)");
        assert_eq!(limits.admit(Priority::Low, 3), Ok(()), "each priority has its own limit");
    }

    #[test]
    fn a_negative_count_is_none_and_a_zero_limit_admits_nothing() {
        assert_eq!(admit(Limit::RunningInstances, 1, -2), Ok(()));
        let refused = admit(Limit::RunningInstances, 0, 0).expect_err("zero admits nothing");
        assert_eq!((refused.limit.setting(), refused.current), ("TENANT_MAX_RUNNING_INSTANCES", 0));
    }

    #[test]
    fn every_machine_not_gone_counts_as_running() {
        let counted: Vec<_> = InstanceStatus::ALL.into_iter().filter(|s| counts_as_running(*s)).collect();
        assert_eq!(
            counted,
            [
                InstanceStatus::Provisioning,
                InstanceStatus::Configuring,
                InstanceStatus::Ready,
                InstanceStatus::Running,
                InstanceStatus::Stopping
            ]
        );
    }

    #[test]
    fn retry_after_spreads_the_mean_over_the_workers_within_bounds() {
        assert_eq!(waiting_retry_after_s(None, 2), 5);
        assert_eq!(waiting_retry_after_s(Some(7_000.0), 2), 4);
        assert_eq!(waiting_retry_after_s(Some(10.0), 2), 1);
        assert_eq!(waiting_retry_after_s(Some(3_600_000.0), 1), 60);
        assert_eq!(waiting_retry_after_s(Some(f64::NAN), 0), 5);
    }

    #[test]
    fn every_limit_has_its_own_setting() {
        let mut names: Vec<_> = Priority::ALL.iter().map(|p| Limit::WaitingTasks(*p).setting()).collect();
        names.push(Limit::RunningInstances.setting());
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 5);
    }
}
