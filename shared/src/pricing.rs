//! What a model call costs: the price table (`shared/data/model-prices.json`, compiled in) and
//! the cost of a reply from the usage its provider reported.
//!
//! A model matches its own entry, or an entry it extends by a version suffix of digits and dashes
//! (`gpt-4o-2024-08-06` is priced as `gpt-4o`, `claude-sonnet-4-5-20250929` as
//! `claude-sonnet-4-5`); `gpt-4o-audio` matches nothing rather than being priced as `gpt-4o`.

use serde::Deserialize;

use crate::domain::llm::LlmReply;

const TABLE: &str = include_str!("../data/model-prices.json");

/// USD per million tokens.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub model: String,
    pub provider: String,
    pub input: f64,
    pub cached_input: f64,
    pub output: f64,
    /// Tokens of prompt and answer together the model accepts.
    pub context_window: u64,
    /// When the figures were read from the provider's price page.
    pub checked: String,
}

/// Empty by default: only for a configuration that failed and is about to be reported.
#[derive(Clone, Debug, Default)]
pub struct PriceTable {
    models: Vec<Price>,
}

#[derive(Deserialize)]
struct File {
    models: Vec<Price>,
}

impl PriceTable {
    /// The compiled-in table; an error names what is wrong with it.
    pub fn builtin() -> Result<Self, String> {
        let file: File = serde_json::from_str(TABLE).map_err(|e| format!("model-prices.json: {e}"))?;
        if let Some(bad) =
            file.models.iter().find(|p| [p.input, p.cached_input, p.output].iter().any(|x| !x.is_finite() || *x < 0.0))
        {
            return Err(format!("model-prices.json: {} has a negative or non-finite price", bad.model));
        }
        Ok(Self { models: file.models })
    }

    /// Every priced model, in the table's order.
    pub fn models(&self) -> &[Price] {
        &self.models
    }

    pub fn price(&self, model: &str) -> Option<&Price> {
        self.models
            .iter()
            .filter(|p| {
                model.strip_prefix(p.model.as_str()).is_some_and(|rest| {
                    rest.is_empty() || (rest.starts_with('-') && rest.chars().all(|c| c.is_ascii_digit() || c == '-'))
                })
            })
            .max_by_key(|p| p.model.len())
    }

    /// The cost of a reply in USD (to a millionth of a cent), or `None` for a model with no price.
    pub fn cost(&self, reply: &LlmReply) -> Option<f64> {
        let price = self.price(&reply.model)?;
        let cached = reply.cached_tokens.min(reply.input_tokens) as f64;
        let fresh = reply.input_tokens as f64 - cached;
        let usd = (fresh * price.input + cached * price.cached_input + reply.output_tokens as f64 * price.output) / 1e6;
        Some((usd * 1e8).round() / 1e8)
    }

    /// The cost of a reply priced as the model that answered or, when that id has no price (a
    /// provider's alias for it), as the model that was asked: what a call is charged.
    pub fn cost_as_asked(&self, reply: &LlmReply, asked: &str) -> Option<f64> {
        self.cost(reply).or_else(|| self.cost(&LlmReply { model: asked.to_owned(), ..reply.clone() }))
    }

    /// Every configured model must have a price: a missing one is a startup error, never a
    /// silent $0.
    pub fn require(&self, models: &[&str]) -> Result<(), String> {
        let missing: Vec<&str> = models.iter().copied().filter(|m| self.price(m).is_none()).collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("no price for {} in shared/data/model-prices.json", missing.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(model: &str, input: u64, cached: u64, output: u64) -> LlmReply {
        LlmReply {
            text: String::new(),
            provider: "openai".to_owned(),
            model: model.to_owned(),
            input_tokens: input,
            output_tokens: output,
            cached_tokens: cached,
        }
    }

    #[test]
    fn versions_match_their_family_and_other_variants_do_not() {
        let t = PriceTable::builtin().expect("the table parses");
        assert_eq!(t.price("gpt-4o-2024-08-06").map(|p| p.model.as_str()), Some("gpt-4o"));
        assert_eq!(t.price("gpt-4o-mini").map(|p| p.model.as_str()), Some("gpt-4o-mini"));
        assert_eq!(t.price("claude-sonnet-4-5-20250929").map(|p| p.model.as_str()), Some("claude-sonnet-4-5"));
        assert_eq!(t.price("gpt-4o-audio-preview"), None);
        assert!(t.require(&["gpt-4o", "claude-haiku-4-5"]).is_ok());
        let err = t.require(&["gpt-4o", "mystery-1"]).expect_err("missing price");
        assert!(err.contains("mystery-1"));
    }

    #[test]
    fn cached_tokens_are_priced_as_cached() {
        let t = PriceTable::builtin().expect("the table parses");
        // gpt-4o: 1M fresh input $2.50, 1M cached $1.25, 1M output $10.
        assert_eq!(t.cost(&reply("gpt-4o", 2_000_000, 1_000_000, 1_000_000)), Some(13.75));
        assert_eq!(t.cost(&reply("gpt-4o", 1_000, 0, 500)), Some(0.0075));
        assert_eq!(t.cost(&reply("unknown-model", 1, 0, 1)), None);
    }
}
