//! The reconciler: on a schedule, compares what each cloud runs with the product's tags against
//! the instance table, so no machine outlives its record and no record outlives its machine.
//!
//! - A tagged machine with no record, or whose record is final or names another machine: an
//!   **orphan**, terminated. This includes a machine of which only tagged parts are left (an
//!   Azure NIC, public IP or OS disk that a failed delete left behind): terminating it deletes
//!   every part by name. A record still provisioning, with no machine recorded yet, owns the
//!   machines tagged with its id (its launch is under way).
//! - A record not final whose lifecycle is overdue by `grace` (configuring past its timeout,
//!   idle past its deadline, stuck provisioning or stopping): its execution died; it is closed
//!   (machine terminated, record FAILED `Instance.Overdue`).
//! - A record with a machine the cloud no longer runs (launched more than `grace` ago), parts
//!   left or not: **vanished**, closed FAILED `Instance.Vanished` (which deletes the parts).
//!
//! Every action is logged, and the report (the ids acted on, and any errors) is the function's
//! output and, through `ReconcileReport::metrics`, four CloudWatch metrics.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use super::service::{AWS_REGIONS, AZURE_REGIONS};
use super::Lifecycle;
use crate::domain::instances::{CloudProvider, Instance, InstanceStatus};
use crate::domain::tenant::TenantId;

#[derive(Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReconcileReport {
    /// Machine ids terminated for having no live record.
    pub orphans_terminated: Vec<String>,
    /// Instance ids closed because their lifecycle was overdue.
    pub overdue_closed: Vec<String>,
    /// Instance ids closed because their machine was gone.
    pub vanished: Vec<String>,
    pub errors: Vec<String>,
}

/// The CloudWatch namespace of the reconciler's metrics.
pub const METRICS_NAMESPACE: &str = "AiAnalysisBackend/Instances";

impl ReconcileReport {
    /// The report's counts as one CloudWatch Embedded Metric Format document: printed as a log
    /// line, CloudWatch turns it into the metrics `OrphansTerminated`, `OverdueClosed`,
    /// `VanishedClosed` and `ReconcileErrors` (no SDK call, no extra latency), with the dimension
    /// `Function` (the reconciler's function name: one per stack). A steady `OrphansTerminated`
    /// above zero means machines are being leaked and caught.
    pub fn metrics(&self, timestamp_ms: i64, function: &str) -> String {
        use crate::metrics::{Metric, Unit};
        let counts = [
            ("OrphansTerminated", self.orphans_terminated.len()),
            ("OverdueClosed", self.overdue_closed.len()),
            ("VanishedClosed", self.vanished.len()),
            ("ReconcileErrors", self.errors.len()),
        ];
        let metrics: Vec<Metric> = counts.iter().map(|(name, n)| Metric::new(name, Unit::Count, *n as f64)).collect();
        crate::metrics::line(METRICS_NAMESPACE, timestamp_ms, &[("Function", function)], &metrics)
    }
}

pub struct Reconciler {
    pub(crate) lifecycle: Arc<Lifecycle>,
    /// How late a lifecycle step may be before the reconciler steps in.
    pub(crate) grace: Duration,
}

fn regions(provider: CloudProvider) -> &'static [&'static str] {
    match provider {
        CloudProvider::Aws => AWS_REGIONS,
        CloudProvider::Azure => AZURE_REGIONS,
    }
}

impl Reconciler {
    pub fn new(lifecycle: Arc<Lifecycle>, grace: Duration) -> Self {
        Self { lifecycle, grace }
    }

    pub fn lifecycle(&self) -> &Arc<Lifecycle> {
        &self.lifecycle
    }

    /// When the record's lifecycle should have moved on by.
    fn due_ms(&self, i: &Instance) -> i64 {
        let settings = &self.lifecycle.settings;
        let base = match i.status {
            InstanceStatus::Configuring => {
                i.launched_at_ms.unwrap_or(i.created_at_ms) + settings.configure_timeout.as_millis() as i64
            }
            InstanceStatus::Ready | InstanceStatus::Running => {
                i.idle_deadline_ms(settings.minute_ms(), self.lifecycle.clock.now_ms()).unwrap_or(i.created_at_ms)
            }
            _ => i.created_at_ms,
        };
        base + self.grace.as_millis() as i64
    }

    async fn close(&self, i: &Instance, reason: &str, list: &mut Vec<String>, report_errors: &mut Vec<String>) {
        match self.lifecycle.close(&i.tenant, &i.id, super::Closer::Lifecycle, Some(reason)).await {
            Ok(_) => {
                tracing::warn!(instance = %i.id, tenant = %i.tenant, reason, "reconciler closed an instance");
                list.push(i.id.clone());
            }
            Err(e) => report_errors.push(format!("closing {}: {e}", i.id)),
        }
    }

    pub async fn run(&self) -> ReconcileReport {
        let mut report = ReconcileReport::default();
        let now = self.lifecycle.clock.now_ms();
        let active = match self.lifecycle.store.active().await {
            Ok(active) => active,
            Err(e) => {
                report.errors.push(format!("instance store: {e}"));
                return report;
            }
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut listed: HashSet<(CloudProvider, &str)> = HashSet::new();
        for provider in [CloudProvider::Aws, CloudProvider::Azure] {
            let Some(cloud) = self.lifecycle.clouds.get(provider) else { continue };
            for region in regions(provider) {
                let machines = match cloud.tagged(region).await {
                    Ok(machines) => machines,
                    Err(e) => {
                        report.errors.push(format!("{provider:?} {region}: {e}"));
                        continue;
                    }
                };
                listed.insert((provider, region));
                for machine in machines {
                    // Parts without their VM run nothing: the record whose machine they were has
                    // vanished (below), and they go with it or as an orphan's.
                    if !machine.parts_only {
                        seen.insert(machine.machine_id.clone());
                    }
                    let record = match (machine.tenant.as_deref().map(TenantId::parse), &machine.instance_id) {
                        (Some(Ok(tenant)), Some(id)) => match self.lifecycle.store.get(&tenant, id).await {
                            Ok(record) => record,
                            Err(e) => {
                                report.errors.push(format!("instance store: {e}"));
                                continue;
                            }
                        },
                        _ => None,
                    };
                    // A record still launching owns the machines tagged with its id before it
                    // has recorded one: its launch is under way (or being retried).
                    let live = record.as_ref().is_some_and(|r| match &r.machine_id {
                        Some(id) => !r.status.is_final() && *id == machine.machine_id,
                        None => r.status == InstanceStatus::Provisioning,
                    });
                    if !live {
                        match cloud.terminate(region, &machine.machine_id).await {
                            Ok(()) => {
                                tracing::warn!(machine = %machine.machine_id, region, "reconciler terminated an orphan");
                                report.orphans_terminated.push(machine.machine_id);
                            }
                            Err(e) => report.errors.push(format!("terminating {}: {e}", machine.machine_id)),
                        }
                    }
                }
            }
        }
        // What runs now, per cloud, from the records (every tenant's): the dashboard's machines.
        for provider in [CloudProvider::Aws, CloudProvider::Azure] {
            let running: Vec<&Instance> =
                active.iter().filter(|i| i.provider == provider && i.launched_at_ms.is_some()).collect();
            let hourly = running.iter().map(|i| i.cost_per_hour).sum();
            crate::metrics::machines_running(provider.as_str(), running.len() as u64, hourly);
        }
        let grace = self.grace.as_millis() as i64;
        for record in &active {
            let region_listed = listed.contains(&(record.provider, record.region.as_str()));
            let vanished = match (&record.machine_id, record.launched_at_ms) {
                (Some(machine), Some(launched)) => region_listed && !seen.contains(machine) && now > launched + grace,
                _ => false,
            };
            if let (true, Some(machine)) = (vanished, &record.machine_id) {
                let reason = super::LifecycleError::vanished(machine).to_string();
                self.close(record, &reason, &mut report.vanished, &mut report.errors).await;
            } else if now > self.due_ms(record) {
                let reason = format!("Instance.Overdue: {:?} past its deadline; its lifecycle stopped", record.status);
                self.close(record, &reason, &mut report.overdue_closed, &mut report.errors).await;
            }
        }
        tracing::info!(
            orphans = report.orphans_terminated.len(),
            overdue = report.overdue_closed.len(),
            vanished = report.vanished.len(),
            errors = report.errors.len(),
            "reconciled"
        );
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_str(s: &str) -> serde_json::Value {
        serde_json::Value::String(s.to_owned())
    }

    #[test]
    fn the_report_is_an_embedded_metric_format_document() {
        let report = ReconcileReport {
            orphans_terminated: vec!["i-1".to_owned(), "i-2".to_owned()],
            errors: vec!["Azure eastus: throttled".to_owned()],
            ..ReconcileReport::default()
        };
        let doc: serde_json::Value =
            serde_json::from_str(&report.metrics(1_800_000_000_000, "dev-OnReconcileInstances")).expect("one line");
        let directive = &doc["_aws"]["CloudWatchMetrics"][0];
        assert_eq!(directive["Namespace"], METRICS_NAMESPACE);
        assert_eq!(doc["_aws"]["Timestamp"], 1_800_000_000_000_i64);
        // Every metric the directive names has its value at the top level.
        let names: Vec<&str> =
            directive["Metrics"].as_array().expect("metrics").iter().filter_map(|m| m["Name"].as_str()).collect();
        assert_eq!(names.len(), 4);
        for name in names {
            assert!(doc[name].is_number(), "{name}");
        }
        assert_eq!((doc["OrphansTerminated"].as_f64(), doc["ReconcileErrors"].as_f64()), (Some(2.0), Some(1.0)));
        assert_eq!(doc["OverdueClosed"], 0.0);
        assert_eq!(
            (&directive["Dimensions"][0][0], &doc["Function"]),
            (&json_str("Function"), &json_str("dev-OnReconcileInstances"))
        );
    }
}
