//! The `InstanceStore` contract, run on the memory store and on the DynamoDB adapter (moto):
//! records read back exactly, conditional updates that refuse a stale version, tenant-scoped
//! reads, and newest-first paging with a status filter.

use std::sync::Arc;

use shared::adapters::memory::MemoryInstanceStore;
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec, InstanceStatus};
use shared::domain::tenant::TenantId;
use shared::ids::new_id;
use shared::ports::{InstanceStore, StoreError};
use shared::wiring::stores::Stores;
use tests::emulator;

fn tenant(name: &str) -> TenantId {
    TenantId::parse(name).expect("valid")
}

fn instance(tenant: &TenantId) -> Instance {
    let spec = InstanceSpec {
        provider: CloudProvider::Aws,
        instance_type: "g6.xlarge".to_owned(),
        region: "us-east-1".to_owned(),
        disk_size_gb: 200,
        auto_terminate_minutes: 30,
        cost_per_hour: 0.8048,
    };
    let mut instance = Instance::provisioning(new_id(), tenant.clone(), spec, 1_795_399_200_000);
    instance.task_id = Some(new_id());
    instance.purpose = Some("batch OCR of scanned lab reports".to_owned());
    instance.tags = [("team".to_owned(), "radiology".to_owned())].into_iter().collect();
    instance
}

async fn contract(store: Arc<dyn InstanceStore>) {
    let a = tenant("clinic-a");
    let b = tenant("clinic-b");
    let first = instance(&a);
    store.create(&first).await.expect("created");
    assert_eq!(store.get(&a, &first.id).await.expect("read"), Some(first.clone()));
    assert!(matches!(store.create(&first).await, Err(StoreError::Conflict)), "an id is created once");
    assert_eq!(store.get(&b, &first.id).await.expect("read"), None, "another tenant's id is not found");

    // A change applies on the version it was decided on, once.
    let launched = first.launched("i-0abc", 1_795_399_201_000).expect("launch");
    store.update(&first, &launched).await.expect("launched");
    assert!(matches!(store.update(&first, &launched).await, Err(StoreError::Conflict)), "stale version");
    let ready = launched.ready(Some("203.0.113.9"), 1_795_399_290_000).expect("ready");
    store.update(&launched, &ready).await.expect("ready");
    let failed = ready.stopping(false, Some("Instance.Vanished: gone")).and_then(|s| s.terminated(1_795_399_900_000));
    let failed = failed.expect("closed");
    store.update(&ready, &failed).await.expect("failed");
    assert_eq!(store.get(&a, &first.id).await.expect("read"), Some(failed.clone()), "every field reads back");

    // Newest first, paged, filtered by status, per tenant.
    let mut ids = vec![first.id.clone()];
    for _ in 0..3 {
        let next = instance(&a);
        ids.push(next.id.clone());
        store.create(&next).await.expect("created");
    }
    store.create(&instance(&b)).await.expect("created");
    let page = store.list(&a, None, None, 3).await.expect("page");
    let newest: Vec<String> = ids.iter().rev().take(3).cloned().collect();
    assert_eq!(page.instances.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), newest);
    let rest = store.list(&a, None, page.next_after.as_deref(), 3).await.expect("page");
    assert_eq!(rest.instances.iter().map(|i| i.id.clone()).collect::<Vec<_>>(), vec![first.id.clone()]);
    assert_eq!(rest.next_after, None);
    let failed_only = store.list(&a, Some(InstanceStatus::Failed), None, 10).await.expect("page");
    assert_eq!(failed_only.instances, [failed]);
    assert_eq!(store.list(&b, None, None, 10).await.expect("page").instances.len(), 1);
}

/// Listings larger than one DynamoDB response (1 MB): 60 records of about 25 KB each (tags) come
/// back whole through the pages, with and without a status filter, and the reconciler's view
/// holds every one.
async fn large_listing(store: Arc<dyn InstanceStore>) {
    let t = tenant("clinic-large");
    let mut ids = Vec::new();
    for i in 0..60 {
        let mut record = instance(&t);
        record.tags = (0..100).map(|k| (format!("note-{k:03}"), format!("{i:02}{}", "x".repeat(250)))).collect();
        store.create(&record).await.expect("created");
        ids.push(record.id);
    }
    ids.reverse();
    for status in [None, Some(InstanceStatus::Provisioning)] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = store.list(&t, status, after.as_deref(), 100).await.expect("page");
            seen.extend(page.instances.iter().map(|i| i.id.clone()));
            match page.next_after {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, ids, "every record of status {status:?}, newest first, once");
    }
    let first = store.list(&t, None, None, 100).await.expect("page");
    assert_eq!(first.instances.len(), 60, "a page of 100 holds all 60 records");
    assert_eq!(first.next_after, None);
    let page = store.list(&t, None, None, 50).await.expect("page");
    assert_eq!(page.instances.len(), 50);
    assert_eq!(page.next_after.as_deref(), Some(ids[49].as_str()));
    let active = store.active().await.expect("active");
    assert_eq!(active.iter().filter(|i| i.tenant == t).count(), 60);
}

#[tokio::test]
async fn the_memory_store_lists_large_records_whole() {
    large_listing(Arc::new(MemoryInstanceStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_lists_records_past_one_page() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    large_listing(Stores::dynamodb(&config, &tables).instances).await;
}

#[tokio::test]
async fn the_memory_store_honours_the_contract() {
    contract(Arc::new(MemoryInstanceStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_honours_the_contract() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    contract(Stores::dynamodb(&config, &tables).instances).await;
}
