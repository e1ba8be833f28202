//! Fast word look-ups: a short word as one integer key, and suffixes bucketed by their last bytes.
//! Both run for every word of every request.

/// Suffixes grouped by their last two bytes, so a word is compared only with the one or two
/// suffixes that could match it: this runs for every word of every request. A bucket is named
/// by the low five bits of each of the two bytes, which ASCII case does not change (a letter and
/// its capital differ in the 0x20 bit only); bytes that share them share a bucket, and the
/// comparison tells them apart. Grouped by the last byte alone, a word was compared with up to
/// 16 suffixes.
pub struct Suffixes(Vec<Vec<&'static str>>);

impl Suffixes {
    pub fn new(suffixes: &[&'static str]) -> Self {
        let mut buckets = vec![Vec::new(); 1 << 10];
        for s in suffixes {
            match *s.as_bytes() {
                [] => {}
                // One byte: any byte may come before it.
                [last] => (0..32u8).for_each(|before| buckets[bucket(before, last)].push(*s)),
                [.., before, last] => buckets[bucket(before, last)].push(*s),
            }
        }
        Self(buckets)
    }

    /// Whether `word` ends with one of the suffixes, ignoring ASCII case. Inlined: it runs twice
    /// for most words of six bytes or more (`Lexicon::classify_keyed`), and a call's frame cost
    /// as much as the comparisons.
    #[inline]
    pub fn matches(&self, word: &[u8]) -> bool {
        let candidates = match *word {
            [] => return false,
            // Only a one-byte suffix can match, and it is in every bucket of its last byte.
            [last] => &self.0[bucket(0, last)],
            [.., before, last] => &self.0[bucket(before, last)],
        };
        candidates
            .iter()
            .any(|s| word.len() >= s.len() && word[word.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes()))
    }
}

/// The bucket of two bytes in a row (a suffix's or a word's last two, an entry's first two, see
/// `Openings`), one of 1,024: the low five bits of each, which ASCII case does not change.
fn bucket(before: u8, last: u8) -> usize {
    usize::from(before & 0x1f) << 5 | usize::from(last & 0x1f)
}

/// A set of `bucket`s: the first two bytes of a list's entries (in either case, and more: bytes
/// sharing their low five bits share a bucket). A text is compared with the list's entries only
/// where its own first two bytes fall in one, which rules out most places for a few instructions.
#[derive(Default)]
pub struct Openings([u64; 16]);

impl Openings {
    /// The openings of a list's words (`CARERS`, `CONTACTS`, `ESCALATION_WORDS`).
    pub fn of(words: &[&str]) -> Self {
        let mut openings = Self::default();
        words.iter().for_each(|word| openings.add(word.as_bytes()));
        openings
    }

    /// Adds `entry`'s opening.
    pub fn add(&mut self, entry: &[u8]) {
        if let Some(pair) = opening(entry) {
            self.0[pair / 64] |= 1 << (pair % 64);
        }
    }

    /// Whether an entry may open `text`, or be the whole of it.
    pub fn may_open(&self, text: &[u8]) -> bool {
        opening(text).is_some_and(|pair| self.holds(pair))
    }

    /// Whether an entry may be the whole of a word with key `k` (`key`), none being empty or over
    /// `SHORT` bytes: the key's two low bytes are the word's first two, folded to lower case,
    /// which share their bucket (0 standing for the second of a one-byte word, as in
    /// `opening`). No byte of the word is read: where a word's key is known already, this
    /// saves trimming it (`text::bare`) before `may_open`.
    pub fn may_hold(&self, k: Option<Key>) -> bool {
        k.filter(|&k| k != 0).is_some_and(|k| self.holds(bucket(k as u8, (k >> 8) as u8)))
    }

    fn holds(&self, pair: usize) -> bool {
        self.0[pair / 64] >> (pair % 64) & 1 != 0
    }
}

/// The bucket of `text`'s first two bytes, 0 standing for the second when it has one; none when
/// it is empty. An entry equal to a text, or opening it, shares its bucket.
fn opening(text: &[u8]) -> Option<usize> {
    match *text {
        [] => None,
        [only] => Some(bucket(only, 0)),
        [first, second, ..] => Some(bucket(first, second)),
    }
}

/// A list of names (words or short phrases) looked up whole, ignoring ASCII case: the short ones
/// by their keys, the longer ones compared in turn. For a list searched for every labelled line
/// or every full stop (`prose::is_clinical_field`, `text::ends_with_abbreviation`), where a
/// comparison with each name in turn cost some 0.1 M instructions in three corpus passes once
/// the lists passed forty and a hundred names.
pub struct NameSet {
    short: rustc_hash::FxHashSet<Key>,
    long: Vec<&'static str>,
}

impl NameSet {
    pub fn new(names: &[&'static str]) -> Self {
        let (mut short, mut long) = (rustc_hash::FxHashSet::default(), Vec::new());
        for name in names {
            match key(name) {
                Some(k) => {
                    short.insert(k);
                }
                None => long.push(*name),
            }
        }
        Self { short, long }
    }

    pub fn contains(&self, name: &str) -> bool {
        // A key is zero-padded: a name ending in a zero byte would take a shorter name's key.
        if name.ends_with('\0') {
            return false;
        }
        match key(name) {
            Some(k) => self.short.contains(&k),
            None => self.long.iter().any(|long| long.eq_ignore_ascii_case(name)),
        }
    }
}

/// Words up to this many bytes are looked up as one integer (see `Key`).
pub const SHORT: usize = 16;

/// A lower-cased word of at most `SHORT` bytes packed into an integer, zero-padded: hashing and
/// comparing it costs a few instructions, where a string key costs a hash loop and a `memcmp`.
/// Exact: a bare word never ends in a zero byte, so two words never share a key.
pub type Key = u128;

/// The key of `word` with ASCII letters folded to lower case, if it is short enough. Inlined
/// (with its helpers): the quality score's word scans call it from another codegen unit.
#[inline]
pub fn key(word: &str) -> Option<Key> {
    key_of_bytes(word.as_bytes())
}

/// `key` of a word held as bytes (a candidate form built in a buffer), saving the UTF-8 check a
/// `&str` would need.
#[inline]
pub fn key_of_bytes(bytes: &[u8]) -> Option<Key> {
    // Two 8-byte halves, each folded eight letters at a time (`fold_ascii`). Most words fit in
    // the low one: the high half, zero, is then neither loaded nor folded (-1.75 M instructions
    // in three corpus passes, 74.94 M to 73.18 M, callgrind: `key` runs for every word, in the
    // classification, the phrase search and the quality score's scan).
    match bytes.len() {
        ..=8 => Some(Key::from(fold_ascii(load(bytes)))),
        9..=SHORT => {
            let (low, high) = bytes.split_at(8);
            Some(Key::from(fold_ascii(load(low))) | Key::from(fold_ascii(load(high))) << 64)
        }
        _ => None,
    }
}

/// Up to eight bytes as a little-endian integer, zero-padded, read with two overlapping loads
/// (the overlap holds the same bytes, so OR-ing them is exact). Copying into a zeroed buffer
/// and reading it back instead stalls the CPU on every word.
#[inline]
fn load(part: &[u8]) -> u64 {
    let n = part.len();
    let u32_at = |at: usize| part.get(at..at + 4).and_then(|b| b.try_into().ok()).map_or(0, u32::from_le_bytes);
    let u16_at = |at: usize| part.get(at..at + 2).and_then(|b| b.try_into().ok()).map_or(0, u16::from_le_bytes);
    match n {
        4.. => u64::from(u32_at(0)) | u64::from(u32_at(n - 4)) << (8 * (n - 4)),
        2.. => u64::from(u16_at(0)) | u64::from(u16_at(n - 2)) << (8 * (n - 2)),
        1 => u64::from(part[0]),
        _ => 0,
    }
}

/// Lower-cases the ASCII capitals among eight bytes at once: a byte in `A..=Z` gets its 0x20
/// bit set; every other byte, ASCII or not, is left alone.
#[inline]
fn fold_ascii(x: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let low7 = x & (ONES * 0x7f);
    let above_z = low7 + ONES * u64::from(0x7f - b'Z');
    let at_least_a = low7 + ONES * u64::from(0x80 - b'A');
    let capital = (at_least_a ^ above_z) & !x & (ONES * 0x80);
    x | (capital >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_ascii_case_only() {
        assert_eq!(key("ALLERGY"), key("allergy"));
        assert_eq!(key("Hydroxychloroq"), key("hydroxychloroq"));
        assert_ne!(key("Ä"), key("ä"), "only ASCII letters fold");
        assert_ne!(key("ab"), key("abc"));
        assert_eq!(key("seventeen-letters"), None);
    }

    proptest::proptest! {
        #[test]
        fn keys_are_the_lower_cased_bytes_zero_padded(bytes in proptest::collection::vec(
            proptest::sample::select(b"aZ-'0\x00\x7f\xc3\xa9@[`{".to_vec()), 0..20)
        ) {
            let expected = (bytes.len() <= SHORT).then(|| {
                let mut padded = [0; SHORT];
                padded[..bytes.len()].copy_from_slice(&bytes.to_ascii_lowercase());
                Key::from_le_bytes(padded)
            });
            proptest::prop_assert_eq!(key_of_bytes(&bytes), expected);
        }

        #[test]
        fn a_key_may_be_held_where_its_word_may_be_opened(
            entries in proptest::collection::vec("[aAbB.\u{e9}]{1,3}", 1..4),
            word in "[aAbB.\u{e9}]{0,3}",
        ) {
            let mut openings = Openings::default();
            entries.iter().for_each(|entry| openings.add(entry.as_bytes()));
            proptest::prop_assert_eq!(openings.may_hold(key(&word)), openings.may_open(word.as_bytes()));
        }
    }

    #[test]
    fn suffixes_match_ignoring_case_at_any_length() {
        let suffixes = Suffixes::new(&["itis", "oma", "x"]);
        assert!(suffixes.matches(b"Arthritis") && suffixes.matches(b"LYMPHOMA"));
        assert!(suffixes.matches(b"x") && suffixes.matches(b"Max"));
        assert!(!suffixes.matches(b"itis-") && !suffixes.matches(b"om") && !suffixes.matches(b""));
        // "q" and "1" share their low five bits, so a bucket: the comparison tells them apart.
        assert!(!Suffixes::new(&["q"]).matches(b"1"));
    }

    #[test]
    fn openings_never_rule_out_an_entry_s_own_text() {
        let mut openings = Openings::default();
        for entry in ["the", "a", "expressed"] {
            openings.add(entry.as_bytes());
        }
        for text in ["the", "The", "THEM", "a", "A", "Expressed", "expressed understanding"] {
            assert!(openings.may_open(text.as_bytes()), "{text}");
        }
        assert!(!openings.may_open(b"of") && !openings.may_open(b"pain") && !openings.may_open(b""));
    }
}
