//! Word classes from the lexicon, as bits: one look-up per word serves protection, the edits and
//! the quality score, which all ask about the same words.

pub const NEGATION: u16 = 1;
pub const ALLERGY: u16 = 1 << 1;
pub const DRUG: u16 = 1 << 2;
pub const CLINICAL: u16 = 1 << 3;
pub const HEDGE: u16 = 1 << 4;
pub const STOPWORD: u16 = 1 << 5;
pub const FUNCTION: u16 = 1 << 6;
pub const ARTICLE: u16 = 1 << 7;
/// The word has a digit: a value, dose, date or range.
pub const DIGIT: u16 = 1 << 8;
/// The word is its bare form: no punctuation was trimmed, so dropping it loses no comma.
pub const PLAIN: u16 = 1 << 9;
/// A frequent word that carries little information (`lexicon::FILLER`).
pub const FILLER: u16 = 1 << 10;
/// A diagnosis, finding, symptom, procedure, device, organism or drug of the clinical
/// vocabulary, or a word with a disease or procedure suffix: its sentence is a fact.
pub const CONCEPT: u16 = 1 << 11;
/// A body part or site (`vocabulary`). A sentence about one is kept like a concept's: in
/// clinical text it reports a finding ("Chest clear.", "my left calf has been a bit achy").
pub const ANATOMY: u16 = 1 << 12;
/// An everyday word that also names a body part (`lexicon::BODY_WORDS`: "head", "hand",
/// "back"): a body part only when a possessive or a side says whose or which (`protect`).
pub const BODY_WORD: u16 = 1 << 13;
/// A unit a quantity written as a word counts (`lexicon::DOSE_UNITS`: "sachet", "puffs";
/// `lexicon::TIME_UNITS`: "days", "years"): after a number written as a word, a value
/// (`protect`).
pub const COUNTED_UNIT: u16 = 1 << 14;
