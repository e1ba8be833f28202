//! The EC2 compute provider (feature `ec2`): GPU machines launched from a configured GPU AMI whose
//! user data starts the inference server (`adapters::inference_server`).
//!
//! - **Launch** is idempotent twice over: EC2's `ClientToken` (the instance id) makes a retried
//!   `RunInstances` return the same machine, and a machine already tagged with the instance id is
//!   returned without calling it at all.
//! - **Tags** on the machine and its volume: the product, the tenant and the instance id
//!   (`shared::app::instances::TAG_*`), which the reconciler finds machines by.
//! - **Serving** is the inference server's health check, asked once the machine runs.
//! - Errors: capacity and vCPU quota are `Capacity`; throttling and 5xx `Transient`; the rest
//!   `Permanent`. A machine EC2 no longer knows is `Terminated`.
//!
//! One client per region, built from the shared AWS configuration (so `AWS_ENDPOINT_URL` points it
//! at an emulator).

use std::collections::HashMap;
use std::sync::Mutex;

use async_trait::async_trait;
use aws_sdk_ec2::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ec2::types::{
    BlockDeviceMapping, EbsBlockDevice, Filter, HttpTokensState, IamInstanceProfileSpecification,
    InstanceMetadataOptionsRequest, InstanceStateName, InstanceType, ResourceType, Tag, TagSpecification, VolumeType,
};
use aws_sdk_ec2::Client;
use base64::Engine;

use super::inference_server::{HealthProbe, InferenceServer};
use crate::app::instances::{TAG_INSTANCE, TAG_PRODUCT, TAG_TENANT};
use crate::ports::{ComputeError, ComputeProvider, LaunchSpec, MachineState, TaggedMachine};

/// What every machine is launched with besides its type, disk and tags.
#[derive(Clone, Debug, PartialEq)]
pub struct Ec2Settings {
    /// A GPU AMI with Docker and the NVIDIA container toolkit (an AWS Deep Learning AMI), by
    /// region.
    pub images: HashMap<String, String>,
    pub server: InferenceServer,
    /// The AMI's root device, whose size is the request's `diskSizeGB`.
    pub root_device: String,
    pub subnet_id: Option<String>,
    pub security_group_ids: Vec<String>,
    /// The instance profile (ARN) pool machines are launched with: its role reads their own
    /// server secret and the Hugging Face token, nothing else (template.yaml's
    /// `GpuMachineInstanceProfile`). A pool machine is not launched without one: it could never
    /// read its secret, so it would never serve.
    pub instance_profile: Option<String>,
}

impl Default for Ec2Settings {
    fn default() -> Self {
        Self {
            images: HashMap::new(),
            server: InferenceServer::default(),
            root_device: "/dev/sda1".to_owned(),
            subnet_id: None,
            security_group_ids: Vec::new(),
            instance_profile: None,
        }
    }
}

impl Ec2Settings {
    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `GPU_AMI_IDS` | — | `region=ami-…,…`: the GPU AMI per region (Docker + NVIDIA toolkit); a launch in a region without one fails `Instance.Invalid` and is closed |
    /// | `INFERENCE_MODEL`, `INFERENCE_SERVER_IMAGE` | | `InferenceServer::from_env` |
    /// | `EC2_SUBNET_ID`, `EC2_SECURITY_GROUP_IDS` | — | where machines are launched (the group must open port 8000 to the callers) |
    /// | `GPU_MACHINE_INSTANCE_PROFILE_ARN` | — | the instance profile of pool machines (reads their secret and the Hugging Face token); required to launch one |
    pub fn from_env(env: &mut crate::config::EnvReader) -> Self {
        let d = Self::default();
        let images = env.pairs("GPU_AMI_IDS", |image| image.starts_with("ami-"), "region=ami-…");
        Self {
            images,
            server: InferenceServer::from_env(env, crate::domain::instances::CloudProvider::Aws),
            subnet_id: env.optional("EC2_SUBNET_ID"),
            security_group_ids: env
                .optional("EC2_SECURITY_GROUP_IDS")
                .map(|g| g.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
            instance_profile: env.optional("GPU_MACHINE_INSTANCE_PROFILE_ARN"),
            ..d
        }
    }
}

pub struct Ec2Compute {
    config: aws_config::SdkConfig,
    settings: Ec2Settings,
    clients: Mutex<HashMap<String, Client>>,
    probe: HealthProbe,
}

const CAPACITY_CODES: &[&str] = &["InsufficientInstanceCapacity", "InstanceLimitExceeded", "VcpuLimitExceeded"];
const TRANSIENT_CODES: &[&str] = &[
    "RequestLimitExceeded",
    "Throttling",
    "ThrottlingException",
    "InternalError",
    "ServiceUnavailable",
    "Unavailable",
];

/// EC2's error as the instance's `error` may say it: the kind of failure and EC2's error code.
/// The whole chain (request id, endpoint, EC2's message) goes to the log only.
fn compute_error<E, R>(err: SdkError<E, R>) -> ComputeError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    tracing::warn!(error = %DisplayErrorContext(&err), "EC2 call failed");
    let code = err.code().map(str::to_owned);
    let told = match (&err, code.as_deref()) {
        (_, Some(c)) => format!("EC2 refused the call: {}", super::upstream::code(c)),
        (SdkError::TimeoutError(_), None) => "EC2 did not answer in time".to_owned(),
        (SdkError::DispatchFailure(_), None) => "EC2 could not be reached".to_owned(),
        (SdkError::ResponseError(_), None) => super::upstream::malformed("EC2"),
        _ => "EC2 refused the call".to_owned(),
    };
    match (&err, code.as_deref()) {
        (_, Some(c)) if CAPACITY_CODES.contains(&c) => ComputeError::Capacity(told),
        (_, Some(c)) if TRANSIENT_CODES.contains(&c) => ComputeError::Transient(told),
        (SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_), _) => {
            ComputeError::Transient(told)
        }
        _ => ComputeError::Permanent(told),
    }
}

fn is_not_found<E: ProvideErrorMetadata, R>(err: &SdkError<E, R>) -> bool {
    err.code().is_some_and(|c| c.starts_with("InvalidInstanceID"))
}

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

impl Ec2Compute {
    pub fn new(config: aws_config::SdkConfig, settings: Ec2Settings) -> Result<Self, String> {
        let probe = HealthProbe::new(settings.server.port)?;
        Ok(Self { config, settings, clients: Mutex::new(HashMap::new()), probe })
    }

    fn client(&self, region: &str) -> Client {
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        clients
            .entry(region.to_owned())
            .or_insert_with(|| {
                let config = aws_sdk_ec2::config::Builder::from(&self.config)
                    .region(aws_sdk_ec2::config::Region::new(region.to_owned()))
                    .build();
                Client::from_conf(config)
            })
            .clone()
    }

    /// A live machine already tagged with this instance id (a launch that happened before).
    async fn tagged(&self, client: &Client, instance_id: &str) -> Result<Option<String>, ComputeError> {
        let out = client
            .describe_instances()
            .filters(Filter::builder().name(format!("tag:{TAG_INSTANCE}")).values(instance_id).build())
            .filters(Filter::builder().name("instance-state-name").values("pending").values("running").build())
            .send()
            .await
            .map_err(compute_error)?;
        Ok(out.reservations().iter().flat_map(|r| r.instances()).find_map(|i| i.instance_id().map(str::to_owned)))
    }
}

#[async_trait]
impl ComputeProvider for Ec2Compute {
    async fn launch(&self, spec: &LaunchSpec) -> Result<String, ComputeError> {
        let client = self.client(&spec.region);
        if let Some(existing) = self.tagged(&client, &spec.client_token).await? {
            return Ok(existing);
        }
        let image = self.settings.images.get(&spec.region).ok_or_else(|| {
            ComputeError::Permanent(format!("no GPU AMI is configured for {} (GPU_AMI_IDS)", spec.region))
        })?;
        // Only a pool machine reads secrets at boot; one rented by hand gets no identity.
        let profile =
            match (&spec.server, &self.settings.instance_profile) {
                (None, _) => None,
                (Some(_), Some(arn)) => Some(IamInstanceProfileSpecification::builder().arn(arn).build()),
                (Some(_), None) => return Err(ComputeError::Permanent(
                    "pool machines need an instance profile to read their secret (GPU_MACHINE_INSTANCE_PROFILE_ARN)"
                        .to_owned(),
                )),
            };
        let tags: Vec<Tag> = spec.tags.iter().map(|(k, v)| tag(k, v)).collect();
        let tagged =
            |resource| TagSpecification::builder().resource_type(resource).set_tags(Some(tags.clone())).build();
        let disk = EbsBlockDevice::builder()
            .volume_size(spec.disk_size_gb as i32)
            .volume_type(VolumeType::Gp3)
            .delete_on_termination(true)
            .encrypted(true)
            .build();
        let mut request = client
            .run_instances()
            .client_token(&spec.client_token)
            .image_id(image)
            .instance_type(InstanceType::from(spec.instance_type.as_str()))
            .min_count(1)
            .max_count(1)
            .block_device_mappings(
                BlockDeviceMapping::builder().device_name(&self.settings.root_device).ebs(disk).build(),
            )
            .tag_specifications(tagged(ResourceType::Instance))
            .tag_specifications(tagged(ResourceType::Volume))
            .metadata_options(InstanceMetadataOptionsRequest::builder().http_tokens(HttpTokensState::Required).build())
            // The SDK sends UserData as given: EC2 wants it base64-encoded.
            .user_data(
                base64::engine::general_purpose::STANDARD
                    .encode(self.settings.server.boot_script(spec.server.as_ref())),
            );
        if profile.is_some() {
            request = request.set_iam_instance_profile(profile);
        }
        if let Some(subnet) = &self.settings.subnet_id {
            request = request.subnet_id(subnet);
        }
        for group in &self.settings.security_group_ids {
            request = request.security_group_ids(group);
        }
        let out = request.send().await.map_err(compute_error)?;
        out.instances()
            .first()
            .and_then(|i| i.instance_id())
            .map(str::to_owned)
            .ok_or_else(|| ComputeError::Transient("RunInstances answered no instance".to_owned()))
    }

    async fn describe(&self, region: &str, machine_id: &str) -> Result<MachineState, ComputeError> {
        let out = match self.client(region).describe_instances().instance_ids(machine_id).send().await {
            Ok(out) => out,
            Err(err) if is_not_found(&err) => return Ok(MachineState::Terminated),
            Err(err) => return Err(compute_error(err)),
        };
        let Some(instance) = out.reservations().iter().flat_map(|r| r.instances()).next() else {
            return Ok(MachineState::Terminated);
        };
        match instance.state().and_then(|s| s.name()) {
            Some(InstanceStateName::Pending) => Ok(MachineState::Pending),
            Some(InstanceStateName::Running) => {
                Ok(self.probe.running(instance.public_ip_address().map(str::to_owned)).await)
            }
            _ => Ok(MachineState::Terminated),
        }
    }

    async fn terminate(&self, region: &str, machine_id: &str) -> Result<(), ComputeError> {
        match self.client(region).terminate_instances().instance_ids(machine_id).send().await {
            Ok(_) => Ok(()),
            Err(err) if is_not_found(&err) => Ok(()),
            Err(err) => Err(compute_error(err)),
        }
    }

    async fn tagged(&self, region: &str) -> Result<Vec<TaggedMachine>, ComputeError> {
        let pages = self
            .client(region)
            .describe_instances()
            .filters(Filter::builder().name("tag-key").values(TAG_PRODUCT).build())
            .filters(Filter::builder().name("instance-state-name").values("pending").values("running").build())
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .map_err(compute_error)?;
        let tag = |i: &aws_sdk_ec2::types::Instance, key: &str| {
            i.tags().iter().find(|t| t.key() == Some(key)).and_then(|t| t.value()).map(str::to_owned)
        };
        Ok(pages
            .iter()
            .flat_map(|r| r.instances())
            .filter_map(|i| {
                Some(TaggedMachine {
                    machine_id: i.instance_id()?.to_owned(),
                    tenant: tag(i, TAG_TENANT),
                    instance_id: tag(i, TAG_INSTANCE),
                    parts_only: false,
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use aws_sdk_ec2::error::ErrorMetadata;
    use aws_sdk_ec2::operation::run_instances::RunInstancesError;

    use super::*;

    #[test]
    fn errors_name_the_kind_and_code_never_what_ec2_said() {
        let refusal = |code: &str| {
            let meta = ErrorMetadata::builder()
                .code(code)
                .message("account 123456789012 in us-east-1: internal detail")
                .build();
            compute_error(SdkError::<_, ()>::service_error(RunInstancesError::generic(meta), ()))
        };
        let err = refusal("InsufficientInstanceCapacity");
        assert_eq!(err, ComputeError::Capacity("EC2 refused the call: InsufficientInstanceCapacity".to_owned()));
        assert!(matches!(refusal("RequestLimitExceeded"), ComputeError::Transient(_)));
        assert!(matches!(refusal("InvalidAMIID.Malformed"), ComputeError::Permanent(m) if !m.contains("123456789012")));
        let dispatch =
            SdkError::<RunInstancesError, ()>::timeout_error("connect to https://ec2.us-east-1.amazonaws.com");
        assert_eq!(compute_error(dispatch), ComputeError::Transient("EC2 did not answer in time".to_owned()));
    }
}
