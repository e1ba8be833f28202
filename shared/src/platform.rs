//! Wiring: the stores and gateway a deployment runs on, built once per cold start. Memory stores
//! for `local` and tests; DynamoDB stores (feature `dynamodb`) from table names in the environment.

use std::sync::Arc;

use crate::adapters::memory::{
    EmbeddedProbe, MemoryApiKeyStore, MemoryConversationStore, MemoryIdempotencyStore, MemoryInstanceStore,
    MemoryOptimizerStats, MemoryRateLimiter, MemoryTaskStore,
};
use crate::config::EnvReader;
use crate::domain::rate_limit::RatePolicy;
use crate::http::{CorsPolicy, GatewaySettings};
use crate::ports::{
    ApiKeyStore, ConversationStore, DependencyProbe, IdempotencyStore, InstanceStore, OptimizerStatsStore, RateLimiter,
    TaskStore,
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
    pub probes: Vec<Arc<dyn DependencyProbe>>,
}

impl Stores {
    pub fn memory() -> Self {
        let probes: Vec<Arc<dyn DependencyProbe>> =
            ["api-keys", "rate-limits", "idempotency", "optimizer-stats", "tasks", "conversations", "instances"]
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
            probes,
        }
    }
}

/// Gateway settings from the environment:
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `RATE_LIMIT_RPS` | 50 | sustained requests per second per tenant |
/// | `RATE_LIMIT_BURST` | 100 | bucket size: requests a tenant may send at once |
/// | `MAX_BODY_BYTES` | 1048576 | largest request body; above it, 413 |
/// | `CORS_ALLOWED_ORIGINS` | (none) | comma-separated origins allowed by CORS |
/// | `IDEMPOTENCY_TTL_SECONDS` | 86400 | how long an idempotent response is replayed |
pub fn settings_from_env(env: &mut EnvReader) -> GatewaySettings {
    let defaults = GatewaySettings::default();
    let rps: f64 = env.parsed_or("RATE_LIMIT_RPS", defaults.rate_policy.requests_per_second);
    let burst: u32 = env.parsed_or("RATE_LIMIT_BURST", defaults.rate_policy.burst);
    let rate_policy = RatePolicy::new(rps, burst).unwrap_or_else(|problem| {
        env.problem(format!("RATE_LIMIT_RPS/RATE_LIMIT_BURST: {problem}"));
        defaults.rate_policy
    });
    let max_body_bytes: usize = env.parsed_or("MAX_BODY_BYTES", defaults.max_body_bytes);
    if max_body_bytes == 0 {
        env.problem("MAX_BODY_BYTES must be at least 1");
    }
    let ttl_s: i64 = env.parsed_or("IDEMPOTENCY_TTL_SECONDS", defaults.idempotency_ttl_ms / 1000);
    if ttl_s <= 0 {
        env.problem("IDEMPOTENCY_TTL_SECONDS must be positive");
    }
    let origins = env.optional("CORS_ALLOWED_ORIGINS").unwrap_or_default();
    GatewaySettings {
        max_body_bytes,
        rate_policy,
        cors: CorsPolicy::new(origins.split(',').map(str::to_owned)),
        idempotency_ttl_ms: ttl_s * 1000,
        idempotency_lock_ms: defaults.idempotency_lock_ms,
    }
}

/// Loads the AWS configuration once: region, credentials and endpoint (`AWS_ENDPOINT_URL`) from the
/// standard chain.
#[cfg(feature = "aws")]
pub async fn aws_config() -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest()).load().await
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
}

#[cfg(feature = "dynamodb")]
impl Tables {
    /// `API_KEYS_TABLE`, `RATE_LIMITS_TABLE`, `IDEMPOTENCY_TABLE`, `OPTIMIZER_STATS_TABLE`,
    /// `TASKS_TABLE`, `TASK_EVENTS_TABLE`, `TASK_STATS_TABLE`, `CONVERSATIONS_TABLE`,
    /// `CHAT_MESSAGES_TABLE`, `CHAT_SPEND_TABLE`, `INSTANCES_TABLE`.
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
        }
    }
}

#[cfg(feature = "dynamodb")]
impl Stores {
    pub fn dynamodb(config: &aws_config::SdkConfig, tables: &Tables) -> Self {
        use crate::adapters::dynamodb::{
            self, DynamoApiKeyStore, DynamoConversationStore, DynamoIdempotencyStore, DynamoInstanceStore,
            DynamoOptimizerStats, DynamoRateLimiter, DynamoTaskStore, TableProbe,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_come_from_the_environment_with_documented_defaults() {
        let mut env = EnvReader::from_fn(|name| match name {
            "RATE_LIMIT_RPS" => Some("2.5".to_owned()),
            "CORS_ALLOWED_ORIGINS" => Some("https://a.example, https://b.example/".to_owned()),
            _ => None,
        });
        let s = settings_from_env(&mut env);
        env.finish().expect("valid");
        assert_eq!(s.rate_policy.requests_per_second, 2.5);
        assert_eq!(s.rate_policy.burst, 100);
        assert_eq!(s.max_body_bytes, 1_048_576);
        assert_eq!(s.cors.origins(), ["https://a.example", "https://b.example"]);
    }

    #[test]
    fn a_policy_that_admits_nothing_is_a_startup_error() {
        let mut env = EnvReader::from_fn(|name| (name == "RATE_LIMIT_BURST").then(|| "0".to_owned()));
        let _ = settings_from_env(&mut env);
        assert!(env.finish().is_err());
    }
}
