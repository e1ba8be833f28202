//! The HTTP server: hyper through axum, one fallback handler that matches the route table, reads
//! the body up to the limit, and hands everything to the gateway.

use std::future::Future;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{header, Method};
use http_body_util::{BodyExt, Limited};
use shared::http::{Access, ApiError, ApiRequest, ApiResponse};
use tokio::net::TcpListener;

use crate::routes::{self, Match};
use crate::App;

/// Serves `app` on `listener` until `shutdown` completes, then drains open requests.
pub async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let router = axum::Router::new().fallback(dispatch).with_state(app);
    // Server-Sent Events are many small writes: without TCP_NODELAY, Nagle's algorithm holds
    // each one back until the previous is acknowledged (up to the peer's 40 ms delayed ACK).
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(error = %err, "TCP_NODELAY could not be set");
        }
    });
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

async fn dispatch(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().to_owned();
    // The console's files are public (the key is typed into the page, never fetched with it) and
    // carry their own Content-Security-Policy, so they bypass the API's gateway.
    if web_console::owns(&path) {
        return console(&parts.method, &path);
    }
    let limit = app.gateway.settings.max_body_bytes;
    let (body, oversized) = read_body(body, &parts.headers, limit).await;
    let mut api_request =
        ApiRequest::new(parts.method.clone(), path.clone(), parts.uri.query().unwrap_or(""), parts.headers, body);
    api_request.oversized = oversized;

    // The contract is documentation, served by `local` only: not a route of the template.
    if path == "/openapi.json" && parts.method == Method::GET {
        let doc = app.openapi.clone();
        let response = app
            .gateway
            .serve("GET /openapi.json", Access::Public, api_request, |_| async move { Ok(ApiResponse::ok(&*doc)) })
            .await;
        return into_axum(response);
    }
    // An export's file: in AWS a pre-signed S3 URL, so not a route of the template either.
    if let (Some(id), &Method::GET) = (crate::tenant_jobs::download_id(&path), &parts.method) {
        api_request.path_params.insert("id".to_owned(), id.to_owned());
        let files = app.export_files.clone();
        let response = app
            .gateway
            .serve(crate::tenant_jobs::DOWNLOAD_ROUTE, Access::Tenant, api_request, |r| {
                crate::tenant_jobs::download(files, r)
            })
            .await;
        return into_axum(response);
    }
    let response = match routes::find(&app.routes, &parts.method, &path) {
        Match::Found(route, params) => {
            api_request.path_params = params.into_iter().collect();
            let route_key = format!("{} {}", route.method, route.path);
            let function = route.function;
            app.gateway.serve(&route_key, route.access, api_request, |r| app.call(function, r)).await
        }
        Match::WrongMethod(allowed) if parts.method != Method::OPTIONS => {
            let err = ApiError::MethodNotAllowed { allowed };
            app.gateway.serve("unmatched", Access::Public, api_request, |_| async { Err(err) }).await
        }
        // OPTIONS on a known path is a CORS preflight, which the gateway answers.
        Match::WrongMethod(_) => {
            app.gateway.serve("preflight", Access::Public, api_request, |_| async { Err(ApiError::Internal) }).await
        }
        Match::NotFound => {
            let err = ApiError::NotFound(format!("no route {} {}", parts.method, truncate(&path, 200)));
            app.gateway.serve("unmatched", Access::Public, api_request, |_| async { Err(err) }).await
        }
    };
    into_axum(response)
}

/// Reads at most `limit` bytes. A declared or actual body above the limit is flagged, not read
/// further, so a huge upload costs no memory.
async fn read_body(body: Body, headers: &http::HeaderMap, limit: usize) -> (Bytes, bool) {
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return (Bytes::new(), true);
    }
    match Limited::new(body, limit).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        Err(err) if err.downcast_ref::<http_body_util::LengthLimitError>().is_some() => (Bytes::new(), true),
        // The client went away mid-body: nothing useful can be answered.
        Err(_) => (Bytes::new(), false),
    }
}

fn console(method: &Method, path: &str) -> Response {
    let (status, content_type, body): (_, _, &'static [u8]) = if method != Method::GET && method != Method::HEAD {
        (http::StatusCode::METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", b"GET only\n")
    } else {
        match web_console::resolve(path) {
            web_console::Reply::Found(asset) => (http::StatusCode::OK, asset.content_type, asset.body),
            web_console::Reply::Redirect(to) => {
                let mut out = Response::new(Body::empty());
                *out.status_mut() = http::StatusCode::PERMANENT_REDIRECT;
                out.headers_mut().insert(header::LOCATION, http::HeaderValue::from_static(to));
                return out;
            }
            web_console::Reply::NotFound => (http::StatusCode::NOT_FOUND, "text/plain; charset=utf-8", b"not found\n"),
        }
    };
    let mut out = Response::new(if method == Method::HEAD { Body::empty() } else { Body::from(body) });
    *out.status_mut() = status;
    let headers = out.headers_mut();
    headers.insert(header::CONTENT_TYPE, http::HeaderValue::from_static(content_type));
    for (name, value) in web_console::headers() {
        headers.insert(name, http::HeaderValue::from_static(value));
    }
    out
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

fn into_axum(response: ApiResponse) -> Response {
    let body = match response.stream {
        // Written chunk by chunk as the handler produces it (Server-Sent Events).
        Some(shared::http::BodyStream(rx)) => {
            let head = futures_util::stream::iter((!response.body.is_empty()).then(|| Ok(response.body.clone())));
            let rest = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|bytes| (Ok::<Bytes, std::convert::Infallible>(bytes), rx))
            });
            Body::from_stream(futures_util::StreamExt::chain(head, rest))
        }
        None => Body::from(response.body),
    };
    let mut out = Response::new(body);
    *out.status_mut() = response.status;
    *out.headers_mut() = response.headers;
    out
}
