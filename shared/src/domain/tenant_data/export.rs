//! The export file's format: newline-delimited JSON, gzip-compressed. The first line names the
//! format and its version; every other line is one stored record with its `kind`. Key hashes are
//! never in it.

pub const EXPORT_FORMAT: &str = "ai-analysis-backend/tenant-export";
pub const EXPORT_FORMAT_VERSION: u32 = 1;

/// The kinds of record a file holds, as their `kind` names them.
pub const KINDS: [&str; 8] =
    ["conversation", "message", "task", "taskEvent", "instance", "optimizerStats", "apiKey", "auditRecord"];
