//! Tier 3, product: black-box HTTP tests against the `local` server, written the way a client uses
//! the API. One binary (one link of every SDK) with a module per area. The tenant-isolation suite
//! also runs on the DynamoDB adapters when an AWS API emulator is there (`AWS_ENDPOINT_URL`), and
//! says on the terminal that it skipped that part when it is not.

mod abuse;
mod chat_http;
mod fairness_http;
mod field_types;
mod gpu_pool_http;
mod instances_http;
mod local_http;
mod no_server_errors;
mod optimizer_http;
mod orchestrate_http;
mod queue_http;
mod retention_http;
mod tenant_data_http;
mod tenant_isolation;
