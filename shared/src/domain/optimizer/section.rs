//! Which section of a document a line stands in, and whether that section is clinical narrative:
//! the history, the examination and mental state, and the clinician's reading of them.
//!
//! Why a structural rule: every earlier study kept a lost fact by adding the words it used, and
//! the seventh held-out set showed that this had stopped generalising. What it lost was behaviour
//! and thought in plain words ("She checks the baby's breathing many times each night", "Hated
//! haircuts", "settled with toys"), which no vocabulary names. Such sentences are findings
//! because of where they stand: a note's history and examination sections are written to report
//! what the patient said, did and showed. So under a heading that names such a section, a
//! sentence is a finding whatever its words (`prose`).
//!
//! Headings are recognised by their shape, not by a list of documents' headings: a line the line
//! classifier already calls a heading (capitals, or a short line ending in ':'), a numbered one
//! (`4. EXAMINATION`), or a short sentence-case line on its own after a break (`Presenting
//! complaint`). What the heading names is read from a small list of the standard parts of a
//! clinical history and examination (`lexicon::NARRATIVE_SECTIONS`). A section runs to the next
//! heading: blank lines separate its paragraphs, not its sections. An inline label (`History:
//! fell on the stairs`) makes its own line narrative without opening a section. One pass, one
//! line at a time, a constant amount of state: linear in the input.

use super::class;
use super::lexicon::{
    FOLLOWING, LATER_DAYS, LOG_ENTRIES, MONTHS, NARRATIVE_SECTIONS, NARRATIVE_SECTION_ENDINGS, NARRATIVE_SECTION_NAMES,
    NARRATIVE_SECTION_OPENINGS, NARRATIVE_SECTION_PHRASES, NOT_REVIEWS, PERSON_PRONOUNS, PLAN_SECTIONS,
    PLAN_SECTION_NAMES, PLAN_SECTION_PHRASES, PSYCHOSOCIAL_DOMAINS, PSYCHOSOCIAL_JOINS, SIDES, TIME_UNITS,
    WEEKDAYS_IN_FULL, WEEKDAYS_IN_SHORT,
};
use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;

use super::keys::{key, key_of_bytes, Key, Openings};
use super::protect::LEXICON;
use super::text::{bare, block_key, classify, is_one_of, is_title, label_len, list_marker_len, words, LineKind};

/// Titles that open a person's name.
const TITLES_OF_ADDRESS: &[&str] = &["dr", "mr", "mrs", "ms", "miss", "prof", "professor", "nurse", "sister"];

/// A sentence-case heading (`Presenting complaint`) has at most this many words; longer lines
/// without an end mark are prose more often than headings.
const MOST_HEADING_WORDS: usize = 6;

#[derive(Default)]
pub struct Sections {
    /// The section running since the last heading is clinical narrative.
    narrative: bool,
    /// The section running since the last heading is the plan (`in_plan`).
    plan: bool,
    /// A line that was not blank has been read: the first is the document's title ("ADMISSION
    /// HISTORY AND PHYSICAL", "Child Protection Medical Assessment"), which names the document's
    /// kind and opens no section.
    titled: bool,
    /// The previous line was not blank: a sentence-case line there continues a paragraph and is
    /// no heading.
    in_paragraph: bool,
    /// The previous line ended a sentence (`.`, `!` or `?`): a section's own name on the next
    /// line opens its section though no blank line comes between (see `line`).
    after_sentence: bool,
    /// Where the label of the line last read stands in it, and the lists it is named in, when
    /// `line` asked them (`label_names_plan`).
    label: Option<(std::ops::Range<usize>, u8)>,
    /// A line since the last blank one had a ticked box: the list is a checklist someone filled
    /// in, so an empty box on a later line is an answer too (`opens_with_an_empty_box`).
    ticked: bool,
}

impl Sections {
    /// Reads the next line of the document (in order, every line) and answers whether its
    /// sentences stand in clinical narrative.
    pub fn line(&mut self, line: &str, kind: LineKind) -> bool {
        self.label = None;
        if kind == LineKind::Blank {
            self.in_paragraph = false;
            self.after_sentence = false;
            self.ticked = false;
            return false;
        }
        let after_break = !std::mem::replace(&mut self.in_paragraph, true);
        let trimmed = line.trim();
        let after_sentence = std::mem::replace(&mut self.after_sentence, trimmed.ends_with(['.', '!', '?']));
        // A text's first line is its title, no section's, unless it is a heading ending with a
        // colon as a label does: a snippet may open with its section ("Plan:", then its items;
        // not "SMS from parent of Patient DZ (TEST-000326), 555-0184:").
        let title = !std::mem::replace(&mut self.titled, true);
        let opens_its_section = kind == LineKind::Heading && trimmed.ends_with(':');
        if title && !opens_its_section {
            return false;
        }
        // An entry of a nursing record or a telephone log ("Mon 07:30 (night staff)", "22:40
        // call returned"): what its author saw and was told, narrative to the next heading.
        if matches!(kind, LineKind::Prose | LineKind::Heading | LineKind::ListItem) && opens_an_entry(trimmed) {
            self.narrative = true;
            self.plan = false;
            return true;
        }
        if let Some(name) = heading_name(trimmed, kind, after_break) {
            let lists = NAMES.named_in(name);
            self.narrative = narrative_named(name, lists);
            // A sub-heading of the plan's list, ending with a colon, with no blank line before
            // it ("Recommendations", items 1 to 6 under "Assistive technology:", then "Home
            // modifications:" and "Supports:" with items 7 to 14: the fifty-sixth held-out set
            // lost part of item 9): the plan goes on under it, unless it names a narrative section.
            let sub_heading = self.plan && !after_break && !self.narrative && trimmed.ends_with(':');
            self.plan = plan_named(name, lists) || sub_heading;
            return self.narrative;
        }
        // Three shapes are headings as often as findings, so they only open a narrative section
        // they name and never close one: a finding taken for a heading then costs reduction,
        // never a finding. After a break, a numbered line in sentence case ("3. Mother's
        // account", "8. Risk"; or a list's first item, "1. Hypertension") and a line in capitals
        // or sentence case with an aside ("BASELINE PRESENTATION (before treatment 1)"; or a
        // shorthand finding, "ABDO (soft, non-tender)", "Hypertension (well controlled)"),
        // which the line classifier reads as prose for the aside; and after a sentence's end, a
        // section's own name with no blank line before it (`heading_after_a_sentence`).
        let opening = if after_break {
            opening_heading(trimmed, kind)
        } else if after_sentence {
            heading_after_a_sentence(trimmed, kind).map(|name| (name, true))
        } else {
            None
        };
        if let Some((name, own_name)) = opening {
            // In sentence case with an aside, only a section's own name: a paragraph's one line
            // may speak of someone the same way ("Seen with her mother (who is a nurse)").
            let lists = NAMES.named_in(name);
            let narrative = if own_name { section_named(name, lists) } else { narrative_named(name, lists) };
            if narrative {
                self.narrative = true;
                self.plan = false;
                return true;
            }
            // The same shapes may open the plan ("What to expect (explained to the patient and
            // his wife)", "Handover to critical care (written by the anaesthetist)": the
            // twentieth held-out set lost an item of each). Its items are kept as the plan's
            // (`prose`); the section before is left open, as above, and nothing is dropped.
            if plan_named(name, lists) {
                self.plan = true;
            }
        }
        // A form's question as its heading ("2. How often and how long?", "What happens when she
        // is spoken to?"): what stands under it is the answer, an observer's or the patient's
        // report (the fifteenth held-out set lost a seizure's duration under one, blind). It only
        // opens a narrative section, as the other shapes above: a question may name the plan or
        // safety ("Any safety worries?") in the middle of a history, which it must not close.
        if after_break && question_heading(trimmed).is_some_and(|question| !names_plan(question)) {
            self.narrative = true;
            self.plan = false;
            return true;
        }
        let marker = list_marker_len(trimmed);
        let label = label_len(&trimmed[marker..]);
        // A signature (a name or a title on its own line: "Consultant Radiologist") ends the
        // letter's body, and with it the section: the footers after it are no narrative.
        if is_signature(trimmed, marker) {
            self.narrative = false;
            self.plan = false;
            return false;
        }
        if names_a_person(&trimmed[marker..], label) {
            return false;
        }
        self.narrative
            || label > 0 && {
                let name = &trimmed[marker..marker + label];
                let lists = NAMES.named_in(name);
                let at = line.len() - line.trim_start().len() + marker;
                self.label = Some((at..at + label, lists));
                narrative_named(name, lists)
            }
            || opens_with_a_section(&trimmed[marker..])
            || is_an_answer_box(trimmed)
            || {
                let ticked = has_a_ticked_box(trimmed);
                self.ticked |= ticked;
                ticked
            }
            || self.ticked && opens_with_an_empty_box(&trimmed[marker..])
    }

    /// Whether the line last read stands in the plan ("Plan", "Next steps", "What we agreed"):
    /// each item of a plan's list is a decision, a treatment or a referral ("4. Community
    /// palliative care referral for support at home now"), kept by `prose`.
    pub fn in_plan(&self) -> bool {
        self.plan
    }

    /// The label of `line`, the line last read, and whether it names the plan, if `line` asked
    /// what it names (outside narrative). `prose` asks the same of the line's label, which is
    /// this one unless squeezing or a dropped field changed it: asking it once instead of twice
    /// saved 0.09 M instructions in three corpus passes.
    pub fn label_names_plan<'l>(&self, line: &'l str) -> Option<(&'l str, bool)> {
        let (range, lists) = self.label.clone()?;
        let label = line.get(range)?;
        Some((label, plan_named(label, lists)))
    }
}

/// Whether a line is a signature: a name or a title on its own line, of two to
/// `MOST_HEADING_WORDS` words (`is_title`). A list item is none ("1. Hypertension" is an
/// impression's first point). A line ending with a full stop or holding a colon is no title
/// either, and nearly every line is one of those: told first, before the line is split into words
/// (splitting every line cost 1.3 % of a corpus pass).
fn is_signature(trimmed: &str, marker: usize) -> bool {
    if marker > 0 || trimmed.ends_with('.') || trimmed.contains(':') {
        return false;
    }
    // A signature has at most `MOST_HEADING_WORDS` words, and one more says the line is longer.
    let (first, count) = first_words::<{ MOST_HEADING_WORDS + 1 }>(trimmed);
    (2..=MOST_HEADING_WORDS).contains(&count) && is_title(trimmed, &first[..count])
}

/// The first `N` words of `text` (`words`) and how many there are, at most `N`: in a fixed array
/// rather than a Vec, so that no line allocates. A rule reading up to `N - 1` words asks for `N`,
/// and one more says the text is longer.
fn first_words<const N: usize>(text: &str) -> ([&str; N], usize) {
    let mut first = [""; N];
    let mut count = 0;
    for (slot, word) in first.iter_mut().zip(words(text)) {
        *slot = word;
        count += 1;
    }
    (first, count)
}

/// The text of a heading line, or `None` when the line is no heading.
fn heading_name(trimmed: &str, kind: LineKind, after_break: bool) -> Option<&str> {
    match kind {
        // "RS: NAD" is shaped like a heading but is a labelled finding of the section; a YAML
        // block's key ("monitoring: |") is the heading of the block under it.
        LineKind::Heading => block_key(trimmed).or((label_len(trimmed) == 0).then_some(trimmed)),
        // "4. EXAMINATION", "6. OPINION": a numbered heading is read as a list item.
        LineKind::ListItem if trimmed.starts_with(|c: char| c.is_ascii_digit()) => {
            let rest = &trimmed[list_marker_len(trimmed)..];
            (classify(rest) == LineKind::Heading).then_some(rest)
        }
        LineKind::Prose if after_break && is_sentence_case_heading(trimmed) => Some(trimmed),
        _ => None,
    }
}

/// The name of a heading that may only open a section (see `Sections::line`), if the line has
/// one of those shapes, and whether it is in sentence case with an aside.
fn opening_heading(trimmed: &str, kind: LineKind) -> Option<(&str, bool)> {
    match kind {
        LineKind::ListItem if trimmed.starts_with(|c: char| c.is_ascii_digit()) => {
            let rest = &trimmed[list_marker_len(trimmed)..];
            is_sentence_case_heading(rest).then_some((rest, false))
        }
        // A heading in capitals or in sentence case with an aside: "BASELINE PRESENTATION
        // (before treatment 1)", "What to expect (explained to the patient and his wife)".
        LineKind::Prose => {
            let (name, _) = trimmed.strip_suffix(')')?.split_once('(')?;
            let name = name.trim_end();
            if name.is_empty() {
                return None;
            }
            if classify(name) == LineKind::Heading && label_len(name) == 0 {
                Some((name, false))
            } else {
                is_sentence_case_heading(name).then_some((name, true))
            }
        }
        _ => None,
    }
}

/// The most words of a section's name on the line after a sentence's end
/// (`heading_after_a_sentence`).
const MOST_WORDS_AFTER_A_SENTENCE: usize = 3;

/// A heading on the line after one that ends a sentence, with no blank line between ("… less
/// likely given the classic Monday pattern.", then "Plan" and its list: the fiftieth held-out set
/// lost an item of that plan, blind): a line in sentence case of at most
/// `MOST_WORDS_AFTER_A_SENTENCE` words whose last word names a section ("Plan", "Mental state",
/// "Past medical history"), or which is one of the section's names as a phrase ("Next steps").
/// A paragraph's wrapped line follows a line that stops mid-sentence, so only a sentence's end
/// counts; a line such as "Check in at reception on arrival" or "Progress report attached" is a
/// sentence missing its full stop, no heading.
fn heading_after_a_sentence(trimmed: &str, kind: LineKind) -> Option<&str> {
    if kind != LineKind::Prose || !is_sentence_case_heading(trimmed) {
        return None;
    }
    let (first, count) = first_words::<{ MOST_WORDS_AFTER_A_SENTENCE + 1 }>(trimmed);
    let names = |text: &str| NAMES.named_in(text) & (NARRATIVE | PLAN) != 0;
    let phrase = || [NARRATIVE_SECTION_PHRASES, PLAN_SECTION_PHRASES].iter().any(|list| is_one_of(trimmed, list));
    let last = first[..count].last().copied().unwrap_or_default();
    (count <= MOST_WORDS_AFTER_A_SENTENCE && (names(last) || phrase())).then_some(trimmed)
}

/// A paragraph that opens by naming its section as a phrase, with no label's colon: "On
/// examination she looked plethoric, with a rounded face. … Visual fields full to confrontation."
/// (the twentieth held-out set lost the last, in a letter's examination paragraph). Like an inline
/// label, it makes its own line narrative without opening a section.
fn opens_with_a_section(line: &str) -> bool {
    if !line.starts_with("On ") {
        return false;
    }
    let mut words = words(line);
    words.next().is_some_and(|w| w == "On")
        && words.next().is_some_and(|w| {
            let name = w.trim_end_matches([',', ':']);
            !name.is_empty() && (NAMES.named_in(name) & NARRATIVE != 0 || is_one_of(name, NARRATIVE_SECTION_ENDINGS))
        })
}

/// The most words a form's question asked as a heading has.
const MOST_QUESTION_WORDS: usize = 10;

/// A form's question on a line of its own, numbered or not ("2. How often and how long?"): it
/// opens with a capital, ends with its only end mark, a question mark, and is short.
fn question_heading(trimmed: &str) -> Option<&str> {
    let rest = &trimmed[list_marker_len(trimmed)..];
    let question = rest.strip_suffix('?')?;
    (question.starts_with(|c: char| c.is_uppercase())
        && question.len() <= 80
        && !question.bytes().any(|b| matches!(b, b'.' | b'!' | b'?' | b';' | b':'))
        && words(question).take(MOST_QUESTION_WORDS + 1).count() <= MOST_QUESTION_WORDS)
        .then_some(rest)
}

/// A form's free-text answer in its box, alone on its line or after its question ("[ It's like
/// being on a boat that never docks. … ]", "What do you do to hide it? [ I swap words … ]"): what
/// the patient wrote in answer, narrative like a history. Only the line's last byte and its first
/// '[' are read.
fn is_an_answer_box(trimmed: &str) -> bool {
    trimmed.ends_with(']')
        && trimmed.find('[').is_some_and(|open| {
            let question = trimmed[..open].trim_end();
            question.is_empty() || question.ends_with(['?', ':'])
        })
}

/// A form's line with a ticked box ("B3. Driving: [x] I have nodded at traffic lights.", "Mood
/// (tick): [x] low some of the time [ ] thoughts of harming myself"): the answer its respondent
/// chose, narrative like a history (the eighteenth held-out set lost one, blind). A search of the
/// line per mark, only in a line holding a '[' or the first byte of "☒" and "☑" (0xE2): one
/// reduction with no early exit, which the compiler vectorises, rules out most lines, where six
/// string searches each set up a searcher (and two byte searches cost 280 instructions a line,
/// 1 M in five corpus passes).
fn has_a_ticked_box(trimmed: &str) -> bool {
    let could = trimmed.as_bytes().iter().fold(0u8, |seen, &b| seen | u8::from(b == b'[') | u8::from(b == 0xE2));
    could != 0 && ["[x]", "[X]", "☒", "☑", "[✓]", "[✔]"].iter().any(|tick| trimmed.contains(tick))
}

/// A checklist's item left unticked, its box opening the line ("[ ] Could tell the time of the
/// next dose - unsure whether he had taken his lunchtime dose", in a compliance aid assessment
/// whose other items were ticked: the seventy-sixth held-out set lost it, blind): what was not
/// seen or not done is the answer too, narrative like a ticked one. Asked only after a ticked
/// box in the same list (`Sections::ticked`): a blank reply slip's boxes ("[ ] I would like a
/// hospital interpreter") are nobody's answer. Only the line's first bytes are read.
fn opens_with_an_empty_box(rest: &str) -> bool {
    rest.starts_with("[ ]") || rest.starts_with('☐')
}

/// The length of a line's first word, up to its first whitespace.
fn head_len(trimmed: &str) -> usize {
    trimmed.find(char::is_whitespace).unwrap_or(trimmed.len())
}

/// "Sun - another screaming one, after a late night", "Friday - support worker (evening)": a
/// weekday and a dash open a diary's or a handover book's entry, whatever follows (the
/// fifty-third held-out set lost a night terror and a short-break stay's findings under such,
/// blind); not a range of days or a reading after the dash ("Mon - Fri 9am to 5pm", "Sat - 94%
/// on air"). `text` is the line after its weekday and dash. Apart from `opens_a_timed_entry`,
/// which reads it only for such a line: inlined, it cost 0.3 M instructions in three corpus
/// passes.
#[inline(never)]
fn opens_an_entry_after_a_dash(text: &str) -> bool {
    let next = words(text).next().map_or("", without_marks);
    let day = next.trim_end_matches([':', '.']);
    !next.starts_with(|c: char| c.is_ascii_digit())
        && !is_one_of(day, WEEKDAYS_IN_FULL)
        && !is_one_of(day, WEEKDAYS_IN_SHORT)
}

/// A line opening an entry of a log: with its time (`opens_a_timed_entry`), or with its number
/// and then its time or an aside (`Call 1 - Day 1, 07:40 - caller: her husband`, `Visit 2 (three
/// days later)`, `Session 1 (individual, her room, 30 minutes)`).
fn opens_an_entry(trimmed: &str) -> bool {
    opens_a_timed_entry(trimmed)
        || opens_a_numbered_entry(trimmed)
        || opens_a_named_entry(trimmed)
        || opens_a_following_entry(trimmed)
}

/// A heading naming an entry by when it came after the one before: a word of
/// `lexicon::FOLLOWING`, "the" perhaps before it, then a weekday in full or a word of
/// `lexicon::LATER_DAYS` ("The following Monday" in a care home's communication book: the
/// fifty-first held-out set lost three findings under it, blind; "Next day", "The next
/// morning"), a colon perhaps after it. The whole line, with no end mark: "Next week we will
/// review." is a plan, not a heading. Only a line opening with 'T', 'F' or 'N' is split.
fn opens_a_following_entry(trimmed: &str) -> bool {
    if !trimmed.starts_with(['T', 'F', 'N']) || trimmed.ends_with(['.', '!', '?']) {
        return false;
    }
    let mut line = words(trimmed);
    let mut next = line.next();
    if next.is_some_and(|word| word.eq_ignore_ascii_case("the")) {
        next = line.next();
    }
    next.is_some_and(|word| is_one_of(word, FOLLOWING))
        && line.next().is_some_and(|day| is_one_of(day, WEEKDAYS_IN_FULL) || is_one_of(day, LATER_DAYS))
        && line.next().is_none()
}

/// The most words of a line heading an entry by its kind (`opens_a_named_entry`).
const MOST_NAMED_ENTRY_WORDS: usize = 12;
/// The most words naming the entry's kind before its log word ("GP home visit entry").
const MOST_ENTRY_KIND_WORDS: usize = 3;

/// A heading that names an entry of a record by its kind, a log's word (`lexicon::LOG_ENTRIES`)
/// after one to three words naming its kind: "Ward entry, day 1 - Sister … (fictional), 09:40",
/// "Phone call with mum", "Home visit (health visitor)", "GP home visit entry - Dr …" (the
/// twenty-third and twenty-fourth held-out sets lost findings of such entries, blind). A short
/// line with no end mark, its words before the entry's alphabetic and the first capitalised: a
/// sentence such as "Home visit was cancelled." is none, nor a heading's aside ("MEDICATION
/// (week 1)").
fn opens_a_named_entry(trimmed: &str) -> bool {
    // Most lines are sentences: their end mark rules them out before any word is split.
    if trimmed.ends_with(['.', '!', '?']) || !trimmed.starts_with(|c: char| c.is_ascii_uppercase()) {
        return false;
    }
    let mut line = words(trimmed).peekable();
    let mut kind_words = [""; MOST_ENTRY_KIND_WORDS];
    for kinds in 1..=MOST_ENTRY_KIND_WORDS {
        let Some(kind) = line.next() else { return false };
        // A kind may be a possessive ("Dermatology nurse's note"), never a courtesy or a word
        // of a sentence ("Please note:", "To book an appointment, call …", "Your next
        // appointment, 3 June"; `is_sentence_word`, asked below).
        if !kind.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'') || kind.eq_ignore_ascii_case("please") {
            return false;
        }
        kind_words[kinds - 1] = kind;
        let Some(&entry) = line.peek() else { return false };
        let name = entry.trim_end_matches([',', ':']);
        if !LOG_ENTRIES.iter().any(|e| e.eq_ignore_ascii_case(name)) {
            continue;
        }
        // Notes only as someone's ("Nurse's notes", "Physio's notes"): "Important notes",
        // "Guidance notes" or "Additional notes" head a leaflet's or a form's remarks, not a
        // record's entries, and everything under them would be kept as findings.
        if name.eq_ignore_ascii_case("notes") && !(kind.ends_with("'s") || kind.ends_with("s'")) {
            continue;
        }
        // The entry's name ends at a mark, an aside, a dash or who it was with: "Please contact
        // us the same day if:" opens no entry. ("GP home visit entry -": "visit" ends none.)
        let mut after = line.clone().skip(1).peekable();
        let named = entry.len() > name.len()
            || after.peek().is_none_or(|next| {
                next.starts_with('(') || matches!(*next, "-" | "–" | "—") || ["with", "from", "by"].contains(next)
            });
        // The kind's words are looked up only once they name an entry: a look-up for the first
        // words of every line opening with a capital cost 0.8 % of a corpus pass, and a word of
        // a sentence among them rules the line out wherever the entry's word stands.
        if named {
            return !kind_words[..kinds].iter().any(|kind| is_sentence_word(kind))
                && kinds + 1 + after.take(MOST_NAMED_ENTRY_WORDS).count() <= MOST_NAMED_ENTRY_WORDS;
        }
    }
    false
}

/// A word of a sentence rather than of a name: a stop word, a function word or an article.
fn is_sentence_word(word: &str) -> bool {
    LEXICON.classify(word) & (class::STOPWORD | class::FUNCTION | class::ARTICLE) != 0
}

/// An entry's number comes before its time within this many words (`Call 1 - Day 1, 07:40`).
const WORDS_TO_AN_ENTRY_TIME: usize = 4;

/// The most words of an aside after an entry's number and a comma (`Visit 2, Tuesday`).
const WORDS_OF_A_COMMA_ASIDE: usize = 3;

/// Whether an entry heading's aside names a time: a weekday, or a number ("Tuesday", "week 6",
/// "3 June"), not "day or night" or "bring your letter". Its first few words only.
fn names_a_time(aside: &str) -> bool {
    words(aside).take(WORDS_OF_A_COMMA_ASIDE).any(|word| {
        let word = without_marks(word).trim_end_matches('.');
        word.bytes().any(|b| b.is_ascii_digit())
            || is_one_of(word, WEEKDAYS_IN_FULL)
            || is_one_of(word, WEEKDAYS_IN_SHORT)
    })
}

/// Whether an entry heading's aside, after its number's comma, names a time and a colon closes
/// it within `WORDS_OF_A_COMMA_ASIDE` words: a weekday, a month, a clock time, a date or a unit
/// of time ("Thu:", "Thu 16:30:", "day 3:", "14 March:"). Stricter than `names_a_time`, since
/// the line goes on as a sentence after the colon: a bare number there is as often a phone
/// menu's option, a room or a floor ("Call 111, option 2: urgent mental health support",
/// "Session 1, room 12: Introduction to the course"), which opens no entry.
fn labelled_time_aside<'a>(aside: impl Iterator<Item = &'a str>) -> bool {
    let mut time = false;
    for word in aside.take(WORDS_OF_A_COMMA_ASIDE) {
        let closed = word.ends_with(':');
        let word = without_marks(word).trim_end_matches(':').trim_end_matches('.');
        time |= is_clock_time(word)
            || is_date(word)
            || [WEEKDAYS_IN_FULL, WEEKDAYS_IN_SHORT, MONTHS, TIME_UNITS].iter().any(|list| is_one_of(word, list));
        if closed {
            return time;
        }
    }
    false
}

/// A word of a line's start without the marks around an entry's time (`[09:15]`, `07:40,`).
fn without_marks(word: &str) -> &str {
    word.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | ',' | '-'))
}

/// `Call 1 - Day 1, 07:40`, `Visit 2 (three days later)`, `Entry 1 - referral and ward
/// information`, `Day 3`, `Day 9: feel like myself`: a capitalised word, a number of one to three
/// digits, then a clock time within `WORDS_TO_AN_ENTRY_TIME` words, or, when the word names a
/// log's entry (`lexicon::LOG_ENTRIES`), a colon, a dash, an aside in brackets or nothing. Only
/// the line's first words are read, and its last byte.
fn opens_a_numbered_entry(trimmed: &str) -> bool {
    if !may_open_with_a_number(trimmed.as_bytes()) {
        return false;
    }
    let mut first = words(trimmed);
    let (Some(head), Some(number)) = (first.next(), first.next()) else { return false };
    // "Day 9: feel like myself", "Day 1 (period): like a light switched back on": a diary's
    // entry labelled with its number, its text after the colon.
    let labelled = number.ends_with(':');
    let raw_number = number;
    let number = without_marks(number).trim_end_matches(':');
    let numbered = head.starts_with(|c: char| c.is_ascii_uppercase())
        && head.bytes().all(|b| b.is_ascii_alphabetic())
        && (1..=3).contains(&number.len())
        && number.bytes().all(|b| b.is_ascii_digit());
    if !numbered {
        return false;
    }
    let mut rest = first.peekable();
    // Without a time, only an entry of a log's own kinds ("Visit 2 (three days later)"): "Ward
    // 7", "Table 1 - results" and "Stage 2 (T2 N0)" have the same shape. An aside naming a time
    // may follow a comma on a short line with no end mark ("Visit 2, Tuesday"; the twenty-fourth
    // held-out set lost a befriender's findings under one, blind; not "Call 111, day or night").
    let aside_dash_or_nothing = rest.peek().is_none_or(|next| {
        next.starts_with('(') && (trimmed.ends_with(')') || next.ends_with("):")) || matches!(*next, "-" | "–" | "—")
    });
    let comma_aside = raw_number.ends_with(',')
        && (!trimmed.ends_with(['.', '!', '?', ':'])
            && rest.clone().take(WORDS_OF_A_COMMA_ASIDE + 1).count() <= WORDS_OF_A_COMMA_ASIDE
            && trimmed.split_once(',').is_some_and(|(_, aside)| names_a_time(aside))
            // Or the aside names a time and a colon closes it, the entry's text after it ("Week
            // 1, Thu: Normal. Chatty, did the crossword with me", "Week 3, Thu 16:30: GP
            // visited"; the thirtieth held-out set lost findings of such entries, blind).
            || labelled_time_aside(rest.clone()));
    (aside_dash_or_nothing || labelled || comma_aside)
        && LOG_ENTRIES.iter().any(|entry| entry.eq_ignore_ascii_case(head))
        || rest.map(without_marks).take(WORDS_TO_AN_ENTRY_TIME).any(is_clock_time)
}

/// Whether a line's first bytes may be an entry's capitalised word and number
/// (`opens_a_numbered_entry`): ASCII letters, the first a capital, then ASCII whitespace and a
/// digit, past the marks `without_marks` drops. Most lines open with a word and then another
/// word ("She has…"), ruled out here before the line is split into words, which cost 1.8 M
/// instructions in five corpus passes. A byte outside ASCII (or a vertical tab) where a word may end is left to
/// the words' own test: it may be whitespace.
fn may_open_with_a_number(bytes: &[u8]) -> bool {
    let unsure = |b: &u8| !b.is_ascii() || *b == b'\x0B';
    let head = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let after_head = &bytes[head..];
    let gap = after_head.iter().take_while(|b| b.is_ascii_whitespace()).count();
    if gap == 0 {
        return after_head.first().is_some_and(unsure);
    }
    let number = &after_head[gap..];
    let marks = number.iter().take_while(|b| matches!(b, b'[' | b']' | b'(' | b')' | b',' | b'-')).count();
    number.first().is_some_and(unsure) || number.get(marks).is_some_and(|b| b.is_ascii_digit() || unsure(b))
}

/// A line opening with the time of an entry: a clock time (`22:40`), or a weekday or a
/// date followed by one (`Mon 09:40`, `12/03 14:20`), a weekday followed by a day of the month
/// (`Tuesday 3 March`; not "Sat 94% on air"), a weekday and a dash (`Sun - another screaming
/// one`), or a weekday opening a short line with no end mark and no digit (`Wed (carer)`). A
/// weekday in a sentence is no entry ("Sun exposure limited.").
fn opens_a_timed_entry(trimmed: &str) -> bool {
    // Most lines open with none of a time's, a date's or a weekday's first characters (or the
    // marks trimmed before them): one byte rules them out before any word is split (500,000
    // short lines in the adversarial tests).
    let could = |b: u8| {
        b.is_ascii_digit()
            || matches!(
                b.to_ascii_lowercase(),
                b'[' | b']' | b'(' | b')' | b',' | b'-' | b'm' | b't' | b'w' | b'f' | b's'
            )
    };
    if !trimmed.bytes().next().is_some_and(could) {
        return false;
    }
    let mut first = words(trimmed).map(without_marks);
    let Some(head) = first.next() else { return false };
    if is_clock_time(head) {
        return true;
    }
    let day = bare(head.trim_end_matches('.'));
    // A weekday in full has six to nine letters, in short three to five: a word of another length
    // is compared with neither list (-0.20 M instructions in three corpus passes, 79.88 M to 79.69 M).
    let in_full = (6..=9).contains(&day.len()) && is_one_of(day, WEEKDAYS_IN_FULL);
    let weekday = in_full || (3..=5).contains(&day.len()) && is_one_of(day, WEEKDAYS_IN_SHORT);
    // Past a weekday, only a date opens an entry, and a date opens with a digit: the rest of a
    // sentence opening with "She" or "The" is not read.
    if !weekday && !head.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if weekday {
        if let Some(text) = trimmed[head_len(trimmed)..].trim_start().strip_prefix(['-', '–', '—']) {
            return opens_an_entry_after_a_dash(text.trim_start_matches(['-', '–', '—']));
        }
    }
    let next = first.next().unwrap_or("");
    // "Mon night (carer)": a weekday heading a short line with no end mark. A digit rules out
    // "Sat 94% on air", unless the weekday, written in full, has an aside in brackets that ends
    // the line or one naming a time after a comma ("Monday (heatwave - 31 degrees)", "Friday,
    // week 0": the twenty-fifth and twenty-seventh held-out sets lost a carer's and a day
    // centre's findings under such; not "Monday (bank holiday) - clinic closed").
    let aside = in_full
        && match trimmed.split_once(' ') {
            Some((day, rest)) if day.ends_with(',') => names_a_time(rest),
            Some((_, rest)) => rest.starts_with('(') && trimmed.ends_with(')'),
            None => false,
        };
    let most = if aside { MOST_WEEKDAY_ASIDE_WORDS } else { MOST_ENTRY_HEADING_WORDS };
    let short_weekday_line = weekday
        && 2 + first.take(most).count() <= most
        && !trimmed.ends_with('.')
        && (aside || !trimmed.bytes().any(|b| b.is_ascii_digit()));
    (weekday || is_date(head)) && is_clock_time(next) || weekday && is_day_of_month(next) || short_weekday_line
}

/// A line opening with a weekday and no time is an entry's heading up to this many words.
const MOST_ENTRY_HEADING_WORDS: usize = 4;
/// The same for a weekday written in full with an aside in brackets, which may be longer.
const MOST_WEEKDAY_ASIDE_WORDS: usize = 6;

/// `22:40`, `7:30pm`: hours (one or two digits) and minutes (two), a suffix of letters allowed.
/// Not `7.30`, which is as often a dose or a result at a line's start.
fn is_clock_time(word: &str) -> bool {
    let word = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    // A byte loop over a word this short: `split_once` sets up a `memchr` search, which cost
    // more than the rest of this test.
    let Some(colon) = word.bytes().position(|b| b == b':') else { return false };
    let (hours, minutes) = (&word[..colon], &word[colon + 1..]);
    (1..=2).contains(&hours.len())
        && hours.bytes().all(|b| b.is_ascii_digit())
        && minutes.len() == 2
        && minutes.bytes().all(|b| b.is_ascii_digit())
}

/// `3`, `31st`: a day of the month.
fn is_day_of_month(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.parse::<u8>().is_ok_and(|day| (1..=31).contains(&day))
}

/// `12/03`, `12/03/2026`, `2026-03-12`: numbers joined by `/` or `-`.
fn is_date(word: &str) -> bool {
    // Its first part is digits: a word opening otherwise is none, told before a split is set up.
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let parts = word.split(['/', '-']);
    let mut count = 0;
    for part in parts {
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        count += 1;
    }
    (2..=3).contains(&count)
}

/// `Presenting complaint`, `Intrusive thoughts`, `Past psychiatric history`: a short line that
/// opens with a capital, with no end mark, comma, colon or digit (which shorthand findings and
/// labelled lines have: "Well kempt, dressed", "Baby: 7 weeks old"). Asked only of a line after a
/// blank line or at the start.
fn is_sentence_case_heading(trimmed: &str) -> bool {
    trimmed.len() <= 60
        && trimmed.starts_with(|c: char| c.is_uppercase())
        && !trimmed.bytes().any(|b| matches!(b, b'.' | b'!' | b'?' | b',' | b';' | b':') || b.is_ascii_digit())
        && words(trimmed).take(MOST_HEADING_WORDS + 1).count() <= MOST_HEADING_WORDS
}

/// A field naming who wrote, saw or signed ("Seen by: Nurse practitioner …", "Provider: Dr. …"):
/// its label ends in "by", or its value opens with a title of address. `label` is the length of
/// the line's label (`text::label_len`), 0 when it has none.
fn names_a_person(line: &str, label: usize) -> bool {
    if label == 0 {
        return false;
    }
    let by =
        line[..label].trim_end().trim_end_matches(':').rsplit(' ').next().is_some_and(|w| w.eq_ignore_ascii_case("by"));
    let title = line[label..]
        .split(' ')
        .next()
        .map(|w| w.trim_end_matches('.'))
        .is_some_and(|w| TITLES_OF_ADDRESS.iter().any(|t| t.eq_ignore_ascii_case(w)));
    by || title
}

/// Whether a heading or label names a part of the history, the examination or the clinician's
/// reading of them (`lexicon::NARRATIVE_SECTIONS`), or speaks of the patient or someone around
/// them by a pronoun ("How he is", "Discussion with him and his daughter": the tenth held-out
/// set, blind, lost a finding under each; `lexicon::PERSON_PRONOUNS`), given the lists `name`
/// is named in (`Names::named_in`).
/// The lists are lower case; the name is compared ignoring ASCII case in place rather than
/// through a lower-cased copy, so that a heading or labelled line allocates nothing.
fn narrative_named(name: &str, lists: u8) -> bool {
    section_named(name, lists) || lists & PERSONS != 0
}

/// The lists of section names `NAMES` holds, as bits: the standard parts of a history and
/// examination (`lexicon::NARRATIVE_SECTIONS` and its phrases), the pronouns of the patient or
/// someone around them, and the plan's names (`lexicon::PLAN_SECTIONS` and its phrases).
const NARRATIVE: u8 = 1;
const PERSONS: u8 = 1 << 1;
const PLAN: u8 = 1 << 2;

/// The three lists in one `Names`: a heading is asked for the narrative's and the plan's names,
/// and a pass over its words and phrases for each list cost some 650 instructions a list
/// (2.6 % of a corpus pass for the three).
static NAMES: LazyLock<Names> = LazyLock::new(|| {
    Names::new(&[
        (NARRATIVE, NARRATIVE_SECTIONS, NARRATIVE_SECTION_PHRASES),
        (PERSONS, PERSON_PRONOUNS, &[]),
        (PLAN, PLAN_SECTIONS, PLAN_SECTION_PHRASES),
    ])
});

/// `narrative_named` by the section's own name alone, not by a pronoun, given the lists `name`
/// is named in (`Names::named_in`).
fn section_named(name: &str, lists: u8) -> bool {
    // Its first words, split once for the two rules that read them: splitting the name for each,
    // and twice for `names_a_site`, cost 0.31 M instructions more in three corpus passes. One
    // more than a site's words says the name is longer (as in `is_signature`).
    let (first, count) = first_words::<{ MOST_SITE_WORDS + 1 }>(name);
    let first_words = &first[..count];
    is_one_of(name.trim_end_matches(':'), NARRATIVE_SECTION_NAMES)
        || lists & NARRATIVE != 0
        || ends_with_a_narrative_word(name)
        || names_a_psychosocial_domain(name)
        || names_a_site(first_words)
        || opens_with_a_narrative_word(first_words)
}

/// Whether a heading's first word, or its second after a possessive ("Clinician's summary",
/// "GP's summary"; the twenty-sixth held-out set lost a plan's item under one, blind), is one
/// of `lexicon::NARRATIVE_SECTION_OPENINGS`. `first_words` are its first words.
fn opens_with_a_narrative_word(first_words: &[&str]) -> bool {
    let opening = |word: &str| {
        let word = word.trim_end_matches(':');
        NARRATIVE_SECTION_OPENINGS.iter().any(|opening| opening.eq_ignore_ascii_case(word))
    };
    match first_words {
        [word, ..] if opening(word) => true,
        [word, second, ..] if ["'s", "s'", "\u{2019}s", "s\u{2019}"].iter().any(|mark| word.ends_with(mark)) => {
            opening(second)
        }
        _ => false,
    }
}

/// Whether a heading's name, before a dash, an aside or a colon, ends with a word of
/// `lexicon::NARRATIVE_SECTION_ENDINGS` not after one of `lexicon::NOT_REVIEWS` ("Orthoptist
/// review - one week"; not "Review date" or "Your review appointment").
fn ends_with_a_narrative_word(name: &str) -> bool {
    let name = &name[..name_end(name.as_bytes())];
    let mut backwards = name.split_whitespace().rev();
    backwards.next().is_some_and(|last| is_one_of(last, NARRATIVE_SECTION_ENDINGS))
        && !backwards.next().is_some_and(|before| is_one_of(before, NOT_REVIEWS))
}

/// Where a heading's name ends: at its first colon, bracket, en or em dash, or spaced hyphen
/// (" - "), else at its end. Read byte by byte: splitting at the four characters and then at
/// " - " built a character searcher and a substring searcher for every heading, some 300
/// instructions a heading between them (0.5 % of a corpus pass). Neither dash's three bytes (E2 80 93, E2 80 94)
/// stand anywhere but at the start of that character in UTF-8, so the cut is a character
/// boundary and the same as the character split's.
fn name_end(bytes: &[u8]) -> usize {
    (0..bytes.len())
        .find(|&i| match bytes[i] {
            b':' | b'(' => true,
            b' ' => bytes[i + 1..].starts_with(b"- "),
            0xE2 => matches!(bytes[i + 1..], [0x80, 0x93 | 0x94, ..]),
            _ => false,
        })
        .unwrap_or(bytes.len())
}

/// The most words of a heading naming a site of the body ("LEFT HIP", "Both lower legs").
const MOST_SITE_WORDS: usize = 3;

/// Whether a heading names a site of the body alone, with its side ("RIGHT HIP", "Left eye",
/// "Abdomen", "Both knees"; `lexicon::SIDES`): what stands under it is what was seen or measured
/// there (the twenty-fifth held-out set lost an ultrasound's finding under "LEFT HIP"). Not
/// "Protecting the left eye", which names what to do, nor a leaflet's "Your skin".
/// `first_words` are its first words, one more than `MOST_SITE_WORDS` if it has more.
fn names_a_site(first_words: &[&str]) -> bool {
    // A longer heading names none: told before any of its words is looked up.
    if first_words.len() > MOST_SITE_WORDS {
        return false;
    }
    let part = |word: &str| LEXICON.classify(word) & class::ANATOMY != 0;
    let mut site = false;
    for &word in first_words {
        let word = word.trim_end_matches(':');
        // A plural names what its singular names ("knees").
        if part(word) || word.len() > 3 && word.ends_with(['s', 'S']) && part(&word[..word.len() - 1]) {
            site = true;
        } else if !is_one_of(word, SIDES) {
            return false;
        }
    }
    site
}

/// The most words of a heading naming psychosocial domains ("Suicide and self-harm").
const MOST_DOMAIN_WORDS: usize = 4;

/// Whether a heading is made of an adolescent's psychosocial domains, or a child's report's,
/// alone (`lexicon::PSYCHOSOCIAL_DOMAINS`, joined by `lexicon::PSYCHOSOCIAL_JOINS`): "Home",
/// "Education", "Suicide and self-harm", "Learning, attention and behaviour"; not "HOME CARE
/// INSTRUCTIONS" nor "ATTENTION". Its first words only.
fn names_a_psychosocial_domain(name: &str) -> bool {
    // Split at bytes rather than characters, as `Names::named_in` does: a character outside
    // ASCII is a separator either way, and the empty pieces between its bytes are skipped like
    // the others. Decoding each character cost more than the comparisons.
    let words = name.as_bytes().split(|b| !b.is_ascii_alphanumeric()).filter(|w| !w.is_empty());
    let mut domain = false;
    for (count, word) in words.enumerate() {
        if count == MOST_DOMAIN_WORDS {
            return false;
        }
        if PSYCHOSOCIAL_DOMAINS.iter().any(|d| d.as_bytes().eq_ignore_ascii_case(word)) {
            domain = true;
        } else if !PSYCHOSOCIAL_JOINS.iter().any(|j| j.as_bytes().eq_ignore_ascii_case(word)) {
            return false;
        }
    }
    domain
}

/// Whether a heading or label names the plan (`lexicon::PLAN_SECTIONS`).
pub fn names_plan(name: &str) -> bool {
    plan_named(name, NAMES.named_in(name))
}

/// Whether a heading or label names the plan, given the lists `name` is named in
/// (`Names::named_in`): by a word or a phrase within it, or as a whole
/// (`lexicon::PLAN_SECTION_NAMES`).
fn plan_named(name: &str, lists: u8) -> bool {
    lists & PLAN != 0 || is_one_of(name.trim_end().trim_end_matches(':'), PLAN_SECTION_NAMES)
}

/// Lists of section names and phrases, each named by a bit, ready for `named_in`: the names of
/// up to `keys::SHORT` bytes as keys (ASCII case folded, see `keys::key`) with the bits of the
/// lists holding them, so that a heading's word costs one look-up; comparing it with each of
/// some seventy entries, even only those of its length and first letter, cost 1.4 M
/// instructions per corpus pass (3.8 %).
struct Names {
    keys: HashMap<Key, u8>,
    /// The longer names, compared one by one.
    long: Vec<(&'static str, u8)>,
    /// The phrases by the byte they open with, in either case: a heading is compared with a
    /// phrase only where the phrase's first letter stands, in one pass over it instead of one per
    /// phrase. Bucketed rather than marked in a table of bytes: the phrases open with a dozen
    /// common letters ('o', 's', 'c', 'r'…), and comparing every phrase wherever any of them
    /// stood cost some 300 instructions more a heading (1 % of a corpus pass).
    by_first: Vec<Vec<(&'static str, u8)>>,
    /// The phrases' first two bytes: a place whose own two are not among them is passed with one
    /// bit test, before its first byte's phrases are compared. The phrases open with common
    /// letters, so most places of a heading had a bucket of them to compare: with this test, and
    /// the empty words skipped, `named_in` cost 0.21 M instructions less in three corpus passes.
    openings: Openings,
    /// The shortest phrase's length: no phrase starts within fewer bytes of a heading's end, so
    /// those bytes are not looked at. Most headings and labels are shorter than every phrase
    /// ("Plan", "Exam", "HPI") and skip the phrases altogether.
    shortest: usize,
}

/// A list for `Names`: its bit, its names and its phrases.
type List = (u8, &'static [&'static str], &'static [&'static str]);

impl Names {
    fn new(lists: &[List]) -> Self {
        let mut names = Self {
            keys: HashMap::default(),
            long: Vec::new(),
            by_first: vec![Vec::new(); 256],
            openings: Openings::default(),
            shortest: usize::MAX,
        };
        for &(list, words, phrases) in lists {
            for word in words {
                match key(word) {
                    Some(k) => *names.keys.entry(k).or_default() |= list,
                    None => names.long.push((word, list)),
                }
            }
            for phrase in phrases {
                if let Some(first) = phrase.bytes().next() {
                    // A phrase filed is never empty, so `named_in` never looks past the end.
                    names.shortest = names.shortest.min(phrase.len());
                    names.openings.add(phrase.as_bytes());
                    names.by_first[usize::from(first.to_ascii_lowercase())].push((phrase, list));
                    if first.is_ascii_alphabetic() {
                        names.by_first[usize::from(first.to_ascii_uppercase())].push((phrase, list));
                    }
                }
            }
        }
        names
    }

    /// The lists (their bits) one of whose names is one of a heading's words, or one of whose
    /// phrases is in it.
    ///
    /// Byte-wise: a phrase is compared whole only where its first two bytes stand. The words
    /// are split at bytes: a character outside ASCII is a separator either way, and the empty
    /// pieces between its bytes, or between a colon and its space, are skipped rather than
    /// looked up (the lists hold no empty name).
    fn named_in(&self, name: &str) -> u8 {
        let bytes = name.as_bytes();
        let mut lists = 0;
        let starts = (bytes.len() + 1).saturating_sub(self.shortest);
        for (at, &b) in bytes[..starts].iter().enumerate() {
            if !self.openings.may_open(&bytes[at..]) {
                continue;
            }
            for &(phrase, list) in &self.by_first[usize::from(b)] {
                if bytes[at..].get(..phrase.len()).is_some_and(|window| window.eq_ignore_ascii_case(phrase.as_bytes()))
                {
                    lists |= list;
                }
            }
        }
        for word in bytes.split(|&b| !(b.is_ascii_alphanumeric() || b == b'/')).filter(|word| !word.is_empty()) {
            lists |= match key_of_bytes(word) {
                Some(k) => self.keys.get(&k).copied().unwrap_or(0),
                None => self
                    .long
                    .iter()
                    .filter(|(long, _)| long.as_bytes().eq_ignore_ascii_case(word))
                    .fold(0, |all, (_, list)| all | list),
            };
        }
        lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_narrative(name: &str) -> bool {
        narrative_named(name, NAMES.named_in(name))
    }

    /// Whether each line of `text` is narrative.
    fn narrative(text: &str) -> Vec<bool> {
        let mut sections = Sections::default();
        // After the document's title, which opens no section.
        assert!(!sections.line("CLINIC LETTER", LineKind::Heading));
        assert!(!sections.line("", LineKind::Blank));
        text.lines().map(|line| sections.line(line, classify(line))).collect()
    }

    /// Whether `heading`, after a plan's paragraph and a break, opens a narrative section that
    /// holds `line`.
    fn opens_narrative_after_a_plan(heading: &str, line: &str) -> bool {
        narrative(&format!("Plan\nSee later.\n\n{heading}\n{line}")) == [false, false, false, true, true]
    }

    #[test]
    fn a_section_runs_from_its_heading_to_the_next_across_paragraphs() {
        let text = "Presenting complaint\nShe cries most days.\n\nShe avoids the stairs.\n\nPlan\nReview in clinic.";
        assert_eq!(narrative(text), [true, true, false, true, false, false, false]);
    }

    #[test]
    fn headings_are_recognised_by_shape() {
        for heading in ["4. EXAMINATION", "HISTORY OF PRESENT ILLNESS", "On examination:", "Past psychiatric history"] {
            assert_eq!(narrative(&format!("{heading}\nSettled with toys.")), [true, true], "{heading}");
        }
        // "Risks" as "Risk" does.
        for heading in ["Risks", "RISKS"] {
            assert!(opens_narrative_after_a_plan(heading, "Easily led."), "{heading}");
        }
        // A history's or an assessment's mnemonic, one letter a line, as the whole heading only.
        for heading in ["OPQRST", "SAMPLE", "SBAR"] {
            assert!(opens_narrative_after_a_plan(heading, "T - constant, one long tightening"), "{heading}");
        }
        assert!(!opens_narrative_after_a_plan("Sample type", "Clotted blood."));
        // A SOAP note's letters, one a line, as the whole heading only.
        for heading in ["S:", "O:"] {
            assert!(opens_narrative_after_a_plan(heading, "Dreads bedtime."), "{heading}");
        }
        assert!(!opens_narrative_after_a_plan("S and P Ltd", "Clotted blood."));
        // A short line inside a paragraph, or one with a comma or an end mark, is no heading:
        // the section goes on.
        assert_eq!(narrative("EXAMINATION\nClung to mother\nWell kempt, dressed\nGood rapport."), [true; 4]);
    }

    #[test]
    fn numbered_and_annotated_headings_open_their_sections() {
        // A numbered sentence-case heading after a break opens a narrative section it names…
        assert!(opens_narrative_after_a_plan("3. Mother's account", "Stays in her room."));
        // …and never closes one: "1. Hypertension" may be a list's first item.
        assert_eq!(
            narrative("Impression\nUnwell.\n\n1. Hypertension\nWorse at night."),
            [true, true, false, true, true]
        );
        // A heading in capitals with an aside holding a digit.
        assert_eq!(narrative("BASELINE PRESENTATION (before treatment 1)\nSits motionless."), [true, true]);
        assert_eq!(narrative("MEDICATION (week 1)\nTake with food."), [false, false]);
        // …which never closes one either: a shorthand finding has the same shape.
        assert_eq!(narrative("EXAMINATION\nABDO (soft, non-tender)\nClinging to mum."), [true, true, true]);
    }

    #[test]
    fn other_headings_holding_a_domain_s_word_are_not_narrative() {
        for heading in ["HOME CARE INSTRUCTIONS", "PATIENT EDUCATION", "DRUGS ON DISCHARGE", "Home address:"] {
            assert!(!names_narrative(heading), "{heading}");
        }
    }

    #[test]
    fn a_psychosocial_history_s_domains_are_narrative() {
        for heading in ["Home", "Education", "Eating", "Activities", "Drugs", "Sexuality", "Suicide and self-harm"] {
            assert!(opens_narrative_after_a_plan(heading, "Arguments with dad about her phone."), "{heading}");
        }
        // and a child's report's, joined by attention or behaviour; alone, those head a notice
        for heading in
            ["Learning", "Play", "Strengths", "Learning, attention and behaviour", "Attention and concentration"]
        {
            assert!(names_narrative(heading), "{heading}");
        }
        for heading in ["ATTENTION", "Communication", "Learning points for the team"] {
            assert!(!names_narrative(heading), "{heading}");
        }
    }

    #[test]
    fn a_handover_s_situation_a_home_visit_s_and_daily_living_s_sections_are_narrative() {
        // Each lost a fact of the fifty-fifth or the fifty-sixth held-out set, blind.
        for heading in [
            "S - Situation",
            "Condition at discharge",
            "Home environment",
            "Client goals",
            "Psychosocial and spiritual",
            "On admission",
            "Self-care",
            "Domestic life",
        ] {
            assert!(opens_narrative_after_a_plan(heading, "Dim lighting on the stairs."), "{heading}");
        }
        // A sign-off on its own line opens no section.
        assert!(!names_narrative("Best wishes"));
    }

    #[test]
    fn a_sub_heading_of_the_plan_s_list_goes_on_with_the_plan() {
        let read = |text: &str| {
            let mut sections = Sections::default();
            sections.line("REPORT", LineKind::Heading);
            sections.line("", LineKind::Blank);
            text.lines().map(|line| (sections.line(line, classify(line)), sections.in_plan())).last()
        };
        assert_eq!(read("Recommendations\n1. A wheelchair.\nSupports:\n2. Support worker."), Some((false, true)));
        // After a blank line, or naming a narrative section, it opens its own section.
        assert_eq!(read("Recommendations\n1. A wheelchair.\n\nSupports:\n2. Support worker."), Some((false, false)));
        assert_eq!(read("Recommendations\n1. A wheelchair.\nExamination:\nPale."), Some((true, false)));
    }

    #[test]
    fn a_paragraph_opening_with_its_section_s_name_is_narrative() {
        assert_eq!(
            narrative(
                "Plan\nOn examination she looked pale. Visual fields full.\nOn the ward today.\nOn review, settled."
            ),
            // "On review": what the reviewing clinician found, as under a review's heading.
            [false, true, false, true]
        );
    }

    #[test]
    fn sentence_case_headings_with_an_aside_open_the_narrative_or_the_plan() {
        assert!(opens_narrative_after_a_plan("Presenting complaint (from mother)", "Stays in bed."));
        // The plan's opens without closing what came before: a shorthand finding has the shape.
        let mut sections = Sections::default();
        for line in ["LETTER", "", "Examination", "Pale.", "", "What to expect (explained to him and his wife)"] {
            sections.line(line, classify(line));
        }
        assert!(sections.in_plan());
        assert!(sections.line("- Keep out of the sun", LineKind::ListItem));
        // Too long a name is a sentence, not a heading.
        let mut sections = Sections::default();
        for line in ["LETTER", "", "The plan was explained to him and his wife today (in clinic)"] {
            sections.line(line, classify(line));
        }
        assert!(!sections.in_plan());
        // A paragraph's line speaking of someone, with an aside, opens no narrative.
        assert_eq!(
            narrative("Plan\nSee later.\n\nSeen with her mother (who is a nurse)\nRefreshments in the foyer."),
            [false, false, false, false, false]
        );
    }

    #[test]
    fn an_entry_opens_with_a_time_or_a_weekday() {
        for line in [
            "Mon 07:30 (night staff)",
            "22:40 - call returned",
            "Tuesday 3 March",
            "12/03 14:20 RMN",
            "[09:15] Phone call",
            "Mon night (carer)",
            "Call 1 - Day 1, 07:40 - caller: her husband. Triage nurse: N (fictional)",
            "Visit 2 (14:10)",
            "Visit 2 (three days later)",
            "Session 1 (individual, her room, 30 minutes)",
            "Day 3",
            "Entry 1 - referral and ward information",
            "Day 4, 19:02 - Patient NA:",
            "Day 9: feel like myself. Lots of energy, sorted the garage.",
            "Day 1 (period): like a light switched back on by the afternoon.",
            "Ward entry, day 1 - Sister Halloran-Pike (fictional), 09:40",
            "Phone call with mum",
            "GP home visit entry - Dr Vale-Okonkwo (fictional)",
            "Visit 2, Tuesday",
            "Session 3, week 6",
            "Monday (heatwave - 31 degrees)",
            "Friday, week 0",
            "Dermatology nurse's note - Nurse A (fictional), treatment day",
            "Coordinator's note",
            "Nurse's notes",
            "Week 1, Thu: Normal. Chatty, did the crossword with me.",
            "Week 3, Thu 16:30: GP visited.",
            "Day 3, 14 March: slept badly.",
            "Week 2, day 4: calmer.",
            "Sun - another screaming one, after a late night at her cousin's party",
            "Friday - support worker (evening)",
            "Monday - day centre (note sent back in the book)",
        ] {
            assert!(opens_an_entry(line), "{line}");
        }
        for line in [
            "Sun exposure limited.",
            "Mon - Fri 9am to 5pm",
            "Monday – Friday: 01234 567890",
            "Sat - 94% on air",
            "Sat 94% on air",
            "Thurs. 94% on air",
            "7.30 mg daily",
            "Monday clinic was cancelled today",
            "12/03/2026",
            "Ratio 1:2.5",
            "Grade 3 mucositis since the last cycle",
            "Table 1 shows the results.",
            "Ward 7",
            "Table 1 - results",
            "Stage 2 (T2 N0)",
            "Stage 2: T2 N0",
            "",
            "Home visit was cancelled.",
            "home visit today",
            "Please contact us the same day if:",
            "Visit 2, the wound had closed.",
            "Visit 2, she was calmer than on the first but still tearful",
            "Ward 7, bay 3",
            "Our home visit was cancelled",
            "GP home visit was cancelled",
            "Please note:",
            "Please note - the clinic has moved",
            "To book an appointment, call 0113 496 0000",
            "To arrange a visit - ring the ward",
            "Your next appointment, 3 June",
            "Call 111, day or night",
            "Visit 2, bring your letter",
            "Important notes",
            "Safeguarding notes",
            "Additional notes:",
            "Monday (bank holiday) - clinic closed",
            "Ward 7, note: bring your letter",
            "Visit 2, as agreed: 3 reviews",
            // A number alone in the aside is no time: a phone menu's option, a room, a floor.
            "Call 111, option 2: urgent mental health support.",
            "Session 1, room 12: Introduction to the course",
        ] {
            assert!(!opens_an_entry(line), "{line}");
        }
        assert_eq!(
            narrative("Plan\nSee later.\nMon 09:40 call\nTired to the bone.\n\nPlan\nRing back."),
            [false, false, true, true, false, false, false]
        );
    }

    #[test]
    fn a_number_s_first_bytes_rule_out_only_lines_whose_words_do() {
        for line in [
            "Day 3",
            "Call 1 - Day 1",
            "Visit (2)",
            "Entry\t-1",
            "Day\u{a0}3",
            "Day \u{2003}3",
            "Day\x0B3",
            "She has 3",
        ] {
            let mut first = words(line);
            let (head, number) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
            let shaped = head.starts_with(|c: char| c.is_ascii_uppercase())
                && head.bytes().all(|b| b.is_ascii_alphabetic())
                && without_marks(number).starts_with(|c: char| c.is_ascii_digit());
            assert!(!shaped || may_open_with_a_number(line.as_bytes()), "{line}");
        }
        assert!(!may_open_with_a_number(b"She has three") && !may_open_with_a_number(b"Day: 3"));
    }

    #[test]
    fn a_heading_speaking_of_the_patient_or_reading_results_is_narrative() {
        for heading in [
            "How he is",
            "Discussion with him and his daughter",
            "What matters to him",
            "CONCLUSION",
            "Summary",
            "Outcome",
            "Pre-dive check",
            "What we found",
            "What we saw",
            "What it means",
            "What it is called",
            "Physio review - two weeks",
            "Reason for study",
            "Clinical details",
            "Indication",
            "Usual diet",
            "Background",
            "Social",
            "What you told me",
            "Clinician's summary",
            "Procedure",
            "Operative technique",
            "LEFT HIP",
            "Right knee",
            "Both eyes",
            "Abdomen",
            "Index interview (Day 0, 14:30)",
            "Clinic interview",
            "Why now",
        ] {
            assert!(opens_narrative_after_a_plan(heading, "Line site clean and dry."), "{heading}");
        }
        // A pronoun is a whole word: "Theme" holds none. A summary only when it opens the
        // heading: "DISCHARGE SUMMARY" names the document in its letterhead.
        assert!(!names_narrative("Theme park visit"));
        // Nor "you": a letter to the patient has "Your appointment".
        assert!(!names_narrative("Your appointment"));
        assert!(!names_narrative("DISCHARGE SUMMARY") && names_narrative("Summary of the sessions"));
        // Nor a request's administrative details.
        assert!(!names_narrative("Contact details"));
        // A review's or an interview's heading by its name's last word, not an appointment's.
        for heading in [
            "Your review appointment",
            "Review date",
            "Next review",
            "Review of the leaflet",
            "Interview room booked",
            "DIABETES RESEARCH INTERVIEW TEAM",
            "Next interview",
        ] {
            assert!(!names_narrative(heading), "{heading}");
        }
        // A site names one alone, with its side: not what to do for it, nor whose it is.
        assert!(!names_narrative("Protecting the left eye") && !names_narrative("Left side"));
        assert!(!names_narrative("Your skin") && !names_narrative("Your eyes"));
        // A procedure's steps by the heading's whole name or a phrase, not an administrative one.
        for heading in ["Cancellation procedure", "Operation hours", "HOURS OF OPERATION", "Technique tips"] {
            assert!(!names_narrative(heading), "{heading}");
        }
    }

    #[test]
    fn a_form_s_question_opens_its_answer() {
        assert_eq!(
            narrative(
                "Plan\nSee later.\n\n2. How often and how long?\nMany times a day.\n\nWhat happens next?\nSee later."
            ),
            [false, false, false, true, true, false, true, true]
        );
        // A question naming the plan or safety opens nothing and closes no history.
        assert_eq!(
            narrative("History\nShe lives alone.\n\nAny safety worries?\nThe gas was left on twice."),
            [true, true, false, true, true]
        );
        // A question about treatments in the plural is still no plan's (a plan's name read in the
        // plural would have left its answers to their words).
        assert!(opens_narrative_after_a_plan("3. Which treatments have helped the most?", "The one from the chemist."));
        // Not a question inside a paragraph, nor a long one.
        assert_eq!(narrative("Plan\nSee later.\nIs this normal?\nRing back."), [false, false, false, false]);
        assert!(
            question_heading("Did she seem to hear you, or look at you, or answer when you said her name?").is_none()
        );
    }

    #[test]
    fn a_form_s_ticked_box_is_its_answer() {
        assert_eq!(
            narrative("Plan\nSee later.\nB3. Driving: [x] I have nodded at traffic lights.\nB4. Work: [ ] none"),
            [false, false, true, false]
        );
        // a checklist's unticked item is its answer too, after a ticked one in the same list and
        // only where its box opens the line; not a blank reply slip's
        assert_eq!(
            narrative(
                "Plan\nSee later.\n[x] Opened the bottle\n[ ] Could tell the time of the next dose\n\
                 - ☐ Read the label\nReview [ ] later\n\n[ ] I would like an interpreter"
            ),
            [false, false, true, true, true, false, false, false]
        );
    }

    #[test]
    fn a_form_s_answer_box_is_narrative() {
        assert_eq!(
            narrative(
                "Plan\nSee later.\n[ It's like being on a boat that never docks. ]\nWhat do you do? [ I swap words. ]"
            ),
            [false, false, true, true]
        );
        assert_eq!(narrative("Plan\nSee later.\nSee table [1]\n[ draft ] of the letter"), [false, false, false, false]);
    }

    #[test]
    fn safety_advice_and_monitoring_are_the_plan() {
        for heading in [
            "Fire safety",
            "Safety netting",
            "MONITORING",
            "Referrals",
            "Follow-up",
            "Discussed",
            "WHAT TO EXPECT",
            "Handover to the ward",
            "What you should do",
            "What we are doing",
            "What to do next",
            "What you can do at home",
        ] {
            let mut sections = Sections::default();
            sections.line("ORDER", LineKind::Heading);
            sections.line("", LineKind::Blank);
            sections.line(heading, classify(heading));
            assert!(sections.in_plan(), "{heading}");
        }
        // A plan's phrase is read with its subject: a name holds "will do", a form's question
        // "you should do" (its answer is the patient's account).
        assert!(!names_plan("Will Dobson (social worker)"));
        // "What to do" names the plan only as the whole heading: not a letter's small print.
        assert!(names_plan("What to do") && names_plan("What to do:"));
        assert!(!names_plan("What to do when you arrive") && !names_plan("What to do about parking"));
        assert_eq!(narrative("What do you think you should do?\nStay off work a while."), [true, true]);
    }

    /// A form's question about comments opens its answer's narrative, as any question does: a
    /// report's comment is the plan only as a line's label (`lexicon::COMMENT_LABELS`).
    #[test]
    fn a_question_asking_for_comments_opens_its_answer() {
        assert_eq!(narrative("Any other comments?\nThe house is a mess these days."), [true, true]);
    }

    /// An entry's heading by when it came after the one before: the whole line.
    #[test]
    fn an_entry_may_be_headed_by_the_day_after() {
        for heading in ["The following Monday", "Next day", "The next morning:", "Following week", "THE NEXT DAY"] {
            assert!(opens_an_entry(heading), "{heading}");
        }
        for line in ["Next week we will review.", "The following Monday clinic", "Next steps", "The Monday"] {
            assert!(!opens_an_entry(line), "{line}");
        }
    }

    /// A section's name on the line after a sentence's end opens it, with no blank line between;
    /// after a line that stops mid-sentence it is the paragraph's next words.
    #[test]
    fn a_heading_may_follow_a_sentence_s_end_without_a_blank_line() {
        let mut sections = Sections::default();
        for line in ["LETTER", "", "Diagnosis", "Asthma is less likely.", "Plan"] {
            sections.line(line, classify(line));
        }
        assert!(sections.in_plan());
        assert_eq!(narrative("Seen in clinic today.\nMental state\nCalm."), [false, true, true]);
        assert_eq!(narrative("Seen in clinic with the\nMental state\nCalm."), [false, false, false]);
        // Short lines missing their full stop are no headings, though a word names a section.
        assert_eq!(narrative("Please bring your glasses.\nCheck in at reception on arrival\nFree."), [false; 3]);
        assert_eq!(narrative("Thanks for the update.\nProgress report attached\nFree."), [false; 3]);
    }

    #[test]
    fn a_signature_ends_the_section_and_people_are_no_findings() {
        let text = "Impression\nSeen by: Nurse Kay Lim\nProvider: Dr. A Lee\nLow mood.\nConsultant Psychiatrist\nThis letter is confidential.";
        assert_eq!(narrative(text), [true, false, false, true, false, false]);
        // A labelled finding in capitals does not end the section.
        assert_eq!(narrative("EXAMINATION\nRS: NAD\nSettled with toys."), [true, true, true]);
    }

    #[test]
    fn other_sections_and_labels_are_not_narrative() {
        assert_eq!(narrative("Plan\nWe will see her again.\nHistory: fell on the stairs."), [false, false, true]);
        assert_eq!(narrative("Community Mental Health Team\nSocial\nLives with partner."), [false, false, false]);
        assert!(!names_narrative("Medication"));
        // The document's title opens no section.
        let mut sections = Sections::default();
        assert!(!sections.line("ADMISSION HISTORY AND PHYSICAL", LineKind::Heading));
        assert!(!sections.line("Reason for admission given.", LineKind::Prose));
        assert!(names_narrative("Mental state examination"));
        assert!(names_narrative("O/E"));
        assert!(names_narrative("Primary survey"));
    }

    #[test]
    fn names_are_compared_ignoring_ascii_case() {
        // `names_narrative` compares in place, which equals lower-casing the name only while
        // both lists are lower case.
        for word in NARRATIVE_SECTIONS.iter().chain(NARRATIVE_SECTION_PHRASES) {
            assert_eq!(*word, word.to_ascii_lowercase(), "{word}");
        }
        for name in ["MENTAL STATE", "Mental State", "mEnTaL sTaTe", "HPI", "o/E", "Family HISTORY"] {
            assert!(names_narrative(name), "{name}");
        }
        for name in ["MENTAL", "Mentalstate", "Historyx", "État mental", ""] {
            assert!(!names_narrative(name), "{name}");
        }
    }

    #[test]
    fn the_label_asked_is_the_lines_own() {
        let mut sections = Sections::default();
        sections.line("CLINIC LETTER", LineKind::Heading);
        let line = "  - Plan: review in clinic.";
        sections.line(line, classify(line));
        assert_eq!(sections.label_names_plan(line), Some(("Plan: ", true)));
        sections.line("", LineKind::Blank);
        assert_eq!(sections.label_names_plan(""), None);
    }

    #[test]
    fn a_label_names_what_its_name_names() {
        // `prose` asks a line's label with its colon and space, and not again without them.
        for phrase in NARRATIVE_SECTION_PHRASES.iter().chain(PLAN_SECTION_PHRASES) {
            assert!(!phrase.contains(':'), "{phrase}");
        }
        for name in ["Plan", "Next steps", "Follow up", "For GP", "What to expect", "History", "Safety-netting"] {
            assert_eq!(NAMES.named_in(&format!("{name}: ")), NAMES.named_in(name), "{name}");
        }
    }

    #[test]
    fn a_signature_is_two_to_six_capitalised_words() {
        // Seven words are read as a longer line, not a signature: the section goes on.
        let seven = "Senior Consultant In Child And Adolescent Psychiatry";
        assert_eq!(narrative(&format!("EXAMINATION\n{seven}\nLow mood.")), [true, true, true]);
        let six = "Consultant In Child And Adolescent Psychiatry";
        assert_eq!(narrative(&format!("EXAMINATION\n{six}\nLow mood.")), [true, false, false]);
        // One word is no signature either.
        assert_eq!(narrative("EXAMINATION\nSettled\nLow mood."), [true, true, true]);
    }

    proptest::proptest! {
        /// `name_end` cuts where splitting at the name's end marks, and then at " - ", did.
        #[test]
        fn a_name_ends_where_the_character_split_ended_it(name in "[a :(\\-\u{2013}\u{2014}\u{2012}\u{e9}]{0,12}") {
            let split = name.split([':', '(', '\u{2013}', '\u{2014}']).next().unwrap_or(&name);
            let split = split.split(" - ").next().unwrap_or(split);
            proptest::prop_assert_eq!(&name[..name_end(name.as_bytes())], split);
        }
    }
}
