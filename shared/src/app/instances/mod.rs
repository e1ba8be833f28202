//! The instance lifecycle's steps, as the state machine (`statemachines/instance-lifecycle.asl.json`)
//! calls them: `provision`, `check` and `terminate`, each a Step Functions task function in AWS and
//! an in-process call in `local`. Each reads the record, asks the cloud, and writes the record's
//! next state with a conditional write; each is safe to run again (a retry, a redelivery).
//!
//! Every execution's input is `{"tenantId", "instanceId"}` (`ExecutionInput`); each step answers
//! its typed output or a `LifecycleError`, which `workflow::TaskError::from` names as the ASL
//! lists it (`Instance.Transient` is retried; anything else is caught and sent to `terminate`,
//! which records it and ends the execution FAILED, with the machine gone). See `steps`.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::domain::instances::{CloudProvider, Instance, InstanceStatus};
use crate::domain::tenant::TenantId;
use crate::ports::{
    Clock, ComputeError, ComputeProvider, InstanceStore, LaunchSpec, MachineSecrets, MachineState, ServerLaunch,
    StoreError,
};
use crate::workflow::TaskError;

pub mod reconcile;
pub mod service;
mod steps;

use steps::{compute_failure, secret_failure, store_failure};
pub use steps::{
    errors, CaughtError, CheckOutput, ExecutionInput, Failure, LifecycleError, Phase, ProvisionOutput, TerminateOutput,
};

/// Tag keys every machine carries, so the reconciler finds the product's machines.
pub const TAG_PRODUCT: &str = "ai-analysis-backend:product";
pub const TAG_TENANT: &str = "ai-analysis-backend:tenant";
pub const TAG_INSTANCE: &str = "ai-analysis-backend:instance";
/// On a pool machine's secret in Secrets Manager: the ARN of the one machine whose instance
/// profile may read it (template.yaml's `GpuMachineRole` compares it with `ec2:SourceInstanceARN`).
pub const TAG_MACHINE: &str = "ai-analysis-backend:machine";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LifecycleSettings {
    /// How often a configuring machine is asked whether it serves.
    pub configure_poll: Duration,
    /// Longest a launched machine may take to serve before it is given up (and terminated).
    pub configure_timeout: Duration,
    /// Longest single wait between idle checks.
    pub max_wait: Duration,
    /// How long an idle minute lasts: 60 s, except in `local`'s simulation
    /// (`LOCAL_SIM_MINUTE_SECONDS`), where a demo idles a machine out in seconds.
    pub minute: Duration,
}

impl LifecycleSettings {
    pub fn minute_ms(&self) -> i64 {
        self.minute.as_millis() as i64
    }
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        Self {
            configure_poll: Duration::from_secs(15),
            configure_timeout: Duration::from_secs(15 * 60),
            max_wait: Duration::from_secs(3600),
            minute: Duration::from_secs(60),
        }
    }
}

/// The compute provider of each cloud this deployment rents from, and where each cloud's pool
/// machines read their server secret at boot (Secrets Manager for EC2, Key Vault for Azure).
#[derive(Clone, Default)]
pub struct Clouds {
    pub aws: Option<Arc<dyn ComputeProvider>>,
    pub azure: Option<Arc<dyn ComputeProvider>>,
    pub aws_secrets: Option<Arc<dyn MachineSecrets>>,
    pub azure_secrets: Option<Arc<dyn MachineSecrets>>,
}

impl Clouds {
    /// The same provider for both clouds (`local`'s simulated one).
    pub fn both(provider: Arc<dyn ComputeProvider>) -> Self {
        Self { aws: Some(provider.clone()), azure: Some(provider), ..Self::default() }
    }

    /// The same clouds, both keeping their machines' secrets in `secrets` (`local`'s memory store).
    pub fn with_secrets(self, secrets: Arc<dyn MachineSecrets>) -> Self {
        Self { aws_secrets: Some(secrets.clone()), azure_secrets: Some(secrets), ..self }
    }

    pub fn get(&self, provider: CloudProvider) -> Option<&Arc<dyn ComputeProvider>> {
        match provider {
            CloudProvider::Aws => self.aws.as_ref(),
            CloudProvider::Azure => self.azure.as_ref(),
        }
    }

    /// Where `provider`'s pool machines read their server secret.
    pub fn secrets(&self, provider: CloudProvider) -> Option<&Arc<dyn MachineSecrets>> {
        match provider {
            CloudProvider::Aws => self.aws_secrets.as_ref(),
            CloudProvider::Azure => self.azure_secrets.as_ref(),
        }
    }
}

pub struct Lifecycle {
    pub(crate) store: Arc<dyn InstanceStore>,
    pub(crate) clouds: Clouds,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) settings: LifecycleSettings,
    /// Where a terminated machine's cost is counted per day.
    usage: Option<crate::app::usage::UsageMeter>,
}

impl Lifecycle {
    pub fn new(
        store: Arc<dyn InstanceStore>,
        clouds: Clouds,
        clock: Arc<dyn Clock>,
        settings: LifecycleSettings,
    ) -> Self {
        Self { store, clouds, clock, settings, usage: None }
    }

    /// Counts each machine's final cost in its tenant's daily usage, on the day it terminates.
    pub fn metered(mut self, usage: crate::app::usage::UsageMeter) -> Self {
        self.usage = Some(usage);
        self
    }

    /// The clouds machines are rented from.
    pub fn clouds(&self) -> &Clouds {
        &self.clouds
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    fn cloud(&self, instance: &Instance) -> Result<&Arc<dyn ComputeProvider>, LifecycleError> {
        self.clouds.get(instance.provider).ok_or_else(|| {
            LifecycleError::new(Failure::Invalid, format!("no {:?} compute provider is configured", instance.provider))
        })
    }

    async fn read(&self, tenant: &TenantId, id: &str) -> Result<Instance, LifecycleError> {
        self.store
            .get(tenant, id)
            .await
            .map_err(store_failure)?
            .ok_or_else(|| LifecycleError::new(Failure::NotFound, format!("no instance {id}")))
    }

    /// Applies `change` to the record as stored, again on a lost race; `None` from `change` means
    /// nothing to do. Returns the record as it now is.
    async fn change(
        &self,
        tenant: &TenantId,
        id: &str,
        change: impl Fn(&Instance) -> Option<Instance>,
    ) -> Result<Instance, LifecycleError> {
        for _ in 0..5 {
            let current = self.read(tenant, id).await?;
            let Some(next) = change(&current) else { return Ok(current) };
            match self.store.update(&current, &next).await {
                Ok(()) => return Ok(next),
                Err(StoreError::Conflict) => continue,
                Err(err) => return Err(store_failure(err)),
            }
        }
        Err(LifecycleError::new(Failure::Transient, "the record kept changing"))
    }

    /// Launches the machine (idempotently: the instance id is the client token) and records it.
    pub async fn provision(&self, input: &ExecutionInput) -> Result<ProvisionOutput, LifecycleError> {
        let tenant = input.tenant()?;
        let instance = self.read(&tenant, &input.instance_id).await?;
        if let Some(machine) = &instance.machine_id {
            return Ok(ProvisionOutput { machine_id: machine.clone() });
        }
        if instance.terminate_requested || instance.status != InstanceStatus::Provisioning {
            return Err(LifecycleError::new(
                Failure::Invalid,
                format!("instance is {:?}; not launching", instance.status),
            ));
        }
        let cloud = self.cloud(&instance)?;
        let mut spec = LaunchSpec {
            client_token: instance.id.clone(),
            instance_type: instance.instance_type.clone(),
            region: instance.region.clone(),
            disk_size_gb: instance.disk_size_gb,
            tags: vec![
                (TAG_PRODUCT.to_owned(), "true".to_owned()),
                (TAG_TENANT.to_owned(), tenant.to_string()),
                (TAG_INSTANCE.to_owned(), instance.id.clone()),
            ],
            server: None,
        };
        spec.server = self.server_launch(&instance, &spec.tags).await?;
        let machine = match cloud.launch(&spec).await {
            Ok(machine) => machine,
            Err(err) => {
                // A launch given up (not retried) leaves no secret behind; a transient failure
                // keeps it for the retry, which may find the machine already booting with it.
                if !matches!(err, ComputeError::Transient(_)) {
                    self.forget_secret(&instance).await;
                }
                return Err(compute_failure(err));
            }
        };
        if let (Some(server), Some(secrets)) = (&spec.server, self.clouds.secrets(instance.provider)) {
            secrets.bind(&server.key, &instance.region, &machine).await.map_err(secret_failure)?;
        }
        let now = self.clock.now_ms();
        let recorded = self.change(&tenant, &instance.id, |i| i.launched(&machine, now).ok()).await?;
        if recorded.machine_id.as_deref() != Some(machine.as_str()) {
            // A DELETE won the race: the machine must still go.
            self.cloud(&instance)?.terminate(&instance.region, &machine).await.map_err(compute_failure)?;
            return Err(LifecycleError::new(Failure::Invalid, "the instance was deleted while it launched"));
        }
        Ok(ProvisionOutput { machine_id: machine })
    }

    /// Where the machine stands: `{"phase": "CONFIGURING" | "READY" | "STOP", "waitSeconds"}`.
    /// Marks it READY once it serves, and STOPPING when its idle time is up or a DELETE asked;
    /// `waitSeconds` is how long the state machine waits before asking again (until the idle
    /// deadline, so an idle machine costs one check per idle period).
    pub async fn check(&self, input: &ExecutionInput) -> Result<CheckOutput, LifecycleError> {
        let tenant = input.tenant()?;
        let instance = self.read(&tenant, &input.instance_id).await?;
        let stop = CheckOutput { phase: Phase::Stop, wait_seconds: 0 };
        if instance.terminate_requested || instance.status == InstanceStatus::Stopping || instance.status.is_final() {
            return Ok(stop);
        }
        let machine =
            instance.machine_id.clone().ok_or_else(|| LifecycleError::new(Failure::Invalid, "no machine launched"))?;
        let state = self.cloud(&instance)?.describe(&instance.region, &machine).await.map_err(compute_failure)?;
        let now = self.clock.now_ms();
        let instance = match (instance.status, state) {
            (_, MachineState::Terminated) => {
                return Err(LifecycleError::vanished(&machine));
            }
            (InstanceStatus::Configuring, MachineState::Running { public_ip, serving: true, server_url }) => {
                let ready = |i: &Instance| {
                    i.ready(public_ip.as_deref(), now).ok().map(|mut r| {
                        r.server_url.clone_from(&server_url);
                        r
                    })
                };
                self.change(&tenant, &instance.id, ready).await?
            }
            (InstanceStatus::Configuring, _) => {
                let since = now - instance.launched_at_ms.unwrap_or(now);
                if since > self.settings.configure_timeout.as_millis() as i64 {
                    return Err(LifecycleError::new(
                        Failure::ConfigureTimeout,
                        format!("not serving {} s after launch", since / 1000),
                    ));
                }
                return Ok(CheckOutput {
                    phase: Phase::Configuring,
                    wait_seconds: self.settings.configure_poll.as_secs().max(1),
                });
            }
            _ => instance,
        };
        if instance.terminate_requested || instance.status.is_final() || instance.status == InstanceStatus::Stopping {
            return Ok(stop);
        }
        let deadline = instance.idle_deadline_ms(self.settings.minute_ms(), now).unwrap_or(now);
        if now >= deadline {
            self.change(&tenant, &instance.id, |i| i.stopping(false, None)).await?;
            return Ok(stop);
        }
        let wait = ((deadline - now) as u64).div_ceil(1000).clamp(1, self.settings.max_wait.as_secs().max(1));
        Ok(CheckOutput { phase: Phase::Ready, wait_seconds: wait })
    }

    /// Work was assigned to the machine (RUNNING) or finished (READY); either restarts the idle
    /// timer. The record as it now is; unchanged when it is not READY or RUNNING.
    pub async fn report_work(&self, tenant: &TenantId, id: &str, work: Work) -> Result<Instance, LifecycleError> {
        let now = self.clock.now_ms();
        self.change(tenant, id, |i| i.worked(work == Work::Assigned, now).ok()).await
    }

    /// A pool task takes the READY machine `id` (RUNNING, idle timer restarted); `None` when it
    /// is not READY or another task took it first (the conditional write decides the race).
    pub async fn take(&self, tenant: &TenantId, id: &str, task_id: &str) -> Result<Option<Instance>, LifecycleError> {
        let now = self.clock.now_ms();
        let after = self.change(tenant, id, |i| i.taken(task_id, now).ok()).await?;
        Ok((after.task_id.as_deref() == Some(task_id) && after.busy_since_ms == Some(now)).then_some(after))
    }

    /// The pool task `task_id` leaves machine `id` (READY again, idle timer restarted): the
    /// machine as it now is and the milliseconds the task held it; `None` when it did not hold it.
    pub async fn release(
        &self,
        tenant: &TenantId,
        id: &str,
        task_id: &str,
    ) -> Result<Option<(Instance, i64)>, LifecycleError> {
        let now = self.clock.now_ms();
        let before = self.read(tenant, id).await?;
        if before.task_id.as_deref() != Some(task_id) {
            return Ok(None);
        }
        let after = self.change(tenant, id, |i| i.released(task_id, now)).await?;
        if after.task_id.is_some() || after.version == before.version {
            return Ok(None);
        }
        Ok(Some((after.clone(), after.busy_ms - before.busy_ms)))
    }

    /// Asks the cloud whether machine `id` still runs; when it does not, closes the record FAILED
    /// (`Instance.Vanished`) at once rather than at the lifecycle's next check, which may be
    /// minutes away. Whether it was gone.
    ///
    /// Called after a pool task failed on the machine: left READY, a dead machine would take the
    /// task's next attempt (or another task) and fail it too.
    pub async fn close_if_vanished(&self, tenant: &TenantId, id: &str) -> Result<bool, LifecycleError> {
        let instance = self.read(tenant, id).await?;
        let Some(machine) = instance.machine_id.as_deref() else { return Ok(false) };
        if instance.status.is_final() {
            return Ok(false);
        }
        let state = self.cloud(&instance)?.describe(&instance.region, machine).await.map_err(compute_failure)?;
        if state != MachineState::Terminated {
            return Ok(false);
        }
        let reason = LifecycleError::vanished(machine).to_string();
        self.close(tenant, id, Closer::Lifecycle, Some(&reason)).await?;
        Ok(true)
    }

    /// The instance store, for the pool's reads of its machines.
    pub fn store(&self) -> &Arc<dyn InstanceStore> {
        &self.store
    }

    /// Terminates the machine (if one was launched) and closes the record: TERMINATED, or FAILED
    /// with the caught error. Idempotent.
    pub async fn terminate(&self, input: &ExecutionInput) -> Result<TerminateOutput, LifecycleError> {
        let tenant = input.tenant()?;
        let reason = input.error.as_ref().map(|e| format!("{}: {}", e.error, e.cause));
        let done = self.close(&tenant, &input.instance_id, Closer::Lifecycle, reason.as_deref()).await?;
        let now = self.clock.now_ms();
        Ok(TerminateOutput { status: done.status.as_str().to_owned(), total_cost: done.cost(now) })
    }

    /// Terminates the machine and closes the record, at once: what `DELETE` does
    /// (`Closer::Tenant`) and the state machine's last step. The execution, if still waiting, finds the record
    /// final at its next check and ends. Idempotent.
    pub async fn close(
        &self,
        tenant: &TenantId,
        id: &str,
        closer: Closer,
        reason: Option<&str>,
    ) -> Result<Instance, LifecycleError> {
        let stopping = self.change(tenant, id, |i| i.stopping(closer == Closer::Tenant, reason)).await?;
        if !stopping.status.is_final() {
            if let Some(machine) = &stopping.machine_id {
                self.cloud(&stopping)?.terminate(&stopping.region, machine).await.map_err(compute_failure)?;
            }
        }
        // Again on a repeated close (deleting is idempotent): one that failed before leaves none.
        if stopping.server_key.is_some() {
            match self.clouds.secrets(stopping.provider) {
                Some(secrets) => secrets.delete(&stopping.id).await.map_err(secret_failure)?,
                None => tracing::warn!(instance = %stopping.id, "no machine secret store here; the secret is left"),
            }
        }
        let now = self.clock.now_ms();
        // Only the close whose write made it TERMINATED counts the cost: a concurrent or repeated
        // close finds it final and changes nothing.
        let applied = std::sync::atomic::AtomicBool::new(false);
        let done = self
            .change(tenant, id, |i| {
                let next = i.terminated(now);
                applied.store(next.is_some(), std::sync::atomic::Ordering::SeqCst);
                next
            })
            .await?;
        if applied.load(std::sync::atomic::Ordering::SeqCst) {
            let lifetime_s = done.billed_seconds(now) as f64;
            crate::metrics::machine_terminated(done.provider.as_str(), &done.instance_type, done.cost(now), lifetime_s);
            if let Some(usage) = &self.usage {
                let cost = crate::domain::chat::to_units(done.cost(now));
                usage.add_machine_cost(tenant, cost, done.launched_at_ms.unwrap_or(now), now).await;
            }
        }
        Ok(done)
    }
}

impl Lifecycle {
    /// What a pool machine's inference server is launched with: the pool's model, mapped to what
    /// the server loads, and where the machine reads its secret, stored first in its cloud's
    /// secret store under the instance id. `None` for a machine rented by hand.
    async fn server_launch(
        &self,
        instance: &Instance,
        tags: &[(String, String)],
    ) -> Result<Option<ServerLaunch>, LifecycleError> {
        let (Some(name), Some(key)) = (instance.pool_model.as_deref(), instance.server_key.as_ref()) else {
            return Ok(None);
        };
        let secrets = self.clouds.secrets(instance.provider).ok_or_else(|| {
            LifecycleError::new(
                Failure::Invalid,
                format!("no secret store for {:?} pool machines is configured", instance.provider),
            )
        })?;
        let key = secrets.put(&instance.id, key, tags).await.map_err(secret_failure)?;
        let model = crate::domain::gpu_pool::served_model(name);
        Ok(Some(ServerLaunch {
            model: model.map_or(name, |m| m.huggingface_id).to_owned(),
            served_name: name.to_owned(),
            gated: model.is_some_and(|m| m.gated),
            key,
        }))
    }

    /// Deletes a pool machine's secret after a launch that was given up. Terminate, which the
    /// state machine runs next, deletes it again: a failure here is only logged.
    async fn forget_secret(&self, instance: &Instance) {
        let Some(secrets) = self.clouds.secrets(instance.provider).filter(|_| instance.server_key.is_some()) else {
            return;
        };
        if let Err(e) = secrets.delete(&instance.id).await {
            tracing::warn!(instance = %instance.id, error = %e, "a failed launch's secret is left for Terminate");
        }
    }
}

/// Who closes an instance: its tenant (`DELETE`, recorded as asked for) or the lifecycle itself
/// (its last step, a failure, the idle timer, the reconciler).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closer {
    Tenant,
    Lifecycle,
}

/// What a work report says of the machine: work was assigned (RUNNING) or finished (READY).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    Assigned,
    Finished,
}

impl Work {
    /// A report's `busy` flag as the API sends it.
    pub fn from_busy(busy: bool) -> Self {
        if busy {
            Self::Assigned
        } else {
            Self::Finished
        }
    }
}

/// The lifecycle's Task states bound to these steps: how `local` and the tests run the deployed
/// definition. The resources are the definition's `${…}` substitutions.
pub struct LifecycleTasks(pub Arc<Lifecycle>);

/// The lifecycle definition, as deployed.
pub const DEFINITION: &str = include_str!("../../../../statemachines/instance-lifecycle.asl.json");

#[async_trait::async_trait]
impl crate::workflow::asl::TaskInvoker for LifecycleTasks {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
        match resource {
            "${TaskProvisionInstanceFunctionArn}" => state_output(self.0.provision(&parse(input)?).await),
            "${TaskCheckInstanceFunctionArn}" => state_output(self.0.check(&parse(input)?).await),
            "${TaskTerminateInstanceFunctionArn}" => state_output(self.0.terminate(&parse(input)?).await),
            other => Err(TaskError::new("States.Runtime", format!("no task is bound to {other}"))),
        }
    }
}

/// A lifecycle step's typed output as the state's result, a failure as its named error.
fn state_output<O: Serialize>(result: Result<O, LifecycleError>) -> Result<Value, TaskError> {
    serde_json::to_value(result?).map_err(|e| TaskError::new(errors::INVALID, format!("task output: {e}")))
}

/// The state's input as the execution input.
fn parse(input: Value) -> Result<ExecutionInput, TaskError> {
    serde_json::from_value(input).map_err(|e| TaskError::new(errors::INVALID, format!("execution input: {e}")))
}
