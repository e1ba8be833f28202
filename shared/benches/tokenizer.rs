//! Token counting throughput on the optimizer corpus, per encoding: the project's counter against
//! the previous path (the `bpe-openai` regex pre-tokenizer with a warm pre-token memo, as the
//! counter worked before its hand-written pre-tokenizer) and against `bpe-openai`'s own `count`.
//!
//! `cargo bench -p shared --features tokenizer --bench tokenizer`

// Benchmark code: a setup failure should stop it loudly.
#![allow(clippy::panic, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rustc_hash::FxHashMap;
use shared::domain::optimizer::TokenCounter;
use shared::tokenizer::ModelTokenizer;

#[path = "../tests/support/corpus.rs"]
mod support;

/// The corpus documents' texts.
fn corpus() -> Vec<String> {
    support::corpus().into_iter().map(|d| d.content).collect()
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
