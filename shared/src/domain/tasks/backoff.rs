//! Exponential backoff with full jitter (the AWS Architecture Blog's "full jitter": a uniform
//! wait between 0 and min(cap, base × 2^attempt)), which spreads retries of tasks that failed
//! together instead of bunching them.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Backoff {
    /// The wait before retry number `retry` (1-based). `random` is a uniformly random `u64`
    /// (the caller's RNG), so tests can pin it.
    pub fn delay(&self, retry: u32, random: u64) -> Duration {
        let exponent = retry.saturating_sub(1).min(32);
        let ceiling_ms = self.base.as_millis().saturating_mul(1u128 << exponent).min(self.cap.as_millis());
        let ceiling_ms = u64::try_from(ceiling_ms).unwrap_or(u64::MAX);
        // Uniform in [0, ceiling]: scale the random 64-bit value to the range.
        let delay_ms = (u128::from(random) * (u128::from(ceiling_ms) + 1)) >> 64;
        Duration::from_millis(u64::try_from(delay_ms).unwrap_or(ceiling_ms))
    }

    /// `delay` with a fresh random draw. Without entropy the wait is the full ceiling: still a
    /// valid backoff, only without jitter.
    pub fn jittered(&self, retry: u32) -> Duration {
        let mut bytes = [0u8; 8];
        let random = match getrandom::fill(&mut bytes) {
            Ok(()) => u64::from_le_bytes(bytes),
            Err(_) => u64::MAX,
        };
        self.delay(retry, random)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backoff() -> Backoff {
        Backoff { base: Duration::from_secs(2), cap: Duration::from_secs(60) }
    }

    #[test]
    fn the_ceiling_doubles_per_retry_up_to_the_cap() {
        let b = backoff();
        assert_eq!(b.delay(1, u64::MAX), Duration::from_millis(2_000));
        assert_eq!(b.delay(2, u64::MAX), Duration::from_millis(4_000));
        assert_eq!(b.delay(5, u64::MAX), Duration::from_millis(32_000));
        assert_eq!(b.delay(6, u64::MAX), Duration::from_millis(60_000));
        assert_eq!(b.delay(40, u64::MAX), Duration::from_millis(60_000));
    }

    #[test]
    fn the_wait_is_uniform_between_zero_and_the_ceiling() {
        let b = backoff();
        assert_eq!(b.delay(3, 0), Duration::ZERO);
        assert_eq!(b.delay(3, u64::MAX / 2), Duration::from_millis(4_000));
        assert!(b.delay(3, u64::MAX / 4) < b.delay(3, u64::MAX / 2));
    }
}
