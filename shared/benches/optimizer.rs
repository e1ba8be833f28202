//! Optimizer benchmarks: BALANCED throughput on the corpus (with token counting, and the
//! optimizer's own work alone), latency percentiles for a 10,000-token document, and batch
//! scaling across cores.
//!
//! `cargo bench -p shared --features tokenizer --bench optimizer`

// Benchmark code: a setup failure should stop it loudly.
#![allow(clippy::panic, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use shared::domain::optimizer::TokenCounter;
use shared::domain::optimizer::{optimize, ContentType, Options, Strategy};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

#[path = "../tests/support/corpus.rs"]
mod support;
use support::corpus;

fn balanced(content_type: ContentType) -> Options<'static> {
    Options { strategy: Strategy::Balanced, content_type, target_tokens: None, preserve_keywords: &[] }
}

fn throughput(c: &mut Criterion) {
    let docs = corpus();
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).unwrap_or_else(|e| panic!("{e}"));
    let bytes: usize = docs.iter().map(|d| d.content.len()).sum();
    let mut group = c.benchmark_group("optimizer");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("balanced_corpus_with_token_counts", |b| {
        b.iter(|| {
            for doc in &docs {
                std::hint::black_box(optimize(&doc.content, &balanced(doc.content_type), &tokenizer.counter()));
            }
        })
    });
    // The optimizer's own work, apart from token counting: a counter that costs nothing (bytes)
    // leaves only the analysis and the edits to measure.
    group.bench_function("balanced_corpus_optimizer_only", |b| {
        b.iter(|| {
            for doc in &docs {
                std::hint::black_box(optimize(&doc.content, &balanced(doc.content_type), &ByteCounter));
            }
        })
    });
    group.finish();
}

/// Counts bytes: free, so a bench with it times the optimizer alone.
struct ByteCounter;

impl TokenCounter for ByteCounter {
    fn count(&self, text: &str) -> usize {
        text.len()
    }
}

/// A clinical document of at least 10,000 tokens, made of corpus documents back to back.
fn ten_thousand_token_document(tokenizer: &ModelTokenizer) -> String {
    let docs = corpus();
    let mut text = String::new();
    for doc in docs.iter().cycle() {
        if tokenizer.counter().count(&text) >= 10_000 {
            break;
        }
        text.push_str(&doc.content);
        text.push_str("\n\n");
    }
    text
}

/// Criterion reports means and medians; the latency goal is a p99, measured here directly.
fn latency_percentiles() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).unwrap_or_else(|e| panic!("{e}"));
    let doc = ten_thousand_token_document(&tokenizer);
    let runs = 300;
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(optimize(&doc, &balanced(ContentType::MedicalReport), &tokenizer.counter()));
            started.elapsed()
        })
        .collect();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "optimizer/balanced_10k_tokens ({} tokens, {runs} runs): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        tokenizer.counter().count(&doc),
        ms(samples[runs / 2]),
        ms(samples[runs * 99 / 100]),
        ms(samples[runs - 1])
    );
}

/// The batch endpoint's work, 40 corpus documents, on one core and on every core.
fn batch_scaling() {
    use shared::app::optimizer::service::{run_batch, OptimizeRequest};
    let docs = corpus();
    let make = || {
        docs.iter()
            .cycle()
            .take(40)
            .map(|d| {
                let request = OptimizeRequest {
                    content: d.content.clone(),
                    strategy: None,
                    content_type: Some(d.content_type),
                    target_tokens: None,
                    preserve_keywords: None,
                    model: None,
                };
                request
                    .validate("")
                    .map_err(|_| shared::app::optimizer::service::ItemError { code: "x", errors: Vec::new() })
            })
            .collect::<Vec<_>>()
    };
    // Median of 15 runs each: a single run on a shared machine is too noisy to compare.
    let median = |mut runs: Vec<Duration>| {
        runs.sort();
        runs[runs.len() / 2]
    };
    let one_core = median(
        (0..15)
            .map(|_| {
                let items = make();
                let started = Instant::now();
                for item in items.into_iter().flatten() {
                    std::hint::black_box(item.run());
                }
                started.elapsed()
            })
            .collect(),
    );
    let all_cores = median(
        (0..15)
            .map(|_| {
                let items = make();
                let started = Instant::now();
                std::hint::black_box(run_batch(items, 2.5));
                started.elapsed()
            })
            .collect(),
    );
    println!(
        "optimizer/batch_40_documents (median of 15): one core {:.1} ms, {} cores {:.1} ms, speed-up {:.2}x",
        one_core.as_secs_f64() * 1000.0,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        all_cores.as_secs_f64() * 1000.0,
        one_core.as_secs_f64() / all_cores.as_secs_f64()
    );
}

criterion_group!(benches, throughput);

/// The first optimization in a process builds the lexicon with the clinical vocabulary (and the
/// tokenizer's tables): what a cold start pays once, if the function does not build it before.
fn first_use() {
    let started = Instant::now();
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).unwrap_or_else(|e| panic!("{e}"));
    std::hint::black_box(tokenizer.counter().count("warm the tokenizer"));
    let tokenizer_ms = started.elapsed().as_secs_f64() * 1000.0;
    let started = Instant::now();
    std::hint::black_box(optimize("He denies chest pain.", &balanced(ContentType::General), &ByteCounter));
    println!(
        "optimizer/first_use: tokenizer tables {tokenizer_ms:.1} ms, lexicon and clinical vocabulary {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

fn main() {
    first_use();
    benches();
    latency_percentiles();
    batch_scaling();
    Criterion::default().configure_from_args().final_summary();
}
