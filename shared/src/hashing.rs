//! Hash tables whose keys come from a request's text: its words, pre-tokens, lines and
//! sentences.
//!
//! Why not FxHash, as the tables keyed by the product's own word lists use: FxHash is a fixed
//! function anyone can invert, so a request can be written whose keys all hash alike, and each
//! insert then probes past all the others (quadratic time, the hash-flooding attack). These
//! tables use foldhash with a seed drawn at random per process, which such a request cannot
//! aim at, and which costs about what FxHash does. Nothing the product outputs depends on a
//! table's order, only on its look-ups, so the seed changes no result.

/// A map keyed by a request's text (see the module docs).
pub type TextMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A set of a request's text (see the module docs).
pub type TextSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Where a table's entries stand, found by their hashes: open addressing in slots holding one
/// more than an entry's place (0 for an empty slot), probed linearly and kept at most half full,
/// so that a look-up is a hash, one or two slots and a compare. The entries themselves live with
/// the caller, in the order they were added; the caller hashes them with a seeded hasher
/// (`TextMap`'s) and tells whether a place holds what it looks for. Serves the tables asked
/// once per word or sentence, where the general map's group probing cost more (the quality
/// score's short words, the repeat check's sentences).
pub struct Places {
    slots: Vec<u32>,
    len: usize,
}

impl Places {
    /// Room for `entries` entries before the slots grow.
    pub fn with_capacity(entries: usize) -> Self {
        Self { slots: vec![0; (2 * entries).next_power_of_two().max(16)], len: 0 }
    }

    /// The place of the entry with `hash` that `is_it` accepts, or else the slot where a new
    /// entry of that hash goes (`fill`). Ends: the slots are never more than half full.
    #[inline(always)]
    pub fn find(&self, hash: u64, mut is_it: impl FnMut(usize) -> bool) -> Result<usize, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            match self.slots[slot] {
                0 => return Err(slot),
                place if is_it(place as usize - 1) => return Ok(place as usize - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// Records that the entry just added at the end of the caller's entries (its `len()`-th)
    /// stands in `slot`, from `find`. Grown here, as an entry is added, rather than tested
    /// before each look-up; `hash_of` gives each entry's hash again.
    pub fn fill(&mut self, slot: usize, hash_of: impl Fn(usize) -> u64) {
        self.len += 1;
        // Fewer entries than slots, and the slots fewer than 2^32.
        self.slots[slot] = self.len as u32;
        if 2 * self.len > self.slots.len() {
            self.grow(hash_of);
        }
    }

    /// Twice the slots, the entries placed again.
    #[cold]
    fn grow(&mut self, hash_of: impl Fn(usize) -> u64) {
        self.slots = vec![0; 2 * self.slots.len()];
        let mask = self.slots.len() - 1;
        for place in 0..self.len {
            let mut slot = hash_of(place) as usize & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = place as u32 + 1;
        }
    }
}

impl Default for Places {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}
