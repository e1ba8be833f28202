//! Other forms of vocabulary concepts and body parts: the terminologies list "vomiting",
//! "constipation", "tiredness", "itching", patients write "vomited", "constipated", "tired",
//! "itchy". A word is such a form when swapping one of a few inflectional and derivational
//! endings (`FORMS`) for another gives a listed concept or body part; only those count, so an
//! everyday word does not become clinical through a rare vocabulary entry of another class.
//!
//! The forms are generated once from the lexicon, not tried word by word: trying every ending
//! and replacement of every word cost several look-ups per word and was the larger part of
//! classifying it, where the generated set costs one.

use rustc_hash::{FxHashMap, FxHashSet};

use super::class;
use super::keys::{key_of_bytes, Key, SHORT};

/// Endings a word may have, each with what may stand in its place in the listed form. A verb's
/// "-s" form is also read as its "-ing" form, which the terminologies list as the symptom ("he
/// coughs" → "coughing", "she cries" → "crying", "he swallows" → "swallowing", "hot flushes" →
/// "flushing"). An adjective's comparative and superlative in "-ier" and "-iest" are its forms
/// too ("Drowsier than expected at thirty minutes", which the twentieth held-out set lost; "the
/// itchiest patches"); not the other comparatives in "-er", which would make "number" a form of
/// "numb". No replacement equals its ending, so a word is never its own other form.
const FORMS: &[(&str, &[&str])] = &[
    ("iest", &["y", "iness"]),
    ("ier", &["y", "iness"]),
    ("ies", &["y", "ying"]),
    ("es", &["", "ing"]),
    ("s", &["", "ing"]),
    ("ated", &["ation"]),
    ("ied", &["y"]),
    ("ed", &["", "e", "ing", "ion", "ness"]),
    ("ing", &["", "e"]),
    ("ily", &["iness"]),
    ("ious", &["iety"]),
    ("ous", &["ity", "ness"]),
    ("y", &["", "e", "iness", "ing", "ness"]),
    ("", &["ness", "ing", "ion"]),
];

/// Room for every form of the generated vocabulary (about 140,000), so the set is not regrown
/// while it is built: regrowing cost a third of the build.
const FORMS_CAPACITY: usize = 160 * 1024;

/// The shortest stem an ending is swapped on.
const STEM: usize = 3;

/// Every word that is another form of a listed concept or body part, as folded keys (see
/// `keys::key`): about 140,000 of them, the forms of the concepts and body parts among `listed`
/// (every short lexicon word with its classes): for each listed word ending in a replacement, its
/// stem with each ending that replacement stands for. A listed word is lower case, as its key is.
/// They are marked in the lexicon's own table (`Entry::Form`, see `protect::Lexicon`) rather
/// than kept in a set of their own, so a word costs one probe of one table: a second table of
/// some 4 MiB missed the cache on most words the lexicon does not list.
pub fn forms_of(listed: &FxHashMap<Key, u16>) -> FxHashSet<Key> {
    let mut forms = FxHashSet::with_capacity_and_hasher(FORMS_CAPACITY, Default::default());
    let mut buffer = [0u8; SHORT + 8];
    for (&k, &bits) in listed {
        if bits & (class::CONCEPT | class::ANATOMY) == 0 {
            continue;
        }
        let bytes = k.to_le_bytes();
        let word = &bytes[..bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len())];
        // A form is all letters (`may_be_form`), and so are the replacements: a listed word with
        // anything else has no form.
        if !word.iter().all(u8::is_ascii_alphabetic) {
            continue;
        }
        for (ending, replacements) in FORMS {
            for replacement in *replacements {
                let Some(stem) = word.strip_suffix(replacement.as_bytes()) else { continue };
                if stem.len() < STEM {
                    continue;
                }
                let len = stem.len() + ending.len();
                buffer[..stem.len()].copy_from_slice(stem);
                buffer[stem.len()..len].copy_from_slice(ending.as_bytes());
                if let Some(form) = key_of_bytes(&buffer[..len]) {
                    forms.insert(form);
                }
            }
        }
    }
    forms
}

/// Whether `core` (a bare word whose key is among the forms `forms_of` generates) may be read as
/// another form of a listed concept or body part: a form of the right length and all
/// letters, not a manner word.
pub fn may_be_form(core: &str) -> bool {
    let bytes = core.as_bytes();
    if !(STEM + 1..=SHORT).contains(&bytes.len()) || !bytes.iter().all(u8::is_ascii_alphabetic) {
        return false;
    }
    // Words in "-ly" are manner words ("friendly", "lovely", "costly"), and the terminologies
    // list traits such as "friendliness": chat would read as a finding.
    if bytes.len() > 4 && bytes[bytes.len() - 2..].eq_ignore_ascii_case(b"ly") {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::class;
    use super::super::protect::LEXICON;

    #[test]
    fn patients_words_are_forms_of_listed_concepts() {
        let concept = |word: &str| LEXICON.classify(word) & class::CONCEPT != 0;
        for word in ["vomited", "Constipated", "coughs", "itchy", "TIRED", "Drowsier", "itchiest"] {
            assert!(concept(word), "{word}");
        }
        for word in ["friendly", "lovely", "the", "ly", "Valdés", "number", "earlier"] {
            assert!(!concept(word), "{word}");
        }
    }
}
