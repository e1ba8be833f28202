//! The response every handler returns, independent of Lambda or the local server.

use bytes::Bytes;
use http::{header, HeaderMap, HeaderValue, StatusCode};
use serde::Serialize;

#[derive(Clone, Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl ApiResponse {
    /// A JSON response. Serialising our own response types cannot fail in practice; if it ever
    /// did, the client gets a bare 500 and the log says why.
    pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Self {
        let mut headers = HeaderMap::new();
        match serde_json::to_vec(value) {
            Ok(body) => {
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
                Self { status, headers, body: Bytes::from(body) }
            }
            Err(err) => {
                tracing::error!(error = %err, "response serialisation failed");
                Self { status: StatusCode::INTERNAL_SERVER_ERROR, headers, body: Bytes::new() }
            }
        }
    }

    pub fn ok<T: Serialize + ?Sized>(value: &T) -> Self {
        Self::json(StatusCode::OK, value)
    }

    pub fn no_content() -> Self {
        Self { status: StatusCode::NO_CONTENT, headers: HeaderMap::new(), body: Bytes::new() }
    }

    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }
}
