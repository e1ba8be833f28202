//! Lambda glue (feature `lambda`): an API Gateway HTTP API event becomes an `ApiRequest`, the
//! gateway and handler run exactly as in `local`, and the `ApiResponse` goes back to Lambda.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use lambda_http::request::RequestContext;
use lambda_http::{service_fn, Body, Request, RequestExt, Response};
use serde_json::Value;

use crate::domain::tenant::TenantId;
use crate::http::{Access, ApiError, ApiRequest, ApiResponse, AuthorizerVerdict, Gateway};

/// Context keys the `authorize-api-key` function sets and this glue reads.
pub const CONTEXT_TENANT: &str = "tenantId";
pub const CONTEXT_AUTH_ERROR: &str = "authError";

/// Converts an HTTP API event; returns the route key (`GET /api/tenant`) for logs.
pub fn api_request(event: Request) -> (String, ApiRequest) {
    let (route_key, verdict) = match event.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => {
            (ctx.route_key.clone(), ctx.authorizer.as_ref().map(|a| verdict_from_context(&a.fields)))
        }
        _ => (None, None),
    };
    let path_params: HashMap<String, String> = event
        .path_parameters_ref()
        .map(|m| m.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect())
        .unwrap_or_default();
    let (parts, body) = event.into_parts();
    let body = match body {
        Body::Empty => Bytes::new(),
        Body::Text(text) => Bytes::from(text),
        Body::Binary(bytes) => Bytes::from(bytes),
        _ => Bytes::new(),
    };
    let path = parts.uri.path().to_owned();
    // A Function URL has no routes: its route key is `$default`, so the log names method and path.
    let route = route_key.filter(|key| key != "$default").unwrap_or_else(|| format!("{} {}", parts.method, path));
    let mut request = ApiRequest::new(parts.method, path, parts.uri.query().unwrap_or(""), parts.headers, body);
    request.path_params = path_params;
    request.authorizer = verdict;
    (route, request)
}

/// The authorizer's context, as the `lambda` map of the request context.
pub fn verdict_from_context(fields: &HashMap<String, Value>) -> AuthorizerVerdict {
    match fields.get(CONTEXT_TENANT).and_then(Value::as_str).map(TenantId::parse) {
        Some(Ok(tenant)) => AuthorizerVerdict::Tenant(tenant),
        _ => AuthorizerVerdict::Refused(
            fields.get(CONTEXT_AUTH_ERROR).and_then(Value::as_str).unwrap_or("invalid_api_key").to_owned(),
        ),
    }
}

pub fn lambda_response(response: ApiResponse) -> Response<Body> {
    let mut out =
        Response::new(if response.body.is_empty() { Body::Empty } else { Body::Binary(response.body.to_vec()) });
    *out.status_mut() = response.status;
    *out.headers_mut() = response.headers;
    out
}

/// One invocation: the event through `gateway` to `handler`.
async fn serve_event<H, Fut>(gateway: &Gateway, access: Access, handler: H, event: Request) -> ApiResponse
where
    H: FnOnce(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let (route, request) = api_request(event);
    gateway.serve(&route, access, request, handler).await
}

/// Serves one HTTP function: every invocation goes through `gateway` to `handler`.
pub async fn run_http<H, Fut>(gateway: Arc<Gateway>, access: Access, handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(ApiRequest) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Result<ApiResponse, ApiError>> + Send,
{
    lambda_http::run(service_fn(move |event: Request| {
        let gateway = gateway.clone();
        let handler = handler.clone();
        async move {
            // API Gateway's Lambda integration is buffered: a streamed body is sent whole.
            let response = serve_event(&gateway, access, handler, event).await.buffered().await;
            Ok::<_, Infallible>(lambda_response(response))
        }
    }))
    .await
}

/// The chunks of a response body sent through Lambda response streaming.
type Chunks = std::pin::Pin<Box<dyn futures_util::Stream<Item = Result<http_body::Frame<Bytes>, Infallible>> + Send>>;

/// Serves a function behind a Function URL with `InvokeMode: RESPONSE_STREAM`: a streamed body
/// (`ApiResponse::event_stream`) reaches the client chunk by chunk, as in `local`. A Function URL
/// has no authorizer, so `gateway` must check keys itself (`Authentication::KeyStore`).
pub async fn run_http_streaming<H, Fut>(
    gateway: Arc<Gateway>,
    access: Access,
    handler: H,
) -> Result<(), lambda_http::Error>
where
    H: Fn(ApiRequest) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Result<ApiResponse, ApiError>> + Send,
{
    lambda_http::run_with_streaming_response(service_fn(move |event: Request| {
        let gateway = gateway.clone();
        let handler = handler.clone();
        async move { Ok::<_, Infallible>(streaming_response(serve_event(&gateway, access, handler, event).await)) }
    }))
    .await
}

fn streaming_response(response: ApiResponse) -> Response<http_body_util::StreamBody<Chunks>> {
    use futures_util::StreamExt;
    let frame = |bytes: Bytes| Ok::<_, Infallible>(http_body::Frame::data(bytes));
    let head = futures_util::stream::iter((!response.body.is_empty()).then(|| frame(response.body.clone())));
    let chunks: Chunks = match response.stream {
        Some(crate::http::BodyStream(rx)) => {
            Box::pin(head.chain(futures_util::stream::unfold(rx, move |mut rx| async move {
                rx.recv().await.map(|bytes| (frame(bytes), rx))
            })))
        }
        None => Box::pin(head),
    };
    let mut out = Response::new(http_body_util::StreamBody::new(chunks));
    *out.status_mut() = response.status;
    *out.headers_mut() = response.headers;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    #[tokio::test]
    async fn a_streamed_response_reaches_lambda_chunk_by_chunk_with_its_head() {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let response = ApiResponse::event_stream(rx);
        let mut body = streaming_response(response).into_body();
        tx.send(Bytes::from_static(b"event: start\n\n")).await.expect("send");
        let first = body.frame().await.expect("a frame").expect("no error").into_data().expect("data");
        assert_eq!(first, "event: start\n\n", "the first chunk is written before the stream ends");
        tx.send(Bytes::from_static(b"event: done\n\n")).await.expect("send");
        drop(tx);
        let rest = body.collect().await.expect("the body ends").to_bytes();
        assert_eq!(rest, "event: done\n\n");
    }

    #[tokio::test]
    async fn a_whole_response_is_one_chunk_and_a_buffered_stream_is_whole() {
        let streamed = streaming_response(ApiResponse::ok(&serde_json::json!({"ok": true})));
        assert_eq!(streamed.headers()["content-type"], "application/json");
        assert_eq!(streamed.into_body().collect().await.expect("body").to_bytes(), r#"{"ok":true}"#);

        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tx.send(Bytes::from_static(b"a")).await.expect("send");
        tx.send(Bytes::from_static(b"b")).await.expect("send");
        drop(tx);
        let buffered = ApiResponse::event_stream(rx).buffered().await;
        assert!(buffered.stream.is_none());
        assert_eq!(buffered.body, "ab");
    }
}
