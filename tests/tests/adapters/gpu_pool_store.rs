//! The `GpuPoolStore` contract, run on the memory store and on the DynamoDB adapter (moto): a
//! pool reads back whole (its machines with their launch times, waiting tasks and spend), a write applies only on the
//! version it was decided on (or, for a new pool, only if there is none), tenants are apart, and
//! a delete (an erase) removes one tenant's pool.

use std::sync::Arc;

use shared::adapters::memory::MemoryGpuPoolStore;
use shared::domain::gpu_pool::{GpuPool, PoolConfig};
use shared::domain::instances::CloudProvider;
use shared::domain::tasks::Priority;
use shared::domain::tenant::TenantId;
use shared::ports::{GpuPoolStore, StoreError};
use shared::wiring::stores::Stores;
use tests::emulator;

fn pool(tenant: &TenantId) -> GpuPool {
    let config = PoolConfig {
        provider: CloudProvider::Azure,
        instance_type: "Standard_NC4as_T4_v3".to_owned(),
        region: "eastus".to_owned(),
        model: "phi3.5:mini".to_owned(),
        max_instances: 3,
        idle_minutes: 15,
        disk_size_gb: 128,
        cost_per_hour: 0.526,
    };
    GpuPool::new(tenant.clone(), config, 1_795_399_200_000)
}

async fn contract(store: Arc<dyn GpuPoolStore>) {
    let (a, b) = (TenantId::parse("pool-clinic-a").expect("tenant"), TenantId::parse("pool-clinic-b").expect("tenant"));
    let first = pool(&a);
    store.put(&first, None).await.expect("created");
    assert!(matches!(store.put(&first, None).await, Err(StoreError::Conflict)), "created once");
    assert_eq!(store.get(&a).await.expect("read"), Some(first.clone()));
    assert_eq!(store.get(&b).await.expect("read"), None, "another tenant has none");

    let mut next = first.next(1_795_399_260_000);
    // A machine started and not yet recorded keeps its launch time through the store.
    next.machine_started("0193a5b0-7c1e-7d2a-9f00-00000000aaaa", 1_795_399_260_000);
    next.wait("0193a5b0-7c1e-7d2a-9f00-00000000bbbb", Priority::High, 1_795_399_250_000, 1_795_399_260_000)
        .expect("room");
    next.failed_launches = 1;
    next.last_launch_error = Some("Instance.Capacity: no capacity".to_owned());
    next.closed_cost_usd = 0.01676667;
    store.put(&next, Some(first.version)).await.expect("changed");
    assert!(matches!(store.put(&next, Some(first.version)).await, Err(StoreError::Conflict)), "stale version");
    assert_eq!(store.get(&a).await.expect("read"), Some(next), "every field reads back");

    // An erase removes the record, once and again, and only the tenant's.
    store.put(&pool(&b), None).await.expect("B's pool");
    store.delete(&a).await.expect("deleted");
    store.delete(&a).await.expect("deleting again is fine");
    assert_eq!(store.get(&a).await.expect("read"), None);
    assert!(store.get(&b).await.expect("read").is_some(), "B's pool stays");
}

#[tokio::test]
async fn the_memory_store_honours_the_contract() {
    contract(Arc::new(MemoryGpuPoolStore::default())).await;
}

#[tokio::test]
async fn the_dynamodb_store_honours_the_contract() {
    let Some(config) = emulator::sdk_config().await else { return };
    let tables = emulator::tables(&config).await;
    contract(Stores::dynamodb(&config, &tables).gpu_pools).await;
}
