//! The optimizer on inputs chosen to break it (see `support/adversarial.rs`): at every strategy
//! and content type it answers, never grows the text, keeps every protected item it found, and
//! stops when asked to. How long it takes on them is measured by `benches/optimizer_adversarial.rs`
//! (timing belongs in benchmarks, not in tests on a shared machine).
// Test code: a failed expectation is the failure message.
#![allow(clippy::expect_used, clippy::panic)]

use std::sync::atomic::AtomicBool;

use proptest::prelude::*;
use shared::domain::optimizer::{optimize, optimize_until, ContentType, Options, Stopped, Strategy as Level};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

#[path = "support/adversarial.rs"]
mod adversarial;
use adversarial::{in_section, repeated, PATTERNS, SECTIONS};

fn check(content: &str, strategy: Level, content_type: ContentType) -> Result<(), TestCaseError> {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let options = Options { strategy, content_type, target_tokens: None, preserve_keywords: &[] };
    let result = optimize(content, &options, &tokenizer.counter());
    prop_assert!(result.optimized_tokens <= result.original_tokens);
    prop_assert!(result.floor_tokens <= result.optimized_tokens);
    prop_assert_eq!(
        result.quality.protected_items_kept,
        result.quality.protected_items,
        "a protected item was lost under {:?}",
        strategy
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Each pattern, alone or two of them interleaved, at sizes up to 48 KB.
    #[test]
    fn adversarial_input_is_handled_and_keeps_what_it_protects(
        first in 0..PATTERNS.len(),
        second in 0..PATTERNS.len(),
        bytes in 1usize..48_000,
        strategy in prop::sample::select(Level::ALL.to_vec()),
        content_type in prop::sample::select(ContentType::ALL.to_vec()),
    ) {
        let mut content = repeated(PATTERNS[first].1, bytes);
        content.push_str(&repeated(PATTERNS[second].1, bytes / 2));
        check(&content, strategy, content_type)?;
    }
}

/// Every pattern at 1 MiB (what a request at the body limit can send) under AGGRESSIVE, which
/// runs every pass, and at 128 KiB under the others (a debug build is slow at 1 MiB).
#[test]
fn every_pattern_at_the_body_limit() {
    for (name, piece) in PATTERNS {
        for strategy in Level::ALL {
            let bytes = if strategy == Level::Aggressive { 1 << 20 } else { 128 << 10 };
            check(&repeated(piece, bytes), strategy, ContentType::MedicalReport)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

/// One section of clinical narrative running to the body limit (`SECTIONS`: one endless line,
/// short lines, paragraphs; the benchmark times them): nothing grows and every protected item is
/// kept under every strategy. And a section of 128 KiB of distinct sentences in plain words,
/// each a finding by where it stands: every strategy keeps every one of them, as written.
#[test]
fn an_endless_narrative_section_is_kept() {
    for (name, heading, piece) in SECTIONS {
        for strategy in Level::ALL {
            let bytes = if strategy == Level::Aggressive { 1 << 20 } else { 128 << 10 };
            check(&in_section(heading, piece, bytes), strategy, ContentType::MedicalReport)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    // Distinct sentences (repeats may go under BALANCED and AGGRESSIVE): "She hid behind the
    // xbc door." with a made-up word of letters, so no number or vocabulary word protects them.
    let made_up = |mut i: usize| {
        let mut word = String::from("x");
        loop {
            word.push(char::from(b'a' + (i % 26) as u8));
            i /= 26;
            if i == 0 {
                return word;
            }
        }
    };
    let sentences: Vec<String> =
        (0..).map(|i| format!("She hid behind the {} door.", made_up(i))).take((128 << 10) / 30).collect();
    let content = format!("CLINIC LETTER\n\nHistory of presenting complaint\n{}\n", sentences.join("\n"));
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    for strategy in Level::ALL {
        let options =
            Options { strategy, content_type: ContentType::MedicalReport, target_tokens: None, preserve_keywords: &[] };
        let result = optimize(&content, &options, &tokenizer.counter());
        let kept: Vec<&str> = result.content.lines().filter(|line| line.starts_with("She hid")).collect();
        assert_eq!(kept, sentences, "a sentence of the section was dropped or changed under {strategy:?}");
    }
}

#[test]
fn a_set_stop_flag_stops_the_optimization() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let content = repeated("He denies chest pain. ", 100_000);
    let options = Options {
        strategy: Level::Balanced,
        content_type: ContentType::General,
        target_tokens: None,
        preserve_keywords: &[],
    };
    let stop = AtomicBool::new(true);
    assert_eq!(optimize_until(&content, &options, &tokenizer.counter(), &stop), Err(Stopped));
    let go = AtomicBool::new(false);
    let finished = optimize_until(&content, &options, &tokenizer.counter(), &go).expect("not stopped");
    assert_eq!(finished, optimize(&content, &options, &tokenizer.counter()));
}

/// Inputs the fuzz target (`fuzz/fuzz_targets/optimizer.rs`) found, kept as regression tests:
/// strategy, content type, target and text.
#[test]
fn inputs_the_fuzzer_found_keep_their_protected_items() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let found: [(Level, ContentType, Option<usize>, &str); 11] = [
        (Level::Aggressive, ContentType::PatientHistory, None, ";2l"),
        (Level::Balanced, ContentType::Diagnosis, None, "\x0b2\x0b,\x0b\x1b"),
        (Level::Conservative, ContentType::Diagnosis, Some(1), "; 2.2\t;"),
        (Level::Conservative, ContentType::Diagnosis, Some(2), "22#\0)\0\0(\0\x01;\x0bB;"),
        (Level::Balanced, ContentType::General, None, ";\x0b1.\x01;.\x01;\x0b1  .\x01E;\x0b1."),
        (Level::Conservative, ContentType::Diagnosis, Some(9), ",\r\0\x01;,=\0;,\x0b2f%.7,\0;,\x0b2f%=\0;,.7,;7,;"),
        (Level::Conservative, ContentType::Diagnosis, Some(2), ".; 9 ;.2;"),
        (Level::Balanced, ContentType::General, None, ", \x01\0\0,111-, (\x00211, ,1"),
        (Level::Balanced, ContentType::PatientHistory, Some(3), ", (@;\x0b2*\0)3\0ht?E: 21"),
        (
            Level::Aggressive,
            ContentType::PatientHistory,
            Some(9),
            ";\x163\0\0,\0(\0\0\0\x1d\0`\x1c, .,)E\0 iiiiiiiiiiiiiiiiiiiiii,\x0bK@,,4\0(\0\0\0\x1d\0\0\x1c$ ) ?",
        ),
        (
            Level::Aggressive,
            ContentType::PatientHistory,
            Some(9),
            ";\x163\0\0,\0(\0\0\0\x1d\0`\x1c!, ). E\0,iiiiiiiiiiiiiiiiiiiii,i\x0b\x0b@,,4\0(\0\0\0\x1d\0\0\x1c, ) ?",
        ),
    ];
    for (strategy, content_type, target_tokens, text) in found {
        let options = Options { strategy, content_type, target_tokens, preserve_keywords: &[] };
        let result = optimize(text, &options, &tokenizer.counter());
        assert_eq!(result.quality.protected_items_kept, result.quality.protected_items, "{text:?}: {result:?}");
    }
    // A bullet with no space after it is no list marker, so its line's keyword is not split off.
    let keywords = ["chest pain".to_owned()];
    let options = Options {
        strategy: Level::Minimal,
        content_type: ContentType::Diagnosis,
        target_tokens: Some(3),
        preserve_keywords: &keywords,
    };
    let result = optimize("*\x0f0uchest painVVV!", &options, &tokenizer.counter());
    assert!(result.content.contains("chest pain"), "{result:?}");
    // A header field naming a person ("to:"), which AGGRESSIVE drops, kept its line's keyword.
    let options = Options { strategy: Level::Conservative, content_type: ContentType::General, ..options };
    let result = optimize("to:%\0\x01\0\0 cchest pain\x08*~", &options, &tokenizer.counter());
    assert!(result.content.contains("chest pain"), "{result:?}");
}
