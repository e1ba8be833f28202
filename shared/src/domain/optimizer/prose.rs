//! Prose lines and list items, sentence by sentence: which sentences the level drops (repeats,
//! courtesies, signatures, sentences with too few clinical words) and the word-level edits of the
//! ones it keeps.

use crate::hashing::Places;

use std::sync::LazyLock;

use super::keys::{Key, NameSet};
use super::keywords::Keywords;
use super::lexicon::{CHECK_LABEL_HEADS, CLINICAL_FIELDS, COMMENT_LABELS};
use super::protect::{Protection, LEXICON};
use super::quality::LineWords;
use super::text::{self, is_title, label_len, list_marker_len, recycle, sentences, split_spaces, squeeze_into};
use super::{class, fields, impression, section, subject};
use super::{edit, ContentType, Level, Stop};

/// What prose lines carry over to the next: sentences seen so far (for repeats), whether a
/// signature is running, and buffers for the squeezed line and its words' classes and keys.
#[derive(Default)]
pub struct ProseState {
    seen: Sentences,
    /// A sign-off ("Sincerely,") was seen: what follows up to a blank line is a signature.
    pub in_signature: bool,
    squeezed: String,
    classes: Vec<u16>,
    keys: Vec<Option<Key>>,
    /// Spare buffers for a line's words and sentences, which borrow the squeezed line: each
    /// line takes their allocations back (`text::recycle`) instead of two of its own.
    spare_words: Vec<&'static str>,
    spare_spans: Vec<Span<'static>>,
    /// Buffers for a line's sentences' protections found ahead and whom they are about.
    found: Found,
    about: Vec<subject::About>,
    /// The protection of the sentence at hand, refilled for each (`Lexicon::protect`).
    protection: Protection,
    /// A spare buffer for the slots of the sentence being edited (`edit::sentence`).
    spare_slots: edit::SpareSlots,
    /// The last line's words as the quality score counts them.
    pub words_read: LineWords,
    /// The last prose line was an interview's question (`Q: How often?`).
    after_question: bool,
}

/// The bytes of a text per sentence it may hold, for sizing the repeat set: fewer than most
/// sentences have, so that the set rarely grows.
const BYTES_PER_SENTENCE: usize = 48;

/// The fewest words of a line after a sign-off that ends the signature when it names a concept
/// (`squeezed_line`).
const MIN_ADDENDUM_WORDS: usize = 8;

impl ProseState {
    /// The state for reading `text`, its repeat set sized for the sentences the text may hold:
    /// growing it from empty rehashed every sentence seen so far at each doubling (0.7 % of a
    /// corpus pass).
    /// The line buffers are sized for its longest line (`longest_line` bytes), as many words as
    /// `split_spaces` reserves for it: grown from empty, each was doubled a few times a text,
    /// copying what it held (-1.20 M instructions in three corpus passes, with `kept`'s). So are
    /// a sentence's buffers, its protection's words and its edit's slots (-0.07 M more).
    pub fn for_text(text: &str, longest_line: usize) -> Self {
        let sentences = text.len() / BYTES_PER_SENTENCE;
        let words = text::word_capacity(longest_line);
        Self {
            seen: Sentences::with_capacity(sentences, text.len()),
            squeezed: String::with_capacity(longest_line),
            classes: Vec::with_capacity(words),
            keys: Vec::with_capacity(words),
            spare_words: Vec::with_capacity(words),
            protection: Protection::with_capacity(words),
            spare_slots: edit::SpareSlots::with_capacity(words),
            words_read: LineWords::with_capacity(words),
            ..Self::default()
        }
    }

    /// A heading was read: a questionnaire's question may stand as one ("Q3. When did it
    /// start?"), and the answer on the next line is then read as the patient's (`squeezed_line`).
    pub fn heading(&mut self, heading: &str) {
        self.after_question = turn(heading, label_len(heading), false).is_some_and(|(turn, _)| turn == Turn::Question);
    }
}

/// The sentences of a text seen so far, told apart as ASCII-lowercased (as `to_ascii_lowercase`
/// writes them). They are written lowercased back to back in one buffer, and a table of places
/// (`hashing::Places`, hashed with a seed drawn per process, so a request cannot be written
/// whose sentences all fall in one run of slots) holds where each stands with its hash. A set of lowercased strings cost an allocation per sentence and its
/// free at the end of the text (-0.8 M instructions in three corpus passes). A sentence found is
/// compared byte for byte, not by its hash alone: a collision taken for a repeat would drop it.
#[derive(Default)]
struct Sentences {
    places: Places,
    /// Each sentence's hash and where it stands in `text`.
    held: Vec<(u64, std::ops::Range<usize>)>,
    text: String,
    hasher: foldhash::fast::RandomState,
}

impl Sentences {
    /// Room for `sentences` sentences of `bytes` bytes in all before the table or the buffer
    /// grows.
    fn with_capacity(sentences: usize, bytes: usize) -> Self {
        Self {
            places: Places::with_capacity(sentences),
            held: Vec::with_capacity(sentences),
            text: String::with_capacity(bytes),
            hasher: Default::default(),
        }
    }

    /// Adds `sentence`, answering whether it is new (as `HashSet::insert` does).
    fn insert(&mut self, sentence: &str) -> bool {
        use std::hash::BuildHasher;
        let start = self.text.len();
        self.text.push_str(sentence);
        self.text[start..].make_ascii_lowercase();
        let lowered = &self.text.as_bytes()[start..];
        let hash = self.hasher.hash_one(lowered);
        let (held, text) = (&mut self.held, self.text.as_bytes());
        match self.places.find(hash, |place| held[place].0 == hash && text[held[place].1.clone()] == *lowered) {
            Ok(_) => {
                self.text.truncate(start);
                false
            }
            Err(slot) => {
                held.push((hash, start..self.text.len()));
                self.places.fill(slot, |place| held[place].0);
                true
            }
        }
    }
}

/// Appends what the level keeps of a prose line (or list item) to `kept`, sentence by sentence.
#[allow(clippy::too_many_arguments)]
pub fn prose_line<S: Stop>(
    line: &str,
    level: Level,
    content_type: ContentType,
    standing: Standing<'_>,
    keywords: &Keywords,
    state: &mut ProseState,
    protected_items: &mut Vec<String>,
    kept: &mut String,
    stop: &S,
) -> Result<(), S::Error> {
    // The buffers are lent to the line and put back after it, so lines cost no allocation of
    // their own for them.
    let mut squeezed = std::mem::take(&mut state.squeezed);
    let mut classes = std::mem::take(&mut state.classes);
    let mut keys = std::mem::take(&mut state.keys);
    let mut found = std::mem::take(&mut state.found);
    let mut about = std::mem::take(&mut state.about);
    let protection = std::mem::take(&mut state.protection);
    squeezed.clear();
    classes.clear();
    keys.clear();
    found.clear();
    about.clear();
    state.words_read.clear();
    squeeze_into(&mut squeezed, line);
    let mut buffers = Buffers {
        classes,
        keys,
        words: recycle(std::mem::take(&mut state.spare_words)),
        spans: recycle(std::mem::take(&mut state.spare_spans)),
        found,
        about,
        protection,
    };
    let line = Line { squeezed: &squeezed, level, content_type, standing, keywords };
    let result = squeezed_line(&line, &mut buffers, state, protected_items, kept, stop);
    state.classes = buffers.classes;
    state.keys = buffers.keys;
    state.spare_words = recycle(buffers.words);
    state.spare_spans = recycle(buffers.spans);
    state.found = buffers.found;
    state.about = buffers.about;
    state.protection = buffers.protection;
    state.squeezed = squeezed;
    result
}

/// A squeezed line and what decides its fate.
struct Line<'a> {
    squeezed: &'a str,
    level: Level,
    content_type: ContentType,
    standing: Standing<'a>,
    keywords: &'a Keywords,
}

/// A line's empty buffers: its words' classes and keys, its words and its sentences, and its
/// sentences' protections found ahead and whom they are about (a Vec of each of the last two
/// per line cost 0.12 M instructions more in three corpus passes), and the protection of the
/// sentence at hand.
struct Buffers<'a> {
    classes: Vec<u16>,
    keys: Vec<Option<Key>>,
    words: Vec<&'a str>,
    spans: Vec<Span<'a>>,
    found: Found,
    about: Vec<subject::About>,
    protection: Protection,
}

/// A line's sentences' protections found ahead (`whole_item`), kept with their Vecs of words from
/// line to line and refilled: a new one for each cost 0.15 M instructions more in three
/// corpus passes.
#[derive(Default)]
struct Found {
    protections: Vec<Protection>,
    /// How many of them are this line's.
    len: usize,
}

impl Found {
    fn clear(&mut self) {
        self.len = 0;
    }

    /// The next sentence's protection, filled by `fill`.
    fn push(&mut self, fill: impl FnOnce(&mut Protection)) -> &Protection {
        if self.len == self.protections.len() {
            self.protections.push(Protection::default());
        }
        let protection = &mut self.protections[self.len];
        self.len += 1;
        fill(protection);
        protection
    }

    /// The `k`th sentence's protection, if it was found.
    fn get(&self, k: usize) -> Option<&Protection> {
        self.protections[..self.len].get(k)
    }
}

/// Where a line stands in its document (`section::Sections`).
#[derive(Clone, Copy)]
pub struct Standing<'a> {
    /// In a section of clinical narrative.
    pub narrative: bool,
    /// In the plan.
    pub plan: bool,
    /// The line's label as `Sections` read it, and whether it names the plan, if it asked
    /// (`Sections::label_names_plan`).
    pub label: Option<(&'a str, bool)>,
}

/// `prose_line` once the line is squeezed, with empty buffers for it.
fn squeezed_line<'a, S: Stop>(
    line: &Line<'a>,
    buffers: &mut Buffers<'a>,
    state: &mut ProseState,
    protected_items: &mut Vec<String>,
    kept: &mut String,
    stop: &S,
) -> Result<(), S::Error> {
    let lex = &*LEXICON;
    let Line { squeezed, level, content_type, standing, keywords } = *line;
    let Standing { narrative, plan, label: read_label } = standing;
    let after_question = std::mem::take(&mut state.after_question);
    // A time-code at the line's start ("[00:01:22] ", "[14:02] ") is read past (below).
    // AGGRESSIVE leaves out a recording's (hours, minutes and seconds) before a speaker's label,
    // as it does a record's identifiers: when a turn was spoken is the recorder's, not the
    // record's. Any other time ("[14:02] Adrenaline 1 mg IV", a resuscitation's) is the event's,
    // and stays.
    let code = text::time_code_len(squeezed);
    let recorded = level >= Level::Aggressive
        && code > 0
        && text::is_recording_time(&squeezed[..code])
        && text::speaker_len(&squeezed[code..]) > 0;
    let shown = if recorded { &squeezed[code..] } else { squeezed };
    // LAB_RESULTS keeps every line with a value whole, PRESCRIPTION every line naming a drug or
    // a dose (decided on the whole line's words, across its sentences).
    let mut keep_whole_line = || {
        protected_items.push(shown.to_owned());
        kept.push_str(shown);
        Ok(())
    };
    if content_type == ContentType::LabResults && squeezed.bytes().any(|b| b.is_ascii_digit()) {
        return keep_whole_line();
    }
    // The line's words and their classes, once: each sentence is a run of them. A word's classes
    // depend on the word alone, and classifying is most of protection's work, which a list
    // item's sentences (whole-item test, then each) and a PRESCRIPTION line (whole line, then
    // each sentence) used to pay twice. The keys the words were looked up by are kept for
    // `protect` too, which trimmed, compared and hashed the words again: 1.56 M instructions
    // less in `protect` over a three-pass corpus run, 0.3 M less in all (keeping the keys, 32
    // bytes a word, costs part of it back).
    let Buffers { classes, keys, words: line_words, spans, found, about, protection: scratch } = buffers;
    split_spaces(squeezed, line_words);
    let line_words = &*line_words;
    for word in line_words {
        let (word_classes, key) = lex.classify_inlined(word);
        classes.push(word_classes);
        keys.push(key);
        state.words_read.add(word_classes, key);
    }
    if content_type == ContentType::Prescription {
        lex.protect(line_words, classes, keys, scratch);
        if scratch.strong {
            return keep_whole_line();
        }
    }
    // A long line of prose naming a concept after a sign-off is no signature's: a note added
    // below the letter ("School nurse's note added later: she sits at the front now, … Tummy
    // aches less often.": the sixty-second held-out set lost it whole, even under MINIMAL). A
    // signature's lines are a name, a title, a contact, in capitals as titles are ("Dr H.
    // Okafor-Lyle (fictional), Consultant in Sleep Medicine"): most of a prose line's words open
    // in lower case.
    let lower = |word: &&&str| word.starts_with(|c: char| c.is_lowercase());
    if state.in_signature
        && line_words.len() >= MIN_ADDENDUM_WORDS
        && line_words.iter().filter(lower).count() * 2 > line_words.len()
        && classes.iter().any(|&bits| bits & class::CONCEPT != 0)
    {
        state.in_signature = false;
    }
    let in_signature = state.in_signature;
    let drop_repeats = level >= Level::Conservative || content_type == ContentType::PatientHistory;
    let mut keep = |sentence: &str| {
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(sentence);
    };
    // A list marker ("4. ", "- ") is set apart and put back in front of what is kept, so an
    // item whose first sentence or clause goes keeps its number. An inline section label
    // ("Exam: ", "Plan: ") stays in its sentence, whose meaning it may carry ("Hepatitis C
    // antibody: non-reactive"), and is put back alone if that sentence goes, so the section keeps
    // its name.
    // So is a transcript's time-code ("[00:01:22] Registrar: CRP's down"), read past to the
    // speaker's label as a marker is, but no list's: `prefix` is both, `marker` the list's.
    let marker = list_marker_len(&squeezed[code..]);
    let prefix = code + marker;
    let label = match label_len(&squeezed[prefix..]) {
        0 if code > 0 => text::speaker_len(&squeezed[prefix..]),
        label => label,
    };
    // A line under an allergy label is allergies to its end, whatever its sentences say:
    // "Allergy: NKDA. Plasters - irritation." A line under a clinical template's field reports
    // that field ("Aggs: reaching overhead, lifting the big pans at work"). The whole line is a
    // fact.
    let field = &squeezed[prefix..prefix + label];
    // An interview's question and its answer ("Q: How often?", then "A: After nearly every meal,
    // worst after lunch at school"; the twenty-sixth held-out set lost such an answer, blind):
    // the answer is the patient's account, and its question gives it its meaning ("A: Lying down
    // on the left side" says nothing without "Q: Does anything make it better?"). In a clinical
    // document only: a leaflet's questions and answers (GENERAL) are no history.
    // A questionnaire numbers its questions and may close a turn's letter with a full stop
    // instead ("Q1. Which sounds bother you most?", then "A. Chewing, especially crisps and
    // apples. Sniffing."; the thirty-second held-out set lost five such answers, blind).
    // A transcript's turns (`turn`) are a consultation's whatever the content type: an
    // untyped transcript of a ward round is no leaflet.
    let turn = turn(&squeezed[prefix..], label, code > 0);
    let interview =
        (content_type != ContentType::General || turn.is_some_and(|(_, speaker)| speaker)) && level < Level::Exhaustive;
    let turn = turn.map(|(turn, _)| turn);
    let question = interview && turn == Some(Turn::Question) && asks(squeezed, label);
    // A question list's numbered item that asks something ("4. It got much worse after I had my
    // baby. Why?"), then a line labelled as its answer ("Answer: Pregnancy can speed it up."): a
    // clinician's answers to a patient's or a relative's own questions, whatever the content type
    // (the eighty-sixth and eighty-seventh held-out sets lost three such answers, blind; "Answer:
    // Yes, common with this." says nothing without its question). The item itself is no turn and
    // is judged by its words; only when it holds a fact the strategy keeps is its answer kept
    // (below): a leaflet's questions of parking, visiting and food hold none, and their answers
    // are judged by their words.
    let numbered_question = turn.is_none() && marker > 0 && squeezed[prefix..].contains('?');
    let answer = after_question && turn == Some(Turn::Answer) && level < Level::Exhaustive;
    state.after_question = question;
    if question
        || answer
        || label > 0 && (field.split(' ').any(|w| lex.classify(w) & class::ALLERGY != 0) || is_clinical_field(field))
    {
        protected_items.push(shown.trim().to_owned());
        keep(shown.trim());
        return Ok(());
    }
    // A line labelled as the plan ("Plan: propranolol 40 mg … Urgent referral to the
    // endocrinology clinic. Letter for her department about extensions.") is the plan's list
    // written as sentences: each is an item, kept like one.
    // So is the rest of a line after a sentence labelled so ("… Plan on arrival: blood
    // cultures, … Public health notification when confirmed."; the eighteenth held-out set lost
    // that last item, blind).
    // So is a line under a report's comment (`lexicon::COMMENT_LABELS`): its reporter's advice.
    let mut plan_line = label > 0
        && (match read_label {
            // Asked by `Sections` already (see `Sections::label_names_plan`).
            Some((read, names_plan)) if read == field => names_plan,
            _ => section::names_plan(field),
        } || field_is(field, COMMENT_LABELS));
    // A quotation may run over several sentences ("\"I've had a think. I'm not saying stop
    // tomorrow. I'm saying I want to know what would happen.\""): each of its sentences is the
    // speaker's own words, a fact as a quotation within one sentence is (`protect`). Whether a
    // quotation is open is carried from sentence to sentence of the line, and only in a line
    // whose quotes close: one stray mark (a ditto, an inch after a number not counted) would
    // otherwise keep the rest of its line. A line with no quote mark (nearly every one) has none
    // in its sentences either, which are then not searched one by one.
    let quotations_close = text::holds_quote_marks(squeezed) && !text::quotation_open_after(squeezed, false);
    let mut in_quotation = false;
    sentence_spans(squeezed, prefix, line_words, spans);
    let spans = &*spans;
    let protect = |span: &Span<'_>, protection: &mut Protection| {
        lex.protect(span.words(line_words), span.of(classes), span.of(keys), protection);
    };
    // A list item is one point: when a sentence of it holds a fact, its other sentences qualify
    // that fact ("- She's lost interest in food. Her clothes are hanging off her.", "- … found in
    // the street at 3am. We've had a door sensor fitted since."), so the level keeps them all.
    // So is a labelled line, one field's entry ("Skin type: fair, freckles, burns within minutes
    // and hardly tans. Forty years of gardening and golf, rarely wore a hat."; the fifteenth
    // held-out set lost two such second sentences, blind).
    // The protections found here are kept for the loop below rather than found again.
    // A lab report's list item is a result whatever its words ("- Wide swings in a day on the
    // night shift" in a peak flow record; the twenty-seventh held-out set lost two, blind), as
    // its lines with a value are (above).
    let whole_item = (marker > 0 || label > 0)
        && !state.in_signature
        && level < Level::Exhaustive
        && (marker > 0 && content_type == ContentType::LabResults
            || spans.iter().any(|span| {
                keywords.occurs_in(span.sentence) || {
                    // The `k`th protection found is the `k`th sentence's: the search stops at the
                    // first sentence it finds a fact in.
                    found.push(|protection| protect(span, protection)).any()
                }
            }));
    // A paragraph that is mostly the patient's account, sentence after sentence with them (or
    // someone around them) as the subject (see `subject`), is their account throughout: the
    // sentences between, led by a thing or a body part, report the same ("Stairs have become a
    // real effort. She has to pull herself up with the banister…", "My left ear is muffled most
    // of the time now. … The ringing is always there when it's quiet. … I feel wobbly in
    // supermarkets."; the blind sets lost such sentences in letters' histories and patients'
    // blogs, which no subject, section or word names), except what it says of the consultation
    // ("The patient was given the opportunity to ask questions") or of what the clinician did
    // ("We discussed the options"). Most means two or more, and more than half, of the
    // sentences naming their person: at half, a letter's closing paragraphs counted, and a
    // sentence whose subject is only left out ("Parking remains difficult" reads as one) or a
    // courtesy does not count. Read only in a paragraph of two sentences or more outside
    // narrative, once per sentence, and reused below.
    if !narrative && spans.len() >= 2 && level < Level::Exhaustive {
        about.extend(spans.iter().map(|span| subject::about_someone(span.words(line_words))));
    }
    let about = &*about;
    let reports = spans
        .iter()
        .zip(about)
        .filter(|(span, about)| **about == subject::About::Named && !lex.is_boilerplate(span.sentence))
        .count();
    let account = marker == 0 && reports >= 2 && reports * 2 > about.len();
    let mut label_dropped = false;
    // Whether a sentence kept holds a fact, a window or a concept or someone's quoted words, for
    // a numbered question's answer (above): a question about someone ("Can my husband come in
    // with me?") is no fact of their health.
    let mut holds_a_fact = false;
    for (k, span) in spans.iter().enumerate() {
        stop.check()?;
        let sentence = span.sentence;
        if sentence.is_empty() {
            continue;
        }
        // Repeats are told apart with the marker: "1. No pulmonary embolism." in an impression
        // is no repeat of the finding "No pulmonary embolism." above it.
        let as_written = span.as_written;
        let opened = in_quotation;
        in_quotation = quotations_close && text::quotation_open_after(sentence, opened);
        let quoted = opened || in_quotation;
        if keywords.occurs_in(sentence) {
            protected_items.push(sentence.to_owned());
            keep(sentence);
            continue;
        }
        let words = span.words(line_words);
        // The sentence's own label ("Plan on arrival:", "Scan:"), read once for both rules it
        // serves: the plan's (above) and a field's (below).
        let sentence_label = text::opening_label(words).and_then(|_| sentence.split_once(':')).map(|(name, _)| name);
        // Asked only while the line is not the plan's yet, and not again for the line's own
        // label, which opens its first sentence and was asked with its colon and space (above):
        // those name nothing (no name or phrase holds them), so it names the same lists. Asking
        // each labelled line's label twice, and every sentence's after the plan's label, cost
        // 0.17 M instructions more in three corpus passes.
        let asked = |name: &str| label > 0 && field.strip_suffix(": ") == Some(name);
        plan_line = plan_line || sentence_label.is_some_and(|name| !asked(name) && section::names_plan(name));
        let protection = match found.get(k) {
            Some(found) => found,
            None => {
                protect(span, scratch);
                &*scratch
            }
        };
        // A sentence of an item kept whole qualifies the item's fact: kept as written, like it.
        if whole_item && !protection.any() && !lex.is_boilerplate(sentence) && state.seen.insert(as_written) {
            protected_items.push(sentence.to_owned());
            keep(sentence);
            continue;
        }
        let repeat = !state.seen.insert(as_written);
        let courtesy = !protection.strong && lex.is_boilerplate(sentence);
        if courtesy && is_sign_off(sentence) {
            state.in_signature = true;
        }
        let goes_anyway = (repeat && drop_repeats) || courtesy || in_signature;
        // A sentence of a quotation running over several sentences is kept as written (see
        // `quotations_close` above), once what goes anyway is gone.
        if quoted && !goes_anyway && level < Level::Exhaustive {
            holds_a_fact = true;
            protected_items.push(sentence.to_owned());
            keep(sentence);
            continue;
        }
        // A short statement is kept as written: its words are the finding.
        if is_short_statement(sentence, words, marker > 0)
            && level < Level::Exhaustive
            && !protection.any()
            && !goes_anyway
        {
            protected_items.push(sentence.to_owned());
            keep(sentence);
            continue;
        }
        // A sentence of clinical narrative (the history, examination or mental state, see
        // `section`) is a finding whatever its words: what a patient did, said or thought in
        // plain words ("She checks the baby's breathing many times each night", "Hated
        // haircuts") has no word a vocabulary could name. No strategy drops it, and every
        // strategy edits it as MINIMAL does (verbose phrases, hedges: "It should be noted that"
        // goes), never more: dropping its articles or its clauses would change the finding's
        // words, and the same edits at every level keep a stronger strategy from cutting less.
        // So is a sentence whose subject is the patient or someone around them, wherever it
        // stands ("He screams in the night, which is new for him" in meeting minutes, see
        // `subject`).
        // And so is an item of the plan, marked as a list's, written as a note's or in the
        // clinician's first person ("4. Community palliative care referral for support at home
        // now", "Letter to the family with outcomes once recipients are known" under
        // "Follow-up", see `subject`; "We will see you in three months …" or a sentence naming
        // the treatment, see `impression`): a decision, a treatment or a referral, which the
        // model the prompt goes to must see; an act of care the clinician reports in the first
        // person, done or planned, wherever it stands ("We have offered testing to your
        // siblings", "We will see her on her own first", see `subject`); an
        // impression that opens with its certainty ("Possible criminal exploitation"), a
        // referral ("Referral to our psychologist") or a request to the reader ("I would be
        // grateful if you could check her blood pressure") or an instruction of care ("Consider
        // a trial of …", "Discuss with microbiology") or a task for the staff ("Pharmacist to
        // speak to the client"), a note that care was escalated or
        // arranged ("Cardiologist informed before he left", "Clinic appointment booked") or a
        // plan in the passive infinitive
        // ("Passport to be reviewed every six months") or with the word that advises it last
        // ("Rest and fluids advised"), see `impression`; and a recurring event,
        // whatever its subject ("The shell keeps slipping down"), see `subject`.
        // A sentence opening with a template's field or a test's name as its label, within a
        // line ("… PUQE score 15. Scan: single live pregnancy, measures eleven weeks."), reports
        // that field as a line under it does (above).
        let field_sentence = sentence_label.is_some_and(is_clinical_field);
        let narrative_finding = level < Level::Exhaustive
            && !goes_anyway
            && (narrative
                || field_sentence
                || plan
                    && (marker > 0
                        || subject::opens_as_an_item(words)
                        || impression::states_a_plan(words)
                        || impression::names_the_treatment(words))
                || plan_line
                || account
                    && !subject::opens_with_the_clinician(words)
                    // A sentence about someone was already read for the consultation's phrases.
                    && (about.get(k).is_some_and(|a| *a != subject::About::Nobody)
                        || !subject::speaks_of_the_consultation(words))
                || about.get(k).map_or_else(|| subject::is_about_someone(words), |a| *a != subject::About::Nobody)
                || impression::opens_hedged(words)
                || impression::opens_with_a_referral(words)
                || impression::asks_the_reader(words)
                || impression::directs_care(words)
                || impression::assigns_a_task(words)
                || impression::notes_care_taken(words)
                || impression::plans_to_be_done(words)
                || impression::ends_advised(words)
                || subject::reports_care_given(words)
                || subject::tells_a_recurrence(words, span.of(keys)));
        let weight = if protection.any() { usize::MAX } else { protection.clinical_weight() };
        let clinical_kept = content_type == ContentType::Diagnosis && weight > 0 && level < Level::Exhaustive;
        let drop = goes_anyway
            || !narrative_finding
                && !whole_item
                && match level {
                    Level::Minimal => false,
                    Level::Conservative => weight == 0 && !clinical_kept,
                    Level::Balanced => weight <= 2 && !clinical_kept,
                    // Whatever BALANCED drops, and more: a stronger strategy never keeps what a
                    // weaker one dropped.
                    Level::Aggressive => {
                        !protection.any()
                            && !clinical_kept
                            && (weight <= 2 || !is_clinical_statement(sentence, words.len(), weight, marker > 0))
                    }
                    Level::Exhaustive => !protection.any() && !clinical_kept,
                };
        if drop {
            label_dropped |= label > 0 && span.start <= prefix;
            continue;
        }
        // Only what is kept counts as protected content the output must show: a repeat's facts
        // are in its first copy, and a courtesy's negation ("do not hesitate") is no fact.
        holds_a_fact |= protection.any();
        edit::protected_runs(sentence, words, protection, protected_items);
        let edit_level = if narrative_finding { Level::Minimal } else { level };
        let edited = edit::sentence(sentence, words, protection, edit_level, &mut state.spare_slots);
        if !edited.is_empty() {
            keep(&edited);
        }
    }
    let put_back = if label_dropped { prefix + label } else { prefix };
    let hidden = squeezed.len() - shown.len();
    if put_back > hidden && !kept.is_empty() {
        kept.insert_str(0, &squeezed[hidden..put_back]);
    }
    state.after_question = numbered_question && holds_a_fact;
    Ok(())
}

/// One sentence of a squeezed line: its text without the list marker, its text as written (with
/// the marker) and where its words stand among the line's.
struct Span<'a> {
    sentence: &'a str,
    as_written: &'a str,
    /// Byte offset of the sentence as written in the line.
    start: usize,
    /// Its first word's index among the line's words, and how many words it has.
    first: usize,
    count: usize,
}

impl Span<'_> {
    fn words<'w>(&self, line: &'w [&'w str]) -> &'w [&'w str] {
        &line[self.first..self.first + self.count]
    }

    /// Its words' entries in a list of the line's words' (their classes, their keys).
    fn of<'c, T>(&self, line: &'c [T]) -> &'c [T] {
        &line[self.first..self.first + self.count]
    }
}

/// The sentences of a squeezed line (see `text::sentences`), each without the list marker or
/// time-code (`prefix` bytes) and placed among the line's words. A sentence starts and ends at
/// word boundaries of the line (after the prefix's space or a sentence end's space, at a word's
/// end or the line's), so its words, split on spaces, are a run of the line's. Appended to
/// `spans`.
fn sentence_spans<'a>(squeezed: &'a str, prefix: usize, line_words: &[&str], spans: &mut Vec<Span<'a>>) {
    let (mut counted, mut spaces) = (0, 0);
    // A numbered item after a time-code ("[00:01:22] 2. Hypertension") ends a first "sentence"
    // at its number, inside the prefix: no sentence of its own.
    spans.extend(sentences(squeezed).filter(|&(_, end)| end > prefix).map(|(start, end)| {
        let from = start.max(prefix);
        spaces += text::occurrences(&squeezed.as_bytes()[counted..from], b' ');
        counted = from;
        let sentence = squeezed[from..end].trim();
        let count = if sentence.is_empty() { 0 } else { text::occurrences(sentence.as_bytes(), b' ') + 1 };
        let span = Span { sentence, as_written: squeezed[start..end].trim(), start, first: spaces, count };
        debug_assert_eq!(span.words(line_words).join(" "), sentence);
        span
    }));
}

/// A statement made mostly of clinical words ("Trace bilateral ankle edema.", "- Hypertension"):
/// a finding or a diagnosis, which AGGRESSIVE keeps though nothing in it is protected when it
/// is a list item or ends like a sentence (a signature line such as "Heart Failure Nurse
/// Specialist" does neither). Chatty sentences that merely mention a clinical word still go.
fn is_clinical_statement(sentence: &str, words: usize, clinical_weight: usize, list_item: bool) -> bool {
    clinical_weight >= 1 && clinical_weight.saturating_mul(2) >= words && (list_item || sentence.ends_with('.'))
}

/// A sentence of four words or fewer ("Clamps off, good flow.", "Insight good.", "L: Type A"), or
/// a list item of eight or fewer ("- Hair coming out in the plughole"): in clinical text such a
/// fragment is nearly always a finding written in shorthand, whose words no vocabulary can judge,
/// and dropping it saves a handful of tokens. Not a title or a name on
/// a line of its own ("Senior Nurse Specialist", "Dr A Whitlock": every word capitalised, no
/// label, no full stop), nor a field naming a person or a record (`To: Patient N`). Greetings
/// and sign-offs are told apart before (`is_boilerplate`).
fn is_short_statement(sentence: &str, words: &[&str], list_item: bool) -> bool {
    let most = if list_item { 8 } else { 4 };
    words.len() <= most && !is_title(sentence, words) && !fields::is_admin(sentence)
}

/// A turn of an interview or a questionnaire.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Turn {
    Question,
    Answer,
}

/// The turn of an interview a line (after its list marker or time-code) opens with; `label` is
/// its label's length (`label_len`); `timed` says whether a transcript's time-code opened it.
/// A transcript's turn, a speaker's label after a time-code or a label naming a person
/// ("[00:02:06] Caller: Yes, watery, three or four times.", "Mum: Does he need antibiotics?"), is
/// a question when it holds a question mark and an answer otherwise: a caller's "Yes, watery, three or four
/// times" answers "Any diarrhoea?" as an interview's "A:" does its "Q:" (the fifty-eighth
/// held-out set lost such answers from triage calls and ward rounds, blind).
/// With the turn, whether it is a speaker's in a transcript.
fn turn(line: &str, label: usize, timed: bool) -> Option<(Turn, bool)> {
    if label == 0 {
        return numbered_turn(line).map(|turn| (turn, false));
    }
    let name = &line[..label];
    labelled_turn(name).map(|turn| (turn, false)).or_else(|| {
        let speaker =
            timed || name.trim_end().trim_end_matches(':').rsplit(' ').next().is_some_and(subject::names_a_person);
        speaker.then(|| (if line.contains('?') { Turn::Question } else { Turn::Answer }, true))
    })
}

/// The turn a line's label names: `"Q: "`, `"Question: "`, `"A: "`, `"Answer: "`.
fn labelled_turn(label: &str) -> Option<Turn> {
    if field_is(label, &["q", "question"]) {
        Some(Turn::Question)
    } else if field_is(label, &["a", "answer"]) {
        Some(Turn::Answer)
    } else {
        None
    }
}

/// The turn a line opens with when its capital letter is closed by a full stop or a bracket,
/// with the question's number or not: `"Q1. "`, `"Q12) "`, `"A. "`, `"A1) "`. A line opening
/// "A. " reads as an answer only after a question (the caller's test): elsewhere it may be an
/// outline's first heading.
fn numbered_turn(line: &str) -> Option<Turn> {
    let bytes = line.as_bytes();
    let turn = match bytes.first()? {
        b'Q' => Turn::Question,
        b'A' => Turn::Answer,
        _ => return None,
    };
    let digits = bytes[1..].iter().take(3).take_while(|b| b.is_ascii_digit()).count();
    let closed = matches!(bytes.get(1 + digits), Some(b'.' | b')')) && bytes.get(2 + digits) == Some(&b' ');
    closed.then_some(turn)
}

/// Whether a prose line that opens as a question turn (`label` its label's length) is one: a
/// labelled one always ("Q: "); a numbered one when it asks something or names what is asked
/// without a full stop ("Q8. Coffee, alcohol, smoking"), since a report's quarter opens a
/// statement the same way ("Q1. Referrals up on last year.").
fn asks(line: &str, label: usize) -> bool {
    label > 0 || line.contains('?') || !line.trim_end().ends_with('.')
}

/// Whether a line's label (`"Q: "`) is one of `names`.
fn field_is(label: &str, names: &[&str]) -> bool {
    let name = label.trim_end().trim_end_matches(':');
    names.iter().any(|field| field.eq_ignore_ascii_case(name))
}

/// Whether a line's label (`"Aggs: "`, `"Transfers: "`) names a field of a clinical template
/// (`lexicon::CLINICAL_FIELDS`), a check or a team brief's part (`"Bedside check: "`,
/// `"Surgeon's brief: "`, `lexicon::CHECK_LABEL_HEADS`).
fn is_clinical_field(label: &str) -> bool {
    static FIELDS: LazyLock<NameSet> = LazyLock::new(|| NameSet::new(CLINICAL_FIELDS));
    let name = label.trim_end().trim_end_matches(':');
    let last = name.rsplit(' ').next().unwrap_or(name);
    FIELDS.contains(name) || CHECK_LABEL_HEADS.iter().any(|head| head.eq_ignore_ascii_case(last))
}

/// Compared in place, not on a lowercased copy of the sentence (-0.17 M instructions in three
/// corpus passes).
fn is_sign_off(sentence: &str) -> bool {
    ["sincerely", "regards", "best wishes", "yours", "cheers", "many thanks", "all the best", "take care"]
        .iter()
        .any(|s| sentence.as_bytes().get(..s.len()).is_some_and(|head| head.eq_ignore_ascii_case(s.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_repeats_one_seen_in_any_ascii_case_only() {
        // From `Default` (no slots yet) and past a few doublings of the table.
        let mut seen = Sentences::default();
        assert!(seen.insert("No pulmonary embolism."));
        assert!(!seen.insert("NO PULMONARY embolism."));
        assert!(seen.insert("No pulmonary embolism"));
        // Only ASCII letters are folded, as `to_ascii_lowercase` folds them.
        assert!(seen.insert("Écho normal."));
        assert!(seen.insert("écho normal."));
        assert!(!seen.insert("ÉCHO NORMAL."));
        let others: Vec<String> = (0..100).map(|n| format!("Sentence {n}.")).collect();
        assert!(others.iter().all(|other| seen.insert(other)));
        assert!(others.iter().all(|other| !seen.insert(&other.to_uppercase())));
        assert!(!seen.insert("no pulmonary EMBOLISM."));
    }

    #[test]
    fn a_numbered_turn_is_its_letter_and_number_closed_by_a_full_stop_or_a_bracket() {
        for (line, turn) in
            [("Q1. Which sounds?", Turn::Question), ("Q12) When?", Turn::Question), ("A. Chewing.", Turn::Answer)]
        {
            assert!(numbered_turn(line) == Some(turn), "{line}");
        }
        for line in ["Quite well.", "A.B. came too.", "Q1.5 mmol/L", "Ankle sore.", "A:", "Q1234. Too long a number."] {
            assert!(numbered_turn(line).is_none(), "{line}");
        }
        // a quarter of the year opens a prose line as a numbered question does, but asks nothing
        assert!(!asks("Q1. Referrals up on last year.", 0));
        assert!(asks("Q1. Which sounds bother you most?", 0) && asks("Q: How often.", 3));
        assert!(asks("Q8. Coffee, alcohol, smoking", 0));
    }
}
