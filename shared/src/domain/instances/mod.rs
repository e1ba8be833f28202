//! GPU instances (the instance provisioner's domain): the catalog of machine types, and each
//! rented machine's lifecycle and cost.

mod catalog;
mod lifecycle;

pub use catalog::{Catalog, CatalogError, CloudProvider, MachineType};
pub use lifecycle::{Instance, InstanceSpec, InstanceStatus, InvalidChange, ServerKey};
