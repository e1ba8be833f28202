//! GPU instances (the instance provisioner's domain). Today: the catalog of machine types.

mod catalog;

pub use catalog::{Catalog, CatalogError, CloudProvider, MachineType};
