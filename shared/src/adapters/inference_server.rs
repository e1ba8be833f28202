//! What every rented GPU machine runs, whichever cloud rents it: an OpenAI-compatible inference
//! server (vLLM in Docker) started by the machine's first-boot script, so a READY instance is an
//! LLM endpoint (`http://<publicIp>:<port>/v1`) analysis tasks can use. EC2 passes the script as
//! user data, Azure as custom data (cloud-init runs a `#!` script as is).
//!
//! A machine *serves* once `GET /health` on its port answers 2xx within 2 s; the lifecycle asks
//! that only of a machine its cloud reports running.

use std::time::Duration;

use crate::ports::{MachineState, ServerLaunch};

/// Where a machine reads its Hugging Face token (for a gated model) at boot, with its own
/// identity: never in the boot script in clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// A Secrets Manager secret (its ARN or name), read with the EC2 instance profile's role.
    AwsSecret(String),
    /// A Key Vault secret's URL (`https://<vault>.vault.azure.net/secrets/<name>`), read with the
    /// VM's managed identity.
    AzureKeyVault(String),
}

/// The server the first-boot script starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InferenceServer {
    /// The model the server loads (a Hugging Face id).
    pub model: String,
    /// The server's container image.
    pub image: String,
    pub port: u16,
    /// Where a machine loading a gated model reads its token (`HF_TOKEN_VARIABLES`).
    pub hf_token: Option<TokenSource>,
}

impl Default for InferenceServer {
    fn default() -> Self {
        Self {
            model: "meta-llama/Llama-3.1-8B-Instruct".to_owned(),
            image: "vllm/vllm-openai:v0.10.1".to_owned(),
            port: 8000,
            hf_token: None,
        }
    }
}

impl InferenceServer {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `INFERENCE_MODEL` | `meta-llama/Llama-3.1-8B-Instruct` | what the inference server loads |
    /// | `INFERENCE_SERVER_IMAGE` | `vllm/vllm-openai:v0.10.1` | the server's container image |
    /// | `GPU_POOL_HF_TOKEN_SECRET` | — | EC2 machines: the Secrets Manager secret (ARN) holding a Hugging Face token, for pools of gated models |
    /// | `GPU_POOL_HF_TOKEN_KEY_VAULT_SECRET` | — | Azure VMs: the Key Vault secret's URL holding it |
    pub fn from_env(env: &mut crate::config::EnvReader, cloud: crate::domain::instances::CloudProvider) -> Self {
        let d = Self::default();
        let hf_token = env.optional(hf_token_variable(cloud)).map(|source| match cloud {
            crate::domain::instances::CloudProvider::Aws => TokenSource::AwsSecret(source),
            crate::domain::instances::CloudProvider::Azure => TokenSource::AzureKeyVault(source),
        });
        Self {
            model: env.optional("INFERENCE_MODEL").unwrap_or(d.model),
            image: env.optional("INFERENCE_SERVER_IMAGE").unwrap_or(d.image),
            hf_token,
            ..d
        }
    }

    /// The first-boot script: start the server on `port`, restarted by Docker if it dies; its
    /// `/health` answers once the model is loaded. Needs an image with Docker and the NVIDIA
    /// container toolkit (AWS Deep Learning AMIs, Azure's Data Science VM images).
    ///
    /// A pool machine (`server`) loads the pool's model under the pool's name for it and refuses
    /// calls without its secret (`VLLM_API_KEY`; `/health` stays open for the lifecycle's check).
    /// A gated model's token is read at boot from `hf_token` with the machine's own identity.
    pub fn boot_script(&self, server: Option<&ServerLaunch>) -> String {
        let mut script = format!(
            "#!/bin/bash\n\
             # ai-analysis-backend: an OpenAI-compatible inference server on port {port} (GET /health, /v1/...)\n\
             set -euo pipefail\n",
            port = self.port
        );
        let mut env = String::new();
        let mut args = format!("--model {}", server.map_or(self.model.as_str(), |s| s.model.as_str()));
        if let Some(server) = server {
            script.push_str(&format!("export VLLM_API_KEY='{}'\n", server.key.0));
            env.push_str("-e VLLM_API_KEY ");
            args.push_str(&format!(" --served-model-name {}", server.served_name));
            if server.gated {
                if let Some(source) = &self.hf_token {
                    script.push_str(&token_fetch(source));
                    env.push_str("-e HF_TOKEN ");
                }
            }
        }
        script.push_str(&format!(
            "docker run -d --name inference --restart unless-stopped --gpus all --ipc=host {env}\\\n  \
             -p {port}:8000 -v /opt/models:/root/.cache/huggingface \\\n  \
             {image} {args}\n",
            port = self.port,
            image = self.image,
        ));
        script
    }
}

/// The variable naming where a cloud's machines read a Hugging Face token.
pub fn hf_token_variable(cloud: crate::domain::instances::CloudProvider) -> &'static str {
    match cloud {
        crate::domain::instances::CloudProvider::Aws => "GPU_POOL_HF_TOKEN_SECRET",
        crate::domain::instances::CloudProvider::Azure => "GPU_POOL_HF_TOKEN_KEY_VAULT_SECRET",
    }
}

/// The lines that put the Hugging Face token in `HF_TOKEN`, read with the machine's identity.
fn token_fetch(source: &TokenSource) -> String {
    match source {
        TokenSource::AwsSecret(secret) => format!(
            "HF_TOKEN=$(aws secretsmanager get-secret-value --secret-id '{secret}' --query SecretString --output text)\n\
             export HF_TOKEN\n"
        ),
        TokenSource::AzureKeyVault(url) => format!(
            "VAULT_TOKEN=$(curl -sf -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])')\n\
             HF_TOKEN=$(curl -sf -H \"Authorization: Bearer $VAULT_TOKEN\" '{url}?api-version=7.4' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"value\"])')\n\
             export HF_TOKEN\n"
        ),
    }
}

impl HealthProbe {
    /// A machine its cloud reports running: serving once `/health` answers, its server's base URL
    /// from its public IP.
    pub async fn running(&self, public_ip: Option<String>) -> MachineState {
        let serving = match &public_ip {
            Some(ip) => self.serving(ip).await,
            None => false,
        };
        let server_url = public_ip.as_ref().map(|ip| format!("http://{ip}:{}/v1", self.port));
        MachineState::Running { public_ip, serving, server_url }
    }
}

/// Asks machines whether their inference server answers.
pub struct HealthProbe {
    http: reqwest::Client,
    port: u16,
}

impl HealthProbe {
    pub fn new(port: u16) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| format!("health probe: {e}"))?;
        Ok(Self { http, port })
    }

    pub async fn serving(&self, ip: &str) -> bool {
        let url = format!("http://{ip}:{}/health", self.port);
        self.http.get(url).send().await.is_ok_and(|r| r.status().is_success())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool_server(gated: bool) -> ServerLaunch {
        ServerLaunch {
            model: "meta-llama/Llama-3.1-8B-Instruct".to_owned(),
            served_name: "llama3.1:8b".to_owned(),
            gated,
            key: crate::domain::instances::ServerKey("k-123".to_owned()),
        }
    }

    #[test]
    fn a_pool_machine_serves_its_model_under_the_pools_name_behind_its_secret() {
        let script = InferenceServer::default().boot_script(Some(&pool_server(false)));
        assert!(
            script.contains("--model meta-llama/Llama-3.1-8B-Instruct --served-model-name llama3.1:8b"),
            "{script}"
        );
        assert!(script.contains("export VLLM_API_KEY='k-123'") && script.contains("-e VLLM_API_KEY"), "{script}");
        assert!(!script.contains("HF_TOKEN"), "{script}");
    }

    #[test]
    fn a_gated_model_reads_its_token_at_boot_with_the_machines_identity_on_each_cloud() {
        let aws = InferenceServer {
            hf_token: Some(TokenSource::AwsSecret("arn:aws:secretsmanager:us-east-1:1:secret:hf".to_owned())),
            ..Default::default()
        };
        let script = aws.boot_script(Some(&pool_server(true)));
        assert!(
            script.contains(
                "aws secretsmanager get-secret-value --secret-id 'arn:aws:secretsmanager:us-east-1:1:secret:hf'"
            ),
            "{script}"
        );
        assert!(script.contains("-e HF_TOKEN") && !script.contains("hf_"), "no token in the script: {script}");
        let azure = InferenceServer {
            hf_token: Some(TokenSource::AzureKeyVault("https://v.vault.azure.net/secrets/hf".to_owned())),
            ..Default::default()
        };
        let script = azure.boot_script(Some(&pool_server(true)));
        assert!(
            script.contains("169.254.169.254/metadata/identity/oauth2/token")
                && script.contains("https://v.vault.azure.net/secrets/hf?api-version=7.4"),
            "{script}"
        );
        assert!(script.contains("-e HF_TOKEN"), "{script}");
        // The pool's validation refuses a gated model without a source; the script never asks for one.
        assert!(!InferenceServer::default().boot_script(Some(&pool_server(true))).contains("HF_TOKEN"));
    }

    #[test]
    fn the_boot_script_starts_an_openai_compatible_server_on_the_port() {
        let script = InferenceServer::default().boot_script(None);
        assert!(script.starts_with("#!/bin/bash\n"));
        assert!(script.contains("-p 8000:8000") && script.contains("--gpus all"), "{script}");
        assert!(script.contains("vllm/vllm-openai") && script.contains("--model meta-llama/Llama-3.1-8B-Instruct"));
    }
}
