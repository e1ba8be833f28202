//! A tenant's data as a whole: the access audit trail (`audit`).

pub mod audit;
