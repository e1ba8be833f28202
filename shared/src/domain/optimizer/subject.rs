//! Whether a sentence is about the patient or someone around them: its subject is a person ("He
//! lines up his pencils before starting work", "Her husband is doing her buttons", "Keyworker:
//! "He's just not himself."").
//!
//! Why: the section rule (`section`) made a sentence of the history or examination a finding
//! whatever its words. The eighth held-out set, written blind while that rule was built, still
//! lost behaviour and change in plain words where no such heading stands: in letters, meeting
//! minutes, telephone logs and nursing entries ("He screams in the night, which is new for him",
//! "She has stopped going to her aqua-aerobics class"). What these sentences share is their
//! subject: clinical writing describes its patient, and a sentence that says what the patient
//! (or a relative, a carer, a teacher who saw it) did, felt or showed is a report of that, with
//! no word a vocabulary could name. So such a sentence is treated as narrative (`prose`): kept
//! by every strategy, edited only as MINIMAL edits.
//!
//! Not a sentence that plans or advises ("She will be reviewed in six weeks", "He should
//! continue"), whose modal says it is no observation, nor one about the consultation itself
//! ("He expressed understanding and was happy with the plan"), nor one with no lowercase word
//! after its subject (a name or a record: "Patient: Patient NA (TEST-000801)"). Constant work per
//! sentence: it reads the first few words only.

use super::lexicon::{CONSULTATION_PHRASES, PERSON_SUBJECTS, PLAN_MODALS, POSSESSIVES};
use super::text::bare;

/// The first words read for a modal: "Her GP will write", "The patient's daughter would like".
const WORDS_BEFORE_A_MODAL: usize = 4;

/// The words of a label a sentence may open with ("Keyworker:", "Family history:").
const MOST_LABEL_WORDS: usize = 3;

/// `words` are a sentence's words as written (a label, quotes and punctuation included).
pub fn is_about_someone(words: &[&str]) -> bool {
    // A label names who spoke ("Keyworker: \"He's just not himself.\"", "Daughter: …"), or only
    // the field: then the sentence after it is read ("Social: He lives alone").
    let label = words.iter().take(MOST_LABEL_WORDS).position(|w| w.ends_with(':')).map_or(0, |i| i + 1);
    if label > 0 && is_person(words[label - 1]) {
        return has_a_statement(&words[label..]);
    }
    let rest = &words[label..];
    let subject = match rest {
        [first, ..] if is_person(first) => 1,
        // "The patient", "This child", "Her husband", "His teacher".
        [first, second, ..] if is_listed(first, DETERMINERS) && is_person(second) => 2,
        [first, _, ..] if is_listed(first, POSSESSIVES) => 2,
        _ => return false,
    };
    !rest.iter().take(WORDS_BEFORE_A_MODAL).any(|w| is_listed(w, PLAN_MODALS) || contracted_will(w))
        && has_a_statement(&rest[subject..])
        && !speaks_of_the_consultation(rest)
}

/// "The patient was given the opportunity to ask questions", "She expressed her understanding
/// and agreement with the plan": what happened in the consultation, not to the patient. Its
/// phrases (`lexicon::CONSULTATION_PHRASES`) are compared word by word, ignoring ASCII case and
/// punctuation, without a lower-cased copy.
fn speaks_of_the_consultation(words: &[&str]) -> bool {
    CONSULTATION_PHRASES.iter().any(|phrase| {
        words
            .windows(phrase.len())
            .any(|window| window.iter().zip(*phrase).all(|(w, p)| bare(w).eq_ignore_ascii_case(p)))
    })
}

/// Words that may stand before a person as a subject.
const DETERMINERS: &[&str] = &["the", "this", "our", "your"];

/// A pronoun or a person as a sentence's subject, its quotes and a contraction set apart:
/// "He's", "“She", "Mum".
fn is_person(word: &str) -> bool {
    is_listed(stem(word), PERSON_SUBJECTS)
}

/// The word without punctuation and without a contraction ("She's" → "She").
fn stem(word: &str) -> &str {
    let bare = bare(word);
    bare.split(['\'', '’']).next().unwrap_or(bare)
}

fn is_listed(word: &str, list: &[&str]) -> bool {
    let word = stem(word);
    list.iter().any(|listed| listed.eq_ignore_ascii_case(word))
}

/// "He'll", "She’ll": the future, a plan.
fn contracted_will(word: &str) -> bool {
    let bare = bare(word).to_ascii_lowercase();
    bare.ends_with("'ll") || bare.ends_with("’ll")
}

/// Something is said of the subject: a lowercase word follows it.
fn has_a_statement(words: &[&str]) -> bool {
    words.iter().any(|w| w.starts_with(|c: char| c.is_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(sentence: &str) -> bool {
        is_about_someone(&sentence.split(' ').collect::<Vec<_>>())
    }

    #[test]
    fn a_person_as_subject_makes_a_report() {
        for sentence in [
            "He lines up his pencils before starting work.",
            "She's stopped going out.",
            "Her husband is doing her buttons.",
            "They come and go in waves.",
            "Keyworker: \"He's just not himself.\"",
            "Mum says he has stopped eating crusts.",
            "The patient keeps losing her words.",
            "Patient NR describes sudden attacks of spinning.",
        ] {
            assert!(about(sentence), "{sentence}");
        }
    }

    #[test]
    fn plans_records_and_other_subjects_are_not() {
        for sentence in [
            "She will be reviewed in six weeks.",
            "He'll be seen again in clinic.",
            "Her GP should continue the dose.",
            "The patient was given the opportunity to ask questions.",
            "She expressed her understanding and agreement with the plan.",
            "Patient: Patient NA (TEST-000801)",
            "We will see her again.",
            "Thank you for referring this lady.",
            "The clinic runs on Mondays.",
            "His",
            "",
        ] {
            assert!(!about(sentence), "{sentence}");
        }
    }
}
