//! Domain rules: plain data and pure functions, no AWS, Lambda or HTTP client types.

pub mod chat;
pub mod gpu_pool;
pub mod health;
pub mod idempotency;
pub mod instances;
pub mod limits;
pub mod llm;
pub mod optimizer;
pub mod orchestration;
pub mod rate_limit;
pub mod tasks;
pub mod tenant;
pub mod tenant_data;
pub mod usage;
