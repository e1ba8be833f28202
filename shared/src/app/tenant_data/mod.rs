//! A tenant's data as a whole: the access audit trail (`audit`), export, erase and re-stamp jobs
//! (`jobs` accepts and reads them, `runner` runs them, writing the export file with
//! `export_file`), and the retention setting (`retention`).

pub mod audit;
mod export_file;
pub mod jobs;
pub mod retention;
pub mod runner;
