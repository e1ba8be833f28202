//! The stores a deployment runs on, built once per cold start: memory stores for `local` and
//! tests; DynamoDB stores (feature `dynamodb`) from table names in the environment.

use std::sync::Arc;

use crate::adapters::memory::{
    EmbeddedProbe, MemoryApiKeyStore, MemoryAuditTrail, MemoryConversationStore, MemoryGpuPoolStore,
    MemoryIdempotencyStore, MemoryInstanceStore, MemoryOptimizerStats, MemoryRateLimiter, MemoryRetentionStore,
    MemoryTaskStore, MemoryTenantJobs, MemoryUsageStore,
};
use crate::adapters::retention::{
    RetainedConversations, RetainedInstances, RetainedJobs, RetainedTasks, RetentionRules,
};
#[cfg(feature = "dynamodb")]
use crate::config::EnvReader;
use crate::ports::{
    ApiKeyStore, AuditTrail, Clock, ConversationStore, DependencyProbe, GpuPoolStore, IdempotencyStore, InstanceStore,
    OptimizerStatsStore, RateLimiter, RetentionStore, TaskStore, TenantJobStore, UsageStore,
};

/// The stores behind the gateway, and the probes `/health/ready` runs over them.
#[derive(Clone)]
pub struct Stores {
    pub api_keys: Arc<dyn ApiKeyStore>,
    pub rate_limiter: Arc<dyn RateLimiter>,
    pub idempotency: Arc<dyn IdempotencyStore>,
    pub optimizer_stats: Arc<dyn OptimizerStatsStore>,
    pub tasks: Arc<dyn TaskStore>,
    pub conversations: Arc<dyn ConversationStore>,
    pub instances: Arc<dyn InstanceStore>,
    pub audit: Arc<dyn AuditTrail>,
    pub tenant_jobs: Arc<dyn TenantJobStore>,
    pub usage: Arc<dyn UsageStore>,
    pub gpu_pools: Arc<dyn GpuPoolStore>,
    pub retention: Arc<dyn RetentionStore>,
    pub probes: Vec<Arc<dyn DependencyProbe>>,
}

impl Stores {
    /// The same stores with the stores of content under the tenants' retention rule
    /// (`adapters::retention`), judged by `clock`, and that rule (for the setting's own service,
    /// so that a change made in this process is seen at once).
    pub fn retained(&self, clock: Arc<dyn Clock>) -> (Self, Arc<RetentionRules>) {
        let rules = RetentionRules::new(self.retention.clone(), clock);
        let stores = Self {
            tasks: Arc::new(RetainedTasks::new(self.tasks.clone(), rules.clone())),
            conversations: Arc::new(RetainedConversations::new(self.conversations.clone(), rules.clone())),
            instances: Arc::new(RetainedInstances::new(self.instances.clone(), rules.clone())),
            tenant_jobs: Arc::new(RetainedJobs::new(self.tenant_jobs.clone(), rules.clone())),
            ..self.clone()
        };
        (stores, rules)
    }
}

impl Stores {
    pub fn memory() -> Self {
        let probes: Vec<Arc<dyn DependencyProbe>> = [
            "api-keys",
            "rate-limits",
            "idempotency",
            "optimizer-stats",
            "tasks",
            "conversations",
            "instances",
            "audit",
            "tenant-jobs",
            "usage",
            "gpu-pools",
            "retention",
        ]
        .into_iter()
        .map(|name| Arc::new(EmbeddedProbe { name }) as Arc<dyn DependencyProbe>)
        .collect();
        Self {
            api_keys: Arc::new(MemoryApiKeyStore::default()),
            rate_limiter: Arc::new(MemoryRateLimiter::default()),
            idempotency: Arc::new(MemoryIdempotencyStore::default()),
            optimizer_stats: Arc::new(MemoryOptimizerStats::default()),
            tasks: Arc::new(MemoryTaskStore::default()),
            conversations: Arc::new(MemoryConversationStore::default()),
            instances: Arc::new(MemoryInstanceStore::default()),
            audit: Arc::new(MemoryAuditTrail::default()),
            tenant_jobs: Arc::new(MemoryTenantJobs::default()),
            usage: Arc::new(MemoryUsageStore::default()),
            gpu_pools: Arc::new(MemoryGpuPoolStore::default()),
            retention: Arc::new(MemoryRetentionStore::default()),
            probes,
        }
    }
}

/// Physical names of the gateway's tables.
#[cfg(feature = "dynamodb")]
pub struct Tables {
    pub api_keys: String,
    pub rate_limits: String,
    pub idempotency: String,
    pub optimizer_stats: String,
    pub tasks: String,
    pub task_events: String,
    pub task_stats: String,
    pub conversations: String,
    pub chat_messages: String,
    pub chat_spend: String,
    pub instances: String,
    pub audit: String,
    pub tenant_jobs: String,
    pub usage: String,
    pub gpu_pools: String,
    pub retention: String,
}

#[cfg(feature = "dynamodb")]
impl Tables {
    /// `API_KEYS_TABLE`, `RATE_LIMITS_TABLE`, `IDEMPOTENCY_TABLE`, `OPTIMIZER_STATS_TABLE`,
    /// `TASKS_TABLE`, `TASK_EVENTS_TABLE`, `TASK_STATS_TABLE`, `CONVERSATIONS_TABLE`,
    /// `CHAT_MESSAGES_TABLE`, `CHAT_SPEND_TABLE`, `INSTANCES_TABLE`, `AUDIT_TABLE`, `TENANT_JOBS_TABLE`, `USAGE_TABLE`, `GPU_POOLS_TABLE`,
    /// `RETENTION_TABLE`.
    pub fn from_env(env: &mut EnvReader) -> Self {
        Self {
            api_keys: env.required("API_KEYS_TABLE"),
            rate_limits: env.required("RATE_LIMITS_TABLE"),
            idempotency: env.required("IDEMPOTENCY_TABLE"),
            optimizer_stats: env.required("OPTIMIZER_STATS_TABLE"),
            tasks: env.required("TASKS_TABLE"),
            task_events: env.required("TASK_EVENTS_TABLE"),
            task_stats: env.required("TASK_STATS_TABLE"),
            conversations: env.required("CONVERSATIONS_TABLE"),
            chat_messages: env.required("CHAT_MESSAGES_TABLE"),
            chat_spend: env.required("CHAT_SPEND_TABLE"),
            instances: env.required("INSTANCES_TABLE"),
            audit: env.required("AUDIT_TABLE"),
            tenant_jobs: env.required("TENANT_JOBS_TABLE"),
            usage: env.required("USAGE_TABLE"),
            gpu_pools: env.required("GPU_POOLS_TABLE"),
            retention: env.required("RETENTION_TABLE"),
        }
    }
}

#[cfg(feature = "dynamodb")]
impl Stores {
    pub fn dynamodb(config: &aws_config::SdkConfig, tables: &Tables) -> Self {
        use crate::adapters::dynamodb::{
            self, DynamoApiKeyStore, DynamoAuditTrail, DynamoConversationStore, DynamoGpuPoolStore,
            DynamoIdempotencyStore, DynamoInstanceStore, DynamoOptimizerStats, DynamoRateLimiter, DynamoRetentionStore,
            DynamoTaskStore, DynamoTenantJobs, DynamoUsageStore, TableProbe,
        };
        let client = dynamodb::client(config);
        let probes: Vec<Arc<dyn DependencyProbe>> = [
            ("api-keys", &tables.api_keys),
            ("rate-limits", &tables.rate_limits),
            ("idempotency", &tables.idempotency),
            ("optimizer-stats", &tables.optimizer_stats),
            ("tasks", &tables.tasks),
            ("task-events", &tables.task_events),
            ("task-stats", &tables.task_stats),
            ("conversations", &tables.conversations),
            ("chat-messages", &tables.chat_messages),
            ("chat-spend", &tables.chat_spend),
            ("instances", &tables.instances),
            ("audit", &tables.audit),
            ("tenant-jobs", &tables.tenant_jobs),
            ("usage", &tables.usage),
            ("gpu-pools", &tables.gpu_pools),
            ("retention", &tables.retention),
        ]
        .into_iter()
        .map(|(name, table)| Arc::new(TableProbe::new(client.clone(), name, table.clone())) as Arc<dyn DependencyProbe>)
        .collect();
        Self {
            api_keys: Arc::new(DynamoApiKeyStore::new(client.clone(), tables.api_keys.clone())),
            rate_limiter: Arc::new(DynamoRateLimiter::new(client.clone(), tables.rate_limits.clone())),
            idempotency: Arc::new(DynamoIdempotencyStore::new(client.clone(), tables.idempotency.clone())),
            optimizer_stats: Arc::new(DynamoOptimizerStats::new(client.clone(), tables.optimizer_stats.clone())),
            tasks: Arc::new(DynamoTaskStore::new(
                client.clone(),
                tables.tasks.clone(),
                tables.task_events.clone(),
                tables.task_stats.clone(),
            )),
            instances: Arc::new(DynamoInstanceStore::new(client.clone(), tables.instances.clone())),
            audit: Arc::new(DynamoAuditTrail::new(client.clone(), tables.audit.clone())),
            tenant_jobs: Arc::new(DynamoTenantJobs::new(client.clone(), tables.tenant_jobs.clone())),
            usage: Arc::new(DynamoUsageStore::new(client.clone(), tables.usage.clone())),
            gpu_pools: Arc::new(DynamoGpuPoolStore::new(client.clone(), tables.gpu_pools.clone())),
            retention: Arc::new(DynamoRetentionStore::new(client.clone(), tables.retention.clone())),
            conversations: Arc::new(DynamoConversationStore::new(
                client,
                tables.conversations.clone(),
                tables.chat_messages.clone(),
                tables.chat_spend.clone(),
            )),
            probes,
        }
    }
}
