//! What every rented GPU machine runs, whichever cloud rents it: an OpenAI-compatible inference
//! server (vLLM in Docker) started by the machine's first-boot script, so a READY instance is an
//! LLM endpoint (`http://<publicIp>:<port>/v1`) analysis tasks can use. EC2 passes the script as
//! user data, Azure as custom data (cloud-init runs a `#!` script as is).
//!
//! A machine *serves* once `GET /health` on its port answers 2xx within 2 s; the lifecycle asks
//! that only of a machine its cloud reports running.

use std::time::Duration;

/// The server the first-boot script starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InferenceServer {
    /// The model the server loads (a Hugging Face id).
    pub model: String,
    /// The server's container image.
    pub image: String,
    pub port: u16,
}

impl Default for InferenceServer {
    fn default() -> Self {
        Self {
            model: "meta-llama/Llama-3.1-8B-Instruct".to_owned(),
            image: "vllm/vllm-openai:v0.10.1".to_owned(),
            port: 8000,
        }
    }
}

impl InferenceServer {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `INFERENCE_MODEL` | `meta-llama/Llama-3.1-8B-Instruct` | what the inference server loads |
    /// | `INFERENCE_SERVER_IMAGE` | `vllm/vllm-openai:v0.10.1` | the server's container image |
    pub fn from_env(env: &mut crate::wiring::config::EnvReader) -> Self {
        let d = Self::default();
        Self {
            model: env.optional("INFERENCE_MODEL").unwrap_or(d.model),
            image: env.optional("INFERENCE_SERVER_IMAGE").unwrap_or(d.image),
            ..d
        }
    }

    /// The first-boot script: start the server on `port`, restarted by Docker if it dies; its
    /// `/health` answers once the model is loaded. Needs an image with Docker and the NVIDIA
    /// container toolkit (AWS Deep Learning AMIs, Azure's Data Science VM images).
    pub fn boot_script(&self) -> String {
        format!(
            "#!/bin/bash\n\
             # ai-analysis-backend: an OpenAI-compatible inference server on port {port} (GET /health, /v1/...)\n\
             set -euo pipefail\n\
             docker run -d --name inference --restart unless-stopped --gpus all --ipc=host \\\n  \
             -p {port}:8000 -v /opt/models:/root/.cache/huggingface \\\n  \
             {image} --model {model}\n",
            port = self.port,
            image = self.image,
            model = self.model,
        )
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

    #[test]
    fn the_boot_script_starts_an_openai_compatible_server_on_the_port() {
        let script = InferenceServer::default().boot_script();
        assert!(script.starts_with("#!/bin/bash\n"));
        assert!(script.contains("-p 8000:8000") && script.contains("--gpus all"), "{script}");
        assert!(script.contains("vllm/vllm-openai") && script.contains("--model meta-llama/Llama-3.1-8B-Instruct"));
    }
}
