//! The optimizer on arbitrary input: it never panics, never returns more tokens than it was
//! given, and keeps every protected item it found (in order). The first byte picks the strategy
//! and content type, the rest is the text.
//!
//! `cargo +nightly fuzz run optimizer -- -max_total_time=600` from the repository root.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shared::domain::optimizer::{optimize, ContentType, Options, Strategy};
use shared::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let strategy = Strategy::ALL[usize::from(selector & 3)];
    let content_type = ContentType::ALL[usize::from(selector >> 2) % ContentType::ALL.len()];
    let target_tokens = (selector & 0x80 != 0).then(|| text.len() / 8 + 1);
    let keywords = ["chest pain".to_owned()];
    let options = Options { strategy, content_type, target_tokens, preserve_keywords: &keywords };
    let Ok(tokenizer) = ModelTokenizer::for_model(DEFAULT_MODEL) else { return };
    let result = optimize(text, &options, &tokenizer.counter());
    assert!(result.optimized_tokens <= result.original_tokens, "the output grew");
    assert!(result.floor_tokens <= result.optimized_tokens, "the floor is above the output");
    assert_eq!(result.quality.protected_items_kept, result.quality.protected_items, "a protected item was lost");
    if text.to_ascii_lowercase().contains("chest pain") {
        assert!(result.content.to_ascii_lowercase().contains("chest pain"), "a keyword was lost");
    }
});
