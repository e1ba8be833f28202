//! Conversations with a model: what is stored per message and per conversation, which part of the
//! history is sent, and what a tenant has spent. Pure: no I/O, no clock.
//!
//! Money is kept as whole units of 10⁻⁸ USD (`CostUnits`), so totals are exact sums however many
//! messages they add up; it becomes dollars only in responses.

use crate::domain::llm::Role;
use crate::domain::tenant::TenantId;

/// 10⁻⁸ USD: the price table's precision.
pub type CostUnits = i64;

pub const UNITS_PER_USD: f64 = 1e8;

pub fn to_units(usd: f64) -> CostUnits {
    (usd * UNITS_PER_USD).round() as CostUnits
}

pub fn to_usd(units: CostUnits) -> f64 {
    units as f64 / UNITS_PER_USD
}

/// Tokens of one model call as its provider reported them; `prompt` includes `cached`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    pub prompt: u64,
    pub completion: u64,
    pub cached: u64,
}

/// One stored message. A user message has no model, usage or cost; an assistant message has
/// them, and `incomplete` when its stream broke (its usage is then our own count of what was sent
/// and received, as the provider reported none).
#[derive(Clone, Debug, PartialEq)]
pub struct StoredMessage {
    pub seq: u64,
    pub id: String,
    pub role: Role,
    pub content: String,
    pub provider: Option<String>,
    pub model: Option<String>,
    pub usage: Option<Usage>,
    pub cost: Option<CostUnits>,
    pub incomplete: bool,
    pub created_at_ms: i64,
}

/// A conversation's header: its running totals and the sequence number of its last message.
#[derive(Clone, Debug, PartialEq)]
pub struct Conversation {
    pub tenant: TenantId,
    pub id: String,
    /// The start of the first message, so a list is readable.
    pub title: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub last_seq: u64,
    pub message_count: u64,
    pub usage: Usage,
    pub cost: CostUnits,
}

/// Characters of the first message kept as a conversation's title.
const TITLE_CHARS: usize = 80;

impl Conversation {
    pub fn start(tenant: TenantId, id: String, first_message: &str, now_ms: i64) -> Self {
        let flat = first_message.split_whitespace().collect::<Vec<_>>().join(" ");
        let title = if flat.chars().count() > TITLE_CHARS {
            format!("{}…", flat.chars().take(TITLE_CHARS - 1).collect::<String>())
        } else {
            flat
        };
        Self {
            tenant,
            id,
            title,
            created_at_ms: now_ms,
            updated_at_ms: now_ms,
            last_seq: 0,
            message_count: 0,
            usage: Usage::default(),
            cost: 0,
        }
    }

    /// The conversation after `messages` were added (their `seq`s must follow `last_seq`).
    pub fn with(&self, messages: &[StoredMessage], now_ms: i64) -> Self {
        let mut next = self.clone();
        for m in messages {
            next.last_seq = next.last_seq.max(m.seq);
            next.message_count += 1;
            if let Some(u) = m.usage {
                next.usage.prompt += u.prompt;
                next.usage.completion += u.completion;
                next.usage.cached += u.cached;
            }
            next.cost += m.cost.unwrap_or(0);
        }
        next.updated_at_ms = now_ms;
        next
    }
}

/// How many of the newest messages to send: as many as fit `budget` tokens (each message's count
/// given newest first), never skipping one to fit an older one, and never starting with an
/// assistant message (providers want the user to speak first).
pub fn history_to_send(newest_first: &[(Role, usize)], budget: usize) -> usize {
    let mut used = 0usize;
    let mut taken = 0usize;
    for (_, tokens) in newest_first {
        if used + tokens > budget {
            break;
        }
        used += tokens;
        taken += 1;
    }
    // The oldest message taken is `newest_first[taken - 1]`; drop assistants from that end.
    while taken > 0 && newest_first[taken - 1].0 != Role::User {
        taken -= 1;
    }
    taken
}

/// The calendar month (UTC) a tenant's spend is counted in: `2026-11`.
pub fn spend_period(now_ms: i64) -> String {
    let at =
        time::OffsetDateTime::from_unix_timestamp(now_ms.div_euclid(1000)).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}", at.year(), u8::from(at.month()))
}

/// Budget set aside for one model call, held in the tenant's spend until the call's record takes
/// it back, its caller releases it, or it lapses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    /// Unique per call (a UUID), so that taking it back happens once whoever does it.
    pub id: String,
    pub units: CostUnits,
    /// After this instant the hold belongs to a call that can no longer be running, and the next
    /// reservation refused for budget takes it back (`HOLD_LEASE_MS`).
    pub expires_at_ms: i64,
}

/// How long a hold outlives its reservation: a model call runs inside one Lambda invocation, and
/// no invocation outlives Lambda's hard limit of 15 minutes, so a hold older than that (plus a
/// minute for clock skew between functions) was left by an invocation that was killed (a timeout,
/// an out-of-memory, a crash) before it could settle or release it.
pub const HOLD_LEASE_MS: i64 = 16 * 60 * 1000;

/// What one model call adds to its tenant's spend. `hold` is what was set aside against the
/// budget before the call; recording the call takes it back, unless it lapsed and was taken back
/// already (then only the cost is added, so nothing is counted twice).
#[derive(Clone, Debug, PartialEq)]
pub struct SpendChange {
    pub tenant: TenantId,
    pub period: String,
    pub usage: Usage,
    pub cost: CostUnits,
    pub hold: Option<Hold>,
}

/// A tenant's spend in one period. `committed` is `cost` plus the holds of calls still running:
/// what the budget is checked against.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spend {
    pub calls: u64,
    pub usage: Usage,
    pub cost: CostUnits,
    pub committed: CostUnits,
    /// The holds counted in `committed`, oldest first.
    pub holds: Vec<Hold>,
}

impl Spend {
    /// The holds whose lease has run out at `now_ms`.
    pub fn lapsed_holds(&self, now_ms: i64) -> impl Iterator<Item = &Hold> {
        self.holds.iter().filter(move |h| h.expires_at_ms <= now_ms)
    }
}

/// A conversation's new messages and header, written with the spend in one transaction.
#[derive(Clone, Debug, PartialEq)]
pub struct ConversationWrite {
    /// The header after the messages; `last_seq` before them is `expected_last_seq`.
    pub after: Conversation,
    /// `None` for a conversation this write creates.
    pub expected_last_seq: Option<u64>,
    pub messages: Vec<StoredMessage>,
}

/// Everything one model call changes.
#[derive(Clone, Debug, PartialEq)]
pub struct ChatRecord {
    pub spend: SpendChange,
    pub conversation: Option<ConversationWrite>,
}

/// The worst a call can cost: every prompt token uncached and every allowed output token used.
pub fn worst_case(
    prompt_tokens: u64,
    max_output_tokens: u64,
    input_per_million: f64,
    output_per_million: f64,
) -> CostUnits {
    to_units((prompt_tokens as f64 * input_per_million + max_output_tokens as f64 * output_per_million) / 1e6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_takes_the_newest_that_fit_and_starts_with_the_user() {
        use Role::{Assistant as A, User as U};
        // newest first: the latest user question, then older turns.
        let msgs = [(U, 10), (A, 40), (U, 20), (A, 30), (U, 5)];
        assert_eq!(history_to_send(&msgs, 1000), 5);
        // 10 + 40 + 20 = 70 fits, the 30-token answer does not.
        assert_eq!(history_to_send(&msgs, 75), 3);
        // 10 + 40 fit, but the oldest taken would be an answer: drop it.
        assert_eq!(history_to_send(&msgs, 55), 1);
        // Not even the question fits.
        assert_eq!(history_to_send(&msgs, 9), 0);
        // An older, smaller message never jumps the queue.
        assert_eq!(history_to_send(&[(U, 10), (A, 500), (U, 1)], 100), 1);
    }

    #[test]
    fn totals_follow_the_messages() {
        let tenant = TenantId::parse("acme-health").expect("tenant");
        let c = Conversation::start(tenant, "c1".to_owned(), &"word ".repeat(40), 1_000);
        assert!(c.title.chars().count() <= TITLE_CHARS && c.title.ends_with('…'));
        let msg = |seq, cost| StoredMessage {
            seq,
            id: format!("m{seq}"),
            role: Role::Assistant,
            content: String::new(),
            provider: None,
            model: None,
            usage: Some(Usage { prompt: 100, completion: 20, cached: 50 }),
            cost: Some(cost),
            incomplete: false,
            created_at_ms: 2_000,
        };
        let after = c.with(&[msg(1, 7), msg(2, 5)], 2_000);
        assert_eq!((after.last_seq, after.message_count, after.cost), (2, 2, 12));
        assert_eq!(after.usage, Usage { prompt: 200, completion: 40, cached: 100 });
        assert_eq!(after.updated_at_ms, 2_000);
    }

    #[test]
    fn spend_is_counted_per_utc_month_and_money_is_exact() {
        assert_eq!(spend_period(1_795_000_000_000), "2026-11");
        assert_eq!(spend_period(0), "1970-01");
        assert_eq!(to_units(0.0075), 750_000);
        assert_eq!(to_usd((0..1000).map(|_| to_units(0.00000001)).sum()), 0.00001);
        // 1,000 prompt tokens at $2.50/M + 500 output at $10/M = $0.0075.
        assert_eq!(worst_case(1_000, 500, 2.5, 10.0), 750_000);
    }
}
