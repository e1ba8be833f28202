//! Step Functions task of the instance lifecycle (`statemachines/instance-lifecycle.asl.json`):
//! launches the machine (idempotently: the instance id is the client token) and records it CONFIGURING. Failures are the named errors the definition's Retry and Catch list
//! (`shared::app::instances::errors`).

use std::sync::Arc;

use shared::app::instances::{ExecutionInput, Lifecycle, ProvisionOutput};
use shared::workflow::TaskError;

/// The state's typed input in, its typed output back (the names the definition reads).
pub async fn handle(lifecycle: Arc<Lifecycle>, input: ExecutionInput) -> Result<ProvisionOutput, TaskError> {
    // One conversion of a step's failure to the state machine's named error: `TaskError::from`.
    Ok(lifecycle.provision(&input).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::test_util::{fixture_instances, workspace_file};

    fn input(fixture: &str) -> ExecutionInput {
        serde_json::from_str(&std::fs::read_to_string(workspace_file(fixture)).expect("fixture")).expect("JSON")
    }

    #[tokio::test]
    async fn a_repeated_provision_returns_the_same_machine() {
        let (service, cloud, _) = fixture_instances().await;
        let machine = cloud.running()[0].clone();
        let output = handle(service.lifecycle().clone(), input("events/task-provision-instance/launched.json")).await;
        let output = serde_json::to_value(output.expect("idempotent")).expect("JSON");
        assert_eq!(output["machineId"], machine.as_str());
        assert_eq!(cloud.running(), [machine], "no second machine");
        let missing = handle(service.lifecycle().clone(), input("events/task-provision-instance/unknown.json")).await;
        assert_eq!(missing.expect_err("no record").error, "Instance.NotFound");
    }
}
