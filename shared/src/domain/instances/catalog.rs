//! The catalog of GPU machine types, as data (`shared/data/gpu-catalog.json`, compiled in): what
//! each type offers, what it costs per hour and whether its cloud still launches it. A retired
//! type is refused with a current replacement; an unknown one with the types that exist.

use serde::{Deserialize, Serialize};

const CATALOG: &str = include_str!("../../../data/gpu-catalog.json");

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CloudProvider {
    Aws,
    Azure,
}

impl CloudProvider {
    /// As the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "AWS",
            Self::Azure => "AZURE",
        }
    }

    /// The least a launch is billed, in seconds. EC2 bills Linux on-demand machines per second
    /// with a one-minute minimum; Azure bills pay-as-you-go VMs per second of allocation with no
    /// minimum. Both stop billing compute once the machine is terminated (EC2) or deleted or
    /// deallocated (Azure). Disks and public IPs are billed separately by both clouds and are not
    /// in the catalog's hourly price.
    pub fn billing_minimum_seconds(self) -> i64 {
        match self {
            Self::Aws => 60,
            Self::Azure => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MachineType {
    pub provider: CloudProvider,
    /// The cloud's own name: `g5.xlarge`, `Standard_NC24ads_A100_v4`.
    #[serde(rename = "type")]
    pub type_name: String,
    pub gpu_model: String,
    pub gpu_count: u32,
    /// Total GPU memory of the machine.
    #[serde(rename = "gpuMemoryGiB")]
    pub gpu_memory_gib: u32,
    pub vcpus: u32,
    #[serde(rename = "memoryGiB")]
    pub memory_gib: u32,
    /// On-demand Linux list price in `region`.
    pub hourly_usd: f64,
    pub region: String,
    /// The day `hourly_usd` was read from the cloud's price page.
    pub price_checked: String,
    /// False once the cloud retired the type.
    pub launchable: bool,
    /// For a retired type: the current type to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CatalogError {
    #[error("{provider:?} retired {type_name}; use {replacement} instead")]
    Retired { provider: CloudProvider, type_name: String, replacement: String },
    #[error("{type_name} is not a {provider:?} GPU type this product rents; choose one of: {choices}")]
    Unknown { provider: CloudProvider, type_name: String, choices: String },
}

#[derive(Clone, Debug)]
pub struct Catalog {
    types: Vec<MachineType>,
}

#[derive(Deserialize)]
struct File {
    types: Vec<MachineType>,
}

impl Catalog {
    /// The compiled-in catalog, checked: positive prices, and every retired type's replacement
    /// a launchable type of the same cloud.
    pub fn builtin() -> Result<Self, String> {
        let file: File = serde_json::from_str(CATALOG).map_err(|e| format!("gpu-catalog.json: {e}"))?;
        let catalog = Self { types: file.types };
        for t in &catalog.types {
            if !(t.hourly_usd.is_finite() && t.hourly_usd > 0.0) || t.gpu_count == 0 {
                return Err(format!("gpu-catalog.json: {} needs a positive price and GPU count", t.type_name));
            }
            if !t.launchable {
                let replacement = t.replacement.as_deref().unwrap_or_default();
                if catalog.launchable(t.provider, replacement).is_err() {
                    return Err(format!(
                        "gpu-catalog.json: {} is retired without a launchable replacement",
                        t.type_name
                    ));
                }
            }
        }
        Ok(catalog)
    }

    pub fn all(&self) -> &[MachineType] {
        &self.types
    }

    /// The type to launch for a request, or why not. Names match exactly, as the clouds spell
    /// them.
    pub fn launchable(&self, provider: CloudProvider, type_name: &str) -> Result<&MachineType, CatalogError> {
        match self.types.iter().find(|t| t.provider == provider && t.type_name == type_name) {
            Some(t) if t.launchable => Ok(t),
            Some(t) => Err(CatalogError::Retired {
                provider,
                type_name: t.type_name.clone(),
                replacement: t.replacement.clone().unwrap_or_default(),
            }),
            None => {
                let choices: Vec<&str> = self
                    .types
                    .iter()
                    .filter(|t| t.provider == provider && t.launchable)
                    .map(|t| t.type_name.as_str())
                    .collect();
                Err(CatalogError::Unknown {
                    provider,
                    type_name: type_name.chars().take(64).collect(),
                    choices: choices.join(", "),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_covers_current_gpus_on_both_clouds() {
        let c = Catalog::builtin().expect("the catalog is valid");
        let current: Vec<&MachineType> = c.all().iter().filter(|t| t.launchable).collect();
        assert!(current.len() >= 10, "{} current types", current.len());
        for provider in [CloudProvider::Aws, CloudProvider::Azure] {
            assert!(current.iter().filter(|t| t.provider == provider).count() >= 5, "{provider:?}");
        }
        for (provider, name) in [
            (CloudProvider::Aws, "g5.xlarge"),
            (CloudProvider::Aws, "p5.48xlarge"),
            (CloudProvider::Azure, "Standard_NC4as_T4_v3"),
            (CloudProvider::Azure, "Standard_NC24ads_A100_v4"),
            (CloudProvider::Azure, "Standard_NC40ads_H100_v5"),
        ] {
            assert!(c.launchable(provider, name).is_ok(), "{name}");
        }
    }

    #[test]
    fn the_first_versions_types_are_known_and_retired_ones_name_a_replacement() {
        let c = Catalog::builtin().expect("the catalog is valid");
        for name in ["g4dn.xlarge", "g4dn.12xlarge", "p3.2xlarge"] {
            assert!(c.launchable(CloudProvider::Aws, name).is_ok(), "{name}");
        }
        let retired = [
            (CloudProvider::Aws, "p2.xlarge", "g4dn.xlarge"),
            (CloudProvider::Aws, "p2.8xlarge", "g4dn.12xlarge"),
            (CloudProvider::Azure, "Standard_NC6", "Standard_NC4as_T4_v3"),
            (CloudProvider::Azure, "Standard_NC12", "Standard_NC8as_T4_v3"),
            (CloudProvider::Azure, "Standard_NC24", "Standard_NC64as_T4_v3"),
            (CloudProvider::Azure, "Standard_NV6", "Standard_NV6ads_A10_v5"),
            (CloudProvider::Azure, "Standard_NV12", "Standard_NV12ads_A10_v5"),
        ];
        for (provider, name, replacement) in retired {
            let err = c.launchable(provider, name).expect_err("retired");
            assert!(matches!(&err, CatalogError::Retired { replacement: r, .. } if r == replacement), "{err}");
            assert!(err.to_string().contains(replacement));
        }
    }

    #[test]
    fn an_unknown_type_lists_the_choices_of_its_cloud() {
        let c = Catalog::builtin().expect("the catalog is valid");
        let err = c.launchable(CloudProvider::Aws, "Standard_NC6").expect_err("an Azure name on AWS");
        let message = err.to_string();
        assert!(message.contains("g5.xlarge") && !message.contains("Standard_NC4as_T4_v3"), "{message}");
    }
}
