//! Metrics as CloudWatch Embedded Metric Format: one JSON line per observation on stdout, which
//! CloudWatch Logs turns into metrics with no SDK call and no added latency (the function's log
//! stream is the transport). Namespace [`NAMESPACE`].
//!
//! Every dimension value comes from a bounded set (a route of the route table, a status class, a
//! provider and a priced model, a priority, a task type and outcome, a cloud and a catalog type):
//! never a tenant id, a task id or anything a caller types. Per-tenant figures live in the usage
//! counters (`GET /api/tenant/usage`), not in metrics.
//!
//! Where lines go is set once per process: stdout in a Lambda function (`AWS_LAMBDA_FUNCTION_NAME`
//! is set) or when `METRICS=emf`; nowhere otherwise, so `local` keeps a readable terminal;
//! [`capture`] keeps them in memory for tests.

use std::sync::{Mutex, OnceLock};

use serde_json::{json, Map, Value};

pub const NAMESPACE: &str = "AiAnalysisBackend";

/// CloudWatch's unit names, those the product uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Milliseconds,
    Seconds,
    Count,
    Percent,
    /// Dollars have no CloudWatch unit; the metric's name says `Usd`.
    None,
}

impl Unit {
    fn as_str(self) -> &'static str {
        match self {
            Self::Milliseconds => "Milliseconds",
            Self::Seconds => "Seconds",
            Self::Count => "Count",
            Self::Percent => "Percent",
            Self::None => "None",
        }
    }
}

/// One value of one metric.
#[derive(Clone, Copy, Debug)]
pub struct Metric {
    pub name: &'static str,
    pub unit: Unit,
    pub value: f64,
}

impl Metric {
    pub fn new(name: &'static str, unit: Unit, value: f64) -> Self {
        Self { name, unit, value }
    }
}

/// The EMF line for `metrics` in `namespace` under one set of dimensions (names and bounded
/// values), and again with no dimension: the totals the dashboard and the alarms read.
pub fn line(namespace: &str, timestamp_ms: i64, dimensions: &[(&'static str, &str)], metrics: &[Metric]) -> String {
    let mut root = Map::new();
    for (name, value) in dimensions {
        root.insert((*name).to_owned(), Value::from(*value));
    }
    for m in metrics {
        root.insert(m.name.to_owned(), json!(if m.value.is_finite() { m.value } else { 0.0 }));
    }
    let names: Vec<&str> = dimensions.iter().map(|(name, _)| *name).collect();
    let definitions: Vec<Value> = metrics.iter().map(|m| json!({ "Name": m.name, "Unit": m.unit.as_str() })).collect();
    root.insert(
        "_aws".to_owned(),
        json!({
            "Timestamp": timestamp_ms,
            "CloudWatchMetrics": [{ "Namespace": namespace, "Dimensions": [names, []], "Metrics": definitions }]
        }),
    );
    Value::Object(root).to_string()
}

enum Sink {
    Off,
    Stdout,
    Memory(Mutex<Vec<String>>),
}

static SINK: OnceLock<Sink> = OnceLock::new();

fn sink() -> &'static Sink {
    SINK.get_or_init(|| {
        let lambda = std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some();
        let asked = std::env::var("METRICS").is_ok_and(|v| v.eq_ignore_ascii_case("emf"));
        if lambda || asked {
            Sink::Stdout
        } else {
            Sink::Off
        }
    })
}

/// Writes one observation where this process sends metrics.
pub fn emit(dimensions: &[(&'static str, &str)], metrics: &[Metric]) {
    let sink = sink();
    if matches!(sink, Sink::Off) {
        return;
    }
    // The line's own time, as a log line's: not a domain time, so not the `Clock` port's.
    let now_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    let text = line(NAMESPACE, now_ms, dimensions, metrics);
    match sink {
        Sink::Off => {}
        Sink::Stdout => println!("{text}"),
        Sink::Memory(lines) => lines.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(text),
    }
}

/// Keeps this process's metric lines in memory from now on (tests), and returns what was kept so
/// far, emptied. Call before the code under test and again after it.
pub fn capture() -> Vec<String> {
    match SINK.get_or_init(|| Sink::Memory(Mutex::new(Vec::new()))) {
        Sink::Memory(lines) => std::mem::take(&mut *lines.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
        _ => Vec::new(),
    }
}

/// A request's latency and outcome, per route and status class (`2xx`…`5xx`).
pub fn request(route: &str, status: u16, latency_ms: f64) {
    let class = match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    emit(
        &[("Route", route), ("StatusClass", class)],
        &[
            Metric::new("Latency", Unit::Milliseconds, latency_ms),
            Metric::new("Requests", Unit::Count, 1.0),
            Metric::new("ServerErrors", Unit::Count, if status >= 500 { 1.0 } else { 0.0 }),
        ],
    );
}

/// A model call's tokens and cost, per provider and model (a priced model: a bounded set).
pub fn model_call(provider: &str, model: &str, input_tokens: u64, output_tokens: u64, cost_usd: f64) {
    emit(
        &[("Provider", provider), ("Model", model)],
        &[
            Metric::new("InputTokens", Unit::Count, input_tokens as f64),
            Metric::new("OutputTokens", Unit::Count, output_tokens as f64),
            Metric::new("ModelCostUsd", Unit::None, cost_usd),
        ],
    );
}

/// Tokens the optimizer removed.
pub fn optimizer_saved(tokens_saved: u64, optimizations: u64) {
    emit(
        &[("Feature", "optimizer")],
        &[
            Metric::new("TokensSaved", Unit::Count, tokens_saved as f64),
            Metric::new("Optimizations", Unit::Count, optimizations as f64),
        ],
    );
}

/// A task leaving the queue for a worker: how long it waited, per priority. Its maximum over a
/// minute is the oldest wait of that minute.
pub fn task_started(priority: &str, waited_seconds: f64) {
    emit(&[("Priority", priority)], &[Metric::new("TaskWaitSeconds", Unit::Seconds, waited_seconds)]);
}

/// A task's final outcome (`COMPLETED`, `FAILED`, `CANCELLED`), per priority and type.
pub fn task_finished(priority: &str, task_type: &str, outcome: &str, processing_seconds: f64) {
    emit(
        &[("Priority", priority), ("TaskType", task_type), ("Outcome", outcome)],
        &[
            Metric::new("TaskOutcomes", Unit::Count, 1.0),
            Metric::new("TaskProcessingSeconds", Unit::Seconds, processing_seconds),
        ],
    );
}

/// The share of its monthly model budget a tenant has spent, after each of its calls. No tenant
/// dimension: the maximum says some tenant is near its limit; the log line names which.
pub fn budget_used(percent: f64) {
    emit(&[("Feature", "budget")], &[Metric::new("BudgetUsedPercent", Unit::Percent, percent)]);
}

/// A task found still PROCESSING past its lease (its worker died): counted as a failed attempt.
pub fn lease_expired(priority: &str) {
    emit(&[("Priority", priority)], &[Metric::new("LeaseExpired", Unit::Count, 1.0)]);
}

/// Machines running now and what they cost per hour, per cloud, as the reconciler found them.
pub fn machines_running(provider: &str, running: u64, cost_per_hour_usd: f64) {
    emit(
        &[("Provider", provider)],
        &[
            Metric::new("MachinesRunning", Unit::Count, running as f64),
            Metric::new("MachineCostPerHourUsd", Unit::None, cost_per_hour_usd),
        ],
    );
}

/// A machine's whole cost, counted when it terminates, per cloud and instance type.
pub fn machine_terminated(provider: &str, instance_type: &str, cost_usd: f64, lifetime_seconds: f64) {
    emit(
        &[("Provider", provider), ("InstanceType", instance_type)],
        &[
            Metric::new("MachineCostUsd", Unit::None, cost_usd),
            Metric::new("MachineLifetimeSeconds", Unit::Seconds, lifetime_seconds),
        ],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_declares_each_metric_with_its_unit_and_the_dimension_set() {
        let text = line(
            NAMESPACE,
            1_795_388_400_000,
            &[("Route", "GET /api/tenant"), ("StatusClass", "2xx")],
            &[
                Metric::new("Latency", Unit::Milliseconds, 12.5),
                Metric::new("Requests", Unit::Count, 1.0),
                Metric::new("Bad", Unit::Count, f64::NAN),
            ],
        );
        let v: Value = serde_json::from_str(&text).expect("one JSON object");
        let aws = &v["_aws"];
        assert_eq!(aws["Timestamp"], 1_795_388_400_000i64);
        let directive = &aws["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], NAMESPACE);
        assert_eq!(directive["Dimensions"], json!([["Route", "StatusClass"], []]));
        assert_eq!(directive["Metrics"][0], json!({ "Name": "Latency", "Unit": "Milliseconds" }));
        assert_eq!(
            (v["Route"].as_str(), v["Latency"].as_f64(), v["Bad"].as_f64()),
            (Some("GET /api/tenant"), Some(12.5), Some(0.0))
        );
        assert!(!text.contains('\n'));
    }
}
