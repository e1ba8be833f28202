//! `POST /api/instances`: validates the request against the catalog, records the instance
//! PROVISIONING and starts its lifecycle execution (named by the instance id); 202 at once with
//! the instance and its `Location`. Nothing is launched inside the request.

use std::sync::Arc;

use http::{header, HeaderValue, StatusCode};
use shared::app::instances::service::{CreateInstanceRequest, InstanceService};
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<InstanceService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let instance = service.create(tenant, request.json::<CreateInstanceRequest>()?).await?;
    let mut response = ApiResponse::json(StatusCode::ACCEPTED, &service.view(&instance));
    if let Ok(location) = HeaderValue::try_from(format!("/api/instances/{}", instance.id)) {
        response.headers.insert(header::LOCATION, location);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::http::Access;
    use shared::test_util::{fixture_instances, serve_fixture};

    #[tokio::test]
    async fn a_valid_request_is_recorded_provisioning_and_its_lifecycle_started() {
        let (service, _, workflows) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/create-instance/g5.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{body}");
        assert_eq!((body["status"].as_str(), body["costPerHour"].as_f64()), (Some("PROVISIONING"), Some(1.006)));
        assert_eq!(body["totalCost"], 0.0);
        let started = workflows.started();
        assert_eq!(started.len(), 1);
        assert_eq!(started[0].0, body["id"].as_str().expect("id"), "the execution is named by the instance id");
        assert_eq!(started[0].1["tenantId"], "acme-health");
    }

    #[tokio::test]
    async fn every_bad_field_is_named_and_a_retired_type_names_its_replacement() {
        let (service, _, workflows) = fixture_instances().await;
        let (status, body) =
            serve_fixture("events/create-instance/invalid.json", Access::Tenant, |r| handle(service, r)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let errors = body["errors"].as_array().expect("errors");
        let fields: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["instanceType", "region", "diskSizeGB", "autoTerminateMinutes"]);
        assert!(
            errors[0]["message"].as_str().is_some_and(|m| m.contains("retired") && m.contains("instead")),
            "{body}"
        );
        assert!(workflows.started().is_empty());
    }
}
