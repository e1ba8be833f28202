//! The lifecycle steps' contract with the state machine: the execution input every step reads,
//! each step's typed output (which the ASL stores under its state's `ResultPath` and reads by
//! name), and the one error type the steps fail with, whose `Failure` the ASL's Retry and Catch
//! match by name once `workflow::LifecycleError::from` has turned it into a Step Functions error.

use serde::{Deserialize, Serialize};

use crate::domain::tenant::TenantId;
use crate::ports::{ComputeError, StoreError};

/// The names the ASL's Retry and Catch list literally.
pub mod errors {
    /// Throttling, a timeout, a lost race: retried by the state machine.
    pub const TRANSIENT: &str = "Instance.Transient";
    /// No capacity for the type in the region.
    pub const CAPACITY: &str = "Instance.Capacity";
    /// The launch request itself is refused (a type or image the account cannot use).
    pub const INVALID: &str = "Instance.Invalid";
    /// The inference server did not answer within the configure timeout.
    pub const CONFIGURE_TIMEOUT: &str = "Instance.ConfigureTimeout";
    /// The cloud no longer has the machine the record names.
    pub const VANISHED: &str = "Instance.Vanished";
    /// No record for the execution's instance.
    pub const NOT_FOUND: &str = "Instance.NotFound";
}

/// Why a step failed, as the state machine tells failures apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Throttling, a timeout, a lost race: retried by the state machine.
    Transient,
    /// No capacity for the type in the region.
    Capacity,
    /// The request itself is refused, or the record is in no state for the step.
    Invalid,
    /// The inference server did not answer within the configure timeout.
    ConfigureTimeout,
    /// The cloud no longer has the machine the record names.
    Vanished,
    /// No record for the execution's instance.
    NotFound,
}

impl Failure {
    /// The error's name in the state machine (`errors`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Transient => errors::TRANSIENT,
            Self::Capacity => errors::CAPACITY,
            Self::Invalid => errors::INVALID,
            Self::ConfigureTimeout => errors::CONFIGURE_TIMEOUT,
            Self::Vanished => errors::VANISHED,
            Self::NotFound => errors::NOT_FOUND,
        }
    }
}

/// A step's failure: what kind, and its cause (logged and recorded on the instance, never a
/// secret).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {cause}", kind.name())]
pub struct LifecycleError {
    pub kind: Failure,
    pub cause: String,
}

impl LifecycleError {
    pub fn new(kind: Failure, cause: impl Into<String>) -> Self {
        Self { kind, cause: cause.into() }
    }

    /// The cloud no longer runs `machine`: what `check` fails with, and the reason recorded on a
    /// record closed for it (`close_if_vanished`, the reconciler).
    pub fn vanished(machine: &str) -> Self {
        Self::new(Failure::Vanished, format!("the cloud no longer runs {machine}"))
    }
}

/// The execution's input (and what every task reads).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionInput {
    pub tenant_id: String,
    pub instance_id: String,
    /// What a Catch put there: `{"Error", "Cause"}`; `null` on the normal path.
    #[serde(default)]
    pub error: Option<CaughtError>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct CaughtError {
    #[serde(rename = "Error")]
    pub error: String,
    #[serde(rename = "Cause", default)]
    pub cause: String,
}

impl ExecutionInput {
    /// The input of instance `instance_id`'s execution, on the normal path.
    pub fn of(tenant: &TenantId, instance_id: &str) -> Self {
        Self { tenant_id: tenant.to_string(), instance_id: instance_id.to_owned(), error: None }
    }

    /// The execution's tenant; a malformed id is the caller's bug, not the machine's.
    pub fn tenant(&self) -> Result<TenantId, LifecycleError> {
        TenantId::parse(&self.tenant_id).map_err(|_| LifecycleError::new(Failure::Invalid, "execution input: tenantId"))
    }
}

/// `Provision`'s output, under `$.provision`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProvisionOutput {
    pub machine_id: String,
}

/// Where the machine stands; `Route` ends the lifecycle on `STOP`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Phase {
    Configuring,
    Ready,
    Stop,
}

/// `Check`'s output, under `$.check`: `Wait` waits `waitSeconds` before checking again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckOutput {
    pub phase: Phase,
    pub wait_seconds: u64,
}

/// `Terminate`'s output, under `$.terminate`: `Outcome` fails the execution on `FAILED`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TerminateOutput {
    /// `TERMINATED` or `FAILED`.
    pub status: String,
    /// USD, over the machine's whole life.
    pub total_cost: f64,
}

pub(super) fn store_failure(err: StoreError) -> LifecycleError {
    LifecycleError::new(Failure::Transient, format!("instance store: {err}"))
}

pub(super) fn compute_failure(err: ComputeError) -> LifecycleError {
    match err {
        ComputeError::Transient(m) => LifecycleError::new(Failure::Transient, m),
        ComputeError::Capacity(m) => LifecycleError::new(Failure::Capacity, m),
        ComputeError::Permanent(m) => LifecycleError::new(Failure::Invalid, m),
    }
}

/// A secret store's failure: throttling is retried by the state machine; a refusal (permissions,
/// a missing vault) is not, and the launch is given up.
pub(super) fn secret_failure(err: StoreError) -> LifecycleError {
    match err {
        StoreError::Transient(_) | StoreError::Conflict => {
            LifecycleError::new(Failure::Transient, format!("machine secret store: {err}"))
        }
        StoreError::Unavailable(_) => LifecycleError::new(Failure::Invalid, format!("machine secret store: {err}")),
    }
}
