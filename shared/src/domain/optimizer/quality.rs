//! The quality score: how much of what mattered survived, and how readable the result is.
//!
//! `score = 0.6 × protected + 0.25 × content + 0.15 × readability`, each part in [0, 1]:
//!
//! - `protected`: of the original's protected items (whitespace squeezed: each run of verbatim
//!   words of a kept sentence (see `protect`), each kept keyword sentence, each heading or table
//!   row with a digit or keyword, each whole line LAB_RESULTS or PRESCRIPTION keeps), the share
//!   found in the output, in their original order;
//! - `content`: of the original's distinct content words (4+ letters, not function words,
//!   surrounding punctuation removed, lower-cased), the share still present anywhere in the output;
//! - `readability`: the output's share of function words relative to the original's, capped at 1
//!   (telegraphic text without articles and prepositions scores lower).
//!
//! All three are computed from the two texts alone, so the same input always gets the same score.

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use super::protect::{class, key, Key, LEXICON};
use super::text::{bare, squeeze, words};

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Quality {
    pub score: f64,
    pub protected_retention: f64,
    pub content_retention: f64,
    pub readability: f64,
    pub protected_items: usize,
    pub protected_items_kept: usize,
}

pub fn score(original: &str, optimized: &str, protected_items: &[String]) -> Quality {
    let squeezed_output = squeeze(optimized);
    let mut kept = 0;
    let mut cursor = 0;
    for item in protected_items {
        if let Some(at) = squeezed_output[cursor..].find(item.as_str()) {
            kept += 1;
            cursor += at + item.len();
        }
    }
    let protected_retention = ratio(kept, protected_items.len());
    let mut content = ContentWords::default();
    let before = scan(original, |word| content.insert(word));
    let after = scan(optimized, |word| content.mark_kept(word));
    let content_retention = content.retention();
    let readability = {
        let (b, a) = (ratio(before.function, before.total), ratio(after.function, after.total));
        if b <= f64::EPSILON {
            1.0
        } else {
            (a / b).min(1.0)
        }
    };
    let score = 0.6 * protected_retention + 0.25 * content_retention + 0.15 * readability;
    Quality {
        score: round3(score),
        protected_retention: round3(protected_retention),
        content_retention: round3(content_retention),
        readability: round3(readability),
        protected_items: protected_items.len(),
        protected_items_kept: kept,
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A text's word counts for readability.
struct Counts {
    function: usize,
    total: usize,
}

/// One pass over a text's words: counts its function words and hands each content word (4+
/// letters, not a function word, surrounding punctuation removed) to `on_content`.
fn scan(text: &str, mut on_content: impl FnMut(&str)) -> Counts {
    let mut counts = Counts { function: 0, total: 0 };
    for word in words(text) {
        counts.total += 1;
        let core = bare(word);
        if LEXICON.listed(core) & class::FUNCTION != 0 {
            counts.function += 1;
        } else if core.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            on_content(core);
        }
    }
    counts
}

/// The original's distinct content words, lower-cased, each with whether the output has it too.
/// Short ASCII words (most of them) are integer keys (see `protect::key`); the rest are strings.
#[derive(Default)]
struct ContentWords {
    short: HashMap<Key, bool>,
    long: HashMap<String, bool>,
}

impl ContentWords {
    fn insert(&mut self, word: &str) {
        match short_key(word) {
            Some(k) => self.short.entry(k).or_insert(false),
            None => self.long.entry(word.to_lowercase()).or_insert(false),
        };
    }

    fn mark_kept(&mut self, word: &str) {
        let kept = match short_key(word) {
            Some(k) => self.short.get_mut(&k),
            None => self.long.get_mut(&word.to_lowercase()),
        };
        if let Some(kept) = kept {
            *kept = true;
        }
    }

    /// Share of the original's distinct content words found in the output.
    fn retention(&self) -> f64 {
        let kept = self.short.values().chain(self.long.values()).filter(|k| **k).count();
        ratio(kept, self.short.len() + self.long.len())
    }
}

/// The integer key of an ASCII word (ASCII folding is all its lower-casing needs).
fn short_key(word: &str) -> Option<Key> {
    if word.is_ascii() {
        key(word)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_text_scores_one() {
        let text = "He denies chest pain. Potassium 3.1 mmol/L L.";
        let q = score(text, text, &["He denies chest pain.".to_owned(), "Potassium 3.1 mmol/L L.".to_owned()]);
        assert_eq!(q.score, 1.0);
        assert_eq!(q.protected_items_kept, 2);
    }

    #[test]
    fn losing_a_protected_item_costs_more_than_losing_style() {
        let original = "The patient denies chest pain and the potassium is 3.1 mmol/L today.";
        let items = vec!["denies chest pain".to_owned(), "3.1 mmol/L".to_owned()];
        let lost_fact = score(original, "The patient denies chest pain today.", &items);
        let telegraphic = score(original, "patient denies chest pain potassium 3.1 mmol/L today", &items);
        assert_eq!(lost_fact.protected_retention, 0.5);
        assert_eq!(telegraphic.protected_retention, 1.0);
        assert!(telegraphic.readability < 1.0);
        assert!(lost_fact.score < telegraphic.score, "{lost_fact:?} vs {telegraphic:?}");
    }

    #[test]
    fn items_out_of_order_do_not_count() {
        let items = vec!["alpha one".to_owned(), "beta two".to_owned()];
        let q = score("alpha one beta two", "beta two alpha one", &items);
        assert_eq!(q.protected_items_kept, 1);
    }
}
