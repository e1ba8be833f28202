//! `local` binary: `local` serves the product; `local openapi` prints the contract;
//! `local create-api-key --tenant T [--label L]` issues a
//! key into the configured key table (for `LOCAL_BACKEND=aws`).

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use local::{App, Backend, Config, KeySetup};
use shared::domain::tenant::{ApiKeyRecord, IssuedKey, TenantId};

#[tokio::main]
async fn main() -> ExitCode {
    shared::telemetry::init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some("create-api-key") => create_api_key(&args[1..]).await,
        Some("openapi") => serde_json::to_string_pretty(&local::openapi::document())
            .map(|doc| println!("{doc}"))
            .map_err(|e| e.to_string()),
        Some(_) => {
            Err("usage: local [serve] | local openapi | local create-api-key --tenant <id> [--label <text>]".to_owned())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("local: {message}");
            ExitCode::from(2)
        }
    }
}

async fn serve() -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let backend = config.backend;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.port));
    let (app, keys) = App::build(config).await?;
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    print_banner(addr, backend, &keys);
    // Build the default model's token tables now, in the background, rather than inside the first
    // optimizer request (a second or more in a debug build).
    tokio::task::spawn_blocking(|| {
        use shared::domain::optimizer::TokenCounter;
        if let Ok(tokenizer) = shared::tokenizer::ModelTokenizer::for_model(shared::tokenizer::DEFAULT_MODEL) {
            tokenizer.counter().count("warm up");
        }
    });
    local::serve(listener, app, shutdown_signal()).await.map_err(|e| e.to_string())
}

fn print_banner(addr: SocketAddr, backend: Backend, keys: &KeySetup) {
    let base = format!("http://{addr}");
    println!(
        "local: serving every route on {base} (backend: {})",
        if backend == Backend::Memory { "memory" } else { "aws" }
    );
    match keys {
        KeySetup::Generated(key) => {
            println!("local: LOCAL_API_KEYS is not set, so this run created one key for tenant \"{}\":", key.tenant);
            println!("\n    {}\n", key.secret);
            println!(
                "Try it:\n    curl -s {base}/health\n    curl -s -H 'Authorization: Bearer {}' {base}/api/tenant\n",
                key.secret
            );
        }
        KeySetup::Configured(tenants) => {
            println!("local: API keys from LOCAL_API_KEYS for tenants: {}", tenants.join(", "))
        }
        KeySetup::FromTable => println!("local: API keys are read from the API_KEYS_TABLE table"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = terminate => {} }
}

async fn create_api_key(args: &[String]) -> Result<(), String> {
    let mut tenant = None;
    let mut label = "created by local create-api-key".to_owned();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--tenant", Some(v)) => tenant = Some(TenantId::parse(v).map_err(|e| e.to_string())?),
            ("--label", Some(v)) => label = v.clone(),
            _ => {
                return Err(format!(
                    "unexpected argument {flag:?}; usage: local create-api-key --tenant <id> [--label <text>]"
                ))
            }
        }
    }
    let tenant = tenant.ok_or("--tenant is required")?;
    let mut env = shared::config::EnvReader::new();
    let tables = shared::wiring::stores::Tables::from_env(&mut env);
    env.finish().map_err(|e| format!("{e} (create-api-key writes to the DynamoDB key table)"))?;
    let stores = shared::wiring::stores::Stores::dynamodb(&shared::wiring::aws_config().await, &tables);
    let issued = IssuedKey::generate().map_err(|e| e.to_string())?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    let record =
        ApiKeyRecord { hash: issued.hash.clone(), tenant: tenant.clone(), label, created_at_ms: now, disabled: false };
    stores.api_keys.put(&record).await.map_err(|e| e.to_string())?;
    println!("Created a key for tenant {tenant}. It is shown once; only its hash is stored:\n{}", issued.secret);
    Ok(())
}
