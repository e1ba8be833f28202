//! Scheduled (every 5 minutes): the reconciler (`shared::app::instances::reconcile`) terminates orphaned
//! machines and closes instances whose lifecycle died or whose machine vanished. The scheduled
//! event carries nothing it needs; the report is the output, and its counts are printed as one
//! Embedded Metric Format line, which CloudWatch turns into metrics.

use serde_json::Value;
use shared::app::instances::reconcile::Reconciler;
use shared::workflow::TaskError;

pub async fn handle(reconciler: &Reconciler, _event: Value) -> Result<Value, TaskError> {
    let report = reconciler.run().await;
    // Lambda sends stdout to CloudWatch Logs, where an EMF line becomes metrics.
    let function = std::env::var("AWS_LAMBDA_FUNCTION_NAME").unwrap_or_else(|_| "on-reconcile-instances".to_owned());
    println!("{}", report.metrics(reconciler.lifecycle().clock().now_ms(), &function));
    serde_json::to_value(&report).map_err(|e| TaskError::new("Reconcile.Report", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ports::{ComputeProvider, LaunchSpec};
    use shared::test_util::{fixture_instances, workspace_file};
    use std::time::Duration;

    #[tokio::test]
    async fn an_orphan_is_terminated_and_a_live_instance_left_alone() {
        let (service, cloud, _) = fixture_instances().await;
        let spec = LaunchSpec {
            client_token: "orphan".to_owned(),
            instance_type: "g5.xlarge".to_owned(),
            region: "us-east-1".to_owned(),
            disk_size_gb: 100,
            tags: vec![(shared::app::instances::TAG_PRODUCT.to_owned(), "true".to_owned())],
            server: None,
        };
        let orphan = cloud.launch(&spec).await.expect("launched");
        let reconciler = Reconciler::new(service.lifecycle().clone(), Duration::from_secs(600));
        let event =
            std::fs::read_to_string(workspace_file("events/on-reconcile-instances/scheduled.json")).expect("fixture");
        let report = handle(&reconciler, serde_json::from_str(&event).expect("JSON")).await.expect("report");
        assert_eq!(report["orphansTerminated"], serde_json::json!([orphan]));
        assert_eq!(report["overdueClosed"], serde_json::json!([]));
        assert_eq!(cloud.running().len(), 1, "the fixture's own machine runs on");
    }
}
