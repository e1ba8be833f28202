//! Inputs an attacker would choose to make the optimizer slow or large: each is one short piece
//! repeated to any length. Read by the adversarial property tests and benchmark, which include
//! this file with `#[path]`.
#![allow(dead_code)]

/// Name and repeated piece of each adversarial input.
pub const PATTERNS: &[(&str, &str)] = &[
    ("one repeated negation", "no "),
    ("negations in one endless clause", "denies pain and "),
    ("values with unclosed brackets", "1 (a "),
    ("unclosed brackets", "("),
    ("closed brackets", "(a) "),
    ("one endless word", "a"),
    ("one endless digit run", "7"),
    ("short lines", "x\n"),
    ("blank lines", "\n\n"),
    ("sentence ends", "No. "),
    ("abbreviations", "Dr. "),
    ("clauses", "no, "),
    ("drugs and doses", "metformin 500 mg "),
    ("allergies", "allergic to "),
    ("table rows", "| a | 1 |\n"),
    ("headings", "HPI:\n"),
    ("list items", "- a\n"),
    ("boilerplate", "Thank you. "),
    ("non-ASCII words", "é "),
    ("rewritable phrases", "due to the fact that "),
    ("header fields", "MRN: 1 | "),
    // found by the fuzz target: a value after a leading clause mark
    ("leading clause marks", ";2l "),
    // heading-like lines for the section rule (`section.rs`): each opens or closes a section
    ("sentence-case headings", "Mood\n\n"),
    ("numbered headings", "4. EXAMINATION\n"),
    ("signature lines", "Consultant Psychiatrist\n"),
    // the subject rule (`subject.rs`) reads every clause's start of a sentence, and the
    // consultation's phrases over it: one endless sentence of clauses about someone
    ("clauses about someone", "as she said, "),
    ("clauses with the subject left out", "agreed to the plan; "),
    // entries of a log (`section.rs`): each line opens a section
    ("log entries", "Mon 09:40\n"),
    ("numbered log entries", "Visit 2 (later)\n"),
    // a quotation left open over one endless line of sentences (`prose.rs`), each read once for
    // its quotes; and negations closing "which" clauses, each reaching two clauses back
    // (`protect.rs`)
    ("an open quotation", "\"I am fine. "),
    ("negations closing which clauses", "the test, which was negative, "),
    // phrases of time before a subject and certainty words (`subject.rs`, `impression.rs`)
    ("opening phrases", "On the phone he said. "),
    ("certainty openers", "Possible: "),
    // found by the review: clauses of marks alone, each a clause start whose leading marks the
    // subject rule skips (quadratic while that skip was unbounded)
    ("clauses of marks", "; "),
    // stop 32's rules: a negated list read on over its commas (`protect.rs`), each comma looking
    // at the next clause once; a patient's "I" (`subject.rs`); a form's ticked boxes, a diary's
    // numbered entries and questions as headings (`section.rs`); requests and a recurring event
    ("negated lists", "no nuts, popcorn or grapes, "),
    ("first-person clauses", "and I would wake up, "),
    ("ticked boxes", "[x] tired [ ] "),
    ("diary entries", "Day 9: felt low\n"),
    ("question headings", "How often?\n\n"),
    ("requests and recurrences", "could you please keep checking "),
    // stop 33's rules: a negated clause's subject looked for a few words back (`protect.rs`); a
    // referral at each clause's start after a semicolon, an escalation, a plan "to be" done
    // (`impression.rs`); one endless paragraph of the patient's account, each sentence read
    // once for its subject (`prose.rs`); entries headed by their kind, headings with an aside
    // (`section.rs`); doses in words (`protect.rs`); episodic courses (`subject.rs`)
    ("negated subjects", "and the usual pill box was not used "),
    ("clauses opening referrals", "x; referral to ENT "),
    ("escalations and plans to be done", "Registrar informed. Bloods to be repeated. "),
    ("a paragraph of the patient's account", "She fell. The stairs are hard. "),
    ("entries named by their kind", "Ward entry, day 1\n"),
    ("headings with an aside", "What to expect (explained)\n\n"),
    ("doses in words and episodic courses", "one sachet, come and go "),
    // stop 34's rules: an "a" opening a quantity (`protect.rs`); entries headed by their number
    // and a comma's aside or by up to three words of their kind, weekdays in full with an aside,
    // headings naming a site of the body (`section.rs`)
    ("quantities after an article", "leaked a little, a few "),
    ("entries with a comma's aside", "Visit 2, Tuesday\n"),
    ("entries named by several words", "GP home visit visit entry\n"),
    ("weekdays with an aside", "Monday (heat - 31 degrees)\n"),
    ("headings naming a site", "LEFT HIP\n\n"),
    // an interview's questions and answers, judgements of fitness (`prose.rs`, `impression.rs`)
    ("interview answers and fitness", "Q: how?\nA: well enough to go\n"),
    ("entries named as someone's note", "Nurse's note - ward\n"),
    ("weekdays with a comma's aside", "Friday, week 0\n"),
    // a time in words, an entry's colon-closed aside, a short subject before a value's label,
    // compounds named by their first part (`protect.rs`, `section.rs`)
    ("times in words", "ten days "),
    ("entries with a colon-closed aside", "Week 1, Thu: Normal.\n"),
    ("short subjects before values", "Blood loss, total 3 mL, "),
    ("compounds with a relating part", "steroid-induced gluten-free "),
    // stop 36's rules: restrictions, comparisons with the usual, spans of time with no number,
    // what moves the writer, measures in words (`protect.rs`); a questionnaire's numbered turns
    // (`prose.rs`)
    ("restrictions and comparisons", "no sauna; pool only, longer than usual, "),
    ("spans, reactions and measures in words", "over years make me pressure high "),
    ("numbered questions and answers", "Q1. Which?\nA. Chewing. Sniffing.\n"),
    // stop 37's rule: advice to seek care, a carer looking back over three words (`protect.rs`)
    ("advice to seek care", "see see the doctor nurse "),
    // a negation after "but" reaching back over what it contrasts (`protect.rs`)
    ("contrasts after but", "watch but not "),
    ("comings and goings", "on and off and on comes and goes in waves "),
    // a diagnosis head that the words after it make an errand or a team's name (`protect.rs`)
    ("diagnosis heads before an errand or a team", "failure to infection control team "),
    // stop 38's rules: how long an episode lasted and how it ended, advice to talk to care
    // (`protect.rs`); a passive "by" its method, relatives in the plural (`subject.rs`)
    ("episodes timed and ended", "lasted about a minute it had stopped "),
    ("advice to talk to care", "talk to the medical talk "),
    ("passives by a method and relatives", "Removed by push; Sisters well, "),
    // a hedge before ", but", a frequency in words (`protect.rs`); log entries opening with a
    // form in "-ing", relief opening a sentence (`subject.rs`, `protect.rs`)
    ("contrasts over a comma and frequencies", "probably unrelated, but cannot three times daily "),
    ("entries in -ing and relief", "Fri - Cycling is fine. Better bent over.\n"),
    // stop 39's rules: a negation's scope widened by ", even", a short first clause before a
    // negated one, a comparison with an earlier time (`protect.rs`)
    ("negations widened by even", "can't sleep, even "),
    ("short clauses before a negation", "Seen, managed without "),
    ("comparisons with an earlier time", "deeper than at than before "),
    // stop 40's rules: a comparison with what is usual at someone's age, a family's history in
    // the idiom, a trigger that troubles someone (`protect.rs`); a heading after a sentence's
    // end, an entry headed by the day after (`section.rs`)
    ("comparisons with an age", "above his for age "),
    ("families and troubles", "runs in the family bother him "),
    ("headings after sentences and following entries", "Seen.\nPlan\nThe following Monday\n"),
    // and the older sets' last losses: a body word before what it does, a phrase of small words
    // (`protect.rs`)
    ("body functions and journeys", "Hand function on the way Head "),
    // stop 41's rules: who did something after "by", a journey's ending (`protect.rs`); an act of
    // care in the first person (`subject.rs`); the treatment as a plan's subject, an instruction
    // with "must be", a note that someone was told (`impression.rs`); a diary's weekday and dash
    // (`section.rs`)
    ("agents and journeys", "given by the district nurse on the way in by her "),
    ("first-person acts of care", "We have also offered "),
    ("treatments, instructions and notes told", "Plan\nThe main treatment is rest. Door must be locked. GP told - "),
    ("diary days and dashes", "Sun - Mon - Fri 9am\n"),
    // and set 54's: a request to contact a relative (`protect.rs`), a label's aside in brackets
    // (`text.rs`), a plan told ahead with "will be" (`impression.rs`)
    ("contacts, asides and plans told ahead", "Call mum (from dad at drop-off): His father will be offered "),
    // stop 42's: a comparison with an earlier record (`protect.rs`), an area of daily living as a
    // field (`prose.rs`); care asked of a carer, a descriptor before the verb (`subject.rs`), a
    // drug's form before its name (`text.rs`), a sub-heading of the plan (`section.rs`)
    ("comparisons with a record and areas of living", "compared with the old - Money: compared to "),
    ("carers asked, descriptors and drug forms", "I have asked the nurse to Bright, plays Inj. Tab. "),
    ("sub-headings of the plan", "1. Support worker.\nSupports:\n"),
    // lines a fixed width broke, each running on into the next: one line of the whole input
    // (`text.rs`)
    ("lines broken at a fixed width", "deep ache in the right groin worse on the stairs and after sitting and\n"),
    // stop 43's: quoted e-mail, nested and bare, with a value's sign; a transcript's turns, each
    // a question answered, with a numbered item after the time-code; markup around words and a
    // YAML block's key (`text.rs`, `prose.rs`, `section.rs`)
    ("quoted e-mail", "> > Dad locked Mum out of the bedroom and told her to go back to\n>\n> > 50% "),
    ("transcript turns", "[00:01:22] FY1: Any diarrhoea? [00:01:23] 2. Caller: Yes, watery um, erm, "),
    ("markup, leaders and block keys", "<item>Margins ........ involved</item><td>No monitoring: |\n"),
    // a time before the subject, a clause after a score, a graded range, a request
    // (`subject.rs`, `protect.rs`, `impression.rs`)
    ("times, scores, ranges and requests", "The next day he MoCA 19/30, losing mild to moderate to grateful for Tell "),
    // stop 45's: a sentence adverb before the subject, what sets a complaint off, a phrase of
    // circumstance, care given and work (`subject.rs`)
    (
        "adverbs, triggers and care given",
        "And honestly Sadly every time each time we whenever Under the We gave Works as ",
    ),
    // stop 46's: a label with a curly apostrophe, a request to tell the patient, a plan ending
    // with the word that advises it, a verb in -s before the patient's own (`text.rs`,
    // `impression.rs`, `subject.rs`)
    (
        "labels, messages passed on and advice",
        "Surgeon\u{2019}s brief: Please let him know that Please pass on that Rest advised. Weighs herself ",
    ),
    // stop 47's: instructions of care and tasks for staff, a chance in words, a count at night,
    // a quotation in brackets, a ticked box before empty ones, when in a month (`impression.rs`,
    // `protect.rs`, `text.rs`, `section.rs`)
    (
        "instructions, tasks, chances and boxes",
        "Please consider Pharmacist to speak two in three six times at night (\"in a month [x] a\n[ ] ",
    ),
    // stop 48's: a numbered question and its answer, a count against a norm, "the next day",
    // a clause completing a list, a note's "Taken" and a SOAP letter as a heading (`prose.rs`,
    // `protect.rs`, `edit.rs`, `subject.rs`, `section.rs`)
    (
        "answers, norms, days and completing clauses",
        "2. Why? worse\nAnswer: Yes, Counts far above the level expected the next day, a and b Taken to\nS:\n",
    ),
];

/// Name, heading and repeated piece of each input that is one endless section of clinical
/// narrative (`section.rs`), where every sentence is a finding that no strategy drops.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("one endless narrative line", "History", "She avoids the stairs and cries most days. "),
    ("one endless narrative section", "HISTORY OF PRESENT ILLNESS", "Settled with toys.\n"),
    ("narrative paragraphs", "Mental state examination", "Hated haircuts.\n\n"),
];

/// A document's title, then `heading`, then `piece` repeated to about `bytes` bytes.
pub fn in_section(heading: &str, piece: &str, bytes: usize) -> String {
    format!("CLINIC LETTER\n\n{heading}\n{}", repeated(piece, bytes))
}

/// `piece` repeated to `bytes` bytes (a little less, so the text ends on a whole piece).
pub fn repeated(piece: &str, bytes: usize) -> String {
    piece.repeat((bytes / piece.len()).max(1))
}
