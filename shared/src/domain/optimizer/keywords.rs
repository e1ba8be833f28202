//! A request's `preserveKeywords`: a sentence holding one is copied whole.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

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

    #[test]
    fn keywords_match_case_insensitively() {
        let k = Keywords::new(&["Ejection Fraction".to_owned(), "  ".to_owned(), "NYHA".to_owned()]);
        assert!(k.occurs_in("reduced ejection fraction noted"));
        assert_eq!(k.found_in("EJECTION FRACTION 35 %"), ["Ejection Fraction"]);
    }
}
