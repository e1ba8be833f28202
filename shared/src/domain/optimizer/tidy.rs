//! Putting an edited sentence back together: the kept pieces joined with single spaces, the gaps
//! that dropped words leave around `,` `.` `;` closed, dangling punctuation trimmed, brackets
//! repaired and the first letter capitalised again.
//!
//! Gaps are closed only where a word went (a *seam*), never in text that stood together in the
//! input: closing every " ;" in the sentence also changed the marks inside protected runs
//! ("x ; y" became "x; y"; found by the fuzz target). It is also one pass over the pieces
//! instead of a pass over the joined text.

/// The marks whose gaps a dropped word leaves closed.
const MARKS: [char; 3] = [',', '.', ';'];

/// Builds an edited sentence from its pieces, in input order.
pub struct Joiner {
    out: String,
    /// A word went since the last piece.
    seam: bool,
    /// The piece being added (a replacement and its word's punctuation), reused across pieces.
    piece: String,
}

impl Joiner {
    pub fn with_capacity(capacity: usize) -> Self {
        Self { out: String::with_capacity(capacity), seam: false, piece: String::new() }
    }

    /// A word that went with nothing left of it.
    pub fn gap(&mut self) {
        self.seam = true;
    }

    /// A kept piece: `word` (a word, or the replacement of one) followed by `punctuation` (the
    /// replaced word's own trailing marks). A piece with no word is what is left of a dropped
    /// word, so it closes up to the text before it like any seam.
    pub fn piece(&mut self, word: &str, punctuation: &str) {
        if word.is_empty() && punctuation.is_empty() {
            return self.gap();
        }
        let seam = std::mem::take(&mut self.seam) || word.is_empty();
        self.piece.clear();
        self.piece.push_str(word);
        self.piece.push_str(punctuation);
        let piece = self.piece.as_str();
        let marks = piece.len() - piece.trim_start_matches(MARKS).len();
        if !seam || marks == 0 || self.out.is_empty() {
            if !self.out.is_empty() {
                self.out.push(' ');
            }
            self.out.push_str(piece);
            return;
        }
        // " ," → ",", ",," → ",", ",." and ";." → "." — but no mark is dropped before a digit:
        // "9 ;.2" must not become the value "9.2", nor "211, ,1" the value "211,1" (found by the
        // fuzz target).
        for (at, mark) in piece[..marks].bytes().enumerate() {
            let before_digit = piece.as_bytes().get(at + 1).is_some_and(u8::is_ascii_digit);
            match mark {
                b',' if self.out.ends_with(',') && !before_digit => continue,
                b'.' if self.out.ends_with([',', ';']) && !before_digit => {
                    self.out.pop();
                }
                _ => {}
            }
            self.out.push(char::from(mark));
        }
        self.out.push_str(&piece[marks..]);
    }

    /// The sentence: without the `,` or `;` it would start or end with, with its brackets
    /// repaired (when `balance`: only a sentence whose brackets were balanced before the edits)
    /// and its first letter capitalised (when `capitalise`). Empty when no letter or digit is left.
    pub fn finish(self, capitalise: bool, balance: bool) -> String {
        let out = self.out;
        let trimmed = out.trim_matches([',', ';', ' ']);
        if trimmed.chars().all(|c| !c.is_alphanumeric()) {
            return String::new();
        }
        let mut out = if balance && trimmed.contains(['(', ')']) {
            balance_brackets(trimmed)
        } else if trimmed.len() == out.len() {
            out
        } else {
            trimmed.to_owned()
        };
        if capitalise && out.starts_with(|c: char| c.is_ascii_lowercase()) {
            out[..1].make_ascii_uppercase();
        } else if capitalise {
            let mut chars = out.chars();
            if let Some(first) = chars.next() {
                return first.to_uppercase().chain(chars).collect();
            }
        }
        out
    }
}

/// Closes a bracket whose closing half went with a dropped clause: "(my son did the maths" →
/// "(my son did the maths)". A closing bracket whose opening half went stays: it may stand inside
/// a protected run ("2*)3 h"; dropping it lost a fact, found by the fuzz target), and a stray ")"
/// costs less than a changed fact.
fn balance_brackets(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len() + 1);
    let mut open = 0usize;
    for c in sentence.chars() {
        match c {
            '(' => open += 1,
            ')' => open = open.saturating_sub(1),
            _ => {}
        }
        out.push(c);
    }
    if open > 0 {
        let body = out.trim_end_matches(['.', '!', '?']).len();
        let ending = out[body..].to_owned();
        out.truncate(body);
        out.push_str(&")".repeat(open));
        out.push_str(&ending);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Joins `pieces`, where `None` is a word that went.
    fn join(pieces: &[Option<(&str, &str)>]) -> String {
        let mut joiner = Joiner::with_capacity(64);
        for piece in pieces {
            match piece {
                Some((word, punctuation)) => joiner.piece(word, punctuation),
                None => joiner.gap(),
            }
        }
        joiner.finish(false, true)
    }

    #[test]
    fn gaps_close_only_where_a_word_went() {
        // A mark that stood apart in the input keeps its space: it may be part of a protected run.
        assert_eq!(join(&[Some(("x", "")), Some((";", "")), Some(("y", ""))]), "x ; y");
        assert_eq!(join(&[Some(("x", "")), None, Some((";", "")), Some(("y", ""))]), "x; y");
        // What is left of a dropped word closes up: "pain, basically, worse" → "pain, worse".
        assert_eq!(join(&[Some(("pain,", "")), Some(("", ",")), Some(("worse", ""))]), "pain, worse");
        // The sentence keeps its end mark, not the comma before the dropped clause.
        assert_eq!(join(&[Some(("leg,", "")), None, None, Some(("", "."))]), "leg.");
    }

    #[test]
    fn no_mark_before_a_digit_is_dropped_at_a_seam() {
        assert_eq!(join(&[Some(("9", "")), None, Some((";.2", ""))]), "9;.2");
        assert_eq!(join(&[Some(("211,", "")), None, Some((",1", ""))]), "211,,1");
    }

    #[test]
    fn a_sentence_loses_the_commas_it_would_start_or_end_with() {
        assert_eq!(join(&[None, Some((",", "")), Some(("rest", "")), Some((";", ""))]), "rest");
        assert_eq!(join(&[Some((",", "")), Some((";", ""))]), "");
    }

    #[test]
    fn brackets_stay_balanced_after_clauses_go() {
        assert_eq!(balance_brackets("I think (my son did the maths."), "I think (my son did the maths).");
        assert_eq!(balance_brackets("fine) today"), "fine) today");
        assert_eq!(balance_brackets("K 3.1 (L) low"), "K 3.1 (L) low");
    }
}
