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

/// The instance lifecycle's steps on the DynamoDB instance store and the clouds of
/// `INSTANCE_PROVIDERS` (the task functions', the reconciler's and `DELETE`'s dependencies):
/// EC2 from `Ec2Settings::from_env`, Azure from `AzureSettings::from_env` with its client secret
/// read from Secrets Manager once (`AZURE_CLIENT_SECRET_SECRET`).
#[cfg(all(feature = "dynamodb", feature = "ec2", feature = "azure", feature = "secrets"))]
pub async fn load_lifecycle() -> Result<Arc<crate::app::instances::Lifecycle>, crate::config::ConfigError> {
    use crate::adapters::azure::{AzureCompute, AzureSettings};
    use crate::adapters::ec2::{Ec2Compute, Ec2Settings};
    use crate::domain::instances::CloudProvider;

    let mut env = crate::config::EnvReader::new();
    let table = env.required("INSTANCES_TABLE");
    let providers = crate::app::instances::service::providers_from_env(&mut env);
    let aws = crate::platform::aws_config().await;
    let mut clouds = crate::app::instances::Clouds::default();
    if providers.contains(&CloudProvider::Aws) {
        let settings = Ec2Settings::from_env(&mut env);
        match Ec2Compute::new(aws.clone(), settings) {
            Ok(ec2) => clouds.aws = Some(Arc::new(ec2)),
            Err(e) => env.problem(e),
        }
    }
    if providers.contains(&CloudProvider::Azure) {
        let (variable, _) = crate::secrets::AZURE_CLIENT_SECRET;
        let secret =
            crate::secrets::read(&aws, &mut env, &[crate::secrets::AZURE_CLIENT_SECRET]).await.remove(variable);
        let settings = AzureSettings::from_env(&mut env, secret);
        match AzureCompute::new(settings) {
            Ok(azure) => clouds.azure = Some(Arc::new(azure)),
            Err(e) => env.problem(e),
        }
    }
    env.finish()?;
    let store =
        Arc::new(crate::adapters::dynamodb::DynamoInstanceStore::new(crate::adapters::dynamodb::client(&aws), table));
    Ok(Arc::new(crate::app::instances::Lifecycle {
        store,
        clouds,
        clock: Arc::new(crate::clock::SystemClock),
        settings: crate::app::instances::LifecycleSettings::default(),
    }))
}

/// Serves a Step Functions task function: the state's input in, its output back, a failure as the
/// named error (`Instance.Transient`, …) the state machine's Retry and Catch match.
pub async fn run_task<H, Fut>(handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(Value) -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Result<Value, crate::workflow::TaskError>> + Send,
{
    use lambda_http::lambda_runtime::{Diagnostic, LambdaEvent};
    lambda_http::lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let handler = handler.clone();
        async move {
            handler(event.payload).await.map_err(|e| Diagnostic { error_type: e.error, error_message: e.cause })
        }
    }))
    .await
}

/// Which models a chat service calls.
#[cfg(all(feature = "dynamodb", feature = "tokenizer"))]
enum Models {
    /// None: the functions that only read or delete conversations.
    None,
    /// The providers of the environment, keys from Secrets Manager.
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    Configured,
}

/// What every HTTP function builds once per cold start: the gateway (behind the API Gateway
/// authorizer) over the DynamoDB stores named in the environment.
#[cfg(feature = "dynamodb")]
pub struct HttpEnv {
    pub gateway: Arc<Gateway>,
    pub stores: crate::platform::Stores,
    /// The AWS configuration the stores were built from, for the function's other clients.
    pub aws: aws_config::SdkConfig,
}

#[cfg(feature = "dynamodb")]
impl HttpEnv {
    /// Fails naming every missing or invalid variable.
    pub async fn load() -> Result<Self, crate::config::ConfigError> {
        Ok(Self::load_with(|_| ()).await?.0)
    }

    /// Like `load`, also reading the function's own variables with `extra`, so that every
    /// problem, the gateway's and the function's, is reported at once.
    pub async fn load_with<T>(
        extra: impl FnOnce(&mut crate::config::EnvReader) -> T,
    ) -> Result<(Self, T), crate::config::ConfigError> {
        use crate::platform::{aws_config, settings_from_env, Tables};
        let mut env = crate::config::EnvReader::new();
        let settings = settings_from_env(&mut env);
        let tables = Tables::from_env(&mut env);
        let own = extra(&mut env);
        env.finish()?;
        let aws = aws_config().await;
        Ok((Self::assemble(settings, &tables, aws, false), own))
    }

    /// The gateway over the stores. `keys_in_function`: check API keys here (a Function URL,
    /// which has no authorizer) rather than trust API Gateway's authorizer.
    fn assemble(
        settings: crate::http::GatewaySettings,
        tables: &crate::platform::Tables,
        aws: aws_config::SdkConfig,
        keys_in_function: bool,
    ) -> Self {
        use crate::http::Authentication;
        let stores = crate::platform::Stores::dynamodb(&aws, tables);
        let authentication = if keys_in_function {
            Authentication::KeyStore(stores.api_keys.clone())
        } else {
            Authentication::LambdaAuthorizer
        };
        let gateway = Gateway::new(
            settings,
            authentication,
            stores.rate_limiter.clone(),
            stores.idempotency.clone(),
            Arc::new(crate::clock::SystemClock),
        );
        Self { gateway: Arc::new(gateway), stores, aws }
    }

    /// Like `load`, plus the chatbot's service: providers from the environment
    /// (`llm::from_env`) with their keys from Secrets Manager, the price table and
    /// `ChatSettings::from_env`, every problem reported at once. A deployment with no provider
    /// refuses to start unless `LLM_OFFLINE=true`.
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_chat(
        keys_in_function: bool,
    ) -> Result<(Self, Arc<crate::app::chat::ChatService>), crate::config::ConfigError> {
        Ok(Self::load_chat_with(keys_in_function, |_| ()).await?.0)
    }

    /// `load_chat`, also reading the function's own variables with `extra`, so that every
    /// problem is reported at once.
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_chat_with<T>(
        keys_in_function: bool,
        extra: impl FnOnce(&mut crate::config::EnvReader) -> T,
    ) -> Result<((Self, Arc<crate::app::chat::ChatService>), T), crate::config::ConfigError> {
        Self::load_chat_service(keys_in_function, Models::Configured, extra).await
    }

    /// `load`, plus the instance service of the functions that only read or update instance
    /// records (work reports): no cloud, no workflow.
    pub async fn load_instance_reader(
    ) -> Result<(Self, Arc<crate::app::instances::service::InstanceService>), crate::config::ConfigError> {
        let env = Self::load().await?;
        let service = crate::app::instances::service::InstanceService::new(
            env.stores.instances.clone(),
            crate::app::instances::Clouds::default(),
            None,
            Vec::new(),
            Arc::new(crate::clock::SystemClock),
        )
        .map_err(|e| crate::config::ConfigError(vec![e]))?;
        Ok((env, Arc::new(service)))
    }

    /// The orchestrator and the chat service it answers with: `load_chat`, plus the analysis
    /// queue's service on its SQS queues and `OrchestrationSettings::from_env`.
    #[cfg(all(feature = "sqs", feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_orchestration(
        keys_in_function: bool,
    ) -> Result<
        (Self, Arc<crate::app::chat::ChatService>, Arc<crate::app::orchestration::Orchestrator>),
        crate::config::ConfigError,
    > {
        use crate::adapters::sqs::{self, QueueUrls, SqsTaskQueue};
        use crate::app::orchestration::{OrchestrationSettings, Orchestrator};
        use crate::app::tasks::{QueueService, QueueSettings};
        let ((env, chat), (queue_settings, urls, settings)) = Self::load_chat_with(keys_in_function, |e| {
            (QueueSettings::from_env(e), QueueUrls::from_env(e), OrchestrationSettings::from_env(e))
        })
        .await?;
        let clock = Arc::new(crate::clock::SystemClock);
        let orchestrator = Arc::new(Orchestrator {
            chat: chat.clone(),
            tasks: QueueService { store: env.stores.tasks.clone(), clock: clock.clone(), settings: queue_settings },
            queue: Arc::new(SqsTaskQueue::new(sqs::client(&env.aws), urls)),
            clock,
            settings,
        });
        Ok((env, chat, orchestrator))
    }

    /// The chat service for the functions that read and delete conversations and never call a
    /// model: no provider keys are read, and its router serves no model.
    #[cfg(feature = "tokenizer")]
    pub async fn load_conversations() -> Result<(Self, Arc<crate::app::chat::ChatService>), crate::config::ConfigError>
    {
        Ok(Self::load_chat_service(false, Models::None, |_| ()).await?.0)
    }

    #[cfg(feature = "tokenizer")]
    async fn load_chat_service<T>(
        keys_in_function: bool,
        models: Models,
        extra: impl FnOnce(&mut crate::config::EnvReader) -> T,
    ) -> Result<((Self, Arc<crate::app::chat::ChatService>), T), crate::config::ConfigError> {
        use crate::platform::{aws_config, settings_from_env, Tables};
        let mut env = crate::config::EnvReader::new();
        let settings = settings_from_env(&mut env);
        let tables = Tables::from_env(&mut env);
        let aws = aws_config().await;
        let llm = match models {
            Models::None => crate::llm::Router::none(),
            #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
            Models::Configured => {
                let keys = crate::secrets::provider_keys(&aws, &mut env).await;
                crate::llm::from_env(&mut env, false, &keys)
            }
        };
        let prices = crate::pricing::PriceTable::builtin().unwrap_or_else(|e| {
            env.problem(e);
            crate::pricing::PriceTable::default()
        });
        let chat_settings = crate::app::chat::ChatSettings::from_env(&mut env, &prices);
        let own = extra(&mut env);
        env.finish()?;
        let this = Self::assemble(settings, &tables, aws, keys_in_function);
        let service = crate::app::chat::ChatService::new(
            this.stores.conversations.clone(),
            Arc::new(llm),
            Arc::new(prices),
            Arc::new(crate::clock::SystemClock),
            chat_settings,
        );
        Ok(((this, Arc::new(service)), own))
    }

    /// Like `load_with`, plus the analysis queue's service over the task tables, with its
    /// settings (`QueueSettings::from_env`) read alongside every other variable.
    pub async fn load_queue<T>(
        extra: impl FnOnce(&mut crate::config::EnvReader) -> T,
    ) -> Result<(Self, crate::app::tasks::QueueService, T), crate::config::ConfigError> {
        let (env, (settings, own)) =
            Self::load_with(|e| (crate::app::tasks::QueueSettings::from_env(e), extra(e))).await?;
        let service = crate::app::tasks::QueueService {
            store: env.stores.tasks.clone(),
            clock: Arc::new(crate::clock::SystemClock),
            settings,
        };
        Ok((env, service, own))
    }
}

/// A file of the workspace, for tests: `path` is relative to the workspace root.
///
/// The root is found from the `CARGO_MANIFEST_DIR` cargo sets when it *runs* a test, never from the
/// compile-time `env!`: cargo reuses compiled artifacts across checkouts at other paths (one shared
/// target directory for every clone), and a baked-in path would point into a clone that is gone.
#[allow(clippy::panic)]
pub fn workspace_file(path: &str) -> std::path::PathBuf {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("CARGO_MANIFEST_DIR is unset: run this through cargo"));
    let root = start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .unwrap_or_else(|| panic!("no workspace root above {}", start.display()));
    root.join(path)
}

/// Reads an API Gateway event from `events/` for a function's unit tests; `path` is relative to
/// the workspace root (`events/get-tenant/authorized.json`). Returns the route key and request.
/// Panics on a missing or malformed fixture: that is the test's failure.
#[allow(clippy::panic)]
pub fn fixture_request(path: &str) -> (String, ApiRequest) {
    let file = workspace_file(path);
    let raw = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("event fixture {path}: {e}"));
    let event =
        lambda_http::request::from_str(&raw).unwrap_or_else(|e| panic!("{path} is not an API Gateway event: {e}"));
    api_request(event)
}

/// For function unit tests: runs an `events/` fixture through a gateway as a deployed function has
/// it (behind the authorizer), on memory stores, into `handler`; returns the status and JSON body.
#[allow(clippy::panic)]
pub async fn serve_fixture<F, Fut>(fixture: &str, access: Access, handler: F) -> (http::StatusCode, Value)
where
    F: FnOnce(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let response = serve_fixture_response(fixture, access, handler).await;
    let body =
        serde_json::from_slice(&response.body).unwrap_or_else(|e| panic!("{fixture}: the answer is not JSON: {e}"));
    (response.status, body)
}

/// Like `serve_fixture`, returning the response itself (a streamed one, with its stream).
pub async fn serve_fixture_response<F, Fut>(fixture: &str, access: Access, handler: F) -> ApiResponse
where
    F: FnOnce(ApiRequest) -> Fut,
    Fut: Future<Output = Result<ApiResponse, ApiError>>,
{
    let (route, request) = fixture_request(fixture);
    memory_gateway().serve(&route, access, request, handler).await
}

fn memory_gateway() -> Gateway {
    let stores = crate::platform::Stores::memory();
    Gateway::new(
        crate::http::GatewaySettings::default(),
        crate::http::Authentication::LambdaAuthorizer,
        stores.rate_limiter,
        stores.idempotency,
        Arc::new(crate::clock::SystemClock),
    )
}

/// The task id the analysis-queue fixtures name, and their tenant.
pub const FIXTURE_TASK_ID: &str = "0193a5b0-7c1e-7d2a-9f3e-2b4c6d8e0f12";
pub const FIXTURE_TENANT: &str = "acme-health";

/// For the analysis-queue functions' unit tests: the queue service on a memory store holding one
/// CHAT_RESPONSE task of the fixtures' tenant under `FIXTURE_TASK_ID`, PENDING or (with
/// `started`) PROCESSING.
#[allow(clippy::panic)]
pub async fn fixture_queue(started: bool) -> Arc<crate::app::tasks::QueueService> {
    use crate::domain::tasks::{Priority, Task, TaskChange, TaskType};
    let service = crate::app::tasks::QueueService {
        store: Arc::new(crate::adapters::memory::MemoryTaskStore::default()),
        clock: Arc::new(crate::clock::SystemClock),
        settings: crate::app::tasks::QueueSettings::default(),
    };
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let task = Task::new(
        FIXTURE_TASK_ID.to_owned(),
        tenant.clone(),
        TaskType::ChatResponse,
        Priority::High,
        serde_json::json!({"message": "Summarize the discharge note."}),
        None,
        1_795_399_200_000,
    );
    let mut changes = vec![TaskChange::created(task.clone())];
    if started {
        let running = task.start("fixture-attempt", 1_795_399_201_000).unwrap_or_else(|e| panic!("{e}"));
        changes.push(TaskChange::between(task, running, 1_795_399_201_000));
    }
    for change in changes {
        service.store.write(&change).await.unwrap_or_else(|e| panic!("seed: {e}"));
    }
    Arc::new(service)
}

/// The conversation the chatbot fixtures name; it belongs to `FIXTURE_TENANT`.
pub const FIXTURE_CONVERSATION_ID: &str = "0193a5b0-7c1e-7d2a-9f00-0000000c0a1e";

/// For the chatbot functions' unit tests: the chat service on memory stores, answering with
/// `llm`, holding one conversation of the fixtures' tenant under `FIXTURE_CONVERSATION_ID` (one
/// question and its answer, which cost $0.000123).
#[cfg(feature = "tokenizer")]
#[allow(clippy::panic)]
pub async fn fixture_chat(
    llm: crate::llm::Router,
    settings: crate::app::chat::ChatSettings,
) -> Arc<crate::app::chat::ChatService> {
    use crate::domain::chat::{ChatRecord, Conversation, ConversationWrite, SpendChange, StoredMessage, Usage};
    use crate::domain::llm::Role;
    let store = Arc::new(crate::adapters::memory::MemoryConversationStore::default());
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let at = 1_795_399_200_000;
    let usage = Usage { prompt: 40, completion: 12, cached: 0 };
    let message = |seq: u64, role: Role, content: &str| StoredMessage {
        seq,
        id: crate::ids::new_id(),
        role,
        content: content.to_owned(),
        provider: (role == Role::Assistant).then(|| "openai".to_owned()),
        model: (role == Role::Assistant).then(|| "gpt-4o-mini".to_owned()),
        usage: (role == Role::Assistant).then_some(usage),
        cost: (role == Role::Assistant).then_some(12_300),
        incomplete: false,
        created_at_ms: at,
    };
    let messages = vec![
        message(1, Role::User, "What was the potassium on admission?"),
        message(2, Role::Assistant, "Potassium was 3.1 mmol/L (L) on admission."),
    ];
    let start = Conversation::start(tenant.clone(), FIXTURE_CONVERSATION_ID.to_owned(), &messages[0].content, at);
    let record = ChatRecord {
        spend: SpendChange { tenant, period: crate::domain::chat::spend_period(at), usage, cost: 12_300, reserved: 0 },
        conversation: Some(ConversationWrite { after: start.with(&messages, at), expected_last_seq: None, messages }),
    };
    crate::ports::ConversationStore::record(store.as_ref(), &record).await.unwrap_or_else(|e| panic!("seed: {e}"));
    Arc::new(crate::app::chat::ChatService::new(
        store,
        Arc::new(llm),
        Arc::new(crate::pricing::PriceTable::builtin().unwrap_or_else(|e| panic!("{e}"))),
        Arc::new(crate::clock::SystemClock),
        settings,
    ))
}

/// For the orchestration function's unit tests: an orchestrator answering with the offline
/// provider (`fixture_chat`) and queueing into memory; the queue is returned to look into.
#[cfg(feature = "tokenizer")]
pub async fn fixture_orchestrator(
) -> (Arc<crate::app::orchestration::Orchestrator>, Arc<crate::adapters::memory::MemoryTaskQueue>) {
    let chat = fixture_chat(
        crate::llm::Router::only(Arc::new(crate::adapters::offline_llm::OfflineLlm)),
        crate::app::chat::ChatSettings::default(),
    )
    .await;
    let queue = Arc::new(crate::adapters::memory::MemoryTaskQueue::default());
    let clock = Arc::new(crate::clock::SystemClock);
    let orchestrator = crate::app::orchestration::Orchestrator {
        chat,
        tasks: crate::app::tasks::QueueService {
            store: Arc::new(crate::adapters::memory::MemoryTaskStore::default()),
            clock: clock.clone(),
            settings: crate::app::tasks::QueueSettings::default(),
        },
        queue: queue.clone(),
        clock,
        settings: crate::app::orchestration::OrchestrationSettings::default(),
    };
    (Arc::new(orchestrator), queue)
}

/// The instance the instance fixtures name; it belongs to `FIXTURE_TENANT`.
pub const FIXTURE_INSTANCE_ID: &str = "0193a5b0-7c1e-7d2a-9f00-0000000e5c21";

/// For the instance functions' unit tests: the service on memory stores and the simulated cloud,
/// holding one g5.xlarge of the fixtures' tenant under `FIXTURE_INSTANCE_ID`, launched (so
/// CONFIGURING, with a machine running in the cloud). Returns the cloud and the starter too.
#[allow(clippy::panic)]
pub async fn fixture_instances() -> (
    Arc<crate::app::instances::service::InstanceService>,
    Arc<crate::adapters::simulated_cloud::SimulatedCloud>,
    Arc<crate::adapters::memory::MemoryWorkflowStarter>,
) {
    use crate::domain::instances::{CloudProvider, Instance, InstanceSpec};
    let clock: Arc<dyn crate::ports::Clock> = Arc::new(crate::clock::SystemClock);
    let cloud = Arc::new(crate::adapters::simulated_cloud::SimulatedCloud::new(
        clock.clone(),
        Default::default(),
        CloudProvider::Aws,
    ));
    let workflows = Arc::new(crate::adapters::memory::MemoryWorkflowStarter::default());
    let store = Arc::new(crate::adapters::memory::MemoryInstanceStore::default());
    let service = crate::app::instances::service::InstanceService::new(
        store.clone(),
        crate::app::instances::Clouds::both(cloud.clone()),
        Some(workflows.clone()),
        vec![CloudProvider::Aws, CloudProvider::Azure],
        clock.clone(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let tenant = TenantId::parse(FIXTURE_TENANT).unwrap_or_else(|e| panic!("{e}"));
    let spec = InstanceSpec {
        provider: CloudProvider::Aws,
        instance_type: "g5.xlarge".to_owned(),
        region: "us-east-1".to_owned(),
        disk_size_gb: 100,
        auto_terminate_minutes: 15,
        cost_per_hour: 1.006,
    };
    let instance = Instance::provisioning(FIXTURE_INSTANCE_ID.to_owned(), tenant.clone(), spec, clock.now_ms());
    crate::ports::InstanceStore::create(store.as_ref(), &instance).await.unwrap_or_else(|e| panic!("seed: {e}"));
    let input = serde_json::json!({ "tenantId": FIXTURE_TENANT, "instanceId": FIXTURE_INSTANCE_ID });
    service.lifecycle.provision(input).await.unwrap_or_else(|e| panic!("launch: {e}"));
    (Arc::new(service), cloud, workflows)
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
