//! The quality score: how much of what mattered survived, and how readable the result is.
//!
//! `score = 0.6 × protected + 0.25 × content + 0.15 × readability`, each part in [0, 1]:
//!
//! - `protected`: of the original's protected clauses and keyword occurrences (whitespace
//!   squeezed), the share found in the output, in their original order;
//! - `content`: of the original's distinct content words (4+ letters, not function words,
//!   lower-cased), the share still present anywhere in the output;
//! - `readability`: the output's share of function words relative to the original's, capped at 1
//!   (telegraphic text without articles and prepositions scores lower).
//!
//! All three are computed from the two texts alone, so the same input always gets the same score.

use std::borrow::Cow;

use rustc_hash::FxHashSet as HashSet;

use serde::Serialize;

use super::protect::LEXICON;
use super::text::{bare_lower, squeeze};

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
    let before = word_profile(original);
    let after = word_profile(optimized);
    let content_retention =
        ratio(before.content.iter().filter(|w| after.content.contains(*w)).count(), before.content.len());
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

/// One pass over a text's words: its distinct content words (4+ letters, not function words,
/// lower-cased) and its count of function words.
struct WordProfile<'a> {
    content: HashSet<Cow<'a, str>>,
    function: usize,
    total: usize,
}

fn word_profile(text: &str) -> WordProfile<'_> {
    let mut profile = WordProfile { content: HashSet::default(), function: 0, total: 0 };
    for word in text.split_whitespace() {
        profile.total += 1;
        let bare = bare_lower(word);
        if LEXICON.function_words.contains(bare.as_ref()) {
            profile.function += 1;
        } else if bare.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
            profile.content.insert(bare);
        }
    }
    profile
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
