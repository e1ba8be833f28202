//! Adapters: one module per real service, each behind the Cargo feature of the same name, plus
//! `memory`, the embedded stand-ins `local` and the unit tests run on.

pub mod memory;
pub mod retention;
pub mod simulated_cloud;

#[cfg(feature = "dynamodb")]
pub mod dynamodb;

#[cfg(feature = "tokenizer")]
pub mod offline_llm;

#[cfg(feature = "sqs")]
pub mod sqs;

#[cfg(feature = "ec2")]
pub mod ec2;

#[cfg(feature = "azure")]
pub mod azure;

#[cfg(any(feature = "ec2", feature = "azure"))]
pub mod inference_server;

/// The variable naming where a cloud's machines read a Hugging Face token: machines loading a
/// gated model read it (`inference_server`), and the GPU pool's functions, which link no cloud,
/// allow gated models only when it is set. So it is here, in every build.
pub fn hf_token_variable(cloud: crate::domain::instances::CloudProvider) -> &'static str {
    match cloud {
        crate::domain::instances::CloudProvider::Aws => "GPU_POOL_HF_TOKEN_SECRET",
        crate::domain::instances::CloudProvider::Azure => "GPU_POOL_HF_TOKEN_KEY_VAULT_SECRET",
    }
}

#[cfg(feature = "sfn")]
pub mod sfn;

#[cfg(feature = "s3")]
pub mod s3;

#[cfg(feature = "secrets")]
pub mod secretsmanager;

#[cfg(feature = "anthropic")]
pub mod anthropic;
#[cfg(any(feature = "openai", feature = "anthropic", feature = "ec2", feature = "azure"))]
pub mod https;
#[cfg(feature = "openai")]
pub mod openai;
#[cfg(feature = "anthropic")]
mod sse;
#[cfg(any(feature = "openai", feature = "anthropic", feature = "ec2", feature = "azure"))]
pub mod upstream;
