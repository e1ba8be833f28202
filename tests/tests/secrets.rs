//! Provider keys read from Secrets Manager (moto) once per cold start: a plain or JSON secret
//! gives the key; a missing secret is a startup problem that names the variable and never a value.

use shared::config::EnvReader;
use tests::emulator;

#[tokio::test]
async fn keys_come_from_their_secrets_and_a_missing_one_is_named() {
    let config = emulator::sdk_config().await;
    let client = aws_sdk_secretsmanager::Client::new(&config);
    let suffix = format!("{}-{}", std::process::id(), line!());
    let openai_secret = format!("ai-analysis-test/openai-{suffix}");
    let anthropic_secret = format!("ai-analysis-test/anthropic-{suffix}");
    client.create_secret().name(&openai_secret).secret_string("sk-test-from-secret").send().await.expect("secret");
    client
        .create_secret()
        .name(&anthropic_secret)
        .secret_string(r#"{"apiKey": "sk-ant-test-from-json"}"#)
        .send()
        .await
        .expect("secret");

    let (o, a) = (openai_secret.clone(), anthropic_secret.clone());
    let mut env = EnvReader::from_fn(move |name| match name {
        "OPENAI_API_KEY_SECRET" => Some(o.clone()),
        "ANTHROPIC_API_KEY_SECRET" => Some(a.clone()),
        _ => None,
    });
    let keys = shared::secrets::provider_keys(&config, &mut env).await;
    env.finish().expect("both secrets read");
    assert_eq!(keys.get("OPENAI_API_KEY").map(String::as_str), Some("sk-test-from-secret"));
    assert_eq!(keys.get("ANTHROPIC_API_KEY").map(String::as_str), Some("sk-ant-test-from-json"));
    let mut env = EnvReader::from_fn(|_| None);
    let router = shared::llm::from_env(&mut env, false, &keys);
    env.finish().expect("providers from the secrets' keys");
    assert!(!router.is_offline());

    let mut env = EnvReader::from_fn(|name| (name == "LLAMA_API_KEY_SECRET").then(|| "no-such-secret".to_owned()));
    let keys = shared::secrets::provider_keys(&config, &mut env).await;
    assert!(keys.is_empty());
    let err = env.finish().expect_err("unreadable secret").to_string();
    assert!(err.contains("LLAMA_API_KEY_SECRET") && err.contains("could not be read"), "{err}");
}
