//! Whether a sentence opens as the clinician's impression or decision: a diagnosis with its
//! certainty, or a referral.
//!
//! A sentence may open by saying how certain a diagnosis is: "Possible criminal
//! exploitation, flagged today.", "Possible lymphovascular invasion - a single focus, not
//! conclusive on core", "Impression: probable early Alzheimer's disease", "Cannot exclude a
//! small pneumothorax".
//!
//! Why: such a sentence is a clinician's impression, and the issue counts certainty among the
//! words that make a fact. A hedged diagnosis is often a noun phrase in the clinician's own words
//! ("criminal exploitation", "lymphovascular invasion"), which no vocabulary is sure to name, and
//! the fifth and tenth held-out sets lost two such, blind, under BALANCED. Where the certainty
//! word opens the sentence, the rest of it is what is thought likely: it is kept as a finding
//! (`prose`).
//!
//! A referral is a decision the model reading the prompt must see, as a plan's items are, and
//! is written in plain words in letters and notes: "Referral to our psychologist and to the
//! specialist nurse for support", "Urgent referral to the endocrinology clinic". The tenth,
//! eleventh and thirteenth held-out sets each lost one under AGGRESSIVE or BALANCED, blind. A
//! sentence whose first words make a referral to someone ("Referral to", "Refer to", "Referred
//! for") is kept so too.
//!
//! So is a request to the letter's reader: "I would be grateful if you could check her blood
//! pressure every three months" (the sixteenth held-out set lost "her" from it under AGGRESSIVE,
//! blind, which wrote the courtesy telegraphically). Its phrases (`lexicon::REQUEST_PHRASES`)
//! may stand anywhere in the sentence. So is an instruction of care opening a note's sentence,
//! "Please" or not before it: "Consider a combined preventer and reliever regime", "Discuss with
//! microbiology if oral options are needed" (the seventy-sixth held-out set lost both, blind).
//!
//! So is a note that the care was escalated: "Cardiologist informed before he left",
//! "Neurosurgical registrar informed", "Consultant made aware" (the twentieth held-out set lost
//! the first under CONSERVATIVE and up). Who was told, and when, is a decision of the course the
//! model reading a handover or an incident must see; its words are a role and a verb no
//! vocabulary names.
//!
//! And so is a note's plan in the passive infinitive, "Passport to be reviewed every six months",
//! "Bloods to be repeated in a week", wherever it stands (the twenty-first held-out set lost the
//! first outside a plan's section).
//!
//! Only the opening words are read, and the request's phrases once over the sentence: linear.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use super::keys::{key, Key, Openings};
use super::lexicon::{
    APPOINTMENTS, CARE_ARRANGED, CARE_ASKED, CARE_IMPERATIVES, CERTAINTY_OPENERS, CERTAINTY_OPENING_PHRASES,
    CLINICIAN_PLAN_VERBS, ESCALATION_WORDS, FITNESS_OPENING_PHRASES, INFORM_VERBS, IRREGULAR_PARTICIPLES,
    NOT_INSTRUCTED, NOT_PLANNED, NOT_ROLES, NOT_SERVICES, NOT_TREATMENT_SUBJECTS, REFERRAL_FOLLOWERS, REFERRAL_WORDS,
    REQUEST_PHRASES, TASKED_STAFF, TOLD_FOLLOWERS, TREATMENT_VERBS, TREATMENT_WORDS, WRITER_FUTURES,
};
use super::text::{bare, ends_with_a_mark, is_one_of, opening_label, Phrases};

static OPENERS: LazyLock<HashSet<Key>> = LazyLock::new(|| CERTAINTY_OPENERS.iter().filter_map(|w| key(w)).collect());

/// `words` are a sentence's words as written (a label and punctuation included).
pub fn opens_hedged(words: &[&str]) -> bool {
    let label = opening_label(words).unwrap_or(0);
    // "Likely long-term outcome: dependent on others for all care": the certainty opens the
    // label.
    if label > 0 && is_opener(words[0]) {
        return true;
    }
    let rest = &words[label..];
    let Some(first) = rest.first() else { return false };
    // "?appendicitis", "? septic arthritis": a question mark before a diagnosis is clinicians'
    // shorthand for "query".
    let query = match first.strip_prefix('?') {
        Some("") => rest.len() > 1,
        Some(_) => true,
        None => false,
    };
    let word = is_opener(first) && rest.len() > 1;
    // The first word is trimmed (`bare`) once and compared with each phrase's first before the
    // phrase is compared whole: trimming it again for each of the sixteen phrases cost some 400
    // instructions a sentence.
    let head = bare(first);
    let opens = |phrase: &&[&str]| {
        rest.len() > phrase.len()
            && phrase.first().is_none_or(|p| head.eq_ignore_ascii_case(p))
            && rest.iter().zip(*phrase).all(|(w, p)| bare(w).eq_ignore_ascii_case(p) && !w.ends_with([',', '.', ';']))
    };
    // A judgement of the patient's fitness opens an impression as a certainty does; not a
    // question or a word to the reader ("Safe to contact you on this number?", "Safe for you to
    // park at the back").
    let to_the_reader = || {
        rest.last().is_some_and(|w| w.ends_with('?'))
            || rest.iter().any(|w| is_one_of(w, &["you", "your", "we", "us", "our"]))
    };
    query
        || word
        || CERTAINTY_OPENING_PHRASES.iter().any(opens)
        || FITNESS_OPENING_PHRASES.iter().any(opens) && !to_the_reader()
}

/// The first words a referral's word may stand after ("Urgent referral to", "Routine re-referral
/// to").
const WORDS_BEFORE_A_REFERRAL: usize = 2;

/// The most words of a service its referral is named by ("Genetic counselling referral", "Answer:
/// dental access scheme referral - he can self-refer", in a drug service's answers to a family's
/// questions: the eighty-third held-out set lost it, blind).
const WORDS_OF_A_SERVICE: usize = 3;

/// `words` are a sentence's words as written: a referral's word among its first, after a label,
/// followed by "to" or "for", or by whom it refers and then "to" or "for" ("refer you to"); or
/// the noun after the service it names ("Genetic counselling referral - both parents likely
/// carriers", "Urgent ENT referral sent": the twenty-first held-out set lost the first under
/// BALANCED and AGGRESSIVE).
/// So may a clause after a semicolon ("4. Contraception and pregnancy planning discussion -
/// pregnancy may strain the valve; referral to the maternal cardiology clinic before any
/// pregnancy": the twenty-second held-out set lost it under BALANCED and AGGRESSIVE, blind).
pub fn opens_with_a_referral(words: &[&str]) -> bool {
    let after_semicolons = words.iter().enumerate().filter(|(_, w)| w.ends_with(';')).map(|(i, _)| i + 1);
    std::iter::once(opening_label(words).unwrap_or(0))
        .chain(after_semicolons)
        .any(|start| clause_opens_with_a_referral(&words[start.min(words.len())..]))
}

/// The words a service's referral is named by (`clause_opens_with_a_referral`).
const SERVICE_REFERRALS: &[&str] = &["referral", "referrals", "re-referral"];

/// Whether a word holds "ref", ignoring ASCII case, as every referral's word does
/// (`REFERRAL_WORDS`, `SERVICE_REFERRALS`; a unit test says so).
fn holds_ref(word: &str) -> bool {
    word.as_bytes().windows(3).any(|three| three.eq_ignore_ascii_case(b"ref"))
}

/// `opens_with_a_referral` for one clause, `rest`, after any label. Its first few words are read.
fn clause_opens_with_a_referral(rest: &[&str]) -> bool {
    // Both shapes below need a referral's word among the clause's first words: most clauses have
    // none, told by a byte search before any word is trimmed and compared with the lists (some
    // 500 instructions a sentence).
    if !rest.iter().take(WORDS_OF_A_SERVICE.max(WORDS_BEFORE_A_REFERRAL) + 1).any(|w| holds_ref(w)) {
        return false;
    }
    let open = |word: &str| !ends_with_a_mark(word);
    // The noun ends the sentence or its clause, or a dash or what was done with it follows:
    // "Exercise referral screen" names a form, not a referral.
    let done = |w: Option<&&str>| w.is_none_or(|w| matches!(*w, "-" | "–" | "—") || is_one_of(w, REFERRAL_FOLLOWERS));
    // No word of the service's name says whose the referral is ("We received a referral").
    let names_a_service = |i: usize| {
        i > 0
            && is_one_of(rest[i], SERVICE_REFERRALS)
            && rest[..i].iter().all(|w| open(w) && !is_one_of(w, NOT_SERVICES))
            && (!open(rest[i]) || done(rest.get(i + 1)))
    };
    if (1..=WORDS_OF_A_SERVICE.min(rest.len().saturating_sub(1))).any(names_a_service) {
        return true;
    }
    // The referral's word, then "to" or "for", or whom it refers first ("I will refer you to our
    // psychologist": sets 14 and 17 each lost a plan in the clinician's first person, blind).
    (0..=WORDS_BEFORE_A_REFERRAL).any(|i| {
        let word = |k: usize| rest.get(i + k).copied();
        if !word(0).is_some_and(|w| is_one_of(w, REFERRAL_WORDS) && open(w)) {
            return false;
        }
        match (word(1), word(2)) {
            (Some(next), _) if is_one_of(next, &["to", "for"]) => true,
            (Some(whom), Some(next)) => {
                is_one_of(whom, &["you", "him", "her", "them"]) && open(whom) && is_one_of(next, &["to", "for"])
            }
            _ => false,
        }
    })
}

/// The most words between "grateful for" and the care it asks for (`asks_the_reader`): "an
/// urgent home visit".
const WORDS_BEFORE_THE_CARE_ASKED: usize = 3;

/// `words` are a sentence's words as written: one of `lexicon::REQUEST_PHRASES` among them,
/// ignoring ASCII case and punctuation; or "grateful for" and, within
/// `WORDS_BEFORE_THE_CARE_ASKED` words, care the reader is asked to give (`lexicon::CARE_ASKED`:
/// "I would be very grateful for an urgent home visit", which the fifty-seventh held-out set lost
/// as a courtesy), where "grateful for your help" is one; or, "Please" or not before it, a
/// verb telling the reader to inform someone (`lexicon::INFORM_VERBS`: "Tell the occupational
/// health service at the stud – foals are most at risk", in a microbiology report's comment,
/// which the same set lost, blind; "Inform the GP", "Notify the health protection team"); or
/// "Please pass on" or "Please let … know" and what the patient is to be told
/// (`tells_the_patient`: "Please pass on that he should avoid the sauna straight after matches",
/// in a sports cardiology letter's plan: the seventy-fifth held-out set lost it, blind; not
/// "Please pass on our thanks to the team"). Not a phrase of `REQUEST_PHRASES`: "pass" opens as
/// "patient" and "pain" do, and each such word was then keyed and looked up (0.3 M instructions
/// in three corpus passes).
/// Linear: "grateful" is found first.
pub fn asks_the_reader(words: &[&str]) -> bool {
    static REQUESTS: LazyLock<Phrases> = LazyLock::new(|| Phrases::new(REQUEST_PHRASES));
    let verb = usize::from(words.first().is_some_and(|w| is_one_of(w, &["please"]) && !ends_with_a_mark(w)));
    let informs = words.get(verb).is_some_and(|w| {
        is_one_of(w, INFORM_VERBS) && !ends_with_a_mark(w) && w.starts_with(|c: char| c.is_uppercase() || verb > 0)
    });
    let passes_on = verb > 0 && tells_the_patient(&words[1..]);
    informs
        || passes_on
        || REQUESTS.held_in(words)
        || words.iter().enumerate().any(|(i, w)| {
            is_one_of(w, &["grateful"])
                && words.get(i + 1).is_some_and(|w| is_one_of(w, &["for"]))
                && words[i + 2..words.len().min(i + 3 + WORDS_BEFORE_THE_CARE_ASKED)]
                    .iter()
                    .any(|w| is_one_of(w, CARE_ASKED))
        })
}

/// The keys of `lexicon::CARE_IMPERATIVES`: a sentence's opening word is keyed once and looked up,
/// not compared with each verb.
static CARE_IMPERATIVE_KEYS: LazyLock<HashSet<Key>> =
    LazyLock::new(|| CARE_IMPERATIVES.iter().filter_map(|w| key(w)).collect());

/// `words` are a sentence's words as written: a note's instruction of care, a verb of
/// `lexicon::CARE_IMPERATIVES` opening it, capitalised or after "Please", with something after it
/// ("Consider a combined preventer and reliever regime per current guidance", a pharmacist's
/// suggestion to a GP, and "Discuss with microbiology if oral options are needed", a laboratory's
/// comment: the seventy-sixth held-out set lost both, blind; "Please arrange a repeat scan in
/// the spring"), or a note that a colleague was consulted ("Discussed with microbiology, who
/// advised…"). A decision, or advice on one, wherever it stands, as a plan's item is.
///
/// Not a letter's small print, which opens with the same verbs (a review of stop 47's change
/// found each kept): what the reader is asked to do for the office, told by "you", "your", "our",
/// "us" or "we" among the three words after the verb ("Please arrange your own transport",
/// "Review our privacy notice", "Please check that we have your correct mobile number") or by
/// "this letter" or "this email" anywhere ("Please consider the environment before printing this
/// email"); the verb as a noun's modifier, a finite verb among the three words after it ("Repeat
/// prescriptions can be requested online", "Review clinics run on Tuesday", "Start times may
/// vary"); checking in or out at a desk, stopping by it, or going on to a page ("Check in at the
/// main reception", "Stop by reception", "Continue to the next page"). Only the first words are
/// read, and the sentence once for "this".
pub fn directs_care(words: &[&str]) -> bool {
    let please = usize::from(words.first().is_some_and(|w| is_one_of(w, &["please"]) && !ends_with_a_mark(w)));
    let (Some(verb), Some(next)) = (words.get(please), words.get(please + 1)) else { return false };
    if ends_with_a_mark(verb) || please == 0 && !verb.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    // Checking in at a desk, stopping by it, going on to a page: asked of a care verb only.
    let errand = || {
        is_one_of(verb, &["check"]) && is_one_of(next, &["in", "out"])
            || is_one_of(next, &["by"])
            || is_one_of(next, &["to"])
                && words.get(please + 2).is_some_and(|w| is_one_of(w, &["the", "a", "page", "overleaf"]))
    };
    let directs = if is_one_of(verb, &["discussed"]) {
        is_one_of(next, &["with"])
    } else {
        key(bare(verb)).is_some_and(|k| CARE_IMPERATIVE_KEYS.contains(&k)) && !errand()
    };
    let after = &words[please + 1..words.len().min(please + 4)];
    directs
        && !after.iter().any(|w| is_one_of(w, FOR_THE_OFFICE) || is_one_of(w, FINITE_AFTER_A_MODIFIER))
        && !words
            .windows(2)
            .any(|pair| is_one_of(pair[0], &["this"]) && is_one_of(pair[1], &["letter", "email", "e-mail"]))
}

/// Words after an instruction's verb that make it a letter's small print: the reader asked to do
/// something for the office (`directs_care`).
const FOR_THE_OFFICE: &[&str] = &["you", "your", "our", "us", "we"];

/// Finite verbs after a care verb that make the verb a noun's modifier ("Repeat prescriptions
/// can be requested", "Request forms are available"; `directs_care`).
const FINITE_AFTER_A_MODIFIER: &[&str] = &[
    "is", "are", "was", "were", "can", "may", "will", "should", "must", "take", "takes", "run", "runs", "has", "have",
];

/// The most words of the staff a task is given to (`assigns_a_task`): "Ward pharmacist", "Night
/// staff", "Community psychiatric nurse".
const WORDS_OF_TASKED_STAFF: usize = 3;

/// `words` are a sentence's words as written: a note's task for its staff, a role of
/// `lexicon::TASKED_STAFF` ending its capitalised subject, then "to" and a verb in lower case
/// ("Pharmacist to speak to the client before each supervised dose", "Night staff to check the
/// kitchen hourly"). Not the staff's ratio or a route ("Nurse to patient ratio", "Staff to the
/// left"): the word after "to" is no article, determiner or "patient". Only the first six words
/// are read.
pub fn assigns_a_task(words: &[&str]) -> bool {
    let Some(first) = words.first() else { return false };
    if !first.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    // "to" first: most sentences have none among their first words, and comparing each with
    // every role first cost 0.5 M instructions in three corpus passes (callgrind).
    (0..WORDS_OF_TASKED_STAFF.min(words.len())).any(|i| {
        words.get(i + 1).is_some_and(|w| *w == "to")
            && is_one_of(words[i], TASKED_STAFF)
            && words[..=i].iter().all(|w| !ends_with_a_mark(w))
            && words.get(i + 2).is_some_and(|verb| {
                verb.starts_with(|c: char| c.is_ascii_lowercase())
                    && !is_one_of(verb, &["the", "a", "an", "patient", "patients", "his", "her", "their", "this"])
            })
            && words.get(i + 3).is_some()
    })
}

/// `words` are a sentence's words as written: "We" or "I" and a verb of intent (`lexicon::
/// CLINICIAN_PLAN_VERBS`: "We will see you in three months and repeat the TempTest in a year"),
/// or "We'll" or "I'll". Under the plan's heading such a sentence is one of its items, written in
/// the clinician's first person (`prose`); sets 14, 17 and 19 each lost one, blind. Only the first
/// two words are read.
pub fn states_a_plan(words: &[&str]) -> bool {
    match words {
        [first, second, ..] if is_one_of(first, &["we", "i"]) && !ends_with_a_mark(first) => {
            is_one_of(second, CLINICIAN_PLAN_VERBS)
        }
        [first, _, ..] => is_one_of(first, WRITER_FUTURES),
        _ => false,
    }
}

/// The most words before a treatment's name that opens what it is (`names_the_treatment`): "The
/// most important treatment is".
const WORDS_BEFORE_THE_TREATMENT: usize = 4;

/// `words` are a sentence's words as written: one of `lexicon::TREATMENT_WORDS` as its subject,
/// among its first words and followed by a verb saying what it is ("The most important treatment
/// is complete removal from the chip store", "The mainstay of management remains avoidance").
/// Under the plan's heading such a sentence is one of its items (`prose`). A treatment word after
/// a preposition or a question word is an object, not the subject ("We would be happy to discuss
/// his management", "A leaflet about the treatment is enclosed", "We discussed what his
/// treatment is"), and no word before it may end with a mark. Only the first words are read.
pub fn names_the_treatment(words: &[&str]) -> bool {
    let first = &words[..words.len().min(WORDS_BEFORE_THE_TREATMENT + 1)];
    first.iter().enumerate().any(|(i, w)| {
        is_one_of(w, TREATMENT_WORDS)
            && words.get(i + 1).is_some_and(|verb| is_one_of(verb, TREATMENT_VERBS))
            && first[..=i].iter().all(|w| !ends_with_a_mark(w))
            && !first[..i].iter().any(|w| is_one_of(w, NOT_TREATMENT_SUBJECTS))
    })
}

/// The most words of what is to be done before "to be" ("Passport to be reviewed", "Repeat
/// liver function tests to be done").
const WORDS_BEFORE_TO_BE: usize = 4;

/// `words` are a sentence's words as written: a note's plan in the passive infinitive, its first
/// word capitalised, "to be" among the first words after it and a past participle next ("Passport
/// to be reviewed every six months", "Bloods to be repeated in a week", "Stitches to be taken out
/// at the practice": the twenty-first held-out set lost the first under CONSERVATIVE and up).
/// Or "must be", "should be" or "will be" for "to be", an instruction to staff or a plan told
/// ahead ("Kitchen and fridge must be locked at all times", in a short-breaks handover book: the
/// fifty-third held-out set lost it; "His father will be offered testing through his
/// neurologist", in a letter's family paragraph: the fifty-fourth lost it),
/// but not a letter's small print ("All appointments must be cancelled a day ahead",
/// `lexicon::NOT_INSTRUCTED`).
/// Only the first words are read.
pub fn plans_to_be_done(words: &[&str]) -> bool {
    let Some(first) = words.first() else { return false };
    let participle = |w: &str| {
        let w = bare(w);
        w.len() > 3 && w.bytes().all(|b| b.is_ascii_lowercase()) && (w.ends_with("ed") || w.ends_with("en"))
            || is_one_of(w, IRREGULAR_PARTICIPLES)
    };
    // What is to be done opens the note: a sentence opening with a pronoun or a feeling says
    // something else ("It was a pleasure to be involved in her care", "Happy to be contacted if
    // there are any questions"). Asked last: most sentences have no "to be" among their first
    // words, which rules them out for less than comparing the first word with each of
    // `lexicon::NOT_PLANNED` first (0.20 M instructions more in three corpus passes, 72.54 M to
    // 72.34 M, callgrind).
    first.starts_with(|c: char| c.is_ascii_uppercase())
        && (1..=WORDS_BEFORE_TO_BE).any(|i| {
            words.get(i).is_some_and(|w| matches!(*w, "to" | "must" | "should" | "will"))
                && words.get(i + 1).is_some_and(|w| *w == "be")
                && words.get(i + 2).is_some_and(|w| participle(w))
                && !words[..i].iter().any(|w| ends_with_a_mark(w))
                // The small print is asked last, of a modal's plan only.
                && (words[i] == "to" || !is_one_of(first, NOT_INSTRUCTED))
        })
        && !is_one_of(first, NOT_PLANNED)
}

/// The most words between "Please pass on" or "Please let … know" and the "that" of what to tell
/// (`tells_the_patient`): "to him", "the club".
const WORDS_BEFORE_WHAT_TO_TELL: usize = 3;

/// `words` are a request's words after "Please": "pass on" or "let" someone "know", then, within
/// `WORDS_BEFORE_WHAT_TO_TELL` words, "that" and what the patient is to be told, about someone
/// other than the writer ("pass on that he should avoid the sauna", "let him know that the fast
/// starts at midnight"; not "let us know if you need an interpreter", nor "pass on that we are
/// grateful for the card").
fn tells_the_patient(words: &[&str]) -> bool {
    let told = match words {
        [pass, on, ..] if is_one_of(pass, &["pass"]) && is_one_of(on, &["on"]) => 2,
        [let_, whom, ..] if is_one_of(let_, &["let"]) && !is_one_of(whom, &["us", "me"]) => 1,
        _ => return false,
    };
    let knows = told == 2 || words[1..].iter().take(WORDS_BEFORE_WHAT_TO_TELL).any(|w| is_one_of(w, &["know"]));
    let after = &words[told..];
    knows
        && after.iter().take(WORDS_BEFORE_WHAT_TO_TELL + 1).enumerate().any(|(i, w)| {
            is_one_of(w, &["that"]) && !after.get(i + 1).is_some_and(|next| is_one_of(next, &["we", "i", "our", "my"]))
        })
}

/// `words` are a sentence's words as written: a note's plan with what is advised first and the
/// word that advises it last ("Sump clean-out and fluid replacement and review of all machinists
/// advised", in an occupational health laboratory's comment: the seventy-fifth held-out set lost
/// it, blind; "Rest and fluids advised", "Repeat imaging recommended"). Its first word
/// capitalised and no pronoun ("It was advised"), nor a letter's small print before the closing
/// word (`NOT_NOTE_ADVICE`). Only the first and the last two words are read.
pub fn ends_advised(words: &[&str]) -> bool {
    let [first, .., last] = words else { return false };
    let before = words[words.len() - 2];
    is_one_of(last, &["advised", "recommended"])
        && first.starts_with(|c: char| c.is_ascii_uppercase())
        && !is_one_of(first, &["it", "this", "that", "he", "she", "they", "i", "we", "you"])
        && !is_one_of(before, NOT_NOTE_ADVICE)
}

/// Words before a closing "advised" or "recommended" that make it a letter's sentence, its small
/// print as often ("Early arrival at the main reception desk is strongly recommended", "Booking
/// a parking space in advance is advised"), not a note's plan (`ends_advised`).
const NOT_NOTE_ADVICE: &[&str] = &["is", "are", "was", "were", "be", "been", "strongly", "highly", "also", "not"];

/// The most words of who was told, or what was arranged, before the word that says so
/// ("On-call surgical registrar bleeped", "Clinic appointment booked").
const WORDS_BEFORE_CARE_TAKEN: usize = 3;

/// The openings of `lexicon::ESCALATION_WORDS` and `lexicon::CARE_ARRANGED`: most words open
/// none, and are ruled out without comparing them with each (which cost 0.13 M instructions more
/// in three corpus passes, 72.66 M to 72.52 M, callgrind).
static CARE_TAKEN_OPENINGS: LazyLock<Openings> = LazyLock::new(|| {
    let mut openings = Openings::of(ESCALATION_WORDS);
    CARE_ARRANGED.iter().for_each(|word| openings.add(word.as_bytes()));
    openings
});

/// `words` are a sentence's words as written: a note's subject, capitalised, of at most
/// `WORDS_BEFORE_CARE_TAKEN` words with no mark between them, then one of
/// `lexicon::ESCALATION_WORDS` or `lexicon::CARE_ARRANGED` ("Cardiologist informed before he
/// left", "Consultant made aware", "Roastery told - shared overalls to be washed", "Clinic
/// appointment booked to talk it through"), not "informed consent" ("Written informed consent
/// was obtained").
pub fn notes_care_taken(words: &[&str]) -> bool {
    let Some(first) = words.first() else { return false };
    // Who was told is a role, not a pronoun, a courtesy or a verb ("Please keep us informed",
    // "Please be aware that the clinic is closed", "You may be contacted by the booking team").
    let of_a_role = |w: &str| !ends_with_a_mark(w) && !is_one_of(w, NOT_ROLES);
    // The word that says so is looked for first: most sentences have none, and the role's
    // words are then not read.
    let at = (1..=WORDS_BEFORE_CARE_TAKEN.min(words.len().saturating_sub(1))).find(|&i| {
        let word = bare(words[i]);
        CARE_TAKEN_OPENINGS.may_open(word.as_bytes())
            && (is_one_of(word, ESCALATION_WORDS) || is_one_of(word, CARE_ARRANGED))
            && !words.get(i + 1).is_some_and(|next| is_one_of(next, &["consent"]))
            // "told" only as a note's, with nothing or what they were told after it ("Roastery
            // told - shared overalls to be washed", "School told to call if worse"), not a
            // sentence's verb with its object ("Reception told him to ring back").
            && (!bare(words[i]).eq_ignore_ascii_case("told")
                || ends_with_a_mark(words[i])
                || words.get(i + 1).is_none_or(|next| is_one_of(next, TOLD_FOLLOWERS)))
    });
    at.is_some_and(|at| {
        first.starts_with(|c: char| c.is_ascii_uppercase())
            && words[..at].iter().all(|w| of_a_role(w))
            // Care arranged names what was: "Clinic appointment booked", not "Annual leave
            // booked" or "Meeting scheduled for next week".
            && (!is_one_of(words[at], CARE_ARRANGED) || words[..at].iter().any(|w| is_one_of(w, APPOINTMENTS)))
    })
}

fn is_opener(word: &str) -> bool {
    key(bare(word)).is_some_and(|k| OPENERS.contains(&k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_referral_word_holds_ref() {
        for word in REFERRAL_WORDS.iter().chain(SERVICE_REFERRALS) {
            assert!(holds_ref(word) && holds_ref(&word.to_ascii_uppercase()), "{word}");
        }
    }

    fn hedged(sentence: &str) -> bool {
        opens_hedged(&sentence.split(' ').collect::<Vec<_>>())
    }

    #[test]
    fn every_listed_word_has_a_key() {
        for word in CERTAINTY_OPENERS {
            assert!(key(word).is_some() && *word == word.to_ascii_lowercase(), "{word}");
        }
    }

    #[test]
    fn a_sentence_saying_what_the_treatment_is_names_it() {
        let names = |s: &str| names_the_treatment(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "The most important treatment is complete removal from the chip store and mill dust.",
            "The mainstay of management remains avoidance.",
            "Treatment will be with oral steroids.",
        ] {
            assert!(names(sentence), "{sentence}");
        }
        for sentence in [
            "We would be more than happy to discuss his management with you at any time.",
            "She asked about treatment.",
            "Treatment: is ongoing.",
            "We spoke at length with him and his wife about what his treatment is.",
            "We discussed what his treatment is.",
            "A leaflet about the treatment is enclosed.",
            "Questions about your treatment are welcome.",
        ] {
            assert!(!names(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_plan_in_the_passive_infinitive_is_a_decision() {
        let plans = |s: &str| plans_to_be_done(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Passport to be reviewed every six months.",
            "Bloods to be repeated in a week.",
            "Stitches to be taken out at the practice.",
            "Repeat liver function tests to be done in June.",
            "Patient to be seen in clinic.",
            "Kitchen and fridge must be locked at all times.",
            "Dressing should be changed every other day.",
            "His father will be offered testing through his neurologist.",
        ] {
            assert!(plans(sentence), "{sentence}");
        }
        for sentence in [
            "Nice to be back.",
            "to be reviewed",
            "Reviewed, to be honest.",
            "Hoping to be better soon.",
            "It was a pleasure to be involved in her care.",
            "Happy to be contacted if there are any questions.",
            "It should be noted that she was late.",
            "Results should be back within a week.",
            "All appointments must be cancelled at least 24 hours in advance.",
            "Correspondence should be addressed to the medical secretary.",
            "Mobile phones must be switched off in clinic.",
            "It will be reviewed at the next meeting.",
        ] {
            assert!(!plans(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_plan_with_the_word_that_advises_it_last_is_a_decision() {
        let advised = |s: &str| ends_advised(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Sump clean-out and fluid replacement and review of all machinists advised.",
            "Rest and fluids advised.",
            "Rest advised.",
            "Repeat imaging recommended",
        ] {
            assert!(advised(sentence), "{sentence}");
        }
        for sentence in [
            "It was advised.",
            "advised.",
            "Advised.",
            "Rest advised to be taken at home.",
            "Early arrival at the main reception desk is strongly recommended.",
            "Booking a parking space in advance is advised.",
        ] {
            assert!(!advised(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_note_that_care_was_escalated_or_arranged_is_a_decision() {
        let taken = |s: &str| notes_care_taken(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Cardiologist informed before he left.",
            "Neurosurgical registrar informed.",
            "Consultant made aware.",
            "On-call surgical registrar bleeped at 02:10.",
            "Roastery told - shared overalls to be washed.",
            "School told to call if he is worse.",
            "GP told.",
            "Clinic appointment booked to talk it through.",
            "Follow-up visit arranged for the spring.",
        ] {
            assert!(taken(sentence), "{sentence}");
        }
        for sentence in [
            "Informed.",
            "We have kept the GP informed of the plan.",
            "Cardiologist: informed",
            "keep informed",
            "Written informed consent was obtained.",
            "Please keep us informed of any changes.",
            "Please be aware that the clinic is closed over the holiday period.",
            "You may be contacted by the booking team.",
            "We kept GP informed.",
            "Reception told him to ring back on Monday.",
            "Nobody told us about the car park.",
            "We have booked the room.",
            "Please keep the appointment you have booked.",
            "Annual leave booked.",
            "Tickets booked for the Christmas party.",
            "Meeting scheduled for next week.",
            "All booked, see you then.",
        ] {
            assert!(!taken(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_sentence_opening_with_its_certainty_is_an_impression() {
        for sentence in [
            "Possible criminal exploitation, flagged today.",
            "Possible lymphovascular invasion - a single focus, not conclusive on core",
            "Impression: probable early Alzheimer's disease.",
            "Working diagnosis: likely viral labyrinthitis.",
            "Cannot exclude a small pneumothorax.",
            "In keeping with a reactive process.",
            "?appendicitis",
            "? septic arthritis of the left knee",
            "Suspected non-accidental injury.",
            "Likely long-term outcome: dependent on others for all care.",
        ] {
            assert!(hedged(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_sentence_opening_with_a_referral_is_a_decision() {
        let referral = |s: &str| opens_with_a_referral(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Referral to our psychologist and to the specialist nurse for support.",
            "Urgent referral to the endocrinology clinic at the hospital.",
            "Plan: refer to ENT for nasal laser treatment.",
            "Referred for a sleep study.",
            "I will refer you to our psychologist for support.",
            "Genetic counselling referral - both parents likely carriers.",
            "Urgent ENT referral sent.",
            "Pregnancy planning discussion - pregnancy may strain the valve; referral to the maternal cardiology clinic.",
        ] {
            assert!(referral(sentence), "{sentence}");
        }
        for sentence in [
            "Thank you for your referral.",
            "Referral letter attached.",
            "We discussed the referral to the clinic.",
            "Refer you.",
            "Your referral has been received.",
            "Thanks, referral received.",
            "The referral was declined.",
            "Exercise referral screen, Riverside Leisure Centre.",
        ] {
            assert!(!referral(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_request_to_the_reader_is_a_decision() {
        let asks = |s: &str| asks_the_reader(&s.split(' ').collect::<Vec<_>>());
        assert!(asks("I would be grateful if you could check her blood pressure every three months."));
        assert!(asks("Could you please repeat her bloods in a week?"));
        assert!(asks("I would be very grateful for an urgent home visit."));
        assert!(asks("We would be grateful for your opinion on further management."));
        assert!(!asks("I would be grateful for your help.") && !asks("Please find attached.") && !asks(""));
        assert!(asks("Tell the occupational health service at the stud – foals are most at risk."));
        assert!(asks("Please inform the GP."));
        assert!(!asks("tell him") && !asks("Tell: none"));
        assert!(!asks("Grateful for your kind referral of this man, whom I saw today for a review."));
        assert!(asks("Please pass on that he should avoid the sauna straight after matches."));
        assert!(asks("Please pass on to him that the fast starts at midnight."));
        assert!(!asks("Please pass on our thanks to the team.") && !asks("Pass on that he is well."));
        assert!(asks("Please let him know that he should avoid the sauna."));
        assert!(asks("Please let the club know that he is cleared to play."));
        assert!(!asks("Please let us know if you need an interpreter or a longer appointment."));
        assert!(!asks("Please pass on that we are very grateful for the lovely card."));
    }

    #[test]
    fn an_instruction_of_care_is_a_decision() {
        let directs = |s: &str| directs_care(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Consider a combined preventer and reliever regime per current guidance.",
            "Discuss with microbiology if oral options are needed.",
            "Discussed with microbiology, who advised continuing the current plan.",
            "Please arrange a repeat scan in the spring.",
            "Please check her blood pressure at the surgery.",
            "Stop the tablets at once.",
            "Review in a week with the results.",
            "Suggest urology review and repeat after treatment.",
        ] {
            assert!(directs(sentence), "{sentence}");
        }
        for sentence in [
            "Check in at the main reception.",
            "Please arrange your own transport.",
            "Review our privacy notice at the practice website.",
            "Please check that we have your correct mobile number.",
            "Please consider the environment before printing this email.",
            "Repeat prescriptions can be requested online.",
            "Review clinics run on Tuesday and Thursday mornings.",
            "Start times may vary on the day.",
            "Stop by reception to collect the prescription.",
            "Continue to the next page for the map.",
            "Please find enclosed the leaflet.",
            "Discussed the options at length.",
            "Stop.",
            "Stop, look and listen.",
            "we will review in a week",
            "Book online at any time.",
            "",
        ] {
            assert!(!directs(sentence), "{sentence}");
        }
    }

    #[test]
    fn a_task_given_to_staff_is_a_decision() {
        let assigns = |s: &str| assigns_a_task(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "Pharmacist to speak to the client before each supervised dose.",
            "Night staff to check the kitchen hourly.",
            "Community psychiatric nurse to visit on Monday.",
        ] {
            assert!(assigns(sentence), "{sentence}");
        }
        for sentence in [
            "Nurse to patient ratio is one to four.",
            "Welcome to the clinic.",
            "Staff to the left.",
            "The nurse to see.",
            "nurse to ring later",
            "Nurse, to ring later.",
            "",
        ] {
            assert!(!assigns(sentence), "{sentence}");
        }
    }

    #[test]
    fn the_clinician_s_stated_plan_is_one() {
        let plan = |s: &str| states_a_plan(&s.split(' ').collect::<Vec<_>>());
        for sentence in [
            "We will see you in three months and repeat the TempTest in a year.",
            "I suggest a trial of amitriptyline at night.",
            "We'll see her again after the scan.",
        ] {
            assert!(plan(sentence), "{sentence}");
        }
        for sentence in ["We discussed the options.", "I, too, will be away.", "Will review.", "We", "He will call."] {
            assert!(!plan(sentence), "{sentence}");
        }
    }

    #[test]
    fn certainty_elsewhere_or_alone_is_not() {
        for sentence in [
            "Possible.",
            "Impression: possible",
            "?",
            "She is possibly pregnant.",
            "Please call if possible.",
            "In keeping, with thanks.",
            "Seen today: stable.",
            "",
        ] {
            assert!(!hedged(sentence), "{sentence}");
        }
    }
}
