//! The in-process stand-in for the four SQS queues: one strict priority queue with aging
//! (`shared::domain::tasks::PriorityQueue`), and workers that run the same `Worker::deliver` as
//! the SQS consumer. A retry's backoff is a timer that puts the message back when it ends.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use shared::app::tasks::Worker;
use shared::domain::tasks::PriorityQueue;
use shared::ports::{Clock, StoreError, TaskMessage, TaskQueue};
use shared::runtime::delivery::redelivery;
use tokio::sync::Notify;

pub struct LocalQueue {
    shared: Arc<Shared>,
}

struct Shared {
    waiting: Mutex<PriorityQueue<TaskMessage>>,
    ready: Notify,
    clock: Arc<dyn Clock>,
}

impl Shared {
    fn push(&self, message: TaskMessage) {
        let priority = message.priority;
        let now = self.clock.now_ms();
        self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(message, priority, now);
        self.ready.notify_one();
    }

    fn pop(&self) -> Option<TaskMessage> {
        let now = self.clock.now_ms();
        self.waiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop(now)
    }

    /// The next message to run, waiting for one if none is queued.
    async fn next(&self) -> TaskMessage {
        loop {
            // Registered before looking, so a push between the look and the wait is not missed.
            let notified = self.ready.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(message) = self.pop() {
                return message;
            }
            notified.await;
        }
    }
}

impl LocalQueue {
    /// `aging_step`: how long a waiting task takes to rise one priority level.
    pub fn new(aging_step: Duration, clock: Arc<dyn Clock>) -> Self {
        let waiting = Mutex::new(PriorityQueue::new(aging_step.as_millis() as i64));
        Self { shared: Arc::new(Shared { waiting, ready: Notify::new(), clock }) }
    }

    /// Starts `count` workers that run until the process ends.
    pub fn start_workers(&self, worker: Worker, count: usize) {
        for _ in 0..count {
            let (shared, worker) = (self.shared.clone(), worker.clone());
            tokio::spawn(async move {
                loop {
                    let message = shared.next().await;
                    let again = redelivery(worker.deliver(&message).await, &message.task_id);
                    if let Some(wait) = again {
                        later(shared.clone(), message, wait);
                    }
                }
            });
        }
    }
}

/// Puts `message` back after `wait`, as SQS redelivers a message held back.
fn later(shared: Arc<Shared>, message: TaskMessage, wait: Duration) {
    tokio::spawn(async move {
        tokio::time::sleep(wait).await;
        shared.push(message);
    });
}

#[async_trait]
impl TaskQueue for LocalQueue {
    async fn enqueue(&self, message: &TaskMessage, delay: Duration) -> Result<(), StoreError> {
        if delay.is_zero() {
            self.shared.push(message.clone());
        } else {
            later(self.shared.clone(), message.clone(), delay);
        }
        Ok(())
    }
}
