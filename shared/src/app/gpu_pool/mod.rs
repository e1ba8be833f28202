//! The tenant's GPU pool: `service` answers `PUT`, `GET` and `DELETE /api/gpu-pool`;
//! `scheduler` places the queue's GPU tasks on the pool's machines (starting one when tasks wait,
//! never more than `maxInstances`), and releases them, the idle machines then terminating through
//! the instance lifecycle.

pub mod scheduler;
pub mod service;

pub use scheduler::{GpuScheduler, Machine, ModelServers, Placement, Released, SchedulerSettings};
pub use service::GpuPoolService;

/// Reads a lost race may cost before a change of the pool gives up.
const MAX_RACES: usize = 8;
