//! Retention: a tenant may ask that its content be kept at most N days. What expires, and when,
//! is decided here, once, for every store: the DynamoDB adapters write the moment as the TTL
//! attribute (`expiresAt`), and every read, on memory and DynamoDB alike, hides an item whose
//! moment has passed (`adapters::retention`), because DynamoDB deletes expired items up to days
//! late and items written before the setting carry no attribute at all.
//!
//! An item's age counts from its **creation**, for every kind: one rule, the same on read and in
//! the attribute, and for a conversation the same moment for its header and every message, so
//! TTL deletes them together and a later turn never has to rewrite the others' attribute. Retention
//! is the longest anything is kept: a conversation started 30 days ago goes whole, its newest turn
//! with it. What is still live never expires: a task not yet final, a machine not yet gone.
//!
//! | kind | expires | why |
//! |---|---|---|
//! | conversation with its messages | yes, from the conversation's start | content |
//! | task with its events | once final, from its creation | content (data, results) |
//! | instance record | once final, from its creation | what ran, for how long |
//! | export job (its file: the bucket's lifecycle rule) | yes | a copy of content |
//! | idempotency record | by its own TTL (`IDEMPOTENCY_TTL_SECONDS`, at most one day, the shortest retention) | stored responses |
//! | audit trail | never by retention: 400 days | access logging must outlive what it logs |
//! | API keys, retention setting, GPU pool settings | never | configuration, no content |
//! | monthly spend, daily usage, optimizer and queue totals | never | numbers for billing, no content |
//! | erase jobs | never | the proof of an erase |

use crate::domain::chat::Conversation;
use crate::domain::instances::Instance;
use crate::domain::tasks::Task;
use crate::domain::tenant::TenantId;
use crate::domain::tenant_data::audit::DAY_MS;
use crate::domain::tenant_data::jobs::{JobKind, TenantJob};

/// The shortest and longest retention a tenant may set, in days.
pub const MIN_DAYS: u32 = 1;
pub const MAX_DAYS: u32 = 3650;

/// What `days` must be, as a validation problem says it.
pub const DAYS_RULE: &str = "must be a whole number of days from 1 to 3650, or null to keep items until deleted";

/// How long a requested re-stamp of existing items may stay pending before another request may
/// queue a new one (the first was lost): bounds the background work one tenant can cause.
pub const RESTAMP_PENDING_MS: i64 = 15 * 60 * 1000;

/// A number of days from `MIN_DAYS` to `MAX_DAYS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RetentionDays(u32);

impl RetentionDays {
    pub fn new(days: u32) -> Option<Self> {
        (MIN_DAYS..=MAX_DAYS).contains(&days).then_some(Self(days))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    fn ms(self) -> i64 {
        i64::from(self.0) * DAY_MS
    }
}

/// A tenant's retention setting. `days: None` keeps items until they are deleted (the default,
/// and what clearing the setting leaves).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RetentionSetting {
    pub tenant: TenantId,
    pub days: Option<RetentionDays>,
    pub updated_at_ms: i64,
    /// When a re-stamp of the tenant's existing items was queued and has not started yet: while
    /// set (and younger than `RESTAMP_PENDING_MS`), another change queues none, since the pending
    /// one reads the setting when it starts.
    pub restamp_requested_at_ms: Option<i64>,
    /// Items created before this moment stay gone whatever the days say now: a setting made
    /// longer (or cleared) never brings back an item the shorter one had expired, which DynamoDB
    /// may already have deleted in part (a conversation without some of its messages).
    #[serde(default)]
    pub floor_ms: Option<i64>,
    /// Bumped by every write; a store writes only over the version it read.
    pub version: u64,
}

impl serde::Serialize for RetentionDays {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for RetentionDays {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let days = u32::deserialize(d)?;
        Self::new(days).ok_or_else(|| serde::de::Error::custom(DAYS_RULE))
    }
}

impl RetentionSetting {
    /// The setting of a tenant that never set one.
    pub fn none(tenant: TenantId) -> Self {
        Self { tenant, days: None, updated_at_ms: 0, restamp_requested_at_ms: None, floor_ms: None, version: 0 }
    }

    /// The setting with `days`, and whether the tenant's existing items need a re-stamp queued:
    /// only when the days change and no re-stamp is pending already.
    pub fn change(&self, days: Option<RetentionDays>, now_ms: i64) -> Option<(Self, bool)> {
        if days == self.days {
            return None;
        }
        let pending = self.restamp_requested_at_ms.is_some_and(|at| now_ms - at < RESTAMP_PENDING_MS && at <= now_ms);
        let restamp_requested_at_ms = if pending { self.restamp_requested_at_ms } else { Some(now_ms) };
        let longer = match (self.days, days) {
            (Some(old), Some(new)) => new > old,
            (Some(_), None) => true,
            (None, _) => false,
        };
        let floor_ms = match self.days {
            Some(old) if longer => Some(self.floor_ms.unwrap_or(i64::MIN).max(now_ms - old.ms())),
            _ => self.floor_ms,
        };
        let next = Self {
            days,
            updated_at_ms: now_ms,
            restamp_requested_at_ms,
            floor_ms,
            version: self.version + 1,
            ..self.clone()
        };
        Some((next, !pending))
    }

    /// The setting once a re-stamp has started (it reads `days` now; a later change queues anew).
    pub fn restamp_started(&self) -> Self {
        Self { restamp_requested_at_ms: None, version: self.version + 1, ..self.clone() }
    }

    pub fn rule(&self) -> Retention {
        Retention { days: self.days, floor_ms: self.floor_ms }
    }
}

/// The rule of one setting: when each kind of item expires.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Retention {
    pub days: Option<RetentionDays>,
    /// See `RetentionSetting::floor_ms`.
    pub floor_ms: Option<i64>,
}

impl Retention {
    /// Keeps everything.
    pub const NONE: Retention = Retention { days: None, floor_ms: None };

    pub fn days(days: Option<RetentionDays>) -> Self {
        Self { days, floor_ms: None }
    }

    /// The moment an item created at `created_at_ms` expires: `days` after it, or at the floor
    /// (already past) for an item created before it.
    fn after_creation(self, created_at_ms: i64) -> Option<i64> {
        let by_days = self.days.map(|days| created_at_ms.saturating_add(days.ms()));
        match self.floor_ms {
            Some(floor) if created_at_ms < floor => Some(by_days.map_or(floor, |at| at.min(floor))),
            _ => by_days,
        }
    }

    /// A conversation and every message of it.
    pub fn conversation(self, c: &Conversation) -> Option<i64> {
        self.after_creation(c.created_at_ms)
    }

    /// A task and every event of it; never while it can still change.
    pub fn task(self, t: &Task) -> Option<i64> {
        if t.status.is_final() {
            self.after_creation(t.created_at_ms)
        } else {
            None
        }
    }

    /// An instance record; never while its machine may exist.
    pub fn instance(self, i: &Instance) -> Option<i64> {
        if i.status.is_final() {
            self.after_creation(i.created_at_ms)
        } else {
            None
        }
    }

    /// An export job (and a re-stamp job, which holds nothing); an erase job never.
    pub fn job(self, j: &TenantJob) -> Option<i64> {
        match j.kind {
            JobKind::Erase => None,
            JobKind::Export | JobKind::Retention => self.after_creation(j.created_at_ms),
        }
    }
}

/// Whether an item that expires at `expires_at_ms` is gone at `now_ms`: the read rule. An item
/// is gone from the moment it expires, which is also when DynamoDB may start deleting it.
pub fn expired(expires_at_ms: Option<i64>, now_ms: i64) -> bool {
    expires_at_ms.is_some_and(|at| at <= now_ms)
}

/// The TTL attribute's value: epoch **seconds**, as DynamoDB TTL reads it, rounded up so an item
/// is never deleted before the read rule hides it.
pub fn ttl_seconds(expires_at_ms: i64) -> i64 {
    expires_at_ms.div_euclid(1000) + i64::from(expires_at_ms.rem_euclid(1000) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tasks::TaskStatus;

    fn tenant() -> TenantId {
        TenantId::parse("t").expect("valid")
    }

    fn days(n: u32) -> Retention {
        Retention::days(RetentionDays::new(n))
    }

    #[test]
    fn days_are_one_to_3650() {
        assert_eq!(RetentionDays::new(0), None);
        assert_eq!(RetentionDays::new(1).map(RetentionDays::get), Some(1));
        assert_eq!(RetentionDays::new(3650).map(RetentionDays::get), Some(3650));
        assert_eq!(RetentionDays::new(3651), None);
        assert!(serde_json::from_str::<RetentionDays>("3651").is_err());
        assert!(serde_json::from_str::<RetentionDays>("-1").is_err());
    }

    #[test]
    fn a_conversation_expires_whole_n_days_after_it_started() {
        let mut c = Conversation::start(tenant(), "c".to_owned(), "hello", 1_000);
        c.updated_at_ms = 5 * DAY_MS;
        let at = days(30).conversation(&c).expect("expires");
        assert_eq!(at, 1_000 + 30 * DAY_MS, "from the start, not the last turn");
        assert!(!expired(Some(at), at - 1));
        assert!(expired(Some(at), at));
        assert_eq!(Retention::NONE.conversation(&c), None);
        assert!(!expired(None, i64::MAX));
    }

    #[test]
    fn a_task_that_is_not_final_never_expires() {
        use crate::domain::tasks::{Priority, TaskType};
        let mut task =
            Task::new("x".to_owned(), tenant(), TaskType::ChatResponse, Priority::Low, serde_json::json!({}), None, 0);
        for status in [TaskStatus::Pending, TaskStatus::Processing] {
            task.status = status;
            assert_eq!(days(1).task(&task), None, "{status:?}");
        }
        for status in [TaskStatus::Completed, TaskStatus::Failed, TaskStatus::Cancelled] {
            task.status = status;
            assert_eq!(days(1).task(&task), Some(DAY_MS), "{status:?}");
        }
    }

    #[test]
    fn erase_jobs_never_expire_exports_do() {
        let job = |kind| TenantJob::new("j".to_owned(), tenant(), kind, false, 10);
        assert_eq!(days(2).job(&job(JobKind::Erase)), None);
        assert_eq!(days(2).job(&job(JobKind::Export)), Some(10 + 2 * DAY_MS));
    }

    #[test]
    fn a_change_queues_one_restamp_until_it_starts() {
        let none = RetentionSetting::none(tenant());
        assert_eq!(none.change(None, 5), None, "no change, nothing to do");
        let (first, queue) = none.change(RetentionDays::new(30), 100).expect("changed");
        assert!(queue);
        assert_eq!((first.version, first.restamp_requested_at_ms), (1, Some(100)));
        let (second, queue) = first.change(RetentionDays::new(7), 200).expect("changed");
        assert!(!queue, "the pending re-stamp reads the newest days when it starts");
        let started = second.restamp_started();
        assert_eq!(started.restamp_requested_at_ms, None);
        let (_, queue) = started.change(None, 300).expect("changed");
        assert!(queue, "a change after the start needs another pass");
        let (_, queue) = second.change(None, 100 + RESTAMP_PENDING_MS).expect("changed");
        assert!(queue, "a pending re-stamp that never started is replaced");
    }

    #[test]
    fn a_longer_setting_never_brings_back_what_the_shorter_one_expired() {
        let now = 100 * DAY_MS;
        let (short, _) = RetentionSetting::none(tenant()).change(RetentionDays::new(10), now).expect("set");
        let old = Conversation::start(tenant(), "old".to_owned(), "x", now - 20 * DAY_MS);
        let recent = Conversation::start(tenant(), "new".to_owned(), "x", now - 5 * DAY_MS);
        assert!(expired(short.rule().conversation(&old), now));
        for longer in [RetentionDays::new(60), None] {
            let (next, _) = short.change(longer, now).expect("changed");
            assert!(expired(next.rule().conversation(&old), now), "{longer:?}: stays gone");
            assert!(!expired(next.rule().conversation(&recent), now), "{longer:?}: within both limits");
        }
        let (shorter, _) = short.change(RetentionDays::new(3), now).expect("changed");
        assert_eq!(shorter.floor_ms, None, "a shorter setting needs no floor");
        assert!(expired(shorter.rule().conversation(&recent), now));
    }

    #[test]
    fn the_ttl_attribute_never_precedes_the_read_rule() {
        assert_eq!(ttl_seconds(1_000), 1);
        assert_eq!(ttl_seconds(1_001), 2);
        assert_eq!(ttl_seconds(0), 0);
    }
}
