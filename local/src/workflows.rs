//! The state machines of `local`: each execution runs the deployed ASL definition with
//! `shared::workflow::asl`, its tasks bound in process (`shared::app::instances::LifecycleTasks`), on
//! the simulated cloud. No second copy of the flow.

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;
use shared::app::instances::{Lifecycle, LifecycleTasks, DEFINITION};
use shared::ports::{StoreError, WorkflowStarter};
use shared::workflow::asl::{self, Outcome};

pub struct LocalWorkflows {
    lifecycle: Arc<Lifecycle>,
    definition: Arc<Value>,
}

impl LocalWorkflows {
    pub fn new(lifecycle: Arc<Lifecycle>) -> Result<Self, String> {
        let definition = serde_json::from_str(DEFINITION).map_err(|e| format!("instance-lifecycle.asl.json: {e}"))?;
        Ok(Self { lifecycle, definition: Arc::new(definition) })
    }
}

#[async_trait]
impl WorkflowStarter for LocalWorkflows {
    async fn start(&self, name: &str, input: Value) -> Result<(), StoreError> {
        let tasks = LifecycleTasks(self.lifecycle.clone());
        let definition = self.definition.clone();
        let name = name.to_owned();
        tokio::spawn(async move {
            let execution = asl::run(&definition, input, &tasks).await;
            let transitions = execution.transitions();
            match execution.outcome {
                Outcome::Succeeded(_) => {
                    tracing::info!(execution = %name, transitions, "lifecycle ended")
                }
                Outcome::Failed { error, .. } => {
                    tracing::warn!(execution = %name, error, transitions, "lifecycle failed")
                }
            }
        });
        Ok(())
    }
}
