//! The AWS API emulator (moto's server) the adapter tests run against. `scripts/test.sh` starts it
//! on 127.0.0.1 and exports `AWS_ENDPOINT_URL`. Without that variable the tests that need it are
//! skipped, each saying so on the terminal; with it set, an emulator that does not answer fails
//! them: they never pass silently.

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_sdk_dynamodb::types::{
    AttributeDefinition, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType,
    ScalarAttributeType, TimeToLiveSpecification,
};
use serde_yaml::Value;
use shared::wiring::stores::Tables;

/// The emulator's endpoint, checked to answer; `None` (the calling test returns, skipped) when
/// `AWS_ENDPOINT_URL` is not set.
pub async fn endpoint() -> Option<String> {
    let endpoint = std::env::var("AWS_ENDPOINT_URL").unwrap_or_default();
    if endpoint.is_empty() {
        skipped();
        return None;
    }
    let probe = reqwest::Client::new().get(format!("{endpoint}/moto-api/")).send().await;
    assert!(probe.is_ok(), "the AWS API emulator at {endpoint} does not answer: {probe:?}");
    Some(endpoint)
}

/// Says which test is skipped and why. Written to the terminal's stderr directly: the harness
/// captures `eprintln!` of a passing test, and a skip must not look like a pass.
fn skipped() {
    let current = std::thread::current();
    let test = current.name().unwrap_or("an adapter test");
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: AWS_ENDPOINT_URL is not set, so there is no AWS API emulator to run against \
         (scripts/test.sh starts moto's server and sets it)"
    );
}

/// SDK configuration for the emulator: the standard chain, which reads `AWS_ENDPOINT_URL`; `None`
/// (skipped) without it.
pub async fn sdk_config() -> Option<aws_config::SdkConfig> {
    endpoint().await?;
    Some(shared::wiring::aws_config().await)
}

fn unique_suffix() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!("{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst))
}

/// Creates every DynamoDB table of `template.yaml`, with the template's own key schema and TTL,
/// under names unique to this test. Returns physical names by logical id.
pub async fn create_template_tables(config: &aws_config::SdkConfig) -> std::collections::HashMap<String, String> {
    let client = aws_sdk_dynamodb::Client::new(config);
    let template = super::template::load();
    let suffix = unique_suffix();
    let mut names = std::collections::HashMap::new();
    for (logical_id, props) in super::template::resources(&template, "AWS::DynamoDB::Table") {
        let name = format!("{logical_id}-{suffix}");
        let mut create =
            client.create_table().table_name(&name).billing_mode(aws_sdk_dynamodb::types::BillingMode::PayPerRequest);
        for def in props.get("AttributeDefinitions").and_then(Value::as_sequence).into_iter().flatten() {
            let attribute_type = match def["AttributeType"].as_str() {
                Some("N") => ScalarAttributeType::N,
                Some("B") => ScalarAttributeType::B,
                _ => ScalarAttributeType::S,
            };
            create = create.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(def["AttributeName"].as_str().unwrap_or_default())
                    .attribute_type(attribute_type)
                    .build()
                    .expect("attribute definition"),
            );
        }
        for key in key_schema(props) {
            create = create.key_schema(key);
        }
        for index in props.get("GlobalSecondaryIndexes").and_then(Value::as_sequence).into_iter().flatten() {
            let projection = match index["Projection"]["ProjectionType"].as_str() {
                Some("KEYS_ONLY") => ProjectionType::KeysOnly,
                _ => ProjectionType::All,
            };
            create = create.global_secondary_indexes(
                GlobalSecondaryIndex::builder()
                    .index_name(index["IndexName"].as_str().unwrap_or_default())
                    .set_key_schema(Some(key_schema(index.as_mapping().expect("an index is a mapping"))))
                    .projection(Projection::builder().projection_type(projection).build())
                    .build()
                    .expect("index"),
            );
        }
        create.send().await.unwrap_or_else(|e| panic!("create table {name}: {e:?}"));
        if let Some(ttl) = props.get("TimeToLiveSpecification") {
            client
                .update_time_to_live()
                .table_name(&name)
                .time_to_live_specification(
                    TimeToLiveSpecification::builder()
                        .attribute_name(ttl["AttributeName"].as_str().unwrap_or_default())
                        .enabled(true)
                        .build()
                        .expect("ttl"),
                )
                .send()
                .await
                .expect("enable TTL");
        }
        names.insert(logical_id, name);
    }
    names
}

fn key_schema(props: &serde_yaml::Mapping) -> Vec<KeySchemaElement> {
    let keys = props.get("KeySchema").and_then(Value::as_sequence).into_iter().flatten();
    keys.map(|key| {
        let key_type = if key["KeyType"].as_str() == Some("RANGE") { KeyType::Range } else { KeyType::Hash };
        KeySchemaElement::builder()
            .attribute_name(key["AttributeName"].as_str().unwrap_or_default())
            .key_type(key_type)
            .build()
            .expect("key schema")
    })
    .collect()
}

/// Every table of the template, created as the template declares them.
pub async fn tables(config: &aws_config::SdkConfig) -> Tables {
    let names = create_template_tables(config).await;
    let get = |id: &str| names.get(id).cloned().unwrap_or_else(|| panic!("template has no {id}"));
    Tables {
        api_keys: get("ApiKeysTable"),
        rate_limits: get("RateLimitsTable"),
        idempotency: get("IdempotencyTable"),
        optimizer_stats: get("OptimizerStatsTable"),
        tasks: get("TasksTable"),
        task_events: get("TaskEventsTable"),
        task_stats: get("TaskStatsTable"),
        conversations: get("ConversationsTable"),
        chat_messages: get("ChatMessagesTable"),
        chat_spend: get("ChatSpendTable"),
        instances: get("InstancesTable"),
        audit: get("AuditTable"),
        tenant_jobs: get("TenantJobsTable"),
        usage: get("UsageTable"),
        gpu_pools: get("GpuPoolsTable"),
        retention: get("RetentionTable"),
    }
}

/// The analysis queues as the template declares them (visibility timeout, retention, redrive to
/// a dead-letter queue after `maxReceiveCount`), under names unique to this test.
pub struct Queues {
    pub urls: shared::adapters::sqs::QueueUrls,
    /// Dead-letter queue URLs, URGENT first.
    pub dead_letter: [String; 4],
    pub client: aws_sdk_sqs::Client,
}

impl Queues {
    /// The ARN of a queue URL, as an SQS event names its source.
    pub async fn arn(&self, url: &str) -> String {
        queue_arn(&self.client, url).await
    }
}

async fn queue_arn(client: &aws_sdk_sqs::Client, url: &str) -> String {
    use aws_sdk_sqs::types::QueueAttributeName;
    let out = client
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::QueueArn)
        .send()
        .await
        .expect("queue attributes");
    out.attributes().and_then(|a| a.get(&QueueAttributeName::QueueArn)).cloned().expect("arn")
}

pub async fn queues(config: &aws_config::SdkConfig) -> Queues {
    use aws_sdk_sqs::types::QueueAttributeName;
    let client = aws_sdk_sqs::Client::new(config);
    let template = super::template::load();
    let suffix = unique_suffix();
    let create = |name: String, attributes: Vec<(QueueAttributeName, String)>| {
        let client = client.clone();
        async move {
            let mut req = client.create_queue().queue_name(&name);
            for (k, v) in attributes {
                req = req.attributes(k, v);
            }
            req.send().await.unwrap_or_else(|e| panic!("create queue {name}: {e:?}")).queue_url.expect("url")
        }
    };
    let mut urls = Vec::new();
    let mut dead = Vec::new();
    for level in ["Urgent", "High", "Normal", "Low"] {
        let resources = &template["Resources"];
        let props = &resources[format!("{level}Queue").as_str()]["Properties"];
        let dlq_url = create(format!("{level}-dlq-{suffix}"), Vec::new()).await;
        let dlq_arn = queue_arn(&client, &dlq_url).await;
        let redrive = serde_json::json!({
            "deadLetterTargetArn": dlq_arn,
            "maxReceiveCount": props["RedrivePolicy"]["maxReceiveCount"].as_u64().expect("maxReceiveCount"),
        });
        let attributes = vec![
            (
                QueueAttributeName::VisibilityTimeout,
                props["VisibilityTimeout"].as_u64().expect("visibility").to_string(),
            ),
            (QueueAttributeName::RedrivePolicy, redrive.to_string()),
        ];
        urls.push(create(format!("{level}-{suffix}"), attributes).await);
        dead.push(dlq_url);
    }
    let four = |v: Vec<String>| -> [String; 4] { v.try_into().expect("four queues") };
    Queues { urls: shared::adapters::sqs::QueueUrls(four(urls)), dead_letter: four(dead), client }
}
