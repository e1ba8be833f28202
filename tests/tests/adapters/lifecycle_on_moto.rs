//! The deployed lifecycle definition (`statemachines/instance-lifecycle.asl.json`) run by a second,
//! independent ASL implementation: moto's Step Functions in execute mode, started through the
//! product's own `SfnWorkflowStarter`.
//!
//! Each scenario first runs in the product's interpreter with the real task code (the memory
//! store and the simulated cloud), recording what every task was given and answered. moto's Lambda
//! tasks cannot run that code, so the recorded answers are queued as its Lambda replies (with
//! waits shortened to 0 s, as moto waits real seconds). Both must then walk the same states,
//! hand each task the same input, and end the same way: the definition means the same thing to
//! Step Functions as to `local`.
//!
//! Failures: moto's Lambda stand-in cannot answer with a function error of our naming, but it
//! fails any reply above Lambda's 6 MB payload limit with `Function.ResponseSizeTooLarge`. A
//! queued oversize reply therefore fails a chosen task in moto, and the interpreter's task fails
//! with the same error there: at Provision, at Check while configuring, at Check while ready, and
//! at Terminate itself. Every path but the last reaches Terminate, and the last ends
//! `Instance.TerminateFailed` for the reconciler. The named errors (`Instance.Transient` retried,
//! `Instance.Capacity` caught) run in the interpreter alone, in `shared/tests/instance_lifecycle.rs`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_sfn::types::HistoryEventType;
use serde_json::{json, Value};
use shared::adapters::memory::MemoryInstanceStore;
use shared::adapters::sfn::SfnWorkflowStarter;
use shared::adapters::simulated_cloud::{SimulatedCloud, SimulationSettings};
use shared::app::instances::{Clouds, Lifecycle, LifecycleSettings, LifecycleTasks};
use shared::clock::TokioClock;
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec};
use shared::domain::tenant::TenantId;
use shared::ports::{Clock, InstanceStore, WorkflowStarter};
use shared::workflow::asl::{self, Execution, Outcome, TaskInvoker};
use shared::workflow::TaskError;

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

/// One task call: the definition's resource, its input and its answer.
type Call = (String, Value, Value);

/// What moto's Lambda answers a reply above the payload limit with: the error and its cause.
const OVERSIZE_ERROR: &str = "Function.ResponseSizeTooLarge";

fn oversize_cause() -> String {
    json!({
        "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        "errorType": OVERSIZE_ERROR
    })
    .to_string()
}

#[derive(Clone, Copy, Debug)]
enum Scenario {
    /// Serves, then idles out.
    IdleOut,
    /// A DELETE two minutes in, while the execution waits.
    DeleteWhileReady,
    /// The task call of this index fails with `OVERSIZE_ERROR`.
    FailAt(usize),
}

/// The lifecycle's tasks, with every call recorded (a failed one with a `Null` answer).
struct Recording {
    tasks: LifecycleTasks,
    fail_at: Option<usize>,
    calls: Mutex<Vec<Call>>,
}

#[async_trait::async_trait]
impl TaskInvoker for Recording {
    async fn invoke(&self, resource: &str, input: Value) -> Result<Value, TaskError> {
        let index = self.calls.lock().expect("calls").len();
        if self.fail_at == Some(index) {
            self.calls.lock().expect("calls").push((resource.to_owned(), input, Value::Null));
            return Err(TaskError::new(OVERSIZE_ERROR, oversize_cause()));
        }
        let output = self.tasks.invoke(resource, input.clone()).await?;
        self.calls.lock().expect("calls").push((resource.to_owned(), input, output.clone()));
        Ok(output)
    }
}

/// The Lambda ARN moto is given for a definition's `${…FunctionArn}` substitution.
fn lambda_arn(substitution: &str) -> String {
    let name = substitution.trim_start_matches("${").trim_end_matches('}');
    format!("arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
}

/// Runs a scenario in the product's interpreter on paused time: its states, outcome and calls.
async fn interpreted(scenario: Scenario) -> (Execution, Vec<Call>, Value) {
    tokio::time::pause();
    let clock = Arc::new(TokioClock::new());
    let store = Arc::new(MemoryInstanceStore::default());
    let settings = SimulationSettings { boot: Duration::from_secs(20), configure: Some(Duration::from_secs(20)) };
    let cloud = Arc::new(SimulatedCloud::new(clock.clone(), settings, CloudProvider::Aws));
    let lifecycle = Arc::new(Lifecycle::new(
        store.clone(),
        Clouds { aws: Some(cloud), ..Clouds::default() },
        clock.clone(),
        LifecycleSettings::default(),
    ));
    let tenant = TenantId::parse("acme-health").expect("tenant");
    let spec = InstanceSpec {
        provider: CloudProvider::Aws,
        instance_type: "g5.xlarge".to_owned(),
        region: REGION.to_owned(),
        disk_size_gb: 100,
        auto_terminate_minutes: 5,
        cost_per_hour: 1.006,
    };
    let instance = Instance::provisioning(shared::ids::new_id(), tenant.clone(), spec, clock.now_ms());
    store.create(&instance).await.expect("created");
    let input = json!({ "tenantId": tenant.as_str(), "instanceId": instance.id });
    let fail_at = match scenario {
        Scenario::FailAt(index) => Some(index),
        _ => None,
    };
    let recording = Arc::new(Recording { tasks: LifecycleTasks(lifecycle.clone()), fail_at, calls: Mutex::default() });
    let definition: Value = serde_json::from_str(shared::app::instances::DEFINITION).expect("definition");
    let run = {
        let (recording, input) = (recording.clone(), input.clone());
        tokio::spawn(async move { asl::run(&definition, input, recording.as_ref()).await })
    };
    if let Scenario::DeleteWhileReady = scenario {
        // The waiting execution finds the record final at its next check and ends.
        tokio::time::sleep(Duration::from_secs(120)).await;
        lifecycle.close(&tenant, &instance.id, shared::app::instances::Closer::Tenant, None).await.expect("closed");
    }
    let execution = run.await.expect("the execution ends");
    tokio::time::resume();
    let calls = recording.calls.lock().expect("calls").clone();
    (execution, calls, input)
}

async fn moto_post(endpoint: &str, path: &str, body: Value) {
    let response = reqwest::Client::new().post(format!("{endpoint}{path}")).json(&body).send().await.expect("moto");
    assert!(response.status().is_success(), "{path}: {}", response.status());
}

/// The states moto's execution entered, the inputs its Lambda tasks were scheduled with, and how
/// it ended.
async fn moto_run(
    client: &aws_sdk_sfn::Client,
    execution_arn: &str,
) -> (Vec<String>, Vec<(String, Value)>, aws_sdk_sfn::types::ExecutionStatus, Option<String>) {
    let mut described = None;
    for _ in 0..100 {
        let d = client.describe_execution().execution_arn(execution_arn).send().await.expect("described");
        if d.status() != &aws_sdk_sfn::types::ExecutionStatus::Running {
            described = Some(d);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let described = described.expect("moto's execution ended within 10 s");
    let history = client.get_execution_history().execution_arn(execution_arn).send().await.expect("history");
    let mut states = Vec::new();
    let mut scheduled = Vec::new();
    for event in history.events() {
        if let Some(entered) = event.state_entered_event_details() {
            states.push(entered.name().to_owned());
        }
        if event.r#type() == &HistoryEventType::LambdaFunctionScheduled {
            let details = event.lambda_function_scheduled_event_details().expect("details");
            let input = serde_json::from_str(details.input().unwrap_or("null")).expect("JSON input");
            scheduled.push((details.resource().to_owned(), input));
        }
    }
    (states, scheduled, described.status().clone(), described.error().map(str::to_owned))
}

#[tokio::test]
async fn step_functions_walks_the_deployed_definition_as_the_interpreter_does() {
    let Some(config) = tests::emulator::sdk_config().await else { return };
    let Some(endpoint) = tests::emulator::endpoint().await else { return };
    // Executions really run; Lambda tasks answer from the queued replies (no Docker).
    let config_body = json!({ "stepfunctions": { "execute_state_machine": true }, "lambda": { "use_docker": false } });
    moto_post(&endpoint, "/moto-api/config", config_body).await;
    let client = aws_sdk_sfn::Client::new(&config);
    let mut definition = shared::app::instances::DEFINITION.to_owned();
    for task in ["TaskProvisionInstanceFunctionArn", "TaskCheckInstanceFunctionArn", "TaskTerminateInstanceFunctionArn"]
    {
        let substitution = format!("${{{task}}}");
        definition = definition.replace(&substitution, &lambda_arn(&substitution));
    }
    let machine = client
        .create_state_machine()
        .name(format!("instance-lifecycle-{}", std::process::id()))
        .definition(definition)
        .role_arn(format!("arn:aws:iam::{ACCOUNT}:role/instance-lifecycle"))
        .send()
        .await
        .expect("state machine created");
    let starter = SfnWorkflowStarter::new(&config, machine.state_machine_arn());

    // A normal lifecycle's task calls: 0 Provision, 1-3 Check while configuring, 4 the Check that
    // finds it serving, 5 the Check after its idle wait, 6 Terminate.
    let scenarios = [
        Scenario::IdleOut,
        Scenario::DeleteWhileReady,
        Scenario::FailAt(0),
        Scenario::FailAt(1),
        Scenario::FailAt(5),
        Scenario::FailAt(6),
    ];
    for scenario in scenarios {
        let (execution, calls, input) = interpreted(scenario).await;
        assert!(calls.iter().any(|(resource, _, _)| resource.contains("Terminate")), "{scenario:?}: Terminate reached");
        let replies: Vec<String> = calls
            .iter()
            .map(|(_, _, output)| match output {
                // Above Lambda's payload limit: moto fails the task with OVERSIZE_ERROR.
                Value::Null => json!({ "pad": "x".repeat(6_100_000) }).to_string(),
                reply if reply.get("waitSeconds").is_some() => {
                    let mut reply = reply.clone();
                    reply["waitSeconds"] = json!(0);
                    reply.to_string()
                }
                reply => reply.to_string(),
            })
            .collect();
        moto_post(
            &endpoint,
            "/moto-api/static/lambda-simple/response",
            json!({ "results": replies, "region": REGION, "account_id": ACCOUNT }),
        )
        .await;

        let name = input["instanceId"].as_str().expect("id").to_owned();
        starter.start(&name, input.clone()).await.expect("started");
        starter.start(&name, input.clone()).await.expect("a second start of the same execution is a success");
        let execution_arn = machine.state_machine_arn().replace(":stateMachine:", ":execution:") + ":" + &name;
        let (states, scheduled, status, error) = moto_run(&client, &execution_arn).await;

        assert_eq!(states, execution.states, "{scenario:?}: the same states, in order");
        let expected: Vec<(String, Value)> =
            calls.iter().map(|(resource, input, _)| (lambda_arn(resource), input.clone())).collect();
        assert_eq!(scheduled, expected, "{scenario:?}: each task given the same input");
        let interpreted_end = match &execution.outcome {
            Outcome::Succeeded(_) => (aws_sdk_sfn::types::ExecutionStatus::Succeeded, None),
            Outcome::Failed { error, .. } => (aws_sdk_sfn::types::ExecutionStatus::Failed, Some(error.clone())),
        };
        assert_eq!((status, error), interpreted_end, "{scenario:?}: the same end");
        let listed =
            client.list_executions().state_machine_arn(machine.state_machine_arn()).send().await.expect("list");
        assert_eq!(listed.executions().iter().filter(|e| e.name() == name).count(), 1, "started once");
    }
}
