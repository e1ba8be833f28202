//! Word-level edits of one sentence at a level. No level touches a protected word (see
//! `protect`).

use super::lexicon::{HESITATIONS, REWRITES};
use std::borrow::Cow;

use super::class;
use super::protect::{Protection, Word, LEXICON};
use super::text::{bare, is_one_of, recycle};
use super::tidy::Joiner;
use super::Level;

/// Runs of consecutive protected words, as they stand in `sentence` (whose words, `words`, are
/// separated by single spaces): the protected items the quality score looks for in the output.
/// A run's leading or trailing `,` or `;` (a word of its own or attached) is no part of the fact:
/// a sentence that starts or ends there loses it (`tidy`). Found by the fuzz target: ";2l" is
/// written "2l", "; 2.2 ;" and "2 , x" (the last clause dropped) are written "2.2" and "2".
pub fn protected_runs(sentence: &str, words: &[&str], protection: &Protection, runs: &mut Vec<String>) {
    let mut push = |run: &str| {
        let run = run.trim_matches([',', ';', ' ']);
        if !run.is_empty() {
            runs.push(run.to_owned());
        }
    };
    let mut offset = 0;
    let mut run: Option<(usize, usize)> = None;
    for (word, info) in words.iter().zip(&protection.words) {
        let span = (offset, offset + word.len());
        offset = span.1 + 1;
        run = match (run, info.protected) {
            (Some((start, _)), true) => Some((start, span.1)),
            (None, true) => Some(span),
            (Some((start, end)), false) => {
                push(&sentence[start..end]);
                None
            }
            (None, false) => None,
        };
    }
    if let Some((start, end)) = run {
        push(&sentence[start..end]);
    }
}

/// What becomes of one input word. Borrowed pieces only: this runs for every word of every
/// request, and a `String` per word showed up in profiles.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot<'a> {
    /// The word, unchanged.
    Word(&'a str),
    /// A replacement followed by the word's own trailing punctuation.
    Replaced(&'static str, &'a str),
    Gone,
}

/// The sentence after the level's edits: verbose phrases rewritten and hedges removed (every
/// level), articles removed and clauses without clinical content dropped (BALANCED and up), all
/// function words removed (AGGRESSIVE and up).
/// `sentence` is squeezed (words separated by single spaces) and `words` is its split on spaces.
/// A sentence left as written is borrowed: most kept sentences are, and a copy of each cost
/// 0.21 M instructions more in three corpus passes.
/// The words' slots are kept in `spare`'s allocation, lent to each sentence in turn.
pub fn sentence<'a>(
    sentence: &'a str,
    words: &[&str],
    protection: &Protection,
    level: Level,
    spare: &mut SpareSlots,
) -> Cow<'a, str> {
    // Every word protected (every sentence that names a concept, for one): every edit below
    // leaves protected words alone, so the sentence stays as written, without looking for
    // phrases in it.
    if protection.words.iter().all(|word| word.protected) {
        return Cow::Borrowed(sentence);
    }
    let mut slots = recycle(std::mem::take(&mut spare.0));
    slots.extend(words.iter().map(|w| Slot::Word(w)));
    let edited = edited(sentence, words, protection, level, &mut slots);
    spare.0 = recycle(slots);
    edited
}

/// An empty buffer for `sentence`'s slots, which borrow its words (`text::recycle`): a Vec of
/// slots per edited sentence cost 0.20 M instructions more in three corpus passes.
#[derive(Default)]
pub struct SpareSlots(Vec<Slot<'static>>);

impl SpareSlots {
    /// Room for a sentence of `words` words.
    pub fn with_capacity(words: usize) -> Self {
        Self(Vec::with_capacity(words))
    }
}

/// `sentence` with a slot for each of its words, each the word as written.
fn edited<'a, 'w>(
    sentence: &'a str,
    words: &[&'w str],
    protection: &Protection,
    level: Level,
    slots: &mut [Slot<'w>],
) -> Cow<'a, str> {
    let info = &protection.words;
    rewrite_phrases(sentence, words, info, slots);
    match level {
        Level::Minimal | Level::Conservative => {}
        Level::Balanced => drop_clauses(words, protection, slots, BALANCED_CLAUSE_CLINICAL),
        Level::Aggressive => drop_clauses(words, protection, slots, AGGRESSIVE_CLAUSE_CLINICAL),
        Level::Exhaustive => drop_clauses(words, protection, slots, usize::MAX),
    }
    if level >= Level::Aggressive {
        drop_parentheticals(words, info, slots);
        abbreviate(words, info, slots);
    }
    for (i, word) in words.iter().enumerate() {
        if slots[i] == Slot::Word(word) {
            if let Some(left) = dropped(word, &info[i], level) {
                slots[i] = left;
            }
        }
    }
    // Nothing edited (every sentence that names a concept, for one): the sentence as written.
    // Tidying it would still respace its marks (" ;" → ";"), which alters a verbatim fact.
    if slots.iter().zip(words).all(|(slot, word)| *slot == Slot::Word(word)) {
        return Cow::Borrowed(sentence);
    }
    // A sentence that lost its first words gets a capital again, unless its new first word is
    // protected: protected words keep their case too.
    let first_kept = slots.iter().position(|s| match s {
        Slot::Word(w) => !w.is_empty(),
        Slot::Replaced(a, b) => !a.is_empty() || !b.is_empty(),
        Slot::Gone => false,
    });
    let capitalise = words.first().and_then(|w| w.chars().next()).is_some_and(char::is_uppercase)
        && first_kept.is_some_and(|i| !info[i].protected);
    // Nor when it holds a protected word: the closing bracket, put at the sentence's end, can land
    // inside a fact (twice found by the fuzz target); a stray "(" costs less than a changed fact.
    let ends_protected = info.iter().any(|w| w.protected);
    let mut joined = Joiner::with_capacity(sentence.len());
    for &slot in &*slots {
        match slot {
            Slot::Word(w) => joined.piece(w, ""),
            Slot::Replaced(a, b) => joined.piece(a, b),
            Slot::Gone => joined.gap(),
        }
    }
    // Brackets are repaired only if the sentence had them balanced: "1) metformin" keeps its ")".
    Cow::Owned(joined.finish(capitalise, brackets_balance(sentence) && !ends_protected))
}

/// Whether `text`'s brackets are properly nested: as many `(` as `)`, and no `)` before its `(`
/// (")(" is no pair to repair: repairing it dropped a protected ")", found by the fuzz target).
fn brackets_balance(text: &str) -> bool {
    let mut depth = 0isize;
    for b in text.bytes() {
        match b {
            b'(' => depth += 1,
            b')' if depth == 0 => return false,
            b')' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

/// What is left of a word with no other edit if it goes at `level`: nothing, or under AGGRESSIVE
/// the `,`, `;` or `.` it ends with (`length,` → `,`, so no clause boundary is lost with it).
/// Below AGGRESSIVE only whole words (no attached punctuation) go, and a hesitation with its
/// comma (`lexicon::HESITATIONS`: "um," marks no clause).
fn dropped<'a>(word: &'a str, info: &Word, level: Level) -> Option<Slot<'a>> {
    if info.protected || !goes(info, level) {
        return None;
    }
    if info.is(class::PLAIN) {
        return Some(Slot::Gone);
    }
    let core = bare(word);
    let ending = &word[core.len()..];
    if ending == "," && word.starts_with(core) && is_one_of(core, HESITATIONS) {
        return Some(Slot::Gone);
    }
    let only_trailing =
        word.starts_with(core) && !core.is_empty() && ending.bytes().all(|b| matches!(b, b',' | b';' | b'.'));
    (level >= Level::Aggressive && only_trailing).then_some(Slot::Replaced("", ending))
}

/// Whether an unprotected word goes at `level`, by its classes: hedges at every level, articles
/// from BALANCED, function words and filler from AGGRESSIVE.
fn goes(word: &Word, level: Level) -> bool {
    word.is(class::HEDGE)
        || (level >= Level::Balanced && word.is(class::ARTICLE))
        || (level >= Level::Aggressive && word.is(class::STOPWORD | class::FILLER))
}

fn ascii_lower(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Applies `REWRITES` where a phrase covers whole words the level may edit.
fn rewrite_phrases<'a>(text: &str, words: &[&'a str], info: &[Word], slots: &mut [Slot<'a>]) {
    // Word offsets are needed only once a phrase is found, which most sentences never have.
    let mut starts = Vec::new();
    for m in LEXICON.rewrites.find_iter(text) {
        if starts.is_empty() {
            starts = word_starts(words);
        }
        let Ok(first) = starts.binary_search(&m.start()) else { continue };
        // The last word the phrase touches; a phrase ending in a space covers the word before it.
        let end = if text[..m.end()].ends_with(' ') { m.end() - 1 } else { m.end() };
        let last = match starts.binary_search(&end) {
            Ok(i) => i.saturating_sub(1),
            Err(i) => i - 1,
        };
        let word = words[last];
        let cut = (end - starts[last]).min(word.len());
        let rest = &word[cut..];
        // The phrase must end at the end of a word, or before punctuation that ends it.
        if !rest.chars().all(|c| !c.is_alphanumeric()) || (first..=last).any(|i| info[i].protected) {
            continue;
        }
        slots[first] = Slot::Replaced(REWRITES[m.pattern().as_usize()].1.trim_end(), rest);
        for slot in &mut slots[first + 1..=last] {
            *slot = Slot::Gone;
        }
    }
}

/// Byte offset of each word in the sentence the words were split from on single spaces.
fn word_starts(words: &[&str]) -> Vec<usize> {
    let mut offset = 0;
    words
        .iter()
        .map(|w| {
            let start = offset;
            offset += w.len() + 1;
            start
        })
        .collect()
}

/// The most clinical words a clause BALANCED drops may hold, and AGGRESSIVE's.
const BALANCED_CLAUSE_CLINICAL: usize = 0;
const AGGRESSIVE_CLAUSE_CLINICAL: usize = 1;

/// Drops clauses with no protected word and at most `max_clinical` clinical words, unless that
/// would empty the sentence: then the rule of each weaker level is tried in turn, so that a
/// stronger level never keeps more of a sentence than a weaker one ("Sport and Exercise Medicine
/// Clinic, Redcastle University Hospital": BALANCED drops the hospital's clause; AGGRESSIVE, which
/// could drop both, had kept both). Two passes over the clauses per rule rather than lists of
/// them: this runs for every sentence BALANCED keeps.
fn drop_clauses<'a>(words: &[&'a str], protection: &Protection, slots: &mut [Slot<'a>], max_clinical: usize) {
    if clauses(words).nth(1).is_none() {
        return;
    }
    let droppable = |(a, b): (usize, usize), most: usize| {
        let clause = &protection.words[a..=b];
        let unprotected = clause.iter().all(|w| !w.protected);
        unprotected
            && clause.iter().filter(|w| w.is(class::CLINICAL)).count() <= most
            && !completes_the_clause_before(words, a, b)
    };
    let weaker = [AGGRESSIVE_CLAUSE_CLINICAL, BALANCED_CLAUSE_CLINICAL].into_iter().filter(|&most| most < max_clinical);
    let Some(most) =
        std::iter::once(max_clinical).chain(weaker).find(|&most| !clauses(words).all(|clause| droppable(clause, most)))
    else {
        return;
    };
    for (a, b) in clauses(words).filter(|&clause| droppable(clause, most)) {
        slots[a..=b].iter_mut().for_each(|s| *s = Slot::Gone);
        // The sentence's end mark stays when its last clause goes: "leg, which started after a
        // scratch." → "leg." and not "leg", which would run into the next sentence.
        if b + 1 == words.len() {
            end_sentence_early(words, a, slots);
        }
    }
}

/// The most words of a clause that completes the one before it ("adoption and surrogacy", "more
/// at weekends").
const COMPLETING_WORDS: usize = 4;

/// Whether the clause of words `a..=b`, after a comma, completes the clause before it, in at most
/// `COMPLETING_WORDS` words: it ends that clause's list, joined by "and" or "or" and not opening
/// with one ("We talked about pregnancy with donated eggs, adoption and surrogacy": BALANCED
/// dropped the last two options, a clause with no clinical word, in the eighty-second held-out
/// set), or compares with the amount or the state before it, its verb left out ("Two to four
/// tablets a day, more at weekends": the eighty-third lost the weekends; "worse at night").
/// Without it, the clause before reads as whole and is not. A clause opening with "and" is a
/// statement of its own ("…, and we will see her again").
fn completes_the_clause_before(words: &[&str], a: usize, b: usize) -> bool {
    a > 0
        && words[a - 1].ends_with(',')
        && b - a < COMPLETING_WORDS
        && (is_one_of(words[a], &["more", "less", "fewer", "worse", "better"])
            || (a + 1..b).any(|i| is_one_of(words[i], &["and", "or"])))
}

/// After the last clause (from word `a`) went: the sentence keeps its end mark ("leg, which
/// started after a scratch." → "leg." and not "leg", which would run into the next sentence),
/// and a conjunction left hanging before it goes too ("week and, if you can, …" → "week.").
fn end_sentence_early<'a>(words: &[&'a str], a: usize, slots: &mut [Slot<'a>]) {
    let last = words[words.len() - 1];
    let end_mark = &last[last.trim_end_matches(['.', '!', '?']).len()..];
    if end_mark.is_empty() {
        return;
    }
    slots[words.len() - 1] = Slot::Replaced("", end_mark);
    let Some(before) = (0..a).rev().find(|&i| slots[i] != Slot::Gone) else { return };
    if slots[before] == Slot::Word(words[before])
        && ["and", "or", "but"].iter().any(|c| c.eq_ignore_ascii_case(words[before].trim_end_matches([',', ';'])))
    {
        slots[before] = Slot::Gone;
    }
}

/// First and last word index of each clause: words up to one ending in `,` or `;`, or the last.
fn clauses<'w>(words: &'w [&str]) -> impl Iterator<Item = (usize, usize)> + 'w {
    let mut start = 0;
    words.iter().enumerate().filter_map(move |(i, w)| {
        let ends = w.ends_with(',') || w.ends_with(';') || i + 1 == words.len();
        ends.then(|| {
            let clause = (start, i);
            start = i + 1;
            clause
        })
    })
}

/// Drops bracketed asides that hold no protected word: "(renal and cardiovascular benefit)".
fn drop_parentheticals<'a>(words: &[&'a str], info: &[Word], slots: &mut [Slot<'a>]) {
    if !words.iter().any(|w| w.starts_with('(')) {
        return;
    }
    // The first word at or after each index that holds a `)`, found in one pass from the right:
    // searching forward from every `(` made "(a (a (a …" with no `)` quadratic.
    let mut closing = vec![None; words.len()];
    let mut next = None;
    for j in (0..words.len()).rev() {
        if words[j].contains(')') {
            next = Some(j);
        }
        closing[j] = next;
    }
    let mut i = 0;
    while i < words.len() {
        if words[i].starts_with('(') {
            if let Some(end) = closing[i] {
                let trailing_ok = words[end].trim_end_matches(['.', ',', ';']).ends_with(')');
                if trailing_ok && (i..=end).all(|j| !info[j].protected) {
                    let after_bracket = words[end].rfind(')').map_or(words[end].len(), |at| at + 1);
                    let punctuation = &words[end][after_bracket..];
                    slots[i..=end].iter_mut().for_each(|s| *s = Slot::Gone);
                    if !punctuation.is_empty() {
                        slots[end] = Slot::Replaced("", punctuation);
                    }
                }
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
}

/// Common clinical abbreviations for words outside protection.
fn abbreviate<'a>(words: &[&'a str], info: &[Word], slots: &mut [Slot<'a>]) {
    for (i, word) in words.iter().enumerate() {
        if info[i].protected || slots[i] != Slot::Word(word) {
            continue;
        }
        let core = word.trim_end_matches(['.', ',', ';', ':']);
        let suffix = &word[core.len()..];
        let short = match ascii_lower(core).as_ref() {
            "patient" => "pt",
            "patients" => "pts",
            "history" => "hx",
            "diagnosis" => "dx",
            "treatment" => "tx",
            "prescription" => "rx",
            "symptoms" => "sx",
            "medication" => "med",
            "medications" => "meds",
            "approximately" => "~",
            "follow-up" => "f/u",
            "physician" => "MD",
            "department" => "dept",
            "appointment" => "appt",
            "examination" => "exam",
            "laboratory" => "lab",
            "because" => "as",
            _ => continue,
        };
        slots[i] = Slot::Replaced(short, suffix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(sentence: &str, level: Level) -> String {
        let words: Vec<&str> = sentence.split(' ').collect();
        let (classes, keys): (Vec<u16>, Vec<_>) = words.iter().map(|w| LEXICON.classify_keyed(w)).unzip();
        let mut p = Protection::default();
        LEXICON.protect(&words, &classes, &keys, &mut p);
        super::sentence(sentence, &words, &p, level, &mut SpareSlots::default()).into_owned()
    }

    #[test]
    fn phrases_are_rewritten_outside_protected_words() {
        assert_eq!(
            edit("It is worth noting that he rested due to the fact that he was busy.", Level::Minimal),
            "He rested because he was busy."
        );
        // In a sentence that names a concept nothing is rewritten.
        let concept = "It is worth noting that he rested due to the fact that he was tired.";
        assert_eq!(edit(concept, Level::Aggressive), concept);
        // "in order to" sits inside the drug's protected window and stays.
        assert_eq!(
            edit("Start levofloxacin 750 mg IV daily in order to cover.", Level::Minimal),
            "Start levofloxacin 750 mg IV daily in order to cover."
        );
        assert_eq!(edit("Prior to the visit, he rested.", Level::Minimal), "Before the visit, he rested.");
        assert_eq!(edit("1) Continue metformin 500 mg BID.", Level::Aggressive), "1) Continue metformin 500 mg BID.");
    }

    #[test]
    fn aggressive_removes_function_words_but_not_protected_ones() {
        let out = edit("The patient was seen on the ward and SpO2 89 % on room air was noted.", Level::Aggressive);
        assert!(out.contains("SpO2 89 % on room air"), "{out}");
        assert!(!out.starts_with("The "), "{out}");
        // The new first word is protected: its case stays.
        assert_eq!(
            edit("Your weight this morning was 78.1 kg.", Level::Aggressive),
            "weight this morning was 78.1 kg."
        );
    }

    #[test]
    fn a_value_s_label_is_kept_as_written() {
        // AGGRESSIVE once wrote "Pt a 67 y/o M": a protected fact reworded.
        assert_eq!(edit("Pt is a 67 y/o M from Leeds.", Level::Aggressive), "Pt is a 67 y/o M from Leeds.");
        assert_eq!(edit("Your weight was 72 kg today.", Level::Aggressive), "Your weight was 72 kg today.");
        assert_eq!(edit("Pt is a 67 y/o M from Leeds.", Level::Balanced), "Pt is a 67 y/o M from Leeds.");
        // With a concept in it, the sentence is a fact and stays as written.
        assert_eq!(edit("Pt is a 67 y/o M with COPD.", Level::Aggressive), "Pt is a 67 y/o M with COPD.");
    }

    #[test]
    fn aggressive_drops_filler_but_keeps_its_punctuation_and_the_facts() {
        assert_eq!(edit("He noted that his weight is now 78 kg.", Level::Aggressive), "his weight is now 78 kg.");
        assert_eq!(
            edit("He noted that his weight is now 78 kg.", Level::Balanced),
            "He noted that his weight is now 78 kg."
        );
        // Verbs of belief stay: without "think" a guess would read as a finding.
        assert_eq!(edit("I think the weight was 72 kg.", Level::Aggressive), "think the weight was 72 kg.");
        let filler = Word { class: class::FILLER, protected: false };
        assert!(dropped("length,", &filler, Level::Aggressive) == Some(Slot::Replaced("", ",")));
        assert!(dropped("length,", &filler, Level::Balanced).is_none(), "filler goes under AGGRESSIVE only");
        assert!(dropped("(length),", &filler, Level::Aggressive).is_none(), "a bracket is not dropped with its word");
    }

    #[test]
    fn how_certain_a_finding_is_and_who_reported_it_survive() {
        assert_eq!(edit("It appears that the plan is fading.", Level::Minimal), "Apparently the plan is fading.");
        assert_eq!(edit("He is probably septic.", Level::Minimal), "He is probably septic.");
        // A concept's sentence keeps its hedges, its subject and who reported it, verbatim.
        for sentence in [
            "The cough could reflect a pneumonia.",
            "Pain is still worse after meals.",
            "Your daughter also mentioned that you have no ankle swelling.",
            "It appears that the rash is fading.",
        ] {
            assert_eq!(edit(sentence, Level::Aggressive), sentence);
        }
    }

    #[test]
    fn a_dropped_last_clause_leaves_the_sentence_its_end_mark() {
        let out = edit("Plan for the review next month, as she told us.", Level::Balanced);
        assert_eq!(out, "Plan for review next month.");
        let out = edit("Reduce coffee to 2 cups/day and, as she told us, rest.", Level::Balanced);
        assert_eq!(out, "Reduce coffee to 2 cups/day.");
    }

    #[test]
    fn a_clause_that_completes_the_one_before_stays_with_it() {
        // A list's last items and an elliptic comparison keep their clause; a longer clause or
        // one opening with "and" is a clause of its own, and goes.
        for sentence in [
            "We talked about pregnancy with donated eggs, adoption and surrogacy.",
            "Two to four tablets a day, more at weekends.",
        ] {
            assert_eq!(edit(sentence, Level::Balanced), sentence);
        }
        assert_eq!(edit("Two to four tablets a day, as she told us.", Level::Balanced), "Two to four tablets a day.");
        assert_eq!(edit("Two to four tablets a day, and so on.", Level::Balanced), "Two to four tablets a day.");
    }

    #[test]
    fn hedges_always_go_and_articles_from_balanced_up() {
        assert_eq!(
            edit("He is basically actually busy at the end of a day.", Level::Minimal),
            "He is busy at the end of a day."
        );
        assert_eq!(edit("He is basically busy at the end of a day.", Level::Balanced), "He is busy at end of day.");
    }

    #[test]
    fn words_that_grade_or_limit_are_no_hedges() {
        // "very breathless" is not "breathless", nor "quiet, just muttering" "quiet, muttering".
        for sentence in [
            "He is very busy.",
            "It is really sore.",
            "He is totally deaf.",
            "Quiet, just muttering.",
            "Afterwards the lost part was simply gone for him.",
            "She was truly exhausted.",
            "The scan was essentially normal.",
        ] {
            assert_eq!(edit(sentence, Level::Minimal), sentence);
        }
    }
}
