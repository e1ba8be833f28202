//! The offline provider: what `local` answers with when no LLM provider is configured, so the
//! whole product runs with no account and no network. It says what it is in its text and in its
//! `provider`/`model` fields, and its answer is extractive (the first sentences of the last
//! message, never invented content). Usage is counted with the requested model's tokenizer.

use async_trait::async_trait;

use crate::domain::llm::{LlmReply, LlmRequest, Role};
use crate::domain::optimizer::TokenCounter;
use crate::ports::{LlmError, LlmProvider};
use crate::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

pub const PROVIDER: &str = "offline";
pub const MODEL: &str = "offline-extractive";

/// Most characters of the last message quoted back.
const EXCERPT_CHARS: usize = 600;

#[derive(Clone, Copy, Debug, Default)]
pub struct OfflineLlm;

#[async_trait]
impl LlmProvider for OfflineLlm {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError> {
        let tokenizer = ModelTokenizer::for_model(&request.model)
            .or_else(|_| ModelTokenizer::for_model(DEFAULT_MODEL))
            .map_err(|e| LlmError::Permanent(e.to_string()))?;
        let counter = tokenizer.counter();
        let last = request.messages.iter().rev().find(|m| m.role == Role::User).map_or("", |m| m.content.as_str());
        let text = format!(
            "[offline provider: no LLM is configured, so this is an excerpt of the request, not a model's answer] {}",
            excerpt(last)
        );
        let input_tokens = request.messages.iter().map(|m| counter.count(&m.content) as u64).sum();
        let output_tokens = (counter.count(&text) as u64).min(u64::from(request.max_output_tokens));
        Ok(LlmReply {
            text,
            provider: PROVIDER.to_owned(),
            model: MODEL.to_owned(),
            input_tokens,
            output_tokens,
            cached_tokens: 0,
        })
    }
}

/// Up to `EXCERPT_CHARS` characters, cut after the last full sentence that fits when there is one.
fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let head: String = flat.chars().take(EXCERPT_CHARS).collect();
    match head.rfind(". ") {
        Some(end) if end > EXCERPT_CHARS / 3 => head[..=end].to_owned(),
        _ => format!("{head}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::llm::ChatMessage;

    #[tokio::test]
    async fn it_says_it_is_offline_and_counts_real_tokens() {
        let request = LlmRequest {
            model: "gpt-4o".to_owned(),
            messages: vec![ChatMessage {
                role: Role::User,
                content: "Potassium 3.1 mmol/L L. Denies chest pain.".to_owned(),
            }],
            max_output_tokens: 1_024,
            temperature: None,
        };
        let reply = OfflineLlm.complete(&request).await.expect("answer");
        assert_eq!((reply.provider.as_str(), reply.model.as_str()), (PROVIDER, MODEL));
        assert!(reply.text.starts_with("[offline provider"));
        assert!(reply.text.contains("Potassium 3.1 mmol/L L."));
        let exact = ModelTokenizer::for_model("gpt-4o").expect("known").counter().count(&request.messages[0].content);
        assert_eq!(reply.input_tokens, exact as u64);
    }

    #[test]
    fn long_text_is_cut_at_a_sentence() {
        let text = "One sentence here. ".repeat(100);
        let cut = excerpt(&text);
        assert!(cut.chars().count() <= EXCERPT_CHARS && cut.ends_with('.'), "{cut}");
    }
}
