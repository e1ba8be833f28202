//! Export files in S3 (feature `s3`): one private object per export, `exports/<tenant>/<id>.ndjson.gz`,
//! in a bucket that is encrypted, blocks public access and deletes exports by a lifecycle rule
//! (template.yaml). A download is a pre-signed GET URL that works for `link_ttl` only.
//!
//! The client comes from the standard AWS configuration chain, so `AWS_ENDPOINT_URL` points it at
//! an emulator with no code change (path-style addressing, which every emulator serves).

use std::time::Duration;

use async_trait::async_trait;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
pub use aws_sdk_s3::Client;

use crate::domain::tenant::TenantId;
use crate::ports::{ExportFiles, ExportLink, StoreError};

/// How long a download URL works by default: long enough to start a download, short enough that
/// a leaked URL is soon worthless.
pub const DEFAULT_LINK_SECONDS: u64 = 900;
/// The longest a URL may be asked to work (`EXPORT_LINK_SECONDS`): a pre-signed URL dies with the
/// Lambda role's session credentials anyway, which last hours at most.
pub const MAX_LINK_SECONDS: u64 = 3600;

/// `EXPORT_LINK_SECONDS` (default 900, 60–3600): how long a download URL works.
pub fn link_ttl_from_env(env: &mut crate::config::EnvReader) -> Duration {
    let seconds: u64 = env.parsed_or("EXPORT_LINK_SECONDS", DEFAULT_LINK_SECONDS);
    if !(60..=MAX_LINK_SECONDS).contains(&seconds) {
        env.problem(format!("EXPORT_LINK_SECONDS must be from 60 to {MAX_LINK_SECONDS}"));
    }
    Duration::from_secs(seconds.clamp(60, MAX_LINK_SECONDS))
}

pub fn client(config: &aws_config::SdkConfig) -> Client {
    Client::from_conf(aws_sdk_s3::config::Builder::from(config).force_path_style(true).build())
}

pub struct S3ExportFiles {
    client: Client,
    bucket: String,
    link_ttl: Duration,
}

impl S3ExportFiles {
    pub fn new(client: Client, bucket: impl Into<String>, link_ttl: Duration) -> Self {
        Self { client, bucket: bucket.into(), link_ttl }
    }

    fn key(tenant: &TenantId, export_id: &str) -> String {
        format!("exports/{tenant}/{export_id}.ndjson.gz")
    }
}

fn s3_error<E, R>(err: SdkError<E, R>) -> StoreError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug,
{
    let message = DisplayErrorContext(&err).to_string();
    match (&err, err.code()) {
        (_, Some("SlowDown" | "ServiceUnavailable" | "InternalError" | "RequestTimeout")) => {
            StoreError::Transient(message)
        }
        (SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_), _) => {
            StoreError::Transient(message)
        }
        _ => StoreError::Unavailable(message),
    }
}

#[async_trait]
impl ExportFiles for S3ExportFiles {
    async fn put(&self, tenant: &TenantId, export_id: &str, gzip_ndjson: Vec<u8>) -> Result<(), StoreError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(Self::key(tenant, export_id))
            .content_type("application/gzip")
            .body(ByteStream::from(gzip_ndjson))
            .send()
            .await
            .map_err(s3_error)?;
        Ok(())
    }

    async fn link(&self, tenant: &TenantId, export_id: &str, now_ms: i64) -> Result<ExportLink, StoreError> {
        let presigning = PresigningConfig::expires_in(self.link_ttl)
            .map_err(|e| StoreError::Unavailable(format!("export link lifetime: {e}")))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(Self::key(tenant, export_id))
            .response_content_disposition(format!("attachment; filename=\"export-{export_id}.ndjson.gz\""))
            .presigned(presigning)
            .await
            .map_err(s3_error)?;
        let expires_at_ms = now_ms + i64::try_from(self.link_ttl.as_millis()).unwrap_or(i64::MAX);
        Ok(ExportLink { url: request.uri().to_owned(), expires_at_ms: Some(expires_at_ms) })
    }

    async fn delete(&self, tenant: &TenantId, export_id: &str) -> Result<(), StoreError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(Self::key(tenant, export_id))
            .send()
            .await
            .map_err(s3_error)?;
        Ok(())
    }
}
