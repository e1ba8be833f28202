//! Pool machines' server secrets in AWS Secrets Manager (feature `secrets`), read by each EC2
//! machine at boot with its instance profile, so the boot script (user data, which anyone allowed
//! `ec2:DescribeInstanceAttribute` can read) names the secret and never holds it.
//!
//! - **Names** are the configured prefix and the instance id (`<stack>/gpu-machine/<id>`), in the
//!   functions' region; the boot script reads the secret by ARN, in that region.
//! - **Binding**: once EC2 has named the machine, the secret is tagged
//!   `ai-analysis-backend:machine` = the machine's ARN. The machines' role may read a secret under
//!   the prefix only when that tag equals `${ec2:SourceInstanceARN}` (template.yaml's
//!   `GpuMachineRole`): each machine reads its own secret, no other machine's.
//! - **Delete** is immediate (`ForceDeleteWithoutRecovery`: a terminated machine's secret has no
//!   use) and idempotent: a secret that is not there is fine.
//! - Errors: throttling, 5xx and timeouts are `Transient`; the rest `Unavailable`. The value is
//!   never logged; the log gets the SDK's error chain, which never holds it.

use async_trait::async_trait;
use aws_sdk_secretsmanager::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_secretsmanager::types::Tag;
use aws_sdk_secretsmanager::Client;

use crate::app::instances::TAG_MACHINE;
use crate::domain::instances::ServerKey;
use crate::ports::{MachineSecrets, SecretRef, StoreError};

/// The default prefix of machine secrets' names (the template sets `<stack>/gpu-machine/`).
pub const DEFAULT_PREFIX: &str = "ai-analysis-backend/gpu-machine/";

pub struct SecretsManagerMachineSecrets {
    client: Client,
    prefix: String,
}

const TRANSIENT_CODES: &[&str] = &["ThrottlingException", "InternalServiceError", "ServiceUnavailable"];

fn store_error<E, R>(what: &str, err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    tracing::warn!(operation = what, error = %DisplayErrorContext(&err), "Secrets Manager call failed");
    let code = err.code().map(str::to_owned);
    let told = format!("Secrets Manager {what}: {}", code.as_deref().unwrap_or("no answer"));
    match (&err, code.as_deref()) {
        (_, Some(c)) if TRANSIENT_CODES.contains(&c) => StoreError::Transient(told),
        (SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_), _) => {
            StoreError::Transient(told)
        }
        _ => StoreError::Unavailable(told),
    }
}

/// The ARN of EC2 machine `machine_id` in `region`, in the partition and account of `secret_arn`
/// (`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`).
pub fn machine_arn(secret_arn: &str, region: &str, machine_id: &str) -> Option<String> {
    let parts: Vec<&str> = secret_arn.splitn(7, ':').collect();
    match parts[..] {
        ["arn", partition, "secretsmanager", _, account, "secret", _] if !account.is_empty() => {
            Some(format!("arn:{partition}:ec2:{region}:{account}:instance/{machine_id}"))
        }
        _ => None,
    }
}

impl SecretsManagerMachineSecrets {
    pub fn new(config: &aws_config::SdkConfig, prefix: impl Into<String>) -> Self {
        Self { client: Client::new(config), prefix: prefix.into() }
    }

    /// | variable | default | meaning |
    /// |---|---|---|
    /// | `GPU_MACHINE_SECRET_PREFIX` | `ai-analysis-backend/gpu-machine/` | name prefix of pool machines' secrets (the template: `<stack>/gpu-machine/`, the only names the machines' role may read) |
    pub fn from_env(config: &aws_config::SdkConfig, env: &mut crate::config::EnvReader) -> Self {
        Self::new(config, env.optional("GPU_MACHINE_SECRET_PREFIX").unwrap_or_else(|| DEFAULT_PREFIX.to_owned()))
    }

    /// The secret's name for instance `instance_id`.
    pub fn name(&self, instance_id: &str) -> String {
        format!("{}{instance_id}", self.prefix)
    }
}

#[async_trait]
impl MachineSecrets for SecretsManagerMachineSecrets {
    async fn put(
        &self,
        instance_id: &str,
        value: &ServerKey,
        tags: &[(String, String)],
    ) -> Result<SecretRef, StoreError> {
        let name = self.name(instance_id);
        let tags: Vec<Tag> = tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect();
        let created = self
            .client
            .create_secret()
            .name(&name)
            .description("The inference server secret of one GPU pool machine (ai-analysis-backend)")
            .secret_string(&value.0)
            .set_tags(Some(tags))
            .send()
            .await;
        let arn = match created {
            Ok(out) => out.arn().map(str::to_owned),
            // A retried launch: the same name, the value replaced (it is the same one).
            Err(err) if err.code() == Some("ResourceExistsException") => self
                .client
                .put_secret_value()
                .secret_id(&name)
                .secret_string(&value.0)
                .send()
                .await
                .map_err(|e| store_error("PutSecretValue", e))?
                .arn()
                .map(str::to_owned),
            Err(err) => return Err(store_error("CreateSecret", err)),
        };
        arn.map(SecretRef::AwsSecret).ok_or_else(|| StoreError::Transient("Secrets Manager answered no ARN".to_owned()))
    }

    async fn bind(&self, secret: &SecretRef, region: &str, machine_id: &str) -> Result<(), StoreError> {
        let SecretRef::AwsSecret(arn) = secret else { return Ok(()) };
        let machine = machine_arn(arn, region, machine_id)
            .ok_or_else(|| StoreError::Unavailable("the secret's ARN names no account".to_owned()))?;
        self.client
            .tag_resource()
            .secret_id(arn)
            .tags(Tag::builder().key(TAG_MACHINE).value(machine).build())
            .send()
            .await
            .map_err(|e| store_error("TagResource", e))?;
        Ok(())
    }

    async fn delete(&self, instance_id: &str) -> Result<(), StoreError> {
        let deleted = self
            .client
            .delete_secret()
            .secret_id(self.name(instance_id))
            .force_delete_without_recovery(true)
            .send()
            .await;
        match deleted {
            Ok(_) => Ok(()),
            Err(err) if err.code() == Some("ResourceNotFoundException") => Ok(()),
            Err(err) => Err(store_error("DeleteSecret", err)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_machine_arn_is_in_the_secrets_partition_and_account() {
        assert_eq!(
            machine_arn(
                "arn:aws:secretsmanager:us-east-1:123456789012:secret:s/gpu-machine/x-AbCd",
                "eu-west-1",
                "i-0abc"
            )
            .as_deref(),
            Some("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc")
        );
        assert_eq!(
            machine_arn("arn:aws-cn:secretsmanager:cn-north-1:1:secret:n", "cn-north-1", "i-1").as_deref(),
            Some("arn:aws-cn:ec2:cn-north-1:1:instance/i-1")
        );
        assert_eq!(machine_arn("not-an-arn", "us-east-1", "i-1"), None);
    }
}
