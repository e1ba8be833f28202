//! The optimizer corpus (`tests/data/optimizer-corpus`), read the same way by the optimizer's
//! tests and benches, which include this file with `#[path]`. Each uses only part of it.
//!
//! Paths come from the `CARGO_MANIFEST_DIR` cargo sets at run time, not the compile-time one:
//! binaries in the shared target directory outlive the clone that built them.
#![allow(dead_code)]

use std::path::PathBuf;

use serde::Deserialize;
use shared::domain::optimizer::ContentType;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub id: String,
    pub content_type: ContentType,
    pub content: String,
    /// What must survive every strategy: values with units, negated findings, drug + dose pairs.
    pub facts: Vec<String>,
    /// Markers that must appear in this order.
    pub order: Vec<String>,
}

/// `shared/tests/data`.
pub fn data_dir() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into());
    PathBuf::from(manifest).join("tests/data")
}

/// Every document, sorted by id. A folder or document that cannot be read stops the run.
pub fn corpus() -> Vec<Document> {
    let dir = data_dir().join("optimizer-corpus");
    let mut docs: Vec<Document> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", e.path().display()))
        })
        .collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(docs.len() >= 30, "the corpus has {} documents", docs.len());
    docs
}
