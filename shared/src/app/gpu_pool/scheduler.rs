//! Where a GPU task runs: the queue's worker asks `place` at every delivery of a GPU task's
//! message, and gets a machine to run it on, a wait (the message is held back and delivered
//! again: waiting never holds a worker), or a reason to fail it.
//!
//! Each look reads the pool and its machines, drops what is stale (machines now final, with
//! their cost kept in the pool's totals; waiting entries not seen lately), records the task as
//! waiting, then:
//!
//! 1. when fewer tasks go before it than machines are free, it takes a free machine (a
//!    conditional write on the machine: of two racing tasks one wins, the other waits);
//! 2. else, when more tasks wait than free and starting machines can take and the pool has room,
//!    it starts one more machine (through the same lifecycle as `POST /api/instances`);
//! 3. else it waits.
//!
//! After `MAX_FAILED_LAUNCHES` launches in a row that never served, waiting tasks fail with the
//! last launch's error instead of waiting on.

use std::sync::Arc;
use std::time::Duration;

use super::MAX_RACES;
use crate::app::instances::service::InstanceService;
use crate::app::instances::Closer;
use crate::app::AppError;
use crate::domain::gpu_pool::{busy_cost_usd, may_take, should_start_machine, Fleet, GpuPool, MAX_FAILED_LAUNCHES};
use crate::domain::instances::{Instance, InstanceSpec, ServerKey};
use crate::domain::tasks::Task;
use crate::ports::{GpuPoolStore, LlmProvider, StoreError};

/// How long a waiting GPU task's message is held back before it looks again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SchedulerSettings {
    /// `GPU_POOL_POLL_SECONDS` (default 2): the longest a READY machine waits for a waiting task
    /// to notice it, and one delivery per waiting task this often.
    pub poll: Duration,
}

impl Default for SchedulerSettings {
    fn default() -> Self {
        Self { poll: Duration::from_secs(2) }
    }
}

impl SchedulerSettings {
    /// `GPU_POOL_POLL_SECONDS`, else `default` (2 s behind SQS, whose visibility is whole
    /// seconds; 0.25 s in `local`).
    pub fn from_env(env: &mut crate::config::EnvReader, default: Duration) -> Self {
        let seconds: f64 = env.parsed_or("GPU_POOL_POLL_SECONDS", default.as_secs_f64());
        if !(seconds.is_finite() && (0.05..=900.0).contains(&seconds)) {
            env.problem("GPU_POOL_POLL_SECONDS must be from 0.05 to 900");
            return Self::default();
        }
        Self { poll: Duration::from_secs_f64(seconds) }
    }

    /// A waiting entry not refreshed for this long belongs to a task that no longer waits.
    fn stale_ms(&self) -> i64 {
        (self.poll.as_millis() as i64) * 4 + 10_000
    }
}

/// A pool machine a task took: where its model server is, and what it costs.
#[derive(Clone, Debug)]
pub struct Machine {
    pub instance_id: String,
    pub server_url: String,
    pub key: ServerKey,
    /// The pool's model, as the machine's server names it.
    pub model: String,
    pub cost_per_hour: f64,
    /// Why this machine: the `started` event's detail.
    pub placement: String,
}

/// What the worker does with a GPU task's delivery.
#[derive(Clone, Debug)]
pub enum Placement {
    Run(Machine),
    /// Hold the message back for `delay`; `placement` says why it waits (the `waiting` event).
    Wait {
        delay: Duration,
        placement: String,
    },
    /// No machine will come: fail the task with this error.
    Fail(String),
}

/// The time a task held a machine, once released.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Released {
    pub gpu_ms: i64,
    pub gpu_cost_usd: f64,
}

/// Connects to a pool machine's OpenAI-compatible model server (`adapters::openai::PoolServers`
/// in a deployment and in `local`).
pub trait ModelServers: Send + Sync {
    fn connect(&self, machine: &Machine) -> Result<Arc<dyn LlmProvider>, String>;
}

pub struct GpuScheduler {
    pub(crate) pools: Arc<dyn GpuPoolStore>,
    /// Starts pool machines through the lifecycle, as `POST /api/instances` does.
    pub(crate) instances: Arc<InstanceService>,
    pub(crate) settings: SchedulerSettings,
    pub(crate) servers: Arc<dyn ModelServers>,
}

impl GpuScheduler {
    pub fn new(
        pools: Arc<dyn GpuPoolStore>,
        instances: Arc<InstanceService>,
        settings: SchedulerSettings,
        servers: Arc<dyn ModelServers>,
    ) -> Self {
        Self { pools, instances, settings, servers }
    }

    pub fn servers(&self) -> &Arc<dyn ModelServers> {
        &self.servers
    }

    fn now(&self) -> i64 {
        self.instances.lifecycle().clock().now_ms()
    }

    /// Applies `change` to the stored pool (again on a lost race); `None` when there is none.
    async fn update(&self, task: &Task, change: impl Fn(&mut GpuPool)) -> Result<Option<GpuPool>, StoreError> {
        for _ in 0..MAX_RACES {
            let Some(current) = self.pools.get(&task.tenant).await? else { return Ok(None) };
            let mut next = current.next(self.now());
            change(&mut next);
            match self.pools.put(&next, Some(current.version)).await {
                Ok(()) => return Ok(Some(next)),
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict)
    }

    /// The pool's machines as recorded now (those with no record are simply absent).
    async fn machines(&self, pool: &GpuPool) -> Result<Vec<Instance>, StoreError> {
        let mut machines = Vec::new();
        for id in &pool.machines {
            machines.extend(self.instances.store().get(&pool.tenant, id).await?);
        }
        Ok(machines)
    }

    /// Where `task` (a PENDING GPU task) goes at this delivery.
    pub async fn place(&self, task: &Task) -> Result<Placement, StoreError> {
        let Some(pool) = self.pools.get(&task.tenant).await? else {
            return Ok(Placement::Fail(
                "gpu_pool_missing: the tenant has no GPU pool; set one with PUT /api/gpu-pool and submit the task again"
                    .to_owned(),
            ));
        };
        let machines = self.machines(&pool).await?;
        let now = self.now();
        // A machine still holding this task: an attempt of it died there. Free it first.
        for m in machines.iter().filter(|m| m.task_id.as_deref() == Some(task.id.as_str())) {
            self.release(task, &m.id).await;
        }
        let closed: Vec<Instance> = machines.iter().filter(|m| m.status.is_final()).cloned().collect();
        let listed: Vec<String> = machines.iter().map(|m| m.id.clone()).collect();
        let stale_before = now - self.settings.stale_ms();
        let deleted = pool.deleted;
        let give_up = pool.failed_launches + closed.iter().filter(|m| m.ready_at_ms.is_none()).count() as u32
            >= MAX_FAILED_LAUNCHES;
        let leaving = deleted || give_up;
        let updated = self
            .update(task, |p| {
                for m in &closed {
                    if p.machines.contains(&m.id) {
                        p.machine_closed(m, now);
                    }
                }
                // An id with no record: its launch died before recording it, or is writing it.
                p.drop_unrecorded(&pool.machines, &listed, now);
                p.forget(None, stale_before);
                if leaving {
                    p.forget(Some(&task.id), stale_before);
                } else {
                    let _ = p.wait(&task.id, task.priority, task.created_at_ms, now);
                }
            })
            .await?;
        let Some(pool) = updated else { return Ok(missing()) };
        if deleted {
            return Ok(Placement::Fail(
                "gpu_pool_deleted: the tenant's GPU pool was deleted while the task waited; submit it again once a pool is set"
                    .to_owned(),
            ));
        }
        if give_up {
            let error = pool.last_launch_error.clone().unwrap_or_default();
            return Ok(Placement::Fail(format!(
                "gpu_launch_failed: {} launches of the pool's machines in a row failed; the last: {error}",
                pool.failed_launches.max(MAX_FAILED_LAUNCHES)
            )));
        }
        let live: Vec<&Instance> = machines.iter().filter(|m| !m.status.is_final()).collect();
        let fleet = Fleet::of(live.iter().copied());
        if may_take(pool.rank(&task.id), fleet) {
            for m in live
                .iter()
                .filter(|m| m.task_id.is_none() && m.status == crate::domain::instances::InstanceStatus::Ready)
            {
                if let Some(machine) = self.take(task, m).await? {
                    return Ok(Placement::Run(machine));
                }
            }
        }
        let placement = if should_start_machine(pool.waiting.len(), fleet, pool.config.max_instances) {
            match self.start_machine(task, &pool).await? {
                Ok(id) => format!("waiting for a GPU machine: scaled up, instance {id} is starting"),
                Err(why) => format!("waiting for a GPU machine: {why}"),
            }
        } else if fleet.starting > 0 {
            "waiting for a GPU machine: the pool's machines are starting".to_owned()
        } else if fleet.counted() >= pool.config.max_instances as usize {
            "waiting for a GPU machine: every machine is busy and the pool is at maxInstances".to_owned()
        } else {
            "waiting for a GPU machine: tasks submitted earlier or more urgent go first".to_owned()
        };
        Ok(Placement::Wait { delay: self.settings.poll, placement })
    }

    /// Takes machine `m` for `task`; `None` when another task took it first.
    async fn take(&self, task: &Task, m: &Instance) -> Result<Option<Machine>, StoreError> {
        let lifecycle = self.instances.lifecycle();
        let taken = match lifecycle.take(&task.tenant, &m.id, &task.id).await {
            Ok(taken) => taken,
            Err(e) => return Err(StoreError::Transient(e.to_string())),
        };
        let Some(taken) = taken else { return Ok(None) };
        let (Some(server_url), Some(key), Some(model)) = (&taken.server_url, &taken.server_key, &taken.pool_model)
        else {
            // Not a usable pool machine (a record without its server): give it back.
            self.release(task, &m.id).await;
            return Ok(None);
        };
        let _ = self.update(task, |p| p.forget(Some(&task.id), i64::MIN)).await;
        let why = if task.placement.is_some() {
            "a machine that became free while it waited"
        } else {
            "reused a READY machine"
        };
        Ok(Some(Machine {
            instance_id: taken.id.clone(),
            server_url: server_url.clone(),
            key: key.clone(),
            model: model.clone(),
            cost_per_hour: taken.cost_per_hour,
            placement: format!("on GPU instance {}: {why}", taken.id),
        }))
    }

    /// Starts one more machine for the pool: recorded in the pool first (on condition that the
    /// pool still has room), then created and its lifecycle started. Its id, or why none started.
    async fn start_machine(&self, task: &Task, pool: &GpuPool) -> Result<Result<String, &'static str>, StoreError> {
        if let Err(err) = self.instances.admit_one_more(&task.tenant).await {
            tracing::info!(error = %err, "a GPU pool could not start a machine");
            return Ok(Err("the tenant's machine limit (TENANT_MAX_RUNNING_INSTANCES) is reached"));
        }
        let c = &pool.config;
        let spec = InstanceSpec {
            provider: c.provider,
            instance_type: c.instance_type.clone(),
            region: c.region.clone(),
            disk_size_gb: c.disk_size_gb,
            auto_terminate_minutes: c.idle_minutes,
            cost_per_hour: c.cost_per_hour,
        };
        let mut machine = Instance::provisioning(crate::ids::new_id(), task.tenant.clone(), spec, self.now());
        machine.pool_model = Some(c.model.clone());
        machine.purpose = Some("GPU pool".to_owned());
        machine.server_key = Some(new_key().map_err(StoreError::Unavailable)?);
        let id = machine.id.clone();
        let (max, now) = (c.max_instances as usize, self.now());
        let recorded = self
            .update(task, |p| {
                if p.machines.len() < max && !p.deleted {
                    p.machine_started(&id, now);
                }
            })
            .await?;
        if !recorded.is_some_and(|p| p.machines.contains(&id)) {
            return Ok(Err("another task started the machine the pool had room for"));
        }
        match self.instances.launch(&task.tenant, machine).await {
            Ok(_) => Ok(Ok(id)),
            Err(err) => {
                let _ = self.update(task, |p| p.machine_not_started(&id)).await;
                Err(match err {
                    AppError::Unavailable { dependency } => StoreError::Transient(format!("{dependency} unavailable")),
                    other => StoreError::Transient(other.to_string()),
                })
            }
        }
    }

    /// The task leaves machine `id` after a failed attempt. The failure may be the machine's: when
    /// the cloud no longer runs it, it is closed FAILED first, so neither the task's next attempt
    /// nor another task is placed on it.
    pub async fn release_after_failure(&self, task: &Task, id: &str) -> Option<Released> {
        match self.instances.lifecycle().close_if_vanished(&task.tenant, id).await {
            Ok(true) => tracing::warn!(instance = %id, "a GPU pool machine vanished under its task; closed"),
            Ok(false) => {}
            // The lifecycle's own check still finds it gone.
            Err(e) => tracing::warn!(instance = %id, error = %e, "a GPU pool machine could not be checked"),
        }
        self.release(task, id).await
    }

    /// The task leaves machine `id`: READY again for the next task (idle timer restarted), or,
    /// when the pool was deleted meanwhile, terminated. The time it held the machine, when it did.
    pub async fn release(&self, task: &Task, id: &str) -> Option<Released> {
        let lifecycle = self.instances.lifecycle();
        let released = match lifecycle.release(&task.tenant, id, &task.id).await {
            Ok(released) => released,
            Err(e) => {
                // The lifecycle's check or the reconciler still end the machine; the task's
                // next attempt frees it (see `place`).
                tracing::warn!(instance = %id, error = %e, "a GPU pool machine was not released");
                return None;
            }
        };
        let (machine, gpu_ms) = released?;
        let deleted = self.pools.get(&task.tenant).await.ok().flatten().is_none_or(|p| p.deleted);
        if deleted && !machine.status.is_final() {
            if let Err(e) = lifecycle.close(&task.tenant, id, Closer::Lifecycle, None).await {
                tracing::warn!(instance = %id, error = %e, "a deleted pool's machine was not closed now");
            }
        }
        Some(Released { gpu_ms, gpu_cost_usd: busy_cost_usd(machine.cost_per_hour, gpu_ms) })
    }
}

/// What `place` answers when the pool vanished between two reads of it.
fn missing() -> Placement {
    Placement::Fail("gpu_pool_missing: the tenant's GPU pool is gone".to_owned())
}

/// A new machine's inference-server secret: 256 random bits.
fn new_key() -> Result<ServerKey, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for a machine's secret: {e}"))?;
    Ok(ServerKey(hex::encode(bytes)))
}
