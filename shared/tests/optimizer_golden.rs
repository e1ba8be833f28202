//! Regression oracle for the optimizer: the full result (text, token counts, quality breakdown,
//! preserved keywords, target report) of every corpus document under every strategy, plus a few
//! `targetTokens`, `preserveKeywords` and non-ASCII variants, must match
//! `tests/data/optimizer-golden.json` exactly. Performance work on the optimizer must not change
//! any output; a deliberate change of the rules regenerates the file with
//! `UPDATE_GOLDEN=1 cargo test -p shared --features tokenizer --test optimizer_golden`
//! and the diff is reviewed like code.
// Test code: a failed expectation is the failure message.
#![allow(clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use serde::Serialize;
use shared::domain::optimizer::{optimize, ContentType, Options, Quality, Strategy, TargetReport, TokenCounter};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

#[path = "support/corpus.rs"]
mod support;
use support::{corpus, Document};

/// One `optimize` call's result, as stored in the golden file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Outcome {
    content: String,
    original_tokens: usize,
    optimized_tokens: usize,
    quality: Quality,
    preserved_keywords: Vec<String>,
    target: Option<TargetReport>,
}

/// The inputs: each document as it is, and for a few of them variants that take the optimizer's
/// rarer paths (capitals only, non-ASCII letters and whitespace, vertical tabs).
fn inputs(docs: &[Document]) -> Vec<(String, ContentType, String)> {
    let mut inputs = Vec::new();
    for (n, doc) in docs.iter().enumerate() {
        inputs.push((doc.id.clone(), doc.content_type, doc.content.clone()));
        if n % 6 == 0 {
            inputs.push((format!("{}#upper", doc.id), doc.content_type, doc.content.to_uppercase()));
            let accented = doc.content.replace(". ", ".\u{a0}").replace('a', "ä").replace(" mg", "\u{b0} mg");
            inputs.push((format!("{}#non-ascii", doc.id), doc.content_type, accented));
            inputs.push((format!("{}#vtab", doc.id), doc.content_type, doc.content.replace(", ", ",\x0B")));
        }
    }
    inputs
}

fn outcome(content: &str, options: &Options<'_>, tokenizer: &ModelTokenizer) -> Outcome {
    let r = optimize(content, options, &tokenizer.counter());
    Outcome {
        content: r.content,
        original_tokens: r.original_tokens,
        optimized_tokens: r.optimized_tokens,
        quality: r.quality,
        preserved_keywords: r.preserved_keywords,
        target: r.target,
    }
}

fn results() -> BTreeMap<String, Outcome> {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let keywords = ["ejection fraction".to_owned(), "Follow-up".to_owned(), "NYHA".to_owned()];
    let mut out = BTreeMap::new();
    for (id, content_type, content) in inputs(&corpus()) {
        for strategy in Strategy::ALL {
            let options = Options { strategy, content_type, target_tokens: None, preserve_keywords: &[] };
            out.insert(format!("{id}/{strategy:?}"), outcome(&content, &options, &tokenizer));
        }
        let tokens = tokenizer.counter().count(&content);
        let targets = [
            ("half", Strategy::Minimal, tokens / 2, &[][..]),
            ("tiny", Strategy::Conservative, 10, &[][..]),
            ("keywords", Strategy::Balanced, tokens * 3 / 5, &keywords[..]),
        ];
        for (name, strategy, target, preserve) in targets {
            let options = Options { strategy, content_type, target_tokens: Some(target), preserve_keywords: preserve };
            out.insert(format!("{id}/{strategy:?}/target-{name}"), outcome(&content, &options, &tokenizer));
        }
    }
    out
}

#[test]
fn every_output_matches_the_golden_file() {
    let path = support::data_dir().join("optimizer-golden.json");
    let actual = serde_json::to_value(results()).expect("serialisable");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let text = serde_json::to_string_pretty(&actual).expect("serialisable");
        std::fs::write(&path, text + "\n").expect("golden file written");
        return;
    }
    let text = std::fs::read_to_string(&path).expect("golden file; create it with UPDATE_GOLDEN=1");
    let expected: serde_json::Value = serde_json::from_str(&text).expect("golden JSON");
    let (Some(expected), Some(actual)) = (expected.as_object(), actual.as_object()) else {
        panic!("the golden file holds one object of cases");
    };
    let mut failures: Vec<String> = Vec::new();
    for (case, want) in expected {
        match actual.get(case) {
            Some(got) if got == want => {}
            Some(got) => failures.push(format!("{case}:\n  expected {want}\n  got      {got}")),
            None => failures.push(format!("{case}: missing")),
        }
    }
    failures
        .extend(actual.keys().filter(|k| !expected.contains_key(*k)).map(|k| format!("{k}: not in the golden file")));
    assert!(failures.is_empty(), "{} cases differ:\n{}", failures.len(), failures.join("\n"));
}
