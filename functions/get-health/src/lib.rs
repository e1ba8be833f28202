//! `GET /health/live`, `GET /health/ready`, `GET /health`: no authentication.
//!
//! `live` says the process answers. `ready` checks every dependency the deployment uses,
//! concurrently and each within `PROBE_TIMEOUT`, and reports each one's state and latency; it is
//! 503 when any is down so a load balancer or deploy check can act on the status alone. `/health`
//! is both.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::StatusCode;
use shared::domain::health::{all_up, DependencyReport, DependencyState, HealthBody};
use shared::http::{ApiError, ApiRequest, ApiResponse};
use shared::ports::DependencyProbe;

/// A dependency slower than this is reported down: readiness must answer fast even when a
/// dependency hangs.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub struct Deps {
    pub probes: Vec<Arc<dyn DependencyProbe>>,
}

pub async fn handle(deps: Arc<Deps>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let version = env!("CARGO_PKG_VERSION");
    if request.path.trim_end_matches('/').ends_with("/live") {
        let body = HealthBody { status: "ok", live: true, ready: None, version, dependencies: None };
        return Ok(ApiResponse::ok(&body));
    }
    let reports = check_all(&deps.probes).await;
    let ready = all_up(&reports);
    let body = HealthBody {
        status: if ready { "ok" } else { "unavailable" },
        live: true,
        ready: Some(ready),
        version,
        dependencies: Some(reports),
    };
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    Ok(ApiResponse::json(status, &body))
}

async fn check_all(probes: &[Arc<dyn DependencyProbe>]) -> Vec<DependencyReport> {
    let mut tasks = tokio::task::JoinSet::new();
    for (index, probe) in probes.iter().cloned().enumerate() {
        tasks.spawn(async move { (index, check_one(probe.as_ref()).await) });
    }
    let mut reports: Vec<Option<DependencyReport>> = vec![None; probes.len()];
    while let Some(joined) = tasks.join_next().await {
        if let Ok((index, report)) = joined {
            reports[index] = Some(report);
        }
    }
    // A probe task that panicked is reported down rather than dropped from the list.
    reports
        .into_iter()
        .zip(probes)
        .map(|(report, probe)| {
            report.unwrap_or_else(|| DependencyReport {
                name: probe.name().to_owned(),
                kind: probe.kind().to_owned(),
                state: DependencyState::Down,
                latency_ms: 0.0,
                detail: Some("probe failed".to_owned()),
            })
        })
        .collect()
}

async fn check_one(probe: &dyn DependencyProbe) -> DependencyReport {
    let started = Instant::now();
    let outcome = match tokio::time::timeout(PROBE_TIMEOUT, probe.check()).await {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {} ms", PROBE_TIMEOUT.as_millis())),
    };
    let latency_ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    if let Err(detail) = &outcome {
        tracing::warn!(dependency = probe.name(), detail, "dependency not ready");
    }
    DependencyReport {
        name: probe.name().to_owned(),
        kind: probe.kind().to_owned(),
        state: if outcome.is_ok() { DependencyState::Up } else { DependencyState::Down },
        latency_ms,
        detail: outcome.err(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fixed_probes::{Fixed, Hanging};
    use shared::http::Access;

    /// Probes with a fixed answer; the code under test is the aggregation, timing and status.
    mod fixed_probes {
        use shared::ports::DependencyProbe;
        pub struct Fixed {
            pub name: &'static str,
            pub answer: Result<(), &'static str>,
        }
        #[async_trait::async_trait]
        impl DependencyProbe for Fixed {
            fn name(&self) -> &str {
                self.name
            }
            fn kind(&self) -> &str {
                "test"
            }
            async fn check(&self) -> Result<(), String> {
                self.answer.map_err(str::to_owned)
            }
        }
        pub struct Hanging;
        #[async_trait::async_trait]
        impl DependencyProbe for Hanging {
            fn name(&self) -> &str {
                "hanging"
            }
            fn kind(&self) -> &str {
                "test"
            }
            async fn check(&self) -> Result<(), String> {
                std::future::pending().await
            }
        }
    }

    async fn invoke(fixture: &str, probes: Vec<Arc<dyn DependencyProbe>>) -> (StatusCode, serde_json::Value) {
        let deps = Arc::new(Deps { probes });
        shared::test_util::serve_fixture(fixture, Access::Public, |r| handle(deps, r)).await
    }

    #[tokio::test]
    async fn live_answers_without_checking_dependencies() {
        let (status, body) =
            invoke("events/get-health/live.json", vec![Arc::new(Fixed { name: "db", answer: Err("down") })]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["live"], true);
        assert!(body.get("dependencies").is_none());
    }

    #[tokio::test]
    async fn ready_lists_each_dependency_and_is_503_when_one_is_down() {
        let probes: Vec<Arc<dyn DependencyProbe>> = vec![
            Arc::new(Fixed { name: "keys", answer: Ok(()) }),
            Arc::new(Fixed { name: "limits", answer: Err("table not found") }),
        ];
        let (status, body) = invoke("events/get-health/ready.json", probes).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["ready"], false);
        assert_eq!(body["dependencies"][0]["name"], "keys");
        assert_eq!(body["dependencies"][0]["state"], "up");
        assert_eq!(body["dependencies"][1]["state"], "down");
        assert_eq!(body["dependencies"][1]["detail"], "table not found");
        assert!(body["dependencies"][0]["latencyMs"].is_number());
    }

    #[tokio::test]
    async fn combined_health_is_ok_when_everything_is_up() {
        let (status, body) =
            invoke("events/get-health/health.json", vec![Arc::new(Fixed { name: "keys", answer: Ok(()) })]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["status"], "ok");
        assert_eq!(body["live"], true);
        assert_eq!(body["ready"], true);
    }

    #[tokio::test(start_paused = true)]
    async fn a_hanging_dependency_is_reported_down_after_the_probe_timeout() {
        let (status, body) = invoke("events/get-health/ready.json", vec![Arc::new(Hanging)]).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(body["dependencies"][0]["detail"].as_str().is_some_and(|d| d.contains("2000 ms")));
    }
}
