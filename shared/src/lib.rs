//! The common crate of the AI-analysis backend: everything the Lambda functions and the `local`
//! server share, so that a route behaves the same in both.
//!
//! # Layout
//!
//! | module | responsibility |
//! |---|---|
//! | `domain` | tenants and keys, the token bucket, idempotency rules, health reports: pure, no AWS types |
//! | `ports` | the traits the domain needs (`ApiKeyStore`, `RateLimiter`, `IdempotencyStore`, `Clock`, `DependencyProbe`, `TaskStore`, `TaskQueue`, `TaskProcessor`, `LlmProvider`, …) with their contracts and error types |
//! | `adapters::memory` | embedded stand-ins for every port, used by `local` and unit tests |
//! | `adapters::dynamodb` | DynamoDB adapters (feature `dynamodb`) |
//! | `adapters::retention` | the tenants' retention rule over every store of content (memory and DynamoDB): expired items hidden on read, TTL attributes set after writes |
//! | `adapters::ec2` | GPU machines on EC2: idempotent launch, tags, inference-server user data (feature `ec2`) |
//! | `adapters::azure` | GPU VMs on Azure Resource Manager: token, IP/NIC/VM by name, operations followed, throttling retried (feature `azure`) |
//! | `adapters::inference_server` | the boot script and health probe every rented machine shares (features `ec2`, `azure`) |
//! | `adapters::sfn` | starting the instance lifecycle's Step Functions executions (feature `sfn`) |
//! | `adapters::sqs` | the SQS task queue, message visibility and the tenant jobs queue (feature `sqs`) |
//! | `adapters::s3` | export files in S3 and their pre-signed download URLs (feature `s3`) |
//! | `adapters::offline_llm` | the offline LLM provider of `local` (feature `tokenizer`) |
//! | `adapters::upstream` | what a client is told of a failed upstream call: who and the kind of failure, never a URL, header or the upstream's words (features `openai`, `anthropic`, `ec2`, `azure`) |
//! | `http` | request/response types, query parsing, problem+json (the one conversion from `app::AppError`), Server-Sent Events (`http::sse`, `http::orchestration`, `http::chat_compat`), the `Gateway` pipeline (auth, rate limit, idempotency, CORS, headers, access log) |
//! | `runtime::http` | Lambda HTTP glue: event → `ApiRequest`, `ApiResponse` → Lambda response, buffered or streamed, and the authorizer's context (feature `lambda`) |
//! | `runtime::tasks` | the Step Functions task runner: typed state input and output, failures as named errors (feature `lambda`) |
//! | `runtime::sqs` | the SQS trigger: records → worker deliveries → partial batch failures (feature `sqs`) |
//! | `wiring::settings` | the gateway's settings from the environment |
//! | `wiring::needs`, `wiring::stores` | the stores a function declares it uses, memory or DynamoDB from their tables' variables, and their health probes |
//! | `wiring::http_env` | what each kind of function starts with: gateway, stores and services, once per cold start (features `lambda`, `dynamodb`) |
//! | `config` | typed environment reading that reports every problem at once |
//! | `test_util` | test fixtures: `events/` requests through a memory gateway, seeded services (feature `test-util`, dev-dependency only) |
//! | `domain::tasks` | analysis tasks: status transitions, the event and counter deltas of each change, retry limits, backoff with full jitter, the embedded priority queue with aging |
//! | `domain::chat` | conversations, history selection within a token budget, exact money units, monthly spend |
//! | `domain::llm` | what is said to a model and what it answers: `Role`, `ChatMessage`, `LlmRequest`, `LlmReply` |
//! | `app` | the use cases, one module per feature named as in `domain`: typed inputs, one error enum `AppError`, calls through ports; no HTTP, SQS or Step Functions types |
//! | `app::budget` | each tenant's monthly model budget: reserve a call's worst case before it, settle its actual cost after it or release it, for the chatbot and the queue's worker alike |
//! | `app::chat` | the chatbot's use cases and the OpenAI-compatible surface, by concern: settings, prepare, reserve, run, stream, record, conversations (feature `tokenizer`) |
//! | `domain::orchestration`, `app::orchestration` | how a query is routed (answer or queue), and the orchestration under one deadline, reporting its steps as it goes (feature `tokenizer`) |
//! | `app::tasks` | the analysis queue's use cases, worker and the sweep that sends tasks whose request died before sending them; task data and processors need feature `tokenizer` |
//! | `domain::instances` | GPU instances: the catalog of machine types (`data/gpu-catalog.json`), retired types refused with a replacement |
//! | `domain::optimizer` | the context optimizer: protection rules (windows, and clinical concepts from the generated vocabulary in `data/clinical-vocabulary.tsv`), strategies, quality score |
//! | `app::optimizer` | the optimizer as the API offers it: validation, batch (`service`, feature `tokenizer`), per-tenant totals and estimated savings (`stats`) |
//! | `tokenizer` | real token counts per model family (feature `tokenizer`) |
//! | `secrets` | provider keys from Secrets Manager, once per cold start (feature `secrets`) |
//! | `pricing` | the model price table (`data/model-prices.json`) and the cost of a reply |
//! | `llm` | provider routing by model family, retries with backoff and fallback within a deadline, provider configuration |
//! | `app::instances` | the instance's API use cases and the lifecycle's steps (provision, check, terminate) as the state machine calls them |
//! | `domain::tenant_data`, `app::tenant_data` | a tenant's data as a whole: the access audit trail (recorded by the `Gateway`), export, erase and re-stamp jobs (`jobs` accepts and reads them, `runner` runs them in the background: the export file, the erase through the queue's, the instances' and the GPU pool's own use cases, the TTL re-stamp), and retention (`domain::tenant_data::retention` decides what expires when; `app::tenant_data::retention` sets it) |
//! | `workflow` | named task errors and the interpreter of the ASL subset the state machines use (`local` and tests run the deployed definitions) |
//! | `adapters::simulated_cloud` | the simulated GPU clouds of `local` and the tests (EC2's or Azure's behaviour): boot delays, fault injection |
//! | `clock`, `telemetry` | time sources; JSON logging |
//! | `metrics` | CloudWatch Embedded Metric Format lines on stdout: latency and status per route, model tokens and cost, optimizer savings, queue waits and outcomes, machines; bounded dimensions, never a tenant |
//! | `domain::usage`, `app::usage` | each tenant's LLM spend, GPU spend and optimizer savings per UTC day, kept as counters where each amount is recorded, read back for `GET /api/tenant/usage` |
//!
//! # Features
//!
//! One per AWS service adapter (`dynamodb`, …) plus `lambda`, so each function links only what it
//! uses. `aws` is implied by every service feature and brings `aws-config`.

pub mod adapters;
pub mod app;
pub mod clock;
pub mod config;
pub mod domain;
pub mod hashing;
pub mod http;
pub mod ids;
pub mod llm;
pub mod metrics;
pub mod ports;
pub mod pricing;
pub mod runtime;
#[cfg(feature = "secrets")]
pub mod secrets;
pub mod telemetry;
#[cfg(feature = "test-util")]
pub mod test_util;
#[cfg(feature = "tokenizer")]
pub mod tokenizer;
pub mod wiring;
pub mod workflow;
