//! Tier 3, consistency: `template.yaml`, the route table (`shared::http::routes`), the function
//! crates, their `events/` samples and the OpenAPI contract describe the same product.

mod contract;
mod deploy_dry_run;
mod feature_union;
mod function_tables;
mod template;
