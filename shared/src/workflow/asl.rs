//! A small interpreter of the Amazon States Language subset this project's state machines use,
//! so `local` and the tests run the very file that is deployed (`statemachines/*.asl.json`), not a
//! second hand-written copy of the flow.
//!
//! Supported: `Task` (Parameters, ResultPath, Retry, Catch), `Pass` (Result, Parameters,
//! ResultPath), `Wait` (Seconds, SecondsPath), `Choice` (StringEquals, BooleanEquals,
//! NumericEquals, NumericGreaterThanEquals, NumericLessThan, IsNull, with Default), `Succeed`,
//! `Fail`; InputPath and OutputPath; JSONPath as `$` or `$.a.b` only (the rules of
//! `statemachines/README.md`). Anything else in a definition is an error when the state runs, so a
//! definition that outgrows the subset fails its tests instead of running differently here.
//!
//! Waits sleep on tokio's clock, so tests run a lifecycle of hours in an instant with paused time.

use std::time::Duration;

use async_trait::async_trait;
use serde_json::{json, Map, Value};

use super::TaskError;

/// Runs a Task state's `Resource` (the `${…}` substitution as written in the definition).
#[async_trait]
pub trait TaskInvoker: Send + Sync {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError>;
}

/// How an execution ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Succeeded(Value),
    Failed { error: String, cause: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Execution {
    pub outcome: Outcome,
    /// Every state entered, in order (a retried Task appears once per attempt).
    pub states: Vec<String>,
}

impl Execution {
    /// State transitions, as Step Functions bills them.
    pub fn transitions(&self) -> usize {
        self.states.len()
    }
}

/// Most states one execution may enter before it is stopped as runaway.
const MAX_STEPS: usize = 100_000;

fn runtime(cause: impl Into<String>) -> TaskError {
    TaskError { error: "States.Runtime".to_owned(), cause: cause.into() }
}

/// The value at a `$`/`$.a.b` path.
fn read(value: &Value, path: &str) -> Result<Value, TaskError> {
    let rest = path.strip_prefix('$').ok_or_else(|| runtime(format!("unsupported path {path:?}")))?;
    let mut at = value;
    for key in rest.split('.').filter(|k| !k.is_empty()) {
        if key.contains('[') {
            return Err(runtime(format!("unsupported path {path:?}: no indexing")));
        }
        at = at.get(key).ok_or_else(|| runtime(format!("{path} is not in the state's input")))?;
    }
    Ok(at.clone())
}

/// `value` with `result` placed at `path` (`null` path: the result is discarded).
fn place(value: Value, path: &Value, result: Value) -> Result<Value, TaskError> {
    let path = match path {
        Value::Null => return Ok(value),
        Value::String(p) => p.as_str(),
        other => return Err(runtime(format!("bad ResultPath {other}"))),
    };
    let rest = path.strip_prefix('$').ok_or_else(|| runtime(format!("unsupported ResultPath {path:?}")))?;
    let keys: Vec<&str> = rest.split('.').filter(|k| !k.is_empty()).collect();
    Ok(place_at(value, &keys, result))
}

/// `target` with `result` at `keys`, objects created on the way (a non-object is replaced).
fn place_at(target: Value, keys: &[&str], result: Value) -> Value {
    match keys.split_first() {
        None => result,
        Some((key, rest)) => {
            let mut object = match target {
                Value::Object(object) => object,
                _ => Map::new(),
            };
            let child = object.remove(*key).unwrap_or(Value::Null);
            object.insert((*key).to_owned(), place_at(child, rest, result));
            Value::Object(object)
        }
    }
}

/// A `Parameters` template applied to `input`: keys ending in `.$` take the value at their path.
fn parameters(template: &Value, input: &Value) -> Result<Value, TaskError> {
    match template {
        Value::Object(fields) => {
            let mut out = Map::new();
            for (key, value) in fields {
                match (key.strip_suffix(".$"), value) {
                    (Some(name), Value::String(path)) => {
                        out.insert(name.to_owned(), read(input, path)?);
                    }
                    (Some(_), other) => return Err(runtime(format!("{key} must name a path, not {other}"))),
                    (None, nested) => {
                        out.insert(key.clone(), parameters(nested, input)?);
                    }
                }
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

fn str_field<'a>(state: &'a Value, name: &str) -> Option<&'a str> {
    state.get(name).and_then(Value::as_str)
}

/// Whether a Retry or Catch rule's `ErrorEquals` covers `error`.
fn matches(rule: &Value, error: &str) -> bool {
    rule["ErrorEquals"].as_array().is_some_and(|names| {
        names
            .iter()
            .filter_map(Value::as_str)
            .any(|n| n == error || n == "States.ALL" || (n == "States.TaskFailed" && !error.starts_with("States.")))
    })
}

fn choose(rule: &Value, input: &Value) -> Result<bool, TaskError> {
    let variable = str_field(rule, "Variable").ok_or_else(|| runtime("a Choice rule without Variable"))?;
    let value = read(input, variable);
    if let Some(expected) = rule.get("IsNull").and_then(Value::as_bool) {
        return Ok(value.map(|v| v.is_null()).unwrap_or(false) == expected);
    }
    let value = value?;
    let number = |name: &str| rule.get(name).and_then(Value::as_f64).zip(value.as_f64());
    if let Some(expected) = rule.get("StringEquals") {
        Ok(value == *expected)
    } else if let Some(expected) = rule.get("BooleanEquals") {
        Ok(value == *expected)
    } else if let Some((bound, v)) = number("NumericEquals") {
        Ok(v == bound)
    } else if let Some((bound, v)) = number("NumericGreaterThanEquals") {
        Ok(v >= bound)
    } else if let Some((bound, v)) = number("NumericLessThan") {
        Ok(v < bound)
    } else {
        Err(runtime(format!("unsupported Choice rule {rule}")))
    }
}

/// Runs a Task with its Retry rules; the error left when they are spent.
async fn task(
    state: &Value,
    input: Value,
    invoker: &dyn TaskInvoker,
    states: &mut Vec<String>,
    name: &str,
) -> Result<Value, TaskError> {
    let resource = str_field(state, "Resource").ok_or_else(|| runtime(format!("{name} has no Resource")))?;
    let mut attempts: Vec<u32> = vec![0; state["Retry"].as_array().map_or(0, Vec::len)];
    loop {
        let error = match invoker.invoke(resource, input.clone()).await {
            Ok(output) => return Ok(output),
            Err(error) => error,
        };
        let retriers = state["Retry"].as_array().cloned().unwrap_or_default();
        let Some((i, rule)) = retriers.iter().enumerate().find(|(_, r)| matches(r, &error.error)) else {
            return Err(error);
        };
        let max = rule["MaxAttempts"].as_u64().unwrap_or(3) as u32;
        if attempts[i] >= max {
            return Err(error);
        }
        let interval = rule["IntervalSeconds"].as_f64().unwrap_or(1.0);
        let backoff = rule["BackoffRate"].as_f64().unwrap_or(2.0);
        let wait = interval * backoff.powi(attempts[i] as i32);
        attempts[i] += 1;
        tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        states.push(name.to_owned());
    }
}

/// Runs `definition` on `input` to its end.
pub async fn run(definition: &Value, input: Value, invoker: &dyn TaskInvoker) -> Execution {
    let mut states = Vec::new();
    let outcome = match execute(definition, input, invoker, &mut states).await {
        Ok(outcome) => outcome,
        Err(error) => Outcome::Failed { error: error.error, cause: error.cause },
    };
    Execution { outcome, states }
}

async fn execute(
    definition: &Value,
    mut data: Value,
    invoker: &dyn TaskInvoker,
    states: &mut Vec<String>,
) -> Result<Outcome, TaskError> {
    let mut current = str_field(definition, "StartAt").ok_or_else(|| runtime("no StartAt"))?.to_owned();
    loop {
        if states.len() >= MAX_STEPS {
            return Err(runtime("the execution did not end"));
        }
        let state = definition["States"].get(&current).ok_or_else(|| runtime(format!("no state {current}")))?;
        states.push(current.clone());
        let raw = data.clone();
        let input = match state.get("InputPath") {
            Some(Value::String(path)) => read(&raw, path)?,
            _ => raw.clone(),
        };
        let kind = str_field(state, "Type").unwrap_or_default();
        let result = match kind {
            "Pass" => Ok(match (state.get("Result"), state.get("Parameters")) {
                (Some(result), _) => result.clone(),
                (None, Some(template)) => parameters(template, &input)?,
                (None, None) => input.clone(),
            }),
            "Task" => {
                let effective = match state.get("Parameters") {
                    Some(template) => parameters(template, &input)?,
                    None => input.clone(),
                };
                task(state, effective, invoker, states, &current).await
            }
            "Wait" => {
                let seconds = match (state.get("Seconds"), str_field(state, "SecondsPath")) {
                    (Some(s), _) => s.as_f64(),
                    (None, Some(path)) => read(&input, path)?.as_f64(),
                    (None, None) => None,
                }
                .filter(|s| *s >= 0.0)
                .ok_or_else(|| runtime(format!("{current}: no valid wait")))?;
                tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
                Ok(input.clone())
            }
            "Choice" => {
                let rules = state["Choices"].as_array().cloned().unwrap_or_default();
                let mut next = None;
                for rule in &rules {
                    if choose(rule, &input)? {
                        next = str_field(rule, "Next").map(str::to_owned);
                        break;
                    }
                }
                let next = next
                    .or_else(|| str_field(state, "Default").map(str::to_owned))
                    .ok_or_else(|| TaskError { error: "States.NoChoiceMatched".to_owned(), cause: current.clone() })?;
                current = next;
                data = input;
                continue;
            }
            "Succeed" => return Ok(Outcome::Succeeded(input)),
            "Fail" => {
                return Ok(Outcome::Failed {
                    error: str_field(state, "Error").unwrap_or("States.Fail").to_owned(),
                    cause: str_field(state, "Cause").unwrap_or_default().to_owned(),
                })
            }
            other => return Err(runtime(format!("{current}: unsupported state type {other:?}"))),
        };
        match result {
            Ok(result) => {
                let placed = place(raw, state.get("ResultPath").unwrap_or(&json!("$")), result)?;
                data = match state.get("OutputPath") {
                    Some(Value::String(path)) => read(&placed, path)?,
                    _ => placed,
                };
            }
            Err(error) => {
                let catchers = state["Catch"].as_array().cloned().unwrap_or_default();
                let Some(catcher) = catchers.iter().find(|c| matches(c, &error.error)) else {
                    return Err(error);
                };
                let caught = json!({ "Error": error.error, "Cause": error.cause });
                data = place(raw, catcher.get("ResultPath").unwrap_or(&json!("$")), caught)?;
                current = str_field(catcher, "Next").ok_or_else(|| runtime("a Catch without Next"))?.to_owned();
                continue;
            }
        }
        if state.get("End").and_then(Value::as_bool) == Some(true) {
            return Ok(Outcome::Succeeded(data));
        }
        current = str_field(state, "Next").ok_or_else(|| runtime(format!("{current} has no Next")))?.to_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Answers each resource from a script of results, recording the inputs.
    struct Script(Mutex<Vec<(String, Result<Value, TaskError>)>>, Mutex<Vec<Value>>);

    #[async_trait]
    impl TaskInvoker for Script {
        async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
            self.1.lock().expect("lock").push(input);
            let mut script = self.0.lock().expect("lock");
            let i = script.iter().position(|(r, _)| r == resource).expect("a scripted reply");
            script.remove(i).1
        }
    }

    fn err(name: &str) -> Result<Value, TaskError> {
        Err(TaskError { error: name.to_owned(), cause: "scripted".to_owned() })
    }

    #[tokio::test(start_paused = true)]
    async fn retries_then_catches_into_the_error_path_with_paths_applied() {
        let definition = json!({
            "StartAt": "Init",
            "States": {
                "Init": { "Type": "Pass", "Result": null, "ResultPath": "$.error", "Next": "Work" },
                "Work": {
                    "Type": "Task", "Resource": "${Work}",
                    "Parameters": { "id.$": "$.id", "fixed": 1 },
                    "ResultPath": "$.work",
                    "Retry": [{ "ErrorEquals": ["X.Transient"], "IntervalSeconds": 2, "MaxAttempts": 2, "BackoffRate": 2 }],
                    "Catch": [{ "ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Route" }],
                    "Next": "Route"
                },
                "Route": { "Type": "Choice",
                           "Choices": [{ "Variable": "$.error", "IsNull": false, "Next": "Broke" }],
                           "Default": "Wait" },
                "Wait": { "Type": "Wait", "SecondsPath": "$.work.wait", "Next": "Done" },
                "Done": { "Type": "Succeed" },
                "Broke": { "Type": "Fail", "Error": "Flow.Failed" }
            }
        });
        let ok = Script(
            Mutex::new(vec![("${Work}".into(), err("X.Transient")), ("${Work}".into(), Ok(json!({ "wait": 30 })))]),
            Mutex::default(),
        );
        let started = tokio::time::Instant::now();
        let run1 = run(&definition, json!({ "id": "a" }), &ok).await;
        let Outcome::Succeeded(out) = &run1.outcome else { panic!("{run1:?}") };
        assert_eq!(out["work"]["wait"], 30);
        assert_eq!(ok.1.lock().expect("lock")[0], json!({ "id": "a", "fixed": 1 }));
        assert_eq!(run1.states, ["Init", "Work", "Work", "Route", "Wait", "Done"]);
        assert_eq!(started.elapsed(), Duration::from_secs(32), "2 s backoff then the 30 s wait");

        let failing = Script(
            Mutex::new(vec![
                ("${Work}".into(), err("X.Transient")),
                ("${Work}".into(), err("X.Transient")),
                ("${Work}".into(), err("X.Transient")),
            ]),
            Mutex::default(),
        );
        let run2 = run(&definition, json!({ "id": "b" }), &failing).await;
        assert_eq!(run2.outcome, Outcome::Failed { error: "Flow.Failed".to_owned(), cause: String::new() });
        assert_eq!(run2.states.iter().filter(|s| *s == "Work").count(), 3, "one try and two retries");
    }

    #[tokio::test]
    async fn what_the_subset_lacks_fails_loudly() {
        let definition = json!({ "StartAt": "P", "States": { "P": { "Type": "Parallel", "End": true } } });
        let none = Script(Mutex::default(), Mutex::default());
        let execution = run(&definition, json!({}), &none).await;
        assert!(matches!(execution.outcome, Outcome::Failed { ref error, .. } if error == "States.Runtime"));
        let indexed =
            json!({ "StartAt": "P", "States": { "P": { "Type": "Pass", "InputPath": "$.list[0]", "End": true } } });
        assert!(matches!(run(&indexed, json!({ "list": [1] }), &none).await.outcome, Outcome::Failed { .. }));
    }
}
