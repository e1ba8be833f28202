//! Step Functions task of the instance lifecycle (`statemachines/instance-lifecycle.asl.json`):
//! says where the machine stands (CONFIGURING, READY with how long to wait, or STOP), marking it READY once it serves and STOPPING when its idle time is up. Failures are the named errors the definition's Retry and Catch list
//! (`shared::app::instances::errors`).

use std::sync::Arc;

use shared::app::instances::{CheckOutput, ExecutionInput, Lifecycle};
use shared::workflow::TaskError;

/// The state's typed input in, its typed output back (the names the definition reads).
pub async fn handle(lifecycle: Arc<Lifecycle>, input: ExecutionInput) -> Result<CheckOutput, TaskError> {
    // One conversion of a step's failure to the state machine's named error: `TaskError::from`.
    Ok(lifecycle.check(&input).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::test_util::{fixture_instances, workspace_file};

    #[tokio::test]
    async fn a_booting_machine_is_polled_again_later() {
        let (service, _, _) = fixture_instances().await;
        let raw =
            std::fs::read_to_string(workspace_file("events/task-check-instance/configuring.json")).expect("fixture");
        let output =
            handle(service.lifecycle().clone(), serde_json::from_str(&raw).expect("JSON")).await.expect("checked");
        let output = serde_json::to_value(output).expect("JSON");
        assert_eq!((output["phase"].as_str(), output["waitSeconds"].as_u64()), (Some("CONFIGURING"), Some(15)));
    }
}
