//! The embedded queue `local` runs on: strict priority with aging.
//!
//! A task runs before every task of a lower priority that is waiting, so an URGENT task submitted
//! after twenty LOW ones starts before the LOW ones still waiting. Aging keeps LOW work from
//! starving: each `aging_step` a task waits raises it one priority level, so even under a steady
//! stream of URGENT work a LOW task reaches URGENT level after three steps and then competes in
//! submission order.

use std::collections::VecDeque;

use super::Priority;

/// A waiting item: when it was queued, its submission number and the item.
type Waiting<T> = (i64, u64, T);

#[derive(Debug)]
pub struct PriorityQueue<T> {
    aging_step_ms: i64,
    next_seq: u64,
    /// One FIFO per priority, URGENT first. Within a priority the head has waited longest, so
    /// only the four heads can be next: `pop` is O(1).
    lanes: [VecDeque<Waiting<T>>; 4],
}

impl<T> PriorityQueue<T> {
    pub fn new(aging_step_ms: i64) -> Self {
        Self {
            aging_step_ms: aging_step_ms.max(1),
            next_seq: 0,
            lanes: [VecDeque::new(), VecDeque::new(), VecDeque::new(), VecDeque::new()],
        }
    }

    pub fn push(&mut self, item: T, priority: Priority, now_ms: i64) {
        self.lanes[usize::from(priority.rank())].push_back((now_ms, self.next_seq, item));
        self.next_seq += 1;
    }

    pub fn len(&self) -> usize {
        self.lanes.iter().map(VecDeque::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.lanes.iter().all(VecDeque::is_empty)
    }

    /// The task to run now: lowest effective rank (its priority, raised one level per
    /// `aging_step` waited), then earliest submitted.
    pub fn pop(&mut self, now_ms: i64) -> Option<T> {
        let best_lane = (0..self.lanes.len())
            .filter_map(|rank| {
                let (enqueued, seq, _) = self.lanes[rank].front()?;
                let rank = rank as i64;
                let raised = ((now_ms - enqueued).max(0) / self.aging_step_ms).min(rank);
                Some(((rank - raised, *seq), rank as usize))
            })
            .min()?
            .1;
        self.lanes[best_lane].pop_front().map(|(_, _, id)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgent_work_overtakes_low_work_already_waiting() {
        let mut q = PriorityQueue::<String>::new(60_000);
        for i in 0..20 {
            q.push(format!("low-{i}"), Priority::Low, i);
        }
        q.push("urgent".to_owned(), Priority::Urgent, 100);
        assert_eq!(q.pop(101).as_deref(), Some("urgent"));
        assert_eq!(q.pop(102).as_deref(), Some("low-0"), "equals run in submission order");
        assert_eq!(q.len(), 19);
    }

    #[test]
    fn priorities_run_in_order() {
        let mut q = PriorityQueue::<String>::new(60_000);
        q.push("normal".to_owned(), Priority::Normal, 0);
        q.push("low".to_owned(), Priority::Low, 0);
        q.push("high".to_owned(), Priority::High, 0);
        q.push("urgent".to_owned(), Priority::Urgent, 0);
        let order: Vec<String> = std::iter::from_fn(|| q.pop(1)).collect();
        assert_eq!(order, ["urgent", "high", "normal", "low"]);
    }

    #[test]
    fn low_work_is_never_starved() {
        let mut q = PriorityQueue::<String>::new(1_000);
        q.push("low".to_owned(), Priority::Low, 0);
        // A steady stream of URGENT work arriving every 100 ms.
        let mut now = 0;
        let mut started_low_at = None;
        for i in 0..100 {
            now += 100;
            q.push(format!("urgent-{i}"), Priority::Urgent, now);
            if q.pop(now).as_deref() == Some("low") {
                started_low_at = Some(now);
                break;
            }
        }
        // Three aging steps lift LOW to URGENT level, where it is the oldest.
        assert_eq!(started_low_at, Some(3_000));
    }
}
