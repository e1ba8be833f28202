//! The `InstanceStore` contract, run on the memory store and on the DynamoDB adapter (moto):
//! records read back exactly, conditional updates that refuse a stale version, tenant-scoped
//! reads, and newest-first paging with a status filter.

use std::sync::Arc;

use shared::adapters::memory::MemoryInstanceStore;
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec, InstanceStatus};
use shared::domain::tenant::TenantId;
use shared::ids::new_id;
use shared::platform::Stores;
use shared::ports::{InstanceStore, StoreError};
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

#[tokio::test]
async fn the_memory_store_honours_the_contract() {
    contract(Arc::new(MemoryInstanceStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_honours_the_contract() {
    let config = emulator::sdk_config().await;
    let tables = emulator::tables(&config).await;
    contract(Stores::dynamodb(&config, &tables).instances).await;
}
