//! Step Functions task of the instance lifecycle (`statemachines/instance-lifecycle.asl.json`):
//! terminates the machine and closes the record, TERMINATED or FAILED with the caught error, with its cost. Failures are the named errors the definition's Retry and Catch list
//! (`shared::app::instances::errors`).

use std::sync::Arc;

use shared::app::instances::{ExecutionInput, Lifecycle, TerminateOutput};
use shared::workflow::TaskError;

/// The state's typed input in, its typed output back (the names the definition reads).
pub async fn handle(lifecycle: Arc<Lifecycle>, input: ExecutionInput) -> Result<TerminateOutput, TaskError> {
    // One conversion of a step's failure to the state machine's named error: `TaskError::from`.
    Ok(lifecycle.terminate(&input).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::domain::tenant::TenantId;
    use shared::test_util::{fixture_instances, workspace_file, FIXTURE_INSTANCE_ID, FIXTURE_TENANT};

    #[tokio::test]
    async fn a_caught_error_closes_the_record_failed_with_the_machine_gone() {
        let (service, cloud, _) = fixture_instances().await;
        let raw = std::fs::read_to_string(workspace_file("events/task-terminate-instance/after-error.json"))
            .expect("fixture");
        let output =
            handle(service.lifecycle().clone(), serde_json::from_str(&raw).expect("JSON")).await.expect("closed");
        let output = serde_json::to_value(output).expect("JSON");
        assert_eq!(output["status"], "FAILED");
        assert!(output["totalCost"].as_f64().is_some_and(|c| c > 0.0), "{output}");
        assert!(cloud.running().is_empty());
        let tenant = TenantId::parse(FIXTURE_TENANT).expect("tenant");
        let record = service.find(&tenant, FIXTURE_INSTANCE_ID).await.expect("record");
        assert!(
            record.error.as_deref().is_some_and(|e| e.starts_with("Instance.ConfigureTimeout")),
            "{:?}",
            record.error
        );
    }
}
