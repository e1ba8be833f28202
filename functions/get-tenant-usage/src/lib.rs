//! `GET /api/tenant/usage?from=&to=`: the tenant's LLM spend, GPU spend and optimizer savings
//! per UTC day, read from the daily counters (never computed from the records).

use std::sync::Arc;

use shared::app::usage::{UsageRange, UsageService};
use shared::app::{AppError, FieldError};
use shared::http::{ApiError, ApiRequest, ApiResponse};

pub async fn handle(service: Arc<UsageService>, request: ApiRequest) -> Result<ApiResponse, ApiError> {
    let tenant = request.tenant()?;
    let (mut from, mut to) = (None, None);
    let mut errors = Vec::new();
    for (key, value) in form_urlencoded::parse(request.query.as_bytes()) {
        match key.as_ref() {
            "from" if from.is_none() => from = Some(value.into_owned()),
            "to" if to.is_none() => to = Some(value.into_owned()),
            "from" | "to" => errors.push(FieldError::new(key.into_owned(), "is given more than once")),
            _ => errors.push(FieldError::new(
                key.chars().take(64).collect::<String>(),
                "is not a parameter of this route (from, to)",
            )),
        }
    }
    // Every offending parameter is named at once, the unknown ones and the bad bounds alike.
    let range = match (UsageRange::new(from.as_deref(), to.as_deref(), service.today()), errors.is_empty()) {
        (Ok(range), true) => range,
        (Err(AppError::Validation(more)), _) => {
            errors.extend(more);
            return Err(ApiError::Validation(errors));
        }
        (Err(other), _) => return Err(other.into()),
        (Ok(_), false) => return Err(ApiError::Validation(errors)),
    };
    Ok(ApiResponse::ok(&service.daily(tenant, range).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::StatusCode;
    use shared::adapters::memory::MemoryUsageStore;
    use shared::app::usage::UsageMeter;
    use shared::clock::ManualClock;
    use shared::domain::tenant::TenantId;
    use shared::domain::usage::UsageDelta;
    use shared::http::Access;
    use shared::test_util::serve_fixture;

    /// The fixtures' request time: 2026-11-22T23:00:00Z.
    const NOW_MS: i64 = 1_795_388_400_000;

    async fn service() -> Arc<UsageService> {
        let store = Arc::new(MemoryUsageStore::default());
        let clock = Arc::new(ManualClock::at(NOW_MS));
        let meter = UsageMeter::new(store.clone(), clock.clone());
        let tenant = TenantId::parse("acme-health").expect("valid");
        meter.add(&tenant, UsageDelta::llm(123_456_789)).await;
        meter.add(&tenant, UsageDelta::saved(40_000)).await;
        meter.add(&TenantId::parse("other-clinic").expect("valid"), UsageDelta::gpu(500_000_000)).await;
        Arc::new(UsageService::new(store, clock, 2.5))
    }

    async fn invoke(fixture: &str) -> (StatusCode, serde_json::Value) {
        let service = service().await;
        serve_fixture(fixture, Access::Tenant, |r| handle(service, r)).await
    }

    #[tokio::test]
    async fn a_range_answers_every_day_with_the_counted_ones_filled() {
        let (status, body) = invoke("events/get-tenant-usage/range.json").await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!((body["from"].as_str(), body["to"].as_str()), (Some("2026-11-16"), Some("2026-11-22")));
        let days = body["days"].as_array().expect("days");
        assert_eq!(days.len(), 7);
        assert_eq!(days[6]["date"], "2026-11-22");
        assert_eq!(days[6]["llmCostUsd"], 1.23456789);
        assert_eq!((days[6]["tokensSaved"].as_u64(), days[6]["savedUsd"].as_f64()), (Some(40_000), Some(0.1)));
        assert_eq!(body["totals"]["gpuCostUsd"], 0.0, "another tenant's machines are not counted");
        assert!(days[..6].iter().all(|d| d["llmCostUsd"] == 0.0 && d["tokensSaved"] == 0));
    }

    #[tokio::test]
    async fn bad_bounds_and_unknown_parameters_are_named() {
        let (status, body) = invoke("events/get-tenant-usage/invalid-range.json").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], "validation_failed");
        let fields: Vec<&str> =
            body["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["tenant", "from"]);
    }
}
