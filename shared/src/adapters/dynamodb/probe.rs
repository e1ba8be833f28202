//! Readiness probe for one table: `DescribeTable`, which needs no data access and reports status.

use async_trait::async_trait;
use aws_sdk_dynamodb::types::TableStatus;

use super::Client;
use crate::ports::DependencyProbe;

pub struct TableProbe {
    client: Client,
    /// The logical name shown in `/health/ready` (e.g. `api-keys`), not the physical table name.
    name: String,
    table: String,
}

impl TableProbe {
    pub fn new(client: Client, name: impl Into<String>, table: impl Into<String>) -> Self {
        Self { client, name: name.into(), table: table.into() }
    }
}

#[async_trait]
impl DependencyProbe for TableProbe {
    fn name(&self) -> &str {
        &self.name
    }
    fn kind(&self) -> &str {
        "dynamodb-table"
    }
    async fn check(&self) -> Result<(), String> {
        let out = self.client.describe_table().table_name(&self.table).send().await.map_err(|e| {
            match e.as_service_error() {
                Some(service) if service.is_resource_not_found_exception() => "table not found".to_owned(),
                Some(_) => "table describe refused".to_owned(),
                None => "DynamoDB did not answer".to_owned(),
            }
        })?;
        match out.table.and_then(|t| t.table_status) {
            Some(TableStatus::Active | TableStatus::Updating) => Ok(()),
            Some(other) => Err(format!("table is {}", other.as_str())),
            None => Err("table status unknown".to_owned()),
        }
    }
}
