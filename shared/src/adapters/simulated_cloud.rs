//! The simulated cloud of `local` and the tests: machines that boot, then start serving, after
//! configurable delays on the product's clock, with faults injected per operation. It honours the
//! `ComputeProvider` contract (an idempotent launch per client token, idempotent terminate), so the
//! lifecycle runs against it exactly as against EC2 or Azure.
//!
//! It behaves as the cloud it stands for where the lifecycle can tell: EC2 gives a machine an id
//! of its own (`i-` and 17 hex digits); Azure's VM is named by the caller, so its machine id is the
//! instance id. Failures a real cloud reports late (Azure's allocation failure, found in the
//! instance view after the VM was accepted) are injected into `Describe`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;

use crate::adapters::memory::MemoryMachineSecrets;
use crate::app::instances::{TAG_INSTANCE, TAG_PRODUCT, TAG_TENANT};
use crate::domain::instances::{CloudProvider, ServerKey};
use crate::ports::{Clock, ComputeError, ComputeProvider, LaunchSpec, MachineState, TaggedMachine};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulationSettings {
    /// From launch until the machine runs.
    pub boot: Duration,
    /// From running until its inference server answers; `None`: it never does.
    pub configure: Option<Duration>,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        Self { boot: Duration::from_secs(20), configure: Some(Duration::from_secs(40)) }
    }
}

/// The operations a fault can be injected into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    Launch,
    Describe,
    Terminate,
}

struct Machine {
    region: String,
    launched_at_ms: i64,
    terminated: bool,
    tags: Vec<(String, String)>,
    /// What it serves, when launched for a pool and the cloud has `servers`.
    server: Option<ServingMachine>,
    /// A pool machine that could not read its secret at boot: its server never starts, as a
    /// real machine's boot script would fail.
    no_secret: bool,
}

/// A simulated machine's model server, running.
pub struct ServingMachine {
    /// Its OpenAI-compatible base URL (`http://127.0.0.1:<port>/v1`).
    pub url: String,
    /// Stops it: the machine is gone.
    pub stop: tokio::task::AbortHandle,
}

/// What simulated pool machines serve (`local`: OpenAI's chat completions on a loopback port,
/// behind the machine's secret), so the worker reaches a simulated machine over HTTP exactly as
/// it reaches a rented one.
pub trait MachineServers: Send + Sync {
    fn start(&self, key: &ServerKey) -> Result<ServingMachine, String>;
}

#[derive(Default)]
struct Inner {
    machines: HashMap<String, Machine>,
    by_token: HashMap<String, String>,
    /// Errors the next calls of an operation answer with, in order.
    faults: HashMap<Operation, Vec<ComputeError>>,
    calls: HashMap<Operation, usize>,
}

pub struct SimulatedCloud {
    clock: Arc<dyn Clock>,
    settings: SimulationSettings,
    provider: CloudProvider,
    inner: Mutex<Inner>,
    /// Pool machines' servers, and the store they read their secret from at boot.
    servers: Option<(Arc<dyn MachineServers>, Arc<MemoryMachineSecrets>)>,
}

impl SimulatedCloud {
    pub fn new(clock: Arc<dyn Clock>, settings: SimulationSettings, provider: CloudProvider) -> Self {
        Self { clock, settings, provider, inner: Mutex::new(Inner::default()), servers: None }
    }

    /// The same cloud, its pool machines serving through `servers` behind the secret they read
    /// at boot from `secrets`, by the reference their launch names (as a rented machine reads
    /// Secrets Manager or Key Vault).
    pub fn with_servers(self, servers: Arc<dyn MachineServers>, secrets: Arc<MemoryMachineSecrets>) -> Self {
        Self { servers: Some((servers, secrets)), ..self }
    }

    /// The machine disappears, as a machine the cloud reclaims or that crashes: its server stops
    /// and `describe` says it is gone (the fault tests' "vanished mid-task").
    pub fn vanish(&self, machine_id: &str) {
        if let Some(machine) = self.lock().machines.get_mut(machine_id) {
            machine.terminated = true;
            if let Some(server) = machine.server.take() {
                server.stop.abort();
            }
        }
    }

    /// The id the cloud gives a new machine launched with `client_token`.
    fn machine_id(&self, client_token: &str) -> String {
        match self.provider {
            CloudProvider::Aws => format!("i-{}", &crate::ids::new_id().replace('-', "")[15..]),
            CloudProvider::Azure => client_token.to_owned(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The next `times` calls of `operation` fail with `error`.
    pub fn fail_next(&self, operation: Operation, error: ComputeError, times: usize) {
        self.lock().faults.entry(operation).or_default().extend(std::iter::repeat_n(error, times));
    }

    /// Machines launched and not terminated: what the cloud would bill.
    pub fn running(&self) -> Vec<String> {
        self.lock().machines.iter().filter(|(_, m)| !m.terminated).map(|(id, _)| id.clone()).collect()
    }

    /// How many times `operation` was called (faulty calls included).
    pub fn calls(&self, operation: Operation) -> usize {
        self.lock().calls.get(&operation).copied().unwrap_or(0)
    }

    fn enter(&self, operation: Operation) -> Result<(), ComputeError> {
        let mut inner = self.lock();
        *inner.calls.entry(operation).or_default() += 1;
        match inner.faults.get_mut(&operation) {
            Some(queue) if !queue.is_empty() => Err(queue.remove(0)),
            _ => Ok(()),
        }
    }
}

#[async_trait]
impl ComputeProvider for SimulatedCloud {
    async fn launch(&self, spec: &LaunchSpec) -> Result<String, ComputeError> {
        self.enter(Operation::Launch)?;
        let now = self.clock.now_ms();
        let mut inner = self.lock();
        if let Some(id) = inner.by_token.get(&spec.client_token) {
            return Ok(id.clone());
        }
        let id = self.machine_id(&spec.client_token);
        let (server, no_secret) = match (&self.servers, &spec.server) {
            (Some((servers, secrets)), Some(launch)) => match secrets.read(&launch.key) {
                Some(key) => (Some(servers.start(&key).map_err(ComputeError::Transient)?), false),
                None => (None, true),
            },
            _ => (None, false),
        };
        let machine = Machine {
            region: spec.region.clone(),
            launched_at_ms: now,
            terminated: false,
            tags: spec.tags.clone(),
            server,
            no_secret,
        };
        inner.machines.insert(id.clone(), machine);
        inner.by_token.insert(spec.client_token.clone(), id.clone());
        Ok(id)
    }

    async fn describe(&self, region: &str, machine_id: &str) -> Result<MachineState, ComputeError> {
        self.enter(Operation::Describe)?;
        let now = self.clock.now_ms();
        let inner = self.lock();
        let Some(machine) = inner.machines.get(machine_id).filter(|m| m.region == region && !m.terminated) else {
            return Ok(MachineState::Terminated);
        };
        let up = machine.launched_at_ms + self.settings.boot.as_millis() as i64;
        if now < up {
            return Ok(MachineState::Pending);
        }
        let serving = !machine.no_secret && self.settings.configure.is_some_and(|c| now >= up + c.as_millis() as i64);
        let (public_ip, server_url) = match &machine.server {
            Some(server) => ("127.0.0.1".to_owned(), Some(server.url.clone())),
            None => ("198.51.100.10".to_owned(), None),
        };
        Ok(MachineState::Running { public_ip: Some(public_ip), serving, server_url })
    }

    async fn terminate(&self, _region: &str, machine_id: &str) -> Result<(), ComputeError> {
        self.enter(Operation::Terminate)?;
        self.vanish(machine_id);
        Ok(())
    }

    async fn tagged(&self, region: &str) -> Result<Vec<TaggedMachine>, ComputeError> {
        let inner = self.lock();
        let tag = |m: &Machine, key: &str| m.tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        Ok(inner
            .machines
            .iter()
            .filter(|(_, m)| !m.terminated && m.region == region && tag(m, TAG_PRODUCT).is_some())
            .map(|(id, m)| TaggedMachine {
                machine_id: id.clone(),
                tenant: tag(m, TAG_TENANT),
                instance_id: tag(m, TAG_INSTANCE),
                parts_only: false,
            })
            .collect())
    }
}
