//! Splitting text into lines, sentences, clauses and words, by hand: the optimizer runs on every
//! request and must stay far faster than token counting, so no regular expressions here.

use std::borrow::Cow;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::keys::{key, Key, NameSet, Openings};

/// What a line of the input is, which decides what may happen to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A short label line: `HOSPITAL COURSE`, `Medications:`. Never dropped.
    Heading,
    /// A row of a table (pipes, or columns aligned with runs of spaces). Never dropped.
    TableRow,
    /// A table's ruler (`|---|---|`, `=====`): layout only.
    TableRule,
    ListItem,
    Prose,
}

pub fn classify(line: &str) -> LineKind {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    // Bytes, not characters: every rule character is ASCII, so a character outside ASCII fails
    // the test at its first byte as it did whole, without being decoded.
    if trimmed.bytes().all(|b| matches!(b, b'-' | b'=' | b'|' | b'+' | b':' | b'_' | b'*' | b' ' | b'\t')) {
        return LineKind::TableRule;
    }
    if is_table_row(trimmed.as_bytes()) {
        return LineKind::TableRow;
    }
    if is_heading(trimmed) {
        return LineKind::Heading;
    }
    if is_list_item(trimmed) {
        return LineKind::ListItem;
    }
    LineKind::Prose
}

/// How many times `byte` occurs in `bytes`: a sum of 32-bit lanes with no early exit, which the
/// compiler vectorises (`filter(..).count()` stayed a byte loop: counting a line's `|` so cost
/// 140 instructions a line, 0.75 % of a corpus pass). A text has fewer than 4 Gi bytes.
pub fn occurrences(bytes: &[u8], byte: u8) -> usize {
    bytes.iter().map(|&b| u32::from(b == byte)).sum::<u32>() as usize
}

/// Two `|` or more, or two aligned columns or more (`aligned_columns`), in a trimmed line.
fn is_table_row(trimmed: &[u8]) -> bool {
    let marks = row_marks(trimmed);
    marks & PIPE != 0 && occurrences(trimmed, b'|') >= 2 || marks & COLUMN != 0 && aligned_columns(trimmed) >= 2
}

/// `row_marks`' bits: a `|`; a tab or two spaces in a row.
const PIPE: u8 = 1;
const COLUMN: u8 = 2;

/// Pairs of neighbouring bytes `row_marks` reads at once.
const BLOCK: usize = 16;

/// Which of `PIPE` and `COLUMN` a trimmed line of two bytes or more holds (a `|` is in one of a
/// pair, so the last byte is read too; a trimmed line ends with no tab). Most lines are prose
/// with neither, and this rules them out: a reduction with no early exit, which the compiler
/// vectorises, over blocks of `BLOCK` pairs, the last block overlapping the one before it (the
/// marks are only ORed). Three reductions (the `|`, the tab and the spaces, the first in
/// `occurrences`' 32-bit lanes) cost 0.54 M instructions more in three corpus passes, and one
/// over the whole line left most of a line to the vectoriser's narrow remainder loops (0.1 M
/// more). The loop in `aligned_columns` costs several instructions a byte, and runs only on
/// lines with a mark.
fn row_marks(bytes: &[u8]) -> u8 {
    let marks = |a: &[u8], b: &[u8]| {
        a.iter().zip(b).fold(0u8, |seen, (&a, &b)| {
            let pipe = u8::from(a == b'|') | u8::from(b == b'|');
            let column = u8::from(a == b'\t') | u8::from(a == b' ') & u8::from(b == b' ');
            seen | (pipe * PIPE) | (column * COLUMN)
        })
    };
    let pairs = bytes.len().saturating_sub(1);
    if pairs < BLOCK {
        return marks(bytes, bytes.get(1..).unwrap_or_default());
    }
    let block = |at: usize| marks(&bytes[at..at + BLOCK], &bytes[at + 1..=at + BLOCK]);
    (0..pairs - BLOCK).step_by(BLOCK).fold(block(pairs - BLOCK), |seen, at| seen | block(at))
}

/// Runs of two or more spaces (or a tab) between non-space text: aligned table columns.
fn aligned_columns(bytes: &[u8]) -> usize {
    let mut runs = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\t' {
            runs += 1;
            i += 1;
        } else if bytes[i] == b' ' && bytes.get(i + 1) == Some(&b' ') {
            runs += 1;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    runs
}

fn is_heading(trimmed: &str) -> bool {
    if trimmed.len() > 80 || trimmed.ends_with('.') {
        return false;
    }
    if let Some(key) = block_key(trimmed) {
        return is_heading(key);
    }
    // Decorations around a heading ("*** CRITICAL RESULT ***") do not count as words.
    let mut words = words(trimmed).filter(|w| w.chars().any(char::is_alphanumeric));
    let (first, second) = (words.next(), words.next());
    // "HOSPITAL COURSE", "Rx", "TITRATION SCHEDULE (self-titration by patient)": short, and
    // opening with a word in capitals.
    let capital = |w: &str| {
        let mut letters = w.chars().filter(|c| c.is_alphabetic());
        letters.clone().nth(1).is_some() && letters.all(|c| !c.is_lowercase()) || w == "Rx"
    };
    let opens_in_capitals = first.is_some_and(|w| capital(w) && (second.is_none_or(capital) || w == "Rx"));
    // Most short lines are neither, and their words are not counted.
    if !opens_in_capitals && !trimmed.ends_with(':') {
        return false;
    }
    // Counted up to 9: only "at most 8" and "at most 5" are asked.
    let count = usize::from(first.is_some()) + usize::from(second.is_some()) + words.take(7).count();
    if count <= 8 && opens_in_capitals && !trimmed.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    trimmed.ends_with(':') && count <= 5
}

/// The key of a YAML block that a template's text follows on the next lines ("monitoring: |",
/// "findings: >-"), with its colon: the block is that field's, as under a heading's name (the
/// sixtieth held-out set lost a plan's item under "monitoring: |", blind).
pub fn block_key(trimmed: &str) -> Option<&str> {
    let key = ["|", ">", "|-", ">-"].iter().find_map(|mark| trimmed.strip_suffix(mark))?.strip_suffix(' ')?;
    key.ends_with(':').then_some(key)
}

/// A title or a name on a line of its own ("Senior Nurse Specialist", "Dr A Whitlock"): every
/// word capitalised, no label, no full stop. `words` are `text`'s words.
pub fn is_title(text: &str, words: &[&str]) -> bool {
    !text.ends_with('.') && !text.contains(':') && words.iter().all(|w| !w.starts_with(|c: char| c.is_lowercase()))
}

fn is_list_item(trimmed: &str) -> bool {
    let mut chars = trimmed.chars();
    match chars.next() {
        Some('-' | '*' | '•' | '·' | '–' | '▪') => true,
        // A word processor's second-level bullet, converted to text ("o Pressure care: air
        // mattress"): a lower-case "o" and a space before a capital.
        Some('o') => trimmed[1..].starts_with(' ') && trimmed[2..].starts_with(|c: char| c.is_uppercase()),
        Some(c) if c.is_ascii_digit() => {
            let rest = trimmed.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(". ") || rest.starts_with(") ")
        }
        _ => false,
    }
}

/// Abbreviations whose trailing period does not end a sentence.
const NON_TERMINAL: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "e.g", "i.e", "etc", "approx", "no", "fig", "pt", "pts", "hx", "dx",
    "tx", "rx", "sx", "min", "max", "mg", "ml", "q", "b.i.d", "t.i.d", "q.i.d", "p.o", "a.m", "p.m",
];

/// A drug's form before its name, in a prescription's shorthand ("Inj. Ceftriaxone 100
/// mg/kg/day IV", "Tab. Metformin 500 mg": the fifty-sixth held-out set lost the "Inj." of
/// three orders, each read as a sentence of its own and dropped as a repeat). Its period ends
/// no sentence only where it opens one, or a list's item: "Thanks for sending the cap. Hated
/// haircuts." is two sentences.
const DRUG_FORMS: &[&str] = &["inj", "tab", "tabs", "cap", "caps", "syp", "syr", "susp", "oint", "neb", "supp", "amp"];

/// Byte ranges of the sentences of a squeezed line (`squeeze_into`). A sentence ends at `.`, `!`
/// or `?` followed by a space and then an upper-case letter, a digit or an opening bracket;
/// periods after known abbreviations, initials and inside numbers, and a run of dots, do not end
/// one.
pub fn sentences(line: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = line.as_bytes();
    // A list marker ("2. ", "- ") belongs to the item's first sentence, never a sentence itself.
    let mut start = 0;
    let mut i = list_marker_len(line);
    // An iterator rather than a list: a line is read once, and a list per line was an allocation
    // per line (100,000 one-word lines in the adversarial tests).
    std::iter::from_fn(move || {
        while i < bytes.len() {
            i += before_sentence_mark(&bytes[i..]);
            let Some(&b) = bytes.get(i) else { break };
            // A leader between a test and its result ends no sentence: three dots or more after
            // a space ("Treponema pallidum DNA ........ Not detected": the fifty-seventh held-out
            // set lost a "Not detected" read alone and dropped as a repeat of the line before).
            // An ellipsis after a word does ("Stairs a struggle... Kind regards").
            if matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' ') && !(b == b'.' && is_leader(bytes, i))
            {
                let next = line[i + 2..].chars().next();
                let starts_new = next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '(' || c == '"');
                if starts_new && !(b == b'.' && ends_with_abbreviation(&line[start..i])) {
                    let sentence = (start, i + 1);
                    start = i + 2;
                    i += 2;
                    return Some(sentence);
                }
            }
            i += 1;
        }
        let rest = (start < line.len()).then_some((start, line.len()));
        start = line.len();
        rest
    })
}

/// The fewest dots of a leader (`sentences`).
const LEADER_DOTS: usize = 3;

/// Whether the dot at `end` closes a leader: a run of `LEADER_DOTS` dots or more with a space
/// before it. Asked only of a dot before a space, the last of its run: each run is read once.
fn is_leader(bytes: &[u8], end: usize) -> bool {
    let start = bytes[..=end].iter().rposition(|&b| b != b'.').map_or(0, |at| at + 1);
    end + 1 - start >= LEADER_DOTS && start > 0 && bytes[start - 1] == b' '
}

/// Eight ones, and each byte's high bit: the zero-byte test reads eight bytes at once.
const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGHS: u64 = ONES * 0x80;

/// The high bit of each zero byte of `x`, exact for the lowest one (a borrow of the test runs
/// only towards higher bytes, so the lowest flagged byte is a true match), and of `x ^ ONES * b`
/// for each byte equal to `b`.
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// How many bytes at the start of `bytes` are none of `.`, `!` and `?` (`first_of`). Most of a
/// line is words: `sentences` looked at each byte in turn, which took several instructions a
/// byte.
fn before_sentence_mark(bytes: &[u8]) -> usize {
    first_of(bytes, *b".!?").unwrap_or(bytes.len())
}

/// Where the first of `marks` stands in `bytes`, looked for eight bytes at a time
/// (`zero_bytes`), and then byte by byte in the last few.
#[inline(always)]
fn first_of<const N: usize>(bytes: &[u8], marks: [u8; N]) -> Option<usize> {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        let x = u64::from_le_bytes(*chunk);
        let found = marks.iter().fold(0, |found, &mark| found | zero_bytes(x ^ (ONES * u64::from(mark))));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at..].iter().position(|b| marks.contains(b)).map(|n| at + n)
}

/// `text.lines()`, collected: split at each `\n`, a `\r` before it dropped, no line after a
/// final `\n`. The line breaks are found eight bytes at a time (`first_of`), where `str::lines`
/// took some 160 instructions a line in its searcher, and the list is sized for lines of about
/// 32 bytes instead of grown from empty: -0.25 M instructions in three corpus passes (75.35 M to
/// 75.10 M, callgrind).
pub fn lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut lines = Vec::with_capacity(bytes.len() / 32 + 1);
    let mut start = 0;
    while start < bytes.len() {
        let Some(end) = first_of(&bytes[start..], [b'\n']).map(|n| start + n) else {
            lines.push(&text[start..]);
            break;
        };
        let line = &text[start..end];
        lines.push(line.strip_suffix('\r').unwrap_or(line));
        start = end + 1;
    }
    lines
}

/// The fewest lines of a block of quoted e-mail (`unquoted`): a reply quotes a message whole,
/// headers and paragraph breaks included, where one or two lines opening with `>` are a value's
/// sign ("> 50% stenosis", ">2 weeks").
const MIN_QUOTED_LINES: usize = 3;

/// `lines` with the quotation marks of quoted e-mail taken off, if a block was quoted: a thread
/// forwarded with its replies quotes older messages line by line ("> Dad locked Mum out of their
/// bedroom", "> > Dear caller"), and the marks stood before every line, so a line read as neither
/// prose nor a list item, and a sentence broken over two quoted lines was never read whole
/// (`joined_wraps` reads lines as written). A block is quoted when at least `MIN_QUOTED_LINES`
/// lines in a row open with `>` and one of them holds nothing else (the quoted message's blank
/// line): then each line's leading marks and spaces go, and the message's own headers ("From:",
/// "Sent:") still say whose words follow. A `>` before a number is a value's sign and stays.
/// `None` when no block is quoted (nearly every text). Linear: each line's leading marks are read
/// a fixed number of times.
pub fn unquoted<'a>(lines: &[&'a str]) -> Option<Vec<&'a str>> {
    // The marks and the spaces between them; a `>` whose next byte other than a space opens a
    // number, or is `=`, is a value's sign and stays ("> > 50% stenosis" keeps "> 50%", "> >2
    // weeks" keeps ">2"): a quoted line that opens with a number keeps one mark too many, a
    // value never loses its sign.
    let marks_len = |line: &str| {
        let bytes = line.as_bytes();
        let sign = |at: usize| {
            let next = bytes[at + 1..].iter().find(|&&b| b != b' ');
            matches!(next, Some(b'0'..=b'9' | b'=' | b'.' | b'-' | b'+'))
        };
        (0..bytes.len()).find(|&at| !(bytes[at] == b' ' || bytes[at] == b'>' && !sign(at))).unwrap_or(bytes.len())
    };
    let opens_quoted = |line: &&&str| line.starts_with('>');
    let mut unquoted: Option<Vec<&'a str>> = None;
    let mut start = 0;
    while start < lines.len() {
        let end = start + lines[start..].iter().take_while(opens_quoted).count();
        let block = &lines[start..end];
        if block.len() >= MIN_QUOTED_LINES && block.iter().any(|line| marks_len(line) == line.len()) {
            let all = unquoted.get_or_insert_with(|| lines.to_vec());
            for (line, &quoted) in all[start..end].iter_mut().zip(block) {
                *line = &quoted[marks_len(quoted)..];
            }
        }
        start = end + usize::from(end == start);
    }
    unquoted
}

/// The fewest bytes of a line that a fixed width may have broken (`joined_wraps`): shorter lines
/// end where their writer ended them, and a short line before one opening in lower case is a
/// list's item more often ("aspirin 75 mg", then "ramipril 5 mg").
const MIN_WRAPPED_LINE: usize = 50;

/// `lines` with each line broken at a fixed width joined to the line it runs on into, if any line
/// was: text taken from a PDF or a fax breaks sentences wherever a line filled ("Deep ache in the
/// right groin, worse on the" / "stairs and after sitting."), and a fragment read alone has lost
/// what made its sentence a fact, so a strategy dropped it. A line runs on into the next when it
/// has at least `MIN_WRAPPED_LINE` bytes, is prose or a list item, and ends with no sentence's,
/// clause's or label's mark (`.`, `!`, `?`, `:`, `;`), and the next opens in lower case as prose
/// with no label ("cc: Dr A", "eGFR: 38" are fields of their own). The lines are joined with a
/// space, and the joined line is read and written as one. `None` when no line runs on (nearly
/// every text): the split lines are read as they stand. Linear: each line is read once, and
/// its kind only where its bytes allow a wrap.
pub fn joined_wraps<'a>(lines: &[&'a str]) -> Option<Vec<Cow<'a, str>>> {
    let runs_on = |line: &str, next: &str| {
        let line = line.trim_end();
        line.len() >= MIN_WRAPPED_LINE
            && !line.ends_with(['.', '!', '?', ':', ';'])
            && next.trim_start().starts_with(|c: char| c.is_ascii_lowercase())
            && matches!(classify(line), LineKind::Prose | LineKind::ListItem)
            && classify(next) == LineKind::Prose
            && label_len(next.trim_start()) == 0
    };
    let first = (1..lines.len()).find(|&i| runs_on(lines[i - 1], lines[i]))?;
    let mut joined: Vec<Cow<'a, str>> = lines[..first - 1].iter().map(|&line| line.into()).collect();
    let mut current = Cow::Borrowed(lines[first - 1]);
    for i in first..lines.len() {
        if runs_on(lines[i - 1], lines[i]) {
            let text = current.to_mut();
            text.truncate(text.trim_end().len());
            text.push(' ');
            text.push_str(lines[i].trim_start());
        } else {
            joined.push(std::mem::replace(&mut current, lines[i].into()));
        }
    }
    joined.push(current);
    Some(joined)
}

/// Length of a leading time-code in square brackets and its space, as a transcript opens each
/// turn with ("[00:01:22] ", "[7:31:29] ", "[14:02] "), or 0. Hours (or minutes) of one or two
/// digits, then one or two more fields of two.
pub fn time_code_len(line: &str) -> usize {
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b'[') {
        return 0;
    }
    let digits = |at: usize| bytes[at.min(bytes.len())..].iter().take(3).take_while(|b| b.is_ascii_digit()).count();
    let mut at = 1 + digits(1);
    if !(1..=2).contains(&(at - 1)) {
        return 0;
    }
    let mut fields = 0;
    while fields < 2 && bytes.get(at) == Some(&b':') && digits(at + 1) == 2 {
        at += 3;
        fields += 1;
    }
    if fields > 0 && bytes.get(at) == Some(&b']') && bytes.get(at + 1) == Some(&b' ') {
        at + 2
    } else {
        0
    }
}

/// Whether a time-code (`time_code_len`'s, its space included) is a recording's: hours,
/// minutes and seconds, each of the last two below 60 ("[00:01:22] ", not "[14:02] " nor a
/// titre's "[1:80] "), the form a transcript stamps each turn with.
pub fn is_recording_time(code: &str) -> bool {
    // Read from `time_code_len`'s bytes: each colon opens a field of two digits.
    let bytes = code.as_bytes();
    let colons = || bytes.iter().enumerate().filter(|&(_, &b)| b == b':').map(|(at, _)| at);
    colons().count() == 2 && colons().all(|at| bytes.get(at + 1).is_some_and(|&tens| tens < b'6'))
}

/// Length of a leading list marker and its space ("2. ", "- ", "• "), or 0.
pub fn list_marker_len(line: &str) -> usize {
    if !is_list_item(line) {
        return 0;
    }
    // A bullet is a marker only with a space after it: in "*0uchest pain" the first word is
    // text, not a marker to set apart (the fuzz target lost a keyword in it).
    let after_bullet = line.chars().next().map_or(0, char::len_utf8);
    if !line[after_bullet..].starts_with(' ') && !line.starts_with(|c: char| c.is_ascii_digit()) {
        return 0;
    }
    // A byte loop: the space stands a few bytes in, where `str::find`'s character searcher costs
    // more to set up than the loop to run.
    line.bytes().position(|b| b == b' ').map_or(0, |space| space + 1)
}

/// Length of a leading section label and its space ("Exam: ", "Plan: ", "Family history: "): one
/// to three words of letters, the last ending in a colon, 32 bytes at most; or 0. A possessive's
/// apostrophe, straight or curly, is a letter's part ("Surgeon's brief: ", a theatre team
/// brief's part: the seventy-second held-out set lost two of its facts, blind, as it was read as
/// no label).
pub fn label_len(line: &str) -> usize {
    labelled::<false>(line)
}

/// Length of a leading speaker's label in a transcript's turn, as `label_len` but with digits
/// too ("FY1: ", "Speaker 2: "); or 0.
pub fn speaker_len(line: &str) -> usize {
    labelled::<true>(line)
}

/// `label_len`, with digits in the label's words when `DIGITS`.
fn labelled<const DIGITS: bool>(line: &str) -> usize {
    // A byte search: `str::find` sets up a two-way searcher for every line, which cost more
    // than the rest of this function. `:` is ASCII, so where it stands is a character boundary.
    // Most lines hold no colon there: one byte search rules them out, where comparing each pair
    // of bytes cost 220 instructions a line (2.1 M in five corpus passes). The search is a
    // reduction of byte-wide flags that does not stop early, which the compiler vectorises: over
    // at most 33 bytes, `contains` (a `memchr` call) cost more than the rest of the function on
    // the lines without one (0.5 % of a corpus pass). Not `occurrences`, whose 32-bit lanes hold
    // a quarter as many bytes a vector: this runs for every line.
    let Some(colon) = line.get(..line.len().min(33)).map(str::as_bytes).and_then(|head| {
        let has_colon = head.iter().fold(false, |seen, &b| seen | (b == b':'));
        has_colon.then(|| head.iter().zip(&head[1..]).position(|(&a, &b)| a == b':' && b == b' ')).flatten()
    }) else {
        return 0;
    };
    let label = &line.as_bytes()[..colon];
    // Words between single spaces: one more than the spaces, counted byte-wise where
    // `split(' ').count()` ran a character searcher over the label.
    let words = 1 + occurrences(label, b' ');
    // A right single quotation mark (E2 80 99) is a possessive's apostrophe as a word processor
    // types it ("Surgeon’s brief: "): a byte within one is plain, and no other byte above ASCII.
    const APOSTROPHE: [u8; 3] = [0xE2, 0x80, 0x99];
    let plain = label.iter().enumerate().all(|(i, &b)| {
        b.is_ascii_alphabetic()
            || matches!(b, b' ' | b'-' | b'/' | b'\'')
            || DIGITS && b.is_ascii_digit()
            || !b.is_ascii() && (i.saturating_sub(2)..=i).any(|start| label[start..].starts_with(&APOSTROPHE))
    });
    if label.is_empty() || words > 3 || !plain {
        return 0;
    }
    colon + 2
}

/// The longest entry of `NON_TERMINAL`, in bytes.
const LONGEST_NON_TERMINAL: usize = 6;

/// Whether `before`, a squeezed line's text up to a period from its sentence's start, ends with
/// an initial or one of `NON_TERMINAL`, or is a drug's form alone (`DRUG_FORMS`), perhaps after
/// a list's marker. A squeezed line's only whitespace is the ASCII space, so its last word is
/// found by a byte search, where splitting at any whitespace decoded every character of the word.
fn ends_with_abbreviation(before: &str) -> bool {
    let last = before.as_bytes().iter().rposition(|&b| b == b' ' || b == b'(').map_or(before, |at| &before[at + 1..]);
    // An initial is one character (at most four bytes): a longer word is neither.
    if last.len() > LONGEST_NON_TERMINAL {
        return false;
    }
    if last.chars().count() == 1 && last.chars().all(char::is_alphabetic) {
        return true; // an initial: "J. Smith"
    }
    static ABBREVIATIONS: LazyLock<NameSet> = LazyLock::new(|| NameSet::new(NON_TERMINAL));
    let head = before.len() - last.len();
    ABBREVIATIONS.contains(last) || (head == 0 || list_marker_len(before) == head) && is_one_of(last, DRUG_FORMS)
}

/// A word with surrounding ASCII punctuation removed, and the markup tags around it
/// (`untagged`). Letters, digits, `%`, `/`, `-` and any non-ASCII character (such as `°`) stay.
/// Byte-wise: UTF-8 continuation bytes are never ASCII, so the cut always falls on a character
/// boundary.
#[inline]
pub fn bare(word: &str) -> &str {
    let keep = |b: &u8| KEPT_BY_BARE[usize::from(*b)];
    let bytes = word.as_bytes();
    // Most words have nothing to trim: both their end bytes stay, and the two searches and the
    // slice's boundary checks are skipped.
    if bytes.first().is_some_and(keep) && bytes.last().is_some_and(keep) {
        return word;
    }
    trimmed(word)
}

/// `bare`'s work on a word with something to trim, out of line: inlined, it made `bare` too
/// long to inline in its callers, whose calls cost some 3 M instructions more in three corpus
/// passes (callgrind, 84.25 M; 81.27 M out of line).
#[inline(never)]
fn trimmed(word: &str) -> &str {
    let keep = |b: &u8| KEPT_BY_BARE[usize::from(*b)];
    let word = untagged(word);
    let bytes = word.as_bytes();
    let start = bytes.iter().position(keep).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(keep).map_or(start, |i| i + 1);
    &word[start..end]
}

/// `word` without the markup tags it opens or ends with: XML, HTML or a C-CDA document's
/// ("<item>Margins", "edge</item>", "<tr><td>No": the sixtieth held-out set lost findings whose
/// first and last words were read with their tags, as no word). A `<` with no `>` after it is a
/// value's sign ("<5"), and stays. Each tag is passed once: linear in the word.
fn untagged(mut word: &str) -> &str {
    while let Some(rest) = word.strip_prefix('<').and_then(|rest| rest.split_once('>')).map(|(_, rest)| rest) {
        word = rest;
    }
    while let Some(rest) = word.strip_suffix('>').and_then(|rest| rest.rsplit_once('<')).map(|(rest, _)| rest) {
        word = rest;
    }
    word
}

/// Whether `word` ends with a comma, a full stop, a semicolon or a colon: a phrase read from the
/// words before it ("Cardiologist informed", "refer you to") stops there.
pub fn ends_with_a_mark(word: &str) -> bool {
    word.ends_with([',', '.', ';', ':'])
}

/// Whether `word`, without its punctuation (`bare`), is one of `list`, ignoring ASCII case.
pub fn is_one_of(word: &str, list: &[&str]) -> bool {
    let word = bare(word);
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// A list of phrases (each its words in lower case), indexed by their first word's key so that
/// `held_in` reads a sentence's words once: comparing each phrase along the whole sentence, one
/// pass per phrase, cost some 6,000 instructions a sentence for the consultation's fourteen
/// phrases (4 % of the optimizer's time).
pub struct Phrases {
    by_first: FxHashMap<Key, Vec<&'static [&'static str]>>,
    /// The first two bytes of the phrases' first words: a word is keyed and looked up only when
    /// its own may be those. Most words open no phrase ("of", "and", "pain"), and keying every
    /// word of a sentence for each list cost 2 % of a corpus pass.
    openings: Openings,
}

impl Phrases {
    pub fn new(phrases: &[&'static [&'static str]]) -> Self {
        let mut by_first: FxHashMap<Key, Vec<&'static [&'static str]>> = FxHashMap::default();
        let mut openings = Openings::default();
        for phrase in phrases {
            // Every listed phrase's first word is short enough for a key (a unit test says so).
            let Some(first) = phrase.first() else { continue };
            if let Some(k) = key(first) {
                by_first.entry(k).or_default().push(phrase);
                openings.add(first.as_bytes());
            }
        }
        Self { by_first, openings }
    }

    /// Whether one of the phrases stands among `words`, compared word by word without
    /// punctuation (`bare`) and ignoring ASCII case, without a lower-cased copy.
    pub fn held_in(&self, words: &[&str]) -> bool {
        words.iter().enumerate().any(|(i, word)| {
            let first = bare(word);
            self.openings.may_open(first.as_bytes())
                && key(first).and_then(|k| self.by_first.get(&k)).is_some_and(|phrases| {
                    phrases.iter().any(|phrase| {
                        words.get(i + 1..i + phrase.len()).is_some_and(|rest| {
                            rest.iter().zip(&phrase[1..]).all(|(w, p)| bare(w).eq_ignore_ascii_case(p))
                        })
                    })
                })
        })
    }
}

/// The bytes `bare` keeps, as a table: one load instead of the four tests it stands for, on
/// every word of protection, the edits and both texts of the quality score.
static KEPT_BY_BARE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || matches!(byte, b'%' | b'/' | b'-') || !byte.is_ascii();
        b += 1;
    }
    table
};

/// A numbered list item's marker: `2.`, `10)`.
pub fn is_list_number(word: &str) -> bool {
    let digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
    digits.len() < word.len() && matches!(digits, "." | ")")
}

/// The whitespace-separated words of a text, as `str::split_whitespace` gives them. ASCII text
/// (almost every request) is split byte-wise, which is several times faster than decoding
/// characters; `\x0B` is whitespace to `split_whitespace` but not to the byte-wise split, so a
/// text holding it takes the general path.
pub fn words(text: &str) -> Words<'_> {
    if is_plain_ascii(text) {
        Words::Ascii(text.split_ascii_whitespace())
    } else {
        Words::Any(text.split_whitespace())
    }
}

/// Whether `text` is ASCII without `\x0B` (see `words`): one reduction with no early exit, which
/// the compiler vectorises. `is_ascii` and then a search for `\x0B` read each line twice, and the
/// search, a `memchr` call per line, cost 1.5 % of a corpus pass.
fn is_plain_ascii(text: &str) -> bool {
    !text.bytes().fold(false, |other, b| other | !b.is_ascii() | (b == b'\x0B'))
}

#[derive(Clone)]
pub enum Words<'a> {
    Ascii(std::str::SplitAsciiWhitespace<'a>),
    Any(std::str::SplitWhitespace<'a>),
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Words::Ascii(words) => words.next(),
            Words::Any(words) => words.next(),
        }
    }
}

/// `text.split(' ')` appended to `out`: a byte loop, faster than `str::split`'s search for words
/// this short.
pub fn split_spaces<'a>(text: &'a str, out: &mut Vec<&'a str>) {
    out.reserve(word_capacity(text.len()));
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b == b' ' {
            out.push(&text[start..i]);
            start = i + 1;
        }
    }
    out.push(&text[start..]);
}

/// How many words a text of `len` bytes is reserved room for: most words and their space take
/// four bytes or more.
pub fn word_capacity(len: usize) -> usize {
    len / 4 + 1
}

/// An empty Vec with `spare`'s allocation, of another type of the same size and alignment:
/// collecting a Vec's own iterator into a Vec reuses its buffer (the standard library's in-place
/// collection). A buffer of borrowed items can so outlive what its items borrowed, and each line
/// reuse one allocation for its words rather than make its own.
pub fn recycle<T, U>(mut spare: Vec<T>) -> Vec<U> {
    spare.clear();
    spare.into_iter().filter_map(|_| None).collect()
}

/// Appends `line` to `out` with every run of whitespace collapsed to one space and the ends
/// trimmed.
pub fn squeeze_into(out: &mut String, line: &str) {
    if is_plain_ascii(line) {
        squeeze_ascii_into(out, line);
        return;
    }
    let mut first = true;
    for word in words(line) {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(word);
    }
}

/// `squeeze_into` for ASCII text without `\x0B` (see `words`). Most lines are squeezed already
/// and are copied whole; the others have each run of non-blank bytes copied.
fn squeeze_ascii_into(out: &mut String, line: &str) {
    if is_squeezed(line.as_bytes()) {
        out.push_str(line);
        return;
    }
    out.reserve(line.len());
    let bytes = line.as_bytes();
    let mut first = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(&line[start..i]);
    }
}

/// Whether ASCII `bytes` are non-empty words separated by single spaces.
fn is_squeezed(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else { return false };
    // Reductions with no early exit, which the compiler vectorises: a byte loop with a branch per
    // byte cost more, and nearly every line is squeezed already, so read to its end anyway.
    let doubled = bytes.iter().zip(&bytes[1..]).fold(false, |seen, (&a, &b)| seen | (a == b' ') & (b == b' '));
    let other = bytes.iter().fold(false, |seen, &b| seen | b.is_ascii_whitespace() & (b != b' '));
    first != b' ' && last != b' ' && !doubled && !other
}

/// What the classification of a word asks of its bytes (`protect::Lexicon::classify_keyed`):
/// whether one is a digit, a lowercase letter, a hyphen or outside ASCII, whether all are
/// letters, and how many are capitals. Read in one pass through a table of bytes: a loop of its
/// own for each (a digit, ASCII, the capitals, the letters, the last hyphen) cost some 45
/// instructions more a word, on every word of every prose line (1.9 % of a corpus pass).
#[derive(Clone, Copy)]
pub struct Shape {
    /// The `BYTE_SHAPES` bits of any byte.
    seen: u8,
    /// The `BYTE_SHAPES` bits of every byte.
    every: u8,
    capitals: usize,
}

/// A byte's bits in `BYTE_SHAPES`.
mod shape {
    pub const DIGIT: u8 = 1;
    pub const LOWER: u8 = 1 << 1;
    pub const UPPER: u8 = 1 << 2;
    pub const LETTER: u8 = 1 << 3;
    pub const HYPHEN: u8 = 1 << 4;
    pub const NOT_ASCII: u8 = 1 << 5;
}

static BYTE_SHAPES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_digit() {
            shape::DIGIT
        } else if byte.is_ascii_lowercase() {
            shape::LOWER | shape::LETTER
        } else if byte.is_ascii_uppercase() {
            shape::UPPER | shape::LETTER
        } else if byte == b'-' {
            shape::HYPHEN
        } else if !byte.is_ascii() {
            shape::NOT_ASCII
        } else {
            0
        };
        b += 1;
    }
    table
};

impl Shape {
    pub fn of(word: &str) -> Self {
        let (mut seen, mut every, mut capitals) = (0, u8::MAX, 0);
        for &b in word.as_bytes() {
            let bits = BYTE_SHAPES[usize::from(b)];
            seen |= bits;
            every &= bits;
            capitals += usize::from(bits & shape::UPPER != 0);
        }
        Self { seen, every, capitals }
    }

    pub fn has_digit(self) -> bool {
        self.seen & shape::DIGIT != 0
    }

    pub fn has_hyphen(self) -> bool {
        self.seen & shape::HYPHEN != 0
    }

    /// Every byte is an ASCII letter (as an empty word's are).
    pub fn is_alphabetic(self) -> bool {
        self.every & shape::LETTER != 0
    }

    /// An abbreviation written in capitals: COPD, CKD, ED, ICU (two to six letters, all
    /// capitals). `word` is the word this is the shape of, or the word with ASCII marks around
    /// it (`bare`), which has the same letters.
    pub fn is_capitalised_abbreviation(self, word: &str) -> bool {
        if self.seen & shape::NOT_ASCII == 0 {
            return self.seen & shape::LOWER == 0 && (2..=6).contains(&self.capitals);
        }
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        (2..=6).contains(&letters.clone().count()) && letters.all(char::is_uppercase)
    }
}

/// Whether the sentence holds a quotation: a word opening with a double quote (straight or
/// curly), perhaps inside a bracket, and, at it or after it, a word closing one, with a letter in
/// between. A quotation in brackets is one too: "Today she scored 7 out of 10 (\"it was a three
/// during treatment because I was busy getting through it\")", in a distress thermometer's record,
/// which AGGRESSIVE rewrote as "during tx as busy through it" (the eightieth held-out set lost it,
/// blind).
pub fn quotes_someone(words: &[&str]) -> bool {
    fn opening(w: &str) -> Option<&str> {
        w.trim_start_matches(['(', '[']).strip_prefix(['"', '\u{201C}'])
    }
    let closes =
        |w: &str| w.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '"').ends_with(['"', '\u{201D}']);
    let Some(first) = words.iter().position(|w| opening(w).is_some()) else { return false };
    let quoted = &words[first..];
    quoted.iter().any(|w| w.chars().any(char::is_alphabetic))
        && quoted.iter().enumerate().any(|(k, w)| {
            // The opening word closes the quote only past its own opening mark ("dreamy").
            let rest = if k == 0 { opening(w).unwrap_or(w) } else { w };
            closes(rest)
        })
}

/// The words of a label a sentence may open with ("Keyworker:", "Working diagnosis:").
const MOST_LABEL_WORDS: usize = 3;

/// The words of an aside in brackets a label may end with ("Arrival (from dad at drop-off):").
const MOST_LABEL_ASIDE_WORDS: usize = 5;

/// How many of a sentence's `words` (as written) are the label it opens with, if it has one of
/// at most `MOST_LABEL_WORDS` words: a word ending in ':' among its first; or such words and an
/// aside in brackets of at most `MOST_LABEL_ASIDE_WORDS` words that the colon closes ("Arrival
/// (from dad at drop-off): Slept well.", in a nursery's diary: the fifty-fourth held-out set
/// lost the finding after it).
pub fn opening_label(words: &[&str]) -> Option<usize> {
    // One pass over the first words for both: most sentences have neither.
    let mut open = None;
    for (i, w) in words.iter().take(MOST_LABEL_WORDS).enumerate() {
        if w.ends_with(':') {
            return Some(i + 1);
        }
        if i > 0 && open.is_none() && w.starts_with('(') {
            open = Some(i);
        }
    }
    let open = open?;
    let aside = &words[open..words.len().min(open + MOST_LABEL_ASIDE_WORDS)];
    let close = aside.iter().position(|w| w.ends_with(')') || w.ends_with("):"))?;
    aside[close].ends_with("):").then_some(open + close + 1)
}

/// Whether `text` holds a straight double quote or a curly one's first byte (0xE2, which other
/// marks share): if not, it opens and closes no quotation.
pub fn holds_quote_marks(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.contains(&b'"') || bytes.contains(&0xE2)
}

/// Whether a quotation is open at the end of `sentence`, given whether one was open at its start:
/// a straight double quote opens or closes one, a curly one says which. A straight quote right
/// after a digit is an inch (`5 11"`), no quote. One pass over the bytes.
pub fn quotation_open_after(sentence: &str, mut open: bool) -> bool {
    // The curly quotes are three bytes, `E2 80 9C` (open) and `E2 80 9D` (close).
    let bytes = sentence.as_bytes();
    // Most sentences hold neither a straight quote nor a curly one's first byte: two vectorised
    // searches rule them out, where the loop below costs several instructions a byte (it ran
    // over every line, then over each of its sentences again).
    if !holds_quote_marks(sentence) {
        return open;
    }
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if i == 0 || !bytes[i - 1].is_ascii_digit() => open = !open,
            0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                Some(0x9C) => open = true,
                Some(0x9D) => open = false,
                _ => {}
            },
            _ => {}
        }
    }
    open
}

/// "isn't it?", "don't you?": a question tag, not a negation of anything.
pub fn is_tag_question(words: &[&str], i: usize) -> bool {
    let Some(next) = words.get(i + 1) else { return false };
    let pronoun = next.trim_end_matches(['?', '.', '!']).to_ascii_lowercase();
    next.ends_with('?') && ["it", "you", "they", "he", "she", "we", "i", "there"].contains(&pronoun.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_may_end_with_an_aside_in_brackets() {
        let label = |s: &str| opening_label(&s.split(' ').collect::<Vec<_>>());
        assert_eq!(label("Arrival (from dad at drop-off): Slept well."), Some(5));
        assert_eq!(label("Plan: rest."), Some(1));
        assert_eq!(label("Working diagnosis: asthma."), Some(2));
        assert_eq!(label("Arrival (from dad) slept well: yes."), None);
        assert_eq!(label("Seen (with her mother, who is a nurse and worried): tired."), None);
        assert_eq!(label("Seen with her mother (a nurse): tired."), None);
    }

    #[test]
    fn phrases_are_found_as_a_pass_per_phrase_finds_them() {
        use super::super::lexicon::{CONSULTATION_PHRASES, REQUEST_PHRASES};
        let naive = |words: &[&str], phrases: &[&[&str]]| {
            phrases.iter().any(|phrase| {
                words.windows(phrase.len()).any(|w| w.iter().zip(*phrase).all(|(w, p)| bare(w).eq_ignore_ascii_case(p)))
            })
        };
        for list in [CONSULTATION_PHRASES, REQUEST_PHRASES] {
            assert!(list.iter().all(|phrase| phrase.first().and_then(|w| key(w)).is_some()));
            let phrases = Phrases::new(list);
            for sentence in [
                "He agreed with the plan.",
                "I would be grateful if you could check her blood pressure",
                "Could you please repeat her bloods?",
                "The, plan",
                "the",
                "",
                "Grateful if you",
                "She was given the opportunity to ask questions",
            ] {
                let words: Vec<&str> = sentence.split(' ').collect();
                assert_eq!(phrases.held_in(&words), naive(&words, list), "{sentence}");
            }
        }
    }

    #[test]
    fn the_bytes_before_a_sentence_mark_are_counted_exactly() {
        let text = b"ab.cdefgh!ijklmnopq?rstuvwxyz 0123456789 ... !?.?! end";
        for start in 0..=text.len() {
            let rest = &text[start..];
            let expected = rest.iter().position(|b| matches!(b, b'.' | b'!' | b'?')).unwrap_or(rest.len());
            assert_eq!(before_sentence_mark(rest), expected, "from {start}");
        }
        // High bytes and marks' neighbours in the byte table (`-`, `/`, `>`, `@`) are no marks.
        assert_eq!(before_sentence_mark("°é-/>@ \u{2026}x.".as_bytes()), "°é-/>@ \u{2026}x".len());
    }

    proptest::proptest! {
        #[test]
        fn plain_ascii_is_ascii_without_a_vertical_tab(text in "[ab \t\r\n\x0B\x7F\u{e9}\u{80}]{0,40}") {
            proptest::prop_assert_eq!(is_plain_ascii(&text), text.is_ascii() && !text.contains('\x0B'));
        }

        #[test]
        fn row_marks_are_those_of_the_whole_line(text in "[a| \t]{0,70}") {
            let bytes = text.trim().as_bytes();
            let column = bytes.contains(&b'\t') || bytes.windows(2).any(|pair| pair == b"  ");
            // A line of one byte has no pairs, and is no row.
            let pipe = bytes.contains(&b'|') && bytes.len() > 1;
            let expected = (u8::from(pipe) * PIPE) | (u8::from(column) * COLUMN);
            proptest::prop_assert_eq!(row_marks(bytes), expected);
        }

        #[test]
        fn lines_split_as_str_lines_splits(text in "[a\r\n\u{e9}\u{10a}]{0,40}") {
            proptest::prop_assert_eq!(lines(&text), text.lines().collect::<Vec<_>>());
        }
    }

    #[test]
    fn lines_a_fixed_width_broke_are_joined_to_the_line_they_run_on_into() {
        let joined =
            |text: &str| joined_wraps(&lines(text)).map(|all| all.iter().map(|l| l.to_string()).collect::<Vec<_>>());
        // A paragraph broken at a fixed width, over three lines, then a line of its own.
        assert_eq!(
            joined(
                "She has had a deep ache in the right groin for a year, worse on the  \n\
                 stairs and after sitting in the van for more than an hour, and it now\n\
                 wakes her at night.\nPlan"
            ),
            Some(vec![
                "She has had a deep ache in the right groin for a year, worse on the stairs and after sitting in \
                 the van for more than an hour, and it now wakes her at night."
                    .to_owned(),
                "Plan".to_owned(),
            ])
        );
        // Not a short line, a sentence's or a label's end, a next line in capitals, a field, a
        // list item or a table row: nothing runs on.
        for text in [
            "aspirin 75 mg once daily\nramipril 5 mg once daily",
            "She has had a deep ache in the right groin for a year, worse on stairs.\nwakes at night",
            "Referred by Dr A Whitlock (fictional), Fairholme Dental Care (fictional)\ncc: Dr B Staveley",
            "She has had a deep ache in the right groin for a year, worse on the\nStairs and hills",
            "She has had a deep ache in the right groin for a year, worse on the\n- stairs",
            "She has had a deep ache in the right groin for a year, worse on the\nsodium   138   mmol/L",
        ] {
            assert_eq!(joined(text), None, "{text}");
        }
    }

    #[test]
    fn a_transcript_s_time_code_is_one_or_two_digits_and_one_or_two_fields() {
        for (line, len) in [
            ("[00:01:22] Registrar: CRP's down", 11),
            ("[7:31:29] Night nurse: settled", 10),
            ("[14:02] Adrenaline 1 mg", 8),
            ("[1] Smith et al.", 0),
            ("[00:01:22]Registrar", 0),
            ("[00:1:22] x", 0),
            ("[000:01] x", 0),
            ("[00:01:22:33] x", 0),
            ("[", 0),
        ] {
            assert_eq!(time_code_len(line), len, "{line}");
        }
        assert!(is_recording_time("[00:01:22] ") && is_recording_time("[7:31:29] "));
        assert!(!is_recording_time("[14:02] ") && !is_recording_time("[00:71:22] "));
    }

    #[test]
    fn quoted_e_mail_loses_its_marks_and_a_value_keeps_its_sign() {
        let unquote = |text: &str| unquoted(&lines(text)).map(|all| all.join("\n"));
        assert_eq!(
            unquote("From: her\n> Hello,\n>\n> He fell.\n> > Dear caller,\n> >2 weeks of cough\nThanks"),
            Some("From: her\nHello,\n\nHe fell.\nDear caller,\n>2 weeks of cough\nThanks".to_owned())
        );
        // A value's sign stays, with a space after it or not.
        assert_eq!(
            unquote("> Echo today:\n>\n> > 40% is the cut-off; hers is 35%.\n> > >2 weeks"),
            Some("Echo today:\n\n> 40% is the cut-off; hers is 35%.\n>2 weeks".to_owned())
        );
        // Too short a block, or no blank quoted line: values, not a quotation.
        assert_eq!(unquote("> 50% stenosis\n> 70% stenosis"), None);
        assert_eq!(unquote("> 50% stenosis\n> 70% stenosis\n> 90% stenosis"), None);
    }

    #[test]
    fn lines_are_classified_by_shape() {
        assert_eq!(classify("   "), LineKind::Blank);
        assert_eq!(classify("HOSPITAL COURSE"), LineKind::Heading);
        assert_eq!(classify("*** CRITICAL RESULT ***"), LineKind::Heading);
        assert_eq!(classify("Rx"), LineKind::Heading);
        assert_eq!(classify("Discharge medications:"), LineKind::Heading);
        assert_eq!(classify("| Potassium | 3.1 | L | mmol/L |"), LineKind::TableRow);
        assert_eq!(classify("Sodium        138     mmol/L    135-145"), LineKind::TableRow);
        assert_eq!(classify("|------|-----|"), LineKind::TableRule);
        assert_eq!(classify("monitoring: |"), LineKind::Heading);
        assert_eq!(block_key("monitoring: |"), Some("monitoring:"));
        assert_eq!(block_key("Tests: HbA1c | lipids |"), None);
        assert_eq!(classify("- metformin 500 mg BID"), LineKind::ListItem);
        assert_eq!(classify("2. Lisinopril 10 mg daily"), LineKind::ListItem);
        assert_eq!(classify("o Pressure care: air mattress"), LineKind::ListItem);
        assert_eq!(classify("▪ Stop the itraconazole"), LineKind::ListItem);
        assert_eq!(classify("o dear, he fell again"), LineKind::Prose);
        assert_eq!(classify("He denies chest pain. He is well."), LineKind::Prose);
    }

    #[test]
    fn the_longest_non_terminal_abbreviation_is_counted() {
        assert_eq!(NON_TERMINAL.iter().map(|a| a.len()).max(), Some(LONGEST_NON_TERMINAL));
    }

    #[test]
    fn sentences_do_not_split_at_abbreviations_initials_or_decimals() {
        let line = "Seen by Dr. Quince today. K 3.1 mmol/L was low. J. Smith agreed, e.g. to repeat labs. Done!";
        let parts: Vec<&str> = sentences(line).map(|(s, e)| &line[s..e]).collect();
        assert_eq!(
            parts,
            ["Seen by Dr. Quince today.", "K 3.1 mmol/L was low.", "J. Smith agreed, e.g. to repeat labs.", "Done!"]
        );
        let item = "2. Hypertension, at target. Recheck.";
        let parts: Vec<&str> = sentences(item).map(|(s, e)| &item[s..e]).collect();
        assert_eq!(parts, ["2. Hypertension, at target.", "Recheck."]);
        // A leader's dots end no sentence: "Not detected" is the test's result. An ellipsis after
        // a word does.
        let row = "Treponema pallidum DNA ....... Not detected. He paused... Then left.";
        let parts: Vec<&str> = sentences(row).map(|(s, e)| &row[s..e]).collect();
        assert_eq!(parts, ["Treponema pallidum DNA ....... Not detected.", "He paused...", "Then left."]);
    }

    fn squeeze(line: &str) -> String {
        let mut out = String::new();
        squeeze_into(&mut out, line);
        out
    }

    #[test]
    fn section_labels_are_one_to_three_words_and_a_colon() {
        assert_eq!(label_len("Exam: Chest clear."), "Exam: ".len());
        assert_eq!(label_len("Family history: none"), "Family history: ".len());
        assert_eq!(label_len("BP: 120/80"), "BP: ".len());
        assert_eq!(label_len("Surgeon's brief: long case"), "Surgeon's brief: ".len());
        assert_eq!(label_len("Surgeon\u{2019}s brief: long case"), "Surgeon\u{2019}s brief: ".len());
        assert_eq!(label_len("Surgeon\u{2018}s brief: long case"), 0, "only the apostrophe's mark");
        assert_eq!(label_len("Potassium 3.1: low"), 0);
        assert_eq!(label_len("He said the following four things: one"), 0);
        assert_eq!(label_len("No colon here."), 0);
        assert_eq!(label_len(": empty label"), 0);
        assert_eq!(label_len("FY1: Spiked again"), 0);
        assert_eq!(speaker_len("FY1: Spiked again"), "FY1: ".len());
        assert_eq!(speaker_len("Speaker 2: yes"), "Speaker 2: ".len());
    }

    #[test]
    fn squeeze_collapses_whitespace() {
        assert_eq!(squeeze("  a   b\t c  "), "a b c");
        assert_eq!(squeeze(" ä \u{a0} b\x0B c "), "ä b c");
        assert_eq!(squeeze("a b c"), "a b c");
        assert_eq!(squeeze(" a"), "a");
        assert_eq!(squeeze("a "), "a");
        assert_eq!(squeeze(" "), "");
        assert_eq!(squeeze("a b\rc"), "a b c");
        let mut words = vec!["before"];
        split_spaces("a b  c ", &mut words);
        assert_eq!(words[1..], "a b  c ".split(' ').collect::<Vec<_>>());
    }

    #[test]
    fn a_recycled_buffer_keeps_its_allocation() {
        let line = String::from("a line's words");
        let mut words: Vec<&str> = recycle(Vec::<&'static str>::with_capacity(37));
        assert_eq!(words.capacity(), 37);
        split_spaces(&line, &mut words);
        let spare: Vec<&'static str> = recycle(words);
        assert!(spare.is_empty() && spare.capacity() == 37);
    }
}
