//! The context optimizer: shrinks clinical text before it is sent to an LLM without touching
//! what carries its meaning. Pure and deterministic: same input, same output.
//!
//! How it works, line by line in the original order:
//!
//! - quoted e-mail is read, and written, without its quotation marks (`text::unquoted`);
//! - a transcript's time-code ("[00:01:22] Registrar: …") is read past to its speaker's label,
//!   and a turn after a question is kept whole as its answer (`prose`);
//! - a line a fixed width broke mid-sentence (text taken from a PDF or a fax) is read, and
//!   written, joined to the line it runs on into (`text::joined_wraps`);
//! - every line: whitespace squeezed; tables keep every row and lose only layout (padding, rulers);
//! - a sentence that names a clinical concept (a diagnosis, finding, symptom, procedure, device,
//!   organism, drug or body part of the generated vocabulary, see `vocabulary`) is protected whole
//!   and verbatim; in other sentences, the clauses' windows around a number, a negation, an
//!   allergy or a drug are protected (see `protect`); a sentence with anything protected or a
//!   `preserveKeywords` entry is never dropped;
//! - the strategy decides what else goes (each level includes the ones above it):
//!
//! | strategy | what is removed outside protected clauses |
//! |---|---|
//! | MINIMAL | blank-line runs; table rulers; greetings, courtesies, sign-offs, signatures and confidentiality footers; verbose phrases rewritten ("due to the fact that" → "because"); hedges ("basically", "actually") and a speaker's hesitations ("um", "erm") |
//! | CONSERVATIVE | + repeated sentences; sentences with no clinical word; blank lines |
//! | BALANCED | + sentences with two clinical words or fewer; clauses with none; articles |
//! | AGGRESSIVE | + every unprotected sentence except short clinical statements (at least half clinical words: "Trace bilateral ankle edema.", "- Hypertension"); header fields that identify a record or reach a person (`MRN: …`, `Tel: …`, a bare name); filler words ("noted", "however"); common section headings abbreviated (`PAST MEDICAL HISTORY` → `PMH`); unprotected clauses with one clinical word or fewer; unprotected parentheticals; pronouns, auxiliaries and other function words; common clinical abbreviations ("patient" → "pt"); a transcript's time-codes; never a protected word (a value's whole label stays: `Pt is a 67 y/o M`) |
//!
//! - the content type changes the rules: LAB_RESULTS keeps every line with a value whole;
//!   PRESCRIPTION keeps every line naming a drug or a dose whole; PATIENT_HISTORY drops repeated
//!   sentences even under MINIMAL; DIAGNOSIS never drops a sentence with a clinical word.
//! - `targetTokens`: if the strategy's result is still longer, stronger levels are applied in
//!   turn, up to dropping every unprotected sentence; if that is not enough, the response says by
//!   how many tokens the target was missed and that protected content is what is left.
//! - the result is never longer than the input in tokens: if it were, the input is returned.

mod class;
mod edit;
mod fields;
mod impression;
mod inflections;
mod keys;
mod keywords;
mod lexicon;
mod prose;
mod protect;
mod quality;
mod section;
mod subject;
mod text;
mod tidy;
mod vocabulary;

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

pub use quality::Quality;

use keywords::Keywords;
use prose::{prose_line, ProseState, Standing};
use text::{classify, squeeze_into, LineKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Strategy {
    Minimal,
    Conservative,
    Balanced,
    Aggressive,
}

impl Strategy {
    pub const ALL: [Strategy; 4] =
        [Strategy::Aggressive, Strategy::Balanced, Strategy::Conservative, Strategy::Minimal];

    /// The reduction the strategy aims for, in percent, as a median over ordinary clinical
    /// prose (SPEC §2). A document whose protected content leaves less to remove says so
    /// (`Optimized::range_reached`).
    pub fn range(self) -> (f64, f64) {
        match self {
            Self::Minimal => (5.0, 10.0),
            Self::Conservative => (15.0, 25.0),
            Self::Balanced => (30.0, 40.0),
            Self::Aggressive => (45.0, 60.0),
        }
    }

    fn level(self) -> Level {
        match self {
            Self::Minimal => Level::Minimal,
            Self::Conservative => Level::Conservative,
            Self::Balanced => Level::Balanced,
            Self::Aggressive => Level::Aggressive,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ContentType {
    MedicalReport,
    PatientHistory,
    LabResults,
    Prescription,
    Diagnosis,
    General,
}

impl ContentType {
    pub const ALL: [ContentType; 6] = [
        ContentType::MedicalReport,
        ContentType::PatientHistory,
        ContentType::LabResults,
        ContentType::Prescription,
        ContentType::Diagnosis,
        ContentType::General,
    ];
}

/// How hard to cut. The strategies map to the first four; `Exhaustive` (which also drops every
/// unprotected clause and a DIAGNOSIS's unprotected clinical sentences) is only reached while
/// chasing `targetTokens`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Minimal,
    Conservative,
    Balanced,
    Aggressive,
    Exhaustive,
}

impl Level {
    fn stronger(self) -> Option<Level> {
        match self {
            Self::Minimal => Some(Self::Conservative),
            Self::Conservative => Some(Self::Balanced),
            Self::Balanced => Some(Self::Aggressive),
            Self::Aggressive => Some(Self::Exhaustive),
            Self::Exhaustive => None,
        }
    }
}

/// Counts tokens for the target model. A port so the optimizer can be tested without a real
/// tokenizer and so the tokenizer is chosen by the caller.
pub trait TokenCounter {
    fn count(&self, text: &str) -> usize;

    /// `(count(original), count(edited))`. `edited` is the optimizer's output, made mostly of
    /// `original`'s lines as written: a counter may reuse what counting `original` told it about
    /// them, as long as both counts stay exactly what `count` gives.
    fn count_pair(&self, original: &str, edited: &str) -> (usize, usize) {
        let tokens = self.count(original);
        (tokens, count_unless_same(self, original, tokens, edited))
    }
}

/// Running totals of a tenant's optimizations: sums only, so they can be kept as atomic counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OptimizerTotals {
    pub optimizations: u64,
    pub original_tokens: u64,
    pub optimized_tokens: u64,
    /// Sum of quality scores in thousandths (integers add exactly).
    pub quality_milli_sum: u64,
}

impl OptimizerTotals {
    pub fn of(result: &Optimized) -> Self {
        Self {
            optimizations: 1,
            original_tokens: result.original_tokens as u64,
            optimized_tokens: result.optimized_tokens as u64,
            quality_milli_sum: (result.quality.score * 1000.0).round() as u64,
        }
    }

    pub fn add(&mut self, other: &Self) {
        self.optimizations += other.optimizations;
        self.original_tokens += other.original_tokens;
        self.optimized_tokens += other.optimized_tokens;
        self.quality_milli_sum += other.quality_milli_sum;
    }

    pub fn tokens_saved(&self) -> u64 {
        self.original_tokens.saturating_sub(self.optimized_tokens)
    }

    /// Token-weighted: saved tokens over original tokens, in percent.
    pub fn average_reduction_percentage(&self) -> f64 {
        if self.original_tokens == 0 {
            return 0.0;
        }
        (self.tokens_saved() as f64 / self.original_tokens as f64 * 10_000.0).round() / 100.0
    }

    pub fn average_quality(&self) -> f64 {
        if self.optimizations == 0 {
            return 0.0;
        }
        (self.quality_milli_sum as f64 / self.optimizations as f64).round() / 1000.0
    }
}

pub struct Options<'a> {
    pub strategy: Strategy,
    pub content_type: ContentType,
    pub target_tokens: Option<usize>,
    pub preserve_keywords: &'a [String],
}

/// What happened to a `targetTokens` request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TargetReport {
    pub requested: usize,
    pub met: bool,
    /// Tokens above the target, 0 when met.
    pub missed_by: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Optimized {
    pub content: String,
    pub original_tokens: usize,
    pub optimized_tokens: usize,
    pub quality: Quality,
    pub preserved_keywords: Vec<String>,
    pub target: Option<TargetReport>,
    /// The fewest tokens that still hold every protected item, estimated (see `floor_tokens`).
    pub floor_tokens: usize,
    /// Each protected item of the input as the output writes it (squeezed), in order: what a
    /// reader can check was kept.
    pub protected_items: Vec<String>,
}

impl Optimized {
    /// Share of tokens removed, in percent, two decimals.
    pub fn reduction_percentage(&self) -> f64 {
        if self.original_tokens == 0 {
            return 0.0;
        }
        let saved = self.original_tokens.saturating_sub(self.optimized_tokens) as f64;
        (saved / self.original_tokens as f64 * 10_000.0).round() / 100.0
    }

    /// Whether the reduction reached the low end of `strategy`'s range.
    pub fn range_reached(&self, strategy: Strategy) -> bool {
        self.reduction_percentage() >= strategy.range().0
    }

    /// Original tokens per optimized token (1.0 when nothing changed or the input was empty).
    pub fn compression_ratio(&self) -> f64 {
        if self.optimized_tokens == 0 {
            return 1.0;
        }
        (self.original_tokens as f64 / self.optimized_tokens as f64 * 1000.0).round() / 1000.0
    }
}

/// The optimization was stopped from outside (its request's deadline passed) before it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the optimization was stopped before it finished")]
pub struct Stopped;

/// Whether to give up: asked between lines and between sentences, so a stop takes effect within
/// one sentence's work. `optimize` never stops (its error type has no values); `optimize_until`
/// stops once its flag is set.
trait Stop {
    type Error;
    fn check(&self) -> Result<(), Self::Error>;
}

struct Never;

impl Stop for Never {
    type Error = std::convert::Infallible;
    fn check(&self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl Stop for AtomicBool {
    type Error = Stopped;
    fn check(&self) -> Result<(), Stopped> {
        if self.load(Ordering::Relaxed) {
            Err(Stopped)
        } else {
            Ok(())
        }
    }
}

pub fn optimize(content: &str, options: &Options<'_>, counter: &dyn TokenCounter) -> Optimized {
    let Ok(optimized) = optimize_with(content, options, counter, &Never);
    optimized
}

/// `optimize`, giving up with `Stopped` soon after `stop` is set: a caller whose deadline passed
/// sets it, and the thread doing the work is free again instead of finishing for nobody.
pub fn optimize_until(
    content: &str,
    options: &Options<'_>,
    counter: &dyn TokenCounter,
    stop: &AtomicBool,
) -> Result<Optimized, Stopped> {
    optimize_with(content, options, counter, stop)
}

fn optimize_with<S: Stop>(
    content: &str,
    options: &Options<'_>,
    counter: &dyn TokenCounter,
    stop: &S,
) -> Result<Optimized, S::Error> {
    let keywords = Keywords::new(options.preserve_keywords);
    // Split once: every pass and the quality score read the same lines, and splitting them
    // again cost some 200 instructions a line. Quoted e-mail is read without its marks
    // (`text::unquoted`), and lines a fixed width broke are read joined (`text::joined_wraps`).
    let split = text::lines(content);
    let split = text::unquoted(&split).unwrap_or(split);
    let joined = text::joined_wraps(&split);
    let lines: Vec<&str> = match &joined {
        Some(joined) => joined.iter().map(|line| line.as_ref()).collect(),
        None => split,
    };
    let mut level = options.strategy.level();
    let mut pass = run(content, &lines, level, options.content_type, &keywords, stop)?;
    // Both texts at once: the output repeats most of the input's lines (see `count_pair`).
    // `tokens` is then the count of the text counted last: a stronger level often leaves a text
    // unchanged (nothing more to drop), and the count of the same text is not asked for twice.
    let (original_tokens, mut tokens) = counter.count_pair(content, &pass.text);
    if let Some(target) = options.target_tokens {
        while tokens > target {
            let Some(next) = level.stronger() else { break };
            level = next;
            let stronger = run(content, &lines, level, options.content_type, &keywords, stop)?;
            tokens = count_unless_same(counter, &pass.text, tokens, &stronger.text);
            pass = stronger;
        }
    }
    if tokens > original_tokens {
        // Never longer than the input: a rewrite that cost tokens is undone wholesale.
        pass.text = content.to_owned();
        tokens = original_tokens;
    }
    let target = options.target_tokens.map(|requested| TargetReport {
        requested,
        met: tokens <= requested,
        missed_by: tokens.saturating_sub(requested),
        reason: (tokens > requested).then(|| {
            "every unprotected sentence was removed; what is left is protected content (sentences that name a clinical concept, \
             values, negations, allergies, drugs, keywords), headings and table rows, which are never dropped"
                .to_owned()
        }),
    });
    Ok(Optimized {
        floor_tokens: floor_tokens(&pass, tokens),
        quality: quality::score(
            quality::Original { text: content, lines: &lines, reading: &pass.reading },
            &pass.text,
            &pass.written,
            &pass.protected_items,
        ),
        preserved_keywords: keywords.found_in(&pass.text),
        protected_items: pass.protected_items,
        content: pass.text,
        original_tokens,
        optimized_tokens: tokens,
        target,
    })
}

/// The tokens the protected items alone would take, estimated from the output's tokens per byte
/// rather than counted: counting them again would cost as much as the optimization. Each item
/// is counted with one separator, as the output joins them.
fn floor_tokens(pass: &Pass, tokens: usize) -> usize {
    if pass.text.is_empty() {
        return 0;
    }
    let protected: usize = pass.protected_items.iter().map(|item| item.len() + 1).sum();
    let share = (protected as f64 / pass.text.len() as f64).min(1.0);
    ((tokens as f64 * share).ceil() as usize).min(tokens)
}

/// `known_tokens` is the count of `known`; `text` is counted only if it differs.
fn count_unless_same<C: TokenCounter + ?Sized>(counter: &C, known: &str, known_tokens: usize, text: &str) -> usize {
    if text == known {
        known_tokens
    } else {
        counter.count(text)
    }
}

struct Pass {
    text: String,
    /// Squeezed text of every protected item of the input, in order (see `quality`).
    protected_items: Vec<String>,
    /// The input's lines as read, for the quality score.
    reading: quality::Reading,
    /// `text`'s lines and the input's lines they repeat, for the quality score.
    written: quality::Written,
}

/// One pass over `content` (split into `lines`) at `level`.
fn run<S: Stop>(
    content: &str,
    lines: &[&str],
    level: Level,
    content_type: ContentType,
    keywords: &Keywords,
    stop: &S,
) -> Result<Pass, S::Error> {
    let mut out = String::with_capacity(content.len());
    // About one protected item a line: grown from empty, the list was copied at each doubling
    // (-0.20 M instructions in three corpus passes).
    let mut protected_items = Vec::with_capacity(lines.len());
    let longest_line = lines.iter().map(|line| line.len()).max().unwrap_or(0);
    let mut state = ProseState::for_text(content, longest_line);
    let mut sections = section::Sections::default();
    // What is kept of the current line; reused so lines cost no allocation of their own, and
    // sized for the longest, which it rarely outgrows.
    let mut kept = String::with_capacity(longest_line);
    let mut reading = quality::Reading::with_capacity(content.len());
    let mut written = quality::Written::with_capacity(lines.len());
    let mut blank_pending = false;
    for (number, &line) in lines.iter().enumerate() {
        stop.check()?;
        kept.clear();
        let kind = classify(line);
        let standing = Standing {
            narrative: sections.line(line, kind),
            plan: sections.in_plan(),
            label: sections.label_names_plan(line),
        };
        // A line holding a `preserveKeywords` entry keeps its fields: the keyword's sentence is
        // copied whole (the fuzz target found a keyword lost with a `to:` field).
        let stripped = (level >= Level::Aggressive
            && matches!(kind, LineKind::TableRow | LineKind::ListItem | LineKind::Prose)
            && !keywords.occurs_in(line))
        .then(|| fields::without_admin(line));
        if stripped.as_ref().is_some_and(|stripped| stripped.trim().is_empty()) {
            continue;
        }
        // The score counts the original's words, so only a line read as written lends it its
        // words (`quality::Reading`): one whose fields all stayed (`without_admin` then borrows
        // the line itself).
        let as_written = stripped.as_ref().is_none_or(|stripped| matches!(stripped, Cow::Borrowed(_)));
        let original = line;
        let line = stripped.as_deref().unwrap_or(line);
        match kind {
            LineKind::Blank => {
                state.in_signature = false;
                blank_pending = !out.is_empty();
                continue;
            }
            LineKind::TableRule => continue,
            LineKind::TableRow | LineKind::Heading => {
                squeeze_into(&mut kept, line);
                if kind == LineKind::Heading {
                    state.heading(&kept);
                }
                if kept.bytes().any(|b| b.is_ascii_digit()) || keywords.occurs_in(&kept) {
                    protected_items.push(kept.clone());
                } else if kind == LineKind::Heading && level >= Level::Aggressive {
                    if let Some(short) = section_abbreviation(&kept) {
                        kept = short;
                    }
                }
            }
            LineKind::ListItem | LineKind::Prose => {
                prose_line(
                    line,
                    level,
                    content_type,
                    standing,
                    keywords,
                    &mut state,
                    &mut protected_items,
                    &mut kept,
                    stop,
                )?;
                if as_written {
                    reading.record(number, &state.words_read);
                }
            }
        }
        if kept.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_pending && level == Level::Minimal {
                out.push('\n');
            }
        }
        blank_pending = false;
        let start = out.len();
        out.push_str(&kept);
        // Most lines are kept as written (86 % of BALANCED's output bytes): the score then takes
        // their words from the input's line rather than reading them again.
        written.line(start..out.len(), (kept == original).then_some(number));
    }
    Ok(Pass { text: out, protected_items, reading, written })
}

/// How AGGRESSIVE writes a section heading, if it abbreviates it: as the abbreviation
/// clinicians use (`HISTORY OF PRESENT ILLNESS` → `HPI`), keeping a trailing colon.
pub fn section_abbreviation(heading: &str) -> Option<String> {
    let name = heading.trim_end_matches([':', ' ']);
    let colon = if name.len() < heading.len() { ":" } else { "" };
    lexicon::SECTION_ABBREVIATIONS
        .iter()
        .find(|(long, _)| long.eq_ignore_ascii_case(name))
        .map(|(_, short)| format!("{short}{colon}"))
}

#[cfg(test)]
mod tests;
