//! A tenant's data as a whole: the access audit trail (`audit`), and export and erase jobs
//! (`jobs` accepts and reads them, `runner` runs them, writing the export file with `export_file`).

pub mod audit;
mod export_file;
pub mod jobs;
pub mod runner;
