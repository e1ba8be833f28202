//! Helpers for the cross-function tests: the repository's files, `template.yaml` read as data, a
//! `local` server spawned on a free port, and the AWS API emulator the adapter tests run against.

pub mod emulator;
pub mod gpu_pool;
pub mod mock_arm;
pub mod mock_llm;
pub mod template;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use local::App;

/// The repository root, from the `CARGO_MANIFEST_DIR` cargo sets at run time (see
/// `shared::test_util::workspace_file` for why not the compile-time one).
pub fn repo_root() -> PathBuf {
    shared::test_util::workspace_file("")
}

/// `local` on the memory stores with `keys` (`tenant=key,…`), served on a free port; the app too,
/// for tests that reach into it (the in-process queue).
pub async fn start_memory(
    settings: shared::http::GatewaySettings,
    keys: &str,
    options: local::Options,
) -> (RunningLocal, Arc<App>) {
    let (app, _) =
        App::assemble(settings, shared::wiring::stores::Stores::memory(), local::Backend::Memory, Some(keys), options)
            .await
            .expect("app");
    (RunningLocal::start(app.clone()).await, app)
}

/// A `local` server on 127.0.0.1 and a free port, stopped when dropped.
pub struct RunningLocal {
    pub base_url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl RunningLocal {
    pub async fn start(app: Arc<App>) -> Self {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await.expect("bind a free port");
        let addr = listener.local_addr().expect("bound address");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(local::serve(listener, app, async move {
            let _ = stopped.await;
        }));
        Self { base_url: format!("http://{addr}"), stop: Some(stop) }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Drop for RunningLocal {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// GET `url` with a bearer key and parse the JSON answer.
pub async fn get_json(url: &str, key: &str) -> serde_json::Value {
    reqwest::Client::new().get(url).bearer_auth(key).send().await.expect("response").json().await.expect("JSON body")
}

/// The Server-Sent Events of a whole body: each event's name (`event:`) and JSON `data:`.
pub fn sse_events(text: &str) -> Vec<(String, serde_json::Value)> {
    text.split("\n\n")
        .filter(|block| !block.trim().is_empty())
        .map(|block| {
            let field = |name: &str| block.lines().find_map(|l| l.strip_prefix(name)).unwrap_or_default().to_owned();
            (field("event: "), serde_json::from_str(&field("data: ")).expect("JSON data"))
        })
        .collect()
}

/// POST `body` to `url` asking for Server-Sent Events; checks the stream opened (200,
/// `text/event-stream`) and returns its events once it ended.
pub async fn post_events(url: &str, key: &str, body: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    let resp = reqwest::Client::new()
        .post(url)
        .bearer_auth(key)
        .header("accept", "text/event-stream")
        .json(body)
        .send()
        .await
        .expect("response");
    assert_eq!(resp.status(), reqwest::StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    sse_events(&resp.text().await.expect("the stream ends"))
}

/// POST `body` as JSON with a bearer key: the status, the `Location` header and the JSON answer.
pub async fn post_json(
    url: &str,
    key: &str,
    body: &serde_json::Value,
) -> (reqwest::StatusCode, Option<String>, serde_json::Value) {
    let resp = reqwest::Client::new().post(url).bearer_auth(key).json(body).send().await.expect("response");
    let status = resp.status();
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (status, location, resp.json().await.expect("JSON"))
}
