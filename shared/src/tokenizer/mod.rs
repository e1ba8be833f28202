//! Real token counts for the target model family (feature `tokenizer`).
//!
//! OpenAI models are counted exactly with their BPE encodings (`o200k_base` for GPT-4o, GPT-4.1,
//! GPT-5 and the o-series; `cl100k_base` for GPT-4 and GPT-3.5) through `bpe-openai`, chosen over
//! `tiktoken-rs` for speed with identical counts. Its own `count` runs at 9–17 MB/s on the
//! optimizer corpus; a [`Counter`] splits with a hand-written pre-tokenizer exactly equivalent to
//! the library's regex (`pretokenize`) and remembers pre-token counts, and counts that corpus at
//! 130–220 MB/s, 3.2–3.8× the regex pre-tokenizer with the same memo (`benches/tokenizer.rs`, a
//! shared 2-core machine).
//!
//! Claude and Llama have no public Rust tokenizer of their own, so they get a documented
//! approximation, labelled `exact: false` in every response:
//!
//! - Llama 3.x: `cl100k_base` counts (Llama 3's 128k vocabulary extends cl100k's 100k tokens, so
//!   English counts are close);
//! - Claude: `cl100k_base` counts × 1.10, rounded up (Anthropic's tokenizer yields somewhat more
//!   tokens than cl100k on English clinical text; the exact figure is what the Messages API
//!   reports as usage).
//!
//! Each encoding's tables load once per process, lazily, the first time a model of that family
//! is counted.

use std::sync::{LazyLock, RwLock};

use crate::hashing::TextMap;
use serde::Serialize;

use crate::domain::optimizer::TokenCounter;
use pretokenize::{Cl100k, O200k, Scanner};

mod pretokenize;
#[cfg(test)]
mod samples;

/// The model whose tokenizer counts when a request names none.
pub const DEFAULT_MODEL: &str = "gpt-4o";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    O200kBase,
    Cl100kBase,
}

/// A model's tokenizer, as described in responses.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Tokenizer)]
pub struct ModelTokenizer {
    pub model: String,
    pub encoding: Encoding,
    /// False for the Claude and Llama approximations.
    pub exact: bool,
    #[serde(skip)]
    #[schema(ignore)]
    scale: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown model {0:?}: use a lower-case OpenAI (gpt-*, o1/o3/o4*), Claude (claude-*) or Llama (llama*, meta-llama*) model id")]
pub struct UnknownModel(pub String);

impl ModelTokenizer {
    pub fn for_model(model: &str) -> Result<Self, UnknownModel> {
        // Model ids are lower-case, as every provider writes them; the OpenAPI contract states the
        // same prefixes as a pattern.
        let name = model;
        let (encoding, exact, scale) = if ["gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            (Encoding::O200kBase, true, 1.0)
        } else if ["gpt-4", "gpt-3.5", "text-embedding-3", "text-embedding-ada"].iter().any(|p| name.starts_with(p)) {
            (Encoding::Cl100kBase, true, 1.0)
        } else if name.starts_with("claude") {
            (Encoding::Cl100kBase, false, 1.10)
        } else if name.starts_with("llama") || name.starts_with("meta-llama") {
            (Encoding::Cl100kBase, false, 1.0)
        } else {
            return Err(UnknownModel(name.chars().take(100).collect()));
        };
        Ok(Self { model: name.to_owned(), encoding, exact, scale })
    }

    fn bpe(&self) -> &'static bpe_openai::Tokenizer {
        match self.encoding {
            Encoding::O200kBase => bpe_openai::o200k_base(),
            Encoding::Cl100kBase => bpe_openai::cl100k_base(),
        }
    }
}

impl ModelTokenizer {
    /// A counter that splits a text into pre-tokens and sums their counts, remembering each
    /// pre-token's count. Exact: BPE never merges across pre-token boundaries, so a text's count
    /// is the sum of its pre-tokens' counts (which is how `bpe-openai` counts, too).
    pub fn counter(&self) -> Counter {
        Counter { bpe: self.bpe(), encoding: self.encoding, exact: self.exact, scale: self.scale }
    }
}

/// Pre-token counts remembered per process and encoding, across requests and threads:
/// clinical vocabulary repeats, so after warm-up most pre-tokens cost a hash look-up instead of a
/// BPE run. Bounded in bytes: cleared when it would pass `MEMO_BYTES` (estimated per entry from
/// its key and the hash table's slot), and pieces longer than `MEMO_PIECE_MAX` are never kept (an
/// attacker's 1 MiB word would otherwise sit in the memo; a piece that long is rare in real text
/// and its count costs about as much as hashing it). Readers share the lock; a count tries the
/// write lock once, at its end, to add what it had to compute.
const MEMO_BYTES: usize = 8 << 20;
const MEMO_PIECE_MAX: usize = 64;

/// Pre-token → token count, for one encoding. Most pre-tokens are short, and packed into an
/// integer they hash and compare in a few instructions instead of a byte-string hash and a
/// `memcmp`, which dominated counting once pre-tokenizing became cheap (`Counts`). Look-ups then
/// wait on memory, so the commonest pieces, under 8 bytes, get the smallest slots.
#[derive(Default)]
struct Memo {
    tiny: Counts<u64>,
    short: Counts<u128>,
    /// Bytes, not text: a look-up has the piece's bytes, not a `str` (see `pretokenize::pieces`).
    long: TextMap<Box<[u8]>, u32>,
    /// Estimated bytes held: see `Memo::cost`.
    bytes: usize,
}

/// The counts of packed pieces (see `Key`): an open-addressing table of one integer a slot, the
/// key shifted into the 4 top bits it leaves free, over its count (a piece of under 16 bytes has
/// fewer than 16 tokens, each at least a byte), probed linearly and kept at most half full, so
/// that a look-up is a load and a comparison or two where a `HashMap`'s took a group probe, with
/// registers saved around it: -0.55 M instructions in three corpus passes (80.33 M to 79.77 M,
/// callgrind), -0.45 M of them for pieces under 8 bytes. Hashed as `hashing::TextMap` is, with
/// foldhash seeded per process, for the same reason: no request can be written whose pieces all
/// fall in one run of slots. The count in the low bits, not the top ones, leaves a slot's key a
/// shift instead of a mask, which takes a 64-bit constant: -0.05 M instructions more.
struct Counts<K> {
    /// A key and its count, or 0 for an empty slot (a key holds its piece's length, never 0).
    /// A power of two in length.
    slots: Box<[K]>,
    len: usize,
    hasher: foldhash::fast::RandomState,
}

/// A packed key, or a slot of `Counts`: a key and its count.
trait Packed: Copy + Default + Eq + std::hash::Hash {
    /// The key and `count`, which is under 16.
    fn with_count(self, count: u32) -> Self;
    /// A slot's key, without its count.
    fn key(self) -> Self;
    fn count(self) -> u32;
}

macro_rules! packed {
    ($t:ty) => {
        impl Packed for $t {
            #[inline(always)]
            fn with_count(self, count: u32) -> Self {
                self << 4 | <$t>::from(count)
            }

            #[inline(always)]
            fn key(self) -> Self {
                self >> 4
            }

            #[inline(always)]
            fn count(self) -> u32 {
                (self & 15) as u32
            }
        }
    };
}
packed!(u64);
packed!(u128);

impl<K: Packed> Default for Counts<K> {
    fn default() -> Self {
        Self { slots: vec![K::default(); 16].into(), len: 0, hasher: Default::default() }
    }
}

impl<K: Packed> Counts<K> {
    /// Always inlined, as `Memo::get` is. Ends: the table is never full (`insert`).
    #[inline(always)]
    fn get(&self, key: K) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let slot = self.slots[i];
            if slot.key() == key {
                return Some(slot.count());
            }
            if slot == K::default() {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Records `key`'s count; whether the key is new.
    fn insert(&mut self, key: K, count: u32) -> bool {
        debug_assert!(key != K::default() && key.with_count(0).key() == key && count < 16);
        let i = self.find(key);
        let added = self.slots[i] == K::default();
        self.slots[i] = key.with_count(count);
        if added {
            self.len += 1;
            // Grown as a key is added, so the table is at most half full whenever it is read.
            if 2 * self.len > self.slots.len() {
                self.grow();
            }
        }
        added
    }

    /// The slot holding `key`, or else the empty slot where it belongs.
    fn find(&self, key: K) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        while self.slots[i] != K::default() && self.slots[i].key() != key {
            i = (i + 1) & mask;
        }
        i
    }

    /// Where `key` belongs, were its run of slots empty.
    #[inline(always)]
    fn slot(&self, key: K) -> usize {
        use std::hash::BuildHasher;
        self.hasher.hash_one(key) as usize & (self.slots.len() - 1)
    }

    /// Twice the slots, the entries placed again.
    #[cold]
    fn grow(&mut self) {
        let doubled = vec![K::default(); 2 * self.slots.len()].into();
        let old = std::mem::replace(&mut self.slots, doubled);
        for slot in old.iter().copied().filter(|&slot| slot != K::default()) {
            let i = self.find(slot.key());
            self.slots[i] = slot;
        }
    }

    /// Empties the table, keeping its slots (as `HashMap::clear` does).
    fn clear(&mut self) {
        self.slots.fill(K::default());
        self.len = 0;
    }
}

/// A piece's memo key: under 8 bytes, a `u64`; under 16, a `u128`; else its text. A packed key
/// holds the piece's bytes and, in its last byte, its length, which keeps "a" apart from "a\0".
#[cfg_attr(test, derive(Debug, PartialEq))]
enum Key {
    Tiny(u64),
    Short(u128),
    Long,
}

/// The key of a piece of `len` bytes, from `rest`, the text from the piece's start: while 8
/// (tiny) or 16 bytes remain, a packed key is one load and a mask (a piece copied byte by byte
/// into a buffer and then read as an integer stalls the load). A tiny key is built in a `u64`:
/// the same bits, without the `u128` shift and mask, which take several instructions each.
#[inline]
fn key(rest: &[u8], len: usize) -> Key {
    if len < 8 {
        let piece = u64::from_le_bytes(packed(rest, len)) & ((1u64 << (8 * len)) - 1);
        Key::Tiny(piece | (len as u64) << 56)
    } else if len < 16 {
        let piece = u128::from_le_bytes(packed(rest, len)) & ((1u128 << (8 * len)) - 1);
        Key::Short(piece | (len as u128) << 120)
    } else {
        Key::Long
    }
}

/// The first `N` bytes of `rest`, or, nearer its end, its first `len` bytes and zeros.
#[inline(always)]
fn packed<const N: usize>(rest: &[u8], len: usize) -> [u8; N] {
    match rest.first_chunk() {
        Some(&chunk) => chunk,
        None => {
            let mut buffer = [0u8; N];
            buffer[..len].copy_from_slice(&rest[..len]);
            buffer
        }
    }
}

impl Memo {
    /// The count of the piece of `len` bytes that `rest` starts with. Always inlined in the
    /// loops over pieces (`Tally::piece`).
    #[inline(always)]
    fn get(&self, rest: &[u8], len: usize) -> Option<u32> {
        match key(rest, len) {
            Key::Tiny(key) => self.tiny.get(key),
            Key::Short(key) => self.short.get(key),
            Key::Long => self.long.get(&rest[..len]).copied(),
        }
    }

    fn insert(&mut self, piece: &str, count: u32) {
        let added = match key(piece.as_bytes(), piece.len()) {
            Key::Tiny(key) => self.tiny.insert(key, count),
            Key::Short(key) => self.short.insert(key, count),
            Key::Long => self.long.insert(piece.as_bytes().into(), count).is_none(),
        };
        if added {
            self.bytes += Self::cost(piece);
        }
    }

    /// Bytes one entry for `piece` takes, roughly: its slot (key, count, control byte, and the
    /// table's spare capacity) and, for a long piece, its boxed text. A packed piece's slot, 8 or
    /// 16 bytes, is in a table a quarter to half full: 16 to 32 bytes, or 32 to 64.
    fn cost(piece: &str) -> usize {
        match piece.len() {
            0..8 => 24,
            8..16 => 40,
            n => 48 + n,
        }
    }

    fn clear(&mut self) {
        self.tiny.clear();
        self.short.clear();
        self.long.clear();
        self.bytes = 0;
    }
}

static MEMO: LazyLock<[RwLock<Memo>; 2]> = LazyLock::new(Default::default);

pub struct Counter {
    bpe: &'static bpe_openai::Tokenizer,
    encoding: Encoding,
    exact: bool,
    scale: f64,
}

impl TokenCounter for Counter {
    fn count(&self, text: &str) -> usize {
        // A borrow for both encodings (neither normalizes to NFC); kept so the pieces are always
        // those of the text `bpe-openai` itself would count.
        let normalized = self.bpe.normalize(text);
        let raw = self.tally(|tally| tally.text(normalized.as_str(), None));
        self.scaled(raw)
    }

    /// The output repeats most of the original's lines as written (86 % of its bytes on the
    /// corpus under BALANCED): counting the original records, for each of its lines, the count
    /// of the pieces before the one holding its line break, and a line of the output found there
    /// costs a comparison instead of its pieces. Exact (see `Head`).
    fn count_pair(&self, original: &str, edited: &str) -> (usize, usize) {
        if edited == original {
            let tokens = self.count(original);
            return (tokens, tokens);
        }
        let (original, edited) = (self.bpe.normalize(original), self.bpe.normalize(edited));
        let (original, edited) = self.tally(|tally| {
            // A line takes some fifty bytes: room enough not to regrow the list.
            let mut lines = Vec::with_capacity(original.as_str().len() / 32);
            let original = tally.text(original.as_str(), Some(&mut lines));
            (original, tally.edited(edited.as_str(), &lines))
        });
        (self.scaled(original), self.scaled(edited))
    }
}

impl Counter {
    /// Runs `count` with the memo's read lock held, then remembers the counts it had to compute.
    fn tally<'t, R>(&self, count: impl FnOnce(&mut Tally<'_, 't>) -> R) -> R {
        let memo = &MEMO[self.encoding as usize];
        let (result, mut computed) = {
            // A poisoned lock only means a panic elsewhere mid-insert of plain counts; the map
            // itself is intact.
            let known = memo.read().unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut tally = Tally { bpe: self.bpe, encoding: self.encoding, known: &known, computed: Vec::new() };
            let result = count(&mut tally);
            (result, tally.computed)
        };
        // Never wait to remember: if another thread holds the lock, these counts are simply
        // computed again next time. Waiting here would serialise parallel batch items.
        if !computed.is_empty() {
            if let Ok(mut known) = memo.try_write() {
                computed.retain(|(piece, _)| piece.len() <= MEMO_PIECE_MAX);
                let adding: usize = computed.iter().map(|(piece, _)| Memo::cost(piece)).sum();
                if known.bytes + adding > MEMO_BYTES {
                    known.clear();
                }
                for (piece, n) in computed {
                    known.insert(piece, n);
                }
            }
        }
        result
    }

    fn scaled(&self, raw: usize) -> usize {
        if self.exact {
            raw
        } else {
            (raw as f64 * self.scale).ceil() as usize
        }
    }
}

/// A count in progress: the memo as read, and the pieces' counts it did not hold.
struct Tally<'m, 't> {
    bpe: &'static bpe_openai::Tokenizer,
    encoding: Encoding,
    known: &'m Memo,
    computed: Vec<(&'t str, u32)>,
}

/// Lines of an original text, in order, as `Tally::text` records them for `Tally::edited`: each
/// line that starts at a piece boundary and ends with a line break, without it, with its `Head`.
/// A list, not a map from line to head: the optimizer writes the lines it keeps in their order,
/// so `Tally::edited` finds each one among the next few lines of the list with a comparison,
/// where a map hashed every line of both texts (`LOOKAHEAD`).
type Lines<'t> = Vec<(&'t str, Head)>;

/// How many of the original's lines, from the one after the last line found, an edited line is
/// compared with. The optimizer drops runs of lines (blank lines are not listed, their heads
/// being empty), so the next line it kept is usually one of the next few; a line it wrote
/// itself is compared with all of them and then counted piece by piece. Most comparisons stop
/// at the byte where the original line's line break would be.
const LOOKAHEAD: usize = 32;

/// The pieces of a line before the one holding its line break: their count, and their length
/// (where that piece starts). They are the same wherever the line stands, as long as it starts at
/// a piece boundary and a line break follows it: each piece depends only on the text from its
/// start, and a piece that ends before the line break ends at a byte of the line. Only the last
/// piece may reach past the line (`.\n\n`, `\n` and a blank line's spaces).
#[derive(Clone, Copy)]
struct Head {
    tokens: usize,
    len: usize,
}

impl<'t> Tally<'_, 't> {
    /// The count of the piece `text[start..end]`. Inlined in both loops over pieces, as the
    /// scanners are (see `pretokenize::Pieces::next`).
    #[inline(always)]
    fn piece(&mut self, text: &'t str, start: usize, end: usize) -> usize {
        // Every byte is a token of its own, so a one-byte piece needs no look-up.
        if end - start == 1 {
            return 1;
        }
        match self.known.get(&text.as_bytes()[start..], end - start) {
            Some(n) => n as usize,
            None => self.compute(text, start, end),
        }
    }

    /// The count of a piece the memo does not hold, remembered in `computed`. Out of the loops
    /// over pieces: after warm-up nearly every piece is in the memo, and inlined there this path
    /// took registers from the look-up, whose values were then saved to the stack and reloaded
    /// on every piece: -0.35 M instructions in three corpus passes.
    #[cold]
    #[inline(never)]
    fn compute(&mut self, text: &'t str, start: usize, end: usize) -> usize {
        // Pieces end at character boundaries, so this slice never fails.
        let piece = &text[start..end];
        let n = self.bpe.bpe.count(piece.as_bytes());
        self.computed.push((piece, n as u32));
        n
    }

    /// The raw count of `text`; with `lines`, records its lines there (see `Lines`).
    fn text(&mut self, text: &'t str, lines: Option<&mut Lines<'t>>) -> usize {
        match self.encoding {
            Encoding::O200kBase => self.text_in::<O200k>(text, lines),
            Encoding::Cl100kBase => self.text_in::<Cl100k>(text, lines),
        }
    }

    /// `text`, with the scanner of the encoding.
    fn text_in<S: Scanner>(&mut self, text: &'t str, mut lines: Option<&mut Lines<'t>>) -> usize {
        let bytes = text.as_bytes();
        let mut raw = 0;
        // Pieces tile the text, so each starts where the previous one ended.
        let mut start = 0;
        // The line being read, if it started at a piece boundary: where it starts, and the count
        // before it.
        let mut line = Some((0, 0));
        for end in pretokenize::pieces::<S>(self.bpe, text, 0) {
            // A piece holding a line break ends with one, or with o200k's `/` after one; so does
            // every piece a line starts after. Most pieces end with a letter.
            let at_a_break = matches!(bytes[end - 1], b'\n' | b'\r' | b'/');
            let tokens = self.piece(text, start, end);
            if let Some(lines) = lines.as_deref_mut().filter(|_| at_a_break) {
                if let Some((line_start, raw_before)) = line {
                    if let Some(line_break) = bytes[start..end].iter().position(|&b| b == b'\n') {
                        let head = Head { tokens: raw - raw_before, len: start - line_start };
                        // An empty head saves nothing, and would be found at every blank line.
                        if head.len > 0 {
                            lines.push((&text[line_start..start + line_break], head));
                        }
                        line = None;
                    }
                }
                if starts_a_line(bytes, end) {
                    line = Some((end, raw + tokens));
                }
            }
            raw += tokens;
            start = end;
        }
        raw
    }

    /// The raw count of `edited`, taking the head of each of its lines found in `lines` (an
    /// original text's) from there.
    fn edited(&mut self, text: &'t str, lines: &Lines<'_>) -> usize {
        match self.encoding {
            Encoding::O200kBase => self.edited_in::<O200k>(text, lines),
            Encoding::Cl100kBase => self.edited_in::<Cl100k>(text, lines),
        }
    }

    /// `edited`, with the scanner of the encoding.
    fn edited_in<S: Scanner>(&mut self, text: &'t str, lines: &Lines<'_>) -> usize {
        let bytes = text.as_bytes();
        let mut raw = 0;
        // Always a piece boundary, and at the top of the loop a line's start (`starts_a_line`).
        let mut at = 0;
        // The first of `lines` after the last one found.
        let mut next = 0;
        while at < text.len() {
            if let Some((found, head)) = find_line(lines, next, &bytes[at..]) {
                raw += head.tokens;
                at += head.len;
                next = found + 1;
            }
            for end in pretokenize::pieces::<S>(self.bpe, text, at) {
                raw += self.piece(text, at, end);
                at = end;
                if starts_a_line(bytes, at) {
                    break;
                }
            }
        }
        raw
    }
}

/// The first of the `LOOKAHEAD` lines from `lines[next]` that `rest` starts with, followed by a
/// line break: its index and its head.
fn find_line(lines: &Lines<'_>, next: usize, rest: &[u8]) -> Option<(usize, Head)> {
    let window = lines.get(next..)?.iter().take(LOOKAHEAD);
    window.enumerate().find_map(|(i, &(line, head))| {
        let line = line.as_bytes();
        let same = rest.get(line.len()) == Some(&b'\n') && rest.starts_with(line);
        same.then_some((next + i, head))
    })
}

/// Whether a line starts at `at`, a piece boundary: right after a line break.
fn starts_a_line(bytes: &[u8], at: usize) -> bool {
    at > 0 && bytes[at - 1] == b'\n'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_models_are_counted_exactly_with_their_encoding() {
        let gpt4o = ModelTokenizer::for_model("gpt-4o-mini").expect("known");
        assert_eq!(gpt4o.encoding, Encoding::O200kBase);
        assert!(gpt4o.exact);
        // Known answers from OpenAI's published encodings.
        assert_eq!(gpt4o.counter().count("hello world"), 2);
        let gpt4 = ModelTokenizer::for_model("gpt-4").expect("known");
        assert_eq!(gpt4.encoding, Encoding::Cl100kBase);
        assert_eq!(gpt4.counter().count("tiktoken is great!"), 6);
        assert_eq!(gpt4.counter().count(""), 0);
    }

    #[test]
    fn the_memo_never_changes_a_count() {
        let counter = ModelTokenizer::for_model("gpt-4o").expect("known").counter();
        let texts = ["Potassium 3.1 mmol/L L (3.5-5.1).", "  spaced\n\n\nout\t", "ünïcödé 😀 テスト", "Potassium 3.1"];
        for text in texts {
            let fresh = bpe_openai::o200k_base().count(text);
            assert_eq!(counter.count(text), fresh, "{text:?}");
            assert_eq!(counter.count(text), fresh, "{text:?} again, from the memo");
        }
    }

    /// Counts `text` twice with each encoding (the second time mostly from the memo) and
    /// compares both with `bpe-openai`'s own count.
    fn assert_exact(text: &str) {
        for (model, encoding) in [("gpt-4o", Encoding::O200kBase), ("gpt-4", Encoding::Cl100kBase)] {
            let counter = ModelTokenizer::for_model(model).expect("known").counter();
            let expected = samples::library(encoding).count(text);
            assert_eq!(counter.count(text), expected, "{model}: {text:?}");
            assert_eq!(counter.count(text), expected, "{model}: {text:?} again, from the memo");
        }
    }

    /// A look-up reads a piece's key from the text around it, an insert from the piece alone:
    /// were they to differ, counts would stay exact but the memo would never hit.
    #[test]
    fn a_piece_has_one_key_whatever_follows_it() {
        let text = "Potassium 3.1 mmol/L, hypokalaemia\0\0 again";
        for start in 0..text.len() {
            for end in start + 1..=text.len() {
                let piece = &text[start..end];
                let alone = key(piece.as_bytes(), piece.len());
                assert_eq!(key(&text.as_bytes()[start..], piece.len()), alone, "{piece:?}");
                // A piece and the same piece one byte longer, both packed, never share a key.
                if end < text.len() && piece.len() < 15 {
                    let longer = &text[start..=end];
                    assert_ne!(key(longer.as_bytes(), longer.len()), alone, "{longer:?} and {piece:?}");
                }
            }
        }
    }

    /// The tiny key of `piece`, which is under 8 bytes.
    fn tiny(piece: &str) -> u64 {
        match key(piece.as_bytes(), piece.len()) {
            Key::Tiny(key) => key,
            _ => unreachable!("{piece:?} is under 8 bytes"),
        }
    }

    /// A table grows before it is half full, and never holds fewer than a quarter of its slots
    /// (what `Memo::cost` assumes), and keeps every count through its growth.
    #[test]
    fn packed_counts_grow_and_keep_every_count() {
        let mut counts = Counts::<u64>::default();
        let pieces: Vec<String> = (0..5000).map(|i| format!(" w{i}")).collect();
        for (i, piece) in pieces.iter().enumerate() {
            assert!(counts.insert(tiny(piece), (i % 7) as u32 + 1));
            assert!(2 * counts.len <= counts.slots.len() && counts.slots.len().is_power_of_two());
            assert!(counts.slots.len() <= 16.max(4 * counts.len), "{} slots for {}", counts.slots.len(), counts.len);
        }
        for (i, piece) in pieces.iter().enumerate() {
            assert_eq!(counts.get(tiny(piece)), Some((i % 7) as u32 + 1), "{piece:?}");
        }
        assert_eq!(counts.get(tiny(" w5000")), None);
        // A key already held keeps its slot: not added again, its count replaced.
        assert!(!counts.insert(tiny(" w1"), 3));
        assert_eq!((counts.get(tiny(" w1")), counts.len), (Some(3), pieces.len()));
        counts.clear();
        assert_eq!((counts.get(tiny(" w1")), counts.len), (None, 0));
    }

    /// Keys whose slots collide are each found past the other, and a key with neither is not
    /// taken for one of them, whatever their counts, in both widths of key.
    #[test]
    fn packed_counts_probe_past_collisions() {
        fn colliding<K: Packed>(counts: &Counts<K>, keys: impl Iterator<Item = K>) -> Vec<K> {
            let mut by_slot = std::collections::HashMap::<usize, Vec<K>>::new();
            for key in keys {
                let same = by_slot.entry(counts.slot(key)).or_default();
                same.push(key);
                if same.len() == 3 {
                    return same.clone();
                }
            }
            unreachable!("33 keys in 16 slots");
        }
        fn check<K: Packed + std::fmt::Debug>(keys: impl Iterator<Item = K>) {
            let mut counts = Counts::<K>::default();
            let [a, b, c] = colliding(&counts, keys.take(33))[..] else { unreachable!() };
            assert!(counts.insert(a, 15) && counts.insert(b, 1));
            assert_eq!((counts.get(a), counts.get(b), counts.get(c)), (Some(15), Some(1), None), "{a:?} {b:?} {c:?}");
            assert!(counts.insert(c, 2));
            assert_eq!((counts.get(a), counts.get(b), counts.get(c)), (Some(15), Some(1), Some(2)));
        }
        check((0..).map(|i: u64| tiny(&format!("x{i}"))));
        check((0..).map(|i: u128| match key(format!("collides-{i:05}").as_bytes(), 14) {
            Key::Short(key) => key,
            _ => unreachable!("14 bytes"),
        }));
    }

    /// The memo adds each piece's cost once, whichever table holds it, and none after a clear.
    #[test]
    fn the_memo_counts_its_bytes_once_an_entry() {
        let mut memo = Memo::default();
        let pieces = [" tiny", " a-short-one", " a piece too long to be packed"];
        for _ in 0..2 {
            for piece in pieces {
                memo.insert(piece, 2);
            }
        }
        assert_eq!(memo.bytes, pieces.iter().map(|piece| Memo::cost(piece)).sum::<usize>());
        assert_eq!(memo.get(b" a-short-one", 12), Some(2));
        memo.clear();
        assert_eq!((memo.bytes, memo.get(b" tiny", 5), memo.get(b" a-short-one", 12)), (0, None, None));
    }

    #[test]
    fn tricky_texts_are_counted_exactly() {
        for text in samples::TRICKY {
            assert_exact(text);
        }
    }

    #[test]
    fn the_corpus_and_excerpts_of_it_are_counted_exactly() {
        for doc in samples::corpus() {
            assert_exact(&doc);
            for excerpt in samples::excerpts(&doc) {
                assert_exact(excerpt);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_texts_are_counted_exactly(text in samples::text()) {
            assert_exact(&text);
        }
    }

    /// Counts `original` and `edited` as a pair with each encoding, and compares both counts with
    /// `bpe-openai`'s own.
    fn assert_pair_exact(original: &str, edited: &str) {
        for (model, encoding) in [("gpt-4o", Encoding::O200kBase), ("gpt-4", Encoding::Cl100kBase)] {
            let counter = ModelTokenizer::for_model(model).expect("known").counter();
            let library = samples::library(encoding);
            let expected = (library.count(original), library.count(edited));
            assert_eq!(counter.count_pair(original, edited), expected, "{model}: {original:?} then {edited:?}");
        }
    }

    /// An edited text as the optimizer writes one: some of the original's lines kept as written,
    /// in order, others changed or gone, and blank lines dropped, `keep` saying which.
    fn edit(original: &str, keep: &[u8]) -> String {
        let lines = original.split('\n').zip(keep.iter().cycle());
        let edited = lines.filter_map(|(line, &k)| match k % 4 {
            0 => None,
            1 => Some(format!("{line}.")),
            _ => Some(line.to_owned()),
        });
        edited.filter(|line| !line.trim().is_empty()).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn a_pair_is_counted_as_each_text_alone() {
        assert_pair_exact("Plan.\n\nHe is well.\n/ x\nHe is well.", "He is well.\n/ x\nPlan.\nHe is well.");
        for doc in samples::corpus() {
            for keep in [&[2u8][..], &[2, 0], &[3, 1, 2], &[0, 2, 2, 1]] {
                assert_pair_exact(&doc, &edit(&doc, keep));
            }
        }
    }

    /// Edits the optimizer does not make, or makes rarely: lines reordered, repeated, written
    /// anew, or dropped in a run longer than `LOOKAHEAD`, and lines that start with another.
    #[test]
    fn a_pair_is_counted_exactly_whatever_the_edit() {
        let original: Vec<String> = (0..3 * LOOKAHEAD).map(|i| format!("Line {i}: K 3.{i} mmol/L.")).collect();
        let picks: [&[usize]; 5] = [
            &[0, 1, 2 * LOOKAHEAD, 2 * LOOKAHEAD + 1, 3],
            &[5, 4, 3, 2, 1, 0],
            &[1, 1, 1, 0, 0, 2],
            &[LOOKAHEAD + 5, 0, LOOKAHEAD + 6, 3 * LOOKAHEAD - 1],
            &[],
        ];
        let text = original.join("\n");
        for pick in picks {
            let edited: Vec<&str> = pick.iter().map(|&i| original[i].as_str()).collect();
            assert_pair_exact(&text, &edited.join("\n"));
            assert_pair_exact(&text, &(edited.join("\n") + "\nWritten anew.\n"));
        }
        let prefixes = "He is well\nHe is well today.\nHe is well.\n\nHe is\n";
        assert_pair_exact(prefixes, "He is well.\nHe is well today.\nHe is\nHe is well\nHe is well.\n");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_reorderings_are_counted_exactly(
            lines in proptest::collection::vec(samples::text(), 1..6),
            picks in proptest::collection::vec(0usize..6, 0..10),
        ) {
            let original = lines.join("\n");
            let edited: Vec<&str> = picks.iter().map(|&i| lines[i % lines.len()].as_str()).collect();
            assert_pair_exact(&original, &edited.join("\n"));
        }

        #[test]
        fn arbitrary_pairs_are_counted_as_each_text_alone(
            lines in proptest::collection::vec(samples::text(), 1..6),
            keep in proptest::collection::vec(0u8..4, 1..6),
        ) {
            let original = lines.join("\n");
            assert_pair_exact(&original, &edit(&original, &keep));
            assert_pair_exact(&original, &lines.iter().rev().cloned().collect::<Vec<_>>().join("\n"));
        }
    }

    #[test]
    fn claude_and_llama_are_labelled_approximate() {
        let claude = ModelTokenizer::for_model("claude-sonnet-4-5").expect("known");
        assert!(!claude.exact);
        let cl100k = ModelTokenizer::for_model("gpt-4").expect("known");
        let text = "Potassium 3.1 mmol/L, low. Denies chest pain.";
        let cl100k_count = cl100k.counter().count(text);
        assert_eq!(claude.counter().count(text), (cl100k_count as f64 * 1.10).ceil() as usize);
        let llama = ModelTokenizer::for_model("llama-3.1-70b-instruct").expect("known");
        assert!(!llama.exact);
        assert_eq!(llama.counter().count(text), cl100k_count);
    }

    #[test]
    fn unknown_models_are_refused_by_name() {
        let err = ModelTokenizer::for_model("mistral-large").expect_err("unknown");
        assert!(err.to_string().contains("mistral-large"));
    }
}
