//! The context optimizer as the product offers it: `service` validates requests and runs them off
//! the async workers (single and batch, feature `tokenizer`); `stats` keeps each tenant's totals
//! and estimated savings.

#[cfg(feature = "tokenizer")]
pub mod service;
pub mod stats;
