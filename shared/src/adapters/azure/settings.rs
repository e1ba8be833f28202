//! The Azure provider's settings: the VM image and everything read from the environment.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{json, Value};

use super::arm::{ClientSecret, Credentials, RetryPolicy};
use crate::adapters::inference_server::InferenceServer;

/// The VM's operating system image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Image {
    /// A Marketplace image, `publisher:offer:sku:version` (e.g. a Data Science VM with the NVIDIA
    /// driver and Docker).
    Marketplace { publisher: String, offer: String, sku: String, version: String },
    /// A custom or gallery image by resource id.
    Id(String),
}

impl Image {
    /// A URN `publisher:offer:sku:version`, or a resource id starting with `/subscriptions/`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.starts_with("/subscriptions/") {
            return Some(Self::Id(text.to_owned()));
        }
        match text.split(':').collect::<Vec<_>>()[..] {
            [publisher, offer, sku, version] if [publisher, offer, sku, version].iter().all(|p| !p.is_empty()) => {
                Some(Self::Marketplace {
                    publisher: publisher.to_owned(),
                    offer: offer.to_owned(),
                    sku: sku.to_owned(),
                    version: version.to_owned(),
                })
            }
            _ => None,
        }
    }

    pub(super) fn reference(&self) -> Value {
        match self {
            Self::Marketplace { publisher, offer, sku, version } => {
                json!({ "publisher": publisher, "offer": offer, "sku": sku, "version": version })
            }
            Self::Id(id) => json!({ "id": id }),
        }
    }
}

#[derive(Clone, Debug)]
pub struct AzureSettings {
    pub credentials: Credentials,
    pub subscription_id: String,
    pub resource_group: String,
    pub image: Image,
    /// The subnet each region's NICs join (a VNet is regional).
    pub subnets: HashMap<String, String>,
    /// A network security group for the NICs (it must admit the inference port from the callers).
    pub network_security_group: Option<String>,
    pub admin_username: String,
    /// Sign-in is by SSH key only; password sign-in is disabled.
    pub ssh_public_key: String,
    pub server: InferenceServer,
    /// `https://management.azure.com` in Azure's public cloud.
    pub resource_manager: String,
    /// How long a launch follows each network resource's creation, and a terminate the VM's
    /// deletion.
    pub operation_wait: Duration,
    pub retry: RetryPolicy,
    /// The resource id of the user-assigned managed identity pool VMs are created with: it reads
    /// their secret and the Hugging Face token in Key Vault (`AZURE_MACHINE_IDENTITY_ID`). A pool
    /// VM is not created without one: it could never read its secret, so it would never serve.
    pub machine_identity: Option<String>,
    /// The vault pool VMs' secrets are kept in (`AZURE_KEY_VAULT_URL`,
    /// `https://<vault>.vault.azure.net`); without one no pool VM is launched.
    pub key_vault: Option<String>,
}

impl AzureSettings {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` | — | the service principal that signs in |
    /// | `AZURE_CLIENT_SECRET` | — | its secret (in AWS: read from Secrets Manager, `AZURE_CLIENT_SECRET_SECRET`) |
    /// | `AZURE_SUBSCRIPTION_ID`, `AZURE_RESOURCE_GROUP` | — | where VMs are created |
    /// | `AZURE_IMAGE` | — | `publisher:offer:sku:version` or an image resource id (NVIDIA driver + Docker) |
    /// | `AZURE_SUBNET_IDS` | — | `region=/subscriptions/…/subnets/…,…` |
    /// | `AZURE_NSG_ID` | — | a network security group for the NICs |
    /// | `AZURE_ADMIN_USERNAME` | `azureuser` | the VM's admin account |
    /// | `AZURE_SSH_PUBLIC_KEY` | — | its SSH public key |
    /// | `AZURE_AUTHORITY_HOST` | `https://login.microsoftonline.com` | where tokens come from |
    /// | `AZURE_RESOURCE_MANAGER_URL` | `https://management.azure.com` | Resource Manager |
    /// | `AZURE_OPERATION_WAIT_SECONDS` | 20 | how long one operation is followed |
    /// | `AZURE_MACHINE_IDENTITY_ID` | — | resource id of the user-assigned managed identity pool VMs get (Key Vault Secrets User on `AZURE_KEY_VAULT_URL`'s vault, nothing else) |
    /// | `AZURE_KEY_VAULT_URL` | — | the vault pool VMs' secrets are kept in (the service principal: Key Vault Secrets Officer on it) |
    pub fn from_env(env: &mut crate::config::EnvReader, client_secret: Option<String>) -> Self {
        let image_text = env.required("AZURE_IMAGE");
        let image = Image::parse(&image_text).unwrap_or_else(|| {
            if !image_text.is_empty() {
                env.problem("AZURE_IMAGE: not publisher:offer:sku:version or an image resource id");
            }
            Image::Id(String::new())
        });
        let client_secret = client_secret.or_else(|| env.optional("AZURE_CLIENT_SECRET")).unwrap_or_else(|| {
            env.problem("AZURE_CLIENT_SECRET is not set (nor AZURE_CLIENT_SECRET_SECRET)");
            String::new()
        });
        let credentials = Credentials {
            tenant_id: env.required("AZURE_TENANT_ID"),
            client_id: env.required("AZURE_CLIENT_ID"),
            client_secret: ClientSecret::new(client_secret),
            authority: env
                .optional("AZURE_AUTHORITY_HOST")
                .unwrap_or_else(|| "https://login.microsoftonline.com".to_owned()),
        };
        let machine_identity = env.optional("AZURE_MACHINE_IDENTITY_ID");
        if machine_identity.as_ref().is_some_and(|id| {
            !id.to_ascii_lowercase().contains("/providers/microsoft.managedidentity/userassignedidentities/")
        }) {
            env.problem("AZURE_MACHINE_IDENTITY_ID: not a user-assigned managed identity's resource id");
        }
        let key_vault = env.optional("AZURE_KEY_VAULT_URL").map(|url| url.trim_end_matches('/').to_owned());
        if key_vault.as_ref().is_some_and(|url| !url.starts_with("https://") && !url.starts_with("http://127.0.0.1")) {
            env.problem("AZURE_KEY_VAULT_URL: not https://<vault>.vault.azure.net");
        }
        let mut server = InferenceServer::from_env(env, crate::domain::instances::CloudProvider::Azure);
        server.managed_identity.clone_from(&machine_identity);
        Self {
            credentials,
            subscription_id: env.required("AZURE_SUBSCRIPTION_ID"),
            resource_group: env.required("AZURE_RESOURCE_GROUP"),
            image,
            subnets: env.pairs("AZURE_SUBNET_IDS", |id| id.contains("/subnets/"), "region=<subnet resource id>"),
            network_security_group: env.optional("AZURE_NSG_ID"),
            admin_username: env.optional("AZURE_ADMIN_USERNAME").unwrap_or_else(|| "azureuser".to_owned()),
            ssh_public_key: env.required("AZURE_SSH_PUBLIC_KEY"),
            server,
            resource_manager: env
                .optional("AZURE_RESOURCE_MANAGER_URL")
                .unwrap_or_else(|| "https://management.azure.com".to_owned()),
            operation_wait: Duration::from_secs(env.parsed_or("AZURE_OPERATION_WAIT_SECONDS", 20)),
            retry: RetryPolicy::default(),
            machine_identity,
            key_vault,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_urns_or_resource_ids() {
        assert_eq!(
            Image::parse("microsoft-dsvm:ubuntu-hpc:2204:latest"),
            Some(Image::Marketplace {
                publisher: "microsoft-dsvm".to_owned(),
                offer: "ubuntu-hpc".to_owned(),
                sku: "2204".to_owned(),
                version: "latest".to_owned()
            })
        );
        assert!(matches!(
            Image::parse("/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/i"),
            Some(Image::Id(_))
        ));
        assert_eq!(Image::parse("ubuntu"), None);
        assert_eq!(Image::parse("a::c:d"), None);
    }

    #[test]
    fn missing_settings_are_named_together_and_a_secret_is_never_in_them() {
        let mut env = crate::config::EnvReader::from_fn(|name| match name {
            "AZURE_CLIENT_SECRET" => Some("plain-secret-value".to_owned()),
            "AZURE_IMAGE" => Some("ubuntu".to_owned()),
            "AZURE_SUBNET_IDS" => Some("eastus=not-a-subnet".to_owned()),
            _ => None,
        });
        let _ = AzureSettings::from_env(&mut env, None);
        let problems = env.finish().expect_err("incomplete").to_string();
        for name in [
            "AZURE_TENANT_ID",
            "AZURE_CLIENT_ID",
            "AZURE_SUBSCRIPTION_ID",
            "AZURE_RESOURCE_GROUP",
            "AZURE_SSH_PUBLIC_KEY",
            "AZURE_IMAGE",
            "AZURE_SUBNET_IDS",
        ] {
            assert!(problems.contains(name), "{name} in {problems}");
        }
        assert!(!problems.contains("plain-secret-value"));
    }
}
