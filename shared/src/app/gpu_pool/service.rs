//! `PUT`, `GET` and `DELETE /api/gpu-pool`: the tenant sets its pool (validated as
//! `POST /api/instances` is, plus the model and the pool's size), reads it with its machines,
//! waiting tasks and spend, and deletes it (no new work; machines finish their task, then go).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::MAX_RACES;
use crate::app::instances::service::{InstanceService, InstanceView};
use crate::app::instances::Closer;
use crate::app::{AppError, Dependency, FieldError, StoreResultExt};
use crate::clock::rfc3339;
use crate::domain::gpu_pool::{served_model, GpuPool, PoolConfig, PoolSpend, SERVED_MODELS};
use crate::domain::instances::{CloudProvider, Instance};
use crate::domain::tasks::Priority;
use crate::domain::tenant::TenantId;
use crate::ports::{GpuPoolStore, StoreError};

/// `maxInstances`: the most machines a pool runs at once.
pub const MAX_INSTANCES: std::ops::RangeInclusive<u32> = 1..=10;
/// `diskSizeGB` when the request names none.
pub const DEFAULT_DISK_GB: f64 = 100.0;

/// `PUT /api/gpu-pool`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PutGpuPoolRequest {
    pub provider: CloudProvider,
    /// A launchable type of the catalog for `provider`, as for `POST /api/instances`.
    pub instance_type: String,
    pub region: String,
    /// What the machines serve, as GPU tasks name it: `qwen2.5:7b`, `qwen2.5:14b`, `phi3.5:mini`,
    /// and, when the deployment gives machines a Hugging Face token, `llama3.1:8b`, `mistral:7b`.
    pub model: String,
    /// 1 to 10 machines at once, those still starting included.
    #[schema(value_type = i64, minimum = 1, maximum = 10)]
    pub max_instances: f64,
    /// Minutes a machine with no task waits before it terminates: 5 to 120.
    #[schema(value_type = i64, minimum = 5, maximum = 120)]
    pub idle_minutes: f64,
    /// Whole GB, at least 30 (default 100).
    #[serde(default, rename = "diskSizeGB")]
    #[schema(value_type = Option<i64>, minimum = 30, maximum = 16384)]
    pub disk_size_gb: Option<f64>,
}

/// A GPU task waiting for a machine of the pool.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WaitingTaskView {
    pub task_id: String,
    pub priority: Priority,
    pub created_at: String,
}

/// The pool as `GET /api/gpu-pool` shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GpuPoolView {
    /// `ACTIVE`, or `DELETING` while its machines finish their task.
    pub status: String,
    #[serde(flatten)]
    pub config: PoolConfig,
    /// The pool's machines (those the pool has not yet seen final), each with the task it runs
    /// (`taskId`).
    pub instances: Vec<InstanceView>,
    /// Most urgent first, then oldest.
    pub waiting_tasks: Vec<WaitingTaskView>,
    /// Every machine's cost so far, the tasks' share, and the rest (idle).
    pub spend: PoolSpend,
    /// Launches in a row that never served; at 3 the waiting tasks fail with `lastLaunchError`.
    pub failed_launches: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_launch_error: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

pub struct GpuPoolService {
    pub(crate) pools: Arc<dyn GpuPoolStore>,
    /// Validates the machine as `POST /api/instances` does, reads and closes the machines.
    pub(crate) instances: Arc<InstanceService>,
    /// The clouds whose machines get a Hugging Face token (`GPU_POOL_HF_TOKEN_SECRET`,
    /// `GPU_POOL_HF_TOKEN_KEY_VAULT_SECRET`): a pool there may serve a gated model.
    pub(crate) gated_models: Vec<CloudProvider>,
}

impl GpuPoolService {
    pub fn new(
        pools: Arc<dyn GpuPoolStore>,
        instances: Arc<InstanceService>,
        gated_models: Vec<CloudProvider>,
    ) -> Self {
        Self { pools, instances, gated_models }
    }

    pub fn pools(&self) -> &Arc<dyn GpuPoolStore> {
        &self.pools
    }

    fn config(&self, request: PutGpuPoolRequest) -> Result<PoolConfig, AppError> {
        let mut errors = Vec::new();
        let spec = self.instances.machine_spec(
            request.provider,
            request.instance_type,
            request.region,
            request.disk_size_gb.unwrap_or(DEFAULT_DISK_GB),
            request.idle_minutes,
            "idleMinutes",
            &mut errors,
        );
        match served_model(&request.model) {
            None => {
                let names: Vec<&str> = SERVED_MODELS.iter().map(|m| m.name).collect();
                errors.push(FieldError::new(
                    "model",
                    format!("is not a model a pool serves; use one of {}", names.join(", ")),
                ));
            }
            Some(m) if m.gated && !self.gated_models.contains(&request.provider) => errors.push(FieldError::new(
                "model",
                format!(
                    "{} is a gated model ({}): this deployment gives its {:?} machines no Hugging Face token; \
                     use an ungated model such as qwen2.5:7b",
                    m.name, m.huggingface_id, request.provider
                ),
            )),
            Some(_) => {}
        }
        let max = request.max_instances;
        if !(max.fract() == 0.0 && max >= f64::from(*MAX_INSTANCES.start()) && max <= f64::from(*MAX_INSTANCES.end())) {
            errors.push(FieldError::new("maxInstances", "must be a whole number from 1 to 10"));
        }
        match spec.filter(|_| errors.is_empty()) {
            Some(spec) => Ok(PoolConfig {
                provider: spec.provider,
                instance_type: spec.instance_type,
                region: spec.region,
                model: request.model,
                max_instances: max as u32,
                idle_minutes: spec.auto_terminate_minutes,
                disk_size_gb: spec.disk_size_gb,
                cost_per_hour: spec.cost_per_hour,
            }),
            None => Err(AppError::Validation(errors)),
        }
    }

    /// Sets the tenant's pool (creating it, or replacing its configuration): the pool as it now is.
    pub async fn put(&self, tenant: &TenantId, request: PutGpuPoolRequest) -> Result<GpuPoolView, AppError> {
        let config = self.config(request)?;
        let now = self.now();
        for _ in 0..MAX_RACES {
            let current = self.pools.get(tenant).await.or_unavailable(Dependency::GpuPoolStore)?;
            let next = match &current {
                Some(pool) => pool.reconfigured(config.clone(), now),
                None => GpuPool::new(tenant.clone(), config.clone(), now),
            };
            match self.pools.put(&next, current.map(|p| p.version)).await {
                Ok(()) => return self.view(&next).await,
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(AppError::unavailable(Dependency::GpuPoolStore, &e)),
            }
        }
        Err(AppError::Conflict("the GPU pool is changing too often to update now; try again".to_owned()))
    }

    /// The tenant's pool, or 404: none was set, or a deleted one has no machine left.
    pub async fn get(&self, tenant: &TenantId) -> Result<GpuPoolView, AppError> {
        let pool = self.find(tenant).await?;
        self.view(&pool).await
    }

    async fn find(&self, tenant: &TenantId) -> Result<GpuPool, AppError> {
        let pool = self.pools.get(tenant).await.or_unavailable(Dependency::GpuPoolStore)?;
        let pool = pool.ok_or_else(not_found)?;
        if pool.deleted && self.machines(&pool).await?.iter().all(|m| m.status.is_final()) {
            return Err(not_found());
        }
        Ok(pool)
    }

    /// Deletes the pool: no new GPU task is accepted and waiting ones fail at their next look;
    /// machines with no task terminate now, those running one when it is released.
    pub async fn delete(&self, tenant: &TenantId) -> Result<GpuPoolView, AppError> {
        let now = self.now();
        let mut deleted = None;
        for _ in 0..MAX_RACES {
            let current = self.find(tenant).await?;
            let mut next = current.next(now);
            next.deleted = true;
            match self.pools.put(&next, Some(current.version)).await {
                Ok(()) => {
                    deleted = Some(next);
                    break;
                }
                Err(StoreError::Conflict) => continue,
                Err(e) => return Err(AppError::unavailable(Dependency::GpuPoolStore, &e)),
            }
        }
        let pool =
            deleted.ok_or_else(|| AppError::Conflict("the GPU pool is changing too often; try again".to_owned()))?;
        for machine in self.machines(&pool).await? {
            if machine.task_id.is_none() {
                let closed = self.instances.lifecycle().close(tenant, &machine.id, Closer::Lifecycle, None).await;
                if let Err(e) = closed {
                    // The machine idles out through its lifecycle, or the reconciler closes it.
                    tracing::warn!(instance = %machine.id, error = %e, "a deleted pool's machine was not closed now");
                }
            }
        }
        self.view(&pool).await
    }

    /// The pool's machines still recorded and not final.
    pub(crate) async fn machines(&self, pool: &GpuPool) -> Result<Vec<Instance>, AppError> {
        let mut machines = Vec::new();
        for id in &pool.machines {
            let found = self.instances.store().get(&pool.tenant, id).await.or_unavailable(Dependency::InstanceStore)?;
            machines.extend(found);
        }
        Ok(machines)
    }

    async fn view(&self, pool: &GpuPool) -> Result<GpuPoolView, AppError> {
        let now = self.now();
        let machines = self.machines(pool).await?;
        let mut waiting = pool.waiting.clone();
        waiting.sort_by_key(|w| (w.priority.rank(), w.created_at_ms));
        Ok(GpuPoolView {
            status: if pool.deleted { "DELETING" } else { "ACTIVE" }.to_owned(),
            config: pool.config.clone(),
            spend: PoolSpend::of(pool, &machines, now),
            instances: machines.iter().map(|m| InstanceView::of(m, now)).collect(),
            waiting_tasks: waiting
                .into_iter()
                .map(|w| WaitingTaskView {
                    task_id: w.task_id,
                    priority: w.priority,
                    created_at: rfc3339(w.created_at_ms),
                })
                .collect(),
            failed_launches: pool.failed_launches,
            last_launch_error: pool.last_launch_error.clone(),
            created_at: rfc3339(pool.created_at_ms),
            updated_at: rfc3339(pool.updated_at_ms),
        })
    }

    fn now(&self) -> i64 {
        self.instances.lifecycle().clock().now_ms()
    }
}

fn not_found() -> AppError {
    AppError::NotFound("this tenant has no GPU pool; set one with PUT /api/gpu-pool".to_owned())
}
