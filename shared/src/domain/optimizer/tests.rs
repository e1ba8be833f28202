//! The optimizer's rules end to end, one behaviour per test, on short made-up notes.

use super::*;

/// Words as tokens: enough for rules that do not depend on the tokenizer.
struct Words;

impl TokenCounter for Words {
    fn count(&self, text: &str) -> usize {
        text.split_whitespace().count()
    }
}

fn optimized(content: &str, strategy: Strategy) -> String {
    let options = Options { strategy, content_type: ContentType::General, target_tokens: None, preserve_keywords: &[] };
    optimize(content, &options, &Words).content
}

#[test]
fn a_list_item_keeps_its_number_when_its_first_clause_goes() {
    let item = "4. Advice given and discussed as usual; weight today 72 kg.";
    assert_eq!(optimized(item, Strategy::Aggressive), "4. weight today 72 kg.");
}

#[test]
fn aggressive_keeps_short_clinical_statements_and_drops_chat() {
    let note = "PMH\n- Hypertension\nTrace bilateral ankle edema. We had a lovely chat about her garden.\nSenior Nurse Specialist";
    assert_eq!(optimized(note, Strategy::Aggressive), "PMH\n- Hypertension\nTrace bilateral ankle edema.");
}

#[test]
fn every_strategy_keeps_a_short_finding_but_not_a_title_line() {
    let note = "Clamps off, good flow. We had a lovely chat about her garden.\nL: Type A\nInsight good.\nSenior Nurse Specialist";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        assert_eq!(optimized(note, strategy), "Clamps off, good flow.\nL: Type A\nInsight good.", "{strategy:?}");
    }
}

#[test]
fn every_strategy_keeps_a_sentence_quoting_the_patient() {
    let note = "She said the pain was like \u{201C}razor blades\u{201D} at times. He describes being \"dreamy\" at school. We discussed the options at length today.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let kept = optimized(note, strategy);
        assert!(kept.contains("like \u{201C}razor blades\u{201D} at times."), "{strategy:?}: {kept}");
        assert!(kept.contains("He describes being \"dreamy\" at school."), "{strategy:?}: {kept}");
        assert!(!kept.contains("options"), "{strategy:?}: {kept}");
    }
}

#[test]
fn mental_state_and_social_history_are_facts() {
    let note = "Insight and judgement preserved throughout the interview today.\nFather has alcohol problems and rarely visits the family.\nTried vaping, now uses most days after school.\nWe went over the timetable for the next few sessions together.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let kept = optimized(note, strategy);
        for fact in
            ["Insight and judgement preserved", "Father has alcohol problems", "Tried vaping, now uses most days"]
        {
            assert!(kept.contains(fact), "{strategy:?} lost {fact:?}: {kept}");
        }
        assert!(!kept.contains("timetable"), "{strategy:?}: {kept}");
    }
}

#[test]
fn a_numbered_conclusion_is_no_repeat_of_the_finding_above_it() {
    let report = "No pulmonary embolism.\nIMPRESSION\n1. No pulmonary embolism.";
    assert_eq!(optimized(report, Strategy::Balanced), report);
}

#[test]
fn aggressive_abbreviates_common_section_headings() {
    let note = "HISTORY OF PRESENT ILLNESS\nHe denies chest pain.\nPast medical history:\n- COPD since 2019";
    assert_eq!(optimized(note, Strategy::Aggressive), "HPI\nHe denies chest pain.\nPMH:\n- COPD since 2019");
    assert!(optimized(note, Strategy::Balanced).starts_with("HISTORY OF PRESENT ILLNESS\n"));
    assert_eq!(section_abbreviation("SEDATION"), None);
}

#[test]
fn a_clinical_template_field_and_a_short_list_item_are_kept_as_written() {
    let note = "Aggs: reaching overhead, lifting the big pans at work.\nWe had a lovely chat about her garden.\n- Hair coming out in the plughole\n- Mitoses are readily found.";
    for strategy in [Strategy::Conservative, Strategy::Balanced, Strategy::Aggressive] {
        let kept = optimized(note, strategy);
        for fact in [
            "Aggs: reaching overhead, lifting the big pans at work.",
            "- Hair coming out in the plughole",
            "- Mitoses are readily found.",
        ] {
            assert!(kept.contains(fact), "{strategy:?} lost {fact:?}: {kept}");
        }
        assert!(!kept.contains("garden"), "{strategy:?}: {kept}");
    }
}

#[test]
fn aggressive_keeps_the_subject_of_a_negated_clause() {
    let note = "It has never got stuck or gone hard, and he does not seem bothered by it.";
    let kept = optimized(note, Strategy::Aggressive);
    assert!(kept.contains("It has never got stuck or gone hard"), "{kept}");
    assert!(kept.contains("he does not seem bothered by it"), "{kept}");
}
