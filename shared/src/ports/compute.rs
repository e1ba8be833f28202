//! GPU machines: their records, the clouds that rent them, where their secrets live, the
//! workflow that runs their lifecycle, and the tenants' pools of them.

use super::*;

/// One page of a tenant's instances, newest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstancePage {
    pub instances: Vec<crate::domain::instances::Instance>,
    /// The id to list after for the next page; `None` on the last page.
    pub next_after: Option<String>,
}

/// Rented machines' records.
///
/// Contract: `create` refuses an id that exists (`Conflict`); `update` writes `after` only if the
/// stored version is still `before.version` (`Conflict` otherwise: read again, decide again);
/// `get` is tenant-scoped and strongly consistent; `list` is newest first (ids are UUIDv7),
/// optionally of one status (eventually consistent then, as a secondary index is), paged by the
/// last id of the previous page, and a page is short only when it is the last (`next_after` is
/// `None` exactly then), so a caller that follows `next_after` sees every record.
#[async_trait]
pub trait InstanceStore: Send + Sync {
    async fn create(&self, instance: &crate::domain::instances::Instance) -> Result<(), StoreError>;
    async fn update(
        &self,
        before: &crate::domain::instances::Instance,
        after: &crate::domain::instances::Instance,
    ) -> Result<(), StoreError>;
    async fn get(&self, tenant: &TenantId, id: &str) -> Result<Option<crate::domain::instances::Instance>, StoreError>;
    async fn list(
        &self,
        tenant: &TenantId,
        status: Option<crate::domain::instances::InstanceStatus>,
        after: Option<&str>,
        limit: usize,
    ) -> Result<InstancePage, StoreError>;
    /// Every instance of every tenant that is not final (the reconciler's view; eventually
    /// consistent).
    async fn active(&self) -> Result<Vec<crate::domain::instances::Instance>, StoreError>;
    /// Removes a record only if it is final (TERMINATED or FAILED: its machine is gone), so an
    /// erase can never lose track of a running machine: `Conflict` otherwise. Idempotent.
    async fn delete(&self, tenant: &TenantId, id: &str) -> Result<(), StoreError>;
    /// Sets (or removes) the TTL attribute of a record, as `TaskStore::set_expiry` does.
    async fn set_expiry(&self, tenant: &TenantId, id: &str, expires_at_ms: Option<i64>) -> Result<(), StoreError>;
}

/// What a machine is to launch as.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchSpec {
    /// Makes a repeated launch (a retried task) return the same machine: the instance id.
    pub client_token: String,
    pub instance_type: String,
    pub region: String,
    pub disk_size_gb: u32,
    /// Identify the product, the tenant and the instance on the machine.
    pub tags: Vec<(String, String)>,
    /// A GPU pool's machine: what its inference server serves and the secret it requires
    /// (`None`: the deployment's default server, `INFERENCE_MODEL`, with no secret).
    pub server: Option<ServerLaunch>,
}

/// The inference server a pool machine is launched with.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerLaunch {
    /// What the server loads (a Hugging Face id, `domain::gpu_pool::served_model`).
    pub model: String,
    /// The name the server answers to (the pool's `model`, as tasks ask for it).
    pub served_name: String,
    /// Whether loading the model needs a Hugging Face token (a gated model).
    pub gated: bool,
    /// Where the machine reads its server secret at boot, with its own identity: only this
    /// reference is in the boot script, never the secret (`MachineSecrets`).
    pub key: SecretRef,
}

/// A secret a machine reads at boot with its own identity (its EC2 instance profile, its Azure
/// managed identity): what a boot script may name instead of the secret itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretRef {
    /// A Secrets Manager secret, by ARN (its region is the ARN's).
    AwsSecret(String),
    /// A Key Vault secret's URL (`https://<vault>.vault.azure.net/secrets/<name>`).
    AzureKeyVault(String),
    /// A secret of the simulated clouds' store (`adapters::memory::MemoryMachineSecrets`), by name.
    Simulated(String),
}

/// Where each pool machine's server secret is kept for the machine to read at boot (Secrets
/// Manager for EC2, Key Vault for Azure, memory in `local`), named after the instance id.
///
/// Contract: `put` creates the secret of `instance_id` or, when it exists (a retried launch),
/// replaces its value, and answers the reference the machine reads it by; `bind` lets machine
/// `machine_id` (the cloud's id, in `region`) read it where the store can tell machines apart, and
/// may be repeated; `delete` removes it and is idempotent (a secret never stored or already
/// deleted is `Ok`). No method logs or returns the value. Errors: `Transient` (throttling,
/// timeouts) is worth retrying; `Unavailable` (permissions, misconfiguration) is not.
#[async_trait]
pub trait MachineSecrets: Send + Sync {
    async fn put(
        &self,
        instance_id: &str,
        value: &crate::domain::instances::ServerKey,
        tags: &[(String, String)],
    ) -> Result<SecretRef, StoreError>;
    async fn bind(&self, secret: &SecretRef, region: &str, machine_id: &str) -> Result<(), StoreError> {
        let _ = (secret, region, machine_id);
        Ok(())
    }
    async fn delete(&self, instance_id: &str) -> Result<(), StoreError>;
}

/// What the cloud says of a machine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MachineState {
    /// Booting.
    Pending,
    /// Up; `serving` once its inference server answers its health check, at `server_url` (its
    /// OpenAI-compatible base URL, `http://<ip>:<port>/v1`).
    Running { public_ip: Option<String>, serving: bool, server_url: Option<String> },
    /// Shutting down or gone.
    Terminated,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    /// Throttling, a timeout, a 5xx: try again.
    #[error("{0}")]
    Transient(String),
    /// No capacity for the type in the region (EC2's InsufficientInstanceCapacity).
    #[error("{0}")]
    Capacity(String),
    /// The request itself is wrong (a type or image the account cannot use).
    #[error("{0}")]
    Permanent(String),
}

/// A live machine carrying the product's tags, as the reconciler sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaggedMachine {
    pub machine_id: String,
    /// The tenant and instance ids of its tags (absent when a tag was removed).
    pub tenant: Option<String>,
    pub instance_id: Option<String>,
    /// Only parts of the machine are left (on Azure: a NIC, public IP or OS disk whose VM is
    /// gone). It runs nothing, so it does not count as the machine being there; it is deleted as
    /// an orphan, or with its record when that record's machine has vanished.
    pub parts_only: bool,
}

/// A cloud that rents machines (EC2, Azure, or the simulated one of `local`).
///
/// Contract: `launch` with the same `client_token` returns the same machine; `describe` of a
/// machine the cloud no longer knows is `Terminated`; `terminate` is idempotent; `tagged` lists
/// every machine in `region` that is pending or running with the product's tag, and every
/// machine of which only tagged parts are left (`parts_only`).
#[async_trait]
pub trait ComputeProvider: Send + Sync {
    async fn launch(&self, spec: &LaunchSpec) -> Result<String, ComputeError>;
    async fn describe(&self, region: &str, machine_id: &str) -> Result<MachineState, ComputeError>;
    async fn terminate(&self, region: &str, machine_id: &str) -> Result<(), ComputeError>;
    async fn tagged(&self, region: &str) -> Result<Vec<TaggedMachine>, ComputeError>;
}

/// Starts a state machine execution (Step Functions in AWS, the ASL interpreter in `local`).
///
/// Contract: `name` identifies the execution; starting one that exists already with the same
/// input succeeds without starting another (a retried request).
#[async_trait]
pub trait WorkflowStarter: Send + Sync {
    async fn start(&self, name: &str, input: serde_json::Value) -> Result<(), StoreError>;
}

/// Each tenant's GPU pool (`domain::gpu_pool::GpuPool`), one record per tenant.
///
/// Contract: `get` is strongly consistent; `put` writes the whole record only if the stored one
/// has version `expected` (`None`: only if there is none), `Conflict` otherwise (read again,
/// decide again). A deleted pool stays stored (`deleted`) until its machines are gone, so their
/// cost is still attributed.
#[async_trait]
pub trait GpuPoolStore: Send + Sync {
    async fn get(&self, tenant: &TenantId) -> Result<Option<crate::domain::gpu_pool::GpuPool>, StoreError>;
    async fn put(&self, pool: &crate::domain::gpu_pool::GpuPool, expected: Option<u64>) -> Result<(), StoreError>;
    /// Removes the tenant's pool record (an erase, once `GpuPoolService::delete` closed its
    /// machines and every machine is final). Idempotent.
    async fn delete(&self, tenant: &TenantId) -> Result<(), StoreError>;
}
