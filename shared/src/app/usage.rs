//! A tenant's usage per day (`GET /api/tenant/usage`): LLM spend, GPU spend, tokens and dollars
//! the optimizer saved. [`UsageMeter`] adds to the day's counters where each amount is recorded
//! (a model call's settled spend, an optimization's totals, a machine's final cost);
//! [`UsageService`] reads a range of days back in one bounded query.

use std::sync::Arc;

use serde::Serialize;

use crate::app::optimizer::stats::savings_usd;
use crate::app::{AppError, Dependency, FieldError, StoreResultExt};
use crate::domain::chat::{to_usd, CostUnits};
use crate::domain::tenant::TenantId;
use crate::domain::usage::{fill_days, split_by_day, DailyUsage, Day, UsageDelta, MAX_RANGE_DAYS};
use crate::ports::{Clock, UsageStore};

/// Days a read covers when the caller names no range: the last 30, today included.
pub const DEFAULT_RANGE_DAYS: i64 = 30;

/// Adds amounts to the tenant's counters for today (UTC, by the clock).
#[derive(Clone)]
pub struct UsageMeter {
    store: Arc<dyn UsageStore>,
    clock: Arc<dyn Clock>,
}

impl UsageMeter {
    pub fn new(store: Arc<dyn UsageStore>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// A failure is logged, never fails the work already done and paid for: the counters are
    /// what the console charts, while budgets are enforced from the spend store itself.
    pub async fn add(&self, tenant: &TenantId, delta: UsageDelta) {
        self.add_on(tenant, Day::of_ms(self.clock.now_ms()), delta).await;
    }

    /// A machine's final cost, spread over the UTC days it ran (`split_by_day`), so a machine
    /// that ran across midnight is charted on both days.
    pub async fn add_machine_cost(&self, tenant: &TenantId, cost: CostUnits, launched_ms: i64, ended_ms: i64) {
        for (day, part) in split_by_day(cost, launched_ms, ended_ms) {
            self.add_on(tenant, day, UsageDelta::gpu(part)).await;
        }
    }

    async fn add_on(&self, tenant: &TenantId, day: Day, delta: UsageDelta) {
        if delta.is_zero() {
            return;
        }
        if let Err(err) = self.store.add(tenant, day, &delta).await {
            tracing::error!(error = %err, "daily usage not counted");
        }
    }
}

/// The days a read covers, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageRange {
    pub from: Day,
    pub to: Day,
}

impl UsageRange {
    /// `from` and `to` as `YYYY-MM-DD`; either may be left out (`to` defaults to today, `from`
    /// to 29 days before `to`). Every problem is named by its parameter.
    pub fn new(from: Option<&str>, to: Option<&str>, today: Day) -> Result<Self, AppError> {
        let mut errors = Vec::new();
        let mut day = |name: &str, raw: Option<&str>| {
            let parsed = raw.map(|text| Day::parse(text).ok_or(()));
            if let Some(Err(())) = parsed {
                errors.push(FieldError::new(name, "must be a date as YYYY-MM-DD (UTC)"));
            }
            parsed.and_then(Result::ok)
        };
        let to_day = day("to", to);
        let from_day = day("from", from);
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let to = to_day.unwrap_or(today);
        let from = from_day.unwrap_or_else(|| to.minus(DEFAULT_RANGE_DAYS - 1));
        if from > to {
            return Err(AppError::validation("from", "must not be after `to`"));
        }
        if from.span_to(to) > MAX_RANGE_DAYS {
            return Err(AppError::validation("from", format!("the range may cover at most {MAX_RANGE_DAYS} days")));
        }
        Ok(Self { from, to })
    }
}

/// One day of `GET /api/tenant/usage`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = UsageDay)]
pub struct UsageDayView {
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    /// USD spent on model calls (every route and the queue's worker).
    pub llm_cost_usd: f64,
    /// USD of machines terminated that day (a machine's whole cost counts on the day it ends).
    pub gpu_cost_usd: f64,
    pub tokens_saved: u64,
    /// `tokensSaved` at `pricePerMillionTokensUsd`.
    pub saved_usd: f64,
}

/// `GET /api/tenant/usage` body: every day of the range, oldest first, zeros included.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Usage)]
pub struct UsageView {
    pub tenant_id: String,
    pub from: String,
    pub to: String,
    pub days: Vec<UsageDayView>,
    /// The range's sums.
    pub totals: UsageDayView,
    /// `OPTIMIZER_PRICE_PER_MILLION_TOKENS`, which savings are estimated at.
    pub price_per_million_tokens_usd: f64,
}

/// Reads a tenant's daily counters.
pub struct UsageService {
    store: Arc<dyn UsageStore>,
    clock: Arc<dyn Clock>,
    price_per_million: f64,
}

impl UsageService {
    pub fn new(store: Arc<dyn UsageStore>, clock: Arc<dyn Clock>, price_per_million: f64) -> Self {
        Self { store, clock, price_per_million }
    }

    pub fn today(&self) -> Day {
        Day::of_ms(self.clock.now_ms())
    }

    pub async fn daily(&self, tenant: &TenantId, range: UsageRange) -> Result<UsageView, AppError> {
        let counted = self.store.days(tenant, range.from, range.to).await.or_unavailable(Dependency::UsageStore)?;
        let days = fill_days(range.from, range.to, &counted);
        let mut sum = UsageDelta::default();
        for d in &days {
            sum.add(&d.totals);
        }
        let view = |date: String, totals: &UsageDelta| UsageDayView {
            date,
            llm_cost_usd: to_usd(totals.llm_cost),
            gpu_cost_usd: to_usd(totals.gpu_cost),
            tokens_saved: totals.tokens_saved,
            saved_usd: savings_usd(totals.tokens_saved, self.price_per_million),
        };
        Ok(UsageView {
            tenant_id: tenant.to_string(),
            from: range.from.to_string(),
            to: range.to.to_string(),
            totals: view(format!("{}/{}", range.from, range.to), &sum),
            days: days.iter().map(|DailyUsage { day, totals }| view(day.to_string(), totals)).collect(),
            price_per_million_tokens_usd: self.price_per_million,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::memory::MemoryUsageStore;
    use crate::clock::ManualClock;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("valid")
    }

    #[test]
    fn a_range_defaults_to_the_last_30_days_and_names_each_bad_bound() {
        let today = day("2026-12-05");
        assert_eq!(
            UsageRange::new(None, None, today).expect("valid"),
            UsageRange { from: day("2026-11-06"), to: today }
        );
        let r = UsageRange::new(Some("2026-01-01"), Some("2026-01-01"), today).expect("one day");
        assert_eq!(r.from.span_to(r.to), 1);
        let fields = |result: Result<UsageRange, AppError>| match result {
            Err(AppError::Validation(errors)) => errors.into_iter().map(|e| e.field).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(fields(UsageRange::new(Some("2026-02-30"), Some("today"), today)), ["to", "from"]);
        assert_eq!(fields(UsageRange::new(Some("2026-12-06"), None, today)), ["from"]);
        assert_eq!(fields(UsageRange::new(Some("2024-01-01"), Some("2025-01-02"), today)), ["from"]);
        assert!(UsageRange::new(Some("2024-01-01"), Some("2024-12-31"), today).is_ok(), "366 days of a leap year");
    }

    #[tokio::test]
    async fn metered_amounts_land_on_their_day_and_read_back_with_zeros_between() {
        let store = Arc::new(MemoryUsageStore::default());
        let clock = Arc::new(ManualClock::at(1_795_000_000_000)); // 2026-11-18
        let meter = UsageMeter::new(store.clone(), clock.clone());
        let tenant = TenantId::parse("acme-health").expect("valid");
        let other = TenantId::parse("other-clinic").expect("valid");
        meter.add(&tenant, UsageDelta::llm(150_000_000)).await;
        meter.add(&tenant, UsageDelta::saved(2_000_000)).await;
        meter.add(&other, UsageDelta::gpu(900_000_000)).await;
        clock.advance(2 * 86_400_000);
        meter.add(&tenant, UsageDelta::gpu(25_000_000)).await;

        let service = UsageService::new(store, clock, 2.5);
        let range = UsageRange::new(Some("2026-11-17"), None, service.today()).expect("valid");
        let view = service.daily(&tenant, range).await.expect("read");
        let dates: Vec<&str> = view.days.iter().map(|d| d.date.as_str()).collect();
        assert_eq!(dates, ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]);
        assert_eq!(
            (view.days[1].llm_cost_usd, view.days[1].tokens_saved, view.days[1].saved_usd),
            (1.5, 2_000_000, 5.0)
        );
        assert_eq!(view.days[3].gpu_cost_usd, 0.25);
        assert_eq!(view.days[0].llm_cost_usd + view.days[2].gpu_cost_usd, 0.0);
        assert_eq!(
            (view.totals.llm_cost_usd, view.totals.gpu_cost_usd),
            (1.5, 0.25),
            "another tenant's GPU not counted"
        );
    }
}
