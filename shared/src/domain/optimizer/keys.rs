//! Fast word look-ups: a short word as one integer key, and suffixes bucketed by their last byte.
//! Both run for every word of every request.

/// Suffixes grouped by their last byte, so a word is compared only with the few suffixes that
/// could match it: this runs for every word of every request.
pub struct Suffixes(Vec<Vec<&'static str>>);

impl Suffixes {
    pub fn new(suffixes: &[&'static str]) -> Self {
        let mut buckets = vec![Vec::new(); 256];
        for s in suffixes {
            if let Some(&last) = s.as_bytes().last() {
                buckets[usize::from(last)].push(*s);
            }
        }
        Self(buckets)
    }

    /// Whether `word` ends with one of the suffixes, ignoring ASCII case.
    pub fn matches(&self, word: &[u8]) -> bool {
        let Some(last) = word.last() else { return false };
        self.0[usize::from(last.to_ascii_lowercase())]
            .iter()
            .any(|s| word.len() >= s.len() && word[word.len() - s.len()..].eq_ignore_ascii_case(s.as_bytes()))
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
    if bytes.len() > SHORT {
        return None;
    }
    // Two 8-byte halves, each folded eight letters at a time (`fold_ascii`).
    let (low, high) = bytes.split_at(bytes.len().min(8));
    Some(Key::from(fold_ascii(load(low))) | Key::from(fold_ascii(load(high))) << 64)
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
}
