//! Structured JSON logs through `tracing`, one object per line, as CloudWatch's JSON log format
//! expects. Level from `LOG_LEVEL` (or Lambda's `AWS_LAMBDA_LOG_LEVEL`), default `info`.
//!
//! What is logged is decided at each call site: ids, routes, statuses, latencies and counts. Keys,
//! prompts and document content are never passed to a log macro.
//!
//! That holds for the product's own crates only. Below `info`, third-party crates log what passes
//! through them: `lambda_runtime` and `lambda_http` the raw invocation event (its `Authorization`
//! header, the request body with its prompt or document), hyper, h2 and reqwest headers and
//! bodies, the AWS SDK (`aws_smithy_*`) requests with their payloads. So `LOG_LEVEL` sets the level
//! of the product's crates ([`OWN_CRATES`]) and of everything else up to `info` at most: with
//! `LOG_LEVEL=TRACE` our crates trace, and no dependency logs below `info`.
//!
//! `LOG_LEVEL` is a level (`trace`, `debug`, `info`, `warn`, `error`, `off`; any case; Lambda's
//! `FATAL` is `error`), or `tracing` directives (`info,shared::app::chat=debug`); a directive for a
//! third-party target is capped at `info` as well. An unreadable value is `info`.

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The most a third-party crate logs, whatever `LOG_LEVEL` says.
pub const THIRD_PARTY_MAX: LevelFilter = LevelFilter::INFO;

/// The product's crates, by `tracing` target (the crate name with `_`): `shared`, `local` and
/// every function under `functions/` (a test keeps this list complete). Their events follow
/// `LOG_LEVEL` all the way down.
pub const OWN_CRATES: &[&str] = &[
    "shared",
    "local",
    "authorize_api_key",
    "cancel_task",
    "create_chat_completion",
    "create_instance",
    "create_task",
    "delete_conversation",
    "erase_tenant_data",
    "put_tenant_retention",
    "get_tenant_retention",
    "export_tenant_data",
    "delete_gpu_pool",
    "get_conversation",
    "get_gpu_pool",
    "get_health",
    "get_instance",
    "get_instance_stats",
    "get_optimizer_stats",
    "get_queue_stats",
    "get_task",
    "get_task_events",
    "get_tenant",
    "get_tenant_job",
    "get_tenant_usage",
    "list_conversations",
    "list_instances",
    "list_models",
    "list_tasks",
    "list_tenant_audit",
    "on_reconcile_instances",
    "on_requeue_tasks",
    "optimize_context",
    "optimize_context_batch",
    "orchestrate_query",
    "process_analysis_queue",
    "process_tenant_jobs",
    "put_gpu_pool",
    "report_instance_work",
    "send_chat_message",
    "stream_responses",
    "task_check_instance",
    "task_provision_instance",
    "task_terminate_instance",
    "terminate_instance",
    "update_task_progress",
];

pub fn init() {
    let setting = std::env::var("LOG_LEVEL").or_else(|_| std::env::var("AWS_LAMBDA_LOG_LEVEL")).ok();
    // A second init (tests, or `local` embedding handlers) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
        .with_target(false)
        .with_max_level(LevelFilter::TRACE)
        .finish()
        .with(filter(setting.as_deref()))
        .try_init();
}

/// Which events are logged, from the `LOG_LEVEL` setting (see the module docs).
pub fn filter(setting: Option<&str>) -> Targets {
    let asked = parse(setting.unwrap_or("info"));
    let level = asked.default_level().unwrap_or(LevelFilter::OFF);
    let mut filter = Targets::new()
        .with_default(level.min(THIRD_PARTY_MAX))
        .with_targets(OWN_CRATES.iter().map(|name| (*name, level)));
    for (target, directive) in &asked {
        let level = if is_own(target) { directive } else { directive.min(THIRD_PARTY_MAX) };
        filter = filter.with_target(target, level);
    }
    filter
}

fn parse(setting: &str) -> Targets {
    let setting = setting.trim();
    if setting.eq_ignore_ascii_case("fatal") {
        return Targets::new().with_default(LevelFilter::ERROR);
    }
    if let Ok(level) = setting.parse::<LevelFilter>() {
        return Targets::new().with_default(level);
    }
    // Directives give targets their levels (`info,shared::app::chat=debug`). A bare word is a target
    // to `tracing`, so `bogus` alone would silence everything else: that is not taken.
    match setting.parse::<Targets>() {
        Ok(targets) if setting.contains('=') => targets,
        _ => Targets::new().with_default(LevelFilter::INFO),
    }
}

fn is_own(target: &str) -> bool {
    let krate = target.split("::").next().unwrap_or(target);
    OWN_CRATES.contains(&krate)
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What the subscriber `init` builds prints, with `setting` as `LOG_LEVEL`, for events that
    /// stand for what the Lambda runtime, the HTTP stack and the AWS SDK log at trace and debug
    /// (raw events with their `Authorization` header, request bodies with prompts) and for events
    /// of the product's own crates.
    fn logged(setting: &str) -> String {
        let out = Captured::default();
        let writer = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(move || writer.clone())
            .with_max_level(tracing_subscriber::filter::LevelFilter::TRACE)
            .finish()
            .with(filter(Some(setting)));
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "lambda_runtime", "event: Authorization: Bearer aik_secret-trace");
            tracing::debug!(target: "lambda_runtime::layers::api_client", "event: Bearer aik_secret-debug");
            tracing::trace!(target: "lambda_http", "body: the patient's prompt-trace");
            tracing::debug!(target: "hyper::proto::h1::io", "parsed headers: x-api-key: aik_secret-hyper");
            tracing::trace!(target: "reqwest::connect", "body: prompt-reqwest");
            tracing::trace!(target: "aws_smithy_runtime::client::orchestrator", "request body: prompt-smithy");
            tracing::debug!(target: "h2::codec", "frame: prompt-h2");
            tracing::info!(target: "lambda_runtime", "third-party-info");
            tracing::trace!(target: "shared::app::chat", "ours-trace");
            tracing::debug!(target: "local::server", "ours-debug");
            tracing::debug!(target: "create_task", "function-debug");
            tracing::info!(target: "shared::http::gateway", "ours-info");
            tracing::warn!(target: "shared", "ours-warn");
        });
        let bytes = out.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        String::from_utf8(bytes).unwrap_or_default()
    }

    #[test]
    fn no_level_lets_third_party_crates_log_below_info() {
        for setting in ["TRACE", "trace", "DEBUG", "debug", "info", "WARN", "error", "FATAL", "off", "bogus"] {
            let out = logged(setting);
            for leak in ["aik_secret", "prompt"] {
                assert!(!out.contains(leak), "LOG_LEVEL={setting} printed `{leak}`:\n{out}");
            }
        }
    }

    #[test]
    fn the_products_crates_log_at_the_level_asked() {
        let trace = logged("TRACE");
        for ours in ["ours-trace", "ours-debug", "function-debug", "ours-info", "ours-warn", "third-party-info"] {
            assert!(trace.contains(ours), "LOG_LEVEL=TRACE dropped {ours}:\n{trace}");
        }
        let debug = logged("debug");
        assert!(!debug.contains("ours-trace") && debug.contains("ours-debug"), "{debug}");
        let info = logged("info");
        assert!(!info.contains("ours-debug") && info.contains("ours-info") && info.contains("third-party-info"));
        let warn = logged("WARN");
        assert!(!warn.contains("ours-info") && !warn.contains("third-party-info") && warn.contains("ours-warn"));
        assert!(logged("bogus").contains("ours-info"), "an unreadable level is info");
        assert!(logged("off").is_empty());
    }

    #[test]
    fn directives_are_capped_for_third_party_targets_too() {
        let f = filter(Some("info,shared::app::chat=trace,hyper=trace,lambda_runtime=debug"));
        assert!(f.would_enable("shared::app::chat", &tracing::Level::TRACE));
        assert!(!f.would_enable("shared::http", &tracing::Level::DEBUG));
        assert!(!f.would_enable("hyper::proto", &tracing::Level::DEBUG));
        assert!(!f.would_enable("lambda_runtime", &tracing::Level::DEBUG));
        assert!(f.would_enable("lambda_runtime", &tracing::Level::INFO));
        let f = filter(Some("TRACE"));
        assert!(
            f.would_enable("shared", &tracing::Level::TRACE) && f.would_enable("get_health", &tracing::Level::TRACE)
        );
        for third_party in [
            "lambda_runtime",
            "lambda_http",
            "hyper",
            "hyper_util",
            "reqwest",
            "h2",
            "aws_smithy_runtime",
            "aws_config",
            "tower",
            "rustls",
        ] {
            assert!(!f.would_enable(third_party, &tracing::Level::DEBUG), "{third_party}");
        }
    }

    /// Every function crate's events follow LOG_LEVEL: each folder of `functions/` is listed.
    #[test]
    fn every_function_crate_is_one_of_ours() {
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from).unwrap_or_default();
        let functions = manifest.parent().map(|root| root.join("functions")).unwrap_or_default();
        let entries =
            std::fs::read_dir(&functions).map(|d| d.filter_map(Result::ok).collect::<Vec<_>>()).unwrap_or_default();
        assert!(!entries.is_empty(), "no functions under {}", functions.display());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().replace('-', "_");
            assert!(OWN_CRATES.contains(&name.as_str()), "functions/{name} is missing from telemetry::OWN_CRATES");
        }
    }
}
