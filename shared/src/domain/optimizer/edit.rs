//! Word-level edits of one sentence at a level, never touching a protected word.

use super::lexicon::REWRITES;
use std::borrow::Cow;

use super::protect::{Protection, LEXICON};
use super::Level;

/// Runs of consecutive protected words, joined by single spaces: the protected items the
/// quality score looks for in the output.
pub fn protected_runs(words: &[&str], protected: &[bool]) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (word, &p) in words.iter().zip(protected) {
        if p {
            current.push(word);
        } else if !current.is_empty() {
            runs.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        runs.push(current.join(" "));
    }
    runs
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
/// function words removed (AGGRESSIVE and up). `words` is the sentence split on single spaces.
pub fn sentence(words: &[&str], protection: &Protection, level: Level) -> String {
    let lex = &*LEXICON;
    let protected = &protection.words;
    let mut slots: Vec<Slot<'_>> = words.iter().map(|w| Slot::Word(w)).collect();
    rewrite_phrases(words, protected, &mut slots);
    match level {
        Level::Minimal | Level::Conservative => {}
        Level::Balanced => drop_clauses(words, protection, &mut slots, 0),
        Level::Aggressive => drop_clauses(words, protection, &mut slots, 1),
        Level::Exhaustive => drop_clauses(words, protection, &mut slots, usize::MAX),
    }
    if level >= Level::Aggressive {
        drop_parentheticals(words, protected, &mut slots);
        abbreviate(words, protected, &mut slots);
    }
    for (i, word) in words.iter().enumerate() {
        if protected[i] || slots[i] != Slot::Word(word) {
            continue;
        }
        let lower = ascii_lower(word);
        let hedge = lex.hedges.contains(lower.as_ref());
        let article = level >= Level::Balanced && matches!(lower.as_ref(), "the" | "a" | "an");
        let function_word = level >= Level::Aggressive && lex.stopwords.contains(lower.as_ref());
        if hedge || article || function_word {
            slots[i] = Slot::Gone;
        }
    }
    // A sentence that lost its first words gets a capital again, unless its new first word is
    // protected: protected words keep their case too.
    let first_kept = slots.iter().position(|s| match s {
        Slot::Word(w) => !w.is_empty(),
        Slot::Replaced(a, b) => !a.is_empty() || !b.is_empty(),
        Slot::Gone => false,
    });
    let capitalise = words.first().and_then(|w| w.chars().next()).is_some_and(char::is_uppercase)
        && first_kept.is_some_and(|i| !protected[i]);
    let mut joined = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for slot in slots {
        let (a, b) = match slot {
            Slot::Word(w) => (w, ""),
            Slot::Replaced(a, b) => (a, b),
            Slot::Gone => continue,
        };
        if a.is_empty() && b.is_empty() {
            continue;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(a);
        joined.push_str(b);
    }
    // Brackets are repaired only if the sentence had them balanced: "1) metformin" keeps its ")".
    let balanced = words.iter().map(|w| w.matches('(').count()).sum::<usize>()
        == words.iter().map(|w| w.matches(')').count()).sum::<usize>();
    tidy(&joined, capitalise, balanced)
}

fn ascii_lower(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Applies `REWRITES` where a phrase covers whole unprotected words.
fn rewrite_phrases<'a>(words: &[&'a str], protected: &[bool], slots: &mut [Slot<'a>]) {
    let text = words.join(" ");
    let mut starts = Vec::with_capacity(words.len());
    let mut offset = 0;
    for w in words {
        starts.push(offset);
        offset += w.len() + 1;
    }
    for m in LEXICON.rewrites.find_iter(&text) {
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
        if !rest.chars().all(|c| !c.is_alphanumeric()) || (first..=last).any(|i| protected[i]) {
            continue;
        }
        slots[first] = Slot::Replaced(REWRITES[m.pattern().as_usize()].1.trim_end(), rest);
        for slot in &mut slots[first + 1..=last] {
            *slot = Slot::Gone;
        }
    }
}

/// Drops clauses with no protected word and at most `max_clinical` clinical words, unless that
/// would empty the sentence.
fn drop_clauses(words: &[&str], protection: &Protection, slots: &mut [Slot<'_>], max_clinical: usize) {
    let mut clauses = Vec::new();
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        if w.ends_with(',') || w.ends_with(';') || i + 1 == words.len() {
            clauses.push((start, i));
            start = i + 1;
        }
    }
    if clauses.len() < 2 {
        return;
    }
    let droppable: Vec<bool> = clauses
        .iter()
        .map(|&(a, b)| {
            let unprotected = (a..=b).all(|i| !protection.words[i]);
            let clinical = (a..=b).filter(|&i| protection.clinical[i]).count();
            unprotected && clinical <= max_clinical
        })
        .collect();
    if droppable.iter().all(|d| *d) {
        return;
    }
    for (&(a, b), drop) in clauses.iter().zip(droppable) {
        if drop {
            slots[a..=b].iter_mut().for_each(|s| *s = Slot::Gone);
        }
    }
}

/// Drops bracketed asides that hold no protected word: "(renal and cardiovascular benefit)".
fn drop_parentheticals<'a>(words: &[&'a str], protected: &[bool], slots: &mut [Slot<'a>]) {
    let mut i = 0;
    while i < words.len() {
        if words[i].starts_with('(') {
            let end = (i..words.len()).find(|&j| words[j].contains(')'));
            if let Some(end) = end {
                let trailing_ok = words[end].trim_end_matches(['.', ',', ';']).ends_with(')');
                if trailing_ok && (i..=end).all(|j| !protected[j]) {
                    let closing = words[end].rfind(')').map_or(words[end].len(), |at| at + 1);
                    let punctuation = &words[end][closing..];
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

/// Common clinical abbreviations for unprotected words.
fn abbreviate<'a>(words: &[&'a str], protected: &[bool], slots: &mut [Slot<'a>]) {
    for (i, word) in words.iter().enumerate() {
        if protected[i] || slots[i] != Slot::Word(word) {
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

/// Repairs spacing, dangling punctuation, brackets (when `balance`) and capitalisation after words
/// were removed.
fn tidy(sentence: &str, capitalise: bool, balance: bool) -> String {
    let mut out = super::text::squeeze(sentence);
    for (from, to) in [(" ,", ","), (" .", "."), (" ;", ";"), (",,", ","), (",.", "."), (";.", ".")] {
        while out.contains(from) {
            out = out.replace(from, to);
        }
    }
    let trimmed = out.trim_start_matches([',', ';', ' ']).trim_end_matches([',', ';', ' ']);
    let out = if balance { balance_brackets(trimmed) } else { trimmed.to_owned() };
    if out.chars().all(|c| !c.is_alphanumeric()) {
        return String::new();
    }
    if capitalise {
        let mut chars = out.chars();
        if let Some(first) = chars.next() {
            return first.to_uppercase().chain(chars).collect();
        }
    }
    out
}

/// Closes a bracket whose closing half went with a dropped clause, and drops a closing bracket
/// whose opening half went: "(my son did the maths" → "(my son did the maths)".
fn balance_brackets(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len() + 1);
    let mut open = 0usize;
    for c in sentence.chars() {
        match c {
            '(' => open += 1,
            ')' if open == 0 => continue,
            ')' => open -= 1,
            _ => {}
        }
        out.push(c);
    }
    if open > 0 {
        let body = out.trim_end_matches(['.', '!', '?']).len();
        let ending = out[body..].to_owned();
        out.truncate(body);
        out.push_str(&")".repeat(open));
        out.push_str(&ending);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(sentence: &str, level: Level) -> String {
        let words: Vec<&str> = sentence.split(' ').collect();
        let p = LEXICON.protect(&words);
        super::sentence(&words, &p, level)
    }

    #[test]
    fn phrases_are_rewritten_outside_protected_words() {
        assert_eq!(
            edit("It is worth noting that he rested due to the fact that he was tired.", Level::Minimal),
            "He rested because he was tired."
        );
        // "in order to" sits inside the drug's protected window and stays.
        assert_eq!(
            edit("Start levofloxacin 750 mg IV daily in order to cover.", Level::Minimal),
            "Start levofloxacin 750 mg IV daily in order to cover."
        );
        assert_eq!(edit("Prior to discharge, he walked.", Level::Minimal), "Before discharge, he walked.");
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
    fn brackets_stay_balanced_after_clauses_go() {
        assert_eq!(balance_brackets("I think (my son did the maths."), "I think (my son did the maths).");
        assert_eq!(balance_brackets("fine) today"), "fine today");
        assert_eq!(balance_brackets("K 3.1 (L) low"), "K 3.1 (L) low");
    }

    #[test]
    fn hedges_always_go_and_articles_from_balanced_up() {
        assert_eq!(
            edit("He is really very tired at the end of a day.", Level::Minimal),
            "He is tired at the end of a day."
        );
        assert_eq!(edit("He is really very tired at the end of a day.", Level::Balanced), "He is tired at end of day.");
    }
}
