//! The DynamoDB adapters against the AWS API emulator, on tables created exactly as
//! `template.yaml` declares them. Several adapter instances stand in for concurrent Lambda
//! instances: the conditional writes must hold between them.

use std::sync::Arc;

use shared::adapters::dynamodb::{
    self, DynamoApiKeyStore, DynamoIdempotencyStore, DynamoOptimizerStats, DynamoRateLimiter, DynamoUsageStore,
    TableProbe,
};
use shared::domain::idempotency::{Fingerprint, IdempotencyScope, RecordState, StoredResponse};
use shared::domain::optimizer::OptimizerTotals;
use shared::domain::rate_limit::{RateDecision, RatePolicy};
use shared::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
use shared::domain::usage::{DailyUsage, Day, UsageDelta};
use shared::ports::{
    ApiKeyStore, Claim, DependencyProbe, IdempotencyStore, OptimizerStatsStore, RateLimiter, UsageStore,
};
use tests::emulator;

fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).expect("valid tenant")
}

#[tokio::test]
async fn api_keys_are_found_by_hash_only() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let store = DynamoApiKeyStore::new(dynamodb::client(&config), &tables.api_keys);
    let record = ApiKeyRecord {
        hash: KeyHash::of("the-key"),
        tenant: tenant("acme"),
        label: "ci".to_owned(),
        created_at_ms: 1_700_000_000_000,
        disabled: false,
    };
    store.put(&record).await.expect("put");
    assert_eq!(store.find(&KeyHash::of("the-key")).await.expect("find"), Some(record));
    assert_eq!(store.find(&KeyHash::of("another-key")).await.expect("find"), None);

    // Only the hash is stored: no attribute holds the key.
    let items = aws_sdk_dynamodb::Client::new(&config).scan().table_name(&tables.api_keys).send().await.expect("scan");
    let dump = format!("{:?}", items.items());
    assert!(!dump.contains("the-key"), "the clear key must never be stored");
}

#[tokio::test]
async fn concurrent_limiters_never_admit_more_than_the_burst() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    // Three "Lambda instances", each with its own client, share one table.
    let limiters: Vec<Arc<DynamoRateLimiter>> =
        (0..3).map(|_| Arc::new(DynamoRateLimiter::new(dynamodb::client(&config), &tables.rate_limits))).collect();
    let policy = RatePolicy::new(0.001, 8).expect("valid");
    let now = 1_700_000_000_000;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let limiter = limiters[i % 3].clone();
        tasks.push(tokio::spawn(async move { limiter.acquire(&tenant("busy"), &policy, now).await }));
    }
    let mut admitted = 0;
    for task in tasks {
        if let RateDecision::Allowed { .. } = task.await.expect("task").expect("limiter answered") {
            admitted += 1;
        }
    }
    // Each decision is one atomic update: no race is lost, so the whole burst is admitted.
    assert_eq!(admitted, 8, "admitted {admitted} of a burst of 8");
    let usage = limiters[0].usage(&tenant("busy"), &policy, now).await.expect("usage");
    assert_eq!(usage.admitted_requests, admitted, "every admitted request was recorded exactly once");
    while let RateDecision::Allowed { .. } =
        limiters[2].acquire(&tenant("busy"), &policy, now).await.expect("limiter answered")
    {
        admitted += 1;
    }
    assert_eq!(admitted, 8, "conditional writes must not let two instances spend one token");
    assert_eq!(limiters[0].usage(&tenant("busy"), &policy, now).await.expect("usage").available, 0);
    // Another tenant has a full bucket.
    assert_eq!(limiters[1].usage(&tenant("idle"), &policy, now).await.expect("usage").available, 8);
}

/// The documented burst is reachable under concurrency: 100 requests of a fresh tenant at once,
/// from four "Lambda instances", against a burst of 60 admit exactly 60 (each told a different
/// number of tokens left) and refuse 40, each with the time until the next token.
#[tokio::test]
async fn a_burst_of_concurrent_requests_is_admitted_up_to_the_burst() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let limiters: Vec<Arc<DynamoRateLimiter>> =
        (0..4).map(|_| Arc::new(DynamoRateLimiter::new(dynamodb::client(&config), &tables.rate_limits))).collect();
    // One token per 1000 s: nothing refills while the test runs.
    let policy = RatePolicy::new(0.001, 60).expect("valid");
    let now = 1_700_000_000_000;
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let limiter = limiters[i % 4].clone();
            tokio::spawn(async move { limiter.acquire(&tenant("fresh"), &policy, now).await })
        })
        .collect();
    let mut remaining = Vec::new();
    let mut refused = Vec::new();
    for task in tasks {
        match task.await.expect("task").expect("limiter answered") {
            RateDecision::Allowed { remaining: left } => remaining.push(left),
            RateDecision::Limited { retry_after_ms } => refused.push(retry_after_ms),
        }
    }
    remaining.sort_unstable();
    assert_eq!(remaining, (0..60).collect::<Vec<u32>>(), "the whole burst is admitted, one token each");
    assert_eq!(refused, vec![1_000_000; 40], "the rest wait for the next token (1000 s at 0.001/s)");
    let usage = limiters[0].usage(&tenant("fresh"), &policy, now).await.expect("usage");
    assert_eq!((usage.available, usage.admitted_requests), (0, 60));
    // Half the interval later still nothing; a whole interval later, exactly one more token.
    let fresh = tenant("fresh");
    let later = |ms: i64| limiters[1].acquire(&fresh, &policy, now + ms);
    assert_eq!(later(500_000).await.expect("ok"), RateDecision::Limited { retry_after_ms: 500_000 });
    assert_eq!(later(1_000_000).await.expect("ok"), RateDecision::Allowed { remaining: 0 });
    assert!(matches!(later(1_000_000).await.expect("ok"), RateDecision::Limited { .. }));
}

#[tokio::test]
async fn the_bucket_refills_with_time() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let limiter = DynamoRateLimiter::new(dynamodb::client(&config), &tables.rate_limits);
    let policy = RatePolicy::new(2.0, 1).expect("valid");
    let t0 = 1_700_000_000_000;
    assert_eq!(limiter.acquire(&tenant("t"), &policy, t0).await.expect("ok"), RateDecision::Allowed { remaining: 0 });
    assert_eq!(
        limiter.acquire(&tenant("t"), &policy, t0 + 100).await.expect("ok"),
        RateDecision::Limited { retry_after_ms: 400 }
    );
    assert!(matches!(
        limiter.acquire(&tenant("t"), &policy, t0 + 500).await.expect("ok"),
        RateDecision::Allowed { .. }
    ));
}

#[tokio::test]
async fn exactly_one_concurrent_claim_of_an_idempotency_key_wins() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let scope = IdempotencyScope::new(&tenant("acme"), "order-7");
    let fingerprint = Fingerprint::of("POST", "/api/things", "", b"{}");
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let store = DynamoIdempotencyStore::new(dynamodb::client(&config), &tables.idempotency);
        let (scope, fingerprint) = (scope.clone(), fingerprint.clone());
        tasks.push(tokio::spawn(async move { store.claim(&scope, &fingerprint, 1_000, 60_000, 3_600_000).await }));
    }
    let mut claimed = 0;
    for task in tasks {
        match task.await.expect("task").expect("store answered") {
            Claim::Claimed => claimed += 1,
            Claim::Existing(record) => {
                assert_eq!(record.fingerprint, fingerprint);
                assert!(matches!(record.state, RecordState::InProgress { .. }));
            }
        }
    }
    assert_eq!(claimed, 1);
}

#[tokio::test]
async fn a_completed_record_replays_and_a_released_one_can_be_claimed_again() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let store = DynamoIdempotencyStore::new(dynamodb::client(&config), &tables.idempotency);
    let scope = IdempotencyScope::new(&tenant("acme"), "k1");
    let fp = Fingerprint::of("POST", "/api/things", "", b"{\"a\":1}");
    let other = Fingerprint::of("POST", "/api/things", "", b"{\"a\":2}");
    let response = StoredResponse {
        status: 201,
        content_type: Some("application/json".to_owned()),
        location: Some("/api/things/1".to_owned()),
        body: b"{\"id\":1}".to_vec(),
    };
    let now = 1_700_000_000_000;
    assert_eq!(store.claim(&scope, &fp, now, 60_000, 3_600_000).await.expect("claim"), Claim::Claimed);
    // A stranger's fingerprint can neither complete nor release the record.
    assert!(store.complete(&scope, &other, &response, now + 3_600_000).await.is_err());
    store.release(&scope, &other).await.expect("release is a no-op for a stranger");
    store.complete(&scope, &fp, &response, now + 3_600_000).await.expect("complete");
    match store.claim(&scope, &fp, now + 1, 60_000, 3_600_000).await.expect("claim") {
        Claim::Existing(record) => assert_eq!(record.state, RecordState::Completed(response.clone())),
        Claim::Claimed => panic!("a completed key must not be claimable"),
    }

    let scope2 = IdempotencyScope::new(&tenant("acme"), "k2");
    assert_eq!(store.claim(&scope2, &fp, now, 60_000, 3_600_000).await.expect("claim"), Claim::Claimed);
    store.release(&scope2, &fp).await.expect("release");
    assert_eq!(store.claim(&scope2, &fp, now + 1, 60_000, 3_600_000).await.expect("claim"), Claim::Claimed);
}

#[tokio::test]
async fn an_abandoned_claim_can_be_taken_over_after_its_lock_and_an_expired_record_is_ignored() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let store = DynamoIdempotencyStore::new(dynamodb::client(&config), &tables.idempotency);
    let scope = IdempotencyScope::new(&tenant("acme"), "k3");
    let fp = Fingerprint::of("POST", "/p", "", b"");
    let now = 1_700_000_000_000;
    assert_eq!(store.claim(&scope, &fp, now, 1_000, 3_600_000).await.expect("claim"), Claim::Claimed);
    assert!(matches!(store.claim(&scope, &fp, now + 999, 1_000, 3_600_000).await.expect("claim"), Claim::Existing(_)));
    assert_eq!(store.claim(&scope, &fp, now + 1_000, 1_000, 3_600_000).await.expect("claim"), Claim::Claimed);

    let done = StoredResponse { status: 200, content_type: None, location: None, body: Vec::new() };
    store.complete(&scope, &fp, &done, now + 10_000).await.expect("complete");
    // TTL deletion is lazy in DynamoDB; an expired record must not be replayed.
    assert_eq!(store.claim(&scope, &fp, now + 10_000, 1_000, 3_600_000).await.expect("claim"), Claim::Claimed);
}

#[tokio::test]
async fn table_probes_report_existing_and_missing_tables() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let up = TableProbe::new(dynamodb::client(&config), "api-keys", &tables.api_keys);
    assert_eq!(up.check().await, Ok(()));
    assert_eq!(up.kind(), "dynamodb-table");
    let down = TableProbe::new(dynamodb::client(&config), "ghost", "no-such-table");
    assert_eq!(down.check().await, Err("table not found".to_owned()));
}

#[tokio::test]
async fn concurrent_optimizer_stats_records_all_add_up() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let delta =
        OptimizerTotals { optimizations: 1, original_tokens: 1000, optimized_tokens: 650, quality_milli_sum: 912 };
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let store = DynamoOptimizerStats::new(dynamodb::client(&config), &tables.optimizer_stats);
        tasks.push(tokio::spawn(async move { store.record(&tenant("acme"), &delta).await }));
    }
    for task in tasks {
        task.await.expect("task").expect("recorded");
    }
    let store = DynamoOptimizerStats::new(dynamodb::client(&config), &tables.optimizer_stats);
    let totals = store.totals(&tenant("acme")).await.expect("totals");
    assert_eq!(
        totals,
        OptimizerTotals {
            optimizations: 20,
            original_tokens: 20_000,
            optimized_tokens: 13_000,
            quality_milli_sum: 18_240
        }
    );
    assert_eq!(store.totals(&tenant("nobody")).await.expect("totals"), OptimizerTotals::default());
}

/// The usage store's contract, on memory and on DynamoDB alike: concurrent adds to one day all
/// count, a range reads only its own days of its own tenant, and a day never counted is absent;
/// `all_days` reads every day of one tenant.
async fn usage_store_contract(stores: Vec<Arc<dyn UsageStore>>) {
    let day = |text: &str| Day::parse(text).expect("a date");
    let mut tasks = Vec::new();
    for (i, store) in stores.iter().cycle().take(20).enumerate() {
        let store = store.clone();
        let delta = UsageDelta { llm_cost: 5, gpu_cost: if i % 2 == 0 { 7 } else { 0 }, tokens_saved: 100 };
        tasks.push(tokio::spawn(async move { store.add(&tenant("acme"), day("2026-12-01"), &delta).await }));
    }
    for task in tasks {
        task.await.expect("task").expect("added");
    }
    let store = &stores[0];
    store.add(&tenant("acme"), day("2026-11-30"), &UsageDelta::llm(1)).await.expect("added");
    store.add(&tenant("acme"), day("2026-12-03"), &UsageDelta::gpu(2)).await.expect("added");
    store.add(&tenant("other"), day("2026-12-01"), &UsageDelta::gpu(1_000)).await.expect("added");

    let days = store.days(&tenant("acme"), day("2026-12-01"), day("2026-12-02")).await.expect("days");
    assert_eq!(
        days,
        [DailyUsage {
            day: day("2026-12-01"),
            totals: UsageDelta { llm_cost: 100, gpu_cost: 70, tokens_saved: 2_000 }
        }]
    );
    let all = store.days(&tenant("acme"), day("2026-11-01"), day("2026-12-31")).await.expect("days");
    let dates: Vec<String> = all.iter().map(|d| d.day.to_string()).collect();
    assert_eq!(dates, ["2026-11-30", "2026-12-01", "2026-12-03"]);
    assert!(store.days(&tenant("nobody"), day("2026-12-01"), day("2026-12-01")).await.expect("days").is_empty());

    // Every day of the tenant, however far apart (an export), oldest first, none of another's.
    store.add(&tenant("acme"), day("2019-02-28"), &UsageDelta::saved(9)).await.expect("added");
    let every: Vec<String> =
        store.all_days(&tenant("acme")).await.expect("all").iter().map(|d| d.day.to_string()).collect();
    assert_eq!(every, ["2019-02-28", "2026-11-30", "2026-12-01", "2026-12-03"]);
    assert!(store.all_days(&tenant("nobody")).await.expect("all").is_empty());
}

#[tokio::test]
async fn the_usage_store_contract_holds_in_memory() {
    let store: Arc<dyn UsageStore> = Arc::new(shared::adapters::memory::MemoryUsageStore::default());
    usage_store_contract(vec![store]).await;
}

#[tokio::test]
async fn the_usage_store_contract_holds_on_dynamodb_across_instances() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    let stores: Vec<Arc<dyn UsageStore>> = (0..4)
        .map(|_| Arc::new(DynamoUsageStore::new(dynamodb::client(&config), &tables.usage)) as Arc<dyn UsageStore>)
        .collect();
    usage_store_contract(stores).await;
}
