//! Texts the exactness tests compare against `bpe-openai`: the optimizer corpus and excerpts of
//! it, hand-picked edge cases of the pre-tokenization patterns, and arbitrary strings.

use proptest::prelude::*;
use serde::Deserialize;

use super::Encoding;

pub(super) const ENCODINGS: [Encoding; 2] = [Encoding::O200kBase, Encoding::Cl100kBase];

pub(super) fn library(encoding: Encoding) -> &'static bpe_openai::Tokenizer {
    match encoding {
        Encoding::O200kBase => bpe_openai::o200k_base(),
        Encoding::Cl100kBase => bpe_openai::cl100k_base(),
    }
}

#[derive(Deserialize)]
struct Document {
    content: String,
}

/// The `content` of every optimizer corpus document.
pub(super) fn corpus() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/optimizer-corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 30, "the corpus has {} documents", paths.len());
    paths
        .iter()
        .map(|p| {
            let json = std::fs::read_to_string(p).expect("readable");
            serde_json::from_str::<Document>(&json).expect("a corpus document").content
        })
        .collect()
}

/// Slices of `text` of varied lengths starting every 61 bytes, so pieces start and end
/// mid-word, mid-number and mid-whitespace.
pub(super) fn excerpts(text: &str) -> Vec<&str> {
    let boundary = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    (0..text.len())
        .step_by(61)
        .map(|start| {
            let end = (start + 1 + start % 397).min(text.len());
            &text[boundary(start)..boundary(end)]
        })
        .collect()
}

/// Edge cases of the patterns: contractions, digit runs, whitespace before words, newlines and
/// the end of the text, punctuation runs before newlines and slashes, control characters, and
/// non-ASCII letters, digits and spaces next to ASCII.
pub(super) const TRICKY: &[&str] = &[
    "",
    " ",
    "  ",
    "\n",
    "a",
    "'",
    "''",
    "'s 'S 't 'T 're 'RE 'Re 'rE 've 'VE 'm 'M 'll 'LL 'lL 'd 'D",
    "it's IT'S don't DON'T we're WE'RE they've I'm you'll YOU'LL she'd SHE'D",
    "'r 'l 'lx 'v 'x x' 'sam 'llama 're'",
    "1990's it''s rock'n'roll O'Brien o'clock ABC's abcDEF's",
    "1 12 123 1234 12345 123456 1234567 a1234567b 1,234,567.89 0.82",
    "  hello   hello\thello\t\thello \thello",
    "hello  ",
    "hello   \n",
    "a  \n  b",
    "a \n\n  \n b",
    "x   ",
    " \t\n",
    "\t\tx",
    "\t(x",
    " (x",
    "  (x",
    "   12",
    "a\r\nb\r\n\r\n  b\r\r\n",
    "\r",
    "...\n",
    "...\n\n/",
    "a/b mmol/L x10^9/L mL/min/1.73m2",
    // Words ending at, just before and just after eight bytes, where the scanner stops reading
    // eight bytes at a time; upper-case runs of every length; a non-ASCII byte ending each.
    "abcdefg abcdefgh abcdefghi ABCDEFGH ABCDEFGHI Abcdefg Abcdefgh ABCDEFGhijk ABCDEFGHijk aBCDEFGH",
    "abcdefgé abcdefghé ABCDEFGé ABCDEFGHé Abcdefgé AbcdefGHé abcdefgh's ABCDEFGH'S abcdefg's xHYPOKALAEMIA",
    "Hypokalaemia's\nHYPOKALAEMIA hypokalaemia.\nabcdefgh",
    "(3.5-5.1).\n",
    "!!\n/\n/x",
    "--/ --\n/ |---|---|\n",
    "a.\r\n",
    "\u{0}\u{1f}\u{7f}x\u{1c}y",
    "\u{b}\u{c}word\u{b}word\u{c}\n",
    " hello",
    " 12",
    " .",
    "\n\nhello",
    "HELLOworld helloWorld HeLLo HELLO'S",
    "café naïve ’s 'ſ x'ſ X'ſ 'Sſ",
    "°C 5 °C µg 37.5°C",
    "\u{a0}x a\u{a0}\u{a0}b a \u{a0}b\u{a0} ",
    "１２３ ² x² 12²",
    "日本語のテキスト",
    "😀 😀😀 a😀",
    "e\u{301} a\u{301}'s",
    "\u{85}x \u{2028}\n \n\u{2028}",
    ".é (é ,\u{a0}",
];

/// Arbitrary strings, mostly of the ASCII the scanner handles itself, with some non-ASCII
/// letters, digits, marks and spaces it must leave to the library.
pub(super) fn text() -> impl Strategy<Value = String> {
    let select = |chars: &str| prop::sample::select(chars.chars().collect::<Vec<_>>());
    let char = prop_oneof![
        6 => select("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        3 => select("'sStTrReEvVmMlLdD"),
        2 => select("0123456789"),
        4 => select("  \n"),
        1 => select("\t\r\u{b}\u{c}"),
        2 => select(".,:;!?()[]{}/\\-_|\"#%&*+<=>@^`~$"),
        1 => select("\u{0}\u{1f}\u{7f}éſ’°µ\u{a0}\u{85}\u{2028}²١日😀\u{301}\u{212a}"),
    ];
    prop::collection::vec(char, 0..48).prop_map(|chars| chars.into_iter().collect())
}
