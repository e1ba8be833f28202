//! Readiness: each dependency the deployment uses, checked and timed.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DependencyState {
    Up,
    Down,
}

#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DependencyReport {
    pub name: String,
    /// What kind of thing it is: `dynamodb-table`, `memory-store`, …
    pub kind: String,
    pub state: DependencyState,
    pub latency_ms: f64,
    /// Why it is down, in words safe to show: never credentials or internal addresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The body of every health route.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Health)]
pub struct HealthBody {
    pub status: &'static str,
    pub live: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    pub version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dependencies: Option<Vec<DependencyReport>>,
}

/// Ready only when every dependency is up. With no dependencies at all there is nothing to wait
/// for, so the service is ready.
pub fn all_up(reports: &[DependencyReport]) -> bool {
    reports.iter().all(|r| r.state == DependencyState::Up)
}
