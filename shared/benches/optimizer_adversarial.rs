//! The optimizer's time on adversarial input (see `tests/support/adversarial.rs`): for each
//! pattern, the best of a few runs at 256 KiB and at 1 MiB under BALANCED and AGGRESSIVE, and
//! their ratio. Linear time gives about 4x for 4x the input; a quadratic pass gives about 16x.
//!
//! `cargo bench -p shared --features tokenizer --bench optimizer_adversarial`

// Benchmark code: a setup failure should stop it loudly.
#![allow(clippy::panic, clippy::expect_used)]

use std::time::{Duration, Instant};

use shared::domain::optimizer::{optimize, ContentType, Options, Strategy};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

#[path = "../tests/support/adversarial.rs"]
mod adversarial;
use adversarial::{in_section, repeated, PATTERNS, SECTIONS};

/// Best of `runs`: the least disturbed by other work on a shared machine.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut worst: (f64, &str) = (0.0, "");
    println!("{:<34} {:<12} {:>10} {:>10} {:>6}", "input", "strategy", "256 KiB", "1 MiB", "ratio");
    let inputs = PATTERNS
        .iter()
        .map(|&(name, piece)| (name, repeated(piece, 256 << 10), repeated(piece, 1 << 20)))
        .chain(SECTIONS.iter().map(|&(name, heading, piece)| {
            (name, in_section(heading, piece, 256 << 10), in_section(heading, piece, 1 << 20))
        }));
    for (name, small, large) in inputs {
        for strategy in [Strategy::Balanced, Strategy::Aggressive] {
            let options = Options {
                strategy,
                content_type: ContentType::MedicalReport,
                target_tokens: None,
                preserve_keywords: &[],
            };
            let run = |text: &str| {
                std::hint::black_box(optimize(text, &options, &tokenizer.counter()));
            };
            let t_small = best(5, || run(&small));
            let t_large = best(3, || run(&large));
            let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9);
            if t_large > Duration::from_millis(20) && ratio > worst.0 {
                worst = (ratio, name);
            }
            println!(
                "{name:<34} {:<12} {:>8.1}ms {:>8.1}ms {ratio:>5.1}x",
                format!("{strategy:?}"),
                ms(t_small),
                ms(t_large)
            );
        }
    }
    println!("largest ratio among inputs over 20 ms at 1 MiB: {:.1}x ({})", worst.0, worst.1);
}
