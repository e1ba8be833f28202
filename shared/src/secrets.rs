//! Provider keys and the Azure client secret from AWS Secrets Manager (feature `secrets`), read
//! once per cold start.
//!
//! A function is given the secret's name or ARN in `OPENAI_API_KEY_SECRET`,
//! `ANTHROPIC_API_KEY_SECRET`, `LLAMA_API_KEY_SECRET` or `AZURE_CLIENT_SECRET_SECRET`; the
//! secret's value is the key itself, or a JSON object with an `apiKey` field. The key stays in
//! memory: it is never logged, never put in the environment and never returned. A secret that
//! cannot be read is a startup problem naming the variable, not the value.

use std::collections::HashMap;

use aws_sdk_secretsmanager::error::{DisplayErrorContext, ProvideErrorMetadata};

use crate::wiring::config::EnvReader;

/// The LLM providers' key variables and the variables naming their secrets.
const PROVIDER_KEYS: [(&str, &str); 3] = [
    ("OPENAI_API_KEY", "OPENAI_API_KEY_SECRET"),
    ("ANTHROPIC_API_KEY", "ANTHROPIC_API_KEY_SECRET"),
    ("LLAMA_API_KEY", "LLAMA_API_KEY_SECRET"),
];

/// The Azure service principal's secret variable and the variable naming its secret.
pub const AZURE_CLIENT_SECRET: (&str, &str) = ("AZURE_CLIENT_SECRET", "AZURE_CLIENT_SECRET_SECRET");

/// Reads every configured provider key secret; returns the keys by their key variable's name.
pub async fn provider_keys(config: &aws_config::SdkConfig, env: &mut EnvReader) -> HashMap<String, String> {
    read(config, env, &PROVIDER_KEYS).await
}

/// Reads the secret named by each pair's second variable, when set; returns the values by the
/// first variable's name.
pub async fn read(
    config: &aws_config::SdkConfig,
    env: &mut EnvReader,
    pairs: &[(&str, &str)],
) -> HashMap<String, String> {
    let client = aws_sdk_secretsmanager::Client::new(config);
    let mut keys = HashMap::new();
    for &(key_var, secret_var) in pairs {
        let Some(secret_id) = env.optional(secret_var) else { continue };
        match client.get_secret_value().secret_id(&secret_id).send().await {
            Ok(out) => match out.secret_string().map(key_of) {
                Some(Some(key)) => {
                    keys.insert(key_var.to_owned(), key);
                }
                _ => env.problem(format!("{secret_var}: the secret holds no text key (or JSON with `apiKey`)")),
            },
            Err(err) => {
                let code = err.code().unwrap_or("unknown").to_owned();
                tracing::error!(variable = secret_var, error = %DisplayErrorContext(&err), "secret not readable");
                env.problem(format!("{secret_var}: the secret could not be read ({code})"));
            }
        }
    }
    keys
}

/// The key in a secret's text: the text itself, or the `apiKey` of a JSON object.
fn key_of(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(trimmed).ok()?;
        return value["apiKey"].as_str().map(str::to_owned).filter(|k| !k.is_empty());
    }
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_the_key_or_json_with_api_key() {
        assert_eq!(key_of(" sk-test \n").as_deref(), Some("sk-test"));
        assert_eq!(key_of(r#"{"apiKey": "sk-json"}"#).as_deref(), Some("sk-json"));
        assert_eq!(key_of(r#"{"other": 1}"#), None);
        assert_eq!(key_of("  "), None);
    }
}
