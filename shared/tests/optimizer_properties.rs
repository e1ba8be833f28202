//! Properties of the optimizer over arbitrary input: it never panics, never returns more tokens
//! than it was given, keeps every `preserveKeywords` entry, and honours `targetTokens` or says by
//! how much it missed.
// Test code: a failed expectation is the failure message.
#![allow(clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use shared::domain::optimizer::{optimize, ContentType, Options, Strategy as Level};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

fn strategy() -> impl Strategy<Value = Level> {
    prop::sample::select(Level::ALL.to_vec())
}

fn content_type() -> impl Strategy<Value = ContentType> {
    prop::sample::select(ContentType::ALL.to_vec())
}

/// Clinical-looking text built from fragments, so the rules actually fire.
fn clinical_text() -> impl Strategy<Value = String> {
    let fragments = prop::sample::select(vec![
        "He denies chest pain. ",
        "Potassium 3.1 mmol/L L (3.5-5.1). ",
        "Please do not hesitate to contact us. ",
        "It is worth noting that the patient was very tired. ",
        "Start metformin 500 mg PO BID. ",
        "Allergies: penicillin (rash).\n",
        "HOSPITAL COURSE\n",
        "| WBC | 14.2 | H | x10^9/L |\n",
        "\n\n",
        "Thank you for the referral. ",
        "The patient progressed well during the course of his admission. ",
    ]);
    prop::collection::vec(fragments, 0..40).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_unicode_input_is_handled_and_never_grows(content in "\\PC{0,400}", s in strategy(), ct in content_type()) {
        let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
        let options = Options { strategy: s, content_type: ct, target_tokens: None, preserve_keywords: &[] };
        let result = optimize(&content, &options, &tokenizer.counter());
        prop_assert!(result.optimized_tokens <= result.original_tokens);
        prop_assert!((0.0..=1.0).contains(&result.quality.score));
        prop_assert!(result.reduction_percentage() >= 0.0);
    }

    #[test]
    fn clinical_input_keeps_keywords_and_never_grows(content in clinical_text(), s in strategy(), ct in content_type(), target in prop::option::of(1usize..400)) {
        let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
        let keywords = vec!["progressed well".to_owned()];
        let options = Options { strategy: s, content_type: ct, target_tokens: target, preserve_keywords: &keywords };
        let result = optimize(&content, &options, &tokenizer.counter());
        prop_assert!(result.optimized_tokens <= result.original_tokens);
        if content.to_ascii_lowercase().contains("progressed well") {
            prop_assert!(result.content.contains("progressed well"), "keyword dropped: {}", result.content);
            prop_assert_eq!(&result.preserved_keywords, &keywords);
        }
        for fact in ["denies chest pain", "Potassium 3.1 mmol/L L (3.5-5.1)", "metformin 500 mg PO BID", "penicillin (rash)"] {
            if content.contains(fact) {
                prop_assert!(result.content.contains(fact), "lost {:?}", fact);
            }
        }
        if let (Some(requested), Some(report)) = (target, &result.target) {
            prop_assert_eq!(report.requested, requested);
            prop_assert_eq!(report.met, result.optimized_tokens <= requested);
            prop_assert_eq!(report.missed_by, result.optimized_tokens.saturating_sub(requested));
            prop_assert_eq!(report.reason.is_some(), !report.met);
        }
    }
}

#[test]
fn a_reachable_target_is_met_by_escalating_past_the_strategy() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let content = "It was a pleasure to see him today and we had a long and friendly conversation about his garden. \
                   He denies chest pain. The weather was pleasant and he enjoyed the trip to the shops very much. \
                   Potassium 3.1 mmol/L L.";
    let minimal = optimize(
        content,
        &Options {
            strategy: Level::Minimal,
            content_type: ContentType::General,
            target_tokens: None,
            preserve_keywords: &[],
        },
        &tokenizer.counter(),
    );
    // MINIMAL leaves the small talk in; only dropping it reaches 20 tokens.
    let target = 20;
    assert!(minimal.optimized_tokens > target, "{minimal:?}");
    let options = Options {
        strategy: Level::Minimal,
        content_type: ContentType::General,
        target_tokens: Some(target),
        preserve_keywords: &[],
    };
    let result = optimize(content, &options, &tokenizer.counter());
    let report = result.target.as_ref().expect("a target report");
    assert!(report.met, "{result:?}");
    assert!(result.optimized_tokens <= target);
    assert!(result.content.contains("denies chest pain") && result.content.contains("Potassium 3.1 mmol/L L"));
}

#[test]
fn an_unreachable_target_says_by_how_much_and_why() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let content = "Potassium 3.1 mmol/L L. Sodium 131 mmol/L L. He denies chest pain.";
    let options = Options {
        strategy: Level::Balanced,
        content_type: ContentType::LabResults,
        target_tokens: Some(3),
        preserve_keywords: &[],
    };
    let result = optimize(content, &options, &tokenizer.counter());
    let report = result.target.expect("a target report");
    assert!(!report.met);
    assert_eq!(report.missed_by, result.optimized_tokens - 3);
    assert!(report.reason.is_some_and(|r| r.contains("protected")));
    assert!(result.content.contains("Sodium 131 mmol/L L"));
}

#[test]
fn the_same_input_always_gives_the_same_output() {
    let tokenizer = ModelTokenizer::for_model(DEFAULT_MODEL).expect("default model");
    let content = "Thank you for the referral. He denies chest pain. It is worth noting that he was very tired.";
    let options = Options {
        strategy: Level::Aggressive,
        content_type: ContentType::MedicalReport,
        target_tokens: None,
        preserve_keywords: &[],
    };
    assert_eq!(optimize(content, &options, &tokenizer.counter()), optimize(content, &options, &tokenizer.counter()));
}
