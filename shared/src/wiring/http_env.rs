//! What each kind of function starts with (features `lambda`, `dynamodb`): the gateway over the
//! DynamoDB stores, and the services of the chat, queue, instance and orchestration functions,
//! every variable read and every problem reported at once.

use std::sync::Arc;

use crate::config::{ConfigError, EnvReader};
use crate::http::Gateway;
use crate::wiring::needs::{DeclaredStores, DeclaredTables, Needs};

/// Which models a chat service calls.
#[cfg(feature = "tokenizer")]
enum Models {
    /// None: the functions that only read or delete conversations.
    None,
    /// The providers of the environment, keys from Secrets Manager.
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    Configured,
}

/// Where a chat service keeps conversations.
#[cfg(feature = "tokenizer")]
enum ChatStore {
    /// The declared conversation store.
    Declared,
    /// An empty one in memory, for `GET /v1/models`, which lists models and reads no conversation
    /// (so it declares no conversation table and has no grant on one).
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    NoneRead,
}

/// What every HTTP function builds once per cold start: the gateway (behind the API Gateway
/// authorizer) over the DynamoDB stores its `Needs` declare, named in the environment.
pub struct HttpEnv {
    pub gateway: Arc<Gateway>,
    pub stores: DeclaredStores,
    /// The AWS configuration the stores were built from, for the function's other clients.
    pub aws: aws_config::SdkConfig,
}

impl HttpEnv {
    /// Fails naming every missing or invalid variable.
    pub async fn load(needs: Needs) -> Result<Self, ConfigError> {
        Ok(Self::load_with(needs, |_| ()).await?.0)
    }

    /// Like `load`, also reading the function's own variables with `extra`, so that every
    /// problem, the gateway's and the function's, is reported at once.
    pub async fn load_with<T>(needs: Needs, extra: impl FnOnce(&mut EnvReader) -> T) -> Result<(Self, T), ConfigError> {
        use crate::wiring::{aws_config, settings::settings_from_env};
        let mut env = EnvReader::new();
        let settings = settings_from_env(&mut env);
        let tables = DeclaredTables::from_env(&mut env, needs);
        let own = extra(&mut env);
        env.finish()?;
        let aws = aws_config().await;
        Ok((Self::assemble(settings, tables, aws, false)?, own))
    }

    /// The gateway over the stores. `keys_in_function`: check API keys here (a Function URL,
    /// which has no authorizer) rather than trust API Gateway's authorizer.
    fn assemble(
        settings: crate::http::GatewaySettings,
        tables: DeclaredTables,
        aws: aws_config::SdkConfig,
        keys_in_function: bool,
    ) -> Result<Self, ConfigError> {
        use crate::http::Authentication;
        let stores = DeclaredStores::new(&aws, tables);
        let authentication = if keys_in_function {
            Authentication::KeyStore(stores.api_keys()?)
        } else {
            Authentication::LambdaAuthorizer
        };
        let mut gateway = Gateway::new(
            settings,
            authentication,
            stores.rate_limiter(),
            stores.idempotency(),
            Arc::new(crate::clock::SystemClock),
        );
        if stores.declares(crate::wiring::needs::Store::Audit) {
            gateway = gateway.with_audit(stores.audit()?);
        }
        Ok(Self { gateway: Arc::new(gateway), stores, aws })
    }

    /// Like `load`, plus the chatbot's service: providers from the environment
    /// (`llm::from_env`) with their keys from Secrets Manager, the price table and
    /// `ChatSettings::from_env`, every problem reported at once. A deployment with no provider
    /// refuses to start unless `LLM_OFFLINE=true`.
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_chat(
        needs: Needs,
        keys_in_function: bool,
    ) -> Result<(Self, Arc<crate::app::chat::ChatService>), ConfigError> {
        Ok(Self::load_chat_with(needs, keys_in_function, |_| ()).await?.0)
    }

    /// `load_chat` for `GET /v1/models`: the configured providers and prices, and no
    /// conversation store (see `ChatStore::NoneRead`).
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_model_list(needs: Needs) -> Result<(Self, Arc<crate::app::chat::ChatService>), ConfigError> {
        Ok(Self::load_chat_service(needs, false, Models::Configured, ChatStore::NoneRead, |_| ()).await?.0)
    }

    /// `load_chat`, also reading the function's own variables with `extra`, so that every
    /// problem is reported at once.
    #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_chat_with<T>(
        needs: Needs,
        keys_in_function: bool,
        extra: impl FnOnce(&mut EnvReader) -> T,
    ) -> Result<((Self, Arc<crate::app::chat::ChatService>), T), ConfigError> {
        Self::load_chat_service(needs, keys_in_function, Models::Configured, ChatStore::Declared, extra).await
    }

    /// `load`, plus export and erase jobs (feature `s3`): `EXPORTS_BUCKET` and
    /// `EXPORT_LINK_SECONDS` (downloads), and with feature `sqs`, `TENANT_JOBS_QUEUE_URL`, where
    /// jobs are sent to run. A function without `sqs` (it only reads jobs) submits none.
    #[cfg(feature = "s3")]
    pub async fn load_tenant_jobs(
        needs: Needs,
    ) -> Result<(Self, Arc<crate::app::tenant_data::jobs::TenantJobsService>), ConfigError> {
        use crate::adapters::s3;
        use crate::ports::TenantJobQueue;
        let (env, (queue_url, bucket, link_ttl)) = Self::load_with(needs, |env| {
            #[cfg(feature = "sqs")]
            let queue_url = env.required("TENANT_JOBS_QUEUE_URL");
            #[cfg(not(feature = "sqs"))]
            let queue_url = ();
            (queue_url, env.required("EXPORTS_BUCKET"), s3::link_ttl_from_env(env))
        })
        .await?;
        let files = Arc::new(s3::S3ExportFiles::new(s3::client(&env.aws), bucket, link_ttl));
        #[cfg(feature = "sqs")]
        let queue: Arc<dyn TenantJobQueue> =
            Arc::new(crate::adapters::sqs::SqsTenantJobQueue::new(crate::adapters::sqs::client(&env.aws), queue_url));
        #[cfg(not(feature = "sqs"))]
        let queue: Arc<dyn TenantJobQueue> = {
            let () = queue_url;
            Arc::new(NoJobQueue)
        };
        let clock = Arc::new(crate::clock::SystemClock);
        let service =
            crate::app::tenant_data::jobs::TenantJobsService::new(env.stores.tenant_jobs()?, files, queue, clock);
        Ok((env, Arc::new(service)))
    }

    /// `load`, plus the retention setting's service over the declared retention store; with
    /// `jobs` (`load_tenant_jobs`'s service), changes queue their re-stamp job.
    pub fn retention(
        &self,
        jobs: Option<Arc<crate::app::tenant_data::jobs::TenantJobsService>>,
    ) -> Result<Arc<crate::app::tenant_data::retention::RetentionService>, ConfigError> {
        let service = crate::app::tenant_data::retention::RetentionService::new(self.stores.retention_rules()?);
        Ok(Arc::new(match jobs {
            Some(jobs) => service.with_restamps(jobs),
            None => service,
        }))
    }

    /// `load`, plus the instance service of the functions that only read or update instance
    /// records (work reports): no cloud, no workflow.
    pub async fn load_instance_reader(
        needs: Needs,
    ) -> Result<(Self, Arc<crate::app::instances::service::InstanceService>), ConfigError> {
        let env = Self::load(needs).await?;
        let service = crate::app::instances::service::InstanceService::new(
            env.stores.instances()?,
            crate::app::instances::Clouds::default(),
            None,
            Vec::new(),
            Arc::new(crate::clock::SystemClock),
        )
        .map_err(|e| ConfigError(vec![e]))?;
        Ok((env, Arc::new(service)))
    }

    /// The GPU pool's service (`PUT`, `GET`, `DELETE /api/gpu-pool`) on the pool and instance
    /// stores, validating as `POST /api/instances` does (`INSTANCE_PROVIDERS`), gated models
    /// allowed when `GPU_POOL_HF_TOKEN_SECRET` is set; `clouds` close machines (`DELETE` only).
    pub async fn load_gpu_pool(
        needs: Needs,
        clouds: crate::app::instances::Clouds,
    ) -> Result<(Self, Arc<crate::app::gpu_pool::GpuPoolService>), ConfigError> {
        use crate::domain::instances::CloudProvider;
        let (env, (providers, gated)) = Self::load_with(needs, |e| {
            let gated: Vec<CloudProvider> = [CloudProvider::Aws, CloudProvider::Azure]
                .into_iter()
                .filter(|cloud| e.optional(crate::adapters::hf_token_variable(*cloud)).is_some())
                .collect();
            (crate::app::instances::service::providers_from_env(e), gated)
        })
        .await?;
        let clock = Arc::new(crate::clock::SystemClock);
        let instances = crate::app::instances::service::InstanceService::new(
            env.stores.instances()?,
            clouds,
            None,
            providers,
            clock,
        )
        .map_err(|e| ConfigError(vec![e]))?;
        let service = crate::app::gpu_pool::GpuPoolService::new(env.stores.gpu_pools()?, Arc::new(instances), gated);
        Ok((env, Arc::new(service)))
    }

    /// The orchestrator and the chat service it answers with: `load_chat`, plus the analysis
    /// queue's service on its SQS queues and `OrchestrationSettings::from_env`.
    #[cfg(all(feature = "sqs", feature = "secrets", feature = "openai", feature = "anthropic"))]
    pub async fn load_orchestration(
        needs: Needs,
        keys_in_function: bool,
    ) -> Result<(Self, Arc<crate::app::chat::ChatService>, Arc<crate::app::orchestration::Orchestrator>), ConfigError>
    {
        use crate::adapters::sqs::{self, QueueUrls, SqsTaskQueue};
        use crate::app::orchestration::{OrchestrationSettings, Orchestrator};
        use crate::app::tasks::{QueueService, QueueSettings};
        let ((env, chat), (queue_settings, urls, settings)) = Self::load_chat_with(needs, keys_in_function, |e| {
            (QueueSettings::from_env(e), QueueUrls::from_env(e), OrchestrationSettings::from_env(e))
        })
        .await?;
        let tasks = QueueService::new(env.stores.tasks()?, Arc::new(crate::clock::SystemClock), queue_settings);
        let queue = Arc::new(SqsTaskQueue::new(sqs::client(&env.aws), urls));
        let orchestrator = Arc::new(Orchestrator::new(chat.clone(), tasks, queue, settings));
        Ok((env, chat, orchestrator))
    }

    /// The chat service for the functions that read and delete conversations and never call a
    /// model: no provider keys are read, and its router serves no model.
    #[cfg(feature = "tokenizer")]
    pub async fn load_conversations(needs: Needs) -> Result<(Self, Arc<crate::app::chat::ChatService>), ConfigError> {
        Ok(Self::load_chat_service(needs, false, Models::None, ChatStore::Declared, |_| ()).await?.0)
    }

    #[cfg(feature = "tokenizer")]
    async fn load_chat_service<T>(
        needs: Needs,
        keys_in_function: bool,
        models: Models,
        store: ChatStore,
        extra: impl FnOnce(&mut EnvReader) -> T,
    ) -> Result<((Self, Arc<crate::app::chat::ChatService>), T), ConfigError> {
        use crate::wiring::{aws_config, settings::settings_from_env};
        let mut env = EnvReader::new();
        let settings = settings_from_env(&mut env);
        let tables = DeclaredTables::from_env(&mut env, needs);
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
        let this = Self::assemble(settings, tables, aws, keys_in_function)?;
        let store: Arc<dyn crate::ports::ConversationStore> = match store {
            ChatStore::Declared => this.stores.conversations()?,
            #[cfg(all(feature = "secrets", feature = "openai", feature = "anthropic"))]
            ChatStore::NoneRead => Arc::new(crate::adapters::memory::MemoryConversationStore::default()),
        };
        let clock: Arc<dyn crate::ports::Clock> = Arc::new(crate::clock::SystemClock);
        let mut service =
            crate::app::chat::ChatService::new(store, Arc::new(llm), Arc::new(prices), clock.clone(), chat_settings);
        // A function that answers declares the usage store: its calls' costs are counted per day.
        if this.stores.declares(crate::wiring::needs::Store::Usage) {
            service = service.metered(crate::app::usage::UsageMeter::new(this.stores.usage()?, clock));
        }
        Ok(((this, Arc::new(service)), own))
    }

    /// Like `load_with`, plus the analysis queue's service over the task tables, with its
    /// settings (`QueueSettings::from_env`) read alongside every other variable.
    pub async fn load_queue<T>(
        needs: Needs,
        extra: impl FnOnce(&mut EnvReader) -> T,
    ) -> Result<(Self, crate::app::tasks::QueueService, T), ConfigError> {
        let (env, (settings, own)) =
            Self::load_with(needs, |e| (crate::app::tasks::QueueSettings::from_env(e), extra(e))).await?;
        let service =
            crate::app::tasks::QueueService::new(env.stores.tasks()?, Arc::new(crate::clock::SystemClock), settings);
        Ok((env, service, own))
    }
}

/// The instance lifecycle's steps on the DynamoDB instance store and the clouds of
/// `INSTANCE_PROVIDERS` (the task functions', the reconciler's and `DELETE`'s dependencies):
/// EC2 from `Ec2Settings::from_env`, its pool machines' secrets in Secrets Manager
/// (`GPU_MACHINE_SECRET_PREFIX`); Azure from `AzureSettings::from_env` with its client secret
/// read from Secrets Manager once (`AZURE_CLIENT_SECRET_SECRET`), its pool VMs' secrets in Key
/// Vault (`AZURE_KEY_VAULT_URL`).
#[cfg(all(feature = "ec2", feature = "azure", feature = "secrets"))]
pub async fn load_lifecycle(needs: Needs) -> Result<Arc<crate::app::instances::Lifecycle>, ConfigError> {
    use crate::adapters::azure::{AzureCompute, AzureSettings, KeyVaultMachineSecrets};
    use crate::adapters::ec2::{Ec2Compute, Ec2Settings};
    use crate::adapters::secretsmanager::SecretsManagerMachineSecrets;
    use crate::domain::instances::CloudProvider;

    let mut env = EnvReader::new();
    let tables = DeclaredTables::from_env(&mut env, needs);
    let providers = crate::app::instances::service::providers_from_env(&mut env);
    let aws = crate::wiring::aws_config().await;
    let mut clouds = crate::app::instances::Clouds::default();
    if providers.contains(&CloudProvider::Aws) {
        let settings = Ec2Settings::from_env(&mut env);
        match Ec2Compute::new(aws.clone(), settings) {
            Ok(ec2) => clouds.aws = Some(Arc::new(ec2)),
            Err(e) => env.problem(e),
        }
        clouds.aws_secrets = Some(Arc::new(SecretsManagerMachineSecrets::from_env(&aws, &mut env)));
    }
    if providers.contains(&CloudProvider::Azure) {
        let (variable, _) = crate::secrets::AZURE_CLIENT_SECRET;
        let secret =
            crate::secrets::read(&aws, &mut env, &[crate::secrets::AZURE_CLIENT_SECRET]).await.remove(variable);
        let settings = AzureSettings::from_env(&mut env, secret);
        match KeyVaultMachineSecrets::from_settings(&settings) {
            Ok(vault) => clouds.azure_secrets = vault.map(|v| Arc::new(v) as Arc<dyn crate::ports::MachineSecrets>),
            Err(e) => env.problem(e),
        }
        match AzureCompute::new(settings) {
            Ok(azure) => clouds.azure = Some(Arc::new(azure)),
            Err(e) => env.problem(e),
        }
    }
    env.finish()?;
    let stores = DeclaredStores::new(&aws, tables);
    let clock: Arc<dyn crate::ports::Clock> = Arc::new(crate::clock::SystemClock);
    let lifecycle = crate::app::instances::Lifecycle::new(
        stores.instances()?,
        clouds,
        clock.clone(),
        crate::app::instances::LifecycleSettings::default(),
    );
    Ok(Arc::new(lifecycle.metered(crate::app::usage::UsageMeter::new(stores.usage()?, clock))))
}

/// The job queue of a function that only reads jobs (`get-tenant-job`): it never submits one, and
/// if a new route ever made it, the request fails closed as with an unreachable queue.
#[cfg(all(feature = "s3", not(feature = "sqs")))]
struct NoJobQueue;

#[cfg(all(feature = "s3", not(feature = "sqs")))]
#[async_trait::async_trait]
impl crate::ports::TenantJobQueue for NoJobQueue {
    async fn submit(&self, _: &crate::domain::tenant::TenantId, _: &str) -> Result<(), crate::ports::StoreError> {
        Err(crate::ports::StoreError::Unavailable("this function sends no jobs".to_owned()))
    }
}
