//! The EC2 compute provider against moto's server: an idempotent launch with the product's tags,
//! an encrypted root volume of the requested size and the inference-server user data; describe
//! and terminate, and a machine EC2 no longer knows read as terminated. (moto runs a machine at
//! once and never answers a health check, so `pending` and `serving` are covered by the
//! lifecycle's tests on the simulated cloud.) A pool machine gets the machines' instance profile
//! and user data that names its secret; the secret itself is stored, bound to the machine and
//! deleted in Secrets Manager.

use std::collections::HashMap;

use base64::Engine;
use shared::adapters::ec2::{Ec2Compute, Ec2Settings};
use shared::app::instances::{TAG_INSTANCE, TAG_PRODUCT, TAG_TENANT};
use shared::ports::{ComputeError, ComputeProvider, LaunchSpec, MachineState, SecretRef, ServerLaunch};
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

/// A machine's user data, decoded: its boot script as EC2 keeps it.
async fn user_data(client: &aws_sdk_ec2::Client, machine: &str) -> String {
    let attribute = client
        .describe_instance_attribute()
        .instance_id(machine)
        .attribute(aws_sdk_ec2::types::InstanceAttributeName::UserData)
        .send()
        .await
        .expect("user data");
    let encoded = attribute.user_data().and_then(|u| u.value()).expect("user data set");
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64")).expect("utf-8")
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
    let script = user_data(&client, &machine).await;
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

/// Creates an instance profile in moto's IAM (the tests crate links no IAM SDK for one call):
/// IAM's query API, which moto's server routes by the signature's service. Its ARN.
async fn instance_profile(endpoint: &str, name: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{endpoint}/"))
        .header(
            "authorization",
            "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        )
        .form(&[("Action", "CreateInstanceProfile"), ("InstanceProfileName", name), ("Version", "2010-05-08")])
        .send()
        .await
        .expect("IAM answers");
    let body = response.text().await.expect("body");
    let arn = body.split("<Arn>").nth(1).and_then(|rest| rest.split("</Arn>").next()).expect("the profile's ARN");
    arn.to_owned()
}

#[tokio::test]
async fn a_pool_machine_gets_the_instance_profile_and_user_data_naming_its_secret_never_holding_it() {
    let Some((compute, client, image)) = ec2().await else { return };
    let Some(endpoint) = emulator::endpoint().await else { return };
    let profile = instance_profile(&endpoint, &format!("gpu-machines-{}", shared::ids::new_id())).await;
    let config = emulator::sdk_config().await.expect("emulator");
    let settings = Ec2Settings {
        images: HashMap::from([(REGION.to_owned(), image)]),
        instance_profile: Some(profile.clone()),
        ..Ec2Settings::default()
    };
    let with_profile = Ec2Compute::new(config, settings).expect("adapter");
    let secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:stack/gpu-machine/x-AbCdEf";
    let mut pool = spec(&shared::ids::new_id());
    pool.server = Some(ServerLaunch {
        model: "Qwen/Qwen2.5-7B-Instruct".to_owned(),
        served_name: "qwen2.5:7b".to_owned(),
        gated: false,
        key: SecretRef::AwsSecret(secret.to_owned()),
    });

    // Without a profile a pool machine could never read its secret: it is not launched.
    let err = compute.launch(&pool).await.expect_err("no instance profile");
    assert!(matches!(err, ComputeError::Permanent(ref m) if m.contains("GPU_MACHINE_INSTANCE_PROFILE_ARN")), "{err}");

    let machine = with_profile.launch(&pool).await.expect("launched");
    let out = client.describe_instances().instance_ids(&machine).send().await.expect("describe");
    let instance = &out.reservations()[0].instances()[0];
    assert_eq!(instance.iam_instance_profile().and_then(|p| p.arn()), Some(profile.as_str()));
    assert_eq!(
        instance.metadata_options().and_then(|m| m.http_tokens()),
        Some(&aws_sdk_ec2::types::HttpTokensState::Required),
        "IMDSv2 only"
    );
    let script = user_data(&client, &machine).await;
    assert!(script.contains(&format!("aws_secret 'us-east-1' '{secret}'")), "{script}");
    assert!(!script.contains("VLLM_API_KEY='"), "{script}");

    // A machine rented by hand gets no identity.
    let plain = with_profile.launch(&spec(&shared::ids::new_id())).await.expect("launched");
    let out = client.describe_instances().instance_ids(&plain).send().await.expect("describe");
    assert!(out.reservations()[0].instances()[0].iam_instance_profile().is_none());
    for m in [machine, plain] {
        with_profile.terminate(REGION, &m).await.expect("terminated");
    }
}

/// Pool machines' secrets in Secrets Manager: created tagged under the prefix, bound to one
/// machine by its ARN, replaced on a retried launch, deleted idempotently.
#[tokio::test]
async fn machine_secrets_are_put_bound_to_their_machine_and_deleted_idempotently() {
    use shared::adapters::secretsmanager::SecretsManagerMachineSecrets;
    use shared::app::instances::TAG_MACHINE;
    use shared::domain::instances::ServerKey;
    use shared::ports::MachineSecrets;

    let Some(config) = emulator::sdk_config().await else { return };
    let client = aws_sdk_secretsmanager::Client::new(&config);
    let prefix = format!("test-stack-{}/gpu-machine/", std::process::id());
    let secrets = SecretsManagerMachineSecrets::new(&config, prefix.clone());
    let id = shared::ids::new_id();
    let tags = spec(&id).tags;

    let reference = secrets.put(&id, &ServerKey("first-value".to_owned()), &tags).await.expect("stored");
    let SecretRef::AwsSecret(arn) = &reference else { panic!("an ARN: {reference:?}") };
    assert!(
        arn.starts_with("arn:aws:secretsmanager:us-east-1:") && arn.contains(&format!(":secret:{prefix}{id}")),
        "{arn}"
    );
    // A retried launch puts it again: the same secret, the value replaced.
    assert_eq!(secrets.put(&id, &ServerKey("second-value".to_owned()), &tags).await.expect("again"), reference);
    let value = client.get_secret_value().secret_id(arn).send().await.expect("read");
    assert_eq!(value.secret_string(), Some("second-value"));

    secrets.bind(&reference, "eu-west-1", "i-0123456789abcdef0").await.expect("bound");
    let described = client.describe_secret().secret_id(arn).send().await.expect("described");
    let tag = |key: &str| described.tags().iter().find(|t| t.key() == Some(key)).and_then(|t| t.value());
    let account = arn.split(':').nth(4).expect("account");
    assert_eq!(
        tag(TAG_MACHINE),
        Some(format!("arn:aws:ec2:eu-west-1:{account}:instance/i-0123456789abcdef0").as_str())
    );
    assert_eq!(tag(TAG_INSTANCE), Some(id.as_str()));

    secrets.delete(&id).await.expect("deleted");
    let gone = client.describe_secret().secret_id(arn).send().await;
    assert!(gone.is_err() || gone.as_ref().is_ok_and(|d| d.deleted_date().is_some()), "{gone:?}");
    secrets.delete(&id).await.expect("deleting again is fine");
    secrets.delete(&shared::ids::new_id()).await.expect("a secret never stored is fine");
}
