//! Which model a pool machine's inference server loads for the pool's `model`. A gated Hugging
//! Face model (Meta's Llama, Mistral's) cannot be downloaded without a token: a machine asked to
//! load one without it would configure until its timeout and bill for nothing, so a pool may
//! name one only when the deployment gives the machines a token (`GPU_POOL_HF_TOKEN_SECRET`).

/// One row of the mapping: the pool's `model` → what the server loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServedModel {
    /// As a pool and its tasks name it.
    pub name: &'static str,
    /// The Hugging Face repository the server loads.
    pub huggingface_id: &'static str,
    /// Needs a Hugging Face token (the model's licence must be accepted on huggingface.co).
    pub gated: bool,
}

/// The models a pool can serve (README "GPU pool" documents this table).
pub const SERVED_MODELS: &[ServedModel] = &[
    ServedModel { name: "qwen2.5:7b", huggingface_id: "Qwen/Qwen2.5-7B-Instruct", gated: false },
    ServedModel { name: "qwen2.5:14b", huggingface_id: "Qwen/Qwen2.5-14B-Instruct", gated: false },
    ServedModel { name: "phi3.5:mini", huggingface_id: "microsoft/Phi-3.5-mini-instruct", gated: false },
    ServedModel { name: "llama3.1:8b", huggingface_id: "meta-llama/Llama-3.1-8B-Instruct", gated: true },
    ServedModel { name: "mistral:7b", huggingface_id: "mistralai/Mistral-7B-Instruct-v0.3", gated: true },
];

/// The row for a pool's `model`.
pub fn served_model(name: &str) -> Option<&'static ServedModel> {
    SERVED_MODELS.iter().find(|m| m.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_maps_once_and_the_llama_default_is_known_to_be_gated() {
        for m in SERVED_MODELS {
            assert_eq!(SERVED_MODELS.iter().filter(|o| o.name == m.name).count(), 1, "{}", m.name);
        }
        assert_eq!(served_model("llama3.1:8b").map(|m| m.gated), Some(true));
        assert_eq!(
            served_model("qwen2.5:7b").map(|m| (m.huggingface_id, m.gated)),
            Some(("Qwen/Qwen2.5-7B-Instruct", false))
        );
        assert!(served_model("gpt-4o").is_none());
    }
}
