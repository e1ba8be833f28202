//! Token counting throughput on the optimizer corpus, per encoding: the project's counter against
//! the previous path (the `bpe-openai` regex pre-tokenizer with a warm pre-token memo, as the
//! counter worked before its hand-written pre-tokenizer) and against `bpe-openai`'s own `count`.
//!
//! `cargo bench -p shared --features tokenizer --bench tokenizer`

// Benchmark code: a setup failure should stop it loudly.
#![allow(clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rustc_hash::FxHashMap;
use serde::Deserialize;
use shared::domain::optimizer::TokenCounter;
use shared::tokenizer::ModelTokenizer;

#[derive(Deserialize)]
struct Document {
    content: String,
}

fn corpus() -> Vec<String> {
    let dir = corpus_dir();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let docs: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|text| serde_json::from_str::<Document>(&text).ok())
        .map(|d| d.content)
        .collect();
    if docs.is_empty() {
        panic!("no corpus documents");
    }
    docs
}

/// The previous counter: the library's regex pre-tokenizer, then a memo look-up per pre-token
/// (warm after the first iteration, as the process-wide memo is in a running service).
fn count_with_regex_split(bpe: &bpe_openai::Tokenizer, memo: &mut FxHashMap<Box<str>, u32>, text: &str) -> usize {
    let normalized = bpe.normalize(text);
    bpe.split(normalized.as_str())
        .map(|piece| match memo.get(piece) {
            Some(&n) => n as usize,
            None => {
                let n = bpe.bpe.count(piece.as_bytes());
                memo.insert(piece.into(), n as u32);
                n
            }
        })
        .sum()
}

fn counting(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    for (model, bpe) in [("gpt-4o", bpe_openai::o200k_base()), ("gpt-4", bpe_openai::cl100k_base())] {
        let counter = ModelTokenizer::for_model(model).unwrap_or_else(|e| panic!("{e}")).counter();
        let mut group = c.benchmark_group(format!("count_corpus/{model}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("counter", |b| {
            b.iter(|| docs.iter().map(|d| counter.count(std::hint::black_box(d))).sum::<usize>())
        });
        let mut memo = FxHashMap::default();
        group.bench_function("previous_regex_split_with_memo", |b| {
            b.iter(|| {
                docs.iter().map(|d| count_with_regex_split(bpe, &mut memo, std::hint::black_box(d))).sum::<usize>()
            })
        });
        group.bench_function("bpe_openai_count", |b| {
            b.iter(|| docs.iter().map(|d| bpe.count(std::hint::black_box(d.as_str()))).sum::<usize>())
        });
        group.finish();
    }
}

criterion_group!(benches, counting);
criterion_main!(benches);

/// At run time, not `env!`: the compiled binary may be reused from a checkout at another path.
fn corpus_dir() -> std::path::PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into());
    std::path::Path::new(&manifest).join("tests/data/optimizer-corpus")
}
