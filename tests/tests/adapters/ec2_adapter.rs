//! The EC2 compute provider against moto's server: an idempotent launch with the product's tags,
//! an encrypted root volume of the requested size and the inference-server user data; describe
//! and terminate, and a machine EC2 no longer knows read as terminated. (moto runs a machine at
//! once and never answers a health check, so `pending` and `serving` are covered by the
//! lifecycle's tests on the simulated cloud.)

use std::collections::HashMap;

use base64::Engine;
use shared::adapters::ec2::{Ec2Compute, Ec2Settings};
use shared::app::instances::{TAG_INSTANCE, TAG_PRODUCT, TAG_TENANT};
use shared::ports::{ComputeProvider, LaunchSpec, MachineState};
use tests::emulator;

const REGION: &str = "us-east-1";

fn spec(token: &str) -> LaunchSpec {
    LaunchSpec {
        client_token: token.to_owned(),
        instance_type: "g5.xlarge".to_owned(),
        region: REGION.to_owned(),
        disk_size_gb: 150,
        tags: vec![
            (TAG_PRODUCT.to_owned(), "true".to_owned()),
            (TAG_TENANT.to_owned(), "clinic-a".to_owned()),
            (TAG_INSTANCE.to_owned(), token.to_owned()),
        ],
        server: None,
    }
}

/// `None`: no emulator, the test is skipped.
async fn ec2() -> Option<(Ec2Compute, aws_sdk_ec2::Client, String)> {
    let config = emulator::sdk_config().await?;
    let client = aws_sdk_ec2::Client::new(&config);
    // An image moto knows (any of its default AMIs).
    let images = client.describe_images().send().await.expect("images");
    let image = images.images().first().and_then(|i| i.image_id()).expect("an AMI").to_owned();
    let settings =
        Ec2Settings { images: HashMap::from([(REGION.to_owned(), image.clone())]), ..Ec2Settings::default() };
    Some((Ec2Compute::new(config, settings).expect("adapter"), client, image))
}

#[tokio::test]
async fn a_launch_is_idempotent_tagged_and_carries_the_inference_server() {
    let Some((compute, client, image)) = ec2().await else { return };
    let token = shared::ids::new_id();
    let machine = compute.launch(&spec(&token)).await.expect("launched");
    assert_eq!(compute.launch(&spec(&token)).await.expect("again"), machine, "the same instance id, the same machine");

    let out = client.describe_instances().instance_ids(&machine).send().await.expect("describe");
    let instance = out.reservations()[0].instances()[0].clone();
    assert_eq!(instance.image_id(), Some(image.as_str()));
    assert_eq!(instance.instance_type().map(|t| t.as_str()), Some("g5.xlarge"));
    let tags: HashMap<&str, &str> = instance.tags().iter().filter_map(|t| Some((t.key()?, t.value()?))).collect();
    assert_eq!((tags.get(TAG_TENANT), tags.get(TAG_INSTANCE)), (Some(&"clinic-a"), Some(&token.as_str())));
    let attribute = client
        .describe_instance_attribute()
        .instance_id(&machine)
        .attribute(aws_sdk_ec2::types::InstanceAttributeName::UserData)
        .send()
        .await
        .expect("user data");
    let encoded = attribute.user_data().and_then(|u| u.value()).expect("user data set");
    let script =
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64")).expect("utf-8");
    assert_eq!(script, Ec2Settings::default().server.boot_script(None));
    let volume_id = instance.block_device_mappings()[0].ebs().and_then(|e| e.volume_id()).expect("volume").to_owned();
    let volumes = client.describe_volumes().volume_ids(volume_id).send().await.expect("volume");
    assert_eq!(volumes.volumes()[0].size(), Some(150));

    // The reconciler's view: the machine, by the product's tag, with its tenant and instance.
    let tagged = compute.tagged(REGION).await.expect("tagged");
    let mine = tagged.iter().find(|m| m.machine_id == machine).expect("listed");
    assert_eq!((mine.tenant.as_deref(), mine.instance_id.as_deref()), (Some("clinic-a"), Some(token.as_str())));

    // moto runs it at once; it has no inference server, so it does not serve.
    assert!(matches!(
        compute.describe(REGION, &machine).await.expect("state"),
        MachineState::Running { serving: false, .. }
    ));
    compute.terminate(REGION, &machine).await.expect("terminated");
    compute.terminate(REGION, &machine).await.expect("terminate is idempotent");
    assert_eq!(compute.describe(REGION, &machine).await.expect("state"), MachineState::Terminated);
    assert!(!compute.tagged(REGION).await.expect("tagged").iter().any(|m| m.machine_id == machine));
    // After termination a new launch for another instance id gets a new machine.
    let other = compute.launch(&spec(&shared::ids::new_id())).await.expect("launched");
    assert_ne!(other, machine);
    compute.terminate(REGION, &other).await.expect("terminated");
}

#[tokio::test]
async fn an_unknown_machine_reads_as_terminated_and_a_region_without_an_image_is_refused() {
    let Some((compute, _, _)) = ec2().await else { return };
    assert_eq!(compute.describe(REGION, "i-0123456789abcdef0").await.expect("state"), MachineState::Terminated);
    compute.terminate(REGION, "i-0123456789abcdef0").await.expect("nothing to terminate");
    let mut elsewhere = spec(&shared::ids::new_id());
    elsewhere.region = "eu-west-1".to_owned();
    let err = compute.launch(&elsewhere).await.expect_err("no AMI for the region");
    assert!(err.to_string().contains("GPU_AMI_IDS"), "{err}");
}
