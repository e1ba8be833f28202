//! Measures a Lambda function binary's init time: from process start to its first poll of the
//! Lambda Runtime API (`GET /2018-06-01/runtime/invocation/next`), against a minimal Runtime API
//! served here on 127.0.0.1. After the first poll it delivers one event and checks that the
//! function answers it, so a binary that starts fast but cannot serve is caught.
//!
//! Usage: `init-time <function binary> <event.json> [runs]`; prints min, p50, p99 and max.
//! The function's environment (table names, AWS region and credentials) is passed through.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: init-time <function binary> <event.json> [runs]");
        std::process::exit(2);
    }
    let binary = &args[1];
    let event = std::fs::read(&args[2]).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", args[2])));
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(20);

    let mut samples = Vec::with_capacity(runs);
    for run in 0..runs {
        let (init, answer) = measure(binary, &event);
        if run == 0 {
            println!("first invocation answered: {}", answer.chars().take(160).collect::<String>());
        }
        samples.push(init);
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    println!(
        "init (process start → first Runtime API poll) over {runs} runs: min {:.1} ms, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(samples[0]),
        ms(pick(0.5)),
        ms(pick(0.99)),
        ms(samples[samples.len() - 1])
    );
}

fn measure(binary: &str, event: &[u8]) -> (Duration, String) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| fail(&format!("bind: {e}")));
    let addr = listener.local_addr().unwrap_or_else(|e| fail(&format!("address: {e}")));
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "init-time")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("LOG_LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start {binary}: {e}")));

    let (mut conn, request_line, _) = next_request(&listener);
    let init = started.elapsed();
    if !request_line.starts_with("GET /2018-06-01/runtime/invocation/next") {
        fail(&format!("first request was not a poll: {request_line}"));
    }
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nLambda-Runtime-Aws-Request-Id: init-time-1\r\n\
         Lambda-Runtime-Deadline-Ms: {}\r\nLambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:init-time\r\n\
         Content-Length: {}\r\n\r\n",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis()) + 10_000,
        event.len()
    );
    let _ = conn.write_all(head.as_bytes()).and_then(|()| conn.write_all(event));
    drop(conn);

    // The function posts its answer, then polls again.
    let mut answer = String::new();
    loop {
        let (mut conn, line, body) = next_request(&listener);
        if line.starts_with("POST /2018-06-01/runtime/invocation/init-time-1/response") {
            answer = body;
            let _ = conn.write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        } else if line.contains("/error") {
            fail(&format!("the function reported an error: {body}"));
        } else if line.starts_with("GET /2018-06-01/runtime/invocation/next") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    (init, answer)
}

/// Accepts one connection and reads one request: returns the connection, the request line and
/// the body.
fn next_request(listener: &TcpListener) -> (TcpStream, String, String) {
    let (conn, _) = listener.accept().unwrap_or_else(|e| fail(&format!("accept: {e}")));
    let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(conn);
    let mut request_line = String::new();
    let _ = reader.read_line(&mut request_line);
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            content_length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; content_length];
    let _ = reader.read_exact(&mut body);
    (reader.into_inner(), request_line.trim().to_owned(), String::from_utf8_lossy(&body).into_owned())
}

fn fail(message: &str) -> ! {
    eprintln!("init-time: {message}");
    std::process::exit(1)
}
