//! What a client may learn of a failed upstream call: who failed and the kind of failure
//! (connection refused, timeout, an HTTP status, a malformed reply), in words the adapters share.
//!
//! Never a URL, host, header or anything the upstream said: `reqwest`'s errors carry the URL
//! (`error sending request for url (http://10.0.3.7:8000/v1/…)`), and an upstream's error body
//! may echo the request or name its internals. Those go to the log at the adapter, where the
//! error is mapped; the message built here is what errors, task records and events carry on.

/// The kind of a transport failure, as a client may be told it.
pub fn transport_kind(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        return "timeout";
    }
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind;
            match io.kind() {
                ErrorKind::ConnectionRefused => return "connection refused",
                ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe
                | ErrorKind::UnexpectedEof => return "connection closed",
                ErrorKind::TimedOut => return "timeout",
                _ => {}
            }
        }
        source = cause.source();
    }
    if err.is_connect() {
        "connection failed"
    } else if err.is_decode() {
        "malformed reply"
    } else if err.is_body() {
        "connection closed"
    } else {
        "request failed"
    }
}

/// The sentence for a transport failure: `llama could not be reached (connection refused)`.
pub fn unreachable(who: &str, err: &reqwest::Error) -> String {
    match transport_kind(err) {
        "timeout" => format!("{who} did not answer in time"),
        "malformed reply" => format!("{who} sent a malformed reply"),
        kind => format!("{who} could not be reached ({kind})"),
    }
}

/// The sentence for an error status: `anthropic answered HTTP 529`.
pub fn answered(who: &str, status: u16) -> String {
    format!("{who} answered HTTP {status}")
}

/// A cloud's error code (`InsufficientInstanceCapacity`, `QuotaExceeded`) as a client may be
/// told it: a plain identifier, or nothing of it.
pub fn code(code: &str) -> &str {
    let plain =
        !code.is_empty() && code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if plain {
        code
    } else {
        "an unnamed error"
    }
}

/// The sentence for an answer that could not be read.
pub fn malformed(who: &str) -> String {
    format!("{who} sent a malformed reply")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refused_connection_is_named_without_its_url() {
        let err = reqwest::Client::new().get("http://127.0.0.1:9/v1/secret-path").send().await.expect_err("refused");
        assert!(err.to_string().contains("127.0.0.1"), "reqwest's own message has the URL: {err}");
        let told = unreachable("llama", &err);
        assert_eq!(told, "llama could not be reached (connection refused)");
    }
}
