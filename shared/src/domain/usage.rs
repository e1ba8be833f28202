//! A tenant's usage per UTC day: LLM spend, GPU spend, and what the optimizer saved. Kept as
//! counters that each recording adds to (never summed from the records at read time), so a
//! month's chart costs one query of at most 31 items however busy the tenant was.

use crate::domain::chat::CostUnits;

/// What one recording adds to a day. Money in `CostUnits` (1e-8 USD), as spend is kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UsageDelta {
    pub llm_cost: CostUnits,
    pub gpu_cost: CostUnits,
    /// Tokens the optimizer removed before they were sent.
    pub tokens_saved: u64,
}

impl UsageDelta {
    pub fn llm(cost: CostUnits) -> Self {
        Self { llm_cost: cost, ..Self::default() }
    }

    pub fn gpu(cost: CostUnits) -> Self {
        Self { gpu_cost: cost, ..Self::default() }
    }

    pub fn saved(tokens: u64) -> Self {
        Self { tokens_saved: tokens, ..Self::default() }
    }

    pub fn is_zero(&self) -> bool {
        *self == Self::default()
    }

    pub fn add(&mut self, other: &Self) {
        self.llm_cost += other.llm_cost;
        self.gpu_cost += other.gpu_cost;
        self.tokens_saved += other.tokens_saved;
    }
}

/// One day's counters. `day` is `YYYY-MM-DD` (UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DailyUsage {
    pub day: Day,
    pub totals: UsageDelta,
}

/// A UTC calendar day, as days since 1970-01-01: ordered, and printed as `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i64);

const MS_PER_DAY: i64 = 86_400_000;

impl Day {
    pub fn of_ms(ms: i64) -> Self {
        Self(ms.div_euclid(MS_PER_DAY))
    }

    /// `YYYY-MM-DD`, a real date; anything else is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            bytes[range.clone()].iter().all(u8::is_ascii_digit).then(|| text[range].parse::<i32>().ok()).flatten()
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
        let date = time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()?;
        Some(Self(i64::from(date.to_julian_day()) - i64::from(EPOCH_JULIAN_DAY)))
    }

    pub fn next(self) -> Self {
        Self(self.0 + 1)
    }

    pub fn minus(self, days: i64) -> Self {
        Self(self.0 - days)
    }

    /// Days from `self` to `later`, both counted: 1 for the same day.
    pub fn span_to(self, later: Self) -> i64 {
        later.0 - self.0 + 1
    }
}

/// 1970-01-01 as a Julian day number.
const EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let julian = i32::try_from(self.0 + i64::from(EPOCH_JULIAN_DAY)).unwrap_or(EPOCH_JULIAN_DAY);
        let date = time::Date::from_julian_day(julian).unwrap_or(time::Date::MIN);
        write!(f, "{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
    }
}

/// The most days one read may cover: a year and a day, so a leap year fits.
pub const MAX_RANGE_DAYS: i64 = 366;

/// Every day from `from` to `to`, both included, with zeros where nothing was counted: a chart
/// has no gaps. `counted` may come in any order; days outside the range are ignored.
pub fn fill_days(from: Day, to: Day, counted: &[DailyUsage]) -> Vec<DailyUsage> {
    let mut days: Vec<DailyUsage> = Vec::new();
    let mut day = from;
    while day <= to {
        days.push(DailyUsage { day, totals: UsageDelta::default() });
        day = day.next();
    }
    for c in counted {
        if c.day >= from && c.day <= to {
            let index = (c.day.0 - from.0) as usize;
            days[index].totals.add(&c.totals);
        }
    }
    days
}

/// `total` spread over the UTC days from `start_ms` to `end_ms`, in proportion to the time spent
/// in each: a machine that ran across midnight is charted on both days. The parts sum to `total`
/// exactly (the last day takes the rounding); an empty or reversed span puts it all on the day of
/// `end_ms`. A span longer than `MAX_RANGE_DAYS` puts the older days' share on its first part, so
/// the work stays bounded whatever the record says.
pub fn split_by_day(total: CostUnits, start_ms: i64, end_ms: i64) -> Vec<(Day, CostUnits)> {
    if end_ms <= start_ms || total == 0 {
        return vec![(Day::of_ms(end_ms), total)];
    }
    let first = Day::of_ms(start_ms).0.max(Day::of_ms(end_ms).0 - (MAX_RANGE_DAYS - 1));
    let last = Day::of_ms(end_ms).0;
    let span = (end_ms - start_ms) as i128;
    let mut parts = Vec::with_capacity((last - first + 1) as usize);
    let mut given: CostUnits = 0;
    for day in first..=last {
        let day_end = if day == last { end_ms } else { (day + 1) * MS_PER_DAY };
        // Everything before this day's end, in proportion; the difference from what earlier days
        // got is this day's share (so rounding never loses or adds a unit).
        let until = (day_end - start_ms).max(0) as i128;
        let cumulative = if day == last { total } else { (i128::from(total) * until / span) as CostUnits };
        parts.push((Day(day), cumulative - given));
        given = cumulative;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_is_split_over_the_days_it_ran_and_sums_to_the_total() {
        let midnight = 20_000 * MS_PER_DAY;
        // Six hours before midnight and two after: three quarters on the first day.
        let parts = split_by_day(8_000, midnight - 6 * 3_600_000, midnight + 2 * 3_600_000);
        assert_eq!(parts, vec![(Day(19_999), 6_000), (Day(20_000), 2_000)]);
        // Within one day, and an empty span: all on the end's day.
        assert_eq!(split_by_day(7, midnight + 1, midnight + 5), vec![(Day(20_000), 7)]);
        assert_eq!(split_by_day(7, midnight + 5, midnight + 5), vec![(Day(20_000), 7)]);
        // Three days, an odd total: no unit lost to rounding.
        let parts = split_by_day(1_001, midnight - MS_PER_DAY / 2, midnight + MS_PER_DAY + MS_PER_DAY / 2);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.iter().map(|(_, c)| c).sum::<i64>(), 1_001);
        // Years of running: bounded to a year and a day of parts, the total kept.
        let parts = split_by_day(10_000, 0, midnight);
        assert_eq!(parts.len(), MAX_RANGE_DAYS as usize);
        assert_eq!(parts.iter().map(|(_, c)| c).sum::<i64>(), 10_000);
    }

    #[test]
    fn days_parse_print_and_order_as_dates() {
        let day = Day::parse("2026-02-28").expect("valid");
        assert_eq!(day.next().to_string(), "2026-03-01");
        assert_eq!(Day::parse("2024-02-28").expect("valid").next().to_string(), "2024-02-29");
        assert_eq!(Day::of_ms(0).to_string(), "1970-01-01");
        assert_eq!(Day::of_ms(1_795_000_000_000).to_string(), "2026-11-18");
        assert_eq!(Day::of_ms(-1).to_string(), "1969-12-31");
        for bad in ["2026-02-30", "2026-13-01", "26-01-01", "2026-1-1", "", "2026-01-01T00:00:00Z", "yesterday"] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert!(Day::parse("2026-01-31") < Day::parse("2026-02-01"));
        assert_eq!(day.span_to(day), 1);
    }

    #[test]
    fn a_range_is_filled_day_by_day_with_the_counted_days_added_in() {
        let from = Day::parse("2026-11-29").expect("valid");
        let to = Day::parse("2026-12-02").expect("valid");
        let counted = [
            DailyUsage { day: Day::parse("2026-12-01").expect("valid"), totals: UsageDelta::llm(5) },
            DailyUsage { day: Day::parse("2026-11-01").expect("valid"), totals: UsageDelta::gpu(7) },
        ];
        let days = fill_days(from, to, &counted);
        let printed: Vec<String> = days.iter().map(|d| d.day.to_string()).collect();
        assert_eq!(printed, ["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
        assert_eq!(days[2].totals, UsageDelta::llm(5));
        assert!(days.iter().filter(|d| d.day != days[2].day).all(|d| d.totals.is_zero()));
    }
}
