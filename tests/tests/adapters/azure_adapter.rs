//! The Azure compute provider against the mock Azure (`tests::mock_arm`), which speaks the token
//! endpoint's and Resource Manager's wire formats. An AZURE instance runs the deployed lifecycle
//! definition (the same ASL, the same task code as AWS) on it: launched, READY once its inference
//! server answers, idled out and deleted. Every failure scenario ends with the record final and no
//! Azure resource left. A pool VM gets the machines' managed identity and reads its server secret
//! from Key Vault (the mock's vault): the secret is set before the VM, named in its custom data,
//! and deleted with it.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use shared::adapters::azure::{
    AzureCompute, AzureSettings, ClientSecret, Credentials, Image, KeyVaultMachineSecrets, RetryPolicy,
};
use shared::adapters::inference_server::InferenceServer;
use shared::adapters::memory::MemoryInstanceStore;
use shared::app::instances::reconcile::Reconciler;
use shared::app::instances::{
    Clouds, ExecutionInput, Lifecycle, LifecycleSettings, LifecycleTasks, Phase, TAG_INSTANCE, TAG_PRODUCT, TAG_TENANT,
};
use shared::clock::ManualClock;
use shared::domain::instances::{CloudProvider, Instance, InstanceSpec, InstanceStatus, ServerKey};
use shared::domain::tenant::TenantId;
use shared::ports::{Clock, ComputeError, ComputeProvider, InstanceStore};
use shared::workflow::asl::{self, Execution, Outcome};
use tests::mock_arm::{self, MockArm};

const REGION: &str = "eastus";
const SSH_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMockKeyForTestsOnly test@example";
const MACHINE_IDENTITY: &str =
    "/subscriptions/00000000-0000-0000-0000-00000000beef/resourceGroups/gpu-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gpu-machines";

fn settings(mock: &MockArm, secret: &str) -> AzureSettings {
    let port = mock.base_url.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port");
    AzureSettings {
        credentials: Credentials {
            tenant_id: mock_arm::TENANT.to_owned(),
            client_id: mock_arm::CLIENT_ID.to_owned(),
            client_secret: ClientSecret::new(secret.to_owned()),
            authority: mock.base_url.clone(),
        },
        subscription_id: mock_arm::SUBSCRIPTION.to_owned(),
        resource_group: mock_arm::RESOURCE_GROUP.to_owned(),
        image: Image::parse("microsoft-dsvm:ubuntu-hpc:2204:latest").expect("URN"),
        subnets: [(
            REGION.to_owned(),
            format!(
                "/subscriptions/{}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/gpu/subnets/default",
                mock_arm::SUBSCRIPTION
            ),
        )]
        .into(),
        network_security_group: None,
        admin_username: "azureuser".to_owned(),
        ssh_public_key: SSH_KEY.to_owned(),
        server: InferenceServer {
            port,
            managed_identity: Some(MACHINE_IDENTITY.to_owned()),
            ..InferenceServer::default()
        },
        resource_manager: mock.base_url.clone(),
        operation_wait: Duration::from_secs(5),
        retry: RetryPolicy {
            attempts: 4,
            backoff: Duration::from_millis(50),
            max_wait: Duration::from_secs(5),
            poll: Duration::from_millis(20),
        },
        machine_identity: Some(MACHINE_IDENTITY.to_owned()),
        key_vault: Some(mock.base_url.clone()),
    }
}

struct World {
    mock: MockArm,
    azure: Arc<AzureCompute>,
    store: Arc<MemoryInstanceStore>,
    clock: Arc<ManualClock>,
    lifecycle: Arc<Lifecycle>,
    tenant: TenantId,
}

async fn world() -> World {
    let mock = MockArm::start().await;
    let azure_settings = settings(&mock, mock_arm::CLIENT_SECRET);
    let vault = KeyVaultMachineSecrets::from_settings(&azure_settings).expect("vault").expect("configured");
    let azure = Arc::new(AzureCompute::new(azure_settings).expect("adapter"));
    let store = Arc::new(MemoryInstanceStore::default());
    let clock = Arc::new(ManualClock::at(1_800_000_000_000));
    // Real waits of a second between checks; the lifecycle's own clock is moved by hand.
    let settings = LifecycleSettings {
        configure_poll: Duration::from_secs(1),
        configure_timeout: Duration::from_secs(900),
        max_wait: Duration::from_secs(1),
        ..LifecycleSettings::default()
    };
    let lifecycle = Arc::new(Lifecycle::new(
        store.clone(),
        Clouds { azure: Some(azure.clone()), azure_secrets: Some(Arc::new(vault)), ..Clouds::default() },
        clock.clone(),
        settings,
    ));
    World { mock, azure, store, clock, lifecycle, tenant: TenantId::parse("acme-health").expect("tenant") }
}

impl World {
    async fn instance(&self) -> Instance {
        self.create(false).await
    }

    /// A GPU pool's machine: it serves the pool's model behind its own secret.
    async fn pool_instance(&self) -> Instance {
        self.create(true).await
    }

    async fn create(&self, pool: bool) -> Instance {
        let spec = InstanceSpec {
            provider: CloudProvider::Azure,
            instance_type: "Standard_NC4as_T4_v3".to_owned(),
            region: REGION.to_owned(),
            disk_size_gb: 128,
            auto_terminate_minutes: 5,
            cost_per_hour: 0.526,
        };
        let mut instance =
            Instance::provisioning(shared::ids::new_id(), self.tenant.clone(), spec, self.clock.now_ms());
        if pool {
            instance.pool_model = Some("qwen2.5:7b".to_owned());
            instance.server_key = Some(ServerKey("s3cret-of-this-vm-only".to_owned()));
        }
        self.store.create(&instance).await.expect("created");
        instance
    }

    fn execution(&self, instance: &Instance) -> tokio::task::JoinHandle<Execution> {
        let definition: Value = serde_json::from_str(shared::app::instances::DEFINITION).expect("definition");
        let input = json!({ "tenantId": self.tenant.as_str(), "instanceId": instance.id });
        let tasks = LifecycleTasks(self.lifecycle.clone());
        tokio::spawn(async move { asl::run(&definition, input, &tasks).await })
    }

    async fn record(&self, instance: &Instance) -> Instance {
        self.store.get(&self.tenant, &instance.id).await.expect("read").expect("exists")
    }

    /// What must hold after any scenario: the record final, nothing left in Azure.
    async fn closed(&self, instance: &Instance) -> Instance {
        let record = self.record(instance).await;
        assert!(record.status.is_final(), "{:?}", record.status);
        assert_eq!(self.mock.resources(), Vec::<String>::new(), "Azure resources left behind");
        record
    }
}

#[tokio::test]
async fn an_azure_instance_goes_through_the_same_lifecycle_against_resource_manager() {
    let w = world().await;
    let instance = w.instance().await;
    let run = w.execution(&instance);
    let mut record = w.record(&instance).await;
    for _ in 0..200 {
        if record.status == InstanceStatus::Ready {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        record = w.record(&instance).await;
    }
    assert_eq!(record.status, InstanceStatus::Ready, "{record:?}");
    assert_eq!(record.machine_id.as_deref(), Some(instance.id.as_str()), "the VM is named by the instance id");
    assert_eq!(record.public_ip.as_deref(), Some("127.0.0.1"));

    // What was asked of Azure: an IP, a NIC on the region's subnet using it, and the VM.
    let vm = w.mock.resource(&instance.id).expect("the VM");
    let properties = &vm["properties"];
    assert_eq!(vm["location"], REGION);
    assert_eq!(properties["hardwareProfile"]["vmSize"], "Standard_NC4as_T4_v3");
    assert_eq!(properties["storageProfile"]["osDisk"]["diskSizeGB"], 128);
    assert_eq!(properties["storageProfile"]["imageReference"]["offer"], "ubuntu-hpc");
    assert_eq!(properties["osProfile"]["linuxConfiguration"]["disablePasswordAuthentication"], true);
    assert_eq!(properties["osProfile"]["linuxConfiguration"]["ssh"]["publicKeys"][0]["keyData"], SSH_KEY);
    use base64::Engine;
    let custom_data = properties["osProfile"]["customData"].as_str().expect("custom data");
    let script = base64::engine::general_purpose::STANDARD.decode(custom_data).expect("base64");
    assert!(String::from_utf8(script).expect("utf-8").contains("vllm/vllm-openai"));
    for tagged in [&vm, &w.mock.resource(&format!("{}-nic", instance.id)).expect("NIC")] {
        assert_eq!(tagged["tags"][TAG_INSTANCE], instance.id.as_str());
        assert_eq!(tagged["tags"][TAG_TENANT], "acme-health");
    }
    let nic = w.mock.resource(&format!("{}-nic", instance.id)).expect("NIC");
    let ip_config = &nic["properties"]["ipConfigurations"][0]["properties"];
    assert!(ip_config["subnet"]["id"].as_str().is_some_and(|s| s.ends_with("/subnets/default")));
    assert!(ip_config["publicIPAddress"]["id"].as_str().is_some_and(|s| s.ends_with(&format!("{}-ip", instance.id))));

    // Five idle minutes later (by the lifecycle's clock) it is deleted, with every part.
    w.clock.advance(301_000);
    let execution = run.await.expect("the execution ends");
    assert!(matches!(execution.outcome, Outcome::Succeeded(_)), "{execution:?}");
    let record = w.closed(&instance).await;
    assert_eq!(record.status, InstanceStatus::Terminated);
    // Per second, no minimum: 301 s at $0.526/h.
    assert_eq!(record.cost(i64::MAX), (301.0 * 0.526 / 3600.0 * 1e8_f64).round() / 1e8);
    assert_eq!(w.mock.token_requests(), 1, "one token, cached");
}

#[tokio::test]
async fn a_quota_refusal_ends_failed_as_capacity_and_leaves_nothing_behind() {
    let w = world().await;
    w.mock.refuse_for_quota();
    let instance = w.instance().await;
    let execution = w.execution(&instance).await.expect("ends");
    assert!(matches!(execution.outcome, Outcome::Failed { .. }), "{execution:?}");
    let record = w.closed(&instance).await;
    assert_eq!(record.status, InstanceStatus::Failed);
    let error = record.error.clone().expect("why");
    assert!(error.starts_with("Instance.Capacity") && error.contains("quota"), "{error}");
    assert_eq!(record.cost(i64::MAX), 0.0, "no VM, no bill");
    // The refused VM's IP and NIC were created first, then deleted by the launch itself.
    let requests = w.mock.requests();
    for part in ["-nic", "-ip"] {
        let deleted = format!("/{}{part}", instance.id);
        assert!(requests.iter().any(|(r, _)| r.starts_with("DELETE") && r.ends_with(&deleted)), "{requests:?}");
    }
}

#[tokio::test]
async fn an_allocation_failure_after_acceptance_ends_failed_and_the_vm_is_deleted() {
    let w = world().await;
    w.mock.fail_allocation();
    let instance = w.instance().await;
    let execution = w.execution(&instance).await.expect("ends");
    assert!(matches!(execution.outcome, Outcome::Failed { .. }), "{execution:?}");
    let record = w.closed(&instance).await;
    let error = record.error.expect("why");
    assert!(error.starts_with("Instance.Capacity: Azure reported AllocationFailed"), "{error}");
    assert!(!error.contains("sufficient capacity"), "what Azure said stays in the log: {error}");
}

#[tokio::test]
async fn throttling_is_retried_after_the_time_azure_asks() {
    let w = world().await;
    w.mock.throttle(2);
    assert_eq!(w.azure.tagged(REGION).await.expect("listed after two 429s"), vec![]);
    let timeline = w.mock.timeline();
    let statuses: Vec<u16> = timeline.iter().map(|(_, s)| *s).collect();
    assert_eq!(statuses, [429, 429, 200]);
    for pair in timeline.windows(2) {
        assert!(pair[1].0 - pair[0].0 >= Duration::from_secs(1), "Retry-After: 1 was honoured");
    }

    // Throttled past the attempts: a transient error, for the state machine to retry later.
    w.mock.throttle(10);
    let err = w.azure.tagged(REGION).await.expect_err("still throttled");
    assert!(matches!(err, ComputeError::Transient(ref m) if m.contains("TooManyRequests")), "{err:?}");
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_a_wrong_secret_is_refused_without_printing_it() {
    let w = world().await;
    w.azure.tagged(REGION).await.expect("listed");
    w.mock.revoke_tokens();
    w.azure.tagged(REGION).await.expect("listed with a new token");
    assert_eq!(w.mock.token_requests(), 2);

    let wrong = AzureCompute::new(settings(&w.mock, "wrong-secret-value")).expect("adapter");
    let err = wrong.describe(REGION, "anything").await.expect_err("refused");
    let text = format!("{err} {err:?}");
    assert!(matches!(err, ComputeError::Permanent(_)) && text.contains("invalid_client"), "{text}");
    assert!(!text.contains("wrong-secret-value"));
}

#[tokio::test]
async fn the_reconciler_deletes_what_a_lost_launch_left_by_its_tags() {
    let w = world().await;
    // A NIC, an IP and a disk of a launch whose record is gone, and a whole VM of a closed record.
    let tags = |id: &str| json!({ TAG_PRODUCT: "true", TAG_TENANT: "acme-health", TAG_INSTANCE: id });
    let lost = shared::ids::new_id();
    w.mock.plant("Microsoft.Network/publicIPAddresses", &format!("{lost}-ip"), REGION, tags(&lost));
    w.mock.plant("Microsoft.Network/networkInterfaces", &format!("{lost}-nic"), REGION, tags(&lost));
    w.mock.plant("Microsoft.Compute/disks", &format!("{lost}-osdisk"), REGION, tags(&lost));
    let closed = w.instance().await;
    let step = ExecutionInput::of(&w.tenant, &closed.id);
    w.lifecycle.provision(&step).await.expect("launched");
    let record = w.record(&closed).await;
    let stopped = record.stopping(true, None).and_then(|s| s.terminated(w.clock.now_ms())).expect("closed");
    w.store.update(&record, &stopped).await.expect("written");
    // A healthy one stays.
    let healthy = w.instance().await;
    let step = ExecutionInput::of(&w.tenant, &healthy.id);
    w.lifecycle.provision(&step).await.expect("launched");

    let report = Reconciler::new(w.lifecycle.clone(), Duration::from_secs(600)).run().await;
    let mut orphans = report.orphans_terminated.clone();
    orphans.sort();
    let mut expected = vec![lost.clone(), closed.id.clone()];
    expected.sort();
    assert_eq!(orphans, expected, "{report:?}");
    assert!(report.errors.is_empty(), "{report:?}");
    let left = w.mock.resources();
    assert!(left.iter().all(|name| name.starts_with(&healthy.id)), "{left:?}");
    assert_eq!(left.len(), 4, "the healthy VM, its NIC, IP and disk: {left:?}");
}

/// The product's three tags on a resource of the mock.
fn assert_tagged(w: &World, name: &str, instance: &Instance) {
    let resource = w.mock.resource(name).unwrap_or_else(|| panic!("{name} exists"));
    let tags = &resource["tags"];
    assert_eq!(
        (tags[TAG_PRODUCT].as_str(), tags[TAG_TENANT].as_str(), tags[TAG_INSTANCE].as_str()),
        (Some("true"), Some("acme-health"), Some(instance.id.as_str())),
        "{name}: {resource}"
    );
}

/// Walks an instance to READY through the lifecycle's own steps (no execution left running).
async fn ready(w: &World) -> Instance {
    let instance = w.instance().await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    w.lifecycle.provision(&step).await.expect("launched");
    for _ in 0..20 {
        if w.lifecycle.check(&step).await.expect("checked").phase == Phase::Ready {
            return w.record(&instance).await;
        }
    }
    panic!("not READY: {:?}", w.record(&instance).await);
}

#[tokio::test]
async fn every_part_is_tagged_and_a_disk_left_by_a_failed_delete_is_reconciled() {
    let w = world().await;
    let instance = ready(&w).await;
    for suffix in ["", "-nic", "-ip", "-osdisk"] {
        assert_tagged(&w, &format!("{}{suffix}", instance.id), &instance);
    }

    // The disk's deletion fails: the VM, NIC and IP go, the record closes, the disk stays.
    w.mock.refuse_disk_deletes(true);
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    w.lifecycle.terminate(&step).await.expect("closed");
    assert_eq!(w.record(&instance).await.status, InstanceStatus::Terminated);
    assert_eq!(w.mock.resources(), vec![format!("{}-osdisk", instance.id)]);
    assert_tagged(&w, &format!("{}-osdisk", instance.id), &instance);

    // The reconciler finds it by its tags and deletes it.
    w.mock.refuse_disk_deletes(false);
    let report = Reconciler::new(w.lifecycle.clone(), Duration::from_secs(600)).run().await;
    assert_eq!(report.orphans_terminated, vec![instance.id.clone()], "{report:?}");
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!(w.mock.resources(), Vec::<String>::new());
}

#[tokio::test]
async fn a_disk_is_tagged_before_its_vm_is_deleted_even_if_no_check_saw_it() {
    let w = world().await;
    let instance = w.instance().await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    w.lifecycle.provision(&step).await.expect("launched");
    // The lifecycle stopped here (no check ever ran); its delete then fails on the disk.
    w.mock.refuse_disk_deletes(true);
    w.azure.terminate(REGION, &instance.id).await.expect("terminated");
    assert_eq!(w.mock.resources(), vec![format!("{}-osdisk", instance.id)]);
    assert_tagged(&w, &format!("{}-osdisk", instance.id), &instance);
}

#[tokio::test]
async fn parts_left_without_their_vm_do_not_keep_a_record_alive() {
    let w = world().await;
    let instance = ready(&w).await;
    // The VM and its IP are deleted behind the product's back; the NIC and the disk stay.
    w.mock.remove(&instance.id);
    w.mock.remove(&format!("{}-ip", instance.id));
    w.clock.advance(601_000);
    let report = Reconciler::new(w.lifecycle.clone(), Duration::from_secs(600)).run().await;
    assert_eq!(report.vanished, vec![instance.id.clone()], "{report:?}");
    assert!(report.errors.is_empty(), "{report:?}");
    let record = w.closed(&instance).await;
    assert!(record.error.as_deref().is_some_and(|e| e.starts_with("Instance.Vanished")), "{record:?}");
}

#[tokio::test]
async fn a_pool_vm_gets_the_machines_identity_and_reads_its_secret_from_key_vault_which_goes_with_it() {
    let w = world().await;
    let instance = w.pool_instance().await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    w.lifecycle.provision(&step).await.expect("launched");

    // The VM carries the user-assigned identity, and nothing else as identity.
    let vm = w.mock.resource(&instance.id).expect("the VM");
    assert_eq!(vm["identity"]["type"], "UserAssigned", "{vm}");
    let identities = vm["identity"]["userAssignedIdentities"].as_object().expect("identities");
    assert_eq!(identities.keys().collect::<Vec<_>>(), [MACHINE_IDENTITY]);

    // Its secret is in the vault, named after the instance, tagged like the VM.
    let name = format!("gpu-machine-{}", instance.id);
    let secrets = w.mock.vault_secrets();
    assert_eq!(secrets.keys().collect::<Vec<_>>(), [&name]);
    assert_eq!(secrets[&name]["value"], "s3cret-of-this-vm-only");
    assert_eq!(secrets[&name]["tags"][TAG_INSTANCE], instance.id.as_str());

    // The custom data names the secret and the identity; it never holds the secret.
    use base64::Engine;
    let custom_data = vm["properties"]["osProfile"]["customData"].as_str().expect("custom data");
    let script = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(custom_data).expect("base64"))
        .expect("utf-8");
    assert!(!script.contains("s3cret-of-this-vm-only"), "{script}");
    assert!(script.contains(&format!("kv_secret '{}/secrets/{name}'", w.mock.base_url)), "{script}");
    assert!(script.contains("msi_res_id=%2Fsubscriptions%2F"), "{script}");
    assert!(script.contains("--served-model-name qwen2.5:7b"), "{script}");

    // Terminated (twice: the state machine may retry it): the secret is gone, the second
    // delete finds none and is fine.
    w.lifecycle.terminate(&step).await.expect("closed");
    assert!(w.mock.vault_secrets().is_empty(), "{:?}", w.mock.vault_secrets());
    w.lifecycle.terminate(&step).await.expect("closed again");
    let record = w.closed(&instance).await;
    assert_eq!(record.status, InstanceStatus::Terminated);
    let deletes = w.mock.requests().iter().filter(|(r, _)| r == &format!("DELETE /secrets/{name}")).count();
    assert_eq!(deletes, 2, "{:?}", w.mock.requests());
}

#[tokio::test]
async fn a_pool_vm_refused_for_quota_leaves_no_secret_in_the_vault() {
    let w = world().await;
    w.mock.refuse_for_quota();
    let instance = w.pool_instance().await;
    let step = ExecutionInput::of(&w.tenant, &instance.id);
    let err = w.lifecycle.provision(&step).await.expect_err("refused");
    assert_eq!(err.kind.name(), "Instance.Capacity", "{err:?}");
    assert!(w.mock.vault_secrets().is_empty(), "the launch given up took its secret with it");
    let execution = w.execution(&instance).await.expect("ends");
    assert!(matches!(execution.outcome, Outcome::Failed { .. }), "{execution:?}");
    w.closed(&instance).await;
    assert!(w.mock.vault_secrets().is_empty());
}

#[tokio::test]
async fn a_pool_vm_is_not_created_without_the_machines_identity() {
    let mock = MockArm::start().await;
    let settings = AzureSettings { machine_identity: None, ..settings(&mock, mock_arm::CLIENT_SECRET) };
    let azure = AzureCompute::new(settings).expect("adapter");
    let spec = shared::ports::LaunchSpec {
        client_token: shared::ids::new_id(),
        instance_type: "Standard_NC4as_T4_v3".to_owned(),
        region: REGION.to_owned(),
        disk_size_gb: 128,
        tags: Vec::new(),
        server: Some(shared::ports::ServerLaunch {
            model: "Qwen/Qwen2.5-7B-Instruct".to_owned(),
            served_name: "qwen2.5:7b".to_owned(),
            gated: false,
            key: shared::ports::SecretRef::AzureKeyVault(format!("{}/secrets/x", mock.base_url)),
        }),
    };
    let err = azure.launch(&spec).await.expect_err("refused");
    assert!(matches!(err, ComputeError::Permanent(ref m) if m.contains("AZURE_MACHINE_IDENTITY_ID")), "{err:?}");
    assert_eq!(mock.resources(), Vec::<String>::new(), "nothing created");
}
