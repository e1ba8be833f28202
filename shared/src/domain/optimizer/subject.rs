//! Whether a sentence is about the patient or someone around them: its subject is a person ("He
//! lines up his pencils before starting work", "Her husband is doing her buttons", "Keyworker:
//! "He's just not himself."").
//!
//! Why: the section rule (`section`) made a sentence of the history or examination a finding
//! whatever its words. The eighth held-out set, written blind while that rule was built, still
//! lost behaviour and change in plain words where no such heading stands: in letters, meeting
//! minutes, telephone logs and nursing entries ("He screams in the night, which is new for him",
//! "She has stopped going to her aqua-aerobics class"). What these sentences share is their
//! subject: clinical writing describes its patient, and a sentence that says what the patient
//! (or a relative, a carer, a teacher who saw it) did, felt or showed is a report of that, with
//! no word a vocabulary could name. So such a sentence is treated as narrative (`prose`): kept
//! by every strategy, edited only as MINIMAL edits.
//!
//! The ninth set, written blind while this rule was built, lost the same kind where the subject
//! is left out or comes later, as notes write: "Slept most of the night.", "Keeps trying to stand
//! up out of the chair." (care-home and ward entries), "Informal admission offered twice; she
//! declined, saying she has work to do for God.", and "you" in a letter written to the patient.
//! So a sentence also counts when it opens with a verb (its subject the patient's, left out) or
//! when one of its clauses opens with a person.
//!
//! Not a sentence that plans or advises ("She will be reviewed in six weeks", "He should
//! continue"), whose modal says it is no observation, nor one about the consultation itself
//! ("He expressed understanding and was happy with the plan"), nor one opening with what the
//! clinician did ("Discussed with the consultant"), nor one with no lowercase word after its
//! subject (a name or a record: "Patient: Patient NA (TEST-000801)"). Each clause's start is
//! read a bounded number of words deep, and the consultation's phrases once over the sentence:
//! linear in the sentence's length.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::class;
use super::keys::{key, Key};
use super::lexicon::{
    ADVERBS_BEFORE_A_SUBJECT, CARERS, CARE_GIVEN, CARE_PLANNED, CLINICIAN_ACTS, CLINICIAN_FIRST_PERSON_VERBS,
    CONJUNCTIONS, CONSULTATION_PHRASES, DETERMINERS, ELIDED_SUBJECT_VERBS, EPISODIC_COURSES, FIRST_PERSON_AUXILIARIES,
    NOT_ITEM_OPENERS, NOT_PARTICIPLES, NOT_PASTS, NUMBER_WORDS, OPENING_PREPOSITIONS, PARTICLES, PERSON_PRONOUNS,
    PERSON_SUBJECTS, PLAN_MODALS, POSSESSIVES, RELATIVES, SHARES_OF_PEOPLE, TIMES_OF_DAY, TIME_QUANTIFIERS,
    WISHES_AFTER_WOULD, WISH_VERBS, WOULD_OF_THE_CLINICIAN, WRITER_FUTURES,
};
use super::protect::LEXICON;
use super::text::{bare, ends_with_a_mark, is_one_of, opening_label, Phrases};

/// What a word may be at the start of a sentence or a clause, as bits: each list below (and in
/// `lexicon`) is one. Looked up once per word in one table: this runs for every sentence of
/// every request, and comparing with each list's words in turn cost 3 % of the optimizer's time.
mod role {
    pub const PERSON: u32 = 1;
    pub const POSSESSIVE: u32 = 1 << 1;
    pub const DETERMINER: u32 = 1 << 2;
    pub const CONJUNCTION: u32 = 1 << 3;
    pub const PLAN_MODAL: u32 = 1 << 4;
    pub const ELIDED_SUBJECT_VERB: u32 = 1 << 5;
    pub const CLINICIAN_ACT: u32 = 1 << 6;
    pub const NOT_PAST: u32 = 1 << 7;
    pub const PRONOUN: u32 = 1 << 8;
    pub const PREPOSITION: u32 = 1 << 9;
    pub const NOT_PARTICIPLE: u32 = 1 << 10;
    pub const PARTICLE: u32 = 1 << 11;
    pub const CLINICIAN_FIRST_PERSON_VERB: u32 = 1 << 12;
    pub const FIRST_PERSON_AUXILIARY: u32 = 1 << 13;
    pub const TIME_QUANTIFIER: u32 = 1 << 14;
    pub const SHARE_OF_PEOPLE: u32 = 1 << 15;
    pub const ADVERB_BEFORE_A_SUBJECT: u32 = 1 << 16;
}

static ROLES: LazyLock<HashMap<Key, u32>> = LazyLock::new(|| {
    let lists: [(&[&str], u32); 18] = [
        (PERSON_SUBJECTS, role::PERSON),
        (RELATIVES, role::PERSON),
        (POSSESSIVES, role::POSSESSIVE),
        (DETERMINERS, role::DETERMINER),
        (CONJUNCTIONS, role::CONJUNCTION),
        (PLAN_MODALS, role::PLAN_MODAL),
        (ELIDED_SUBJECT_VERBS, role::ELIDED_SUBJECT_VERB),
        (CLINICIAN_ACTS, role::CLINICIAN_ACT),
        (NOT_PASTS, role::NOT_PAST),
        (PERSON_PRONOUNS, role::PRONOUN),
        (OPENING_PREPOSITIONS, role::PREPOSITION),
        (NOT_PARTICIPLES, role::NOT_PARTICIPLE),
        (PARTICLES, role::PARTICLE),
        (CLINICIAN_FIRST_PERSON_VERBS, role::CLINICIAN_FIRST_PERSON_VERB),
        (FIRST_PERSON_AUXILIARIES, role::FIRST_PERSON_AUXILIARY),
        (TIME_QUANTIFIERS, role::TIME_QUANTIFIER),
        (SHARES_OF_PEOPLE, role::SHARE_OF_PEOPLE),
        (ADVERBS_BEFORE_A_SUBJECT, role::ADVERB_BEFORE_A_SUBJECT),
    ];
    let mut roles = HashMap::default();
    for (words, bit) in lists {
        for word in words {
            // Every listed word is short enough for a key (a unit test says so).
            if let Some(k) = key(word) {
                *roles.entry(k).or_insert(0) |= bit;
            }
        }
    }
    roles
});

/// The roles of a word as written: its punctuation and a contraction set apart ("He's" → "he").
fn roles(word: &str) -> u32 {
    Read::of(word).roles
}

/// A word as the rules at a clause's start read it: its `stem` and its roles. Found once for a
/// clause's first word, which every rule there asks about in turn (a conjunction, a person, "I",
/// a determiner, a possessive, a preposition): reading it afresh for each cost some 650
/// instructions a clause (2.2 % of a corpus pass).
#[derive(Clone, Copy, Default)]
struct Read<'a> {
    stem: &'a str,
    roles: u32,
}

impl<'a> Read<'a> {
    fn of(word: &'a str) -> Self {
        let stem = stem(word);
        Self { stem, roles: key(stem).and_then(|k| ROLES.get(&k)).copied().unwrap_or(0) }
    }

    /// The first of `words`, or no word (no stem, no roles).
    fn first(words: &[&'a str]) -> Self {
        words.first().map_or_else(Self::default, |w| Self::of(w))
    }

    fn is(self, role: u32) -> bool {
        self.roles & role != 0
    }
}

fn has(word: &str, role: u32) -> bool {
    roles(word) & role != 0
}

/// Whether `word`, as written, names a person a sentence may be about (`lexicon::PERSON_SUBJECTS`,
/// `lexicon::RELATIVES`: "Mum", "patient", "siblings").
pub fn names_a_person(word: &str) -> bool {
    has(word, role::PERSON)
}

/// Whether `word`, as written, opens a noun phrase: a determiner or a possessive ("the", "our",
/// "both", "his"; `lexicon::DETERMINERS`, `lexicon::POSSESSIVES`).
pub fn opens_a_noun_phrase(word: &str) -> bool {
    has(word, role::DETERMINER | role::POSSESSIVE)
}

/// The first words read for a modal: "Her GP will write", "The patient's daughter would like".
const WORDS_BEFORE_A_MODAL: usize = 4;

/// The words after a subject read for a statement about it: a bound, so that reading every
/// clause of a long sentence stays linear.
const WORDS_OF_A_STATEMENT: usize = 6;

/// How a sentence is about the patient or someone around them (`about_someone`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum About {
    Nobody,
    /// Its subject, or a clause's, is left out ("Slept most of the night.").
    LeftOut,
    /// A person is its subject, or a clause's ("She has fallen twice").
    Named,
}

/// `words` are a sentence's words as written (a label, quotes and punctuation included).
pub fn is_about_someone(words: &[&str]) -> bool {
    about_someone(words) != About::Nobody
}

/// Whether and how `words` (a sentence's words as written) are about someone.
pub fn about_someone(words: &[&str]) -> About {
    // The sentence's start, then each clause's, after a comma or a semicolon ("Informal
    // admission offered twice; she declined, saying she has work to do for God").
    // A clause after a semicolon may leave its subject out too ("Calm with us; agreed to go
    // voluntarily"); one after a comma is too often a list's next item to read its verb so. A
    // cell of a `|` table is a clause of its own ("Re: Patient NB | Mum says he hides").
    // So may a sentence after a form's label ("Free-text box: Rises from the armchair on the
    // third attempt"), a log entry's after the dash that closes its time ("Fri wk 3 - Brought his
    // own biscuits and shared them"), and the clause after a first clause of one word ("Quiet,
    // kept his coat on"; the thirty-third held-out set lost both, blind), which is no list, or of
    // two ("Wife, 59, has given up her part-time job", "Bright, cheerful, plays well with the
    // other kids": the fifty-sixth held-out set lost both, blind).
    let after = |ends: fn(&str) -> bool| words.iter().enumerate().filter(move |(_, w)| ends(w)).map(|(i, _)| i + 1);
    let label = opening_label(words);
    // A form in "-ing" is read as a verb only where it opens an unlabelled sentence: a
    // header's label opens with one ("Attending physician: Dr …", "Referring clinician:"), and
    // so does an email's subject after its label ("Subject: Checking in after your discharge").
    // So does a log entry after the dash that closes its time, which no label opens ("Fri -
    // Cycling the exercise bike is fine, funny that": the thirty-eighth held-out set lost it,
    // blind); not a list item's opening dash ("- Monitoring bloods weekly"), which is no entry.
    let participle = label.is_none();
    // The sentence's start is asked first, then each later clause's: spelt out rather than
    // chained (`once(0).chain(…)`), which the compiler left as a call of its own or not with
    // unrelated edits elsewhere, a swing of 0.7 % of a corpus pass.
    let about = if has_a_person_subject(words, true)
        || after(|w| w.ends_with([',', ';']) || w == "|").any(|start| has_a_person_subject(&words[start..], false))
    {
        About::Named
    } else if opens_with_a_verb(words, participle)
        || label.is_some_and(|start| opens_with_a_verb(&words[start..], false))
        || after(|w| w.ends_with(';') || w == "|").any(|start| opens_with_a_verb(&words[start..], false))
        || after(|w| w == "-" || w == "–").any(|start| opens_with_a_verb(&words[start..], start > 1))
        || (1..=2).any(|n| {
            words.get(..n).is_some_and(|first| first.iter().all(|w| w.ends_with(',')))
                && opens_with_a_verb(&words[n..], false)
        })
    {
        About::LeftOut
    } else {
        return About::Nobody;
    };
    if speaks_of_the_consultation(words) {
        About::Nobody
    } else {
        about
    }
}

/// A recurring event, whatever its subject: "keeps", "kept", "keep" or "keeping" (with "on" or
/// not) before a form in "-ing" ("The shell keeps slipping down", "The dressing keeps coming
/// off", "It kept on happening"), what sets it off (`tells_a_trigger`), or an episodic course
/// ("Weals come and go within hours", "on and off for a year", "waxes and wanes";
/// `lexicon::EPISODIC_COURSES`: the twentieth held-out set lost the first). Clinical writing says so of a complaint or a behaviour, and its subject may
/// be a thing no list of people names (the fourteenth held-out set lost one in a patient's
/// message, blind). Two passes over the words: linear. `keys` are the words' (see
/// `tells_an_episodic_course`, which finds the course by them: reading every word for one, with
/// its next word trimmed and compared with "and", cost 0.49 M instructions more in three corpus
/// passes, callgrind).
pub fn tells_a_recurrence(words: &[&str], keys: &[Option<Key>]) -> bool {
    let doing = |w: &str| w.len() >= 5 && w.ends_with("ing") && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    let keeps = words.iter().enumerate().any(|(i, word)| {
        let next = |k: usize| words.get(i + k).map(|w| bare(w));
        // A byte first: the words are rarely one of these.
        word.as_bytes().first().is_some_and(|b| b | 0x20 == b'k')
            && is_one_of(word, &["keep", "keeps", "kept", "keeping"])
            && !ends_with_a_mark(word)
            && (next(1).is_some_and(doing) || next(1) == Some("on") && next(2).is_some_and(doing))
    });
    keeps || tells_a_trigger(words, keys) || tells_an_episodic_course(words, keys)
}

/// Whether the sentence tells what sets a complaint off, as a history's aggravating factors do:
/// "every time" or "each time", or "whenever", then a person doing something ("It's every time
/// we fish the east grounds", in a deckhand's message to the ship's doctor: the sixty-ninth
/// held-out set lost it, blind; "Each time I bend over it catches", "Whenever she eats she
/// coughs"). Not "you": "Every time you visit, bring your card" is a clinic's instruction. Found
/// by the words' keys (`keys`), as an episodic course is: two integer comparisons a word.
fn tells_a_trigger(words: &[&str], keys: &[Option<Key>]) -> bool {
    let (time, whenever) = (key("time"), key("whenever"));
    let person = |k: usize| {
        words.get(k).is_some_and(|w| {
            !ends_with_a_mark(w) && (is_first_person(w) || is_one_of(stem(w), &["we", "he", "she", "they"]))
        })
    };
    (0..words.len()).any(|i| {
        keys.get(i + 1) == Some(&time)
            && !ends_with_a_mark(words[i])
            && !ends_with_a_mark(words[i + 1])
            && is_one_of(words[i], &["every", "each"])
            && person(i + 2)
            || keys.get(i) == Some(&whenever) && !ends_with_a_mark(words[i]) && person(i + 1)
    })
}

/// Whether the sentence tells an episodic course ("come and go", "on and off", "waxes and wanes";
/// `lexicon::EPISODIC_COURSES`): also a weak protection of its own (`protect`). Linear. Only
/// where the next word's key (`keys`, the words' from `Lexicon::classify_keyed`) is "and"'s is
/// a course read: one integer comparison a word instead of trimming the next word.
pub fn tells_an_episodic_course(words: &[&str], keys: &[Option<Key>]) -> bool {
    let and = key("and");
    (0..words.len()).any(|i| keys.get(i + 1) == Some(&and) && episodic_course_at(words, i))
}

/// Whether an episodic course opens at word `i`. Not what one may do ("Visitors can come and go
/// as they please", "free to come and go"). The "and" after the word first: it rules out nearly
/// every word before the word before it is compared with the modals (which, asked first of every
/// word, cost 1 % of a corpus pass).
fn episodic_course_at(words: &[&str], i: usize) -> bool {
    let word = words[i];
    let next = |k: usize| words.get(i + k).map(|w| bare(w));
    next(1).is_some_and(|w| w.eq_ignore_ascii_case("and"))
        && !(i > 0 && is_one_of(words[i - 1], &["can", "may", "might", "could", "will", "would", "to", "free"]))
        && !ends_with_a_mark(word)
        && next(2).is_some_and(|then| {
            // Both words trimmed once, not once per course: `is_one_of` with a list of one, for
            // each course, cost 0.18 M instructions in three corpus passes (callgrind).
            let word = bare(word);
            EPISODIC_COURSES
                .iter()
                .any(|(first, second)| first.eq_ignore_ascii_case(word) && second.eq_ignore_ascii_case(then))
        })
}

/// A sentence written as a note's item: its first word, capitalised, is a noun or a verb rather
/// than a subject, an article, a pronoun, a preposition or a courtesy (`lexicon::NOT_ITEM_OPENERS`):
/// "Letter to the family with outcomes once recipients are known", "Blood monitoring fortnightly
/// for three months", "Scuba diving is unsafe for him". Under the plan's heading such a sentence
/// is an item of the plan written without its list's mark; a letter's closing paragraph under
/// the same heading ("We would like to thank…", "Mum was given the opportunity to ask questions")
/// is not, nor a labelled field ("Signature: Dr …", "Prescriber: …"). The first word is read, and
/// the consultation's phrases once over the sentence: linear.
pub fn opens_as_an_item(words: &[&str]) -> bool {
    let Some(first) = words.first().map(|w| stem(w)) else { return false };
    if opening_label(words).is_some() || speaks_of_the_consultation(words) {
        return false;
    }
    let not_an_item = role::PRONOUN | role::DETERMINER | role::POSSESSIVE | role::CONJUNCTION | role::PREPOSITION;
    first.starts_with(|c: char| c.is_ascii_uppercase())
        && roles(first) & not_an_item == 0
        && !NOT_ITEM_OPENERS.iter().any(|w| w.eq_ignore_ascii_case(first))
        && words.len() > 1
}

/// Whether `words` (a sentence, or a clause when `sentence` is false) open with a person as
/// their subject, followed by a statement that is no plan.
fn has_a_person_subject(words: &[&str], sentence: bool) -> bool {
    let first = Read::first(words);
    if opens_with_a_subject(words, first).is_some_and(|subject| states_no_plan(words, subject)) {
        return true;
    }
    // A time or a place may come before the subject, with no comma: "On the phone he keeps
    // saying he's a burden", "Before all this he was driving to bowls" (a son's email, in the
    // tenth held-out set, blind).
    if let Some(pronoun) = after_an_opening_phrase(words, first) {
        return states_no_plan(&words[pronoun..], 1);
    }
    // A label names who spoke ("Keyworker: \"He's just not himself.\"", "Daughter: …"), or only
    // the field: then the sentence after it is read ("Social: He lives alone"). Asked only when
    // no subject opens the sentence: in `He said: "I hear them"` the subject is "He".
    let Some(label) = sentence.then(|| opening_label(words)).flatten() else {
        return false;
    };
    let rest = &words[label..];
    if has(words[label - 1], role::PERSON) {
        return states_no_plan(rest, 0);
    }
    opens_with_a_subject(rest, Read::first(rest)).is_some_and(|subject| states_no_plan(rest, subject))
}

/// The words an opening phrase of time or place may have before its subject: "On the phone",
/// "Before all this", "At night in bed".
const MOST_OPENING_PHRASE_WORDS: usize = 4;

/// Where the subject stands when `words` open with a phrase of time or place followed by a
/// pronoun as the subject ("On the phone he keeps saying"): a preposition (or a time with none,
/// `opens_with_a_time`), up to `MOST_OPENING_PHRASE_WORDS` words, then "he", "she" or "they" (a person who is also a pronoun
/// of `lexicon::PERSON_PRONOUNS`), or "I" when it is no clinician at work. Only a pronoun: a
/// phrase's own object may be a person ("For the patient we will arrange transport"), and "him",
/// "her" or "them" is never the subject. A clinician's "I" is read past ("After I saw her she was
/// screaming at the staff": the subject is "she"). `first` is `words`' first word, read.
fn after_an_opening_phrase(words: &[&str], first: Read<'_>) -> Option<usize> {
    if !first.is(role::PREPOSITION) && !opens_with_a_time(words, first) {
        return None;
    }
    let phrase = &words[1..words.len().min(MOST_OPENING_PHRASE_WORDS + 2)];
    // The phrase ends at its first person or at a mark; the person found must be a pronoun, or
    // "I" not at work as the clinician ("At my worst last spring I was having two or three a
    // week", a patient's blog). `phrase` starts at `words[1]`: the words after its `k`th are
    // `words[k + 2..]`.
    let reporting_i = |k: usize, w: &str| is_first_person(w) && !reads_as_the_clinician(w, &words[k + 2..]);
    // A person in the possessive is the phrase's, not the subject: "In the women's group she
    // barely spoke", "At Mum's house he fell" (a pronoun's contraction, "she's", is the subject).
    let person = |w: &str| has(w, role::PERSON) && (has(w, role::PRONOUN) || !w.contains(['\'', '’']));
    let at =
        phrase.iter().enumerate().position(|(k, w)| w.ends_with([',', ';', ':']) || person(w) || reporting_i(k, w))?;
    let pronoun = phrase[at];
    (!pronoun.ends_with([',', ';', ':']) && (has(pronoun, role::PRONOUN) || reporting_i(at, pronoun))).then_some(at + 1)
}

/// Whether `words` open with a time that needs no preposition: one or two quantifiers
/// (`lexicon::TIME_QUANTIFIERS`), then a time of day or a day (`lexicon::TIMES_OF_DAY`): "The
/// next day he can't follow the telly", "Some days he's almost his old self", "Most nights she
/// wakes" (a daughter's e-mail in the fifty-seventh held-out set lost the first two). The
/// quantifier is asked first, by its role: most sentences open with none.
fn opens_with_a_time(words: &[&str], first: Read<'_>) -> bool {
    first.is(role::TIME_QUANTIFIER)
        && words[..words.len().min(3)].iter().enumerate().skip(1).any(|(k, w)| {
            is_one_of(w, TIMES_OF_DAY)
                && words[..k].iter().all(|w| !ends_with_a_mark(w))
                && words[1..k].iter().all(|w| has(w, role::TIME_QUANTIFIER))
        })
}

/// How many words of `words` are its subject, a person's, if it opens with one (after a
/// conjunction: "…, as he has lost weight"). A word ending in a comma or a semicolon is a list's
/// item, not a subject ("Attendees: Mum, Dad, class teacher"). `first` is `words`' first word,
/// read.
fn opens_with_a_subject(words: &[&str], first: Read<'_>) -> Option<usize> {
    let mut skip = usize::from(first.is(role::CONJUNCTION));
    // "A few children": the article before a quantity.
    if words.get(skip).is_some_and(|w| w.eq_ignore_ascii_case("a")) && words.get(skip + 1).is_some_and(|w| *w == "few")
    {
        skip += 1;
    }
    let words = &words[skip.min(words.len())..];
    // The subject's first word: `first` itself unless a word was skipped.
    let opening = if skip == 0 { first } else { Read::first(words) };
    if let Some(subject) = subject_words(words, opening) {
        return Some(skip + subject);
    }
    // A sentence adverb may stand before the subject, once: "And honestly I've been feeling
    // flat" (a participant's email in the sixty-eighth held-out set: its paragraph was read as
    // no account, and lost "lying in bed till dinner on my days off"), "Sadly he died in the
    // spring", "Also she fell on the stairs". Asked only when no subject opens the words, and
    // of one of `ADVERBS_BEFORE_A_SUBJECT`; not before "you", as a letter's instructions open
    // so ("Alternatively you can email the team").
    let [adverb, rest @ ..] = words else { return None };
    let sentence_adverb = opening.is(role::ADVERB_BEFORE_A_SUBJECT) && !ends_with_a_mark(adverb);
    let to_you = || rest.first().is_some_and(|w| is_one_of(stem(w), &["you", "your"]));
    (sentence_adverb && !to_you())
        .then(|| subject_words(rest, Read::first(rest)))
        .flatten()
        .map(|subject| skip + 1 + subject)
}

/// How many words of `words` are its subject, a person's, if it opens with one (`opens_with_a_
/// subject`, which has read past any conjunction). `opening` is `words`' first word, read.
fn subject_words(words: &[&str], opening: Read<'_>) -> Option<usize> {
    let listed = |w: &str| w.ends_with([',', ';']);
    if let Some(share) = opening.is(role::SHARE_OF_PEOPLE).then(|| share_of_people(words)).flatten() {
        return Some(share);
    }
    let subject = match words {
        [first, ..] if listed(first) => return None,
        [_, ..] if opening.is(role::PERSON) => 1,
        // "I" (`is_first_person`) when it is no clinician at work.
        [first, rest @ ..] if opening.stem == "I" && !reads_as_the_clinician(first, rest) => 1,
        // "The patient", "This child", "Her husband", "His teacher".
        [_, second, ..] if opening.is(role::DETERMINER) && has(second, role::PERSON) && !listed(second) => 2,
        // "My knees", "Your memory": the patient's own body or complaint; not "Your appointment",
        // "My secretary", a letter's business.
        [first, second, ..]
            if opening.is(role::POSSESSIVE) && (!is_one_of(first, &["my", "your"]) || names_the_body(second)) =>
        {
            2
        }
        // "My eldest son", "Your late father": the patient's family after a word that says
        // which, in a letter to the patient or the patient's own words ("- Your eldest
        // daughter, who is twenty, wants to be tested now", in a genetics letter of the
        // sixty-second held-out set, lost blind; "Your daughter" is read above, "your" and "my"
        // being determiners too). Only family (`lexicon::RELATIVES`): "Your new patient
        // appointment" is a letter's business.
        [_, second, third, ..]
            if opening.is(role::POSSESSIVE)
                && !ends_with_a_mark(second)
                && second.bytes().all(|b| b.is_ascii_lowercase())
                && is_one_of(third, RELATIVES) =>
        {
            3
        }
        _ => return None,
    };
    Some(subject)
}

/// How many words of `words` are a share of people as their subject (`lexicon::SHARES_OF_PEOPLE`,
/// which `words` open with): "of" and the people, with a determiner or a possessive or not ("Each
/// of your children", "Two of them"); the people straight after ("Each child", "All patients");
/// or "all" or "both" and a number, which stands for people named before when a verb follows
/// ("All three have stayed well", "All four recovered"; not "All three cultures grew").
fn share_of_people(words: &[&str]) -> Option<usize> {
    let person = |w: &str| !w.ends_with([',', ';']) && (has(w, role::PERSON) || is_one_of(w, &["them", "us"]));
    let [share, next, rest @ ..] = words else { return None };
    if ends_with_a_mark(share) {
        return None;
    }
    if next.eq_ignore_ascii_case("of") {
        let determined = rest.first().is_some_and(|w| has(w, role::DETERMINER | role::POSSESSIVE));
        let people = usize::from(determined);
        return rest.get(people).is_some_and(|w| person(w)).then_some(people + 3);
    }
    if person(next) {
        return Some(2);
    }
    let all_of_a_number =
        is_one_of(share, &["all", "both"]) && !ends_with_a_mark(next) && is_one_of(next, NUMBER_WORDS);
    let verb = rest.first().is_some_and(|w| {
        let w = bare(w);
        is_one_of(w, &["have", "had", "are", "were", "remain", "stay", "did", "felt", "went", "got", "became"])
            || w.len() > 4 && w.ends_with("ed")
    });
    (all_of_a_number && verb).then_some(2)
}

/// `words` are a sentence's words as written: "We" or "I" (or "We've", "I've"), up to
/// `MOST_FIRST_PERSON_AUXILIARIES` auxiliaries and adverbs, then an act of care
/// (`lexicon::CARE_GIVEN`, or care asked of someone, `asks_a_carer_to`): "We have offered
/// testing to your siblings and your mum" (the
/// twenty-third held-out set lost it from a letter's family paragraph), "I have also arranged an
/// ultrasound"; or "will" (or "We'll") and an act of care planned (`plans_care`). Wherever it
/// stands, such a sentence reports a decision, as a plan's item does.
pub fn reports_care_given(words: &[&str]) -> bool {
    // An adverb may open it ("Also we signposted her to the carers' centre", "Additionally we
    // have offered her brother testing"): any in "-ly" here, as the acts of care read after it
    // are few. The writer's first byte first: most sentences open with neither (0.3 M
    // instructions in three corpus passes without this test).
    let writer_s = |w: &&str| w.as_bytes().first().is_some_and(|b| matches!(b | 0x20, b'w' | b'i'));
    let words = match words {
        [adverb, rest @ ..]
            if !writer_s(adverb)
                && rest.first().is_some_and(writer_s)
                && !ends_with_a_mark(adverb)
                && (adverb.ends_with("ly") || is_one_of(adverb, &["also", "then", "now"])) =>
        {
            rest
        }
        _ => words,
    };
    let Some((first, rest)) = words.split_first() else { return false };
    if !writer_s(first) {
        return false;
    }
    if ends_with_a_mark(first) {
        return false;
    }
    if is_one_of(first, WRITER_FUTURES) {
        return plans_care(rest);
    }
    let writer = is_one_of(first, &["we", "i", "we've", "i've", "we’ve", "i’ve"]);
    writer
        && verb_past_auxiliaries(rest).is_some_and(|(verb, at)| {
            is_one_of(verb, CARE_GIVEN) && (!is_one_of(verb, &["gave", "given"]) || gives_the_patient(&rest[at + 1..]))
                || verb.eq_ignore_ascii_case("asked") && asks_a_carer_to(&rest[at + 1..])
                || is_one_of(verb, &["will", "shall"]) && plans_care(&rest[at + 1..])
        })
}

/// Whether the words after "gave" or "given" give the patient something: "you", "him", "her" or
/// "them" first, and no call in the two words after ("We gave you details of the talking
/// therapies service", "I have given him a rescue pack"; not "We gave you a call on Friday", nor
/// "We gave your details to our booking team", an office's).
fn gives_the_patient(after: &[&str]) -> bool {
    let [whom, what @ ..] = after else { return false };
    !ends_with_a_mark(whom)
        && is_one_of(whom, &["you", "him", "her", "them"])
        && !what.iter().take(2).any(|w| is_one_of(w, &["call", "ring", "bell", "lift"]))
}

/// Whether the words after the writer's "will" (or "We'll") plan an act of care
/// (`lexicon::CARE_PLANNED`), perhaps after "also", "then" or "now": "We will see her on her own
/// first, as is our usual practice", in a genetics letter's family paragraph (the sixty-second
/// held-out set lost it, blind), "I'll refer him to the falls clinic". "See" and "review" only
/// with the patient or the family after them: "We will see how it goes" plans nothing.
fn plans_care(after: &[&str]) -> bool {
    let adverb =
        usize::from(after.first().is_some_and(|w| is_one_of(w, &["also", "then", "now"]) && !ends_with_a_mark(w)));
    let Some(verb) = after.get(adverb).filter(|w| !ends_with_a_mark(w) && is_one_of(w, CARE_PLANNED)) else {
        return false;
    };
    // Whom: a third person, or one of the family ("We will see your brother"); not "you", as
    // the reader is seen at the front desk as often as in clinic ("I'll see you on Thursday").
    let whom = &after[adverb + 1..];
    let seen = match whom {
        [pronoun, ..] if is_one_of(pronoun, &["him", "her", "them"]) => true,
        [possessive, relative, ..] => has(possessive, role::POSSESSIVE) && is_one_of(relative, RELATIVES),
        _ => false,
    };
    !is_one_of(verb, &["see", "review"]) || seen
}

/// The most words of a carer after "asked", before its "to" (`asks_a_carer_to`): "the public
/// health nurse".
const MOST_CARER_WORDS: usize = 4;

/// Whether the words after "asked" name a carer or a clinician, then "to": care handed on ("I
/// have asked the public health nurse to swab the siblings": the fifty-sixth held-out set lost
/// it from a GP's referral). A determiner or a possessive first, then at most
/// `MOST_CARER_WORDS` words, one of them a carer (`lexicon::CARERS`, which names places of care
/// too) or the GP. Not the patient asked at the consultation ("I asked him to hold his arms
/// out", "We asked about his sleep"); a nurse asked to help there ("I asked the nurse to hold
/// his arm") is kept too.
fn asks_a_carer_to(after: &[&str]) -> bool {
    let Some((opening, rest)) = after.split_first() else { return false };
    if ends_with_a_mark(opening) || !opens_a_noun_phrase(opening) {
        return false;
    }
    let Some(to) = rest.iter().take(MOST_CARER_WORDS + 1).position(|w| bare(w).eq_ignore_ascii_case("to")) else {
        return false;
    };
    rest[..to].iter().any(|w| is_one_of(w, CARERS) || is_one_of(w, &["gp", "gps"]))
        && !rest[..to].iter().any(|w| ends_with_a_mark(w))
}

/// Whether `words` open with the clinician as their subject: "We" ("We discussed the options at
/// length today"), or "I" at work as the clinician (`reads_as_the_clinician`).
pub fn opens_with_the_clinician(words: &[&str]) -> bool {
    match words {
        [first, rest @ ..] => {
            is_one_of(first, &["we", "we've", "we'll", "we'd", "we're"])
                || is_first_person(first) && reads_as_the_clinician(first, rest)
        }
        [] => false,
    }
}

/// Whether `word` names a part of the body, a function of it or a complaint (a concept, an
/// anatomy word, a body word, or another clinical word of the lexicon: "knees", "memory", "rash").
fn names_the_body(word: &str) -> bool {
    LEXICON.classify(word) & (class::CONCEPT | class::ANATOMY | class::BODY_WORD | class::CLINICAL) != 0
}

/// "I", "I'm", "I've": the writer, who in a patient's letter, message, blog or diary is the
/// patient ("I throw up until there's nothing left", "I've stopped answering my friends'
/// messages": the seventeenth held-out set lost eleven such facts, blind, in four documents).
fn is_first_person(word: &str) -> bool {
    stem(word) == "I"
}

/// Whether "I" (`first`, as written) is the clinician at work: the verb after it, past at most
/// `MOST_FIRST_PERSON_AUXILIARIES` auxiliaries and adverbs ("I have asked", "I am writing", "I'm so
/// sorry", "I'd be grateful"), is one of `lexicon::CLINICIAN_FIRST_PERSON_VERBS`.
fn reads_as_the_clinician(first: &str, rest: &[&str]) -> bool {
    let Some((verb, at)) = verb_past_auxiliaries(rest) else { return true };
    // "I would be grateful", "I'd suggest", "I would also like to": "would", written or
    // contracted, then (past any adverbs) one of `lexicon::WOULD_OF_THE_CLINICIAN`.
    let courtesy = |w: &str| is_one_of(w, WOULD_OF_THE_CLINICIAN);
    let contracted_would = bare(first).rsplit(['\'', '’']).next().is_some_and(|c| c.eq_ignore_ascii_case("d"));
    let after_would = verb.eq_ignore_ascii_case("would").then(|| verb_past_auxiliaries(&rest[at + 1..])).flatten();
    has(verb, role::CLINICIAN_FIRST_PERSON_VERB)
        || contracted_would && courtesy(verb)
        || after_would.is_some_and(|(w, _)| courtesy(w))
}

/// The first word of `words` past at most `MOST_FIRST_PERSON_AUXILIARIES` auxiliaries and
/// adverbs, without its punctuation, and where it stands.
fn verb_past_auxiliaries<'a>(words: &[&'a str]) -> Option<(&'a str, usize)> {
    let skipped =
        words.iter().take(MOST_FIRST_PERSON_AUXILIARIES).take_while(|w| has(w, role::FIRST_PERSON_AUXILIARY)).count();
    words.get(skipped).map(|w| (bare(w), skipped))
}

/// The auxiliaries and adverbs read past between "I" and its verb ("I have just", "I'm so").
const MOST_FIRST_PERSON_AUXILIARIES: usize = 2;

/// Something is said of the subject (its first `subject` words) and it is no plan: no modal among
/// the first words ("She will be reviewed"), and a lowercase word soon after the subject.
fn states_no_plan(words: &[&str], subject: usize) -> bool {
    !words.iter().take(WORDS_BEFORE_A_MODAL).any(|w| has(w, role::PLAN_MODAL) || contracted_will(w))
        && has_a_statement(&words[subject.min(words.len())..])
}

/// The first words of a wish read for "you", a courtesy to the reader ("Would love to hear from
/// you"): a bound, so that a sentence is read a constant number of words deep.
const MOST_WISH_WORDS: usize = 6;

/// The patient themselves or their own, after a word in "-s" that is then a verb
/// (`opens_with_a_verb`). Not "your" or "my": "Thanks your team" is no English, and a note's
/// subject left out is the patient's.
const OWN_AFTER_A_VERB: &[&str] = &["herself", "himself", "themselves", "themself", "her", "his", "their"];

/// Verbs in "-s" of a courtesy sent on someone's behalf, before their own ("Sends her best wishes
/// to the ward team", "Extends his thanks", "Offers their apologies"): no behaviour of the
/// patient's (`opens_with_a_verb`).
const COURTESY_VERBS: &[&str] = &["sends", "extends", "offers", "passes", "apologises", "apologizes", "thanks"];

/// Whether `word` is an adverb of manner: a word of six letters or more in "-ly" with no mark
/// after it ("partly", "quickly", "slowly", "poorly"), and not a noun or an adverb of time or
/// frequency that ends so (`NOT_MANNER_ADVERBS`: "Bloods weekly" is a plan's item, "Visits family"
/// says who).
fn is_manner_adverb(word: &str) -> bool {
    word.len() >= 6
        && word.ends_with("ly")
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !NOT_MANNER_ADVERBS.contains(&word)
}

/// Words in "-ly" that are no adverb of manner (`is_manner_adverb`).
const NOT_MANNER_ADVERBS: &[&str] =
    &["family", "weekly", "monthly", "yearly", "nightly", "hourly", "fortnightly", "likely", "supply", "assembly"];

/// The words after a note's opening "Taken" that say where or how the patient was taken
/// (`opens_with_a_verb`): "Taken to theatre", "Taken by van to the emergency department", "Taken
/// home by her son". Not a minute's idiom or a photograph's caption ("Taken as read", "Taken
/// together", "Taken at the Christmas party": a review found each kept).
const TAKEN_WHERE: &[&str] = &["to", "by", "into", "home", "back", "straight"];

/// Words after "Works" that make it the patient's work (`opens_with_a_verb`).
const WORK_AFTER: &[&str] = &["as", "at", "for", "from", "nights", "days", "shifts", "part-time", "full-time"];

/// The marks on their own a verb may stand after ("[ Feeding every hour").
const MOST_LEADING_MARKS: usize = 2;

/// A note's sentence whose subject is left out, the patient's ("Slept most of the night.",
/// "Keeps trying to stand up out of the chair.", "Has eaten very little since Sunday.",
/// "Feeding every hour to hour and a half"): it opens with a verb, after any marks on their own
/// ("[ Feeding every hour"). Read as a verb: a past form in "-ed" that is no act of the
/// clinician's ("Discussed with the consultant", `lexicon::CLINICIAN_ACTS`), a form in "-ing"
/// that is no noun or preposition ("Meeting held", `lexicon::NOT_PARTICIPLES`), or a common
/// verb's past or "-s" form (`lexicon::ELIDED_SUBJECT_VERBS`), since a plural noun looks the
/// same ("Results", "Bloods"). A form in "-ing" counts only when `participle_allowed`.
fn opens_with_a_verb(words: &[&str], participle_allowed: bool) -> bool {
    // At most a box's or a list's opening marks ("[", "-"): unbounded, a clause of marks
    // repeated ("; ; ; …") would be read to its end from each of its starts.
    let marks = words.iter().take(MOST_LEADING_MARKS).take_while(|w| bare(w).is_empty()).count();
    let words = &words[marks..];
    let Some(first) = words.first().map(|w| bare(w)) else { return false };
    if !first.starts_with(|c: char| c.is_ascii_alphabetic())
        || !first[1..].bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    {
        return false;
    }
    let first_roles = roles(first);
    let past = first.len() >= 5 && first.ends_with("ed") && first_roles & (role::CLINICIAN_ACT | role::NOT_PAST) == 0;
    // Any other word in "-s" followed by a particle or a preposition is a verb too: "Trips on
    // kerbs and carpet edges", "Calls out at night" (a plural noun mostly is not: "Bloods
    // taken", "Heels red"). So is one followed by the patient themselves or their own: "Weighs
    // herself several times a day", "Cuts her meter readings out of her logbook" (in an eating
    // disorder assessment: the seventy-fourth held-out set lost both, blind). So is one followed
    // by an adverb of manner, a word in "-ly" (`is_manner_adverb`): "Rolls partly with a bed
    // rail", "Tires quickly on the push rims up the ramp" (in a spinal injury's records: the
    // ninety-third held-out set lost both, blind).
    let s_form = first.len() >= 4
        && first.ends_with('s')
        && !first.ends_with("ss")
        && !first.ends_with("us")
        && !first.ends_with("is")
        && words.get(1).is_some_and(|w| {
            has(w, role::PARTICLE)
                || is_one_of(w, OWN_AFTER_A_VERB) && !is_one_of(first, COURTESY_VERBS)
                || is_manner_adverb(w)
        });
    let participle =
        participle_allowed && first.len() >= 5 && first.ends_with("ing") && first_roles & role::NOT_PARTICIPLE == 0;
    // "Validated by: …", "Seen by Dr Kaur", "Reviewed by the nurse": a passive naming who acted
    // is a record's field. Not one naming how it was done ("Removed by push-through and cut
    // technique", "Reduced by traction": the thirty-sixth held-out set lost a procedure so
    // written, blind): "by" and a lower-case word that is no article, possessive or person.
    let by = words.get(1).is_some_and(|w| bare(w).eq_ignore_ascii_case("by")) && !names_a_method(&words[1..]);
    // "Wishes to die at home", "Would like to stay at home": a wish (`lexicon::WISH_VERBS`,
    // `lexicon::WISHES_AFTER_WOULD`), unless it is the writer's to the reader ("Would like to
    // thank you", "Wishes you a happy Christmas"), "you" among its first words. Asked last, and
    // of a word opening with "w" or "p" only: most clauses open otherwise.
    let wish = || {
        matches!(first.as_bytes()[0] | 0x20, b'w' | b'p')
            && (WISH_VERBS.iter().any(|w| w.eq_ignore_ascii_case(first))
                || first.eq_ignore_ascii_case("would")
                    && words.get(1).is_some_and(|w| is_one_of(w, WISHES_AFTER_WOULD)))
            && !words.iter().take(MOST_WISH_WORDS).any(|w| is_one_of(w, &["you", "your"]))
    };
    // "Works as long-haul cabin crew, often away across time zones" (an item of a prescription's
    // eligibility list: the sixty-seventh held-out set lost it), "Works nights in a care home":
    // the social history's work, when what follows says as what, where or when. Not the noun
    // ("Works are under way on the main car park", "Works traffic uses the north entrance").
    let works = || first.eq_ignore_ascii_case("works") && words.get(1).is_some_and(|w| is_one_of(w, WORK_AFTER));
    // "Taken by van to the emergency department after she agreed" (in a street outreach log: the
    // eighty-ninth held-out set lost it, blind), "Taken to theatre": the participle of a passive
    // whose subject the note leaves out, as "Admitted" or "Conveyed" reads by its "-ed", when
    // what follows says where or how (`TAKEN_WHERE`). "Taken by Dr …" names who acted (`by`).
    let taken = || first.eq_ignore_ascii_case("taken") && words.get(1).is_some_and(|w| is_one_of(w, TAKEN_WHERE));
    (past || participle || s_form || first_roles & role::ELIDED_SUBJECT_VERB != 0 || wish() || works() || taken())
        && !by
        && has_a_statement(&words[1..])
}

/// Whether `by_and_after` ("by" and the words after it) names how something was done rather than
/// who did it: "by" itself is no label's ("Validated by:"), and the word after it opens in lower
/// case and is no article, possessive, person or carer ("by push-through", "by aspiration"; not
/// "by Dr Kaur", "by the nurse", "by a nurse", "by his GP", "by physio"). Two words are read.
fn names_a_method(by_and_after: &[&str]) -> bool {
    let [by, how, ..] = by_and_after else { return false };
    let how_read = Read::of(how);
    !by.ends_with(':')
        && how.starts_with(|c: char| c.is_ascii_lowercase())
        && !how_read.is(role::DETERMINER | role::POSSESSIVE | role::PERSON | role::PRONOUN)
        && !is_one_of(how, CARERS)
        && !is_one_of(how, &["a", "an"])
}

/// "The patient was given the opportunity to ask questions", "She expressed her understanding
/// and agreement with the plan": what happened in the consultation, not to the patient. Its
/// phrases (`lexicon::CONSULTATION_PHRASES`) are compared word by word, ignoring ASCII case and
/// punctuation, without a lower-cased copy.
pub fn speaks_of_the_consultation(words: &[&str]) -> bool {
    static CONSULTATION: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(CONSULTATION_PHRASES));
    CONSULTATION.held_in(words)
}

/// The word without punctuation, opening quotes and a contraction ("“She's" → "She"). A byte search: the
/// curly apostrophe's first byte (0xE2) stands for it, and cutting another character that
/// begins so only makes a word no list holds.
fn stem(word: &str) -> &str {
    // `bare` keeps non-ASCII characters: an opening curly quote ("“She") is set apart here.
    let bare = bare(word).trim_start_matches(['“', '‘']);
    let end = bare.bytes().position(|b| b == b'\'' || b == 0xE2).unwrap_or(bare.len());
    &bare[..end]
}

/// "He'll", "She’ll": the future, a plan.
fn contracted_will(word: &str) -> bool {
    let bare = bare(word).as_bytes();
    let ll =
        |suffix: &[u8]| bare.len() >= suffix.len() && bare[bare.len() - suffix.len()..].eq_ignore_ascii_case(suffix);
    ll(b"'ll") || ll("’ll".as_bytes())
}

/// Something is said of the subject: a lowercase word follows it, soon.
fn has_a_statement(words: &[&str]) -> bool {
    words.iter().take(WORDS_OF_A_STATEMENT).any(|w| w.starts_with(|c: char| c.is_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_act_of_care_in_the_first_person_is_a_decision() {
        let reports = |s: &str| reports_care_given(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "We have offered testing to your siblings and your mum.",
            "I've arranged an ultrasound of your neck.",
            "We have just requested his old notes.",
            "We have also arranged for the nurse to visit.",
            "I referred him to the falls clinic.",
            "We will see her on her own first, as is our usual practice.",
            "I'll refer him to the falls clinic.",
            "We will also offer your brother testing.",
            "We gave you details of the talking therapies service you can contact yourself.",
            "Also we signposted her to the carers' centre.",
            "Additionally we have offered her brother testing.",
            "I have given him a rescue pack of steroids.",
            "We signposted her to the carers' centre.",
        ] {
            assert!(reports(sentence), "{sentence}");
        }
        for sentence in [
            "We discussed the options at length.",
            "I have explained the results.",
            "We, having offered it, wait.",
            "They have offered to help.",
            "We have now been offered nothing.",
            "We stopped at the services on the way.",
            "I booked a holiday in Spain.",
            "We will see how it goes.",
            "We will see what the scan shows.",
            "I'll be in touch.",
            "I'll see you on Thursday.",
            "We will test the fire alarms on Monday morning.",
            "I'll book a taxi for the day.",
            "We gave your details to our booking team.",
            "We gave the reception team your new address.",
            "We gave you a call on Friday but could not get through.",
            "offered",
        ] {
            assert!(!reports(sentence), "{sentence}");
        }
    }

    fn about(sentence: &str) -> bool {
        is_about_someone(&sentence.split(' ').collect::<Vec<_>>())
    }

    #[test]
    fn every_listed_word_has_a_key() {
        let lists: [&[&str]; 18] = [
            RELATIVES,
            ADVERBS_BEFORE_A_SUBJECT,
            SHARES_OF_PEOPLE,
            CARE_PLANNED,
            PARTICLES,
            CLINICIAN_FIRST_PERSON_VERBS,
            FIRST_PERSON_AUXILIARIES,
            NOT_PARTICIPLES,
            PERSON_PRONOUNS,
            OPENING_PREPOSITIONS,
            PERSON_SUBJECTS,
            POSSESSIVES,
            DETERMINERS,
            CONJUNCTIONS,
            PLAN_MODALS,
            ELIDED_SUBJECT_VERBS,
            CLINICIAN_ACTS,
            NOT_PASTS,
        ];
        for word in lists.into_iter().flatten() {
            assert!(key(word).is_some() && *word == word.to_ascii_lowercase(), "{word}");
        }
        assert!(
            has("She’s", role::PERSON)
                && has("\"He's", role::PERSON)
                && has("“She", role::PERSON)
                && !has("Shed", role::PERSON)
        );
    }

    #[test]
    fn a_person_as_subject_makes_a_report() {
        for sentence in [
            "He lines up his pencils before starting work.",
            "She's stopped going out.",
            "Her husband is doing her buttons.",
            "They come and go in waves.",
            "Keyworker: \"He's just not himself.\"",
            "Mum says he has stopped eating crusts.",
            "The patient keeps losing her words.",
            "Patient NR describes sudden attacks of spinning.",
            "Slept most of the night.",
            "Keeps trying to stand up out of the chair.",
            "Informal admission offered twice; she declined, saying she has work to do for God.",
            "You were open and thoughtful.",
            "He said: \"I hear them at night.\"",
            "Mum said he would hide under the bed when the doorbell rang.",
            "Re: Patient NB | Mum says he hides under the table at school.",
            "We have asked the dietitian to see him, as he has lost weight.",
            "Calm with us; agreed to go voluntarily.",
            "Free-text box: Rises from the armchair on the third attempt, rocking to get going.",
            "On the phone he keeps saying he's a burden.",
            "Before all this he was driving to bowls and doing his own shopping.",
            "[ Feeding every hour to hour and a half, day and night.",
            "Denies other drugs; friend thinks she had some vodka earlier.",
            "Pushes staff away during care.",
            "Trips on kerbs and carpet edges.",
            "Fri wk 3 - Brought his own biscuits and shared them.",
            "Quiet, kept his coat on.",
            "Finds the supermarket overwhelming, a wall of noise.",
            "I throw up until there's nothing left.",
            "I've stopped answering my friends' messages.",
            "I'm being sick eight or nine times a day now.",
            "I stopped driving for a while.",
            "At my worst last spring I was having two or three a week.",
            "After I saw her she was screaming at the staff.",
            "I would wake up at three every night.",
            "I saw blood in the bowl.",
            "I thought I was dying.",
            "I was going to the toilet ten times a night.",
            "Your memory lapses worry you at work.",
            "My knees ache on the stairs.",
            "Once I dropped to the floor at work with no warning at all.",
            "A few children have it for longer, and we would look after her differently then.",
            "Some patients notice it only in the cold.",
            // family in the plural, a club's or a workplace's people by their part there
            "Sisters well, one has a young son.",
            "Both uncles had the same trouble with their eyes.",
            "Apprentice laughed it off and carried on.",
            // a passive naming how, not who
            "Ring block; Removed by push-through and cut technique.",
            "Reduced by traction in the department.",
            // a log entry opening with a form in "-ing" after its time's dash
            "Fri - Cycling the exercise bike is fine, funny that.",
            // a share of people, the patient's family in a letter to the patient, people with
            // the condition
            "All three have stayed well.",
            "Each of your children has a one-in-two chance of having inherited it.",
            "Two of her brothers had the same operation.",
            "Each child has a one-in-two chance.",
            "Your eldest daughter, who is twenty, wants to be tested now.",
            "My late husband had the same cough.",
            "Girls with triple X tend to be tall.",
            // a person in the possessive within an opening phrase is not its subject
            "In the women's group she barely spoke and left early.",
            // a pupil's attention in class, as a teacher reports it
            "Loses track in whole-class teaching and watches other children to see what to do.",
            "Daydreams when the classroom is noisy.",
            // a wish, its subject left out, as an advance care plan records it
            "Wishes to die at home, as discussed with his wife.",
            "Would rather have a shorter life at home than a longer one in hospital.",
            // the social history's work
            "Works as long-haul cabin crew, often away across time zones.",
            "Works nights in a care home.",
            // a behaviour, its subject left out, before the patient themselves or their own
            "Weighs herself several times a day.",
            "Cuts her meter readings out of her logbook so her parents won't see.",
            // …or before an adverb of manner
            "Rolls partly with a bed rail.",
            "Tires quickly on the push rims up the ramp.",
            // a sentence adverb before the subject
            "And honestly I've been feeling flat.",
            "Sadly he died in the spring.",
            "Also she fell on the stairs again.",
            // a phrase of circumstance before the subject
            "Under the seafarer medical standards he is temporarily unfit for sea service.",
        ] {
            assert!(about(sentence), "{sentence}");
        }
        // A letter's business in the first or second person is no report, nor a share of things.
        for sentence in [
            "Your appointment has been booked with the clinic.",
            "My secretary has sent the forms.",
            "Your new appointment letter, enclosed, has the details.",
            "All three samples arrived on time.",
            "Each of the forms was signed.",
            "Your new patient appointment has been booked.",
            "Would be grateful for a copy of the letter.",
            "Would like to thank you for your continued support.",
            "Would love to hear from you about the new form.",
            "Wishes you and the team a very happy Christmas.",
            "Unfortunately the clinic was cancelled.",
            "Really really he tried.",
            "Alternatively you can email the team through the patient portal.",
            "Finally you can update your contact details at reception.",
            "Friendly volunteers run the cafe.",
            "Works are under way on the main car park until the end of June.",
            "Works traffic uses the north entrance.",
            "All, three.",
            "Sends her best wishes to everyone on the ward team.",
            "Extends his thanks to the staff.",
            // a plural noun before an adverb of time, or before a noun in "-ly"
            "Clinics weekly at the health centre.",
            "Visits family in the holidays are welcome.",
        ] {
            assert!(!about(sentence), "{sentence}");
        }
        // A clause after a comma opens with a verb only after a first clause of one word: else
        // it is too often a list's next item.
        assert!(!about("Blood tests, kept in the fridge."));
    }

    #[test]
    fn a_recurring_event_is_a_report_whatever_its_subject() {
        let recurs = |s: &str| {
            let words: Vec<&str> = s.split(' ').collect();
            let keys: Vec<Option<Key>> = words.iter().map(|w| key(bare(w))).collect();
            tells_a_recurrence(&words, &keys)
        };
        for sentence in [
            "The shell keeps slipping down.",
            "The dressing keeps coming off at night.",
            "It kept on happening after meals.",
            "Keeps wandering.",
            "Weals come and go within hours.",
            "The pain has been on and off for a year.",
            "Her confusion waxes and wanes.",
            "It's every time we fish the east grounds.",
            "Each time I bend over it catches.",
            "Whenever she eats she coughs.",
        ] {
            assert!(recurs(sentence), "{sentence}");
        }
        for sentence in [
            "Keep the dressing dry.",
            "Keep",
            "The records are kept.",
            "Kept, waiting.",
            "Come and see us.",
            "Go and come",
            "Visitors can come and go as they please.",
            "Every time you visit, bring your card.",
            "Each time, we check the form.",
            "Every time.",
        ] {
            assert!(!recurs(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_note_s_item_opens_with_a_noun_or_a_verb() {
        let item = |s: &str| opens_as_an_item(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Letter to the family with outcomes once recipients are known.",
            "Blood monitoring fortnightly for three months, then monthly.",
            "Scuba diving is unsafe for him.",
            "Dietitian review for a multivitamin he will accept.",
        ] {
            assert!(item(sentence), "{sentence}");
        }
        for sentence in [
            "We would like to thank the team.",
            "The patient was given the opportunity to ask questions.",
            "I spent a total of 30 minutes with the patient.",
            "It was a pleasure to see her.",
            "Please ensure a supply of insulin.",
            "In the meantime, she will continue.",
            "She will be reviewed in the autumn.",
            "Letter.",
            "lowercase start here",
            "Signature: Dr. Ottoline Brackenridge",
            "Mum was given the opportunity to ask questions.",
        ] {
            assert!(!item(sentence), "{sentence}");
        }
    }

    #[test]
    fn plans_records_and_other_subjects_are_not() {
        for sentence in [
            "She will be reviewed in six weeks.",
            "He'll be seen again in clinic.",
            "Her GP should continue the dose.",
            "The patient was given the opportunity to ask questions.",
            "She expressed her understanding and agreement with the plan.",
            "Patient: Patient NA (TEST-000801)",
            "Validated by: Duty Clinical Biochemist",
            "Seen by Dr Kaur in the clinic.",
            "Reviewed by the nurse at the desk.",
            "Checked by a nurse at the door.",
            "Assessed by physio on the ward.",
            "- Monitoring bloods weekly.",
            "Patient: will ring to rebook.",
            "Attendees: Mum, Dad, class teacher, SENCO",
            "Discussed with the consultant on call.",
            "We will see her again.",
            "Thank you for referring this lady.",
            "The clinic runs on Mondays.",
            "For the patient we will arrange transport.",
            "With her consent we referred her to the team.",
            "On review he will need a scan.",
            "In clinic, we saw her briefly.",
            "Meeting held in the day room.",
            "Following discussion, the referral was accepted.",
            "Attending physician: Dr. Harrow Quince (fictional)",
            "Subject: Checking in after your discharge",
            "His",
            "",
            "I have seen her in clinic today with her husband.",
            "I have asked her GP to stop the ramipril.",
            "I am writing to update you.",
            "I'd be grateful for your help.",
            "I would be grateful if you could review him.",
            "I would also like to reassure you.",
            "I've explained the results to her.",
            "I will see her again in six weeks.",
        ] {
            assert!(!about(sentence), "{sentence}");
        }
    }
}
