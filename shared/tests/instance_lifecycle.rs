//! The deployed state machine (`statemachines/instance-lifecycle.asl.json`), run by the ASL
//! interpreter with its tasks bound to `shared::app::instances::Lifecycle` on the memory store and the
//! simulated cloud, on tokio's paused clock (hours of waiting run in an instant). Every scenario
//! runs for both clouds, the simulated cloud behaving as EC2 or as Azure. After every scenario,
//! normal or with a fault injected at a step, the cloud has no machine left running and the
//! record is final (TERMINATED or FAILED) with its cost, billed by that cloud's rules.
#![allow(clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use shared::adapters::memory::{MemoryInstanceStore, MemoryMachineSecrets};
use shared::adapters::simulated_cloud::{Operation, SimulatedCloud, SimulationSettings};
use shared::app::instances::{Closer, Clouds, ExecutionInput, Lifecycle, LifecycleSettings, LifecycleTasks, Work};
use shared::clock::TokioClock;
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec, InstanceStatus, ServerKey};
use shared::domain::tenant::TenantId;
use shared::ports::{Clock, ComputeError, InstanceStore};
use shared::workflow::asl::{self, Execution, Outcome};

fn definition() -> Value {
    serde_json::from_str(shared::app::instances::DEFINITION).expect("the deployed definition is JSON")
}

const CLOUDS: [CloudProvider; 2] = [CloudProvider::Aws, CloudProvider::Azure];

struct World {
    provider: CloudProvider,
    store: Arc<MemoryInstanceStore>,
    cloud: Arc<SimulatedCloud>,
    clock: Arc<TokioClock>,
    lifecycle: Arc<Lifecycle>,
    tenant: TenantId,
    /// Where the cloud's pool machines read their server secret.
    secrets: Arc<MemoryMachineSecrets>,
}

/// A lifecycle whose only cloud is `provider`, simulated.
fn world(provider: CloudProvider, simulation: SimulationSettings) -> World {
    let clock = Arc::new(TokioClock::new());
    let store = Arc::new(MemoryInstanceStore::default());
    let cloud = Arc::new(SimulatedCloud::new(clock.clone(), simulation, provider));
    let secrets = Arc::new(MemoryMachineSecrets::default());
    let clouds = match provider {
        CloudProvider::Aws => {
            Clouds { aws: Some(cloud.clone()), aws_secrets: Some(secrets.clone()), ..Clouds::default() }
        }
        CloudProvider::Azure => {
            Clouds { azure: Some(cloud.clone()), azure_secrets: Some(secrets.clone()), ..Clouds::default() }
        }
    };
    let lifecycle = Arc::new(Lifecycle::new(store.clone(), clouds, clock.clone(), LifecycleSettings::default()));
    let tenant = TenantId::parse("acme-health").expect("tenant");
    World { provider, store, cloud, clock, lifecycle, tenant, secrets }
}

impl World {
    /// A GPU type and region of the world's cloud, and its hourly price.
    fn placement(&self) -> (&'static str, &'static str, f64) {
        match self.provider {
            CloudProvider::Aws => ("g5.xlarge", "us-east-1", 1.006),
            CloudProvider::Azure => ("Standard_NC4as_T4_v3", "eastus", 0.526),
        }
    }

    async fn instance(&self, auto_terminate_minutes: u32) -> Instance {
        self.create(auto_terminate_minutes, false).await
    }

    /// A GPU pool's machine, whose server has a secret of its own.
    async fn pool_instance(&self, auto_terminate_minutes: u32) -> Instance {
        self.create(auto_terminate_minutes, true).await
    }

    async fn create(&self, auto_terminate_minutes: u32, pool: bool) -> Instance {
        let (instance_type, region, cost_per_hour) = self.placement();
        let spec = InstanceSpec {
            provider: self.provider,
            instance_type: instance_type.to_owned(),
            region: region.to_owned(),
            disk_size_gb: 100,
            auto_terminate_minutes,
            cost_per_hour,
        };
        let mut instance =
            Instance::provisioning(shared::ids::new_id(), self.tenant.clone(), spec, self.clock.now_ms());
        if pool {
            instance.pool_model = Some("qwen2.5:7b".to_owned());
            instance.server_key = Some(ServerKey(format!("secret-of-{}", instance.id)));
        }
        self.store.create(&instance).await.expect("created");
        instance
    }

    async fn run(&self, instance: &Instance) -> Execution {
        let input = json!({ "tenantId": self.tenant.as_str(), "instanceId": instance.id });
        asl::run(&definition(), input, &LifecycleTasks(self.lifecycle.clone())).await
    }

    async fn record(&self, instance: &Instance) -> Instance {
        self.store.get(&self.tenant, &instance.id).await.expect("read").expect("exists")
    }

    /// What must hold after any scenario: nothing left running, the record final with its cost.
    async fn closed(&self, instance: &Instance) -> Instance {
        assert_eq!(self.cloud.running(), Vec::<String>::new(), "a machine was left running");
        let record = self.record(instance).await;
        assert!(record.status.is_final(), "{:?}", record.status);
        assert!(record.terminated_at_ms.is_some());
        record
    }
}

#[tokio::test(start_paused = true)]
async fn a_machine_boots_serves_idles_out_and_is_terminated_with_its_cost() {
    for provider in CLOUDS {
        boots_serves_idles_out(provider).await;
    }
}

async fn boots_serves_idles_out(provider: CloudProvider) {
    let w =
        world(provider, SimulationSettings { boot: Duration::from_secs(30), configure: Some(Duration::from_secs(60)) });
    let instance = w.instance(10).await;
    let started = w.clock.now_ms();
    let execution = w.run(&instance).await;
    assert!(matches!(execution.outcome, Outcome::Succeeded(_)), "{execution:?}");
    let record = w.closed(&instance).await;
    assert_eq!(record.status, InstanceStatus::Terminated);
    // Serving 90 s after launch, polled every 15 s: ready at 90 s; idle for 10 minutes after.
    let ready_after = record.ready_at_ms.expect("was ready") - started;
    assert_eq!(ready_after, 90_000);
    let lived = record.terminated_at_ms.expect("terminated") - started;
    assert_eq!(lived, 90_000 + 600_000, "terminated when the idle timer ran out, not before");
    let (_, _, price) = w.placement();
    assert_eq!(record.cost(i64::MAX), (690.0 * price / 3600.0 * 1e8_f64).round() / 1e8);
    if provider == CloudProvider::Azure {
        assert_eq!(record.machine_id.as_deref(), Some(instance.id.as_str()), "Azure's VM is named by the instance id");
    }
    // Transitions billed: Init, Provision, 6 configure polls (Check, Route, Wait at 0-75 s), the
    // ready check and its one idle wait, the final check, Terminate, Outcome, Terminated: 28.
    assert_eq!(execution.transitions(), 2 + 6 * 3 + 3 + 2 + 3, "{:?}", execution.states);
}

#[tokio::test(start_paused = true)]
async fn work_moves_the_idle_deadline_and_a_delete_ends_it_at_once() {
    for provider in CLOUDS {
        work_and_delete(provider).await;
    }
}

async fn work_and_delete(provider: CloudProvider) {
    let w =
        world(provider, SimulationSettings { boot: Duration::from_secs(10), configure: Some(Duration::from_secs(5)) });
    let instance = w.instance(5).await;
    let run = {
        let lifecycle = w.lifecycle.clone();
        let input = json!({ "tenantId": w.tenant.as_str(), "instanceId": instance.id });
        tokio::spawn(async move { asl::run(&definition(), input, &LifecycleTasks(lifecycle)).await })
    };
    // At 4 minutes, work arrives: the idle timer restarts from there.
    tokio::time::sleep(Duration::from_secs(240)).await;
    let before = w.record(&instance).await;
    assert_eq!(before.status, InstanceStatus::Ready);
    let worked = w.lifecycle.report_work(&w.tenant, &instance.id, Work::Finished).await.expect("work reported");
    assert_eq!(worked.last_work_at_ms, Some(w.clock.now_ms()));
    tokio::time::sleep(Duration::from_secs(200)).await;
    assert_eq!(w.record(&instance).await.status, InstanceStatus::Ready, "still inside the new idle window");
    // A DELETE closes it at once; the waiting execution finds it final at its next check.
    let deleted_at = w.clock.now_ms();
    let closed = w.lifecycle.close(&w.tenant, &instance.id, Closer::Tenant, None).await.expect("closed");
    assert_eq!((closed.status, closed.terminated_at_ms), (InstanceStatus::Terminated, Some(deleted_at)));
    assert!(w.cloud.running().is_empty(), "the machine is gone before the execution notices");
    let execution = run.await.expect("the execution ends");
    assert!(matches!(execution.outcome, Outcome::Succeeded(_)));
    let record = w.closed(&instance).await;
    assert_eq!(record.terminated_at_ms, Some(deleted_at), "the execution's own terminate changed nothing");
}

#[tokio::test(start_paused = true)]
async fn every_failure_ends_terminated_and_failed_with_its_cost() {
    for provider in CLOUDS {
        every_failure(provider).await;
    }
}

async fn every_failure(provider: CloudProvider) {
    // A transient launch error is retried; the machine still serves and idles out.
    let w = world(provider, SimulationSettings::default());
    w.cloud.fail_next(Operation::Launch, ComputeError::Transient("throttled".to_owned()), 2);
    let instance = w.instance(5).await;
    assert!(matches!(w.run(&instance).await.outcome, Outcome::Succeeded(_)));
    assert_eq!(w.closed(&instance).await.status, InstanceStatus::Terminated);
    assert_eq!(w.cloud.calls(Operation::Launch), 3);

    // No capacity (EC2's InsufficientInstanceCapacity, Azure's core quota at the VM's PUT):
    // nothing to bill, the record FAILED and says why.
    let w = world(provider, SimulationSettings::default());
    w.cloud.fail_next(Operation::Launch, ComputeError::Capacity("no capacity or quota for the type".to_owned()), 1);
    let instance = w.instance(5).await;
    let execution = w.run(&instance).await;
    assert_eq!(execution.outcome, Outcome::Failed { error: "Instance.Failed".to_owned(), cause: failed_cause() });
    let record = w.closed(&instance).await;
    assert_eq!(record.status, InstanceStatus::Failed);
    assert!(record.error.as_deref().is_some_and(|e| e.starts_with("Instance.Capacity")), "{:?}", record.error);
    assert_eq!(record.cost(i64::MAX), 0.0);

    // Azure reports an allocation failure after accepting the VM, in its instance view: caught at
    // the first check, the VM deleted, the record FAILED with Azure's per-second bill (nothing,
    // at once) or EC2's minimum.
    let w = world(provider, SimulationSettings::default());
    w.cloud.fail_next(Operation::Describe, ComputeError::Capacity("AllocationFailed".to_owned()), 1);
    let instance = w.instance(5).await;
    assert!(matches!(w.run(&instance).await.outcome, Outcome::Failed { .. }));
    let record = w.closed(&instance).await;
    assert!(
        record.error.as_deref().is_some_and(|e| e.starts_with("Instance.Capacity: AllocationFailed")),
        "{:?}",
        record.error
    );
    assert_eq!(record.billed_seconds(i64::MAX), provider.billing_minimum_seconds());

    // The inference server never answers: given up after the configure timeout, machine gone,
    // the minutes it ran billed.
    let w = world(provider, SimulationSettings { boot: Duration::from_secs(30), configure: None });
    let instance = w.instance(5).await;
    assert!(matches!(w.run(&instance).await.outcome, Outcome::Failed { .. }));
    let record = w.closed(&instance).await;
    assert!(record.error.as_deref().is_some_and(|e| e.starts_with("Instance.ConfigureTimeout")), "{:?}", record.error);
    assert!(record.billed_seconds(i64::MAX) >= 15 * 60, "the configure timeout's minutes are billed");

    // Describe keeps failing while configuring: retries spent, caught, terminated.
    let w = world(provider, SimulationSettings::default());
    w.cloud.fail_next(Operation::Describe, ComputeError::Transient("throttled".to_owned()), 5);
    let instance = w.instance(5).await;
    assert!(matches!(w.run(&instance).await.outcome, Outcome::Failed { .. }));
    assert_eq!(w.closed(&instance).await.status, InstanceStatus::Failed);

    // Terminate itself fails for a while: retried until the machine is gone.
    let w = world(provider, SimulationSettings::default());
    w.cloud.fail_next(Operation::Terminate, ComputeError::Transient("throttled".to_owned()), 3);
    let instance = w.instance(5).await;
    assert!(matches!(w.run(&instance).await.outcome, Outcome::Succeeded(_)));
    assert_eq!(w.closed(&instance).await.status, InstanceStatus::Terminated);
}

#[tokio::test(start_paused = true)]
async fn a_pool_machines_secret_is_stored_before_its_launch_and_deleted_with_it() {
    for provider in CLOUDS {
        secret_lives_with_the_machine(provider).await;
    }
}

async fn secret_lives_with_the_machine(provider: CloudProvider) {
    let w = world(provider, SimulationSettings::default());
    let instance = w.pool_instance(5).await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    w.lifecycle.provision(&step).await.expect("launched");
    assert!(w.secrets.holds(&instance.id), "the machine reads it at boot");
    assert_eq!(w.cloud.running().len(), 1);
    // A repeated provision (a redelivered task) launches nothing more and keeps the one secret.
    w.lifecycle.provision(&step).await.expect("again");
    assert_eq!((w.cloud.running().len(), w.secrets.len()), (1, 1));
    // Terminate runs twice (a retried task): the second finds no secret, which is fine.
    w.lifecycle.terminate(&step).await.expect("terminated");
    assert!(!w.secrets.holds(&instance.id), "deleted with its machine");
    w.lifecycle.terminate(&step).await.expect("terminated again");
    assert_eq!(w.closed(&instance).await.status, InstanceStatus::Terminated);

    // The whole lifecycle, with two throttled launches retried: one secret while it ran, none after.
    let w = world(provider, SimulationSettings::default());
    w.cloud.fail_next(Operation::Launch, ComputeError::Transient("throttled".to_owned()), 2);
    let instance = w.pool_instance(5).await;
    assert!(matches!(w.run(&instance).await.outcome, Outcome::Succeeded(_)));
    assert_eq!(w.closed(&instance).await.status, InstanceStatus::Terminated);
    assert!(w.secrets.is_empty(), "{provider:?}: the secret outlived its machine");

    // A machine rented by hand has no secret at all.
    let w = world(provider, SimulationSettings::default());
    let instance = w.instance(5).await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    w.lifecycle.provision(&step).await.expect("launched");
    assert!(w.secrets.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_failed_provision_leaves_no_secret() {
    for provider in CLOUDS {
        // Refused at the launch: the provision itself deletes the secret it stored.
        let w = world(provider, SimulationSettings::default());
        w.cloud.fail_next(Operation::Launch, ComputeError::Capacity("no capacity".to_owned()), 1);
        let instance = w.pool_instance(5).await;
        let step = ExecutionInput::of(&w.tenant, &instance.id);
        let err = w.lifecycle.provision(&step).await.expect_err("refused");
        assert_eq!(err.kind.name(), "Instance.Capacity");
        assert!(w.secrets.is_empty(), "{provider:?}: a launch given up keeps no secret");

        // Through the state machine, the failure caught and sent to Terminate: none either.
        let w = world(provider, SimulationSettings::default());
        w.cloud.fail_next(Operation::Launch, ComputeError::Permanent("bad image".to_owned()), 1);
        let instance = w.pool_instance(5).await;
        assert!(matches!(w.run(&instance).await.outcome, Outcome::Failed { .. }));
        assert_eq!(w.closed(&instance).await.status, InstanceStatus::Failed);
        assert!(w.secrets.is_empty(), "{provider:?}");

        // A machine that never serves is given up after the configure timeout: its secret goes too.
        let w = world(provider, SimulationSettings { boot: Duration::from_secs(30), configure: None });
        let instance = w.pool_instance(5).await;
        assert!(matches!(w.run(&instance).await.outcome, Outcome::Failed { .. }));
        w.closed(&instance).await;
        assert!(w.secrets.is_empty(), "{provider:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_pool_machine_is_not_launched_where_no_secret_store_is_configured() {
    let mut w = world(CloudProvider::Aws, SimulationSettings::default());
    let clouds = Clouds { aws: Some(w.cloud.clone()), ..Clouds::default() };
    w.lifecycle = Arc::new(Lifecycle::new(w.store.clone(), clouds, w.clock.clone(), LifecycleSettings::default()));
    let instance = w.pool_instance(5).await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    let err = w.lifecycle.provision(&step).await.expect_err("refused");
    assert_eq!(err.kind.name(), "Instance.Invalid", "{err:?}");
    assert!(w.cloud.running().is_empty(), "no machine that could never read its secret");
}

fn failed_cause() -> String {
    "The instance failed; its machine was terminated and the record says why.".to_owned()
}

/// A pool machine its task failed on is asked of the cloud at once (`close_if_vanished`): gone,
/// it is closed FAILED before anything else is placed on it; still running, it is left alone.
#[tokio::test(start_paused = true)]
async fn a_machine_the_cloud_no_longer_runs_is_closed_when_asked_and_a_live_one_is_not() {
    for provider in CLOUDS {
        let w = world(
            provider,
            SimulationSettings { boot: Duration::from_secs(1), configure: Some(Duration::from_secs(1)) },
        );
        let step = |i: &Instance| ExecutionInput::of(&w.tenant, &i.id);
        let (live, gone) = (w.instance(60).await, w.instance(60).await);
        for instance in [&live, &gone] {
            w.lifecycle.provision(&step(instance)).await.expect("launched");
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        for instance in [&live, &gone] {
            w.lifecycle.check(&step(instance)).await.expect("ready");
            assert_eq!(w.record(instance).await.status, InstanceStatus::Ready);
        }
        w.cloud.vanish(&w.record(&gone).await.machine_id.expect("machine"));

        assert!(!w.lifecycle.close_if_vanished(&w.tenant, &live.id).await.expect("asked"), "{provider:?}");
        assert_eq!(w.record(&live).await.status, InstanceStatus::Ready, "a live machine is left alone");
        assert!(w.lifecycle.close_if_vanished(&w.tenant, &gone.id).await.expect("asked"), "{provider:?}");
        let closed = w.record(&gone).await;
        assert_eq!(closed.status, InstanceStatus::Failed);
        assert!(closed.error.as_deref().is_some_and(|e| e.starts_with("Instance.Vanished")), "{:?}", closed.error);
        // Asked again, a closed record is no longer the cloud's question.
        assert!(!w.lifecycle.close_if_vanished(&w.tenant, &gone.id).await.expect("asked"));
    }
}

mod reconciler {
    use super::*;
    use shared::app::instances::reconcile::Reconciler;
    use shared::ports::{ComputeProvider, LaunchSpec};

    fn reconciler(w: &World) -> Reconciler {
        Reconciler::new(w.lifecycle.clone(), Duration::from_secs(600))
    }

    #[tokio::test(start_paused = true)]
    async fn orphans_overdue_and_vanished_machines_are_closed_and_healthy_ones_left_alone() {
        for provider in CLOUDS {
            reconcile(provider).await;
        }
    }

    async fn reconcile(provider: CloudProvider) {
        let w = world(
            provider,
            SimulationSettings { boot: Duration::from_secs(10), configure: Some(Duration::from_secs(10)) },
        );
        let (instance_type, region, _) = w.placement();
        let step = |i: &Instance| ExecutionInput::of(&w.tenant, &i.id);

        // A machine with the product's tags and no record: an orphan.
        let spec = LaunchSpec {
            client_token: "lost".to_owned(),
            instance_type: instance_type.to_owned(),
            region: region.to_owned(),
            disk_size_gb: 100,
            tags: vec![(shared::app::instances::TAG_PRODUCT.to_owned(), "true".to_owned())],
            server: None,
        };
        let orphan = w.cloud.launch(&spec).await.expect("launched");

        // Launched, then its execution died: overdue once the configure timeout and grace pass.
        let stuck = w.instance(5).await;
        w.lifecycle.provision(&step(&stuck)).await.expect("launched");
        // Launched, and its machine disappears behind the product's back: vanished.
        let gone = w.instance(5).await;
        w.lifecycle.provision(&step(&gone)).await.expect("launched");
        let gone_machine = w.record(&gone).await.machine_id.expect("machine");
        w.cloud.terminate(region, &gone_machine).await.expect("terminated");
        // Healthy: ready, well inside its idle time.
        let healthy = w.instance(60).await;
        w.lifecycle.provision(&step(&healthy)).await.expect("launched");

        // Past the configure timeout (15 min) and the grace (10 min).
        tokio::time::sleep(Duration::from_secs(30 * 60)).await;
        w.lifecycle.check(&step(&healthy)).await.expect("ready");
        assert_eq!(w.record(&healthy).await.status, InstanceStatus::Ready);

        let report = reconciler(&w).run().await;
        assert_eq!(report.orphans_terminated, [orphan]);
        assert_eq!(report.vanished, vec![gone.id.clone()]);
        assert_eq!(report.overdue_closed, vec![stuck.id.clone()]);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        for closed in [&stuck, &gone] {
            let record = w.record(closed).await;
            assert_eq!(record.status, InstanceStatus::Failed);
            assert!(record.cost(i64::MAX) > 0.0, "its cost is final");
        }
        assert!(w.record(&stuck).await.error.as_deref().is_some_and(|e| e.starts_with("Instance.Overdue")));
        assert!(w.record(&gone).await.error.as_deref().is_some_and(|e| e.starts_with("Instance.Vanished")));
        let alive = w.record(&healthy).await;
        assert_eq!(alive.status, InstanceStatus::Ready, "a healthy instance is left alone");
        assert_eq!(w.cloud.running(), [alive.machine_id.expect("machine")]);

        // Run again: nothing left to do.
        assert_eq!(reconciler(&w).run().await, Default::default());
    }

    #[tokio::test(start_paused = true)]
    async fn a_launch_in_flight_is_not_an_orphan() {
        for provider in CLOUDS {
            let w = world(provider, SimulationSettings::default());
            let (instance_type, region, _) = w.placement();
            let launching = w.instance(5).await;
            // The cloud has the machine; the provision task has not recorded it yet.
            let tag = |k: &str, v: &str| (k.to_owned(), v.to_owned());
            let spec = LaunchSpec {
                client_token: launching.id.clone(),
                instance_type: instance_type.to_owned(),
                region: region.to_owned(),
                disk_size_gb: 100,
                tags: vec![
                    tag(shared::app::instances::TAG_PRODUCT, "true"),
                    tag(shared::app::instances::TAG_TENANT, w.tenant.as_str()),
                    tag(shared::app::instances::TAG_INSTANCE, &launching.id),
                ],
                server: None,
            };
            let machine = w.cloud.launch(&spec).await.expect("launched");
            let report = reconciler(&w).run().await;
            assert!(report.orphans_terminated.is_empty(), "{provider:?}: {report:?}");
            assert_eq!(w.cloud.running(), std::slice::from_ref(&machine));
            // The provision task then records that very machine (the launch is idempotent).
            let step = ExecutionInput::of(&w.tenant, &launching.id);
            w.lifecycle.provision(&step).await.expect("recorded");
            assert_eq!(w.record(&launching).await.machine_id, Some(machine));
        }
    }
}
