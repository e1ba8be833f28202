//! Inputs an attacker would choose to make the optimizer slow or large: each is one short piece
//! repeated to any length. Read by the adversarial property tests and benchmark, which include
//! this file with `#[path]`.
#![allow(dead_code)]

/// Name and repeated piece of each adversarial input.
pub const PATTERNS: &[(&str, &str)] = &[
    ("one repeated negation", "no "),
    ("negations in one endless clause", "denies pain and "),
    ("values with unclosed brackets", "1 (a "),
    ("unclosed brackets", "("),
    ("closed brackets", "(a) "),
    ("one endless word", "a"),
    ("one endless digit run", "7"),
    ("short lines", "x\n"),
    ("blank lines", "\n\n"),
    ("sentence ends", "No. "),
    ("abbreviations", "Dr. "),
    ("clauses", "no, "),
    ("drugs and doses", "metformin 500 mg "),
    ("allergies", "allergic to "),
    ("table rows", "| a | 1 |\n"),
    ("headings", "HPI:\n"),
    ("list items", "- a\n"),
    ("boilerplate", "Thank you. "),
    ("non-ASCII words", "é "),
    ("rewritable phrases", "due to the fact that "),
    ("header fields", "MRN: 1 | "),
    // found by the fuzz target: a value after a leading clause mark
    ("leading clause marks", ";2l "),
];

/// `piece` repeated to `bytes` bytes (a little less, so the text ends on a whole piece).
pub fn repeated(piece: &str, bytes: usize) -> String {
    piece.repeat((bytes / piece.len()).max(1))
}
