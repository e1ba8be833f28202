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
