//! A hand-written pre-tokenizer, exactly equivalent to `bpe-openai`'s regex pre-tokenizer for
//! `o200k_base` and `cl100k_base`, several times faster on ASCII text.
//!
//! `bpe-openai` splits with a multi-pattern regex run anchored at the end of the previous piece,
//! so each piece depends only on the text from its start onwards. That lets the two mix freely:
//! a byte-level scanner computes each piece from ASCII bytes, and whenever it would have to look
//! at a non-ASCII byte (a letter, digit or space it cannot classify by itself) it gives up and
//! the library's own `split` computes that one piece.
//!
//! The patterns, as `bpe-openai` 0.3 builds them (an alternation, leftmost-first; its
//! `\s+\s` match loses its last character, emulating `\s+(?!\S)`):
//!
//! - `cl100k_base`: `(?i:'s|'t|'re|'ve|'m|'ll|'d)`, `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}`,
//!   ` ?[^\s\p{L}\p{N}]+[\r\n]*`, `\s*[\r\n]+`, `\s+$`, `\s+\s`, `\s+`;
//! - `o200k_base`: `[^\r\n\p{L}\p{N}]?` followed by an upper-case-then-lower-case word and an
//!   optional `(?i:'s|'t|'re|'ve|'m|'ll|'d)` (two alternatives that agree on ASCII), then
//!   `\p{N}{1,3}`, ` ?[^\s\p{L}\p{N}]+[\r\n/]*`, `\s*[\r\n]+`, `\s+$`, `\s+\s`, `\s+`.
//!
//! On ASCII, `\p{L}` is `[A-Za-z]`, `\p{N}` is `[0-9]` and `\s` is `[\t\n\x0B\x0C\r ]`.

use std::marker::PhantomData;

use bpe_openai::Tokenizer;

/// The pieces of `text` (already normalized for `bpe`) from `start`, a piece boundary, in order,
/// as `bpe.split` yields them, each given by its end (the next one's start). Ends, not slices
/// of `text`: a `str` slice checks both its ends are character boundaries, some 13
/// instructions a piece, while the loops over pieces mostly need only the bytes (10 % fewer
/// instructions counting the optimizer corpus). `S` is the encoding's scanner.
pub(super) fn pieces<'a, S: Scanner>(bpe: &'a Tokenizer, text: &'a str, start: usize) -> Pieces<'a, S> {
    Pieces { bpe, text, start, scanner: PhantomData }
}

/// Where the piece starting at a given byte ends, or `None` if that depends on a non-ASCII byte.
type Scan = fn(&[u8], usize) -> Option<usize>;

/// An encoding's scanner (`O200k`, `Cl100k`): a type, not an `Encoding` tested on every piece,
/// so that each loop over pieces is compiled once for each encoding and chooses its scanner once
/// a text (see `Tally::text`): -0.23 M instructions in three corpus passes (79.77 M to 79.54 M).
pub(super) trait Scanner {
    /// Where the piece starting at `i` ends, or `None` if that depends on a non-ASCII byte.
    fn piece_end(bytes: &[u8], i: usize) -> Option<usize>;
}

pub(super) enum O200k {}
pub(super) enum Cl100k {}

impl Scanner for O200k {
    #[inline(always)]
    fn piece_end(bytes: &[u8], i: usize) -> Option<usize> {
        o200k_piece_end(bytes, i)
    }
}

impl Scanner for Cl100k {
    #[inline(always)]
    fn piece_end(bytes: &[u8], i: usize) -> Option<usize> {
        cl100k_piece_end(bytes, i)
    }
}

pub(super) struct Pieces<'a, S> {
    bpe: &'a Tokenizer,
    text: &'a str,
    start: usize,
    scanner: PhantomData<S>,
}

impl<S: Scanner> Iterator for Pieces<'_, S> {
    type Item = usize;

    // Always inlined: each loop over pieces (`Tally::text`, `Tally::edited`) then holds the
    // scanners, where a call per piece cost a tenth of counting.
    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        let start = self.start;
        if start >= self.text.len() {
            return None;
        }
        // A static call, not a function pointer, so that the scanner is inlined here.
        let end = match S::piece_end(self.text.as_bytes(), start) {
            Some(end) => end,
            None => library_piece_end(self.bpe, self.text, start)?,
        };
        // Both scanners end pieces only next to ASCII bytes, the library at char boundaries.
        self.start = end;
        Some(end)
    }
}

/// The end of the library's piece at `start`. It anchors its regex at the piece's start, exactly
/// as it does when it splits the whole text, so its first piece here is the one it would yield
/// there; it matches at any character, so `None` is only ever the end of the text. Cold: out of
/// the scanners' way on ASCII text.
#[cold]
fn library_piece_end(bpe: &Tokenizer, text: &str, start: usize) -> Option<usize> {
    Some(start + bpe.split(&text[start..]).next()?.len())
}

const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 4;
/// `\s` on ASCII: space, `\t`, `\n`, `\x0B`, `\x0C`, `\r`.
const SPACE: u8 = 8;
/// `[\r\n]`.
const NEWLINE: u8 = 16;
/// `[^\s\p{L}\p{N}]` on ASCII: punctuation, symbols and the control characters that are not `\s`.
const PUNCT: u8 = 32;
/// Bytes of multi-byte UTF-8 characters: their class is the library's to decide.
const NON_ASCII: u8 = 64;
const LETTER: u8 = UPPER | LOWER;

static CLASSES: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = match byte {
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            b'0'..=b'9' => DIGIT,
            b'\n' | b'\r' => SPACE | NEWLINE,
            b'\t' | 0x0B | 0x0C | b' ' => SPACE,
            0x80..=0xFF => NON_ASCII,
            _ => PUNCT,
        };
        b += 1;
    }
    table
}

/// The class of the byte at `i`; 0 (no class) past the end of the text.
fn class_at(bytes: &[u8], i: usize) -> u8 {
    bytes.get(i).map_or(0, |&b| CLASSES[b as usize])
}

/// The end of the run of bytes in `set` starting at `i`, or `None` if the run stops at a
/// non-ASCII byte, which might have continued it.
#[inline]
fn run_end(bytes: &[u8], i: usize, set: u8) -> Option<usize> {
    match bytes[i..].iter().position(|&b| CLASSES[b as usize] & set == 0) {
        None => Some(bytes.len()),
        Some(n) if bytes[i + n].is_ascii() => Some(i + n),
        Some(_) => None,
    }
}

/// Each byte's high bit.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes read as one integer (first byte lowest): the high bit of each byte in `set`
/// (`UPPER` or `LOWER`), exact for every byte up to and including the first that is not. A
/// byte `b` is in `lo..=hi` when `b + (0x80 - lo)` has its high bit set and `b + (0x7F - hi)`
/// has not, for ASCII `b`; a non-ASCII byte is ruled out by its own high bit. The additions
/// carry into the next byte only from a non-ASCII byte, which is outside `set`, so they never
/// change what is found for the bytes before the first outside it.
#[inline(always)]
fn letters(x: u64, set: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let (lo, hi) = if set == UPPER { (b'A', b'Z') } else { (b'a', b'z') };
    let at_least_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = x.wrapping_add(ONES * u64::from(0x7F - hi));
    at_least_lo & !above_hi & !x & HIGH_BITS
}

/// `(?i:'s|'t|'re|'ve|'m|'ll|'d)?` at `i`: its end, `i` when there is no contraction, `None` when
/// a non-ASCII byte decides (case-insensitive `s` also matches `ſ`).
fn contraction_end(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i) != Some(&b'\'') {
        return Some(i);
    }
    let lower = |at: usize| match bytes.get(at) {
        Some(b) if b.is_ascii() => Some(Some(b.to_ascii_lowercase())),
        Some(_) => None,
        None => Some(None),
    };
    let second = match lower(i + 1)? {
        Some(b's' | b't' | b'm' | b'd') => return Some(i + 2),
        Some(b'r' | b'v') => b'e',
        Some(b'l') => b'l',
        _ => return Some(i),
    };
    Some(if lower(i + 2)? == Some(second) { i + 3 } else { i })
}

/// `\p{N}{1,3}` at a digit `i`.
fn digits_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut end = i + 1;
    while end < i + 3 {
        match class_at(bytes, end) {
            DIGIT => end += 1,
            NON_ASCII => return None,
            _ => break,
        }
    }
    Some(end)
}

/// The whitespace alternatives, in order, at a `\s` byte `i`: `\s*[\r\n]+` (up to the run's last
/// newline), `\s+$`, `\s+\s` minus its last character, `\s+`.
fn spaces_end(bytes: &[u8], i: usize) -> Option<usize> {
    let end = run_end(bytes, i, SPACE)?;
    let run = &bytes[i..end];
    Some(match run.iter().rposition(|&b| CLASSES[b as usize] & NEWLINE != 0) {
        Some(last_newline) => i + last_newline + 1,
        None if end == bytes.len() || run.len() == 1 => end,
        None => end - 1,
    })
}

/// The piece at `i` that starts with a byte that is neither a letter nor a digit: a letter run
/// behind a one-byte prefix (`word`), a punctuation run (`punct`) or whitespace. Always inlined,
/// as the scanners that call it are, and `word` with it: most pieces are a space and a word.
#[inline(always)]
fn other_end(bytes: &[u8], i: usize, word: Scan, punct: Scan) -> Option<usize> {
    let class = class_at(bytes, i);
    let next = class_at(bytes, i + 1);
    if next == NON_ASCII {
        return None;
    }
    if class & NEWLINE == 0 && next & LETTER != 0 {
        word(bytes, i + 1)
    } else if class == PUNCT {
        punct(bytes, i)
    } else if bytes[i] == b' ' && next == PUNCT {
        punct(bytes, i + 1)
    } else {
        spaces_end(bytes, i)
    }
}

/// Where the word starts when the piece at `i` is a space and a word (`other_end`'s first case):
/// most pieces are, and testing for them before the class of the piece's first byte decides
/// between the other kinds saves a dozen instructions on each (-0.53 M instructions in three
/// corpus passes). Always inlined, as the scanners are.
#[inline(always)]
fn after_a_space(bytes: &[u8], i: usize) -> Option<usize> {
    (bytes[i] == b' ' && class_at(bytes, i + 1) & LETTER != 0).then_some(i + 1)
}

/// The `o200k_base` piece starting at `i`. Always inlined, as `Pieces::next` is.
#[inline(always)]
fn o200k_piece_end(bytes: &[u8], i: usize) -> Option<usize> {
    if let Some(word) = after_a_space(bytes, i) {
        return o200k_word_end(bytes, word);
    }
    match class_at(bytes, i) {
        NON_ASCII => None,
        UPPER | LOWER => o200k_word_end(bytes, i),
        DIGIT => digits_end(bytes, i),
        _ => other_end(bytes, i, o200k_word_end, o200k_punct_end),
    }
}

/// Upper-case letters, then lower-case ones, then an optional contraction, from a letter at `i`.
/// Most words end within eight bytes, and there both runs are found from one load of those
/// bytes (`letters`) instead of a class look-up per byte: 8 % fewer instructions counting the
/// optimizer corpus. A longer word is read on from its ninth byte (`o200k_long_word_end`).
#[inline(always)]
fn o200k_word_end(bytes: &[u8], i: usize) -> Option<usize> {
    let end = match bytes.get(i..).and_then(<[u8]>::first_chunk) {
        Some(chunk) => {
            let x = u64::from_le_bytes(*chunk);
            // The high bit of the first byte that is not upper-case (none: eight of them), and
            // of every byte from there that is not lower-case: the first of those ends the word.
            let not_upper = !letters(x, UPPER) & HIGH_BITS;
            let first_not_upper = not_upper & not_upper.wrapping_neg();
            let ends = !letters(x, LOWER) & HIGH_BITS & !first_not_upper.wrapping_sub(1);
            match ends {
                0 => o200k_long_word_end(bytes, i + 8, not_upper == 0)?,
                _ => i + ends.trailing_zeros() as usize / 8,
            }
        }
        None => o200k_long_word_end(bytes, i, true)?,
    };
    // A non-ASCII byte after the runs might have continued one.
    if !bytes.get(end).is_none_or(u8::is_ascii) {
        return None;
    }
    contraction_end(bytes, end)
}

/// The end of the upper-case then lower-case runs from `i`, or of the lower-case run alone once
/// the upper-case one has ended (`upper` false), read eight bytes at a time as `o200k_word_end`
/// reads a word's first eight, and its last bytes, fewer than eight, one at a time. A fifth of the
/// corpus's words are longer than eight bytes: reading such a word a byte at a time from its
/// first cost 0.40 M instructions more in three corpus passes (75.10 M to 74.70 M, callgrind).
fn o200k_long_word_end(bytes: &[u8], mut i: usize, mut upper: bool) -> Option<usize> {
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk) {
        let x = u64::from_le_bytes(*chunk);
        let mut ends = !letters(x, LOWER) & HIGH_BITS;
        if upper {
            let not_upper = !letters(x, UPPER) & HIGH_BITS;
            ends &= !(not_upper & not_upper.wrapping_neg()).wrapping_sub(1);
            upper = not_upper == 0;
        }
        if ends != 0 {
            return Some(i + ends.trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    let lower_from = if upper { run_end(bytes, i, UPPER)? } else { i };
    run_end(bytes, lower_from, LOWER)
}

/// `[^\s\p{L}\p{N}]+[\r\n/]*` from a punctuation byte at `i`.
fn o200k_punct_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut end = run_end(bytes, i, PUNCT)?;
    loop {
        match bytes.get(end) {
            Some(b'\r' | b'\n' | b'/') => end += 1,
            Some(b) if !b.is_ascii() => return None,
            _ => return Some(end),
        }
    }
}

/// The `cl100k_base` piece starting at `i`. Always inlined, as `Pieces::next` is.
#[inline(always)]
fn cl100k_piece_end(bytes: &[u8], i: usize) -> Option<usize> {
    if let Some(word) = after_a_space(bytes, i) {
        return cl100k_word_end(bytes, word);
    }
    match class_at(bytes, i) {
        NON_ASCII => None,
        UPPER | LOWER => run_end(bytes, i, LETTER),
        DIGIT => digits_end(bytes, i),
        // A contraction is cl100k's first alternative; an apostrophe without one is punctuation.
        _ if bytes[i] == b'\'' => match contraction_end(bytes, i)? {
            end if end > i => Some(end),
            _ => other_end(bytes, i, cl100k_word_end, cl100k_punct_end),
        },
        _ => other_end(bytes, i, cl100k_word_end, cl100k_punct_end),
    }
}

/// `\p{L}+` from a letter at `i`.
fn cl100k_word_end(bytes: &[u8], i: usize) -> Option<usize> {
    run_end(bytes, i, LETTER)
}

/// `[^\s\p{L}\p{N}]+[\r\n]*` from a punctuation byte at `i`.
fn cl100k_punct_end(bytes: &[u8], i: usize) -> Option<usize> {
    let end = run_end(bytes, i, PUNCT)?;
    run_end(bytes, end, NEWLINE)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::samples::{corpus, excerpts, library, text, ENCODINGS, TRICKY};
    use super::super::Encoding;
    use super::*;

    fn assert_same_pieces(text: &str) {
        for encoding in ENCODINGS {
            let bpe = library(encoding);
            let ends: Vec<usize> = match encoding {
                Encoding::O200kBase => pieces::<O200k>(bpe, text, 0).collect(),
                Encoding::Cl100kBase => pieces::<Cl100k>(bpe, text, 0).collect(),
            };
            let mut start = 0;
            let ours: Vec<&str> = ends.iter().map(|&end| &text[std::mem::replace(&mut start, end)..end]).collect();
            let theirs: Vec<&str> = bpe.split(text).collect();
            assert_eq!(ours, theirs, "{encoding:?} pieces of {text:?}");
        }
    }

    #[test]
    fn tricky_texts_split_as_the_library_splits_them() {
        for text in TRICKY {
            assert_same_pieces(text);
        }
    }

    #[test]
    fn the_corpus_and_excerpts_of_it_split_as_the_library_splits_them() {
        for doc in corpus() {
            assert_same_pieces(&doc);
            for excerpt in excerpts(&doc) {
                assert_same_pieces(excerpt);
            }
        }
    }

    /// `letters` finds the first byte outside its set where the class table does, whatever that
    /// byte is, after any run of members, and with non-ASCII bytes (carries) after it.
    #[test]
    fn letters_end_runs_where_the_byte_classes_do() {
        for (set, members) in [(UPPER, b"QAZM"), (LOWER, b"qazm")] {
            for byte in 0..=255u8 {
                for at in 0..8 {
                    let mut chunk = [0xFFu8; 8];
                    for (i, slot) in chunk[..at].iter_mut().enumerate() {
                        *slot = members[i % members.len()];
                    }
                    chunk[at] = byte;
                    let expected = chunk.iter().position(|&b| CLASSES[b as usize] & set == 0).unwrap_or(8);
                    let outside = !letters(u64::from_le_bytes(chunk), set) & HIGH_BITS;
                    assert_eq!(outside.trailing_zeros() as usize / 8, expected, "{set} {chunk:?}");
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn arbitrary_texts_split_as_the_library_splits_them(text in text()) {
            assert_same_pieces(&text);
        }
    }
}
