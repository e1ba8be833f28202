//! Which provider answers a model, and how hard to try: the `Router` is the `LlmProvider` the
//! rest of the product uses.
//!
//! - **Routing by model family**: `gpt-*`, `o1`/`o3`/`o4*`, `chatgpt-*` → OpenAI; `claude*` →
//!   Anthropic; `llama*`, `meta-llama/*` and other ids containing `llama` → the OpenAI-compatible
//!   server (vLLM, Ollama, a provisioned instance). A family with no configured provider is a
//!   permanent error naming the variable to set. With no provider at all, `local` answers with
//!   the offline provider (labelled as such); a deployment refuses to start instead.
//! - **Retries**: a retryable error (429, 5xx, timeout) is retried with full-jitter backoff, up
//!   to `LLM_MAX_ATTEMPTS` tries, then the fallback model (`LLM_FALLBACK_MODEL`) gets its own
//!   tries; all of it inside one deadline (`LLM_TIMEOUT_SECONDS`, or the caller's), each attempt
//!   given only the time left. A stream is retried only until it starts; once text has been
//!   forwarded, a failure ends the stream with an error saying the answer is incomplete.

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;

#[cfg(all(feature = "openai", feature = "anthropic"))]
use crate::config::EnvReader;
use crate::domain::llm::{LlmReply, LlmRequest};
use crate::domain::tasks::Backoff;
use crate::ports::{LlmError, LlmProvider, LlmStream};

/// The families a model id can belong to, each served by one configured provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    OpenAi,
    Anthropic,
    Llama,
}

impl Family {
    pub fn of(model: &str) -> Option<Self> {
        let m = model.to_ascii_lowercase();
        if ["gpt-", "o1", "o3", "o4", "chatgpt-"].iter().any(|p| m.starts_with(p)) {
            Some(Self::OpenAi)
        } else if m.starts_with("claude") {
            Some(Self::Anthropic)
        } else if m.contains("llama") {
            Some(Self::Llama)
        } else {
            None
        }
    }

    fn setting(self) -> &'static str {
        match self {
            Self::OpenAi => "OPENAI_API_KEY",
            Self::Anthropic => "ANTHROPIC_API_KEY",
            Self::Llama => "LLAMA_BASE_URL",
        }
    }
}

/// How hard one call tries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Tries per model, the first included.
    pub attempts: u32,
    pub backoff: Backoff,
    /// Everything (tries, waits, fallback) ends by then.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            backoff: Backoff { base: Duration::from_millis(250), cap: Duration::from_secs(4) },
            deadline: Duration::from_secs(60),
        }
    }
}

pub struct Router {
    openai: Option<Arc<dyn LlmProvider>>,
    anthropic: Option<Arc<dyn LlmProvider>>,
    llama: Option<Arc<dyn LlmProvider>>,
    /// Answers every model when no provider is configured (`local` only).
    offline: Option<Arc<dyn LlmProvider>>,
    fallback_model: Option<String>,
    policy: RetryPolicy,
}

impl Router {
    pub fn new(
        openai: Option<Arc<dyn LlmProvider>>,
        anthropic: Option<Arc<dyn LlmProvider>>,
        llama: Option<Arc<dyn LlmProvider>>,
        fallback_model: Option<String>,
        policy: RetryPolicy,
    ) -> Self {
        Self { openai, anthropic, llama, offline: None, fallback_model, policy }
    }

    /// A router that serves no model: for functions that never call one.
    pub fn none() -> Self {
        Self::new(None, None, None, None, RetryPolicy::default())
    }

    /// Every model answered by `provider` (the offline one), with the same retry rules.
    pub fn only(provider: Arc<dyn LlmProvider>) -> Self {
        Self {
            openai: None,
            anthropic: None,
            llama: None,
            offline: Some(provider),
            fallback_model: None,
            policy: RetryPolicy::default(),
        }
    }

    pub fn is_offline(&self) -> bool {
        self.offline.is_some()
    }

    fn provider(&self, model: &str) -> Result<&Arc<dyn LlmProvider>, LlmError> {
        if let Some(offline) = &self.offline {
            return Ok(offline);
        }
        let family = Family::of(model).ok_or_else(|| {
            LlmError::Permanent(format!(
                "no provider serves model {model:?}: use a gpt-*, o*, claude* or *llama* model"
            ))
        })?;
        let configured = match family {
            Family::OpenAi => &self.openai,
            Family::Anthropic => &self.anthropic,
            Family::Llama => &self.llama,
        };
        configured.as_ref().ok_or_else(|| {
            LlmError::Permanent(format!("no provider is configured for {model}: set {}", family.setting()))
        })
    }

    /// Whether a call to `model` has a provider; the error names the setting that would give it
    /// one.
    pub fn serves(&self, model: &str) -> Result<(), String> {
        self.provider(model).map(|_| ()).map_err(|e| e.to_string())
    }

    /// The provider a client is told about for `model`: its family's, or `offline`.
    pub fn provider_name(&self, model: &str) -> &'static str {
        if self.offline.is_some() {
            return "offline"; // `adapters::offline_llm::PROVIDER`, which needs the tokenizer feature
        }
        match Family::of(model) {
            Some(Family::OpenAi) => "openai",
            Some(Family::Anthropic) => "anthropic",
            Some(Family::Llama) => "llama",
            None => "unknown",
        }
    }

    /// The models to try in order: the requested one, then the fallback (if another).
    fn candidates(&self, request: &LlmRequest) -> Vec<LlmRequest> {
        let mut out = vec![request.clone()];
        if let Some(fallback) = self.fallback_model.as_ref().filter(|m| **m != request.model) {
            out.push(LlmRequest { model: fallback.clone(), ..request.clone() });
        }
        out
    }

    /// Runs `call` under the retry policy; returns the first success or the last error.
    async fn with_retries<T, F, Fut>(&self, request: &LlmRequest, call: F) -> Result<T, LlmError>
    where
        F: Fn(Arc<dyn LlmProvider>, LlmRequest) -> Fut,
        Fut: std::future::Future<Output = Result<T, LlmError>>,
    {
        let started = Instant::now();
        let mut last = LlmError::Timeout("no attempt fitted in the deadline".to_owned());
        for candidate in self.candidates(request) {
            let provider = self.provider(&candidate.model)?.clone();
            for attempt in 1..=self.policy.attempts.max(1) {
                let Some(left) = self.policy.deadline.checked_sub(started.elapsed()).filter(|d| !d.is_zero()) else {
                    return Err(deadline_error(last));
                };
                match tokio::time::timeout(left, call(provider.clone(), candidate.clone())).await {
                    Ok(Ok(answer)) => return Ok(answer),
                    Ok(Err(err)) if err.is_retryable() => last = err,
                    Ok(Err(err)) => return Err(err),
                    Err(_) => {
                        return Err(LlmError::Timeout(format!(
                            "no answer within {} ms",
                            self.policy.deadline.as_millis()
                        )))
                    }
                }
                if attempt < self.policy.attempts {
                    let wait = self.policy.backoff.jittered(attempt);
                    if started.elapsed() + wait >= self.policy.deadline {
                        return Err(deadline_error(last));
                    }
                    tokio::time::sleep(wait).await;
                }
            }
            tracing::warn!(model = %candidate.model, error = %last, "model failed after its retries");
        }
        Err(last)
    }

    /// The same router with another deadline (a request's own remaining time).
    pub fn with_deadline(&self, deadline: Duration) -> Self {
        Self {
            openai: self.openai.clone(),
            anthropic: self.anthropic.clone(),
            llama: self.llama.clone(),
            offline: self.offline.clone(),
            fallback_model: self.fallback_model.clone(),
            policy: RetryPolicy { deadline, ..self.policy },
        }
    }
}

fn deadline_error(last: LlmError) -> LlmError {
    match last {
        LlmError::Timeout(m) => LlmError::Timeout(m),
        other => LlmError::Timeout(format!("the deadline passed while retrying ({other})")),
    }
}

#[async_trait]
impl LlmProvider for Router {
    async fn complete(&self, request: &LlmRequest) -> Result<LlmReply, LlmError> {
        self.with_retries(request, |provider, req| async move { provider.complete(&req).await }).await
    }

    async fn stream(&self, request: &LlmRequest) -> Result<LlmStream, LlmError> {
        self.with_retries(request, |provider, req| async move { provider.stream(&req).await }).await
    }
}

/// The providers from the environment:
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `OPENAI_API_KEY` | — | enables OpenAI |
/// | `OPENAI_BASE_URL` | `https://api.openai.com/v1` | |
/// | `ANTHROPIC_API_KEY` | — | enables Anthropic |
/// | `ANTHROPIC_BASE_URL` | `https://api.anthropic.com` | |
/// | `LLAMA_BASE_URL` | — | an OpenAI-compatible server (`http://127.0.0.1:11434/v1` for Ollama) |
/// | `LLAMA_API_KEY` | — | its key, if it wants one |
/// | `LLM_FALLBACK_MODEL` | — | tried when the requested model keeps failing |
/// | `LLM_MAX_ATTEMPTS` | 3 | tries per model |
/// | `LLM_TIMEOUT_SECONDS` | 60 | deadline of one call, retries and fallback included |
/// | `LLM_OFFLINE` | `false` | `true`: the offline provider answers everything |
///
/// Keys found in `secret_keys` (by variable name, from `secrets::provider_keys`) take the place
/// of the variables. With no provider configured: `offline_if_none` (`local`) answers offline;
/// otherwise (a deployment) it is a startup error. The fallback model must have a price and a
/// provider.
#[cfg(all(feature = "openai", feature = "anthropic"))]
pub fn from_env(
    env: &mut EnvReader,
    offline_if_none: bool,
    secret_keys: &std::collections::HashMap<String, String>,
) -> Router {
    use crate::adapters::anthropic::AnthropicProvider;
    use crate::adapters::offline_llm::OfflineLlm;
    use crate::adapters::openai::OpenAiProvider;

    let attempts: u32 = env.parsed_or("LLM_MAX_ATTEMPTS", 3);
    let timeout_s: u64 = env.parsed_or("LLM_TIMEOUT_SECONDS", 60);
    if attempts == 0 || timeout_s == 0 {
        env.problem("LLM_MAX_ATTEMPTS and LLM_TIMEOUT_SECONDS must be at least 1");
    }
    let policy = RetryPolicy {
        attempts: attempts.max(1),
        deadline: Duration::from_secs(timeout_s.max(1)),
        ..RetryPolicy::default()
    };
    let idle = policy.deadline;
    fn problem(env: &mut EnvReader, built: Result<Arc<dyn LlmProvider>, String>) -> Option<Arc<dyn LlmProvider>> {
        built.map_err(|e| env.problem(e)).ok()
    }
    let key = |env: &EnvReader, name: &str| secret_keys.get(name).cloned().or_else(|| env.optional(name));
    let openai = key(env, "OPENAI_API_KEY").and_then(|key| {
        let base = env.optional("OPENAI_BASE_URL").unwrap_or_else(|| "https://api.openai.com/v1".to_owned());
        let built = OpenAiProvider::new("openai", &base, Some(key), idle).map(|p| Arc::new(p) as Arc<dyn LlmProvider>);
        problem(env, built)
    });
    let anthropic = key(env, "ANTHROPIC_API_KEY").and_then(|key| {
        let base = env.optional("ANTHROPIC_BASE_URL").unwrap_or_else(|| "https://api.anthropic.com".to_owned());
        let built = AnthropicProvider::new(&base, key, idle).map(|p| Arc::new(p) as Arc<dyn LlmProvider>);
        problem(env, built)
    });
    let llama = env.optional("LLAMA_BASE_URL").and_then(|base| {
        let built = OpenAiProvider::new("llama", &base, key(env, "LLAMA_API_KEY"), idle)
            .map(|p| Arc::new(p) as Arc<dyn LlmProvider>);
        problem(env, built)
    });
    let offline_requested = env.optional("LLM_OFFLINE").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let none = openai.is_none() && anthropic.is_none() && llama.is_none();
    if offline_requested || (none && offline_if_none) {
        return Router::only(Arc::new(OfflineLlm));
    }
    if none {
        env.problem(
            "no LLM provider is configured: set OPENAI_API_KEY, ANTHROPIC_API_KEY or LLAMA_BASE_URL \
             (or LLM_OFFLINE=true to answer with the offline provider)",
        );
    }
    let fallback_model = env.optional("LLM_FALLBACK_MODEL");
    if let Some(model) = &fallback_model {
        match crate::pricing::PriceTable::builtin().and_then(|t| t.require(&[model])) {
            Ok(()) => {}
            Err(e) => env.problem(format!("LLM_FALLBACK_MODEL: {e}")),
        }
    }
    let router = Router::new(openai, anthropic, llama, fallback_model.clone(), policy);
    if let Some(model) = &fallback_model {
        if let Err(e) = router.provider(model) {
            env.problem(format!("LLM_FALLBACK_MODEL: {e}"));
        }
    }
    router
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_route_by_family() {
        assert_eq!(Family::of("gpt-4o-2024-08-06"), Some(Family::OpenAi));
        assert_eq!(Family::of("o4-mini"), Some(Family::OpenAi));
        assert_eq!(Family::of("claude-sonnet-4-5"), Some(Family::Anthropic));
        assert_eq!(Family::of("meta-llama/Llama-3.3-70B-Instruct-Turbo"), Some(Family::Llama));
        assert_eq!(Family::of("llama3.1:8b"), Some(Family::Llama));
        assert_eq!(Family::of("mistral-large"), None);
    }

    #[cfg(all(feature = "openai", feature = "anthropic"))]
    #[test]
    fn a_deployment_without_providers_refuses_to_start_and_local_answers_offline() {
        let mut env = EnvReader::from_fn(|_| None);
        let none = std::collections::HashMap::new();
        let _ = from_env(&mut env, false, &none);
        let err = env.finish().expect_err("no provider").to_string();
        assert!(err.contains("OPENAI_API_KEY") && err.contains("LLM_OFFLINE"), "{err}");

        let mut env = EnvReader::from_fn(|_| None);
        assert!(from_env(&mut env, true, &none).is_offline());
        assert!(env.finish().is_ok());

        let mut env = EnvReader::from_fn(|name| (name == "LLM_FALLBACK_MODEL").then(|| "claude-haiku-4-5".to_owned()));
        let from_secret = std::collections::HashMap::from([("OPENAI_API_KEY".to_owned(), "sk-test".to_owned())]);
        let router = from_env(&mut env, false, &from_secret);
        assert!(!router.is_offline(), "the key from the secret enabled OpenAI");
        let err = env.finish().expect_err("the fallback has no provider").to_string();
        assert!(err.contains("ANTHROPIC_API_KEY"), "{err}");
    }
}
