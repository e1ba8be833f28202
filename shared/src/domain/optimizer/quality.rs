//! The quality score: how much of what mattered survived, and how readable the result is.
//!
//! `score = 0.6 × protected + 0.25 × content + 0.15 × readability`, each part in [0, 1]:
//!
//! - `protected`: of the original's protected items (whitespace squeezed: each run of protected
//!   words of a kept sentence (see `protect`), each kept keyword sentence, each heading or table
//!   row with a digit or keyword, each whole line LAB_RESULTS or PRESCRIPTION keeps), the share
//!   found in the output, in their original order;
//! - `content`: of the original's distinct content words (4+ letters, not function words,
//!   surrounding punctuation removed, lower-cased), the share still present anywhere in the output;
//! - `readability`: the output's share of function words relative to the original's, capped at 1
//!   (telegraphic text without articles and prepositions scores lower).
//!
//! All three are computed from the two texts alone, so the same input always gets the same score.

use std::sync::LazyLock;

use crate::hashing::{Places, TextMap as HashMap, TextSet as HashSet};

use serde::Serialize;

use super::class;
use super::keys::{key, Key};
use super::protect::LEXICON;
use super::text::{bare, words};

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

/// The text the score compares the output with, as the optimizer's pass read it.
pub struct Original<'t> {
    pub text: &'t str,
    /// `text.lines()`, as the pass split and numbered them.
    pub lines: &'t [&'t str],
    /// What the pass learnt of the lines (see `Reading`); an empty one leaves every line to the
    /// score's own scan.
    pub reading: &'t Reading,
}

/// `written` is how the pass wrote `optimized` (see `Written`).
pub fn score(original: Original<'_>, optimized: &str, written: &Written, protected_items: &[String]) -> Quality {
    // A word and its space take about six bytes: a distinct word per eight bytes is room enough
    // that the table is not regrown during the scans.
    let mut vocabulary = Vocabulary::with_capacity(original.text.len() / 8, original.lines.len());
    let before = vocabulary.scan_original(original.lines, original.reading);
    // An output equal to the original (returned whole when nothing was worth changing) has the
    // same counts and keeps every content word: no second scan.
    let unchanged = optimized == original.text;
    let after = if unchanged { before } else { vocabulary.scan_output(optimized, written) };
    // Items are looked for in the output as it stands: its lines are squeezed as the items are,
    // and an item never spans lines. An output equal to the original (returned whole when
    // nothing was worth changing, not squeezed) holds every item by construction.
    // Compared in `canonical` form on both sides: tidying an edited sentence closes the gaps a
    // dropped word leaves ("pain , cough" → "pain, cough", ";." → "."), which may also respace or
    // merge marks inside a protected run ("that ;2l" → "that;2l", found by the fuzz target).
    // Spaces and marks that stand between no two letters or digits are no fact.
    // Items found as written, in order, are found in canonical form too: an item's canonical form
    // is part of what the output's characters at its place become (only marks at its edges may
    // differ, and the item's form leaves those out), and items apart stay apart and in order.
    // Nearly every output holds its items as written, so the canonical forms, which cost more
    // than the search, are built only when one is not found.
    let as_written = || kept_in_order(optimized, protected_items.iter().map(String::as_str));
    let kept = if unchanged || as_written() == protected_items.len() {
        protected_items.len()
    } else {
        let items: Vec<String> = protected_items.iter().map(|item| canonical(item)).collect();
        kept_in_order(&canonical(optimized), items.iter().map(String::as_str))
    };
    let protected_retention = ratio(kept, protected_items.len());
    let content_retention = if unchanged { 1.0 } else { vocabulary.retention() };
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

/// How many of `items` occur in `text` one after the other, each after the previous one found.
///
/// Linear in the text, whatever it holds: a found item costs the bytes up to its end, which the
/// cursor then passes; a missing item would cost the whole rest of the text, so misses share a
/// budget of twice the text's length, and once it is spent an item is looked for only within
/// its own length (twice, plus a little) of the cursor. Items are kept verbatim by construction,
/// so misses are rare and the budget is never reached on real text.
fn kept_in_order<'a>(text: &str, items: impl Iterator<Item = &'a str>) -> usize {
    let mut kept = 0;
    let mut cursor = 0;
    let mut budget = 2 * text.len();
    for item in items {
        let rest = &text[cursor..];
        let mut limit = rest.len().min(budget.max(2 * item.len() + 64));
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        match find(&rest[..limit], item) {
            Some(at) => {
                kept += 1;
                cursor += at + item.len();
            }
            None => budget = budget.saturating_sub(limit),
        }
    }
    kept
}

/// `text` without whitespace, and without the `,` `;` `.` that do not stand between two letters
/// or digits once whitespace is gone: "pain , cough" and "pain, cough" are both "pain,cough",
/// "3.1" stays "3.1", and a mark lost between two words is still seen. Line breaks go too, so an
/// item never spans lines in this form either.
fn canonical(text: &str) -> String {
    // One pass, no buffer of chars: a mark right after a letter or digit waits for the next
    // character that is not whitespace, and is written only if that one is a letter or digit.
    let mut out = String::with_capacity(text.len());
    let mut waiting: Option<char> = None;
    let mut after_alphanumeric = false;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if matches!(c, ',' | ';' | '.') {
            waiting = if waiting.is_none() && after_alphanumeric { Some(c) } else { None };
            after_alphanumeric = false;
            continue;
        }
        after_alphanumeric = c.is_alphanumeric();
        if let Some(mark) = waiting.take().filter(|_| after_alphanumeric) {
            out.push(mark);
        }
        out.push(c);
    }
    out
}

/// Candidates of `find` compared byte by byte, counted from the start of the haystack.
const NEAR: usize = 256;

/// `haystack.find(needle)`, the leftmost match. An item usually stands right after the cursor, and
/// `str::find` spends more on setting up its searcher (for every item) than on finding it there:
/// the places where the needle's first byte occurs are compared directly, and only past `NEAR`
/// bytes does the searcher take over, which keeps the worst case linear.
fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (bytes, wanted) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&first) = wanted.first() else { return Some(0) };
    // `first` opens a character (UTF-8 never starts with a continuation byte), so every candidate
    // is a character boundary of `haystack`.
    for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == first) {
        if i >= NEAR {
            return haystack[i..].find(needle).map(|at| i + at);
        }
        if bytes[i..].starts_with(wanted) {
            return Some(i);
        }
    }
    None
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
#[derive(Clone, Copy, Default)]
struct Counts {
    function: usize,
    total: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.function += other.function;
        self.total += other.total;
    }
}

/// Which text a scan reads: the original's content words are the ones to keep, the output's
/// mark them kept.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Original,
    Output,
}

/// What the score needs of a word: a function word, a content word (4+ letters, not a function
/// word), or neither.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Function,
    Content,
    Other,
}

/// One word seen by the scans: its kind, whether the original has it and whether the output does.
#[derive(Clone, Copy)]
struct Entry {
    kind: Kind,
    original: bool,
    kept: bool,
}

/// The words of both texts of four bytes or more (`scan` answers shorter ones itself). Short
/// ASCII words (almost all) are integer keys (see `keys::key`) holding their kind, so a word that
/// recurs, in the same text or in the other, costs one look-up instead of a function-word test
/// and a letter count each time; the content words among the rest are lower-cased strings.
///
/// The output repeats most of the original's lines as written (86 % of its bytes on the corpus
/// under BALANCED), so the original's lines are kept with their counts and content words: a
/// line of the output that repeats one (`Written`) adds its counts and marks its words kept,
/// without splitting, trimming or looking up a word again.
struct Vocabulary {
    /// Index in `entries` of each short word seen.
    short: ShortWords,
    /// Index in `entries` of each of the original's other content words.
    long: HashMap<String, u32>,
    entries: Vec<Entry>,
    /// The original's lines by number, each with its counts and where its content words'
    /// entries stand in `line_words`.
    lines: Vec<Line>,
    line_words: Vec<u32>,
}

/// A map from short words' keys to their entries' indices, asked for every content word of both
/// texts (`hashing::Places`): the general hash map's look-up (`entry`), groups of tags and all,
/// cost 0.37 M instructions more in three corpus passes (some 9,000 look-ups a pass). Hashed like
/// `hashing::TextMap`, with a seed drawn per process, for the same reason: a request cannot be
/// written whose words all fall in one run of slots.
struct ShortWords {
    places: Places,
    /// The keys held, in order, each with its value.
    keys: Vec<(Key, u32)>,
    hasher: foldhash::fast::RandomState,
}

impl ShortWords {
    /// Room for `words` keys before the table grows.
    fn with_capacity(words: usize) -> Self {
        Self { places: Places::with_capacity(words), keys: Vec::with_capacity(words), hasher: Default::default() }
    }

    /// The value of `k`, the one `insert` gives if `k` is new.
    #[inline(always)]
    fn index(&mut self, k: Key, insert: impl FnOnce() -> u32) -> u32 {
        use std::hash::BuildHasher;
        let keys = &mut self.keys;
        match self.places.find(self.hasher.hash_one(k), |place| keys[place].0 == k) {
            Ok(place) => keys[place].1,
            Err(slot) => {
                let value = insert();
                keys.push((k, value));
                let hasher = &self.hasher;
                self.places.fill(slot, |place| hasher.hash_one(keys[place].0));
                value
            }
        }
    }
}

/// One line of the original, for a line of the output that repeats it.
struct Line {
    counts: Counts,
    words: std::ops::Range<usize>,
}

impl Vocabulary {
    /// Room for `words` distinct short words and `lines` lines: growing the tables as the scan
    /// goes showed up in profiles.
    fn with_capacity(words: usize, lines: usize) -> Self {
        Self {
            short: ShortWords::with_capacity(words),
            long: HashMap::default(),
            entries: Vec::with_capacity(words),
            lines: Vec::with_capacity(lines),
            line_words: Vec::with_capacity(words),
        }
    }

    /// One pass over the original's lines (numbered as the optimizer's pass numbers them):
    /// counts its function words and records its content words, taking those of a line the
    /// optimizer read (`reading`) from there.
    fn scan_original(&mut self, lines: &[&str], reading: &Reading) -> Counts {
        let mut counts = Counts::default();
        for (index, &line) in lines.iter().enumerate() {
            let first = self.line_words.len();
            let line_counts = match reading.line(index) {
                Some((read, keys)) => {
                    for &k in keys {
                        self.short_word(k, Side::Original);
                    }
                    read
                }
                None => self.scan_line(line, Side::Original),
            };
            self.lines.push(Line { counts: line_counts, words: first..self.line_words.len() });
            counts += line_counts;
        }
        counts
    }

    /// One pass over the output's lines, as `written` places them in `text`: counts its function
    /// words and marks the original's content words it holds.
    fn scan_output(&mut self, text: &str, written: &Written) -> Counts {
        let mut counts = Counts::default();
        for (range, source) in &written.lines {
            match source.and_then(|number| self.lines.get(number as usize)) {
                Some(repeated) => {
                    for &at in &self.line_words[repeated.words.clone()] {
                        self.entries[at as usize].kept = true;
                    }
                    counts += repeated.counts;
                }
                None => counts += self.scan_line(&text[range.clone()], Side::Output),
            }
        }
        counts
    }

    /// One pass over a line's words.
    fn scan_line(&mut self, line: &str, side: Side) -> Counts {
        let mut counts = Counts::default();
        for word in words(line) {
            counts.total += 1;
            let core = bare(word);
            let kind = match short_key(core) {
                // Under four bytes a word has under four letters: a function word or nothing the
                // score counts, never a content word, so the table need not hold it. Most words of
                // clinical prose are this short ("the", "of", "mg", "3.1"), and the small table of
                // function words answers them for less than this one's look-up.
                Some(k) if core.len() < 4 => {
                    if FUNCTION_WORDS.contains(k) {
                        Kind::Function
                    } else {
                        Kind::Other
                    }
                }
                Some(k) => self.short_word(k, side),
                None => self.long_word(core, side),
            };
            counts.function += usize::from(kind == Kind::Function);
        }
        counts
    }

    /// Inlined in both scans' loops: called for every content word of both texts, it spent
    /// some 13 instructions a call saving and restoring registers (0.5 % of a corpus pass).
    #[inline(always)]
    fn short_word(&mut self, k: Key, side: Side) -> Kind {
        let entries = &mut self.entries;
        let at = self.short.index(k, || {
            entries.push(Entry { kind: short_kind(k), original: false, kept: false });
            (entries.len() - 1) as u32
        });
        let entry = &mut self.entries[at as usize];
        match side {
            Side::Original => {
                entry.original = true;
                if entry.kind == Kind::Content {
                    self.line_words.push(at);
                }
            }
            Side::Output => entry.kept = true,
        }
        entry.kind
    }

    fn long_word(&mut self, core: &str, side: Side) -> Kind {
        let kind = kind(LEXICON.listed(core), core);
        if kind == Kind::Content {
            match side {
                Side::Original => {
                    let entries = &mut self.entries;
                    let at = *self.long.entry(core.to_lowercase()).or_insert_with(|| {
                        entries.push(Entry { kind, original: true, kept: false });
                        (entries.len() - 1) as u32
                    });
                    self.line_words.push(at);
                }
                Side::Output => {
                    if let Some(&at) = self.long.get(&core.to_lowercase()) {
                        self.entries[at as usize].kept = true;
                    }
                }
            }
        }
        kind
    }

    /// Share of the original's distinct content words found in the output.
    fn retention(&self) -> f64 {
        let content = self.entries.iter().filter(|e| e.kind == Kind::Content && e.original);
        let (distinct, kept) = content.fold((0, 0), |(d, k), e| (d + 1, k + usize::from(e.kept)));
        ratio(kept, distinct)
    }
}

/// How the optimizer's pass wrote its output: where each line that holds anything stands in it,
/// and the number of the original's line it repeats as written, if it does. A line repeated
/// counts as the original's does, so the score takes its counts and content words from there
/// (`Vocabulary::scan_output`) instead of splitting the output into lines, and each line looked
/// up in a table of the original's by its text cost more than the splitting.
/// The lines it leaves out (the empty ones between paragraphs) hold no words.
#[derive(Default)]
pub struct Written {
    lines: Vec<(std::ops::Range<usize>, Option<u32>)>,
}

impl Written {
    /// Room for the output of a text of `lines` lines.
    pub fn with_capacity(lines: usize) -> Self {
        Self { lines: Vec::with_capacity(lines) }
    }

    /// The output's next line, at `range`, repeating the original's line `source` if it does.
    pub fn line(&mut self, range: std::ops::Range<usize>, source: Option<usize>) {
        // A text has fewer lines than bytes, and the optimizer's input fewer than 4 GiB.
        self.lines.push((range, source.and_then(|number| u32::try_from(number).ok())));
    }
}

/// What the optimizer's pass learnt of the original's lines while classifying their words
/// (`Lexicon::classify_keyed`), for the score's scan of the original: for each line it read word
/// by word as written (prose lines and list items), its counts and its content words' keys.
/// The scan takes them from here instead of splitting, trimming, keying and looking up the same
/// words again, which cost 11.5 % of a corpus pass's instructions.
#[derive(Default)]
pub struct Reading {
    /// By line number (`str::lines`): the line's counts and where its keys stand in `keys`, for
    /// each line read.
    lines: Vec<Option<(Counts, std::ops::Range<usize>)>>,
    /// The content words' keys of every line read, in order.
    keys: Vec<Key>,
}

impl Reading {
    /// Room for a text of `bytes` bytes: a line takes some fifty bytes, a content word twelve.
    /// Growing the lists as the pass went cost a fifth of the recording.
    pub fn with_capacity(bytes: usize) -> Self {
        Self { lines: Vec::with_capacity(bytes / 32), keys: Vec::with_capacity(bytes / 8) }
    }

    /// Records line `number` of the original, read as `words`.
    pub fn record(&mut self, number: usize, words: &LineWords) {
        if !words.readable || words.counts.total == 0 {
            return;
        }
        let first = self.keys.len();
        self.keys.extend_from_slice(&words.keys);
        if self.lines.len() <= number {
            self.lines.resize(number + 1, None);
        }
        self.lines[number] = Some((words.counts, first..self.keys.len()));
    }

    /// Line `number`'s counts and content words' keys, if it was read.
    fn line(&self, number: usize) -> Option<(Counts, &[Key])> {
        let (counts, keys) = self.lines.get(number)?.as_ref()?;
        Some((*counts, &self.keys[keys.clone()]))
    }
}

/// One line's words as the score's scan counts them, gathered while the optimizer classifies
/// them (`add`, in the same loop: a second pass over the words' classes and keys cost twice as
/// much). A line with a word that scan keys as text (over `keys::SHORT` bytes, or not ASCII: 3 %
/// of the corpus's lines) is not readable here and is left to the scan, and so is a line with no
/// words added (kept whole unread).
pub struct LineWords {
    counts: Counts,
    /// The content words' keys.
    keys: Vec<Key>,
    readable: bool,
}

impl Default for LineWords {
    fn default() -> Self {
        Self { counts: Counts::default(), keys: Vec::new(), readable: true }
    }
}

impl LineWords {
    /// Room for the keys of a line of `words` words.
    pub fn with_capacity(words: usize) -> Self {
        Self { keys: Vec::with_capacity(words), ..Self::default() }
    }

    pub fn clear(&mut self) {
        self.counts = Counts::default();
        self.keys.clear();
        self.readable = true;
    }

    /// The line's next word, by its classes and key (`Lexicon::classify_keyed`).
    #[inline]
    pub fn add(&mut self, classes: u16, key: Option<Key>) {
        self.counts.total += 1;
        // The function class is the lexicon's listing alone, as the scan asks it.
        if classes & class::FUNCTION != 0 {
            self.counts.function += 1;
            return;
        }
        match key.filter(|&k| is_ascii_key(k)) {
            Some(k) if key_letters(k) >= 4 => self.keys.push(k),
            Some(_) => {}
            None => self.readable = false,
        }
    }
}

/// The keys of the lexicon's function words, the one class the score asks about: a table of a
/// few dozen keys, asked instead of the lexicon's some 30,000.
static FUNCTION_WORDS: LazyLock<FunctionWords> =
    LazyLock::new(|| FunctionWords::new(LEXICON.keys_with(class::FUNCTION)));

/// A set of a few dozen keys, asked for about every other word of both texts: open addressing
/// in a table at most a quarter full, so a look-up is a multiply and one or two compares, where
/// a general hash set's cost several times that; and a key longer than every key is told apart
/// before any probe. Half full, with every key probed for, the look-ups cost 1 % of a corpus
/// pass more.
struct FunctionWords {
    slots: Vec<Key>,
    /// The slot of a key is the top bits of its hash: 64 less the table's size in bits.
    shift: u32,
    /// The bits of a key past the longest key's bytes: a word longer than every function word
    /// (most content words: the longest has five letters) has one of them set.
    too_long: Key,
}

impl FunctionWords {
    fn new(keys: impl Iterator<Item = Key>) -> Self {
        let keys: HashSet<Key> = keys.collect();
        let size = (4 * keys.len()).next_power_of_two().max(2);
        // A key's bytes are its word's, zero-padded, and a word holds no zero byte.
        let longest = keys.iter().map(|k| Key::BITS - k.leading_zeros()).max().unwrap_or(0).next_multiple_of(8);
        let too_long = Key::MAX.checked_shl(longest).unwrap_or(0);
        let mut table = Self { slots: vec![0; size], shift: 64 - size.trailing_zeros(), too_long };
        for k in keys {
            // A key is never 0 (a listed word is never empty), so 0 marks an empty slot.
            let mut slot = table.slot(k);
            while table.slots[slot] != 0 {
                slot = (slot + 1) & (size - 1);
            }
            table.slots[slot] = k;
        }
        table
    }

    #[inline]
    fn slot(&self, k: Key) -> usize {
        let folded = (k as u64) ^ ((k >> 64) as u64);
        (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Whether `k` is one of the keys. Ends at the key or at an empty slot, of which at least
    /// three quarters of the table are.
    #[inline]
    fn contains(&self, k: Key) -> bool {
        if k & self.too_long != 0 {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.slot(k);
        loop {
            match self.slots[slot] {
                0 => return false,
                s if s == k => return true,
                _ => slot = (slot + 1) & mask,
            }
        }
    }
}

/// The kind of a short ASCII word from its key alone: a function word, or a content word when
/// it has four letters or more. The key is folded, so its letters are its bytes in `a..=z`,
/// counted eight at a time (every byte is under 0x80, so no sum carries into the next byte).
fn short_kind(k: Key) -> Kind {
    if FUNCTION_WORDS.contains(k) {
        Kind::Function
    } else if key_letters(k) >= 4 {
        Kind::Content
    } else {
        Kind::Other
    }
}

/// The letters of a short ASCII word, from its key alone (see `short_kind`).
fn key_letters(k: Key) -> u32 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let letters = |x: u64| {
        let at_least_a = x + ONES * u64::from(0x80 - b'a');
        let above_z = x + ONES * u64::from(0x7f - b'z');
        (at_least_a & !above_z & (ONES * 0x80)).count_ones()
    };
    letters(k as u64) + letters((k >> 64) as u64)
}

/// The kind of a bare word given its lexicon classes.
fn kind(listed: u16, core: &str) -> Kind {
    if listed & class::FUNCTION != 0 {
        Kind::Function
    } else if letters(core) >= 4 {
        Kind::Content
    } else {
        Kind::Other
    }
}

fn letters(core: &str) -> usize {
    if core.is_ascii() {
        core.bytes().filter(u8::is_ascii_alphabetic).count()
    } else {
        core.chars().filter(|c| c.is_alphabetic()).count()
    }
}

/// The integer key of an ASCII word (ASCII folding is all its lower-casing needs). The key holds
/// the word's bytes (folding touches no high bit), so whether it is ASCII is read off the key
/// rather than found by another pass over the word.
fn short_key(word: &str) -> Option<Key> {
    key(word).filter(|&k| is_ascii_key(k))
}

/// Whether a key's word is ASCII: no byte of it has its high bit set.
fn is_ascii_key(k: Key) -> bool {
    const HIGH_BITS: Key = Key::from_le_bytes([0x80; 16]);
    k & HIGH_BITS == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reading of no line: the score scans every line itself.
    fn unread() -> Reading {
        Reading::default()
    }

    /// `lines` joined by line breaks, written as repeating the original's lines `sources`
    /// (`None` for a line that repeats none).
    fn write_out(lines: &[(&str, Option<usize>)]) -> (String, Written) {
        let mut text = String::new();
        let mut written = Written::default();
        for (line, source) in lines {
            if !text.is_empty() {
                text.push('\n');
            }
            let start = text.len();
            text.push_str(line);
            written.line(start..text.len(), *source);
        }
        (text, written)
    }

    /// `score` with every line left to the score's own scans.
    fn score_unread(original: &str, optimized: &str, items: &[String]) -> Quality {
        let lines: Vec<&str> = original.lines().collect();
        let unrepeated: Vec<(&str, Option<usize>)> = optimized.lines().map(|line| (line, None)).collect();
        let (optimized, written) = write_out(&unrepeated);
        score(Original { text: original, lines: &lines, reading: &unread() }, &optimized, &written, items)
    }

    #[test]
    fn an_unchanged_text_scores_one() {
        let text = "He denies chest pain. Potassium 3.1 mmol/L L.";
        let q = score_unread(text, text, &["He denies chest pain.".to_owned(), "Potassium 3.1 mmol/L L.".to_owned()]);
        assert_eq!(q.score, 1.0);
        assert_eq!(q.protected_items_kept, 2);
    }

    #[test]
    fn losing_a_protected_item_costs_more_than_losing_style() {
        let original = "The patient denies chest pain and the potassium is 3.1 mmol/L today.";
        let items = vec!["denies chest pain".to_owned(), "3.1 mmol/L".to_owned()];
        let lost_fact = score_unread(original, "The patient denies chest pain today.", &items);
        let telegraphic = score_unread(original, "patient denies chest pain potassium 3.1 mmol/L today", &items);
        assert_eq!(lost_fact.protected_retention, 0.5);
        assert_eq!(telegraphic.protected_retention, 1.0);
        assert!(telegraphic.readability < 1.0);
        assert!(lost_fact.score < telegraphic.score, "{lost_fact:?} vs {telegraphic:?}");
    }

    #[test]
    fn the_canonical_form_keeps_only_marks_between_two_letters_or_digits() {
        assert_eq!(canonical("pain , cough"), "pain,cough");
        assert_eq!(canonical("K 3.1 mmol/L"), "K3.1mmol/L");
        assert_eq!(canonical("that ;2l"), "that;2l");
        assert_eq!(canonical("a ;. b"), "ab");
        assert_eq!(canonical(", start. end."), "start.end");
        assert_eq!(canonical("ü . ß"), "ü.ß");
        assert_eq!(canonical("a\x0b,\u{a0}b\u{2028}2"), "a,b2");
    }

    proptest::proptest! {
        /// What lets `score` skip the canonical forms: items found as written, in order, are all
        /// found in canonical form.
        #[test]
        fn items_found_as_written_are_found_in_canonical_form(
            text in "[ab1 ,;.\t\u{e9}\u{a0}]{0,40}",
            cuts in proptest::collection::vec(0usize..=80, 0..8),
        ) {
            // Disjoint pieces of `text`, in order, between sorted cut points.
            let boundary = |c: usize| (0..=c.min(text.len())).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0);
            let mut cuts: Vec<usize> = cuts.into_iter().map(boundary).collect();
            cuts.sort_unstable();
            let items: Vec<&str> = cuts.chunks_exact(2).map(|pair| &text[pair[0]..pair[1]]).collect();
            proptest::prop_assert_eq!(kept_in_order(&text, items.iter().copied()), items.len());
            let canonical_items: Vec<String> = items.iter().map(|item| canonical(item)).collect();
            let found = kept_in_order(&canonical(&text), canonical_items.iter().map(String::as_str));
            proptest::prop_assert_eq!(found, items.len());
        }
    }

    proptest::proptest! {
        /// The kind read off a short word's key is the kind of the word itself.
        #[test]
        fn a_short_words_kind_from_its_key_is_its_own(word in "([a-zA-Z0-9'/%-]{1,16}|the|The|AND|of|her|HIS)") {
            let k = short_key(&word).unwrap_or_else(|| panic!("{word} is short ASCII"));
            let listed = if LEXICON.keys_with(class::FUNCTION).any(|f| f == k) { class::FUNCTION } else { 0 };
            proptest::prop_assert!(short_kind(k) == kind(listed, &word), "{}", word);
        }
    }

    proptest::proptest! {
        /// A line of the output written as a repeat of the original's counts and marks as its
        /// words do.
        #[test]
        fn a_repeated_line_counts_as_its_words(
            lines in proptest::collection::vec("[a-cA-C ]{0,12}( the| of| ACUTE| Ärger| stomach,)?", 1..6),
            keep in proptest::collection::vec(0usize..6, 0..8),
        ) {
            let original = lines.join("\n");
            let original_lines: Vec<&str> = original.lines().collect();
            let scanned = |reuse: bool| {
                let output: Vec<(&str, Option<usize>)> = keep
                    .iter()
                    .map(|&k| match lines.get(k) {
                        Some(line) => (line.as_str(), reuse.then_some(k)),
                        None => ("stomach ache", None),
                    })
                    .collect();
                let (output, written) = write_out(&output);
                let mut vocabulary = Vocabulary::with_capacity(8, 8);
                vocabulary.scan_original(&original_lines, &unread());
                let counts = vocabulary.scan_output(&output, &written);
                (counts.function, counts.total, vocabulary.retention())
            };
            proptest::prop_assert_eq!(scanned(true), scanned(false));
        }
    }

    proptest::proptest! {
        /// Lines read by the optimizer (their words classified, see `Reading`) count as the
        /// score's own scan counts them.
        #[test]
        fn lines_read_count_as_scanned(
            lines in proptest::collection::vec(
                "[a-cA-C ]{0,12}( the| of| An| ACUTE| Ärger| stomach,| (pain)| hydrochlorothiazide| -)?",
                1..6,
            ),
            read in proptest::collection::vec(proptest::bool::ANY, 6),
            keep in proptest::collection::vec(0usize..6, 0..8),
        ) {
            let original = lines.join("\n");
            let original_lines: Vec<&str> = original.lines().collect();
            let output: Vec<(&str, Option<usize>)> =
                keep.iter().map(|&k| (lines.get(k).map_or("stomach ache", String::as_str), None)).collect();
            let (output, written) = write_out(&output);
            let mut reading = Reading::default();
            let mut line_words = LineWords::default();
            for (number, line) in original.lines().enumerate().filter(|&(number, _)| read[number]) {
                line_words.clear();
                for word in words(line) {
                    let (classes, key) = LEXICON.classify_keyed(word);
                    line_words.add(classes, key);
                }
                reading.record(number, &line_words);
            }
            let scanned = |reading: &Reading| {
                let mut vocabulary = Vocabulary::with_capacity(8, 8);
                let before = vocabulary.scan_original(&original_lines, reading);
                let after = vocabulary.scan_output(&output, &written);
                (before.function, before.total, after.function, after.total, vocabulary.retention())
            };
            proptest::prop_assert_eq!(scanned(&reading), scanned(&unread()));
        }
    }

    #[test]
    fn short_words_keep_their_values_as_the_table_grows() {
        let mut table = ShortWords::with_capacity(1);
        let value = |k: Key| (k % 1_000) as u32 * 7;
        for k in 1..=1_000 {
            assert_eq!(table.index(k, || value(k)), value(k));
        }
        for k in 1..=1_000 {
            assert_eq!(table.index(k, || panic!("{k} was added")), value(k));
        }
        assert_eq!(table.keys.len(), 1_000);
    }

    #[test]
    fn items_out_of_order_do_not_count() {
        let items = vec!["alpha one".to_owned(), "beta two".to_owned()];
        let q = score_unread("alpha one beta two", "beta two alpha one", &items);
        assert_eq!(q.protected_items_kept, 1);
    }
}
