//! Tier 2, adapters: each AWS adapter against an AWS API emulator (moto's server, which
//! `scripts/test.sh` starts and names in `AWS_ENDPOINT_URL`), each LLM and Azure adapter against a
//! local mock of its wire format, and the store contracts on the memory stores and on DynamoDB.
//!
//! Without `AWS_ENDPOINT_URL` the emulator's tests are skipped, each printing on the terminal
//! (past the harness's capture) which test was skipped and why, so a plain `cargo test` on a fresh
//! clone passes and says what it did not run. With it set, an emulator that does not answer fails
//! them.

mod azure_adapter;
mod conversation_store;
mod dynamodb_adapters;
mod ec2_adapter;
mod gpu_pool_store;
mod instance_store;
mod lifecycle_on_moto;
mod llm_providers;
mod local_on_dynamodb;
mod retention;
mod secrets;
mod sqs_consumer;
mod task_store;
mod tenant_data;
