//! The SQS side of the analysis queue against the emulator (moto), with queues and tables made
//! as `template.yaml` declares them: messages go to their priority's queue, the consumer
//! completes tasks from real deliveries, holds retried messages back, and unreadable messages
//! reach the dead-letter queue instead of looping. The test plays the event source mapping:
//! receive, invoke the function's handler, delete what it did not report as failed.

use std::sync::Arc;
use std::time::Duration;

use aws_lambda_events::event::sqs::SqsEvent;
use aws_sdk_sqs::types::MessageSystemAttributeName;
use serde_json::json;
use shared::adapters::offline_llm::OfflineLlm;
use shared::adapters::sqs::{SqsTaskQueue, SqsVisibility};
use shared::app::tasks::api::CreateTaskRequest;
use shared::app::tasks::{QueueService, QueueSettings};
use shared::clock::SystemClock;
use shared::domain::tasks::{Priority, TaskStatus, TaskType};
use shared::domain::tenant::TenantId;
use shared::ports::{MessageVisibility, TaskMessage, TaskQueue};
use shared::wiring::stores::Stores;
use tests::emulator::{self, Queues};

/// Receives what is visible on `url` now (up to 10 messages) as the SQS event Lambda would get.
async fn receive(queues: &Queues, url: &str) -> SqsEvent {
    let out = queues
        .client
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .message_system_attribute_names(MessageSystemAttributeName::All)
        .wait_time_seconds(0)
        .send()
        .await
        .expect("receive");
    let arn = queues.arn(url).await;
    let records: Vec<serde_json::Value> = out
        .messages()
        .iter()
        .map(|m| {
            let attributes: serde_json::Map<String, serde_json::Value> = m
                .attributes()
                .map(|a| a.iter().map(|(k, v)| (k.as_str().to_owned(), json!(v))).collect())
                .unwrap_or_default();
            json!({
                "messageId": m.message_id(), "receiptHandle": m.receipt_handle(), "body": m.body(),
                "attributes": attributes, "messageAttributes": {}, "eventSource": "aws:sqs",
                "eventSourceARN": arn, "awsRegion": "us-east-1"
            })
        })
        .collect();
    serde_json::from_value(json!({ "Records": records })).expect("an SQS event")
}

/// Plays the event source mapping for one poll: invokes the handler with what is visible and
/// deletes every message it did not report as failed. Returns how many messages it saw.
async fn poll_once(queues: &Queues, url: &str, consumer: &Arc<shared::runtime::sqs::BatchConsumer>) -> usize {
    let event = receive(queues, url).await;
    let seen = event.records.len();
    let handles: Vec<(String, String)> = event
        .records
        .iter()
        .map(|r| (r.message_id.clone().unwrap_or_default(), r.receipt_handle.clone().unwrap_or_default()))
        .collect();
    let response = process_analysis_queue::handle(consumer.clone(), event).await;
    let failed: Vec<String> = response.batch_item_failures.into_iter().map(|f| f.item_identifier).collect();
    for (id, handle) in handles {
        if !failed.contains(&id) {
            queues.client.delete_message().queue_url(url).receipt_handle(handle).send().await.expect("delete");
        }
    }
    seen
}

struct Setup {
    queues: Queues,
    service: QueueService,
    consumer: Arc<shared::runtime::sqs::BatchConsumer>,
    tenant: TenantId,
}

/// `None`: no emulator, the test is skipped.
async fn setup() -> Option<Setup> {
    let config = emulator::sdk_config().await?;
    let tables = emulator::tables(&config).await;
    let queues = emulator::queues(&config).await;
    let stores = Stores::dynamodb(&config, &tables);
    let service = QueueService::new(stores.tasks, Arc::new(SystemClock), QueueSettings::default());
    let visibility = Arc::new(SqsVisibility::new(queues.client.clone(), queues.urls.clone()));
    let budget = shared::app::budget::Budget::new(stores.conversations, Arc::new(SystemClock), None);
    let consumer = process_analysis_queue::consumer(service.clone(), Arc::new(OfflineLlm), budget, visibility, None)
        .expect("consumer");
    Some(Setup { queues, service, consumer, tenant: TenantId::parse("clinic-sqs").expect("valid") })
}

#[tokio::test]
async fn each_priority_goes_to_its_own_queue() {
    let Some(s) = setup().await else { return };
    let queue = SqsTaskQueue::new(s.queues.client.clone(), s.queues.urls.clone());
    for priority in Priority::ALL {
        let message =
            TaskMessage { tenant_id: s.tenant.clone(), task_id: format!("task-{}", priority.as_str()), priority };
        queue.enqueue(&message, Duration::ZERO).await.expect("sent");
    }
    for priority in Priority::ALL {
        let event = receive(&s.queues, s.queues.urls.of(priority)).await;
        let bodies: Vec<TaskMessage> = event
            .records
            .iter()
            .map(|r| serde_json::from_str(r.body.as_deref().expect("body")).expect("message"))
            .collect();
        assert_eq!(bodies.len(), 1, "{priority:?}");
        assert_eq!(bodies[0].priority, priority);
    }
}

#[tokio::test]
async fn a_submitted_task_is_completed_from_a_real_delivery_and_its_message_deleted() {
    let Some(s) = setup().await else { return };
    let queue = SqsTaskQueue::new(s.queues.client.clone(), s.queues.urls.clone());
    let request = CreateTaskRequest {
        task_type: TaskType::DocumentAnalysis,
        priority: Some(Priority::Urgent),
        data: json!({ "document": { "content": "Potassium 3.1 mmol/L L. He denies chest pain." } }),
        metadata: None,
        compute: None,
    };
    let task = s.service.submit(&queue, &s.tenant, request).await.expect("submitted");
    let url = s.queues.urls.of(Priority::Urgent);
    assert_eq!(poll_once(&s.queues, url, &s.consumer).await, 1);
    let done = s.service.store().get(&s.tenant, &task.id).await.expect("read").expect("exists");
    assert_eq!(done.status, TaskStatus::Completed);
    assert_eq!(done.result.as_ref().map(|r| r["answer"]["provider"].clone()), Some(json!("offline")));
    assert_eq!(poll_once(&s.queues, url, &s.consumer).await, 0, "the message was deleted");
}

#[tokio::test]
async fn a_held_message_stays_invisible_for_its_wait_then_returns() {
    let Some(s) = setup().await else { return };
    let url = s.queues.urls.of(Priority::High);
    s.queues.client.send_message().queue_url(url).message_body("{}").send().await.expect("sent");
    let event = receive(&s.queues, url).await;
    let record = &event.records[0];
    let visibility = SqsVisibility::new(s.queues.client.clone(), s.queues.urls.clone());
    let arn = s.queues.arn(url).await;
    visibility
        .hold(&arn, record.receipt_handle.as_deref().expect("handle"), Duration::from_millis(1_500))
        .await
        .expect("held");
    // Held for 2 s (1.5 s rounded up): the queue's own 30-minute visibility no longer applies.
    assert!(receive(&s.queues, url).await.records.is_empty());
    tokio::time::sleep(Duration::from_millis(2_300)).await;
    assert_eq!(receive(&s.queues, url).await.records.len(), 1);
}

#[tokio::test]
async fn an_unreadable_message_reaches_the_dead_letter_queue_instead_of_looping() {
    let Some(s) = setup().await else { return };
    let url = s.queues.urls.of(Priority::Low);
    s.queues.client.send_message().queue_url(url).message_body("{not json").send().await.expect("sent");
    let mut deliveries = 0;
    for _ in 0..30 {
        if poll_once(&s.queues, url, &s.consumer).await == 0 {
            break;
        }
        deliveries += 1;
    }
    assert_eq!(deliveries, 10, "delivered maxReceiveCount times, released at once each time");
    let dead = receive(&s.queues, &s.queues.dead_letter[3]).await;
    assert_eq!(dead.records.len(), 1);
    assert_eq!(dead.records[0].body.as_deref(), Some("{not json"));
}
