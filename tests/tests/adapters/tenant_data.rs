//! The tenant-data stores' contracts on the memory stores and on moto (DynamoDB, S3): the audit
//! trail's pages and expiry, job writes guarded by version, the erase's deletes (an active
//! instance refused, idempotency records of one tenant only), the key table's tenant scan, and
//! export files in S3 behind a pre-signed URL. The whole export and erase run on DynamoDB in
//! `tests/tests/product/tenant_data_http.rs`.

use std::sync::Arc;
use std::time::Duration;

use shared::adapters::s3::S3ExportFiles;
use shared::domain::idempotency::{Fingerprint, IdempotencyScope};
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec};
use shared::domain::tenant::{ApiKeyRecord, KeyHash, TenantId};
use shared::domain::tenant_data::audit::{AuditRecord, AUDIT_RETENTION_DAYS, DAY_MS};
use shared::domain::tenant_data::jobs::{JobKind, TenantJob};
use shared::ids::new_id;
use shared::ports::{ExportFiles, StoreError};
use shared::wiring::stores::Stores;
use tests::emulator;

fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).expect("valid")
}

async fn contract(stores: Stores) {
    let (a, b) = (tenant("clinic-a"), tenant("clinic-b"));

    // The audit trail: newest first from `since`, in pages, expired records gone (a second apart:
    // DynamoDB's TTL attribute counts seconds).
    for i in 0..5 {
        let record = AuditRecord::new(10_000 + i * 1_000, &format!("r{i}"), None, "GET /api/tenant", None, 200);
        stores.audit.append(&a, &record).await.expect("append");
    }
    stores.audit.append(&b, &AuditRecord::new(13_000, "other", None, "GET /api/tenant", None, 200)).await.expect("b");
    let mut ids = Vec::new();
    let mut before = None;
    loop {
        let page = stores.audit.list(&a, 11_000, before.as_deref(), 2, 20_000).await.expect("list");
        ids.extend(page.records.iter().map(|r| r.request_id.clone()));
        match page.next_before {
            Some(next) => before = Some(next),
            None => break,
        }
    }
    assert_eq!(ids, ["r4", "r3", "r2", "r1"]);
    let r1 = shared::domain::tenant_data::audit::sort_key(11_000, "r1");
    let reversed = stores.audit.list(&a, 13_000, Some(&r1), 10, 20_000).await.expect("a cursor before since");
    assert!(reversed.records.is_empty());
    let later = 12_000 + AUDIT_RETENTION_DAYS * DAY_MS;
    let kept = stores.audit.list(&a, 0, None, 10, later).await.expect("list");
    assert_eq!(kept.records.len(), 2, "r0..r2 expired at their 400th day");

    // Jobs: a change only over the version it was made from.
    let job = TenantJob::new(new_id(), a.clone(), JobKind::Export, false, 1);
    stores.tenant_jobs.create(&job).await.expect("create");
    assert!(matches!(stores.tenant_jobs.create(&job).await, Err(StoreError::Conflict)));
    let running = job.start(2).expect("start");
    stores.tenant_jobs.update(&job, &running).await.expect("update");
    assert!(matches!(stores.tenant_jobs.update(&job, &running).await, Err(StoreError::Conflict)), "stale version");
    assert_eq!(stores.tenant_jobs.get(&a, &job.id).await.expect("get"), Some(running.clone()));
    assert_eq!(stores.tenant_jobs.get(&b, &job.id).await.expect("get"), None, "another tenant's id");
    assert_eq!(stores.tenant_jobs.of_tenant(&a).await.expect("of tenant").len(), 1);
    stores.tenant_jobs.delete(&a, &job.id).await.expect("delete");
    assert!(stores.tenant_jobs.of_tenant(&a).await.expect("of tenant").is_empty());

    // Instances: an active record is never deleted; a final one is.
    let spec = InstanceSpec {
        provider: CloudProvider::Aws,
        instance_type: "g5.xlarge".to_owned(),
        region: "us-east-1".to_owned(),
        disk_size_gb: 100,
        auto_terminate_minutes: 30,
        cost_per_hour: 1.006,
    };
    let instance = Instance::provisioning(new_id(), a.clone(), spec, 1);
    stores.instances.create(&instance).await.expect("create");
    assert!(matches!(stores.instances.delete(&a, &instance.id).await, Err(StoreError::Conflict)));
    let failed = Instance {
        status: shared::domain::instances::InstanceStatus::Failed,
        version: instance.version + 1,
        ..instance.clone()
    };
    stores.instances.update(&instance, &failed).await.expect("fail it");
    stores.instances.delete(&a, &instance.id).await.expect("a final record goes");
    assert_eq!(stores.instances.get(&a, &instance.id).await.expect("get"), None);

    // Idempotency records of one tenant only; the key table's scan finds the tenant's keys.
    let fingerprint = Fingerprint::of("POST", "/p", "", b"{}");
    for (t, key) in [(&a, "k1"), (&a, "k2"), (&b, "k1")] {
        stores.idempotency.claim(&IdempotencyScope::new(t, key), &fingerprint, 0, 1_000, 60_000).await.expect("claim");
    }
    assert_eq!(stores.idempotency.delete_tenant(&a).await.expect("delete"), 2);
    let b_claim = stores.idempotency.claim(&IdempotencyScope::new(&b, "k1"), &fingerprint, 1, 1_000, 60_000).await;
    assert!(matches!(b_claim, Ok(shared::ports::Claim::Existing(_))), "B's record is still there");
    for (t, key) in [(&a, "key-a1"), (&a, "key-a2"), (&b, "key-b")] {
        let record = ApiKeyRecord {
            hash: KeyHash::of(key),
            tenant: t.clone(),
            label: key.to_owned(),
            created_at_ms: 0,
            disabled: false,
        };
        stores.api_keys.put(&record).await.expect("put");
    }
    let mut labels: Vec<String> =
        stores.api_keys.of_tenant(&a).await.expect("keys").into_iter().map(|k| k.label).collect();
    labels.sort();
    assert_eq!(labels, ["key-a1", "key-a2"]);
}

#[tokio::test]
async fn the_tenant_data_contract_holds_on_memory() {
    contract(Stores::memory()).await;
}

#[tokio::test]
async fn the_tenant_data_contract_holds_on_dynamodb() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    contract(Stores::dynamodb(&config, &tables)).await;
}

#[tokio::test]
async fn export_files_in_s3_download_through_a_pre_signed_url_until_deleted() {
    let Some(config) = emulator::sdk_config().await else { return };
    let client = shared::adapters::s3::client(&config);
    let bucket = format!("exports-{}", new_id().replace('-', "").to_ascii_lowercase());
    client.create_bucket().bucket(&bucket).send().await.expect("create bucket");
    let files: Arc<dyn ExportFiles> = Arc::new(S3ExportFiles::new(client, &bucket, Duration::from_secs(900)));
    let (a, id) = (tenant("clinic-a"), new_id());
    files.put(&a, &id, vec![0x1f, 0x8b, 1, 2, 3]).await.expect("put");
    let link = files.link(&a, &id, 1_000).await.expect("link");
    assert_eq!(link.expires_at_ms, Some(1_000 + 900_000));
    assert!(link.url.contains("X-Amz-Signature=") && link.url.contains("X-Amz-Expires=900"), "{}", link.url);
    let got = reqwest::get(&link.url).await.expect("download");
    assert_eq!(got.status(), reqwest::StatusCode::OK);
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), [0x1f, 0x8b, 1, 2, 3]);
    let other = files.link(&tenant("clinic-b"), &id, 1_000).await.expect("link");
    assert_ne!(
        reqwest::get(&other.url).await.expect("get").status(),
        reqwest::StatusCode::OK,
        "B's path holds nothing"
    );
    files.delete(&a, &id).await.expect("delete");
    files.delete(&a, &id).await.expect("idempotent");
    // S3 answers 403 for a missing object to a signer without s3:ListBucket (as the function is).
    let gone = reqwest::get(&link.url).await.expect("get").status();
    assert!(matches!(gone.as_u16(), 403 | 404), "{gone}");
}
