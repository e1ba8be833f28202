//! What must never be removed or altered, decided clause by clause.
//!
//! Protection works on the words of a sentence, inside its clauses (text between `,` or `;` and
//! the sentence ends):
//!
//! - a word with a digit (values, doses, dates, ranges) protects the four words before it (the
//!   label: `BP`, `WBC`, `weight this morning`) and up to four after it (units, flags, route, frequency: `mg PO BID`,
//!   `% on room air`);
//! - a drug name protects the word before it and up to five after it (dose, route, frequency);
//! - a negation cue (`no`, `not`, `denies`, `negative`, `without`, `…n't`) protects the word before it and
//!   its scope, everything to the end of its clause (a fixed five-word window, as in NegEx, cut
//!   "no in situ or invasive carcinoma is seen" in the corpus tests);
//! - an allergy cue protects the whole sentence;
//! - a sentence holding a `preserveKeywords` entry is copied whole.
//!
//! Protected words are copied verbatim (whitespace aside), and a sentence with any protected word
//! is never dropped, except a courtesy whose only protected words are a negation's.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashSet as HashSet;

use super::lexicon;
use super::text::bare_lower;

/// Suffixes grouped by their last byte, so a word is compared only with the few suffixes that
/// could match it: this runs for every word of every request.
pub struct Suffixes(Vec<Vec<&'static str>>);

impl Suffixes {
    fn new(suffixes: &[&'static str]) -> Self {
        let mut buckets = vec![Vec::new(); 256];
        for s in suffixes {
            if let Some(&last) = s.as_bytes().last() {
                buckets[usize::from(last)].push(*s);
            }
        }
        Self(buckets)
    }

    fn matches(&self, word: &str) -> bool {
        word.as_bytes().last().is_some_and(|&last| self.0[usize::from(last)].iter().any(|s| word.ends_with(s)))
    }
}

pub struct Lexicon {
    negation: HashSet<&'static str>,
    allergy: HashSet<&'static str>,
    drugs: HashSet<&'static str>,
    clinical: HashSet<&'static str>,
    drug_suffixes: Suffixes,
    clinical_suffixes: Suffixes,
    pub hedges: HashSet<&'static str>,
    pub stopwords: HashSet<&'static str>,
    pub function_words: HashSet<&'static str>,
    pub rewrites: AhoCorasick,
    pub boilerplate: AhoCorasick,
}

/// Built once per process, on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let set = |words: &[&'static str]| words.iter().copied().collect::<HashSet<_>>();
    let rewrites: Vec<&str> = lexicon::REWRITES.iter().map(|(from, _)| *from).collect();
    Lexicon {
        negation: set(lexicon::NEGATION_CUES),
        allergy: set(lexicon::ALLERGY_CUES),
        drugs: set(lexicon::DRUG_NAMES),
        clinical: set(lexicon::CLINICAL_TERMS),
        drug_suffixes: Suffixes::new(lexicon::DRUG_SUFFIXES),
        clinical_suffixes: Suffixes::new(lexicon::CLINICAL_SUFFIXES),
        hedges: set(lexicon::HEDGES),
        stopwords: set(lexicon::STOPWORDS),
        function_words: set(lexicon::FUNCTION_WORDS),
        rewrites: case_insensitive(&rewrites, MatchKind::LeftmostLongest),
        boilerplate: case_insensitive(lexicon::BOILERPLATE_OPENINGS, MatchKind::LeftmostLongest),
    }
});

/// The patterns are this module's constants, far below aho-corasick's size limits, so building
/// cannot fail; the lexicon tests build it on every run.
#[allow(clippy::expect_used)]
fn case_insensitive(patterns: &[&str], kind: MatchKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(kind)
        .build(patterns)
        .expect("static optimizer patterns build")
}

impl Lexicon {
    pub fn is_drug(&self, bare: &str) -> bool {
        self.drugs.contains(bare)
            || (bare.len() >= 6 && bare.chars().all(|c| c.is_ascii_alphabetic()) && self.drug_suffixes.matches(bare))
    }

    pub fn is_clinical(&self, word: &str, bare: &str) -> bool {
        if self.clinical.contains(bare) {
            return true;
        }
        // Abbreviations written in capitals: COPD, CKD, ED, ICU.
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        if (2..=6).contains(&letters) && word.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()) {
            return true;
        }
        bare.len() >= 6 && self.clinical_suffixes.matches(bare)
    }

    /// Marks the words of a sentence that must be kept verbatim (see the module docs).
    pub fn protect(&self, words: &[&str]) -> Protection {
        let n = words.len();
        let mut protection =
            Protection { words: vec![false; n], clinical: vec![false; n], strong: false, negation: false };
        let ends_clause = |i: usize| words[i].ends_with(',') || words[i].ends_with(';');
        // Marks `before` words back (within the clause) and forward up to `after` words or the
        // clause end, whichever comes first.
        let mark = |p: &mut Protection, i: usize, before: usize, after: usize| {
            let mut start = i;
            while start > 0 && i - start < before && !ends_clause(start - 1) {
                start -= 1;
            }
            let mut end = i;
            while end + 1 < n && end - i < after && !ends_clause(end) {
                end += 1;
            }
            p.words[start..=end].iter_mut().for_each(|w| *w = true);
        };
        for (i, word) in words.iter().enumerate() {
            let bare = bare_lower(word);
            protection.clinical[i] = self.is_clinical(word, &bare);
            if self.allergy.contains(bare.as_ref()) || bare.starts_with("allerg") {
                // Allergies are short and every word of them matters: the whole sentence.
                protection.words.iter_mut().for_each(|w| *w = true);
                protection.strong = true;
                return protection;
            }
            if word.bytes().any(|b| b.is_ascii_digit()) {
                protection.strong = true;
                mark(&mut protection, i, 4, 4);
            } else if self.is_drug(&bare) {
                protection.strong = true;
                mark(&mut protection, i, 1, 5);
            } else if self.negation.contains(bare.as_ref()) || (bare.ends_with("n't") && !is_tag_question(words, i)) {
                protection.negation = true;
                mark(&mut protection, i, 1, usize::MAX);
            }
        }
        protection
    }

    /// A sentence that opens like a greeting, a sign-off, a courtesy or a confidentiality footer.
    pub fn is_boilerplate(&self, sentence: &str) -> bool {
        let trimmed = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
        self.boilerplate.find(trimmed).is_some_and(|m| m.start() == 0)
    }
}

/// "isn't it?", "don't you?": a question tag, not a negation of anything.
fn is_tag_question(words: &[&str], i: usize) -> bool {
    let Some(next) = words.get(i + 1) else { return false };
    let pronoun = next.trim_end_matches(['?', '.', '!']).to_ascii_lowercase();
    next.ends_with('?') && ["it", "you", "they", "he", "she", "we", "i", "there"].contains(&pronoun.as_str())
}

/// Which words of a sentence are protected, and why.
pub struct Protection {
    pub words: Vec<bool>,
    /// Which words are clinical terms (see `Lexicon::is_clinical`).
    pub clinical: Vec<bool>,
    /// A number, drug or allergy: the sentence carries facts.
    pub strong: bool,
    /// A negation: its scope is protected, but alone it does not save a courtesy sentence
    /// ("Please do not hesitate to call").
    pub negation: bool,
}

impl Protection {
    pub fn any(&self) -> bool {
        self.strong || self.negation
    }

    /// How many clinical words the sentence holds: sentences with few are the first to go.
    pub fn clinical_weight(&self) -> usize {
        self.clinical.iter().filter(|c| **c).count()
    }
}

/// Case-insensitive matcher for a request's `preserveKeywords`.
pub struct Keywords {
    words: Vec<String>,
    matcher: Option<AhoCorasick>,
}

impl Keywords {
    pub fn new(words: &[String]) -> Self {
        let words: Vec<String> = words.iter().map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()).collect();
        let matcher = if words.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new().ascii_case_insensitive(true).match_kind(MatchKind::Standard).build(&words).ok()
        };
        Self { words, matcher }
    }

    pub fn occurs_in(&self, text: &str) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_match(text))
    }

    /// The keywords found in `text`, in the order they were given.
    pub fn found_in(&self, text: &str) -> Vec<String> {
        let Some(matcher) = &self.matcher else { return Vec::new() };
        let mut seen = vec![false; self.words.len()];
        for m in matcher.find_overlapping_iter(text) {
            seen[m.pattern().as_usize()] = true;
        }
        self.words.iter().zip(seen).filter(|(_, s)| *s).map(|(w, _)| w.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protected(sentence: &str) -> Vec<&str> {
        let words: Vec<&str> = sentence.split_whitespace().collect();
        let p = LEXICON.protect(&words);
        words.iter().zip(&p.words).filter(|(_, p)| **p).map(|(w, _)| *w).collect()
    }

    #[test]
    fn numbers_protect_their_label_and_units() {
        assert_eq!(
            protected("Seen on arrival HR 108 bpm at rest today and more"),
            ["Seen", "on", "arrival", "HR", "108", "bpm", "at", "rest", "today"]
        );
        assert_eq!(protected("BP 132/78 mmHg, then rest"), ["BP", "132/78", "mmHg,"]);
    }

    #[test]
    fn negations_protect_to_the_end_of_their_clause() {
        assert_eq!(
            protected("He denies chest pain or cough, and sleeps well"),
            ["He", "denies", "chest", "pain", "or", "cough,"]
        );
        assert_eq!(protected("No in situ or invasive carcinoma is seen").len(), 8);
        assert_eq!(protected("I don't have any mouth ulcers"), ["I", "don't", "have", "any", "mouth", "ulcers"]);
        assert!(protected("That is better than before, isn't it?").is_empty(), "a question tag negates nothing");
    }

    #[test]
    fn drugs_protect_their_dose_and_allergies_the_sentence() {
        assert_eq!(
            protected("then levofloxacin 750 mg IV daily in order to cover"),
            ["then", "levofloxacin", "750", "mg", "IV", "daily", "in"]
        );
        assert_eq!(protected("Allergies: peanuts (anaphylaxis)").len(), 3);
        assert!(protected("he felt very fatigued and generally unwell").is_empty());
    }

    #[test]
    fn boilerplate_is_recognised_only_at_the_start() {
        let lex = &*LEXICON;
        assert!(lex.is_boilerplate("Please do not hesitate to contact our office."));
        assert!(lex.is_boilerplate("Thank you for allowing us to participate in his care."));
        assert!(!lex.is_boilerplate("He wanted to thank you for the referral."));
    }

    #[test]
    fn keywords_match_case_insensitively() {
        let k = Keywords::new(&["Ejection Fraction".to_owned(), "  ".to_owned(), "NYHA".to_owned()]);
        assert!(k.occurs_in("reduced ejection fraction noted"));
        assert_eq!(k.found_in("EJECTION FRACTION 35 %"), ["Ejection Fraction"]);
    }
}
