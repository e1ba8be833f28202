//! Provider keys read from Secrets Manager (moto) once per cold start: a plain or JSON secret
//! gives the key; a missing secret is a startup problem that names the variable and never a value.

use shared::wiring::config::EnvReader;
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

#[tokio::test]
async fn the_azure_client_secret_comes_from_its_secret_into_the_settings_and_never_prints() {
    let config = emulator::sdk_config().await;
    let client = aws_sdk_secretsmanager::Client::new(&config);
    let name = format!("ai-analysis-test/azure-{}-{}", std::process::id(), line!());
    let value = "azure-client-secret-for-tests";
    client.create_secret().name(&name).secret_string(value).send().await.expect("secret");

    let secret_name = name.clone();
    let mut env = EnvReader::from_fn(move |variable| {
        let value = match variable {
            "AZURE_CLIENT_SECRET_SECRET" => secret_name.as_str(),
            "AZURE_TENANT_ID" => "11111111-2222-3333-4444-555555555555",
            "AZURE_CLIENT_ID" => "client",
            "AZURE_SUBSCRIPTION_ID" => "sub",
            "AZURE_RESOURCE_GROUP" => "gpu-rg",
            "AZURE_IMAGE" => "microsoft-dsvm:ubuntu-hpc:2204:latest",
            "AZURE_SSH_PUBLIC_KEY" => "ssh-ed25519 AAAA test",
            _ => return None,
        };
        Some(value.to_owned())
    });
    let (variable, _) = shared::secrets::AZURE_CLIENT_SECRET;
    let mut read = shared::secrets::read(&config, &mut env, &[shared::secrets::AZURE_CLIENT_SECRET]).await;
    let settings = shared::adapters::azure::AzureSettings::from_env(&mut env, read.remove(variable));
    env.finish().expect("every Azure setting present");
    let printed = format!("{settings:?}");
    assert!(!printed.contains(value), "the secret is redacted: {printed}");
    assert!(printed.contains("redacted"));
}
