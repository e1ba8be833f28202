//! The Azure compute provider (feature `azure`): GPU VMs created through the Azure Resource
//! Manager REST API in one configured resource group, each with its own public IP and network
//! interface, booting the inference server (`adapters::inference_server`) from custom data.
//!
//! **Why plain REST, not the `azure_identity`/`azure_mgmt_*` crates.** The product needs one OAuth2
//! grant (client credentials) and five resource operations. The official Rust SDK has no
//! maintained compute or network management crates, and `azure_identity`/`azure_core` would add
//! their own HTTP pipeline and a large dependency tree to a Lambda for a single form POST. A
//! plain client also lets the tests point the sign-in and Resource Manager URLs at a mock server.
//!
//! - **Names are the instance id**: the VM is `{id}`, its public IP `{id}-ip`, its NIC `{id}-nic`,
//!   its OS disk `{id}-osdisk`. ARM's PUT is idempotent by name, so a retried launch converges on
//!   the same machine, and the machine id the lifecycle records is the VM's name.
//! - **Launch** creates the public IP, then the NIC, following each operation, then PUTs the VM
//!   and returns once ARM accepted it: the VM boots while the state machine polls `describe`.
//!   If the VM is refused (quota, capacity, a bad request), the IP and NIC are deleted before the
//!   error is reported.
//! - **Describe** reads the VM with its instance view (`$expand=instanceView`, one call):
//!   provisioning state, power state and tags. A failed provisioning (`AllocationFailed`, …) is an
//!   error the state machine catches; a VM that is deleting, deallocated or stopped is
//!   `Terminated` (the lifecycle then closes its record). A running VM's OS disk gets the VM's tags
//!   if it lacks them (see Tags).
//! - **Terminate** tags the OS disk if it lacks the VM's tags, deletes the VM and follows the
//!   deletion for `operation_wait`, then deletes the NIC, the public IP and the OS disk. The VM is created with `deleteOption: Delete` on its NIC
//!   and OS disk and the IP with `deleteOption: Delete`, so ARM removes them with the VM even when
//!   the deletion outlasts the wait; anything still left carries the product's tags and is
//!   deleted by the reconciler's next run.
//! - **Tags** (`shared::app::instances::TAG_*`) on every resource the product creates: the VM, NIC and
//!   public IP at creation, and the OS disk, which Azure creates with the VM untagged (the VM
//!   model has no tags for it), by a PATCH as soon as a `describe` sees the VM running and, at the
//!   latest, before the VM is deleted; so a disk a failed delete leaves behind is found by its
//!   tags. (The product creates no network security group: `AZURE_NSG_ID` names one that
//!   exists.) `tagged` lists the resource group's tagged resources in a region, one machine per
//!   instance id, marked `parts_only` when its VM is gone and only a NIC, IP or disk is left.
//! - Errors: quota and allocation failures are `Capacity`; throttling, 5xx and operations still
//!   in progress `Transient`; the rest `Permanent`.

mod arm;

mod key_vault;
mod settings;

use std::collections::BTreeMap;
use std::time::Duration;

use async_trait::async_trait;
use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use arm::{refusal, Arm, Progress};
pub use arm::{ClientSecret, Credentials, RetryPolicy};

use super::inference_server::HealthProbe;
use crate::app::instances::{TAG_INSTANCE, TAG_PRODUCT, TAG_TENANT};
use crate::ports::{ComputeError, ComputeProvider, LaunchSpec, MachineState, TaggedMachine};

const COMPUTE_API: &str = "2024-07-01";
const NETWORK_API: &str = "2024-05-01";
const DISK_API: &str = "2024-03-02";
const RESOURCES_API: &str = "2021-04-01";

pub use key_vault::KeyVaultMachineSecrets;
pub use settings::{AzureSettings, Image};

pub struct AzureCompute {
    arm: Arm,
    settings: AzureSettings,
    probe: HealthProbe,
}

/// The kinds of resource a machine is made of, each with its name suffix and API version.
#[derive(Clone, Copy, Debug)]
enum Part {
    Vm,
    Nic,
    PublicIp,
    OsDisk,
}

impl Part {
    fn path(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Self::Vm => ("Microsoft.Compute/virtualMachines", "", COMPUTE_API),
            Self::Nic => ("Microsoft.Network/networkInterfaces", "-nic", NETWORK_API),
            Self::PublicIp => ("Microsoft.Network/publicIPAddresses", "-ip", NETWORK_API),
            Self::OsDisk => ("Microsoft.Compute/disks", "-osdisk", DISK_API),
        }
    }
}

/// The machine a resource name belongs to: the name without its part's suffix.
fn machine_of(name: &str) -> &str {
    ["-nic", "-ip", "-osdisk"].iter().find_map(|suffix| name.strip_suffix(suffix)).unwrap_or(name)
}

impl AzureCompute {
    pub fn new(settings: AzureSettings) -> Result<Self, String> {
        let arm = Arm::new(&settings.resource_manager, settings.credentials.clone(), settings.retry)?;
        let probe = HealthProbe::new(settings.server.port)?;
        Ok(Self { arm, settings, probe })
    }

    fn group(&self) -> String {
        format!("/subscriptions/{}/resourceGroups/{}", self.settings.subscription_id, self.settings.resource_group)
    }

    /// The resource id of a machine's part.
    fn id(&self, part: Part, machine: &str) -> String {
        let (kind, suffix, _) = part.path();
        format!("{}/providers/{kind}/{machine}{suffix}", self.group())
    }

    fn url(&self, part: Part, machine: &str, tail: &str) -> String {
        format!("{}{tail}?api-version={}", self.id(part, machine), part.path().2)
    }

    /// PUTs a part and follows its creation.
    async fn create(&self, part: Part, machine: &str, body: Value) -> Result<(), ComputeError> {
        let answer = self.arm.send(Method::PUT, &self.url(part, machine, ""), Some(&body)).await?;
        answer.accepted()?;
        match self.arm.follow(&answer, self.settings.operation_wait).await? {
            Progress::Done => Ok(()),
            Progress::Running => {
                Err(ComputeError::Transient(format!("{machine}: {:?} still being created; try again", part)))
            }
        }
    }

    /// Deletes a part (gone already is fine) and follows the deletion for `wait`.
    async fn delete(&self, part: Part, machine: &str, wait: Duration) -> Result<Progress, ComputeError> {
        let answer = self.arm.send(Method::DELETE, &self.url(part, machine, ""), None).await?;
        if answer.status == StatusCode::NOT_FOUND || answer.status == StatusCode::NO_CONTENT {
            return Ok(Progress::Done);
        }
        answer.accepted()?;
        self.arm.follow(&answer, wait).await
    }

    /// Deletes the network parts and the disk of a machine whose VM is gone (or never was).
    async fn delete_parts(&self, machine: &str) -> Result<(), ComputeError> {
        for part in [Part::Nic, Part::PublicIp, Part::OsDisk] {
            if self.delete(part, machine, self.settings.operation_wait).await? == Progress::Running {
                return Err(ComputeError::Transient(format!("{machine}: {part:?} still being deleted")));
            }
        }
        Ok(())
    }

    fn tags(spec: &LaunchSpec) -> Value {
        Value::Object(spec.tags.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect())
    }

    fn vm_body(&self, spec: &LaunchSpec, machine: &str) -> Value {
        let s = &self.settings;
        let custom_data = base64::engine::general_purpose::STANDARD.encode(s.server.boot_script(spec.server.as_ref()));
        let mut body = json!({
            "location": spec.region,
            "tags": Self::tags(spec),
            "properties": {
                "hardwareProfile": { "vmSize": spec.instance_type },
                "storageProfile": {
                    "imageReference": s.image.reference(),
                    "osDisk": {
                        "name": format!("{machine}-osdisk"),
                        "createOption": "FromImage",
                        "diskSizeGB": spec.disk_size_gb,
                        "deleteOption": "Delete",
                        "managedDisk": { "storageAccountType": "Premium_LRS" }
                    }
                },
                "osProfile": {
                    "computerName": format!("gpu-{}", &machine[machine.len().saturating_sub(12)..]),
                    "adminUsername": s.admin_username,
                    "customData": custom_data,
                    "linuxConfiguration": {
                        "disablePasswordAuthentication": true,
                        "ssh": { "publicKeys": [{
                            "path": format!("/home/{}/.ssh/authorized_keys", s.admin_username),
                            "keyData": s.ssh_public_key
                        }] }
                    }
                },
                "networkProfile": { "networkInterfaces": [{
                    "id": self.id(Part::Nic, machine),
                    "properties": { "primary": true, "deleteOption": "Delete" }
                }] }
            }
        });
        // A pool VM reads its secrets in Key Vault as this identity; one rented by hand gets none.
        if let (Some(_), Some(identity)) = (&spec.server, &s.machine_identity) {
            body["identity"] = json!({ "type": "UserAssigned", "userAssignedIdentities": { identity.as_str(): {} } });
        }
        body
    }

    fn nic_body(&self, spec: &LaunchSpec, machine: &str, subnet: &str) -> Value {
        let mut properties = json!({
            "ipConfigurations": [{
                "name": "primary",
                "properties": {
                    "subnet": { "id": subnet },
                    "privateIPAllocationMethod": "Dynamic",
                    "publicIPAddress": { "id": self.id(Part::PublicIp, machine) }
                }
            }]
        });
        if let Some(nsg) = &self.settings.network_security_group {
            properties["networkSecurityGroup"] = json!({ "id": nsg });
        }
        json!({ "location": spec.region, "tags": Self::tags(spec), "properties": properties })
    }

    /// The VM's public address, once assigned.
    async fn public_ip(&self, machine: &str) -> Result<Option<String>, ComputeError> {
        let answer = self.arm.send(Method::GET, &self.url(Part::PublicIp, machine, ""), None).await?;
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        answer.accepted()?;
        Ok(answer.body["properties"]["ipAddress"].as_str().map(str::to_owned))
    }

    /// Gives the OS disk `vm_tags` (the VM's) unless it has the product's instance tag already.
    /// A disk not there yet, or gone, is left alone.
    async fn tag_disk(&self, machine: &str, vm_tags: &Value) -> Result<(), ComputeError> {
        if vm_tags.get(TAG_INSTANCE).is_none() {
            return Ok(());
        }
        let disk = self.arm.send(Method::GET, &self.url(Part::OsDisk, machine, ""), None).await?;
        if disk.status == StatusCode::NOT_FOUND || disk.body["tags"].get(TAG_INSTANCE).is_some() {
            return Ok(());
        }
        disk.accepted()?;
        let body = json!({ "tags": vm_tags });
        let answer = self.arm.send(Method::PATCH, &self.url(Part::OsDisk, machine, ""), Some(&body)).await?;
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(());
        }
        answer.accepted()
    }

    /// Every resource of the group carrying the product's tag, across pages.
    async fn tagged_resources(&self) -> Result<Vec<Value>, ComputeError> {
        let mut url = format!(
            "{}/resources?$filter=tagName%20eq%20'{}'&api-version={RESOURCES_API}",
            self.group(),
            TAG_PRODUCT.replace(':', "%3A")
        );
        let mut resources = Vec::new();
        loop {
            let answer = self.arm.send(Method::GET, &url, None).await?;
            answer.accepted()?;
            resources.extend(answer.body["value"].as_array().cloned().unwrap_or_default());
            match answer.body["nextLink"].as_str() {
                Some(next) => url = next.to_owned(),
                None => return Ok(resources),
            }
        }
    }
}

/// What a VM's instance view says: its provisioning state (lower case) with the failure code
/// and message that may follow it (`ProvisioningState/failed/AllocationFailed`), and its power
/// state (lower case).
#[derive(Debug, Default, PartialEq)]
struct View {
    provisioning: String,
    failure: Option<(String, String)>,
    power: Option<String>,
}

fn view(body: &Value) -> View {
    let mut view = View::default();
    for status in body["statuses"].as_array().into_iter().flatten() {
        let code = status["code"].as_str().unwrap_or_default();
        if let Some(state) = code.strip_prefix("ProvisioningState/") {
            let (state, failure) = state.split_once('/').unwrap_or((state, ""));
            view.provisioning = state.to_ascii_lowercase();
            if !failure.is_empty() {
                let message = status["message"].as_str().unwrap_or_default();
                view.failure = Some((failure.to_owned(), message.to_owned()));
            }
        } else if let Some(power) = code.strip_prefix("PowerState/") {
            view.power = Some(power.to_ascii_lowercase());
        }
    }
    view
}

#[async_trait]
impl ComputeProvider for AzureCompute {
    async fn launch(&self, spec: &LaunchSpec) -> Result<String, ComputeError> {
        let machine = spec.client_token.as_str();
        let existing = self.arm.send(Method::GET, &self.url(Part::Vm, machine, ""), None).await?;
        if existing.status.is_success() {
            return Ok(machine.to_owned());
        }
        let subnet = self.settings.subnets.get(&spec.region).ok_or_else(|| {
            ComputeError::Permanent(format!("no Azure subnet is configured for {} (AZURE_SUBNET_IDS)", spec.region))
        })?;
        if spec.server.is_some() && self.settings.machine_identity.is_none() {
            return Err(ComputeError::Permanent(
                "pool VMs need a managed identity to read their secret (AZURE_MACHINE_IDENTITY_ID)".to_owned(),
            ));
        }
        let ip = json!({
            "location": spec.region,
            "tags": Self::tags(spec),
            "sku": { "name": "Standard" },
            "properties": { "publicIPAllocationMethod": "Static", "deleteOption": "Delete" }
        });
        self.create(Part::PublicIp, machine, ip).await?;
        self.create(Part::Nic, machine, self.nic_body(spec, machine, subnet)).await?;
        let answer =
            self.arm.send(Method::PUT, &self.url(Part::Vm, machine, ""), Some(&self.vm_body(spec, machine))).await?;
        if let Err(refused) = answer.accepted() {
            // No VM will use the IP and NIC: remove them now rather than at the reconciler's
            // next run. A transient refusal keeps them for the retried launch.
            if !matches!(refused, ComputeError::Transient(_)) {
                if let Err(e) = self.delete_parts(machine).await {
                    tracing::warn!(machine, error = %e, "Azure clean-up after a refused VM left parts to the reconciler");
                }
            }
            return Err(refused);
        }
        Ok(machine.to_owned())
    }

    async fn describe(&self, _region: &str, machine: &str) -> Result<MachineState, ComputeError> {
        let url = format!("{}&$expand=instanceView", self.url(Part::Vm, machine, ""));
        let answer = self.arm.send(Method::GET, &url, None).await?;
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(MachineState::Terminated);
        }
        answer.accepted()?;
        let view = view(&answer.body["properties"]["instanceView"]);
        if view.provisioning == "failed" {
            let (code, message) = view.failure.unwrap_or_default();
            return Err(refusal(StatusCode::OK, &code, &message));
        }
        Ok(match (view.provisioning.as_str(), view.power.as_deref()) {
            ("deleting", _) => MachineState::Terminated,
            (_, Some("stopped" | "stopping" | "deallocated" | "deallocating")) => MachineState::Terminated,
            (_, Some("running")) => {
                // The disk exists once the VM runs. Not tagging it now is no reason to fail the
                // check: the next one, or the terminate, tries again.
                if let Err(e) = self.tag_disk(machine, &answer.body["tags"]).await {
                    tracing::warn!(machine, error = %e, "Azure OS disk not tagged yet");
                }
                self.probe.running(self.public_ip(machine).await?).await
            }
            _ => MachineState::Pending,
        })
    }

    async fn terminate(&self, _region: &str, machine: &str) -> Result<(), ComputeError> {
        // Tagged before the VM goes, so a disk whose own deletion fails is still found by the
        // reconciler (a launch whose checks never saw the VM running left it untagged).
        let vm = self.arm.send(Method::GET, &self.url(Part::Vm, machine, ""), None).await?;
        if vm.status.is_success() {
            if let Err(e) = self.tag_disk(machine, &vm.body["tags"]).await {
                tracing::warn!(machine, error = %e, "Azure OS disk not tagged before its VM's deletion");
            }
        }
        match self.delete(Part::Vm, machine, self.settings.operation_wait).await? {
            Progress::Done => {
                // The VM is gone: its parts can go (ARM may have removed them with it already).
                if let Err(e) = self.delete_parts(machine).await {
                    tracing::warn!(machine, error = %e, "Azure parts left to the reconciler");
                }
            }
            Progress::Running => {
                tracing::info!(machine, "Azure VM deletion outlasted the wait; ARM deletes its parts with it");
            }
        }
        Ok(())
    }

    async fn tagged(&self, region: &str) -> Result<Vec<TaggedMachine>, ComputeError> {
        let mut machines: BTreeMap<String, TaggedMachine> = BTreeMap::new();
        let (vm_kind, _, _) = Part::Vm.path();
        for resource in self.tagged_resources().await? {
            if resource["location"].as_str() != Some(region) {
                continue;
            }
            let tag = |key: &str| resource["tags"][key].as_str().map(str::to_owned);
            let name = resource["name"].as_str().unwrap_or_default();
            let machine_id = tag(TAG_INSTANCE).unwrap_or_else(|| machine_of(name).to_owned());
            if machine_id.is_empty() {
                continue;
            }
            let is_vm = resource["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(vm_kind));
            let machine = machines.entry(machine_id.clone()).or_insert(TaggedMachine {
                machine_id,
                tenant: tag(TAG_TENANT),
                instance_id: tag(TAG_INSTANCE),
                parts_only: true,
            });
            machine.parts_only &= !is_vm;
        }
        Ok(machines.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_belongs_to_the_machine_its_name_starts_with() {
        assert_eq!(machine_of("0199-abc-nic"), "0199-abc");
        assert_eq!(machine_of("0199-abc-ip"), "0199-abc");
        assert_eq!(machine_of("0199-abc-osdisk"), "0199-abc");
        assert_eq!(machine_of("0199-abc"), "0199-abc");
    }

    #[test]
    fn the_instance_view_gives_provisioning_and_power_states() {
        let running = json!({ "statuses": [
            { "code": "ProvisioningState/succeeded" }, { "code": "PowerState/running" }
        ]});
        assert_eq!(
            view(&running),
            View { provisioning: "succeeded".to_owned(), failure: None, power: Some("running".to_owned()) }
        );
        let failed = json!({ "statuses": [
            { "code": "ProvisioningState/failed/AllocationFailed", "message": "no capacity" }
        ]});
        let failed = view(&failed);
        assert_eq!((failed.provisioning.as_str(), failed.power), ("failed", None));
        assert_eq!(failed.failure, Some(("AllocationFailed".to_owned(), "no capacity".to_owned())));
    }
}
