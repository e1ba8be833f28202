//! The request bodies whose contract a derive cannot state: one shape per task type, one per
//! cloud. Written as JSON Schema, with the enum values and the lists they allow read from the
//! Rust types and tables that the handlers check against.

use serde_json::{json, Value};

use super::operation::{collect, Body, Schemas};
use crate::app::instances::service::{AWS_REGIONS, AZURE_REGIONS};
use crate::app::tasks::data::{BatchProcessingData, ChatResponseData, DocumentAnalysisData, ReportGenerationData};
use crate::domain::instances::{Catalog, CloudProvider};
use crate::domain::tasks::{Priority, TaskType};

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// The schema of each task type's `data` (exhaustive: a new type needs its data here).
fn task_data(task_type: TaskType) -> Body {
    match task_type {
        TaskType::DocumentAnalysis => Body::of::<DocumentAnalysisData>(),
        TaskType::ChatResponse => Body::of::<ChatResponseData>(),
        TaskType::BatchProcessing => Body::of::<BatchProcessingData>(),
        TaskType::ReportGeneration => Body::of::<ReportGenerationData>(),
    }
}

/// `CreateTaskRequest` (`shared::app::tasks::api`): one variant per task type, each tying `type` to
/// its `data` schema.
pub fn create_task() -> Body {
    Body { name: "CreateTaskRequest".to_owned(), collect: create_task_schemas }
}

fn create_task_schemas(schemas: &mut Schemas) {
    let variant = |task_type: TaskType, data: &str| {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["type", "data"],
            "properties": {
                "type": { "const": task_type.as_str() },
                "priority": {
                    "description": "Default (or null): NORMAL",
                    "anyOf": [schema_ref("Priority"), { "type": "null" }]
                },
                "data": schema_ref(data),
                "metadata": {
                    "type": ["object", "null"],
                    "description": "Any JSON object of the caller's, at most 4096 bytes as JSON, returned as sent"
                },
                "compute": {
                    "description": "GPU: every model call runs on the tenant's GPU pool (409 without one). Default (or null): CPU",
                    "anyOf": [schema_ref("Compute"), { "type": "null" }]
                }
            }
        })
    };
    let variants: Vec<Value> = TaskType::ALL
        .iter()
        .map(|&task_type| {
            let data = task_data(task_type);
            (data.collect)(schemas);
            variant(task_type, &data.name)
        })
        .collect();
    collect::<Priority>(schemas);
    collect::<crate::domain::tasks::Compute>(schemas);
    schemas.push((
        "CreateTaskRequest".to_owned(),
        json!({
            "description": "An analysis task; `data` has one shape per `type` and at most 200000 bytes as JSON",
            "oneOf": variants
        }),
    ));
}

/// `CreateInstanceRequest` (`shared::app::instances::service`): one variant per cloud, each with the
/// types it can launch and the regions it rents in.
pub fn create_instance() -> Body {
    Body { name: "CreateInstanceRequest".to_owned(), collect: create_instance_schemas }
}

fn create_instance_schemas(schemas: &mut Schemas) {
    let catalog = Catalog::builtin().ok();
    let variant = |provider: CloudProvider, regions: &[&str]| {
        let types: Vec<&str> = catalog
            .iter()
            .flat_map(|c| c.all())
            .filter(|t| t.provider == provider && t.launchable)
            .map(|t| t.type_name.as_str())
            .collect();
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["provider", "instanceType", "region", "diskSizeGB", "autoTerminateMinutes"],
            "properties": {
                "provider": { "const": provider },
                "instanceType": { "enum": types, "description": "A type this cloud still launches (a retired one is a 400 naming its replacement)" },
                "region": { "enum": regions },
                "diskSizeGB": { "type": "integer", "minimum": 30, "maximum": 16384 },
                "autoTerminateMinutes": { "type": "integer", "minimum": 5, "maximum": 120, "description": "Idle minutes before the machine is terminated" },
                "taskId": { "type": ["string", "null"], "format": "uuid" },
                "purpose": { "type": ["string", "null"], "maxLength": 500 },
                "tags": {
                    "type": ["object", "null"], "maxProperties": 20,
                    "propertyNames": { "minLength": 1, "maxLength": 128 },
                    "additionalProperties": { "type": "string", "maxLength": 256 }
                }
            }
        })
    };
    schemas.push((
        "CreateInstanceRequest".to_owned(),
        json!({
            "description": "A GPU machine to rent",
            "oneOf": [variant(CloudProvider::Aws, AWS_REGIONS), variant(CloudProvider::Azure, AZURE_REGIONS)]
        }),
    ));
}
