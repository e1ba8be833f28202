//! What must never be removed or altered, decided sentence by sentence.
//!
//! A sentence that names a clinical concept (a vocabulary word or phrase, an inflection of one, a
//! body part, a lay symptom report, a disease or procedure suffix, a capitalised abbreviation) is
//! protected whole and verbatim (`protect_concepts`). In every other sentence protection works on
//! the words inside its clauses (text between `,` or `;` and the sentence ends), by windows:
//!
//! - a word with a digit (values, doses, dates, ranges) protects the four words before it (the
//!   label: `BP`, `WBC`, `weight this morning`) and up to four after it (units, flags, route,
//!   frequency: `mg PO BID`, `% on room air`); a list item's number (`2.`) is not a value;
//! - a drug name protects the word before it and up to five after it (dose, route, frequency);
//! - a negation cue (`no`, `not`, `denies`, `negative`, `without`, `…n't`) protects the three words
//!   before it and its scope, everything to the end of its clause (a fixed five-word window, as
//!   in NegEx, cut "no in situ or invasive carcinoma is seen" in the corpus tests); a cue that
//!   closes its clause ("Cultures negative") protects the whole clause before it, and the one
//!   before that when its clause opens with "which" ("…a pregnancy test, which was negative");
//!   a short first clause before a negated one names what it is about ("Surgeons reviewed,
//!   managed without an operation"), and the scope runs on over a comma to a clause that widens
//!   it with "even" ("Can't keep anything down, even water");
//! - an allergy cue protects the whole sentence;
//! - in a sentence with any word protected, a clause ending in "only" is protected whole: the
//!   restriction of what the fact allows (`protect_restrictions`);
//! - a sentence holding a `preserveKeywords` entry is copied whole.
//!
//! A protected word is never dropped nor changed by any strategy, and a sentence with any
//! protected word is never dropped, except a courtesy whose only protected words are a
//! negation's. A value's whole label is protected as written (`Pt is a 67 y/o M`): AGGRESSIVE
//! once made it telegraphic (`Pt a 67 y/o M`), which reworded facts ("Cumulative dose so far 4.9
//! J/cm2", "Sensation reduced over the left L5 dermatome" in the thirteenth held-out set), and the
//! issue's rule is that no strategy rewords a protected fact.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::class;
use super::inflections;
use super::keys::{key, Key, Openings, Suffixes};
use super::lexicon;
use super::subject;
use super::text::{bare, ends_with_a_mark, is_list_number, is_one_of, is_tag_question, quotes_someone, Shape};
use super::vocabulary::{self, Phrases};

/// Classes of the words a strategy may drop from an unprotected clause (`edit::goes`).
const DROPPABLE: u16 = class::ARTICLE | class::STOPWORD | class::FUNCTION | class::FILLER | class::HEDGE;

/// Classes of frequent words that are never another form of a concept: no need to look.
const COMMON: u16 = class::STOPWORD | class::FUNCTION | class::FILLER | class::ARTICLE | class::HEDGE | class::NEGATION;

pub struct Lexicon {
    /// Every listed word of up to `SHORT` bytes with all its classes, and every other form of a
    /// listed concept or body part (`inflections`): `Entry`.
    /// Keys are held as two halves (`halves`): a slot of 24 bytes instead of a `u128`'s 32 (its
    /// alignment pads the entry), some 170,000 of them.
    short: HashMap<(u64, u64), Entry>,
    /// The few longer entries ("hydrochlorothiazide").
    long: HashMap<&'static str, u16>,
    drug_suffixes: Suffixes,
    clinical_suffixes: Suffixes,
    pub rewrites: AhoCorasick,
    pub boilerplate: AhoCorasick,
    phrases: Phrases,
}

/// Built once per process, on first use.
pub static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut short: HashMap<Key, u16> =
        HashMap::with_capacity_and_hasher(vocabulary::WORDS_CAPACITY, Default::default());
    let mut long: HashMap<&'static str, u16> = HashMap::default();
    let lists: [(&[&'static str], u16); 22] = [
        (lexicon::SYMPTOM_REPORTS, class::CONCEPT | class::CLINICAL),
        (lexicon::EVERYDAY_BODY_PARTS, class::ANATOMY | class::CLINICAL),
        (lexicon::BODY_WORDS, class::BODY_WORD),
        (lexicon::HISTORY_AND_MENTAL_STATE, class::CONCEPT | class::CLINICAL),
        (lexicon::DIAGNOSIS_HEADS, class::CONCEPT | class::CLINICAL),
        (lexicon::FINDING_RESULTS, class::CONCEPT | class::CLINICAL),
        (lexicon::SITE_STATES, class::CLINICAL),
        (lexicon::EVERYDAY_REPORTS, class::CLINICAL),
        (lexicon::AIDS_AND_DEVICES, class::CONCEPT | class::CLINICAL),
        (lexicon::NEGATION_CUES, class::NEGATION),
        (lexicon::ALLERGY_CUES, class::ALLERGY),
        (lexicon::DRUG_NAMES, class::DRUG),
        (lexicon::CLINICAL_TERMS, class::CLINICAL),
        (lexicon::HEDGES, class::HEDGE),
        (lexicon::HESITATIONS, class::HEDGE),
        (lexicon::STOPWORDS, class::STOPWORD),
        (lexicon::FUNCTION_WORDS, class::FUNCTION),
        (lexicon::FILLER, class::FILLER),
        (&["the", "a", "an"], class::ARTICLE),
        (lexicon::DOSE_UNITS, class::COUNTED_UNIT),
        (lexicon::TIME_UNITS, class::COUNTED_UNIT),
        (lexicon::FREQUENCY_UNITS, class::COUNTED_UNIT),
    ];
    let mut add = |word: &'static str, bits: u16| match key(word) {
        Some(k) => *short.entry(k).or_default() |= bits,
        None => *long.entry(word).or_default() |= bits,
    };
    for (words, bit) in lists {
        for w in words {
            add(w, bit);
        }
    }
    for (word, kind) in vocabulary::words() {
        let bits = match kind {
            vocabulary::Kind::Concept => class::CONCEPT | class::CLINICAL,
            vocabulary::Kind::Drug => class::CONCEPT | class::DRUG,
            vocabulary::Kind::Anatomy => class::ANATOMY | class::CLINICAL,
        };
        add(word, bits);
    }
    let rewrites: Vec<&str> = lexicon::REWRITES.iter().map(|(from, _)| *from).collect();
    // Other forms of the concepts and body parts ("vomited", "itchy"), generated from the listed
    // words alone and then marked in the same table.
    let forms = inflections::forms_of(&short);
    let mut lexicon = Lexicon {
        short: HashMap::default(),
        long,
        drug_suffixes: Suffixes::new(lexicon::DRUG_SUFFIXES),
        clinical_suffixes: Suffixes::new(lexicon::CLINICAL_SUFFIXES),
        rewrites: case_insensitive(&rewrites, StartKind::Unanchored),
        // Boilerplate counts only at a sentence's start: an anchored search stops at the first
        // byte that no opening continues, instead of scanning the whole sentence.
        boilerplate: case_insensitive(lexicon::BOILERPLATE_OPENINGS, StartKind::Anchored),
        phrases: Phrases::load(),
    };
    // What each listed word's bytes say is read once here, as `classify_keyed` reads a word the
    // table lacks (`Entry`).
    let mut forms = forms;
    let mut table = HashMap::with_capacity_and_hasher(short.len() + forms.len(), Default::default());
    table.extend(short.into_iter().map(|(k, listed)| {
        let reading = lexicon.read(word_of(&k.to_le_bytes()), listed, forms.remove(&k));
        (halves(k), Entry::Listed(reading))
    }));
    table.extend(forms.into_iter().map(|form| (halves(form), Entry::Form)));
    lexicon.short = table;
    lexicon
});

/// What the lexicon table holds for one key: no more than eight bytes, so a slot stays 24.
#[derive(Clone, Copy)]
enum Entry {
    /// A listed word (perhaps also another form of one), read when the table is built: reading
    /// each word of each request (its byte shape, the suffix rules) was most of
    /// `classify_keyed`'s work.
    Listed(Reading),
    /// Only another form of a listed concept or body part (`inflections`). Some 140,000 of them,
    /// five for each listed word, and a text holds few: each is read when a word is, as a word the
    /// table lacks is (reading them all here cost some 40 million instructions more at first use,
    /// and saved next to nothing on the corpus).
    Form,
}

/// A word's classes from the lexicon lists and what its bytes tell whatever their case
/// (`Lexicon::read`): the same for every word with its key, which folds ASCII case only.
#[derive(Clone, Copy)]
struct Reading {
    /// The classes of the lexicon lists the word is in.
    listed: u16,
    /// Classes read from the bytes: a digit, "allerg…", drug and disease suffixes.
    caseless: u16,
    /// Another form of a listed concept or body part that may be one (`inflections`).
    form: bool,
    /// Holds a hyphen: a compound, whose parts may name what the whole does not.
    hyphen: bool,
}

/// The word a listed word's key holds (`Key::to_le_bytes`), folded to lower case: its bytes up to
/// the zero padding (a word never ends in a zero byte, so this is exact). The key of a `&str`
/// folds ASCII letters only and so is UTF-8 itself: the empty word is never returned.
fn word_of(bytes: &[u8; 16]) -> &str {
    let len = bytes.iter().rposition(|&b| b != 0).map_or(0, |last| last + 1);
    std::str::from_utf8(&bytes[..len]).unwrap_or_default()
}

/// A key as its low and high halves, the lexicon table's key.
#[inline]
fn halves(k: Key) -> (u64, u64) {
    (k as u64, (k >> 64) as u64)
}

/// The patterns are this module's constants, far below aho-corasick's size limits, so building
/// cannot fail; the lexicon tests build it on every run.
#[allow(clippy::expect_used)]
fn case_insensitive(patterns: &[&str], start: StartKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(start)
        .build(patterns)
        .expect("static optimizer patterns build")
}

impl Lexicon {
    /// Every class of one word (see `class`), with surrounding punctuation ignored and ASCII case
    /// folded (lexicon entries are ASCII).
    #[inline]
    pub fn classify(&self, word: &str) -> u16 {
        self.classify_keyed(word).0
    }

    /// `classify`, with the key of the word's bare form (`keys::key`) it was looked up by: the
    /// quality score counts the original's words by the same keys, and takes them from here
    /// rather than trimming and keying each word again (`quality::Reading`).
    pub fn classify_keyed(&self, word: &str) -> (u16, Option<Key>) {
        self.classify_inlined(word)
    }

    /// `classify_keyed`, always inlined: for the loop over a prose line's words
    /// (`prose::squeezed_line`), which classifies nearly every word the optimizer reads. A call
    /// there saved and restored registers and returned its pair through memory: -0.81 M
    /// instructions in three corpus passes (82.53 M to 81.72 M, callgrind). Other callers, which
    /// classify a few words a line, keep the call.
    #[inline(always)]
    pub fn classify_inlined(&self, word: &str) -> (u16, Option<Key>) {
        let core = bare(word);
        let k = key(core);
        // One probe gives the lexicon's classes and what the word's bytes say (`Entry`); another
        // form, or a word the table lacks, is read the same way here. A word over `SHORT` bytes
        // has no key, and no inflection either: only the long list may hold it.
        let entry = match k.map(|k| self.short.get(&halves(k))) {
            Some(Some(Entry::Listed(reading))) => *reading,
            lookup => self.read(
                core,
                lookup.map_or_else(|| self.listed(core), |_| 0),
                matches!(lookup, Some(Some(Entry::Form))),
            ),
        };
        let mut bits = entry.listed | entry.caseless;
        if core.len() == word.len() {
            bits |= class::PLAIN;
        }
        // What depends on case is read from the word itself: "n't" in lower case, and an
        // abbreviation in capitals (COPD, DVT, UTI), which in clinical text names a condition or a
        // test. A word with a lower-case ASCII letter is none, which most words' first or second
        // byte shows: only the others' shape is read.
        // An SQL dump doubles the apostrophe ("doesn''t": the sixtieth held-out set).
        if core.as_bytes().ends_with(b"n't") || core.as_bytes().ends_with(b"n''t") {
            bits |= class::NEGATION;
        }
        if !core.bytes().any(|b| b.is_ascii_lowercase()) && Shape::of(core).is_capitalised_abbreviation(word) {
            bits |= class::CLINICAL | class::CONCEPT;
        }
        if bits & (class::CONCEPT | class::ANATOMY | COMMON) == 0 && entry.form {
            bits |= class::CONCEPT | class::CLINICAL;
        }
        // A compound names what its last part names ("ex-smoker", "self-harm", "post-stroke"),
        // or its first when the last only relates it ("progestogen-only", "steroid-induced",
        // `lexicon::RELATING_PARTS`), and a possessive or "'s" contraction what its word names
        // ("his nappy's been dry"). Only a word with a hyphen or ending in "s" may be either.
        if bits & (class::CONCEPT | class::ANATOMY) == 0 && (entry.hyphen || core.ends_with('s')) {
            // A byte search: `rsplit_once` sets up a searcher, which cost more than this whole
            // test on words this short; and only in a word the reading says holds a hyphen.
            let hyphen = entry.hyphen.then(|| core.bytes().rposition(|b| b == b'-')).flatten();
            let part = hyphen
                .map(|at| {
                    let last = &core[at + 1..];
                    if is_one_of(last, lexicon::RELATING_PARTS) {
                        &core[..at]
                    } else {
                        last
                    }
                })
                .filter(|part| part.len() >= 3);
            let stem = core.strip_suffix("'s").or_else(|| core.strip_suffix("\u{2019}s"));
            if let Some(named) = part.or(stem) {
                bits |= self.listed(named) & (class::CONCEPT | class::ANATOMY | class::CLINICAL);
            }
            // So does an abbreviation's ("CRP's down from two hundred and ten", said on a ward
            // round: the fifty-eighth held-out set lost it whole), of three letters or more: two
            // are a person's initials as often ("Hi it's DZ's mum", a parent's text).
            if stem.is_some_and(|stem| stem.len() >= 3 && Shape::of(stem).is_capitalised_abbreviation(stem)) {
                bits |= class::CLINICAL | class::CONCEPT;
            }
        }
        (bits, k)
    }

    /// The classes of the lexicon lists `core` (a bare word) is in.
    pub fn listed(&self, core: &str) -> u16 {
        match key(core) {
            Some(k) => self.listed_key(k),
            None => self.long.get(core.to_ascii_lowercase().as_str()).copied().unwrap_or(0),
        }
    }

    /// The keys of the listed words with any of `classes`.
    pub fn keys_with(&self, classes: u16) -> impl Iterator<Item = Key> + '_ {
        self.short
            .iter()
            .filter(move |(_, entry)| matches!(entry, Entry::Listed(reading) if reading.listed & classes != 0))
            .map(|(&(low, high), _)| Key::from(low) | Key::from(high) << 64)
    }

    /// `listed` for a word whose key is known.
    #[inline]
    pub fn listed_key(&self, k: Key) -> u16 {
        match self.short.get(&halves(k)) {
            Some(Entry::Listed(reading)) => reading.listed,
            Some(Entry::Form) | None => 0,
        }
    }

    /// What `core`, a bare word, or any word with its key, is (`Reading`): `listed` are the
    /// lexicon's classes for it, `inflected` whether it is another form of a listed concept or
    /// body part. Every test ignores ASCII case.
    ///
    /// Always inlined, into its one call in `classify_inlined` (and the table's build): about half
    /// the words of a text are not in the table and are read here, and a call's frame cost some
    /// 20 of the 85 instructions each took.
    #[inline(always)]
    fn read(&self, core: &str, listed: u16, inflected: bool) -> Reading {
        let shape = Shape::of(core);
        let bytes = core.as_bytes();
        let mut caseless = 0;
        if shape.has_digit() {
            caseless |= class::DIGIT;
        }
        // Suffix rules need at least six letters; most words are shorter.
        if bytes.len() >= 6 {
            if bytes[..6].eq_ignore_ascii_case(b"allerg") {
                caseless |= class::ALLERGY;
            }
            if shape.is_alphabetic() && self.drug_suffixes.matches(bytes) {
                caseless |= class::DRUG;
            }
            if self.clinical_suffixes.matches(bytes) {
                caseless |= class::CLINICAL | class::CONCEPT;
            }
        }
        Reading { listed, caseless, form: inflected && inflections::may_be_form(core), hyphen: shape.has_hyphen() }
    }

    /// Marks the words of a sentence that must be kept as written (see the module docs): the
    /// windows of values, drugs, negations and allergies, then whole sentences that name a
    /// clinical concept. `classes` and `keys` are the words' (`classify_keyed`).
    /// `protection` is overwritten: a caller reuses one for each sentence, where a new one per
    /// sentence, with a Vec of its words, cost 0.11 M instructions more in three corpus passes.
    pub fn protect(&self, words: &[&str], classes: &[u16], keys: &[Option<Key>], protection: &mut Protection) {
        self.windows(words, classes, keys, protection);
        if protection.words.iter().all(|w| w.protected) {
            // Every word is in a window already (a negation's scope to the sentence's end, an
            // allergy): whether it names a concept still makes it a fact, which an opening like
            // a greeting's must not drop as a courtesy ("Hi mate, not being funny but that lump
            // under your right ear is bigger than last time": MINIMAL lost it, blind, in the
            // thirty-first held-out set).
            protection.strong |= self.names_a_concept(words, keys, protection);
        } else {
            self.protect_concepts(words, keys, protection);
        }
        if protection.words.iter().any(|w| w.protected) {
            protect_restrictions(words, keys, protection);
        }
    }

    /// The windows alone: values with their labels and units, drugs with their doses, negations
    /// with their scope, allergies with their sentence.
    fn windows(&self, words: &[&str], classes: &[u16], keys: &[Option<Key>], protection: &mut Protection) {
        let n = words.len();
        protection.words.clear();
        protection.words.extend(classes.iter().map(|&class| Word { class, ..Word::default() }));
        protection.strong = false;
        protection.negation = false;
        protection.weak = false;
        // What a word is can depend on where it stands.
        for (i, w) in protection.words.iter_mut().enumerate() {
            // A capital "A" inside a sentence, or an "a" that ends it, is a letter, not an
            // article: "Type A", "Hepatitis A", "Grade A", "vitamin A". Only a word with one of
            // the classes to clear is trimmed and compared: clearing changes no other word, and
            // trimming every word cost 0.6 % of a corpus pass.
            let article = class::ARTICLE | class::STOPWORD | class::FUNCTION;
            if i > 0 && w.class & article != 0 {
                let letter = bare(words[i]);
                if letter == "A" || letter == "a" && i + 1 == n {
                    w.class &= !article;
                }
            }
            // "Laxido one sachet twice daily", "Movicol two sachets at night": a dose written in
            // words is a value, as one written in digits is, and protects its drug's name and
            // frequency with it (the thirteenth held-out set lost a brand no list names). A time
            // written in words is a fact of its whole sentence instead (`tells_a_time_in_words`).
            // So is how often, in words, before the period it counts in ("Pabrinex one pair
            // intravenously three times daily": the thirty-eighth held-out set lost a brand no
            // list names, blind; "two times a day"), and not a count alone ("I rang three times").
            // So is how often at night ("up five or six times at night", of a urinary history:
            // the eighty-third held-out set lost it, blind).
            if classes.get(i + 1).is_some_and(|next| next & class::COUNTED_UNIT != 0)
                && is_one_of(words[i], lexicon::NUMBER_WORDS)
                && !is_one_of(words[i + 1], lexicon::TIME_UNITS)
                && (!is_one_of(words[i + 1], lexicon::FREQUENCY_UNITS)
                    || words.get(i + 2).is_some_and(|period| is_one_of(period, lexicon::FREQUENCY_PERIODS))
                    || counts_the_night(&words[i + 2..]))
            {
                w.class |= class::DIGIT;
            }
            // "his head", "the left hand", "my back": an everyday word that may name a body part
            // names one when the word before says whose or which ("on the other hand" does not),
            // or the word after what it does ("Hand function", "Head control";
            // `lexicon::BODY_FUNCTIONS`).
            if w.is(class::BODY_WORD)
                && (i > 0 && is_one_of(words[i - 1], lexicon::BODY_OWNERS)
                    || !ends_with_a_mark(words[i])
                        && words.get(i + 1).is_some_and(|next| is_one_of(next, lexicon::BODY_FUNCTIONS)))
            {
                w.class |= class::ANATOMY | class::CLINICAL;
            }
            // "failure to send", "infection control team": a diagnosis head that the words after it
            // make an errand or a team's name names no diagnosis (`lexicon::NOT_DIAGNOSES`).
            if w.is(class::CONCEPT) && names_no_diagnosis(&words[i..]) {
                w.class &= !class::CONCEPT;
            }
        }
        // Phrases whose small words carry the meaning ("a little", "used to", "yet to";
        // `lexicon::KEPT_PHRASES`) lose none of them. Nor does the "by" that names who did
        // something ("given three times by Mum": without it, AGGRESSIVE made the mother an
        // object, "given three times Mum"), nor when something is to be done ("in a month").
        for i in 0..n {
            if protection.words[i].is(DROPPABLE) {
                if let Some(len) = kept_phrase_at(words, keys, i) {
                    protection.words[i..i + len].iter_mut().for_each(|w| w.class &= !DROPPABLE);
                } else if let Some(len) = (words[i].len() == 2).then(|| agent_at(words, i)).flatten() {
                    protection.words[i..i + len].iter_mut().for_each(|w| w.class &= !DROPPABLE);
                } else if timed_by_one_unit_at(words, i) {
                    protection.words[i..i + 3].iter_mut().for_each(|w| w.class &= !DROPPABLE);
                }
            }
        }
        // Its last byte: `ends_with` twice cost more, for every word of every sentence.
        let ends_clause = |i: usize| matches!(words[i].as_bytes().last(), Some(b',' | b';'));
        // Marks `before` words back (within the clause) and forward up to `after` words or the
        // clause end, whichever comes first; returns where the marking starts.
        let mark = |p: &mut Protection, i: usize, before: usize, after: usize| -> usize {
            let mut start = i;
            while start > 0 && i - start < before && !ends_clause(start - 1) {
                start -= 1;
            }
            let mut end = i;
            while end + 1 < n && end - i < after && !ends_clause(end) {
                end += 1;
            }
            for w in &mut p.words[start..=end] {
                w.protected = true;
            }
            start
        };
        // A negation's scope runs to the end of its clause. It is carried along as a flag rather
        // than marked from each cue, so "no no no …" costs one pass, not one per cue.
        let mut in_negation_scope = false;
        for i in 0..n {
            if in_negation_scope {
                let w = &mut protection.words[i];
                w.protected = true;
            }
            let bits = protection.words[i].class;
            if bits & class::ALLERGY != 0 {
                // Allergies are short and every word of them matters: the whole sentence.
                for w in &mut protection.words {
                    w.protected = true;
                }
                protection.strong = true;
                return;
            }
            if bits & class::DIGIT != 0 && !(i == 0 && is_list_number(words[0])) {
                protection.strong = true;
                let label = mark(protection, i, 4, 4);
                // A value's label that opens its clause may measure what a short first clause
                // names ("Double-volume exchange, total 520 mL": the twenty-ninth held-out set
                // lost the exchange, blind; "Blood loss, estimated 300 mL"): without it the value
                // measures nothing. At most three words, and only the sentence's first clause,
                // so each value looks at a fixed few words; not a field's label and its entry
                // ("Patient: Patient B, 74 F", which AGGRESSIVE drops as a name), nor what stands
                // before a number with no label of its own (a street's, in an address).
                let subject = label
                    .checked_sub(1)
                    .filter(|&end| label < i && end < SHORT_SUBJECT_WORDS && ends_clause(end))
                    .filter(|&end| (0..end).all(|k| !ends_clause(k) && !words[k].ends_with(':')));
                if let Some(end) = subject {
                    for w in &mut protection.words[..=end] {
                        w.protected = true;
                    }
                }
                // A clause in "-ing" right after the value's says how it came about or where it
                // goes ("MoCA 19/30, losing most points on the clock and the cube": the
                // fifty-seventh held-out set lost the clause, blind; "CRP 150, rising"). Only a
                // comma within the value's window is looked for, and the clause is marked up to
                // `VALUE_CLAUSE_WORDS`: a fixed reach from each value.
                let comma = (i..n.min(i + 5)).find(|&k| ends_clause(k)).filter(|&k| words[k].ends_with(','));
                if let Some(comma) = comma.filter(|&k| words.get(k + 1).is_some_and(|w| is_participle(w))) {
                    mark(protection, comma + 1, 0, VALUE_CLAUSE_WORDS);
                }
            } else if bits & class::DRUG != 0 {
                protection.strong = true;
                mark(protection, i, 1, 5);
            } else if bits & class::NEGATION != 0 && !(words[i].contains("n't") && is_tag_question(words, i)) {
                protection.negation = true;
                // A few words back: the negated clause's subject and auxiliaries
                // (`NEGATED_SUBJECT_WORDS`). A cue that closes its clause negates what comes
                // before it, as a result is written ("Fragrance mixes and rubber accelerators
                // negative", "Cultures negative"): its scope runs back to the clause's start,
                // and past it when the clause opens with "which" ("We did a fingerprick
                // pregnancy test in the room, which was negative"), to the start of the clause
                // it refers to. Only a clause's last word reaches back, over at most two
                // clauses, so each word is marked at most twice more: linear.
                // A cue that opens a clause after a comma qualifies what the clause before
                // names ("Occasional spherocytes, not prominent": the sixteenth held-out set
                // lost the spherocytes, blind, and kept "not prominent"): that clause too,
                // reached back over once, like a "which" clause's. So does a cue right after
                // "but", which contrasts what the words before it state ("He'll come to the club
                // to watch but not to drive the trains yet": the thirty-sixth held-out set lost
                // what he can do, blind, and kept what he cannot): up to `CONTRASTED_WORDS` back
                // in its clause, a fixed reach, so "but not but not …" stays linear.
                if i + 1 == n || ends_clause(i) {
                    for w in &mut protection.words[referent_start(words, i, ends_clause)..=i] {
                        w.protected = true;
                    }
                } else if i > 0 && words[i - 1].ends_with(',') {
                    for w in &mut protection.words[clause_start(i - 1, ends_clause)..=i] {
                        w.protected = true;
                    }
                } else if i > 0 && bare(words[i - 1]).eq_ignore_ascii_case("but") {
                    // "…, but": the comma closes what "but" contrasts ("The cat isolate is
                    // probably unrelated, but cannot exclude a second source": the thirty-eighth
                    // held-out set lost the hedged first clause, blind), so the reach goes on
                    // over it, as far.
                    if mark(protection, i, CONTRASTED_WORDS, 0) == i - 1 && i >= 2 && words[i - 2].ends_with(',') {
                        mark(protection, i - 2, CONTRASTED_WORDS - 1, 0);
                    }
                } else {
                    let start = mark(protection, i, negated_subject_words(words, i, ends_clause), 0);
                    // A short first clause before the negated one names who or what it is about,
                    // as a value's does (`SHORT_SUBJECT_WORDS`): "Surgeons reviewed, managed
                    // without an operation" (the forty-fourth held-out set lost the surgeons,
                    // blind), "Seen in clinic, never admitted". Not over a semicolon, which ends a
                    // statement of its own ("Chest clear; no wheeze"). Only the sentence's first
                    // clause, so each cue reads a fixed few words.
                    let first_clause = start.checked_sub(1).filter(|&end| {
                        end < SHORT_SUBJECT_WORDS
                            && words[end].ends_with(',')
                            && (0..end).all(|k| !ends_clause(k) && !words[k].ends_with(':'))
                    });
                    if let Some(end) = first_clause {
                        for w in &mut protection.words[..=end] {
                            w.protected = true;
                        }
                    }
                }
                in_negation_scope = true;
            }
            // A negation's scope runs on over a list's commas when the clause after the comma
            // ends the list with "or" or "nor" ("no whole nuts, popcorn or whole grapes before the
            // age of five", "No fever, cough or rash"; the nineteenth held-out set lost the rest
            // of such a list, blind). So it does when the clause after the comma opens with
            // "even", which widens what was denied ("Can't be bothered with anything, even
            // caching": the forty-second held-out set lost the hobby, blind; "Can't keep anything
            // down, even water"). The next clause is read once, from its comma: linear. Only
            // inside a scope is the word's last byte read: outside one there is no scope to end,
            // and reading it for every word cost 0.33 M instructions in three corpus passes
            // (73.39 M to 73.06 M, callgrind).
            if in_negation_scope && ends_clause(i) {
                in_negation_scope =
                    words[i].ends_with(',') && (ends_a_list(keys, i + 1, ends_clause) || widens(words, i + 1));
            }
        }
    }

    /// Clinical concepts: a sentence that names a diagnosis, finding, symptom, procedure,
    /// device, organism or drug (a vocabulary word or phrase) is a fact, kept whole and verbatim.
    /// The whole sentence, not the concept's words or clause: what makes it a fact reaches past
    /// commas and past the concept ("Affect: depressed, restricted in range, congruent", "my
    /// ankles are a little swollen in the evenings", "ECG showed atrial fibrillation with rapid
    /// ventricular response"), and its qualifiers (laterality, severity, certainty, time course,
    /// who had it) stand anywhere in it. Measured on the held-out set, narrower spans lost facts.
    ///
    /// A sentence quoting someone's own words ("\"Stings like razor blades when I pee\"", a
    /// child described as "dreamy") is one too: a clinical note quotes a patient or a carer
    /// because the words themselves are the report, which no vocabulary can recognise.
    fn protect_concepts(&self, words: &[&str], keys: &[Option<Key>], protection: &mut Protection) {
        let names_concept = self.names_a_concept(words, keys, protection);
        // A site's state is a finding too, but one that alone does not make a courtesy or a
        // sign-off a fact ("Thank you for keeping the waiting room clean and tidy", "Take care in
        // the hot weather": everyday English, `lexicon::SITE_STATES`), and so is a report in words
        // as often everyday (`lexicon::EVERYDAY_REPORTS`: "Thank you for the lovely bottle of
        // wine"). So is a time written in words, how long or how long ago ("Each lasts about ten
        // days", "Thirty years of cycling, often fifteen thousand kilometres a year": the
        // thirtieth held-out set lost both, blind): the whole sentence, since a window around the
        // number would keep the years and let the cycling go. So is a comparison with what is
        // usual for the person ("Warm-up took twice as long as usual": the thirty-first held-out
        // set lost it, blind; "Sleeping more than usual") or with an earlier time ("Deeper in the
        // centre than at the first visit"): a change from their own baseline. So
        // is what moves someone to do or feel something ("Supermarket tannoys make me wince"),
        // a measure's result in words ("Blood pressure high at the chemist"), advice to seek
        // care ("we advised him to see his doctor"), how something comes and goes ("It comes
        // in waves like someone twisting a knife"), how an episode ended ("by the slipway it
        // had stopped"), what happened to someone ("Something happened to me when I was 17") and
        // a chance in words ("more than two in three").
        let weak = !names_concept
            && (holds_a_weak_word(keys, &protection.words)
                || tells_a_time_in_words(words, &protection.words)
                || compares_with_a_baseline(words, &protection.words)
                || tells_what_moves_someone(words, keys)
                || sends_to_care(words, keys)
                || asks_to_contact_someone(words, keys)
                || runs_in_the_family(words, keys)
                || tells_what_happened_to_someone(words, keys)
                || tells_a_chance_in_words(words, keys)
                || tells_how_it_comes_and_goes(words, keys)
                || tells_how_it_ended(words, keys)
                || opens_with_relief(words)
                || gives_a_measure_in_words(words, &protection.words)
                || grades_a_range(words, keys));
        if !names_concept && !weak {
            return;
        }
        protection.strong |= names_concept;
        protection.weak = weak;
        for w in &mut protection.words {
            w.protected = true;
        }
    }

    /// Whether the sentence names a concept or a body part, as a word or a multi-word term, or
    /// quotes someone's own words: what makes it a fact (`protect_concepts`), and what keeps it
    /// from going as a courtesy when windows alone protect it whole (`protect`).
    fn names_a_concept(&self, words: &[&str], keys: &[Option<Key>], protection: &Protection) -> bool {
        protection.words.iter().any(|w| w.is(class::CONCEPT | class::ANATOMY))
            || self.holds_phrase(words, keys)
            || quotes_someone(words)
    }

    /// Whether a multi-word concept ("shortness of breath") starts at one of the words. Only
    /// windows of up to the longest phrase's length are looked up, so the work is linear. Each
    /// word is hashed by the key it was classified by (`keys`).
    fn holds_phrase(&self, words: &[&str], keys: &[Option<Key>]) -> bool {
        let hash = |i: usize| vocabulary::keyed_word_hash(words[i], keys[i]);
        (0..words.len()).any(|i| {
            let mut phrase = hash(i);
            self.phrases.starts_with(phrase)
                && (i + 1..words.len()).take(self.phrases.longest.saturating_sub(1)).any(|k| {
                    phrase = vocabulary::combine(phrase, hash(k));
                    self.phrases.contains(phrase)
                })
        })
    }

    /// A sentence that opens like a greeting, a sign-off, a courtesy or a confidentiality footer.
    pub fn is_boilerplate(&self, sentence: &str) -> bool {
        let trimmed = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
        let input = aho_corasick::Input::new(trimmed).anchored(aho_corasick::Anchored::Yes);
        self.boilerplate.try_find(input).is_ok_and(|m| m.is_some())
    }
}

/// The openings of the first words of `lexicon::KEPT_PHRASES`: they rule out most articles and
/// stopwords ("the", "of", "to", "in") before any comparison (comparing every one with every
/// phrase cost 4.4 % of a corpus pass), by the word's key (`Openings::may_hold`). A table of
/// first bytes, read from the trimmed word, let through every word opening with "a", "o" or "s"
/// ("and", "of", "some"): with `sends_to_care` trimming each word for its openings, 0.52 M
/// instructions more in three corpus passes (73.50 M to 72.98 M, callgrind).
static KEPT_PHRASE_OPENINGS: LazyLock<Openings> = LazyLock::new(|| {
    let mut openings = Openings::default();
    lexicon::KEPT_PHRASES.iter().for_each(|(phrase, _)| openings.add(phrase[0].as_bytes()));
    openings
});

/// The length of a phrase of `lexicon::KEPT_PHRASES` starting at word `i`, if one does: its words
/// in order, none but the last ending a clause, and one of its endings after it if one follows
/// ("on the way in"). At most the longest phrase's words and one more are read. `keys` are the
/// words' (`Lexicon::protect`).
fn kept_phrase_at(words: &[&str], keys: &[Option<Key>], i: usize) -> Option<usize> {
    if !KEPT_PHRASE_OPENINGS.may_hold(keys[i]) {
        return None;
    }
    let first = bare(words[i]);
    lexicon::KEPT_PHRASES.iter().filter(|(phrase, _)| phrase[0].eq_ignore_ascii_case(first)).find_map(
        |(phrase, endings)| {
            let held = words.get(i..i + phrase.len())?;
            let last = phrase.len() - 1;
            let same = held.iter().zip(*phrase).enumerate().all(|(k, (word, listed))| {
                bare(word).eq_ignore_ascii_case(listed) && (k == last || !ends_with_a_mark(word))
            });
            // Read only once the phrase is found, which few words open.
            let ending = || {
                !endings.is_empty()
                    && !ends_with_a_mark(held[last])
                    && words.get(i + phrase.len()).is_some_and(|next| is_one_of(next, endings))
            };
            same.then(|| phrase.len() + usize::from(ending()))
        },
    )
}

/// Whether word `i` is a "by" naming who did something, and how many of its words a strategy
/// must keep: a person or a clinician after it (`subject::names_a_person`, `lexicon::CARERS`),
/// perhaps after a determiner or a possessive and one more word ("by Mum", "by the district
/// nurse", "by both parents"), the "by" alone; or an object pronoun, which is the agent itself
/// ("given by her on the way in"), both. At most three words are read.
fn agent_at(words: &[&str], i: usize) -> Option<usize> {
    if !words[i].eq_ignore_ascii_case("by") {
        return None;
    }
    let person = |w: &str| subject::names_a_person(w) || is_one_of(w, lexicon::CARERS);
    let next = words.get(i + 1)?;
    let after = |k: usize| words.get(i + k).is_some_and(|w| person(w));
    let named = person(next)
        || !ends_with_a_mark(next)
            && subject::opens_a_noun_phrase(next)
            && (after(2) || !words.get(i + 2).is_some_and(|w| ends_with_a_mark(w)) && after(3));
    if named {
        Some(1)
    } else if is_one_of(next, lexicon::OBJECT_PRONOUNS) {
        // "her" opens a noun phrase ("by her mother", above) or stands alone.
        Some(2)
    } else {
        None
    }
}

/// The keys of the words that protect a sentence weakly: `lexicon::SITE_STATES` and
/// `lexicon::EVERYDAY_REPORTS`.
static WEAK_WORDS: LazyLock<HashSet<Key>> = LazyLock::new(|| {
    lexicon::SITE_STATES.iter().chain(lexicon::EVERYDAY_REPORTS).filter_map(|word| key(word)).collect()
});

/// Whether the sentence holds a word of `lexicon::SITE_STATES` ("Pad and shield clean and dry",
/// "Pink again within a minute") or of `lexicon::EVERYDAY_REPORTS` ("The pony stumbled"). Only
/// the clinical words are looked up (both lists' words are clinical words), by their keys.
fn holds_a_weak_word(keys: &[Option<Key>], classes: &[Word]) -> bool {
    classes.iter().zip(keys).any(|(w, k)| w.is(class::CLINICAL) && k.is_some_and(|k| WEAK_WORDS.contains(&k)))
}

/// Whether the sentence tells a time in words: a number written as a word before a unit of
/// time ("ten days", "four years ago"; `lexicon::NUMBER_WORDS`, `lexicon::TIME_UNITS`), "a" or
/// "an" as the number one in how long something lasted or how long ago or later it was
/// (`one_unit_of_time`), or a span with no number before one in the plural ("over years", "take
/// months", "a few days"; `lexicon::TIME_SPAN_WORDS`). Only the words the lexicon marks as a
/// counted unit are compared.
fn tells_a_time_in_words(words: &[&str], classes: &[Word]) -> bool {
    (1..words.len()).any(|i| {
        classes[i].is(class::COUNTED_UNIT)
            && is_one_of(words[i], lexicon::TIME_UNITS)
            && (is_one_of(words[i - 1], lexicon::NUMBER_WORDS)
                || bare(words[i]).ends_with('s') && is_one_of(words[i - 1], lexicon::TIME_SPAN_WORDS)
                || one_unit_of_time(words, i))
    })
}

/// Whether `words`, after a count of times, say it is counted over the night: "at night",
/// "overnight", "in the night", "during the night". At most three words are read.
fn counts_the_night(words: &[&str]) -> bool {
    let night = |w: &&str| is_one_of(w, &["night", "nights"]);
    match words {
        [at, then, ..] if is_one_of(at, &["at"]) => night(then),
        [overnight, ..] if is_one_of(overnight, &["overnight"]) => true,
        [within, the, then, ..] => is_one_of(within, &["in", "during"]) && is_one_of(the, &["the"]) && night(then),
        _ => false,
    }
}

/// Whether the sentence tells a chance in words, one number written as a word "in" another ("most
/// couples in your situation go on to have a baby, more than two in three", in a recurrent
/// miscarriage clinic's letter: the eighty-second held-out set lost it, blind; "about one in
/// twenty", "one in a hundred"): a risk or a prognosis, kept weakly. "in" is looked for first, by
/// the words' keys; three words are read around it.
fn tells_a_chance_in_words(words: &[&str], keys: &[Option<Key>]) -> bool {
    joins_a_pair(words, keys, "in", |i| {
        is_one_of(words[i - 1], lexicon::NUMBER_WORDS)
            && (is_one_of(words[i + 1], lexicon::NUMBER_WORDS)
                || is_one_of(words[i + 1], &["a"])
                    && words.get(i + 2).is_some_and(|w| is_one_of(w, &["hundred", "thousand", "million"])))
    })
}

/// Whether some word `i` of the sentence, neither first nor last, is `joiner` by its key, the
/// word before it ends no clause, and `pair(i)` holds of the words around it: the shape of the
/// weak rules that read a word with its neighbours ("two in three", "moderate to severe",
/// "happened to me", "runs in the family"). The joiner is found by key first, so only its few
/// places are read.
fn joins_a_pair(words: &[&str], keys: &[Option<Key>], joiner: &str, pair: impl Fn(usize) -> bool) -> bool {
    let joiner = key(joiner);
    (1..words.len().saturating_sub(1)).any(|i| keys[i] == joiner && !ends_with_a_mark(words[i - 1]) && pair(i))
}

/// Whether the sentence grades a range, two of `lexicon::GRADES` joined by "to" ("Acute phase,
/// moderate to severe", a machine-translated diagnosis: the fifty-ninth held-out set lost its
/// acuity and the range's "to" under AGGRESSIVE, blind): a grading, a fact of its own, kept
/// weakly. Only where the next word's key is "to"'s are the words compared, as
/// `subject::tells_an_episodic_course` reads "and".
fn grades_a_range(words: &[&str], keys: &[Option<Key>]) -> bool {
    joins_a_pair(words, keys, "to", |i| {
        is_one_of(words[i - 1], lexicon::GRADES) && is_one_of(words[i + 1], lexicon::GRADES)
    })
}

/// Whether the unit of time at `i` is one, as "a" or "an", that times an event: how long it
/// lasted, a form of `lexicon::LASTING` at most two words before the article ("It lasted about
/// a minute": the thirty-seventh held-out set lost how long a seizure lasted, blind; "lasting
/// for an hour"), or how long ago or later it was ("a week ago", "an hour later"). Not a booking
/// or a rate ("The room was booked for an hour", "at the end of a day", "once a week"), nor "a
/// second opinion". At most four words are read.
fn one_unit_of_time(words: &[&str], i: usize) -> bool {
    is_one_unit(bare(words[i]))
        && is_one_of(words[i - 1], &["a", "an"])
        && (words.get(i + 1).is_some_and(|w| is_one_of(w, &["ago", "later"]))
            || words[i.saturating_sub(4)..i - 1].iter().any(|w| is_one_of(w, lexicon::LASTING)))
}

/// Whether `unit`, a bare unit of time, is one: in the singular, and not "second", which is an
/// ordinal as often ("a second opinion"). Whether it is a unit of time is its caller's to ask
/// (`tells_a_time_in_words` has).
fn is_one_unit(unit: &str) -> bool {
    !unit.ends_with('s') && !unit.eq_ignore_ascii_case("second")
}

/// Whether word `i` opens when something is to be done or for how long, with one unit of time:
/// "in", "within" or "for", then "a" or "an" ("Please repeat full blood count in a month":
/// BALANCED dropped the article of a request the seventy-sixth held-out set kept otherwise,
/// blind, and AGGRESSIVE made it "count month"; "Sit her up … during feeds and for an hour
/// after", a tube feed's advice: the eighty-fifth lost the article, blind), or "the" and which
/// one ("First community dose booked at Open Door the next day", a release plan: the
/// eighty-seventh lost the article, blind; "the same day", "the following morning", a time of
/// day as `lexicon::TIMES_OF_DAY` names one). Its three words, none of which a strategy drops:
/// without a month's "a" it is no time, without its "in" a rate. Only a word of two, three or
/// six bytes is compared.
fn timed_by_one_unit_at(words: &[&str], i: usize) -> bool {
    // The word as written, with no mark: its length tells which it may be ("the" is among the
    // commonest words a strategy drops, so it is compared once, not through a list).
    let word = words[i];
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    let opens = match word.len() {
        2 => is("in"),
        3 => is("for") || is("the"),
        6 => is("within"),
        _ => false,
    };
    let next_is = |list: &[&str]| words.get(i + 1).is_some_and(|w| !ends_with_a_mark(w) && is_one_of(w, list));
    let unit_is = |time_of_day: bool| {
        words.get(i + 2).is_some_and(|unit| {
            is_one_of(unit, lexicon::TIME_UNITS) && is_one_unit(bare(unit))
                || time_of_day && is_one_of(unit, lexicon::TIMES_OF_DAY)
        })
    };
    opens
        && if is("the") {
            next_is(&["next", "following", "same"]) && unit_is(true)
        } else {
            next_is(&["a", "an"]) && unit_is(false)
        }
}

/// Whether the sentence gives a measure's result in words: a word of `lexicon::RESULTS_IN_WORDS`
/// at most three words after one of `lexicon::MEASURES_IN_WORDS` ("Blood pressure high at the
/// chemist", "Sugars a bit high"), the measure in its clause. Only clinical words are compared
/// as measures (each is one).
fn gives_a_measure_in_words(words: &[&str], classes: &[Word]) -> bool {
    (0..words.len()).any(|i| {
        if !classes[i].is(class::CLINICAL)
            || ends_with_a_mark(words[i])
            || !is_one_of(words[i], lexicon::MEASURES_IN_WORDS)
        {
            return false;
        }
        let after = &words[i + 1..words.len().min(i + 4)];
        let clause = after.iter().position(|w| ends_with_a_mark(w)).map_or(after, |end| &after[..=end]);
        clause.iter().any(|w| is_one_of(w, lexicon::RESULTS_IN_WORDS))
    })
}

/// Whether the sentence tells what moves someone to do or feel something: "me" after a verb
/// of `lexicon::MAKES_ME` ("Supermarket tannoys make me wince"), or a person after a verb of
/// `lexicon::BOTHERS` ("Bright lights bother him during a bad spell": the fiftieth held-out set
/// lost it, blind; "Loud music troubles her"). Not "you": "Sorry to bother you" is a courtesy.
/// The person is looked for first, by the words' keys (`Lexicon::protect`): a key is the bare
/// word with ASCII case folded, so comparing it is comparing the word, for an integer
/// comparison instead of trimming each word.
fn tells_what_moves_someone(words: &[&str], keys: &[Option<Key>]) -> bool {
    let me = key("me");
    let others = [key("him"), key("her"), key("them")];
    (1..words.len()).any(|i| {
        let writer = keys[i] == me;
        (writer || others.contains(&keys[i]))
            && (writer && is_one_of(words[i - 1], lexicon::MAKES_ME) || is_one_of(words[i - 1], lexicon::BOTHERS))
    })
}

/// Whether the diagnosis head that opens `words` names no diagnosis by the words after it
/// (`lexicon::NOT_DIAGNOSES`), read in its clause: at most two words. The head is trimmed
/// once, not once per listed head.
fn names_no_diagnosis(words: &[&str]) -> bool {
    let Some(head) = words.first().map(|w| bare(w)) else { return false };
    lexicon::NOT_DIAGNOSES.iter().any(|(listed, continuations)| {
        head.eq_ignore_ascii_case(listed)
            && continuations.iter().any(|continuation| {
                // The continuation's words, none of those before them (the head's included)
                // ending the clause.
                let read = continuation.len();
                words.get(1..=read).is_some_and(|after| {
                    words[..read].iter().all(|w| !ends_with_a_mark(w))
                        && after.iter().zip(*continuation).all(|(w, listed)| bare(w).eq_ignore_ascii_case(listed))
                })
            })
    })
}

/// Whether the sentence tells how something comes and goes, in the idioms patients and carers
/// use for a symptom's time course: an episodic course ("comes and goes", "on and off";
/// `subject::tells_an_episodic_course`, which also keeps such a sentence as a recurrence) or "in
/// waves" ("It comes in waves like someone twisting a knife": the thirty-sixth held-out set lost
/// it, blind). Protected weakly, so its words are kept as written.
fn tells_how_it_comes_and_goes(words: &[&str], keys: &[Option<Key>]) -> bool {
    // By the words' keys, as "me" is (`tells_what_moves_someone`): `is_one_of` with a list of
    // one, called for every word, cost three times as much as comparing the bare words in place,
    // which cost more than comparing their keys. With "me" and the episodic course's "and", the
    // keys saved 0.84 M instructions of a three-pass corpus run (6 % of `protect`).
    let (waves, in_) = (key("waves"), key("in"));
    super::subject::tells_an_episodic_course(words, keys)
        || (1..words.len()).any(|i| keys[i] == waves && keys[i - 1] == in_)
}

/// Whether the sentence tells how an episode ended: "it" and a verb of `lexicon::EPISODE_ENDINGS`
/// at most two words after it in its clause ("it had stopped", "it just eased", "it's settled").
/// "it" is looked for first: its first byte, then the word's key (`Lexicon::protect`), as "me"
/// is (`tells_what_moves_someone`); each looks on over two words.
fn tells_how_it_ended(words: &[&str], keys: &[Option<Key>]) -> bool {
    let it = [key("it"), key("it's"), key("it'd")];
    words.iter().enumerate().any(|(i, w)| {
        w.as_bytes().first().is_some_and(|b| b.eq_ignore_ascii_case(&b'i'))
            && it.contains(&keys[i])
            && !ends_with_a_mark(w)
            && {
                let reach = &words[i + 1..words.len().min(i + 3)];
                let clause = reach.iter().position(|next| ends_with_a_mark(next)).map_or(reach, |k| &reach[..=k]);
                clause.iter().any(|next| is_one_of(next, lexicon::EPISODE_ENDINGS))
            }
    })
}

/// Whether the sentence opens by saying what relieves a symptom, its subject left out as a note
/// or a log leaves it: "Better" and what makes it so ("Better bent over the shopping trolley in
/// the supermarket": the thirty-eighth held-out set lost it, blind; "Better with rest"). Not
/// advice or a comparison ("Better to ring first", "Better than last year"). "better" anywhere
/// is everyday as often ("to better understand your needs"): protecting it so cost half a point
/// of the tuning corpus's median reduction. A list's mark may come first ("- Better with rest").
/// At most three words are read.
fn opens_with_relief(words: &[&str]) -> bool {
    let Some(opening) = words.iter().take(2).position(|w| w.bytes().any(|b| b.is_ascii_alphabetic())) else {
        return false;
    };
    matches!(&words[opening..], [first, next, ..]
        if bare(first) == "Better" && !ends_with_a_mark(first) && !is_one_of(next, &["to", "than", "off"]))
}

/// Whether the sentence tells that a condition runs in a family, in the idiom: a form of
/// `lexicon::RUNS`, "in", perhaps a determiner or a possessive, and one of `lexicon::FAMILIES`
/// ("This is lifelong and runs in families", "It runs in the family", "Diabetes runs in her
/// family"): who had it. "in" is looked for first, by the words' keys, as "me" is
/// (`tells_what_moves_someone`); at most four words are read from each.
fn runs_in_the_family(words: &[&str], keys: &[Option<Key>]) -> bool {
    joins_a_pair(words, keys, "in", |i| {
        !ends_with_a_mark(words[i])
            && is_one_of(words[i - 1], lexicon::RUNS)
            && words[i + 1..].iter().take(2).enumerate().any(|(k, w)| {
                is_one_of(w, lexicon::FAMILIES)
                    && (k == 0
                        || is_one_of(words[i + 1], &["the", "a", "our"])
                        || is_one_of(words[i + 1], lexicon::POSSESSIVES))
            })
    })
}

/// Whether the sentence tells an event in someone's life: a form of `lexicon::HAPPENS`, "to" and
/// a person as a pronoun ("Something happened to me when I was 17", a birth plan's disclosure:
/// AGGRESSIVE made it "Happened me when I was 17" and the seventy-seventh held-out set lost it,
/// blind; "It happened to her mother too"). Not what happened to a thing ("What happened to the
/// referral?", "What happened to my appointment letter?": a possessive says whose the thing is
/// as often). "to" is looked for first, by the words' keys; two words are read around it.
fn tells_what_happened_to_someone(words: &[&str], keys: &[Option<Key>]) -> bool {
    joins_a_pair(words, keys, "to", |i| {
        !ends_with_a_mark(words[i])
            && is_one_of(words[i - 1], lexicon::HAPPENS)
            && is_one_of(words[i + 1], lexicon::OBJECT_PRONOUNS)
    })
}

/// The openings of `lexicon::CARERS`: most words open none, and are ruled out without comparing
/// them with each carer (which cost 1.7 % of a corpus pass, for every word of a sentence naming no
/// concept).
static CARER_OPENINGS: LazyLock<Openings> = LazyLock::new(|| Openings::of(lexicon::CARERS));

/// Whether the sentence sends someone to a clinician or a place of care: a word of
/// `lexicon::CARERS` at most `CARE_REACH` words after one of `lexicon::SEEKS_CARE`, in its clause
/// ("see his doctor", "ring the nurse", "seen by a doctor", "called an ambulance", "talk to the
/// practice nurse"; not a field's label, "Seen by: Nurse practitioner …", which names who saw the
/// patient). The carer is compared first, and each carer looks back over `CARE_REACH` words only.
/// `keys` are the words': most words are ruled out by their key alone (`Openings::may_hold`),
/// where each word was trimmed to read its opening (see `KEPT_PHRASE_OPENINGS` for what both
/// cost).
fn sends_to_care(words: &[&str], keys: &[Option<Key>]) -> bool {
    (1..words.len()).any(|i| {
        CARER_OPENINGS.may_hold(keys[i])
            && is_one_of(words[i], lexicon::CARERS)
            && words[i.saturating_sub(CARE_REACH)..i]
                .iter()
                .rev()
                .take_while(|w| !ends_with_a_mark(w))
                .any(|w| is_one_of(w, lexicon::SEEKS_CARE))
    })
}

/// The openings of `lexicon::CONTACTS`, as `CARER_OPENINGS`: most words open none, and are ruled
/// out by their key before they are compared with each name.
static CONTACT_OPENINGS: LazyLock<Openings> = LazyLock::new(|| Openings::of(lexicon::CONTACTS));

/// The most words before a verb of contacting that asks for it (`asks_to_contact_someone`):
/// "Can you ring", "Please call".
const WORDS_BEFORE_A_CONTACT: usize = 2;

/// Whether the sentence asks for someone around the patient to be contacted: one of
/// `lexicon::CONTACTS` among its first words, as a request or an instruction, then a person
/// (`subject::names_a_person`) at most `CARE_REACH` words on, in its clause ("Call mum after any dose",
/// "Can you ring his daughter": the fifty-fourth held-out set lost both, from a respite unit's
/// emergency plan and a home care worker's text). Only the first words are read: looking for a
/// relative after every word cost 0.55 M instructions in three corpus passes, since the
/// relatives' openings ("so", "pa", "wi", "ca") are among the commonest. `keys` are the words':
/// a first word whose key opens no verb of contacting is ruled out without comparing it with
/// each (`CONTACT_OPENINGS`), and the test stays out of line: compared with each, the first
/// words cost 0.33 M instructions in three corpus passes; with the filter and the test kept out of
/// `Lexicon::protect`, 0.21 M less in all (80.09 M to 79.88 M, callgrind), where either alone cost
/// some 0.03 M more (the filter inlined changed how `Lexicon::protect` was compiled).
#[inline(never)]
fn asks_to_contact_someone(words: &[&str], keys: &[Option<Key>]) -> bool {
    let contact = |i: usize| CONTACT_OPENINGS.may_hold(keys[i]) && is_one_of(words[i], lexicon::CONTACTS);
    let Some(at) = (0..words.len().min(WORDS_BEFORE_A_CONTACT + 1)).find(|&i| contact(i)) else {
        return false;
    };
    if ends_with_a_mark(words[at]) {
        return false;
    }
    // The relative may end the clause ("Call mum."), and nothing after it counts.
    for word in words[at + 1..].iter().take(CARE_REACH) {
        // A person named, not the reader or a pronoun ("Safe to contact you on this number?").
        if subject::names_a_person(word) && !is_one_of(word, &["you", "he", "she", "they"]) {
            return true;
        }
        if ends_with_a_mark(word) {
            return false;
        }
    }
    false
}

/// How many words before a carer a verb sending someone to care may stand: an article or a
/// possessive and a word naming which carer ("see the practice nurse"), and the particle of a
/// verb that takes one ("talk to the jockeys' medical officer").
const CARE_REACH: usize = 4;

/// In a sentence that holds a fact, a clause ending in "only" states a restriction of what the
/// fact allows ("Sauna and steam room not offered; pool and relaxation room only": the
/// thirty-first held-out set lost the pool, blind; "Fit for light duties, day shifts only"): it
/// is kept whole with the fact. Not alone: "For office use only." is no fact.
fn protect_restrictions(words: &[&str], keys: &[Option<Key>], protection: &mut Protection) {
    // Most sentences hold no "only": comparing the words' keys (`Lexicon::protect`) with its
    // rules them out, where reading every word's clause end cost 0.8 M instructions in three
    // corpus passes (callgrind).
    if !keys.contains(&key("only")) {
        return;
    }
    let mut start = 0;
    for (i, word) in words.iter().enumerate() {
        let ends_clause = i + 1 == words.len() || word.ends_with([',', ';']);
        if !ends_clause {
            continue;
        }
        if bare(word).eq_ignore_ascii_case("only") {
            protection.words[start..=i].iter_mut().for_each(|w| w.protected = true);
        }
        start = i + 1;
    }
}

/// Whether the sentence compares with a baseline, what is usual for someone: "than usual" or "as … as
/// usual" ("longer than usual", "twice as long as usual"; not a routine, "discussed as usual",
/// nor a place, "your usual pharmacy"); or with an earlier time, "than" and when
/// (`lexicon::EARLIER_TIMES`: "Deeper in the centre than at the first visit", of a wound: the
/// forty-sixth held-out set lost it, blind; "worse than yesterday", "bigger than last time");
/// or with what is usual at their age (`at_their_age`); or "compared with" an earlier record
/// (`compared_with_an_earlier_time`); or with a norm, what was expected or a threshold
/// (`compared_with_a_norm`). Only the filler words and stopwords are compared ("usual" is one,
/// `lexicon::FILLER`; "than", `lexicon::STOPWORDS`), the words that open with "a", function words
/// after a word as long as "compared", and words as long as a norm.
fn compares_with_a_baseline(words: &[&str], classes: &[Word]) -> bool {
    let is = |i: usize, word: &str| bare(words[i]).eq_ignore_ascii_case(word);
    // "than at the first visit", "than on admission": an occasion within two words of "at" or
    // "on" ("than at Christmas", "than on the advert" compare with no earlier state).
    let occasion_after =
        |i: usize| (i + 1..words.len().min(i + 3)).any(|k| is_one_of(words[k], lexicon::EARLIER_OCCASIONS));
    (1..words.len()).any(|i| {
        at_their_age(words, i)
            || (classes[i].is(class::FILLER)
                && is(i, "usual")
                && (is(i - 1, "than") || (i >= 3 && is(i - 1, "as") && is(i - 3, "as"))))
            || compared_with_an_earlier_time(words, classes, i)
            || compared_with_a_norm(words, i)
            || (classes[i - 1].is(class::STOPWORD)
                && is(i - 1, "than")
                && !ends_with_a_mark(words[i - 1])
                && (is_one_of(words[i], lexicon::EARLIER_TIMES)
                    || is_one_of(words[i], &["at", "on"]) && !ends_with_a_mark(words[i]) && occasion_after(i)))
    })
}

/// The most words between a comparing word and the norm it compares with: "far above the level
/// expected" has two.
const WORDS_BEFORE_A_NORM: usize = 3;

/// Whether word `i` is a norm (`lexicon::NORMS`: "expected", "threshold") that what was measured
/// is compared with: one of `lexicon::NORM_COMPARISONS` at most `WORDS_BEFORE_A_NORM` words
/// before it, and what was measured (`lexicon::MEASURED_THINGS`) at most as many before that, in
/// its clause ("Counts far above the level expected for a freshly made feed", a feed's culture:
/// the eighty-fifth held-out set lost it, blind; "Growth well above the usual threshold",
/// "Platelet count lower than expected"). Not a norm alone ("Expected date of delivery"), nor
/// what is no measure ("Clinic ran later than expected", "Demand is well above the level
/// expected", "Salary is above the level expected": a review found each kept). Only a word of
/// eight to ten bytes is compared.
fn compared_with_a_norm(words: &[&str], i: usize) -> bool {
    let clause_before =
        |end: usize| (end.saturating_sub(WORDS_BEFORE_A_NORM)..end).rev().take_while(|&k| !ends_with_a_mark(words[k]));
    words[i].len() >= 8
        && matches!(bare(words[i]).len(), 8..=10)
        && is_one_of(words[i], lexicon::NORMS)
        && clause_before(i).any(|k| {
            is_one_of(words[k], lexicon::NORM_COMPARISONS)
                && clause_before(k).any(|m| is_one_of(words[m], lexicon::MEASURED_THINGS))
        })
}

/// Whether word `i` is the "with" or "to" of "compared" or "comparison" and an earlier time or
/// occasion follows (`lexicon::EARLIER_TIMES`, `lexicon::EARLIER_OCCASIONS`), perhaps after a
/// determiner or a possessive:
/// "Chart shapes stable compared with the old optician's notes", of a Hess chart (the
/// fifty-fifth held-out set lost it, blind), "smaller compared to the previous scan". Not
/// "compared with other brands" or "compared with each other last year", which compare with no
/// earlier state of the patient's.
fn compared_with_an_earlier_time(words: &[&str], classes: &[Word], i: usize) -> bool {
    // Most words are no function word: told before the word before is read.
    if !classes[i].is(class::FUNCTION) {
        return false;
    }
    debug_assert!(i > 0, "the caller reads from the second word");
    let compared = bare(words[i - 1]);
    matches!(compared.len(), 8 | 10)
        && is_one_of(words[i], &["with", "to"])
        && is_one_of(compared, &["compared", "comparison"])
        && !ends_with_a_mark(words[i])
        && {
            // The earlier time right after, or after a determiner or a possessive.
            let earlier = |k: usize| {
                words
                    .get(k)
                    .is_some_and(|w| is_one_of(w, lexicon::EARLIER_TIMES) || is_one_of(w, lexicon::EARLIER_OCCASIONS))
            };
            earlier(i + 1)
                || words.get(i + 1).is_some_and(|w| !ends_with_a_mark(w) && subject::opens_a_noun_phrase(w))
                    && earlier(i + 2)
        }
}

/// Whether word `i` is "age" compared with, as what is usual at someone's age: after a word of
/// `lexicon::AGE_COMPARISONS` and perhaps a possessive ("Reads well above his age", of a child:
/// the forty-eighth held-out set lost it, blind; "small for age"), and ending its clause ("an
/// allowance for her age group" compares with nothing). At most four words are read, and only
/// at a word of three bytes opening with "a".
fn at_their_age(words: &[&str], i: usize) -> bool {
    let age = words[i];
    let ends_clause =
        || ends_with_a_mark(age) || words.get(i + 1).is_none_or(|next| is_one_of(next, lexicon::CONJUNCTIONS));
    let compared = |k: usize| !ends_with_a_mark(words[k]) && is_one_of(words[k], lexicon::AGE_COMPARISONS);
    age.as_bytes().first().is_some_and(|b| b.eq_ignore_ascii_case(&b'a'))
        && bare(age).eq_ignore_ascii_case("age")
        && ends_clause()
        && (compared(i - 1)
            || (i >= 2
                && !ends_with_a_mark(words[i - 1])
                && is_one_of(words[i - 1], lexicon::POSSESSIVES)
                && compared(i - 2)))
}

/// The words before a negation cue kept with it: the negated clause's subject and
/// auxiliaries ("It has never got stuck", "he does not seem bothered", "There has been no
/// blood"), whose loss changes who or what is negated. Three: two lost "There" in the twelfth
/// held-out set.
const NEGATED_SUBJECT_WORDS: usize = 3;

/// How many words before a negation cue right after "but" are kept with it: "but" and what it
/// contrasts ("can walk to the shop but not back", "He'll come to the club to watch but not to
/// drive"), within the clause.
const CONTRASTED_WORDS: usize = 10;

/// A negated clause with at most this many words before its cue is kept from its start: a noun
/// phrase with its article and modifiers, and an auxiliary ("the usual weekly pill box was").
const NEGATED_CLAUSE_WORDS: usize = 6;

/// How many words before the negation cue at `i` to keep with it: back to where its clause
/// opens, after a comma, a semicolon or a conjunction ("Seen today and there has been no
/// blood"), when that is at most `NEGATED_CLAUSE_WORDS` back ("Collected by the patient; the
/// usual weekly pill box was not used": the twentieth held-out set lost the article), and never
/// fewer than `NEGATED_SUBJECT_WORDS`. Read at most that far back, so "no no no …" stays linear.
fn negated_subject_words(words: &[&str], i: usize, ends_clause: impl Fn(usize) -> bool) -> usize {
    // A label's colon opens one too: "Consultant: The shape of the bridge usually doesn't go
    // back" (a transcript's turn, in the fifty-eighth held-out set) is negated from "The".
    let opens_after =
        |k: usize| ends_clause(k) || words[k].ends_with(':') || is_one_of(words[k], lexicon::CONJUNCTIONS);
    let start = (i.saturating_sub(NEGATED_CLAUSE_WORDS + 1)..i).rev().find(|&k| opens_after(k)).map(|k| k + 1);
    let start = start.or((i <= NEGATED_CLAUSE_WORDS).then_some(0));
    start.map_or(NEGATED_SUBJECT_WORDS, |start| (i - start).max(NEGATED_SUBJECT_WORDS))
}

/// Where the clause of word `i` starts, or the clause before it when its clause opens with
/// "which" (a relative clause whose negation is about what the clause before names).
fn referent_start(words: &[&str], i: usize, ends_clause: impl Fn(usize) -> bool) -> usize {
    let start = clause_start(i, &ends_clause);
    if start > 0 && bare(words[start]).eq_ignore_ascii_case("which") {
        clause_start(start - 1, &ends_clause)
    } else {
        start
    }
}

/// Whether the clause starting at word `start` opens with "even" and widens what was denied
/// ("…, even water"), not with a concession ("even though", "even if", "even so"). Two words are
/// read.
fn widens(words: &[&str], start: usize) -> bool {
    words.get(start).is_some_and(|w| bare(w).eq_ignore_ascii_case("even"))
        && !words.get(start + 1).is_some_and(|w| is_one_of(w, &["though", "if", "so"]))
}

/// Whether the clause starting at word `start` (to its end or the sentence's) holds "or" or "nor":
/// the last item of a list whose first items stood before the comma. Compared by the words' keys
/// (`Lexicon::protect`): `is_one_of` on each word cost 0.24 M instructions more in three corpus
/// passes (72.92 M to 72.68 M, callgrind).
fn ends_a_list(keys: &[Option<Key>], start: usize, ends_clause: impl Fn(usize) -> bool) -> bool {
    let end = (start..keys.len()).find(|&k| ends_clause(k)).map_or(keys.len(), |k| k + 1);
    let (or, nor) = (key("or"), key("nor"));
    keys[start.min(end)..end].iter().any(|&k| k == or || k == nor)
}

/// The most words of a clause in "-ing" after a value's that the value protects with it
/// (`Lexicon::windows`).
const VALUE_CLAUSE_WORDS: usize = 12;

/// A word in "-ing" as a clause's verb, in lower case ("losing", "rising"), not one of
/// `lexicon::NOT_PARTICIPLES` ("morning").
fn is_participle(word: &str) -> bool {
    let word = bare(word);
    word.len() >= 5
        && word.ends_with("ing")
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !is_one_of(word, lexicon::NOT_PARTICIPLES)
}

/// The most words a sentence's first clause may have to be read as the subject its second
/// clause's value measures, or its negation is about (`Lexicon::windows`).
const SHORT_SUBJECT_WORDS: usize = 3;

/// Where the clause holding word `end` starts: after the last word before it that ends one.
fn clause_start(end: usize, ends_clause: impl Fn(usize) -> bool) -> usize {
    (0..end).rev().find(|&k| ends_clause(k)).map_or(0, |k| k + 1)
}

/// One word of a sentence: its lexicon classes and what protection says about it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub class: u16,
    /// Never dropped nor changed.
    pub protected: bool,
}

impl Word {
    pub fn is(&self, class: u16) -> bool {
        self.class & class != 0
    }
}

/// Which words of a sentence are protected, and why.
#[derive(Default)]
pub struct Protection {
    pub words: Vec<Word>,
    /// A number, drug or allergy: the sentence carries facts.
    pub strong: bool,
    /// A negation: its scope is protected, but alone it does not save a courtesy sentence
    /// ("Please do not hesitate to call").
    pub negation: bool,
    /// A site's state in plain words (`lexicon::SITE_STATES`), a report in everyday words
    /// (`lexicon::EVERYDAY_REPORTS`), a time in words, a comparison with a baseline, what
    /// moves the writer or a measure's result in words (`Lexicon::protect_concepts`): the whole
    /// sentence is protected, but alone it does not save a courtesy either.
    pub weak: bool,
}

impl Protection {
    /// An empty protection with room for a sentence of `words` words.
    pub fn with_capacity(words: usize) -> Self {
        Self { words: Vec::with_capacity(words), ..Self::default() }
    }

    pub fn any(&self) -> bool {
        self.strong || self.negation || self.weak
    }

    /// How many clinical words the sentence holds: sentences with few are the first to go.
    pub fn clinical_weight(&self) -> usize {
        self.words.iter().filter(|w| w.is(class::CLINICAL)).count()
    }
}

#[cfg(test)]
mod tests;
