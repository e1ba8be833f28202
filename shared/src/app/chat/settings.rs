//! The chatbot's configuration, read once per cold start.

use std::time::Duration;

use super::MAX_OUTPUT_TOKENS;
use crate::config::EnvReader;
use crate::domain::chat::CostUnits;
use crate::pricing::PriceTable;

/// The chatbot's settings, read once per cold start.
#[derive(Clone, Debug)]
pub struct ChatSettings {
    /// Used when a request names neither a model nor a provider.
    pub default_model: String,
    /// Each provider's model when a request names only the provider.
    pub openai_model: String,
    pub anthropic_model: String,
    pub llama_model: String,
    /// `maxTokens` when a request does not say.
    pub max_tokens: u32,
    /// Most history tokens sent with a message (also bounded by the model's context window).
    pub history_tokens: usize,
    /// Most earlier messages read to choose the history from.
    pub history_messages: usize,
    /// Until the answer (or, streamed, its first part) must have come, retries and fallback
    /// included.
    pub deadline: Duration,
    /// When set, a streamed answer ends there, cut, with its error event (a function whose
    /// transport has a time limit: API Gateway's buffered integration).
    pub stream_limit: Option<Duration>,
    /// Each tenant's monthly budget (USD units); `None`: no budget.
    pub monthly_budget: Option<CostUnits>,
    /// Sent first in every conversation; empty: none.
    pub system_prompt: String,
}

const DEFAULT_SYSTEM_PROMPT: &str = "You are a careful assistant for a team that analyses medical documents. \
Answer precisely and briefly, keep every number with its unit, and say so when the conversation does not contain \
the information asked for.";

impl Default for ChatSettings {
    fn default() -> Self {
        Self {
            default_model: "gpt-4o-mini".to_owned(),
            openai_model: "gpt-4o-mini".to_owned(),
            anthropic_model: "claude-haiku-4-5".to_owned(),
            llama_model: "llama3.1:8b".to_owned(),
            max_tokens: 1_024,
            history_tokens: 16_000,
            history_messages: 100,
            deadline: Duration::from_secs(9),
            stream_limit: None,
            monthly_budget: None,
            system_prompt: DEFAULT_SYSTEM_PROMPT.to_owned(),
        }
    }
}

impl ChatSettings {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `CHAT_DEFAULT_MODEL` | `gpt-4o-mini` | model when a request names none |
    /// | `CHAT_OPENAI_MODEL`, `CHAT_ANTHROPIC_MODEL`, `CHAT_LLAMA_MODEL` | `gpt-4o-mini`, `claude-haiku-4-5`, `llama3.1:8b` | model when a request names only the provider |
    /// | `CHAT_MAX_TOKENS` | 1024 | answer length when a request does not say |
    /// | `CHAT_HISTORY_TOKENS` | 16000 | most history tokens sent with a message |
    /// | `CHAT_DEADLINE_MS` | 9000 | until the answer, or a stream's first part |
    /// | `CHAT_STREAM_LIMIT_MS` | — | a streamed answer is cut there |
    /// | `CHAT_MONTHLY_BUDGET_USD` | — | each tenant's monthly spend limit; 402 beyond it |
    /// | `CHAT_SYSTEM_PROMPT` | a short instruction | sent first; empty for none |
    ///
    /// Every configured model must have a price: a missing one is a startup error.
    pub fn from_env(env: &mut EnvReader, prices: &PriceTable) -> Self {
        let d = Self::default();
        let model = |env: &mut EnvReader, name: &str, default: &str| {
            let model = env.optional(name).unwrap_or_else(|| default.to_owned());
            if let Err(e) = prices.require(&[&model]) {
                env.problem(format!("{name}: {e}"));
            }
            model
        };
        let default_model = model(env, "CHAT_DEFAULT_MODEL", &d.default_model);
        let openai_model = model(env, "CHAT_OPENAI_MODEL", &d.openai_model);
        let anthropic_model = model(env, "CHAT_ANTHROPIC_MODEL", &d.anthropic_model);
        let llama_model = model(env, "CHAT_LLAMA_MODEL", &d.llama_model);
        let max_tokens: u32 = env.parsed_or("CHAT_MAX_TOKENS", d.max_tokens);
        if !(1..=MAX_OUTPUT_TOKENS).contains(&max_tokens) {
            env.problem(format!("CHAT_MAX_TOKENS must be from 1 to {MAX_OUTPUT_TOKENS}"));
        }
        let history_tokens: usize = env.parsed_or("CHAT_HISTORY_TOKENS", d.history_tokens);
        let deadline_ms: u64 = env.parsed_or("CHAT_DEADLINE_MS", d.deadline.as_millis() as u64);
        if deadline_ms == 0 {
            env.problem("CHAT_DEADLINE_MS must be at least 1");
        }
        let stream_limit = env.optional("CHAT_STREAM_LIMIT_MS").and_then(|raw| match raw.parse::<u64>() {
            Ok(ms) if ms > 0 => Some(Duration::from_millis(ms)),
            _ => {
                env.problem(format!("CHAT_STREAM_LIMIT_MS={raw:?} is not a positive number of milliseconds"));
                None
            }
        });
        let monthly_budget = crate::app::budget::limit_from_env(env);
        let system_prompt = env.optional("CHAT_SYSTEM_PROMPT").unwrap_or(d.system_prompt);
        Self {
            default_model,
            openai_model,
            anthropic_model,
            llama_model,
            max_tokens,
            history_tokens,
            history_messages: d.history_messages,
            deadline: Duration::from_millis(deadline_ms.max(1)),
            stream_limit,
            monthly_budget,
            system_prompt,
        }
    }
}
