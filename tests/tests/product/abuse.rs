//! The abuse suite: every JSON route of the contract, sent hostile bodies an attacker with a valid
//! key would try (a string past its field's `maxLength`, a body past `MAX_BODY_BYTES`, invalid
//! UTF-8 inside a string, arrays nested 100,000 deep in a member), answers each with a 4xx
//! `application/problem+json` that says what was wrong (naming the field where it has one), never
//! a 5xx, a stack trace or an internal URL; and nothing the tenant has stored changes.
//!
//! The routes and their fields come from the contract (`local::openapi`), as in `field_types`, so
//! a route added to it is covered without changing this test.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::field_types::{alternatives, cases, json_shapes, send, start, valid, Answer, Shape, KEY};

/// What the tenant can read back of everything it stored.
/// (The audit trail is left out: it records the refusals themselves.)
const READS: [&str; 7] = [
    "/api/gpu-pool",
    "/api/analysis-queue?limit=100",
    "/api/analysis-queue/stats",
    "/api/chatbot/conversations?limit=100",
    "/api/instances?limit=100",
    "/api/instances/stats",
    "/api/context-optimizer/stats",
];

/// Everything the tenant can read back of what it stored (figures of time left out).
pub(crate) async fn stored(client: &reqwest::Client, local: &tests::RunningLocal) -> Vec<Value> {
    let mut out = Vec::new();
    for path in READS {
        let resp = client.get(local.url(path)).bearer_auth(KEY).send().await.expect("response");
        // A pool that does not exist is a 404, and must stay one.
        let status = resp.status();
        assert!(
            status == StatusCode::OK || (status == StatusCode::NOT_FOUND && path == "/api/gpu-pool"),
            "GET {path}: {status}"
        );
        let mut body: Value = resp.json().await.expect("json");
        if status == StatusCode::NOT_FOUND {
            body = json!({ "status": 404 });
        }
        // Figures of time move by themselves; what is stored does not.
        for volatile in ["generatedAt", "estimatedWaitSeconds", "oldestWaitingSeconds"] {
            if let Some(object) = body.as_object_mut() {
                object.remove(volatile);
            }
        }
        out.push(body);
    }
    out
}

/// Sends a body past the limit, on a connection of its own. The server answers 413 from the
/// declared length and closes the connection without reading the body, so a client still
/// writing may see it closed before the answer: that try is made again (the answer, not the race,
/// is under test); and a closed connection must not go back to the pool the other cases share.
async fn send_oversize(shape: &Shape<'_>, body: String) -> Option<Answer> {
    for _ in 0..5 {
        let client = reqwest::Client::builder().pool_max_idle_per_host(0).build().expect("client");
        let sent = client
            .request(shape.method.clone(), &shape.url)
            .bearer_auth(KEY)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await;
        let Ok(resp) = sent else { continue };
        let status = resp.status();
        let content_type =
            resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        return Some(Answer { status, content_type, body: resp.json().await.unwrap_or(Value::Null) });
    }
    None
}

/// A string one character past the member's `maxLength`, when its schema has one.
fn too_long(doc: &Value, member: &Value) -> Vec<Value> {
    alternatives(doc, member)
        .into_iter()
        .filter_map(|alt| alt["maxLength"].as_u64())
        .map(|max| json!("x".repeat(max as usize + 1)))
        .take(1)
        .collect()
}

/// Says what is wrong with an answer to a hostile body, unless it is a 4xx problem whose text
/// includes `expected` and holds nothing internal.
fn check(answer: &Answer, statuses: &[StatusCode], expected: &str) -> Result<(), String> {
    let text = answer.body.to_string();
    let internal = ["http://", "https://", "panicked", "src/", ".rs:"].iter().find(|m| text.contains(*m));
    if statuses.contains(&answer.status)
        && answer.content_type.starts_with("application/problem+json")
        && text.contains(expected)
        && internal.is_none()
    {
        Ok(())
    } else {
        Err(format!("{} {} {text:.300}", answer.status, answer.content_type))
    }
}

/// The valid body of `shape` as JSON text with one string member's value holding bytes that are
/// not UTF-8.
fn with_invalid_utf8(body: &Value) -> Option<Vec<u8>> {
    let (name, _) = body.as_object()?.iter().find(|(_, v)| v.is_string())?;
    let mut marked = body.clone();
    marked[name] = json!("MARK");
    let text = marked.to_string();
    let at = text.find("\"MARK\"")? + 1;
    let mut bytes = text.into_bytes();
    bytes.splice(at..at + 4, [b'a', 0xFF, 0xFE, b'z']);
    Some(bytes)
}

/// The valid body of `shape` as JSON text with member `name` holding arrays nested `depth` deep.
fn with_deep_nesting(body: &Value, name: &str, depth: usize) -> String {
    let mut marked = body.clone();
    marked[name] = json!("MARK");
    marked.to_string().replace("\"MARK\"", &format!("{}{}", "[".repeat(depth), "]".repeat(depth)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_bodies_on_every_route_are_refused_saying_why_and_store_nothing() {
    let local = start().await;
    let doc = local::openapi::document();
    let client = reqwest::Client::new();
    let before = stored(&client, &local).await;
    let bad = [StatusCode::BAD_REQUEST];
    let (mut failures, mut sent) = (Vec::new(), [0usize; 4]);
    let mut note = |shape: &Shape<'_>, what: &str, outcome: Result<(), String>| {
        if let Err(answer) = outcome {
            failures.push(format!("{} {} {what}: {answer}", shape.method, shape.path));
        }
    };
    for shape in json_shapes(&doc, &local) {
        let base = valid(&doc, shape.schema);

        let mut long = Vec::new();
        cases(&doc, shape.schema, &base, &[], &too_long, &mut long);
        for case in long {
            sent[0] += 1;
            let answer = send(&client, &shape, case.body.to_string()).await;
            note(
                &shape,
                &format!("{} past maxLength", case.field),
                check(&answer, &bad, &format!("\"{}\"", case.field)),
            );
        }

        sent[1] += 1;
        let mut huge = base.clone();
        if let Some(object) = huge.as_object_mut() {
            object.insert("padding".to_owned(), json!("x".repeat(1_100_000)));
        }
        let outcome = match send_oversize(&shape, huge.to_string()).await {
            Some(answer) => check(&answer, &[StatusCode::PAYLOAD_TOO_LARGE], "payload_too_large"),
            None => Err("the connection closed before any answer, five times".to_owned()),
        };
        note(&shape, "a body past MAX_BODY_BYTES", outcome);

        if let Some(bytes) = with_invalid_utf8(&base) {
            sent[2] += 1;
            let answer = send(&client, &shape, bytes).await;
            note(&shape, "invalid UTF-8 in a string", check(&answer, &bad, "malformed_json"));
        }

        for name in base.as_object().expect("an object body").keys() {
            sent[3] += 1;
            let answer = send(&client, &shape, with_deep_nesting(&base, name, 100_000)).await;
            note(&shape, &format!("{name} nested 100,000 deep"), check(&answer, &bad, name));
        }
    }
    assert!(sent.iter().all(|n| *n > 0) && sent[3] > 20, "the contract walk missed cases: {sent:?}");
    assert!(failures.is_empty(), "{} hostile bodies were mishandled:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(stored(&client, &local).await, before, "a refused request changed what the tenant has stored");
}
