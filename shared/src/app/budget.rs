//! The tenant's monthly model budget, as every caller of a model is held to it: the chatbot
//! (`/api/chatbot`, `/v1/chat/completions`, orchestration's answers) and the analysis queue's
//! worker (every task type).
//!
//! One call goes: `Budget::reserve` sets the call's worst case aside against the limit, in one
//! conditional write (`ConversationStore::reserve`), before the model is called → the call →
//! either a record of its actual cost, which settles the reservation in the same write
//! (`Reservation::settle`, or a conversation's own record carrying `Reservation::spend`), or
//! `Reservation::release` when it produced nothing. A reservation dropped unsettled (a caller
//! abandoned mid-way) releases itself. A reservation whose invocation was killed (a Lambda timeout
//! or crash runs no destructor) is held with a lease (`HOLD_LEASE_MS`): the next reservation
//! refused for budget takes back every lapsed hold first, so no budget stays committed to work
//! that stopped. Each hold is taken back once, whoever gets there first (the store's contract).
//!
//! With no limit configured nothing is reserved or refused, but every call's spend is still
//! recorded, so a tenant's spend is the same figure whichever route made the calls.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::Arc;

use crate::app::usage::UsageMeter;
use crate::config::EnvReader;
use crate::domain::chat::{self, spend_period, ChatRecord, CostUnits, Hold, SpendChange, Usage, HOLD_LEASE_MS};
use crate::domain::tenant::TenantId;
use crate::domain::usage::UsageDelta;
use crate::ports::{Clock, ConversationStore, StoreError};

/// Tokens a chat format adds per message around its text (role markers); counted so that a
/// prompt of many short messages is not under-estimated.
pub const MESSAGE_OVERHEAD_TOKENS: usize = 4;

/// `CHAT_MONTHLY_BUDGET_USD`: each tenant's monthly limit on model calls, in USD; unset for none.
/// Read by every function that calls a model, so that one limit holds across them.
pub fn limit_from_env(env: &mut EnvReader) -> Option<CostUnits> {
    env.optional("CHAT_MONTHLY_BUDGET_USD").and_then(|raw| match raw.parse::<f64>() {
        Ok(usd) if usd.is_finite() && usd >= 0.0 => Some(chat::to_units(usd)),
        _ => {
            env.problem(format!("CHAT_MONTHLY_BUDGET_USD={raw:?} is not an amount in USD"));
            None
        }
    })
}

/// The share of the monthly budget past which a tenant's spend is reported (the alarm's threshold).
pub const BUDGET_WARNING_PERCENT: f64 = 80.0;

/// A tenant's monthly model budget: where spend is kept, the month it is counted in, the limit.
#[derive(Clone)]
pub struct Budget {
    store: Arc<dyn ConversationStore>,
    clock: Arc<dyn Clock>,
    /// Each tenant's monthly limit; `None`: nothing is refused (spend is still recorded).
    limit: Option<CostUnits>,
    /// Where each settled call's cost is also counted per day (`GET /api/tenant/usage`).
    usage: Option<UsageMeter>,
}

/// Why a call was not admitted.
#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    /// The call's worst case does not fit what is left of the limit this month.
    #[error(
        "this call could cost up to {}, and the tenant's monthly model budget of {} has {} left for {period}",
        usd(*worst),
        usd(*limit),
        usd(*left)
    )]
    Exhausted { worst: CostUnits, limit: CostUnits, left: CostUnits, period: String },
    /// The spend could not be read or written: the call is not made unaccounted.
    #[error("the spend store is unavailable: {0}")]
    Store(StoreError),
}

impl Budget {
    pub fn new(store: Arc<dyn ConversationStore>, clock: Arc<dyn Clock>, limit: Option<CostUnits>) -> Self {
        Self { store, clock, limit, usage: None }
    }

    /// Counts every settled call's cost in the tenant's daily usage too.
    pub fn metered(mut self, usage: UsageMeter) -> Self {
        self.usage = Some(usage);
        self
    }

    /// Each tenant's monthly limit; `None`: nothing is refused.
    pub fn limit(&self) -> Option<CostUnits> {
        self.limit
    }

    /// Where the spend is kept.
    pub fn store(&self) -> &dyn ConversationStore {
        self.store.as_ref()
    }

    /// Sets `worst` (the most the call can cost: `domain::chat::worst_case`) aside against the
    /// tenant's limit for this month, if there is a limit. The reservation must be settled or
    /// released; dropped unsettled, it releases itself; lost with its process, it lapses.
    pub async fn reserve(&self, tenant: &TenantId, worst: CostUnits) -> Result<Reservation, BudgetError> {
        let now = self.clock.now_ms();
        let period = spend_period(now);
        let mut hold = None;
        if let Some(limit) = self.limit {
            let held = Hold {
                id: uuid::Uuid::new_v4().to_string(),
                units: worst,
                expires_at_ms: now.saturating_add(HOLD_LEASE_MS),
            };
            let store = &self.store;
            let mut admitted = store.reserve(tenant, &period, &held, limit).await.map_err(BudgetError::Store)?;
            if !admitted && self.release_lapsed(tenant, &period, now).await.map_err(BudgetError::Store)? > 0 {
                admitted = store.reserve(tenant, &period, &held, limit).await.map_err(BudgetError::Store)?;
            }
            if !admitted {
                // Only for the message: a failed read says nothing is known to be left.
                let committed = store.spend(tenant, &period).await.map_or(limit, |s| s.committed);
                return Err(BudgetError::Exhausted { worst, limit, left: (limit - committed).max(0), period });
            }
            hold = Some(held);
        }
        Ok(Reservation {
            store: self.store.clone(),
            limit: self.limit,
            usage: self.usage.clone(),
            tenant: tenant.clone(),
            period,
            hold,
            spent: AtomicI64::new(0),
            settled: AtomicBool::new(false),
        })
    }

    /// Takes back the holds of calls that can no longer be running; how many it took back.
    async fn release_lapsed(&self, tenant: &TenantId, period: &str, now: i64) -> Result<usize, StoreError> {
        let spend = self.store.spend(tenant, period).await?;
        let mut released = 0;
        for hold in spend.lapsed_holds(now) {
            if self.store.release(tenant, period, hold).await? {
                tracing::warn!(
                    units = hold.units,
                    "a lapsed budget hold was taken back (its call's invocation ended unsettled)"
                );
                released += 1;
            }
        }
        Ok(released)
    }
}

/// Budget set aside for one model call until its record settles it.
pub struct Reservation {
    store: Arc<dyn ConversationStore>,
    /// The tenant's monthly limit, to report how much of it is spent once the call is settled.
    limit: Option<CostUnits>,
    usage: Option<UsageMeter>,
    tenant: TenantId,
    period: String,
    /// `None` with no limit: nothing was set aside.
    hold: Option<Hold>,
    /// The actual cost `spend` was asked to record, counted in the daily usage once written.
    spent: AtomicI64,
    settled: AtomicBool,
}

impl Reservation {
    /// The month the call is counted in (the one it was reserved in).
    pub fn period(&self) -> &str {
        &self.period
    }

    /// What was set aside (0 with no limit).
    pub fn units(&self) -> CostUnits {
        self.hold.as_ref().map_or(0, |h| h.units)
    }

    /// The spend change that records the call's actual cost and takes the reservation back, for
    /// a `ChatRecord` that also writes a conversation; call `mark_settled` once it is written.
    pub fn spend(&self, usage: Usage, cost: CostUnits) -> SpendChange {
        self.spent.store(cost, Ordering::SeqCst);
        SpendChange { tenant: self.tenant.clone(), period: self.period.clone(), usage, cost, hold: self.hold.clone() }
    }

    /// The reservation is not released now (its spend could not be written, so its worst case
    /// stays counted); its hold lapses after `HOLD_LEASE_MS`.
    pub fn mark_settled(&self) {
        self.settled.store(true, Ordering::SeqCst);
    }

    /// A record carrying `spend()` was written: the reservation is settled, and the cost
    /// counted in the tenant's daily usage.
    pub async fn settled(&self) {
        if self.settled.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Some(usage) = &self.usage {
            usage.add(&self.tenant, UsageDelta::llm(self.spent.load(Ordering::SeqCst))).await;
        }
        if let Some(limit) = self.limit.filter(|l| *l > 0) {
            self.report_budget_use(limit).await;
        }
    }

    /// How much of its budget the tenant has spent this month, as a metric without the tenant
    /// (its maximum is what the 80 % alarm watches) and, past 80 %, a log line that names it.
    async fn report_budget_use(&self, limit: CostUnits) {
        let Ok(spend) = self.store.spend(&self.tenant, &self.period).await else { return };
        let percent = spend.cost as f64 * 100.0 / limit as f64;
        crate::metrics::budget_used(percent);
        if percent >= BUDGET_WARNING_PERCENT {
            tracing::warn!(tenant = %self.tenant, percent, period = %self.period, "tenant spend above 80 % of its monthly budget");
        }
    }

    /// Records a call that has no conversation: its usage and actual cost in the tenant's spend,
    /// the reservation released, in one write.
    pub async fn settle(&self, usage: Usage, cost: CostUnits) -> Result<(), StoreError> {
        self.store.record(&ChatRecord { spend: self.spend(usage, cost), conversation: None }).await?;
        self.settled().await;
        Ok(())
    }

    /// The call produced nothing (the provider failed or refused): the reservation is taken
    /// back. A release that fails is logged; it cannot make the call's outcome worse (the hold
    /// lapses).
    pub async fn release(&self) {
        let Some(hold) = &self.hold else { return };
        if self.settled.swap(true, Ordering::SeqCst) {
            return;
        }
        if let Err(e) = self.store.release(&self.tenant, &self.period, hold).await {
            tracing::error!(error = %e, "a budget reservation could not be released; it lapses");
        }
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if *self.settled.get_mut() {
            return;
        }
        let Some(hold) = self.hold.take() else { return };
        let (store, tenant, period) = (self.store.clone(), self.tenant.clone(), std::mem::take(&mut self.period));
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(e) = store.release(&tenant, &period, &hold).await {
                        tracing::error!(error = %e, "an abandoned call's budget reservation could not be released; it lapses");
                    }
                });
            }
            Err(_) => {
                tracing::error!("an abandoned call's budget reservation could not be released (no runtime); it lapses")
            }
        }
    }
}

/// An amount as a message shows it: cents always, and every non-zero digit below them (a budget
/// of $0.001 is not "$0.00").
pub fn usd(units: CostUnits) -> String {
    let text = format!("{:.8}", chat::to_usd(units));
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let kept = fraction.trim_end_matches('0');
    let kept = if kept.len() < 2 { &fraction[..2.min(fraction.len())] } else { kept };
    format!("${whole}.{kept}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::MemoryConversationStore;
    use crate::clock::ManualClock;

    fn budget(limit: Option<CostUnits>) -> Budget {
        // 2026-11-15T00:00:00Z
        Budget::new(Arc::new(MemoryConversationStore::default()), Arc::new(ManualClock::at(1_794_700_800_000)), limit)
    }

    fn tenant() -> TenantId {
        TenantId::parse("clinic-a").expect("valid")
    }

    #[test]
    fn amounts_keep_cents_and_every_digit_below_them() {
        assert_eq!(usd(5_000_000_000), "$50.00");
        assert_eq!(usd(100_000), "$0.001");
        assert_eq!(usd(83_750), "$0.0008375");
        assert_eq!(usd(0), "$0.00");
        assert_eq!(usd(1_050_000_000), "$10.50");
    }

    #[tokio::test]
    async fn a_settled_call_counts_its_cost_and_a_released_one_nothing() {
        let budget = budget(Some(1_000));
        let first = budget.reserve(&tenant(), 600).await.expect("fits");
        assert_eq!(first.period(), "2026-11");
        let refused = budget.reserve(&tenant(), 600).await.err();
        assert!(
            matches!(&refused, Some(BudgetError::Exhausted { worst: 600, limit: 1_000, left: 400, period }) if period == "2026-11"),
            "{refused:?}"
        );
        first.settle(Usage { prompt: 10, completion: 5, cached: 0 }, 250).await.expect("recorded");
        let spend = budget.store().spend(&tenant(), "2026-11").await.expect("read");
        assert_eq!((spend.calls, spend.cost, spend.committed), (1, 250, 250));

        let second = budget.reserve(&tenant(), 700).await.expect("fits after the settlement");
        second.release().await;
        second.release().await;
        drop(second);
        tokio::task::yield_now().await;
        let spend = budget.store().spend(&tenant(), "2026-11").await.expect("read");
        assert_eq!((spend.calls, spend.cost, spend.committed), (1, 250, 250), "released once, never twice");
    }

    #[tokio::test]
    async fn a_metered_budget_counts_each_settled_cost_once_on_its_day_and_a_released_call_not_at_all() {
        use crate::adapters::memory::MemoryUsageStore;
        use crate::domain::usage::Day;
        use crate::ports::UsageStore;
        let usage = Arc::new(MemoryUsageStore::default());
        let clock = Arc::new(ManualClock::at(1_794_700_800_000));
        let budget = budget(Some(1_000)).metered(UsageMeter::new(usage.clone(), clock));
        let call = budget.reserve(&tenant(), 600).await.expect("fits");
        call.settle(Usage { prompt: 10, completion: 5, cached: 0 }, 250).await.expect("recorded");
        call.settled().await;
        budget.reserve(&tenant(), 100).await.expect("fits").release().await;
        let day = Day::parse("2026-11-15").expect("a date");
        let days = usage.days(&tenant(), day, day).await.expect("read");
        assert_eq!(days.len(), 1);
        assert_eq!((days[0].totals.llm_cost, days[0].totals.gpu_cost), (250, 0));
    }

    #[tokio::test]
    async fn a_reservation_dropped_unsettled_releases_itself() {
        let budget = budget(Some(1_000));
        drop(budget.reserve(&tenant(), 900).await.expect("fits"));
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert_eq!(budget.store().spend(&tenant(), "2026-11").await.expect("read").committed, 0);
    }

    #[tokio::test]
    async fn a_hold_lost_with_its_invocation_lapses_and_a_later_reservation_takes_it_back() {
        let clock = Arc::new(ManualClock::at(1_794_700_800_000));
        let budget = Budget::new(Arc::new(MemoryConversationStore::default()), clock.clone(), Some(1_000));
        // A killed Lambda runs no destructor: the reservation is simply never settled.
        std::mem::forget(budget.reserve(&tenant(), 900).await.expect("fits"));
        assert!(budget.reserve(&tenant(), 200).await.is_err(), "the hold counts while it may still be running");

        clock.advance(HOLD_LEASE_MS - 1);
        assert!(budget.reserve(&tenant(), 200).await.is_err(), "not before its lease has run out");
        clock.advance(1);
        let later = budget.reserve(&tenant(), 200).await.expect("the lapsed hold was taken back");
        let spend = budget.store().spend(&tenant(), "2026-11").await.expect("read");
        assert_eq!((spend.committed, spend.holds.len()), (200, 1), "{spend:?}");
        later.release().await;
    }

    #[tokio::test]
    async fn a_call_settled_after_its_hold_lapsed_counts_its_cost_once() {
        let clock = Arc::new(ManualClock::at(1_794_700_800_000));
        let budget = Budget::new(Arc::new(MemoryConversationStore::default()), clock.clone(), Some(1_000));
        let slow = budget.reserve(&tenant(), 900).await.expect("fits");
        clock.advance(HOLD_LEASE_MS);
        // Another call takes the lapsed hold back, then the slow call finishes after all.
        budget.reserve(&tenant(), 500).await.expect("after the lapse").settle(Usage::default(), 100).await.expect("ok");
        slow.settle(Usage::default(), 300).await.expect("recorded");
        slow.release().await;
        let spend = budget.store().spend(&tenant(), "2026-11").await.expect("read");
        assert_eq!((spend.cost, spend.committed, spend.holds.len()), (400, 400, 0), "{spend:?}");
    }

    #[tokio::test]
    async fn with_no_limit_nothing_is_refused_and_spend_is_still_recorded() {
        let budget = budget(None);
        let call = budget.reserve(&tenant(), CostUnits::MAX).await.expect("no limit");
        assert_eq!(call.units(), 0);
        call.settle(Usage { prompt: 1, completion: 1, cached: 0 }, 42).await.expect("recorded");
        let spend = budget.store().spend(&tenant(), "2026-11").await.expect("read");
        assert_eq!((spend.calls, spend.cost, spend.committed), (1, 42, 42));
    }
}
