//! Step Functions (feature `sfn`): starts the lifecycle execution of an instance, named by the
//! instance id, so a retried request starts nothing new (`ExecutionAlreadyExists` is success).

use async_trait::async_trait;
use aws_sdk_sfn::error::DisplayErrorContext;
use aws_sdk_sfn::operation::start_execution::StartExecutionError;
use aws_sdk_sfn::Client;

use crate::ports::{StoreError, WorkflowStarter};

pub struct SfnWorkflowStarter {
    client: Client,
    state_machine_arn: String,
}

impl SfnWorkflowStarter {
    pub fn new(config: &aws_config::SdkConfig, state_machine_arn: impl Into<String>) -> Self {
        Self { client: Client::new(config), state_machine_arn: state_machine_arn.into() }
    }
}

#[async_trait]
impl WorkflowStarter for SfnWorkflowStarter {
    async fn start(&self, name: &str, input: serde_json::Value) -> Result<(), StoreError> {
        let started = self
            .client
            .start_execution()
            .state_machine_arn(&self.state_machine_arn)
            .name(name)
            .input(input.to_string())
            .send()
            .await;
        match started {
            Ok(_) => Ok(()),
            Err(err) if matches!(err.as_service_error(), Some(StartExecutionError::ExecutionAlreadyExists(_))) => {
                Ok(())
            }
            Err(err) => Err(StoreError::Unavailable(DisplayErrorContext(&err).to_string())),
        }
    }
}
