//! Scheduled (every 2 minutes): sends the analysis tasks whose submitting request died between
//! storing the task and sending its message (`shared::app::tasks::requeue`), and fails those the
//! queue keeps refusing. The scheduled event carries nothing it needs; the report is the output.

use std::sync::Arc;

use serde_json::Value;
use shared::app::tasks::{QueueService, RequeueSettings};
use shared::ports::TaskQueue;
use shared::workflow::TaskError;

pub struct Deps {
    pub service: QueueService,
    pub queue: Arc<dyn TaskQueue>,
    pub settings: RequeueSettings,
}

pub async fn handle(deps: &Deps, _event: Value) -> Result<Value, TaskError> {
    let report = deps.service.requeue_unsent(deps.queue.as_ref(), &deps.settings).await;
    serde_json::to_value(&report).map_err(|e| TaskError::new("Requeue.Report", e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::adapters::memory::MemoryTaskStore;
    use shared::app::tasks::QueueSettings;
    use shared::clock::ManualClock;
    use shared::domain::tasks::{Priority, Task, TaskChange, TaskType};
    use shared::domain::tenant::TenantId;
    use shared::ports::{Clock, StoreError, TaskMessage};
    use shared::test_util::workspace_file;
    use std::sync::Mutex;
    use std::time::Duration;

    #[derive(Default)]
    struct Recorded(Mutex<Vec<TaskMessage>>);

    #[async_trait::async_trait]
    impl TaskQueue for Recorded {
        async fn enqueue(&self, message: &TaskMessage, _delay: Duration) -> Result<(), StoreError> {
            self.0.lock().map_err(|_| StoreError::Unavailable("poisoned".to_owned()))?.push(message.clone());
            Ok(())
        }
    }

    #[tokio::test]
    async fn a_task_stored_but_never_sent_is_sent() {
        let clock = Arc::new(ManualClock::at(1_795_399_200_000));
        let service = QueueService::new(Arc::new(MemoryTaskStore::default()), clock.clone(), QueueSettings::default());
        let tenant = TenantId::parse("acme-health").expect("tenant");
        let task = Task::new(
            shared::ids::new_id(),
            tenant.clone(),
            TaskType::ChatResponse,
            Priority::Urgent,
            serde_json::json!({"message": "Summarize the discharge note."}),
            None,
            clock.now_ms(),
        );
        service.store().write(&TaskChange::created(task.clone())).await.expect("stored");
        clock.advance(120_000);
        let queue = Arc::new(Recorded::default());
        let deps = Deps { service, queue: queue.clone(), settings: RequeueSettings::default() };
        let event = std::fs::read_to_string(workspace_file("events/on-requeue-tasks/scheduled.json")).expect("fixture");
        let report = handle(&deps, serde_json::from_str(&event).expect("JSON")).await.expect("report");
        assert_eq!(report["requeued"], serde_json::json!([task.id]));
        assert_eq!(report["failed"], serde_json::json!([]));
        let sent = queue.0.lock().expect("lock").clone();
        assert_eq!(sent, [TaskMessage { tenant_id: tenant, task_id: task.id, priority: Priority::Urgent }]);
    }
}
