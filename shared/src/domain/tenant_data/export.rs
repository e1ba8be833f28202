//! The export file's format: newline-delimited JSON, gzip-compressed. The first line names the
//! format and its version; every other line is one stored record with its `kind`. Key hashes are
//! never in it.

pub const EXPORT_FORMAT: &str = "ai-analysis-backend/tenant-export";
/// 2: `gpuPool`, `usageDay` and `retention` records added.
pub const EXPORT_FORMAT_VERSION: u32 = 2;

/// The kinds of record a file holds, as their `kind` names them.
pub const KINDS: [&str; 11] = [
    "conversation",
    "message",
    "task",
    "taskEvent",
    "instance",
    "gpuPool",
    "optimizerStats",
    "usageDay",
    "apiKey",
    "auditRecord",
    "retention",
];
