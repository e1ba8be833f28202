//! The response every handler returns, independent of Lambda or the local server.

use bytes::Bytes;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// When set, the body is sent as it is produced (after `body`, usually empty) instead of at
    /// once: Server-Sent Events. `local` and a streaming Lambda (Function URL with
    /// `RESPONSE_STREAM`) write each chunk when it arrives; a buffered Lambda behind API Gateway
    /// collects the whole stream first (`buffered`).
    pub stream: Option<BodyStream>,
}

/// The chunks of a streamed body; the body ends when the sending side is dropped.
pub struct BodyStream(pub tokio::sync::mpsc::Receiver<Bytes>);

impl std::fmt::Debug for BodyStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BodyStream")
    }
}

impl ApiResponse {
    /// A JSON response. Serialising our own response types cannot fail in practice; if it ever
    /// did, the client gets a bare 500 and the log says why.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Self {
        let mut headers = HeaderMap::new();
        match serde_json::to_vec(value) {
            Ok(body) => {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Self { status, headers, body: Bytes::from(body), stream: None }
            }
            Err(err) => {
                tracing::error!(error = %err, "response serialisation failed");
                Self { status: StatusCode::INTERNAL_SERVER_ERROR, headers, body: Bytes::new(), stream: None }
            }
        }
    }

    pub fn ok<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(StatusCode::OK, value)
    }

    /// A 202 with `value` and the `Location` of what was accepted (where to follow it).
    pub fn accepted<T: Serialize + ?Sized>(value: &T, location: &str) -> Self {
        let mut response = Self::json(StatusCode::ACCEPTED, value);
        if let Ok(location) = HeaderValue::try_from(location) {
            response.headers.insert(header::LOCATION, location);
        }
        response
    }

    pub fn no_content() -> Self {
        Self { status: StatusCode::NO_CONTENT, headers: HeaderMap::new(), body: Bytes::new(), stream: None }
    }

    /// A 200 `text/event-stream` response whose body is written as `chunks` arrive. Proxies are
    /// told not to buffer it.
    pub fn event_stream(chunks: tokio::sync::mpsc::Receiver<Bytes>) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
        Self { status: StatusCode::OK, headers, body: Bytes::new(), stream: Some(BodyStream(chunks)) }
    }

    /// The same response with a streamed body read to its end: for a transport that cannot
    /// stream (API Gateway's buffered Lambda integration).
    pub async fn buffered(mut self) -> Self {
        if let Some(BodyStream(mut chunks)) = self.stream.take() {
            let mut body = self.body.to_vec();
            while let Some(chunk) = chunks.recv().await {
                body.extend_from_slice(&chunk);
            }
            self.body = Bytes::from(body);
        }
        self
    }

    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }
}
