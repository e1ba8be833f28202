//! One HTTP client per timeout setting for the whole process.
//!
//! Building a `reqwest::Client` loads and parses the system's root certificates (rustls'
//! platform verifier): about 150 files on this machine, one bundle on Lambda, a few milliseconds
//! each time. A chat function built three clients during its cold start (async-openai's default
//! client, then replaced, and one per provider), which is what put `stream-responses` over the
//! 30 ms init goal. A client is a cheap handle on one connection pool (kept per host), so every
//! adapter asking for the same timeouts shares one, and the certificates are read once for each
//! setting.
//!
//! Bounded: the settings come from configuration (a provider's idle timeout, a probe's or the
//! Azure client's fixed limit), never from a request, and at most `KEPT` are kept; beyond that a
//! client is built and not kept.

use std::sync::Mutex;
use std::time::Duration;

/// How long a client waits: to connect, between two reads of an answer, for a whole request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Option<Duration>,
    pub read: Option<Duration>,
    pub total: Option<Duration>,
}

/// At most this many settings keep their client.
const KEPT: usize = 8;

static CLIENTS: Mutex<Kept> = Mutex::new(Kept(Vec::new()));

/// The process's client for these timeouts, built on first use.
pub fn client(timeouts: Timeouts) -> Result<reqwest::Client, reqwest::Error> {
    CLIENTS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).client(timeouts)
}

/// The clients built so far, by their timeouts.
struct Kept(Vec<(Timeouts, reqwest::Client)>);

impl Kept {
    fn client(&mut self, timeouts: Timeouts) -> Result<reqwest::Client, reqwest::Error> {
        if let Some((_, client)) = self.0.iter().find(|(t, _)| *t == timeouts) {
            return Ok(client.clone());
        }
        let mut builder = reqwest::Client::builder();
        if let Some(connect) = timeouts.connect {
            builder = builder.connect_timeout(connect);
        }
        if let Some(read) = timeouts.read {
            builder = builder.read_timeout(read);
        }
        if let Some(total) = timeouts.total {
            builder = builder.timeout(total);
        }
        let client = builder.build()?;
        if self.0.len() < KEPT {
            self.0.push((timeouts, client.clone()));
        }
        Ok(client)
    }
}

/// A model provider's client: a connection within 5 s, then at most `idle` between two reads of
/// an answer (a streamed answer may take minutes in all).
pub fn provider_client(idle: Duration) -> Result<reqwest::Client, reqwest::Error> {
    client(Timeouts { connect: Some(Duration::from_secs(5)), read: Some(idle), total: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same settings reuse their client (the root certificates are read once); other
    /// settings get their own, so a probe's 2 s limit never cuts a model's answer; past `KEPT`
    /// settings a client is still built, just not kept.
    #[test]
    fn one_client_per_setting_and_a_bounded_number_kept() {
        let mut kept = Kept(Vec::new());
        let idle =
            |s| Timeouts { connect: Some(Duration::from_secs(5)), read: Some(Duration::from_secs(s)), total: None };
        kept.client(idle(60)).unwrap();
        kept.client(idle(60)).unwrap();
        kept.client(Timeouts { total: Some(Duration::from_secs(2)), ..Timeouts::default() }).unwrap();
        assert_eq!(kept.0.len(), 2);
        for s in 0..20 {
            kept.client(idle(s)).unwrap();
        }
        assert_eq!(kept.0.len(), KEPT);
    }
}
