//! The instance provisioner's API use cases: create (validate, record PROVISIONING, start the
//! lifecycle execution, named by the instance id), read with live cost, list, terminate
//! (idempotent, at once), and per-tenant stats.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Closer, Lifecycle, Work};
use crate::app::{AppError, Dependency, FieldError, PageQuery, StoreResultExt};
use crate::clock::rfc3339;
use crate::domain::instances::{Catalog, CatalogError, CloudProvider, Instance, InstanceSpec, InstanceStatus};
use crate::domain::limits::{admit, counts_as_running, Limit, DEFAULT_MAX_RUNNING_INSTANCES};
use crate::domain::tenant::TenantId;
use crate::ids::{is_id, new_id};
use crate::ports::{Clock, InstanceStore, StoreError, WorkflowStarter};

/// Regions instances may be rented in, per cloud (prices are the catalog's list prices).
pub const AWS_REGIONS: &[&str] =
    &["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"];
pub const AZURE_REGIONS: &[&str] = &["eastus", "eastus2", "westus2", "westus3", "northeurope", "westeurope"];
pub const MIN_DISK_GB: u32 = 30;
pub const MAX_DISK_GB: u32 = 16_384;
pub const AUTO_TERMINATE_MINUTES: std::ops::RangeInclusive<u32> = 5..=120;
const MAX_TAGS: usize = 20;

/// `POST /api/instances/{id}/work`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkReport {
    /// `true`: work was assigned (RUNNING); `false`: it finished (READY). Either restarts the
    /// idle timer, so a long job reports `true` at least every `autoTerminateMinutes`.
    pub busy: bool,
}

/// `POST /api/instances`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateInstanceRequest {
    pub provider: CloudProvider,
    /// A launchable type of the catalog for `provider` (`g5.xlarge`, `Standard_NC4as_T4_v3`).
    pub instance_type: String,
    pub region: String,
    /// Whole GB, at least 30.
    #[serde(rename = "diskSizeGB")]
    #[schema(value_type = i64, minimum = 30, maximum = 16384)]
    pub disk_size_gb: f64,
    /// Idle minutes (no work) before the machine is terminated: 5 to 120.
    #[schema(value_type = i64, minimum = 5, maximum = 120)]
    pub auto_terminate_minutes: f64,
    /// The analysis task the machine is for.
    #[serde(default)]
    #[schema(format = "uuid")]
    pub task_id: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub purpose: Option<String>,
    /// At most 20; keys up to 128 characters, values up to 256.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
}

/// An instance as the API shows it; `totalCost` is live while the machine exists.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceView {
    pub id: String,
    pub provider: CloudProvider,
    pub instance_type: String,
    pub region: String,
    pub status: InstanceStatus,
    pub cost_per_hour: f64,
    pub total_cost: f64,
    #[serde(rename = "diskSizeGB")]
    pub disk_size_gb: u32,
    pub auto_terminate_minutes: u32,
    pub created_at: String,
    pub ready_at: Option<String>,
    pub terminated_at: Option<String>,
    pub public_ip: Option<String>,
    pub task_id: Option<String>,
    pub purpose: Option<String>,
    pub tags: BTreeMap<String, String>,
    /// Why it FAILED.
    pub error: Option<String>,
}

impl InstanceView {
    pub fn of(i: &Instance, now_ms: i64) -> Self {
        Self {
            id: i.id.clone(),
            provider: i.provider,
            instance_type: i.instance_type.clone(),
            region: i.region.clone(),
            status: i.status,
            cost_per_hour: i.cost_per_hour,
            total_cost: i.cost(now_ms),
            disk_size_gb: i.disk_size_gb,
            auto_terminate_minutes: i.auto_terminate_minutes,
            created_at: rfc3339(i.created_at_ms),
            ready_at: i.ready_at_ms.map(rfc3339),
            terminated_at: i.terminated_at_ms.map(rfc3339),
            public_ip: i.public_ip.clone(),
            task_id: i.task_id.clone(),
            purpose: i.purpose.clone(),
            tags: i.tags.clone(),
            error: i.error.clone(),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceListView {
    pub instances: Vec<InstanceView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `GET /api/instances/stats`.
#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstanceStatsView {
    pub total: u64,
    pub by_status: BTreeMap<String, u64>,
    pub by_provider: BTreeMap<String, u64>,
    pub by_type: BTreeMap<String, u64>,
    /// Machines that exist now (launched, not yet terminated).
    pub running_now: u64,
    /// USD, live.
    pub total_cost: f64,
    pub average_cost: f64,
    /// Seconds from launch to termination, over terminated machines that were launched.
    pub average_lifetime_seconds: f64,
}

pub struct InstanceService {
    pub(crate) store: Arc<dyn InstanceStore>,
    /// Its clouds terminate machines for `DELETE`; none are needed to read.
    pub(crate) lifecycle: Arc<Lifecycle>,
    /// Starts lifecycles; only the create function has one.
    pub(crate) workflow: Option<Arc<dyn WorkflowStarter>>,
    pub(crate) catalog: Arc<Catalog>,
    pub(crate) clock: Arc<dyn Clock>,
    /// The clouds this deployment rents from (`INSTANCE_PROVIDERS`).
    pub(crate) providers: Vec<CloudProvider>,
    /// Most machines one tenant may have running or starting (`TENANT_MAX_RUNNING_INSTANCES`).
    pub(crate) max_running: u32,
}

impl InstanceService {
    /// The instance store, for the functions' and tests' own reads.
    pub fn store(&self) -> &Arc<dyn InstanceStore> {
        &self.store
    }

    /// The lifecycle whose steps the state machine's tasks run.
    pub fn lifecycle(&self) -> &Arc<Lifecycle> {
        &self.lifecycle
    }

    /// A service on `store` with the builtin catalog; `clouds` terminate for `DELETE`.
    pub fn new(
        store: Arc<dyn InstanceStore>,
        clouds: super::Clouds,
        workflow: Option<Arc<dyn WorkflowStarter>>,
        providers: Vec<CloudProvider>,
        clock: Arc<dyn Clock>,
    ) -> Result<Self, String> {
        let lifecycle = Arc::new(Lifecycle::new(store, clouds, clock, super::LifecycleSettings::default()));
        Self::on(lifecycle, workflow, providers)
    }

    /// A service over `lifecycle`'s store, clouds and clock, with the builtin catalog (`local`
    /// runs its lifecycle with its own settings).
    pub fn on(
        lifecycle: Arc<Lifecycle>,
        workflow: Option<Arc<dyn WorkflowStarter>>,
        providers: Vec<CloudProvider>,
    ) -> Result<Self, String> {
        Ok(Self {
            store: lifecycle.store.clone(),
            clock: lifecycle.clock.clone(),
            lifecycle,
            workflow,
            catalog: Arc::new(Catalog::builtin()?),
            providers,
            max_running: DEFAULT_MAX_RUNNING_INSTANCES,
        })
    }

    /// The same service with another `TENANT_MAX_RUNNING_INSTANCES`.
    pub fn with_max_running(self, max_running: u32) -> Self {
        Self { max_running, ..self }
    }
}

/// `TENANT_MAX_RUNNING_INSTANCES`: most machines one tenant may have running or starting (default
/// 5; 0 refuses every create).
pub fn max_running_from_env(env: &mut crate::config::EnvReader) -> u32 {
    env.parsed_or(Limit::RunningInstances.setting(), DEFAULT_MAX_RUNNING_INSTANCES)
}

/// `INSTANCE_PROVIDERS`: the clouds this deployment rents from, comma separated (default `AWS`).
pub fn providers_from_env(env: &mut crate::config::EnvReader) -> Vec<CloudProvider> {
    let raw = env.optional("INSTANCE_PROVIDERS").unwrap_or_else(|| "AWS".to_owned());
    let mut providers = Vec::new();
    for name in raw.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match name.to_ascii_uppercase().as_str() {
            "AWS" => providers.push(CloudProvider::Aws),
            "AZURE" => providers.push(CloudProvider::Azure),
            other => env.problem(format!("INSTANCE_PROVIDERS: {other:?} is not AWS or AZURE")),
        }
    }
    providers
}

fn whole(value: f64, range: std::ops::RangeInclusive<u32>, field: &str, errors: &mut Vec<FieldError>) -> u32 {
    if value.fract() == 0.0 && value >= f64::from(*range.start()) && value <= f64::from(*range.end()) {
        value as u32
    } else {
        errors
            .push(FieldError::new(field, format!("must be a whole number from {} to {}", range.start(), range.end())));
        0
    }
}

impl InstanceService {
    /// The machine a request asks for, validated as `POST /api/instances` and `PUT /api/gpu-pool`
    /// both do: a type the catalog says `provider` still launches (a retired one named with its
    /// replacement), a region of that cloud, the disk, the idle minutes (named `idle_field`), and
    /// a provider this deployment rents from. `None` with every offending field in `errors`.
    #[allow(clippy::too_many_arguments)]
    pub fn machine_spec(
        &self,
        provider: CloudProvider,
        instance_type: String,
        region: String,
        disk_size_gb: f64,
        idle_minutes: f64,
        idle_field: &str,
        errors: &mut Vec<FieldError>,
    ) -> Option<InstanceSpec> {
        let price = match self.catalog.launchable(provider, &instance_type) {
            Ok(machine) => Some(machine.hourly_usd),
            Err(e @ (CatalogError::Retired { .. } | CatalogError::Unknown { .. })) => {
                errors.push(FieldError::new("instanceType", e.to_string()));
                None
            }
        };
        let regions = match provider {
            CloudProvider::Aws => AWS_REGIONS,
            CloudProvider::Azure => AZURE_REGIONS,
        };
        if !regions.contains(&region.as_str()) {
            errors.push(FieldError::new(
                "region",
                format!("is not a {provider:?} region this product rents in; use one of {}", regions.join(", ")),
            ));
        }
        let disk = whole(disk_size_gb, MIN_DISK_GB..=MAX_DISK_GB, "diskSizeGB", errors);
        let idle = whole(idle_minutes, AUTO_TERMINATE_MINUTES, idle_field, errors);
        if !self.providers.contains(&provider) {
            errors.push(FieldError::new("provider", format!("{provider:?} is not configured in this deployment")));
        }
        let cost_per_hour = price.filter(|_| errors.is_empty())?;
        Some(InstanceSpec {
            provider,
            instance_type,
            region,
            disk_size_gb: disk,
            auto_terminate_minutes: idle,
            cost_per_hour,
        })
    }

    /// Validates, records PROVISIONING and starts the lifecycle; the instance as recorded.
    pub async fn create(&self, tenant: &TenantId, request: CreateInstanceRequest) -> Result<Instance, AppError> {
        let mut errors = Vec::new();
        let spec = self.machine_spec(
            request.provider,
            request.instance_type,
            request.region,
            request.disk_size_gb,
            request.auto_terminate_minutes,
            "autoTerminateMinutes",
            &mut errors,
        );
        if request.task_id.as_deref().is_some_and(|t| !is_id(t)) {
            errors.push(FieldError::new("taskId", "must be a task id (a UUID)"));
        }
        if request.purpose.as_deref().is_some_and(|p| p.chars().count() > 500) {
            errors.push(FieldError::new("purpose", "at most 500 characters"));
        }
        let tags = request.tags.unwrap_or_default();
        if tags.len() > MAX_TAGS {
            errors.push(FieldError::new("tags", format!("at most {MAX_TAGS} tags")));
        }
        // Each bad tag is named as a client names it (`tags.<key>`), its key cut to the longest
        // allowed so that an error never echoes an attacker's megabyte.
        for (key, _) in tags.iter().filter(|(k, v)| k.is_empty() || k.chars().count() > 128 || v.chars().count() > 256)
        {
            let name: String = key.chars().take(128).collect();
            errors.push(FieldError::new(format!("tags.{name}"), "keys are 1-128 characters, values up to 256"));
        }
        let Some(spec) = spec.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        self.admit_one_more(tenant).await?;
        let mut instance = Instance::provisioning(new_id(), tenant.clone(), spec, self.clock.now_ms());
        instance.task_id = request.task_id;
        instance.purpose = request.purpose;
        instance.tags = tags;
        self.launch(tenant, instance).await
    }

    /// Refuses (`tenant_limit_reached`) a machine more than `TENANT_MAX_RUNNING_INSTANCES`.
    pub async fn admit_one_more(&self, tenant: &TenantId) -> Result<(), AppError> {
        let running = self.running_count(tenant).await?;
        admit(Limit::RunningInstances, self.max_running, running).map_err(AppError::LimitReached)
    }

    /// Records `instance` PROVISIONING and starts its lifecycle; a lifecycle that cannot start
    /// closes the record at once.
    pub async fn launch(&self, tenant: &TenantId, instance: Instance) -> Result<Instance, AppError> {
        self.store.create(&instance).await.or_unavailable(Dependency::InstanceStore)?;
        let input = json!({ "tenantId": tenant.as_str(), "instanceId": instance.id });
        let started = match &self.workflow {
            Some(workflow) => workflow.start(&instance.id, input).await,
            None => Err(StoreError::Unavailable("no workflow starter is configured".to_owned())),
        };
        if let Err(err) = started {
            // Nothing was launched: close the record rather than leave it PROVISIONING forever.
            let reason = format!("the lifecycle could not be started: {err}");
            let _ = self.lifecycle.close(tenant, &instance.id, Closer::Lifecycle, Some(&reason)).await;
            return Err(AppError::unavailable(Dependency::WorkflowService, &err));
        }
        Ok(instance)
    }

    /// How many of the tenant's machines count as running (`limits::counts_as_running`), counted
    /// up to `max_running`, which is all the limit needs: one query of at most that many records
    /// per status, on the status index. That index is eventually consistent and the count is not
    /// atomic with the create that follows, so concurrent creates of one tenant (or one just
    /// after another) may overshoot the limit by their number; the next create sees them.
    async fn running_count(&self, tenant: &TenantId) -> Result<i64, AppError> {
        let max = self.max_running as usize;
        let mut count = 0;
        for status in InstanceStatus::ALL.into_iter().filter(|s| counts_as_running(*s)) {
            if count >= max {
                break;
            }
            let page = self
                .store
                .list(tenant, Some(status), None, max - count)
                .await
                .or_unavailable(Dependency::InstanceStore)?;
            count += page.instances.len();
        }
        Ok(i64::try_from(count).unwrap_or(i64::MAX))
    }

    /// The tenant's instance, or 404 (also for another tenant's id).
    pub async fn find(&self, tenant: &TenantId, id: &str) -> Result<Instance, AppError> {
        let found =
            if is_id(id) { self.store.get(tenant, id).await.or_unavailable(Dependency::InstanceStore)? } else { None };
        found.ok_or_else(|| AppError::NotFound(format!("no instance {}", id.chars().take(100).collect::<String>())))
    }

    pub fn view(&self, instance: &Instance) -> InstanceView {
        InstanceView::of(instance, self.clock.now_ms())
    }

    /// Terminates at once: the machine, then the record (TERMINATED). Idempotent.
    pub async fn terminate(&self, tenant: &TenantId, id: &str) -> Result<Instance, AppError> {
        self.find(tenant, id).await?;
        self.lifecycle.close(tenant, id, Closer::Tenant, None).await.map_err(|e| {
            tracing::error!(error = %e, "terminate failed");
            AppError::TryAgain("the machine could not be terminated now; retry the DELETE".to_owned())
        })
    }

    /// Records work on a READY or RUNNING instance; any other status is a 409.
    pub async fn report_work(&self, tenant: &TenantId, id: &str, work: Work) -> Result<Instance, AppError> {
        self.find(tenant, id).await?;
        let after = self.lifecycle.report_work(tenant, id, work).await.map_err(|e| {
            tracing::error!(error = %e, "work report failed");
            AppError::TryAgain("the instance could not be updated now; retry".to_owned())
        })?;
        // `worked` refuses exactly the other statuses, so a record in neither was left as it was.
        if !matches!(after.status, InstanceStatus::Ready | InstanceStatus::Running) {
            return Err(AppError::Conflict(format!(
                "the instance is {}; only a READY or RUNNING instance takes work",
                after.status.as_str()
            )));
        }
        Ok(after)
    }

    /// The tenant's instances, newest first, of one `status` if given.
    pub async fn list(
        &self,
        tenant: &TenantId,
        status: Option<InstanceStatus>,
        page: PageQuery,
    ) -> Result<InstanceListView, AppError> {
        let found = self
            .store
            .list(tenant, status, page.cursor.as_deref(), page.limit)
            .await
            .or_unavailable(Dependency::InstanceStore)?;
        let now = self.clock.now_ms();
        Ok(InstanceListView {
            instances: found.instances.iter().map(|i| InstanceView::of(i, now)).collect(),
            next_cursor: found.next_after,
        })
    }

    /// Counts, cost and lifetime over the tenant's instances.
    pub async fn stats(&self, tenant: &TenantId) -> Result<InstanceStatsView, AppError> {
        let now = self.clock.now_ms();
        let mut stats = InstanceStatsView::default();
        let mut lifetimes = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page =
                self.store.list(tenant, None, after.as_deref(), 100).await.or_unavailable(Dependency::InstanceStore)?;
            for i in &page.instances {
                stats.total += 1;
                *stats.by_status.entry(i.status.as_str().to_owned()).or_default() += 1;
                *stats.by_provider.entry(format!("{:?}", i.provider).to_ascii_uppercase()).or_default() += 1;
                *stats.by_type.entry(i.instance_type.clone()).or_default() += 1;
                if i.launched_at_ms.is_some() && i.terminated_at_ms.is_none() {
                    stats.running_now += 1;
                }
                stats.total_cost += i.cost(now);
                if let (Some(start), Some(end)) = (i.launched_at_ms, i.terminated_at_ms) {
                    lifetimes.push((end - start) as f64 / 1000.0);
                }
            }
            match page.next_after {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        stats.total_cost = (stats.total_cost * 1e8).round() / 1e8;
        if stats.total > 0 {
            stats.average_cost = (stats.total_cost / stats.total as f64 * 1e8).round() / 1e8;
        }
        if !lifetimes.is_empty() {
            stats.average_lifetime_seconds = lifetimes.iter().sum::<f64>() / lifetimes.len() as f64;
        }
        Ok(stats)
    }
}
