//! The Step Functions task runner (feature `lambda`): the state's input in, the handler's output
//! back, a failure as the named error type (`Instance.Transient`, …) that the state machine's
//! Retry and Catch list literally. The scheduled functions run through it too.

use std::future::Future;

use lambda_http::lambda_runtime::{Diagnostic, LambdaEvent};
use lambda_http::service_fn;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::workflow::TaskError;

/// Serves a task function: `I` is the state's input as the ASL passes it, `O` the output the
/// ASL reads by name (the consistency test checks those names against `statemachines/`).
pub async fn run_task<I, O, H, Fut>(handler: H) -> Result<(), lambda_http::Error>
where
    I: DeserializeOwned + Send + 'static,
    O: Serialize + Send + 'static,
    H: Fn(I) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Result<O, TaskError>> + Send,
{
    lambda_http::lambda_runtime::run(service_fn(move |event: LambdaEvent<I>| {
        let handler = handler.clone();
        async move {
            handler(event.payload).await.map_err(|e| Diagnostic { error_type: e.error, error_message: e.cause })
        }
    }))
    .await
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use crate::app::instances::{CheckOutput, ExecutionInput, Phase, ProvisionOutput, TerminateOutput};

    fn keys(value: Value) -> BTreeSet<String> {
        value.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
    }

    /// Every string of the definition, keys and values, with the key it sits under.
    fn strings(value: &Value, key: &str, out: &mut Vec<(String, String)>) {
        match value {
            Value::String(s) => out.push((key.to_owned(), s.clone())),
            Value::Array(items) => items.iter().for_each(|v| strings(v, key, out)),
            Value::Object(map) => map.iter().for_each(|(k, v)| strings(v, k, out)),
            _ => {}
        }
    }

    #[test]
    fn every_field_the_lifecycle_definition_reads_is_in_the_task_contract() {
        let dir = std::env::var("CARGO_MANIFEST_DIR").expect("run through cargo");
        let path = std::path::Path::new(&dir).join("../statemachines/instance-lifecycle.asl.json");
        let asl: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("definition")).expect("JSON");
        let input = keys(
            serde_json::to_value(ExecutionInput { tenant_id: String::new(), instance_id: String::new(), error: None })
                .expect("input"),
        );
        let outputs = [
            (
                "${TaskProvisionInstanceFunctionArn}",
                keys(serde_json::json!(ProvisionOutput { machine_id: String::new() })),
            ),
            (
                "${TaskCheckInstanceFunctionArn}",
                keys(serde_json::json!(CheckOutput { phase: Phase::Stop, wait_seconds: 0 })),
            ),
            (
                "${TaskTerminateInstanceFunctionArn}",
                keys(serde_json::json!(TerminateOutput { status: String::new(), total_cost: 0.0 })),
            ),
        ];
        let mut all = Vec::new();
        strings(&asl, "", &mut all);
        let states = asl["States"].as_object().expect("States");
        let mut tasks = 0;
        for (name, state) in states.iter().filter(|(_, s)| s["Type"] == "Task") {
            tasks += 1;
            let resource = state["Resource"].as_str().unwrap_or_default();
            let (_, fields) =
                outputs.iter().find(|(r, _)| *r == resource).unwrap_or_else(|| panic!("{name}: {resource}"));
            // What the state passes in is the input contract, and carries every required field.
            let passed: BTreeSet<String> = state["Parameters"]
                .as_object()
                .map(|p| p.keys().map(|k| k.trim_end_matches(".$").to_owned()).collect())
                .unwrap_or_default();
            assert!(passed.is_subset(&input), "{name} passes {passed:?}, the input has {input:?}");
            assert!(passed.contains("tenantId") && passed.contains("instanceId"), "{name} passes {passed:?}");
            // Every `$.<result>.<field>` the definition reads is a field of the task's output.
            let result = state["ResultPath"].as_str().expect("ResultPath");
            let prefix = format!("{result}.");
            let read: BTreeSet<String> = all
                .iter()
                .filter_map(|(_, s)| s.strip_prefix(&prefix))
                .map(|rest| rest.split(['.', '[']).next().unwrap_or_default().to_owned())
                .collect();
            assert!(
                read.is_subset(fields),
                "{name}: the definition reads {read:?} of {result}, the output has {fields:?}"
            );
        }
        assert_eq!(tasks, 3, "the lifecycle's three tasks");
        let reads_check = all.iter().any(|(k, s)| k == "Variable" && s == "$.check.phase");
        assert!(reads_check, "the check above would read nothing");
    }
}
