//! What every rented GPU machine runs, whichever cloud rents it: an OpenAI-compatible inference
//! server (vLLM in Docker) started by the machine's first-boot script, so a READY instance is an
//! LLM endpoint (`http://<publicIp>:<port>/v1`) analysis tasks can use. EC2 passes the script as
//! user data, Azure as custom data (cloud-init runs a `#!` script as is).
//!
//! A machine *serves* once `GET /health` on its port answers 2xx within 2 s; the lifecycle asks
//! that only of a machine its cloud reports running.

use std::time::Duration;

use super::hf_token_variable;
use crate::ports::{MachineState, SecretRef, ServerLaunch};

/// The server the first-boot script starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InferenceServer {
    /// The model the server loads (a Hugging Face id).
    pub model: String,
    /// The server's container image.
    pub image: String,
    pub port: u16,
    /// Where a machine loading a gated model reads its Hugging Face token (`hf_token_variable`):
    /// a Secrets Manager secret's ARN (EC2) or a Key Vault secret's URL (Azure).
    pub hf_token: Option<SecretRef>,
    /// Azure: the resource id of the user-assigned managed identity the VM asks the instance
    /// metadata service for Key Vault tokens as (`AZURE_MACHINE_IDENTITY_ID`).
    pub managed_identity: Option<String>,
}

impl Default for InferenceServer {
    fn default() -> Self {
        Self {
            model: "meta-llama/Llama-3.1-8B-Instruct".to_owned(),
            image: "vllm/vllm-openai:v0.10.1".to_owned(),
            port: 8000,
            hf_token: None,
            managed_identity: None,
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
            crate::domain::instances::CloudProvider::Aws => SecretRef::AwsSecret(source),
            crate::domain::instances::CloudProvider::Azure => SecretRef::AzureKeyVault(source),
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
    /// The script holds no secret: the server's secret (`server.key`) and a gated model's token
    /// (`hf_token`) are read at boot with the machine's own identity, each asked up to 20 times
    /// 6 s apart (an instance profile's credentials, or the secret's binding to this machine,
    /// may lag the boot by a few seconds).
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
            script.push_str(RETRY);
            self.secret_fetch(&mut script, "VLLM_API_KEY", &server.key);
            env.push_str("-e VLLM_API_KEY ");
            args.push_str(&format!(" --served-model-name {}", server.served_name));
            if server.gated {
                if let Some(source) = &self.hf_token {
                    self.secret_fetch(&mut script, "HF_TOKEN", source);
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

/// A shell function that runs a command until it succeeds, at most 20 times, 6 s apart.
const RETRY: &str =
    "retry() { local n=0; until \"$@\"; do n=$((n + 1)); [ \"$n\" -ge 20 ] && return 1; sleep 6; done; }\n";

/// Reads a Secrets Manager secret (region, ARN) with the instance profile's credentials.
const AWS_SECRET: &str =
    "aws_secret() { aws secretsmanager get-secret-value --region \"$1\" --secret-id \"$2\" --query SecretString --output text; }\n";

/// Reads a Key Vault secret (its URL) with a token for the managed identity, from the instance
/// metadata service.
const KEY_VAULT_SECRET: &str = "kv_secret() { local t; t=$(kv_token) && curl -sf -H \"Authorization: Bearer $t\" \"$1?api-version=7.4\" | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"value\"])'; }\n";

impl InferenceServer {
    /// The lines that put the secret `source` names in the exported `variable`, read with the
    /// machine's identity (the script names the secret, never holds it), after the shell
    /// functions they call, once per script.
    fn secret_fetch(&self, script: &mut String, variable: &str, source: &SecretRef) {
        let read = match source {
            // The ARN's region, so a machine in another region than the secret still finds it.
            SecretRef::AwsSecret(arn) => {
                if !script.contains("aws_secret() ") {
                    script.push_str(AWS_SECRET);
                }
                let region = arn.split(':').nth(3).unwrap_or_default();
                format!("aws_secret '{region}' '{arn}'")
            }
            SecretRef::AzureKeyVault(url) => {
                if !script.contains("kv_secret() ") {
                    // Naming the user-assigned identity makes the metadata service answer for it
                    // even when the VM has others.
                    let identity = self.managed_identity.as_ref().map_or_else(String::new, |id| {
                        format!("&msi_res_id={}", form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>())
                    });
                    script.push_str(&format!(
                        "kv_token() {{ curl -sf -H Metadata:true 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net{identity}' | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])'; }}\n"
                    ));
                    script.push_str(KEY_VAULT_SECRET);
                }
                format!("kv_secret '{url}'")
            }
            SecretRef::Simulated(name) => format!("cat '/run/secrets/{name}'"),
        };
        script.push_str(&format!("{variable}=$(retry {read})\nexport {variable}\n"));
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
        let http =
            super::https::client(super::https::Timeouts { total: Some(Duration::from_secs(2)), ..Default::default() })
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

    const MACHINE_SECRET: &str = "arn:aws:secretsmanager:us-east-1:123456789012:secret:stack/gpu-machine/i1-AbCdEf";
    const MACHINE_VAULT_SECRET: &str = "https://v.vault.azure.net/secrets/gpu-machine-i1";

    fn pool_server(gated: bool, key: SecretRef) -> ServerLaunch {
        ServerLaunch {
            model: "meta-llama/Llama-3.1-8B-Instruct".to_owned(),
            served_name: "llama3.1:8b".to_owned(),
            gated,
            key,
        }
    }

    /// Runs `script` in bash with `aws`, `curl` and `python3` replaced by stubs that answer what a
    /// machine with the right identity would get: what its server is started with, as the stubs
    /// saw it. `None` where bash is missing.
    fn run_with_stubs(script: &str, answers: &[(&str, &str)]) -> Option<String> {
        let dir = std::env::temp_dir().join(format!("boot-script-{}", crate::ids::new_id()));
        std::fs::create_dir_all(&dir).ok()?;
        for (tool, body) in answers
            .iter()
            .chain(&[("docker", "echo \"docker $* VLLM_API_KEY=${VLLM_API_KEY:-} HF_TOKEN=${HF_TOKEN:-}\"")])
        {
            let path = dir.join(tool);
            std::fs::write(&path, format!("#!/bin/bash\n{body}\n")).ok()?;
            let mut perms = std::fs::metadata(&path).ok()?.permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
            std::fs::set_permissions(&path, perms).ok()?;
        }
        let path = format!("{}:{}", dir.display(), std::env::var("PATH").unwrap_or_default());
        let out = std::process::Command::new("bash").arg("-c").arg(script).env("PATH", path).output().ok()?;
        let _ = std::fs::remove_dir_all(&dir);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    fn a_pool_machine_serves_its_model_under_the_pools_name_behind_a_secret_it_reads_at_boot() {
        let script = InferenceServer::default()
            .boot_script(Some(&pool_server(false, SecretRef::AwsSecret(MACHINE_SECRET.to_owned()))));
        assert!(
            script.contains("--model meta-llama/Llama-3.1-8B-Instruct --served-model-name llama3.1:8b"),
            "{script}"
        );
        // The reference, in the secret's own region; never a value.
        assert!(
            script.contains(&format!("VLLM_API_KEY=$(retry aws_secret 'us-east-1' '{MACHINE_SECRET}')"))
                && script.contains("export VLLM_API_KEY")
                && script.contains("-e VLLM_API_KEY"),
            "{script}"
        );
        assert!(!script.contains("VLLM_API_KEY='") && !script.contains("HF_TOKEN"), "{script}");
        // Run with a stubbed CLI: the server gets what Secrets Manager answered.
        let aws = "[ \"$*\" = \"secretsmanager get-secret-value --region us-east-1 --secret-id arn:aws:secretsmanager:us-east-1:123456789012:secret:stack/gpu-machine/i1-AbCdEf --query SecretString --output text\" ] && echo s3cret-from-the-store";
        if let Some(ran) = run_with_stubs(&script, &[("aws", aws)]) {
            assert!(ran.contains("VLLM_API_KEY=s3cret-from-the-store"), "{ran}");
        }
    }

    #[test]
    fn an_azure_pool_vm_reads_its_secret_from_key_vault_as_its_managed_identity() {
        let identity =
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gpu";
        let server = InferenceServer { managed_identity: Some(identity.to_owned()), ..Default::default() };
        let script =
            server.boot_script(Some(&pool_server(false, SecretRef::AzureKeyVault(MACHINE_VAULT_SECRET.to_owned()))));
        assert!(script.contains(&format!("VLLM_API_KEY=$(retry kv_secret '{MACHINE_VAULT_SECRET}')")), "{script}");
        assert!(
            script.contains("169.254.169.254/metadata/identity/oauth2/token")
                && script.contains("msi_res_id=%2Fsubscriptions%2Fs%2FresourceGroups%2Fg%2Fproviders%2FMicrosoft.ManagedIdentity%2FuserAssignedIdentities%2Fgpu"),
            "{script}"
        );
        assert!(!script.contains("VLLM_API_KEY='"), "{script}");
        let curl = r#"case "$*" in
  *169.254.169.254*msi_res_id=*) echo '{"access_token":"vault-token"}' ;;
  *"Bearer vault-token"*"https://v.vault.azure.net/secrets/gpu-machine-i1?api-version=7.4"*) echo '{"value":"s3cret-from-the-vault"}' ;;
  *) exit 22 ;;
esac"#;
        if let Some(ran) = run_with_stubs(&script, &[("curl", curl)]) {
            assert!(ran.contains("VLLM_API_KEY=s3cret-from-the-vault"), "{ran}");
        }
    }

    #[test]
    fn a_gated_model_reads_its_token_at_boot_with_the_machines_identity_on_each_cloud() {
        let aws = InferenceServer {
            hf_token: Some(SecretRef::AwsSecret("arn:aws:secretsmanager:eu-west-1:1:secret:hf".to_owned())),
            ..Default::default()
        };
        let script = aws.boot_script(Some(&pool_server(true, SecretRef::AwsSecret(MACHINE_SECRET.to_owned()))));
        assert!(
            script.contains("HF_TOKEN=$(retry aws_secret 'eu-west-1' 'arn:aws:secretsmanager:eu-west-1:1:secret:hf')"),
            "{script}"
        );
        assert!(script.contains("-e HF_TOKEN") && !script.contains("hf_"), "no token in the script: {script}");
        assert_eq!(script.matches("aws_secret() ").count(), 1, "one helper: {script}");
        let azure = InferenceServer {
            hf_token: Some(SecretRef::AzureKeyVault("https://v.vault.azure.net/secrets/hf".to_owned())),
            ..Default::default()
        };
        let script =
            azure.boot_script(Some(&pool_server(true, SecretRef::AzureKeyVault(MACHINE_VAULT_SECRET.to_owned()))));
        assert!(script.contains("HF_TOKEN=$(retry kv_secret 'https://v.vault.azure.net/secrets/hf')"), "{script}");
        assert!(script.contains("-e HF_TOKEN"), "{script}");
        // The pool's validation refuses a gated model without a source; the script never asks for one.
        let plain = InferenceServer::default();
        assert!(!plain
            .boot_script(Some(&pool_server(true, SecretRef::AwsSecret(MACHINE_SECRET.to_owned()))))
            .contains("HF_TOKEN"));
    }

    #[test]
    fn the_boot_script_starts_an_openai_compatible_server_on_the_port() {
        let script = InferenceServer::default().boot_script(None);
        assert!(script.starts_with("#!/bin/bash\n"));
        assert!(script.contains("-p 8000:8000") && script.contains("--gpus all"), "{script}");
        assert!(script.contains("vllm/vllm-openai") && script.contains("--model meta-llama/Llama-3.1-8B-Instruct"));
        assert!(!script.contains("VLLM_API_KEY"), "a machine rented by hand has no secret: {script}");
    }
}
