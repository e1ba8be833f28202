//! What a function declares it uses. Its `main.rs` names the stores (`Needs`); only their
//! tables' variables are required (every missing one named at once), only their adapters are
//! built and only their tables probed. template.yaml gives each function exactly those tables'
//! variables and IAM grants, and `tests/tests/function_tables.rs` checks both against the
//! `Store::…` names in each `main.rs`.

/// A store a function can use, and the DynamoDB tables it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Store {
    ApiKeys,
    RateLimits,
    Idempotency,
    OptimizerStats,
    /// Tasks, their events and the per-tenant queue counters, written in one transaction.
    Tasks,
    /// Conversations, their messages and the per-tenant monthly spend.
    Conversations,
    Instances,
    /// The access audit trail: every HTTP function of a tenant route writes to it.
    Audit,
    /// Export and erase jobs of the tenants.
    TenantJobs,
    /// Per-tenant, per-day usage counters (`GET /api/tenant/usage`).
    Usage,
    /// Each tenant's GPU pool.
    GpuPools,
    /// Each tenant's retention setting. Every store of content (tasks, conversations, instances,
    /// tenant jobs) also reads it, to hide what has expired (`adapters::retention`).
    Retention,
}

impl Store {
    pub const ALL: [Store; 12] = [
        Store::ApiKeys,
        Store::RateLimits,
        Store::Idempotency,
        Store::OptimizerStats,
        Store::Tasks,
        Store::Conversations,
        Store::Instances,
        Store::Audit,
        Store::TenantJobs,
        Store::Usage,
        Store::GpuPools,
        Store::Retention,
    ];

    pub fn tables(self) -> &'static [Table] {
        match self {
            Store::ApiKeys => &[Table::ApiKeys],
            Store::RateLimits => &[Table::RateLimits],
            Store::Idempotency => &[Table::Idempotency],
            Store::OptimizerStats => &[Table::OptimizerStats],
            Store::Tasks => &[Table::Tasks, Table::TaskEvents, Table::TaskStats, Table::Retention],
            Store::Conversations => &[Table::Conversations, Table::ChatMessages, Table::ChatSpend, Table::Retention],
            Store::Instances => &[Table::Instances, Table::Retention],
            Store::Audit => &[Table::Audit],
            Store::TenantJobs => &[Table::TenantJobs, Table::Retention],
            Store::Usage => &[Table::Usage],
            Store::GpuPools => &[Table::GpuPools],
            Store::Retention => &[Table::Retention],
        }
    }
}

/// A DynamoDB table of template.yaml.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    ApiKeys,
    RateLimits,
    Idempotency,
    OptimizerStats,
    Tasks,
    TaskEvents,
    TaskStats,
    Conversations,
    ChatMessages,
    ChatSpend,
    Instances,
    Audit,
    TenantJobs,
    Usage,
    GpuPools,
    Retention,
}

impl Table {
    /// The variable holding the table's physical name, and the dependency name `/health/ready`
    /// reports it under.
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Table::ApiKeys => ("API_KEYS_TABLE", "api-keys"),
            Table::RateLimits => ("RATE_LIMITS_TABLE", "rate-limits"),
            Table::Idempotency => ("IDEMPOTENCY_TABLE", "idempotency"),
            Table::OptimizerStats => ("OPTIMIZER_STATS_TABLE", "optimizer-stats"),
            Table::Tasks => ("TASKS_TABLE", "tasks"),
            Table::TaskEvents => ("TASK_EVENTS_TABLE", "task-events"),
            Table::TaskStats => ("TASK_STATS_TABLE", "task-stats"),
            Table::Conversations => ("CONVERSATIONS_TABLE", "conversations"),
            Table::ChatMessages => ("CHAT_MESSAGES_TABLE", "chat-messages"),
            Table::ChatSpend => ("CHAT_SPEND_TABLE", "chat-spend"),
            Table::Instances => ("INSTANCES_TABLE", "instances"),
            Table::Audit => ("AUDIT_TABLE", "audit"),
            Table::TenantJobs => ("TENANT_JOBS_TABLE", "tenant-jobs"),
            Table::Usage => ("USAGE_TABLE", "usage"),
            Table::GpuPools => ("GPU_POOLS_TABLE", "gpu-pools"),
            Table::Retention => ("RETENTION_TABLE", "retention"),
        }
    }

    pub fn variable(self) -> &'static str {
        self.names().0
    }

    pub fn probe_name(self) -> &'static str {
        self.names().1
    }

    /// The table's logical id in template.yaml (`TaskEventsTable`).
    pub fn logical_id(self) -> String {
        format!("{self:?}Table")
    }
}

/// The stores one function uses, as its `main.rs` declares them.
#[derive(Clone, Copy, Debug)]
pub struct Needs(pub &'static [Store]);

impl Needs {
    pub fn uses(self, store: Store) -> bool {
        self.0.contains(&store)
    }

    /// Every table of the declared stores, each once, in declaration order.
    pub fn tables(self) -> Vec<Table> {
        let mut tables: Vec<Table> = Vec::new();
        for table in self.0.iter().flat_map(|store| store.tables()) {
            if !tables.contains(table) {
                tables.push(*table);
            }
        }
        tables
    }
}

#[cfg(feature = "dynamodb")]
pub use declared::{DeclaredStores, DeclaredTables};

#[cfg(feature = "dynamodb")]
mod declared {
    use std::collections::HashMap;
    use std::sync::Arc;

    use async_trait::async_trait;

    use super::{Needs, Store, Table};
    use crate::adapters::dynamodb::{
        self, DynamoApiKeyStore, DynamoAuditTrail, DynamoConversationStore, DynamoGpuPoolStore, DynamoIdempotencyStore,
        DynamoInstanceStore, DynamoOptimizerStats, DynamoRateLimiter, DynamoRetentionStore, DynamoTaskStore,
        DynamoTenantJobs, DynamoUsageStore, TableProbe,
    };
    use crate::adapters::retention::{
        RetainedConversations, RetainedInstances, RetainedJobs, RetainedTasks, RetentionRules,
    };
    use crate::config::{ConfigError, EnvReader};
    use crate::domain::idempotency::{Fingerprint, IdempotencyScope, StoredResponse};
    use crate::domain::rate_limit::{RateDecision, RatePolicy, RateUsage};
    use crate::domain::tenant::TenantId;
    use crate::ports::{
        ApiKeyStore, AuditTrail, Claim, ConversationStore, DependencyProbe, GpuPoolStore, IdempotencyStore,
        InstanceStore, OptimizerStatsStore, RateLimiter, RetentionStore, StoreError, TaskStore, TenantJobStore,
        UsageStore,
    };

    /// The physical names of a function's declared tables, read from their variables.
    pub struct DeclaredTables {
        needs: Needs,
        names: HashMap<Table, String>,
    }

    impl DeclaredTables {
        /// Requires the variable of every table of `needs` and of no other; a missing one is a
        /// problem of `env`, reported with every other at `env.finish()`.
        pub fn from_env(env: &mut EnvReader, needs: Needs) -> Self {
            let names = needs.tables().into_iter().map(|table| (table, env.required(table.variable()))).collect();
            Self { needs, names }
        }
    }

    /// A function's declared stores on DynamoDB. Each accessor builds its adapter; asking for a
    /// store the function did not declare is a startup error naming it. The stores of content
    /// come under the retention rule (`adapters::retention`), all sharing one `RetentionRules`,
    /// unless `unfiltered` (an erase and the re-stamp must reach expired items too).
    pub struct DeclaredStores {
        client: aws_sdk_dynamodb::Client,
        tables: DeclaredTables,
        rules: std::sync::OnceLock<Arc<RetentionRules>>,
        filtered: bool,
    }

    impl DeclaredStores {
        pub fn new(config: &aws_config::SdkConfig, tables: DeclaredTables) -> Self {
            Self { client: dynamodb::client(config), tables, rules: std::sync::OnceLock::new(), filtered: true }
        }

        /// The same stores, with no retention rule on read or write.
        pub fn unfiltered(self) -> Self {
            Self { filtered: false, ..self }
        }

        /// The tenants' retention settings (`Store::Retention`, or any store of content).
        pub fn retention(&self) -> Result<Arc<dyn RetentionStore>, ConfigError> {
            let table = match self.tables.names.get(&Table::Retention) {
                Some(name) => name.clone(),
                None => self.table(Store::Retention, Table::Retention)?,
            };
            Ok(Arc::new(DynamoRetentionStore::new(self.client.clone(), table)))
        }

        /// The retention rule of every store of this function, on the system clock.
        pub fn retention_rules(&self) -> Result<Arc<RetentionRules>, ConfigError> {
            if let Some(rules) = self.rules.get() {
                return Ok(rules.clone());
            }
            let rules = RetentionRules::new(self.retention()?, Arc::new(crate::clock::SystemClock));
            Ok(self.rules.get_or_init(|| rules).clone())
        }

        fn table(&self, store: Store, table: Table) -> Result<String, ConfigError> {
            match self.tables.names.get(&table) {
                Some(name) if self.tables.needs.uses(store) => Ok(name.clone()),
                _ => Err(ConfigError(vec![format!(
                    "the {store:?} store is used but not declared in this function's Needs (main.rs)"
                )])),
            }
        }

        pub fn api_keys(&self) -> Result<Arc<dyn ApiKeyStore>, ConfigError> {
            Ok(Arc::new(DynamoApiKeyStore::new(self.client.clone(), self.table(Store::ApiKeys, Table::ApiKeys)?)))
        }

        pub fn optimizer_stats(&self) -> Result<Arc<dyn OptimizerStatsStore>, ConfigError> {
            let table = self.table(Store::OptimizerStats, Table::OptimizerStats)?;
            Ok(Arc::new(DynamoOptimizerStats::new(self.client.clone(), table)))
        }

        pub fn tasks(&self) -> Result<Arc<dyn TaskStore>, ConfigError> {
            let [tasks, events, stats] = [Table::Tasks, Table::TaskEvents, Table::TaskStats];
            let store: Arc<dyn TaskStore> = Arc::new(DynamoTaskStore::new(
                self.client.clone(),
                self.table(Store::Tasks, tasks)?,
                self.table(Store::Tasks, events)?,
                self.table(Store::Tasks, stats)?,
            ));
            if !self.filtered {
                return Ok(store);
            }
            Ok(Arc::new(RetainedTasks::new(store, self.retention_rules()?)))
        }

        pub fn conversations(&self) -> Result<Arc<dyn ConversationStore>, ConfigError> {
            let store = Store::Conversations;
            let store: Arc<dyn ConversationStore> = Arc::new(DynamoConversationStore::new(
                self.client.clone(),
                self.table(store, Table::Conversations)?,
                self.table(store, Table::ChatMessages)?,
                self.table(store, Table::ChatSpend)?,
            ));
            if !self.filtered {
                return Ok(store);
            }
            Ok(Arc::new(RetainedConversations::new(store, self.retention_rules()?)))
        }

        pub fn instances(&self) -> Result<Arc<dyn InstanceStore>, ConfigError> {
            let store: Arc<dyn InstanceStore> = Arc::new(DynamoInstanceStore::new(
                self.client.clone(),
                self.table(Store::Instances, Table::Instances)?,
            ));
            if !self.filtered {
                return Ok(store);
            }
            Ok(Arc::new(RetainedInstances::new(store, self.retention_rules()?)))
        }

        pub fn audit(&self) -> Result<Arc<dyn AuditTrail>, ConfigError> {
            Ok(Arc::new(DynamoAuditTrail::new(self.client.clone(), self.table(Store::Audit, Table::Audit)?)))
        }

        pub fn tenant_jobs(&self) -> Result<Arc<dyn TenantJobStore>, ConfigError> {
            let table = self.table(Store::TenantJobs, Table::TenantJobs)?;
            let store: Arc<dyn TenantJobStore> = Arc::new(DynamoTenantJobs::new(self.client.clone(), table));
            if !self.filtered {
                return Ok(store);
            }
            Ok(Arc::new(RetainedJobs::new(store, self.retention_rules()?)))
        }

        pub fn usage(&self) -> Result<Arc<dyn UsageStore>, ConfigError> {
            Ok(Arc::new(DynamoUsageStore::new(self.client.clone(), self.table(Store::Usage, Table::Usage)?)))
        }

        pub fn gpu_pools(&self) -> Result<Arc<dyn GpuPoolStore>, ConfigError> {
            Ok(Arc::new(DynamoGpuPoolStore::new(self.client.clone(), self.table(Store::GpuPools, Table::GpuPools)?)))
        }

        /// Whether the function declared `store` (a store it uses only when declared).
        pub fn declares(&self, store: Store) -> bool {
            self.tables.needs.uses(store)
        }

        /// The gateway's rate limiter; a function that declares none (a public route) gets one
        /// that is never asked: the gateway limits tenant routes only.
        pub fn rate_limiter(&self) -> Arc<dyn RateLimiter> {
            match self.table(Store::RateLimits, Table::RateLimits) {
                Ok(table) => Arc::new(DynamoRateLimiter::new(self.client.clone(), table)),
                Err(_) => Arc::new(Undeclared(Store::RateLimits)),
            }
        }

        /// The gateway's idempotency store; a function that declares none (no POST route) gets
        /// one that is never asked: the gateway claims keys on POST only.
        pub fn idempotency(&self) -> Arc<dyn IdempotencyStore> {
            match self.table(Store::Idempotency, Table::Idempotency) {
                Ok(table) => Arc::new(DynamoIdempotencyStore::new(self.client.clone(), table)),
                Err(_) => Arc::new(Undeclared(Store::Idempotency)),
            }
        }

        /// One readiness probe per declared table.
        pub fn probes(&self) -> Vec<Arc<dyn DependencyProbe>> {
            self.tables
                .needs
                .tables()
                .into_iter()
                .filter_map(|table| Some((table, self.tables.names.get(&table)?.clone())))
                .map(|(table, name)| {
                    Arc::new(TableProbe::new(self.client.clone(), table.probe_name(), name)) as Arc<dyn DependencyProbe>
                })
                .collect()
        }
    }

    /// The gateway's stand-in for a store the function does not declare. The gateway never asks
    /// it (see `rate_limiter`, `idempotency`); if a new route ever made it, the request fails
    /// closed as with an unreachable table, naming the store in the log.
    struct Undeclared(Store);

    impl Undeclared {
        fn refuse<T>(&self) -> Result<T, StoreError> {
            Err(StoreError::Unavailable(format!("the {:?} store is not declared by this function", self.0)))
        }
    }

    #[async_trait]
    impl RateLimiter for Undeclared {
        async fn acquire(&self, _: &TenantId, _: &RatePolicy, _: i64) -> Result<RateDecision, StoreError> {
            self.refuse()
        }
        async fn usage(&self, _: &TenantId, _: &RatePolicy, _: i64) -> Result<RateUsage, StoreError> {
            self.refuse()
        }
    }

    #[async_trait]
    impl IdempotencyStore for Undeclared {
        async fn claim(
            &self,
            _: &IdempotencyScope,
            _: &Fingerprint,
            _: i64,
            _: i64,
            _: i64,
        ) -> Result<Claim, StoreError> {
            self.refuse()
        }
        async fn complete(
            &self,
            _: &IdempotencyScope,
            _: &Fingerprint,
            _: &StoredResponse,
            _: i64,
        ) -> Result<(), StoreError> {
            self.refuse()
        }
        async fn release(&self, _: &IdempotencyScope, _: &Fingerprint) -> Result<(), StoreError> {
            self.refuse()
        }
        async fn delete_tenant(&self, _: &TenantId) -> Result<u64, StoreError> {
            self.refuse()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_belongs_to_exactly_one_store_and_names_its_variable() {
        let tables: Vec<Table> = Needs(&Store::ALL).tables();
        assert_eq!(tables.len(), 16);
        for table in tables {
            let owners: Vec<&Store> = Store::ALL.iter().filter(|s| s.tables().contains(&table)).collect();
            if table == Table::Retention {
                // Its own store's, and read by every store of content.
                let content = [Store::Tasks, Store::Conversations, Store::Instances, Store::TenantJobs];
                assert_eq!(owners.len(), 1 + content.len(), "{owners:?}");
                assert!(content.iter().all(|s| owners.contains(&s)));
            } else {
                assert_eq!(owners.len(), 1, "{table:?}");
            }
            assert!(table.variable().ends_with("_TABLE"));
        }
        assert_eq!(Table::TaskEvents.logical_id(), "TaskEventsTable");
    }
}
