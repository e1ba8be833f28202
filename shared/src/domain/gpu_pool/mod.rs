//! A tenant's GPU pool: the machine type its GPU tasks run on, how many machines may run at once,
//! how long one may idle, and the pure rules the queue's worker decides by:
//!
//! - whether a waiting task starts one more machine (`should_start_machine`);
//! - whether a waiting task may take a READY machine now, or must leave it to an older or more
//!   urgent one (`may_take`);
//! - what the pool has cost, and how much of it the tasks used (`PoolSpend`);
//! - which model a pool's machines load (`served_model`).
//!
//! The record also carries the pool's bookkeeping (its machines, its waiting tasks, the launches
//! that failed in a row); every change bumps `version` and is written on condition of it.

mod models;

use serde::{Deserialize, Serialize};

pub use models::{served_model, ServedModel, SERVED_MODELS};

use super::instances::{CloudProvider, Instance, InstanceStatus};
use super::tasks::Priority;
use super::tenant::TenantId;

/// Launches that fail in a row (provisioning or configuring) before the waiting tasks fail with
/// the last launch's error instead of waiting for another machine.
pub const MAX_FAILED_LAUNCHES: u32 = 3;
/// Most GPU tasks a pool keeps in its waiting list (the record stays far below DynamoDB's 400 KB).
pub const MAX_WAITING: usize = 500;

/// The pool's configuration, as `PUT /api/gpu-pool` sets it (validated), and as `GET` shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolConfig {
    pub provider: CloudProvider,
    pub instance_type: String,
    pub region: String,
    /// The pool's model as tasks name it (`llama3.1:8b`), a key of `SERVED_MODELS`.
    pub model: String,
    /// The most machines at once, those still starting included.
    pub max_instances: u32,
    /// Minutes a machine with no task waits before it terminates.
    pub idle_minutes: u32,
    #[serde(rename = "diskSizeGB")]
    pub disk_size_gb: u32,
    /// The catalog's hourly price of one machine (USD) when the pool was set.
    pub cost_per_hour: f64,
}

/// A GPU task waiting for one of the pool's machines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaitingTask {
    pub task_id: String,
    pub priority: Priority,
    /// When the task was submitted: the older of two equally urgent tasks goes first.
    pub created_at_ms: i64,
    /// When its message was last seen waiting; an entry not seen for a while belongs to a task
    /// that no longer waits (cancelled, or backing off a failed attempt) and is dropped.
    pub seen_at_ms: i64,
}

/// How long a machine the pool started may have no record before its launch counts as dead: the
/// launch writes the record right after the pool counts the machine, one store write later.
pub const LAUNCH_RECORD_GRACE_MS: i64 = 60_000;

/// A machine the pool started and when; see `GpuPool::launches`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Launch {
    pub id: String,
    pub at_ms: i64,
}

/// Serialized whole (camelCase JSON) by the DynamoDB adapter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GpuPool {
    pub tenant: TenantId,
    pub config: PoolConfig,
    /// `DELETE /api/gpu-pool`: no new work; machines finish their task, then terminate.
    pub deleted: bool,
    /// The pool's machines (instance ids) not yet seen final.
    pub machines: Vec<String>,
    /// When each machine of `machines` whose record was not seen yet was added: a machine counts
    /// in the pool before its launch writes its record, so a machine with no record is a launch
    /// that died only once it is older than `LAUNCH_RECORD_GRACE_MS` (`drop_unrecorded`). Absent
    /// from pools stored before it: their record-less machines are dropped as before.
    #[serde(default)]
    pub launches: Vec<Launch>,
    pub waiting: Vec<WaitingTask>,
    /// Launches that ended before their machine was ever READY, in a row.
    pub failed_launches: u32,
    pub last_launch_error: Option<String>,
    /// Cost and busy (task) cost of the machines that were final when last seen, so the spend
    /// survives their leaving `machines`.
    pub closed_cost_usd: f64,
    pub closed_task_cost_usd: f64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub version: u64,
}

impl GpuPool {
    pub fn new(tenant: TenantId, config: PoolConfig, now_ms: i64) -> Self {
        Self {
            tenant,
            config,
            deleted: false,
            machines: Vec::new(),
            launches: Vec::new(),
            waiting: Vec::new(),
            failed_launches: 0,
            last_launch_error: None,
            closed_cost_usd: 0.0,
            closed_task_cost_usd: 0.0,
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            version: 1,
        }
    }

    /// The next version, for one change.
    pub fn next(&self, now_ms: i64) -> Self {
        Self { version: self.version + 1, updated_at_ms: now_ms, ..self.clone() }
    }

    /// A new configuration (a repeated `PUT`): the machines, waiting tasks and spend stay; a
    /// deleted pool is live again, its failed-launch count reset.
    pub fn reconfigured(&self, config: PoolConfig, now_ms: i64) -> Self {
        let mut next = self.next(now_ms);
        next.config = config;
        next.deleted = false;
        next.failed_launches = 0;
        next.last_launch_error = None;
        next
    }

    /// The task's entry refreshed (added when new): its place among the waiting. `None` when the
    /// list is full.
    pub fn wait(&mut self, task_id: &str, priority: Priority, created_at_ms: i64, now_ms: i64) -> Option<()> {
        if let Some(entry) = self.waiting.iter_mut().find(|w| w.task_id == task_id) {
            entry.seen_at_ms = now_ms;
            return Some(());
        }
        if self.waiting.len() >= MAX_WAITING {
            return None;
        }
        self.waiting.push(WaitingTask { task_id: task_id.to_owned(), priority, created_at_ms, seen_at_ms: now_ms });
        Some(())
    }

    /// Drops the entries not seen since `seen_after_ms` and the task `done` (it has a machine,
    /// or no longer waits).
    pub fn forget(&mut self, done: Option<&str>, seen_after_ms: i64) {
        self.waiting.retain(|w| Some(w.task_id.as_str()) != done && w.seen_at_ms >= seen_after_ms);
    }

    /// How many waiting tasks go before `task_id`: more urgent ones, then older ones of its
    /// priority (the queue's order without its aging).
    pub fn rank(&self, task_id: &str) -> usize {
        let Some(me) = self.waiting.iter().find(|w| w.task_id == task_id) else { return self.waiting.len() };
        let key = |w: &WaitingTask| (w.priority.rank(), w.created_at_ms, w.task_id.clone());
        self.waiting.iter().filter(|w| key(w) < key(me)).count()
    }

    /// A machine the pool starts, before its launch writes its record: it counts at once.
    pub fn machine_started(&mut self, id: &str, now_ms: i64) {
        self.machines.push(id.to_owned());
        self.launches.push(Launch { id: id.to_owned(), at_ms: now_ms });
    }

    /// A machine whose launch failed before it was created: it no longer counts.
    pub fn machine_not_started(&mut self, id: &str) {
        self.machines.retain(|m| m != id);
        self.launches.retain(|l| l.id != id);
    }

    /// Drops the machines that have no record and whose launch died: those of `listed_from`
    /// (the machines whose records were just read) absent from `recorded`, unless their launch
    /// began less than `LAUNCH_RECORD_GRACE_MS` before `now_ms` and may still be writing the
    /// record. Without that grace, a task placed between another task's start of a machine and
    /// its record's write dropped the machine and started one more than `maxInstances`. A machine
    /// added after the records were read is kept; a launch entry goes once its record is seen.
    pub fn drop_unrecorded(&mut self, listed_from: &[String], recorded: &[String], now_ms: i64) {
        let launching = |id: &String, launches: &[Launch]| {
            launches.iter().any(|l| l.id == *id && l.at_ms > now_ms - LAUNCH_RECORD_GRACE_MS)
        };
        let launches = std::mem::take(&mut self.launches);
        self.machines.retain(|id| recorded.contains(id) || !listed_from.contains(id) || launching(id, &launches));
        self.launches =
            launches.into_iter().filter(|l| self.machines.contains(&l.id) && !recorded.contains(&l.id)).collect();
    }

    /// A machine seen final: it leaves `machines`, its cost and task share stay in the totals,
    /// and a launch that never became READY counts as failed (one that did resets the count).
    pub fn machine_closed(&mut self, machine: &Instance, now_ms: i64) {
        self.machines.retain(|id| *id != machine.id);
        self.closed_cost_usd = round_usd(self.closed_cost_usd + machine.cost(now_ms));
        self.closed_task_cost_usd = round_usd(self.closed_task_cost_usd + task_share_usd(machine, now_ms));
        if machine.ready_at_ms.is_some() {
            self.failed_launches = 0;
        } else {
            self.failed_launches += 1;
            self.last_launch_error =
                machine.error.clone().or_else(|| Some("the machine never became READY".to_owned()));
        }
    }
}

/// How the pool's machines stand, as `should_start_machine` counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fleet {
    /// PROVISIONING or CONFIGURING: will be READY.
    pub starting: usize,
    /// READY with no task.
    pub free: usize,
    /// RUNNING a task.
    pub busy: usize,
}

impl Fleet {
    pub fn of<'a>(machines: impl IntoIterator<Item = &'a Instance>) -> Self {
        let mut fleet = Self::default();
        for m in machines {
            match m.status {
                InstanceStatus::Provisioning | InstanceStatus::Configuring => fleet.starting += 1,
                InstanceStatus::Ready if m.task_id.is_none() && !m.terminate_requested => fleet.free += 1,
                InstanceStatus::Ready | InstanceStatus::Running => fleet.busy += 1,
                _ => {}
            }
        }
        fleet
    }

    /// Machines that count against `maxInstances`: every one not stopping or final.
    pub fn counted(&self) -> usize {
        self.starting + self.free + self.busy
    }
}

/// Start one more machine when more tasks wait than free and starting machines can take, and
/// fewer than `max_instances` machines exist (those still provisioning included).
pub fn should_start_machine(waiting: usize, fleet: Fleet, max_instances: u32) -> bool {
    waiting > fleet.free + fleet.starting && fleet.counted() < max_instances as usize
}

/// A waiting task may take a free machine when fewer tasks go before it than machines are free:
/// the oldest, most urgent waiting task takes the first machine that becomes READY.
pub fn may_take(rank: usize, fleet: Fleet) -> bool {
    rank < fleet.free
}

/// USD, kept to a millionth of a cent.
pub fn round_usd(usd: f64) -> f64 {
    (usd * 1e8).round() / 1e8
}

/// The cost of `busy_ms` of a machine at `cost_per_hour`: a task's GPU cost.
pub fn busy_cost_usd(cost_per_hour: f64, busy_ms: i64) -> f64 {
    round_usd(busy_ms.max(0) as f64 / 3_600_000.0 * cost_per_hour)
}

/// The part of a machine's cost its tasks used, up to `now_ms` (never above the machine's cost).
pub fn task_share_usd(machine: &Instance, now_ms: i64) -> f64 {
    busy_cost_usd(machine.cost_per_hour, machine.busy_ms_at(now_ms)).min(machine.cost(now_ms))
}

/// What a pool has cost: every machine's cost from launch to termination, the tasks' share of
/// it, and the rest, the time machines stood idle (booting, waiting for work, the billing minimum).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PoolSpend {
    pub total_usd: f64,
    pub tasks_usd: f64,
    pub idle_usd: f64,
}

impl PoolSpend {
    /// The spend of `pool` with its live `machines` (those of `pool.machines` still recorded).
    pub fn of<'a>(pool: &GpuPool, machines: impl IntoIterator<Item = &'a Instance>, now_ms: i64) -> Self {
        let (mut total, mut tasks) = (pool.closed_cost_usd, pool.closed_task_cost_usd);
        for m in machines {
            total += m.cost(now_ms);
            tasks += task_share_usd(m, now_ms);
        }
        let (total, tasks) = (round_usd(total), round_usd(tasks));
        Self { total_usd: total, tasks_usd: tasks, idle_usd: round_usd(total - tasks) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::instances::InstanceSpec;

    fn config() -> PoolConfig {
        PoolConfig {
            provider: CloudProvider::Aws,
            instance_type: "g5.xlarge".to_owned(),
            region: "us-east-1".to_owned(),
            model: "qwen2.5:7b".to_owned(),
            max_instances: 2,
            idle_minutes: 10,
            disk_size_gb: 100,
            cost_per_hour: 1.006,
        }
    }

    fn pool() -> GpuPool {
        GpuPool::new(TenantId::parse("acme").expect("tenant"), config(), 0)
    }

    fn machine(id: &str) -> Instance {
        let spec = InstanceSpec {
            provider: CloudProvider::Aws,
            instance_type: "g5.xlarge".to_owned(),
            region: "us-east-1".to_owned(),
            disk_size_gb: 100,
            auto_terminate_minutes: 10,
            cost_per_hour: 3.6,
        };
        Instance::provisioning(id.to_owned(), TenantId::parse("acme").expect("tenant"), spec, 0)
    }

    /// A machine started a moment ago has no record yet and stays counted; one whose launch is
    /// older than the grace, or that was counted before launches were timed, is dropped; a machine
    /// added after the records were read is kept; a recorded machine forgets its launch time.
    #[test]
    fn a_machine_with_no_record_is_dropped_only_once_its_launch_is_old() {
        let mut p = pool();
        p.machine_started("fresh", 100_000);
        p.machine_started("dead", 100_000 - LAUNCH_RECORD_GRACE_MS);
        p.machine_started("recorded", 0);
        p.machines.push("legacy".to_owned());
        let listed_from = p.machines.clone();
        p.machine_started("after", 100_000);
        p.drop_unrecorded(&listed_from, &["recorded".to_owned()], 100_000);
        assert_eq!(p.machines, ["fresh", "recorded", "after"]);
        let launching: Vec<&str> = p.launches.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(launching, ["fresh", "after"]);
        p.machine_not_started("after");
        assert_eq!(p.machines, ["fresh", "recorded"]);
        assert_eq!(p.launches.len(), 1);
    }

    #[test]
    fn one_more_machine_starts_only_while_tasks_outnumber_machines_and_the_pool_has_room() {
        let fleet = |starting, free, busy| Fleet { starting, free, busy };
        assert!(should_start_machine(1, fleet(0, 0, 0), 2), "scale from zero");
        assert!(!should_start_machine(1, fleet(1, 0, 0), 2), "one starting machine will take it");
        assert!(should_start_machine(3, fleet(1, 0, 0), 2));
        assert!(!should_start_machine(6, fleet(2, 0, 0), 2), "never more than maxInstances, starting included");
        assert!(!should_start_machine(6, fleet(1, 0, 1), 2));
        assert!(!should_start_machine(1, fleet(0, 1, 1), 5), "a free machine takes it");
        assert!(!should_start_machine(0, fleet(0, 0, 0), 2), "to zero: nothing waits, nothing starts");
    }

    #[test]
    fn the_most_urgent_then_oldest_task_takes_the_first_free_machine() {
        let mut p = pool();
        p.wait("low-old", Priority::Low, 1, 10).expect("room");
        p.wait("high-new", Priority::High, 5, 10).expect("room");
        p.wait("high-old", Priority::High, 2, 10).expect("room");
        assert_eq!((p.rank("high-old"), p.rank("high-new"), p.rank("low-old")), (0, 1, 2));
        let one_free = Fleet { free: 1, ..Fleet::default() };
        assert!(may_take(p.rank("high-old"), one_free) && !may_take(p.rank("low-old"), one_free));
        // An entry not seen since 10 is dropped; the task that got a machine leaves.
        p.wait("high-new", Priority::High, 5, 20).expect("seen again");
        p.forget(Some("high-old"), 15);
        assert_eq!(p.waiting.iter().map(|w| w.task_id.as_str()).collect::<Vec<_>>(), ["high-new"]);
        assert_eq!(p.rank("high-new"), 0);
    }

    #[test]
    fn the_waiting_list_is_bounded() {
        let mut p = pool();
        for i in 0..MAX_WAITING {
            p.wait(&format!("t{i}"), Priority::Normal, i as i64, 0).expect("room");
        }
        assert!(p.wait("one-more", Priority::Urgent, 0, 0).is_none());
        assert!(p.wait("t3", Priority::Normal, 3, 1).is_some(), "a task already listed is refreshed");
    }

    #[test]
    fn the_spend_splits_into_the_tasks_share_and_idle_time_and_survives_a_machine_closing() {
        // $3.60/h = $0.001/s. Launched at 0, ready at 30 s, one task from 40 s to 100 s, idle to 400 s.
        let m = machine("m1").launched("i-1", 0).and_then(|m| m.ready(None, 30_000)).expect("ready");
        let m = m.taken("t1", 40_000).expect("taken").released("t1", 100_000).expect("released");
        let mut p = pool();
        p.machines.push("m1".to_owned());
        let live = PoolSpend::of(&p, [&m], 400_000);
        assert_eq!(live, PoolSpend { total_usd: 0.4, tasks_usd: 0.06, idle_usd: 0.34 });
        let closed = m.stopping(false, None).and_then(|m| m.terminated(400_000)).expect("closed");
        p.machine_closed(&closed, 999_000);
        assert_eq!(PoolSpend::of(&p, [], 999_000), live, "the same once the machine is gone");
        assert_eq!((p.failed_launches, p.machines.len()), (0, 0));
    }

    #[test]
    fn launches_that_never_serve_are_counted_in_a_row_with_their_error() {
        let mut p = pool();
        let failed = machine("m1")
            .launched("i-1", 0)
            .ok()
            .and_then(|m| m.stopping(false, Some("Instance.Capacity: no g5 in us-east-1")))
            .and_then(|m| m.terminated(5_000))
            .expect("failed");
        p.machine_closed(&failed, 5_000);
        p.machine_closed(&failed, 5_000);
        assert_eq!(p.failed_launches, 2);
        assert_eq!(p.last_launch_error.as_deref(), Some("Instance.Capacity: no g5 in us-east-1"));
        // Billed the 60 s minimum, all of it idle.
        assert_eq!(PoolSpend::of(&p, [], 5_000).idle_usd, 0.12);
    }
}
