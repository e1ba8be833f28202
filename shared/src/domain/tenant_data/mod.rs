//! A tenant's data as a whole: the access audit trail, exports, erasure and retention.

pub mod audit;
pub mod export;
pub mod jobs;
pub mod retention;
