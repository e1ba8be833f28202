//! Writing the export file (`domain::tenant_data::export`): each record as the API shows it, one
//! JSON line each, into a gzip stream.

use std::io::Write;

use serde_json::{json, Value};

use crate::clock::rfc3339;
use crate::domain::chat::{to_usd, Conversation, StoredMessage};
use crate::domain::gpu_pool::GpuPool;
use crate::domain::instances::Instance;
use crate::domain::optimizer::OptimizerTotals;
use crate::domain::tasks::{Task, TaskEvent};
use crate::domain::tenant::{ApiKeyRecord, TenantId};
use crate::domain::tenant_data::audit::AuditRecord;
use crate::domain::tenant_data::export::{EXPORT_FORMAT, EXPORT_FORMAT_VERSION, KINDS};
use crate::domain::tenant_data::retention::{RetentionDays, RetentionSetting};
use crate::domain::usage::DailyUsage;

/// Writes the file line by line into a gzip stream, counting records per kind.
pub struct ExportWriter {
    gzip: flate2::write::GzEncoder<Vec<u8>>,
    counts: std::collections::BTreeMap<String, u64>,
}

impl ExportWriter {
    /// Starts the file with its schema line.
    pub fn new(tenant: &TenantId, now_ms: i64) -> std::io::Result<Self> {
        let mut writer = Self {
            gzip: flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default()),
            counts: Default::default(),
        };
        writer.line(&json!({
            "kind": "schema",
            "format": EXPORT_FORMAT,
            "version": EXPORT_FORMAT_VERSION,
            "tenantId": tenant.as_str(),
            "exportedAt": rfc3339(now_ms),
            "kinds": KINDS,
        }))?;
        Ok(writer)
    }

    fn line(&mut self, value: &Value) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.gzip, value)?;
        self.gzip.write_all(b"\n")
    }

    fn record(&mut self, kind: &str, mut value: Value) -> std::io::Result<()> {
        if let Some(object) = value.as_object_mut() {
            object.insert("kind".to_owned(), Value::from(kind));
        }
        self.line(&value)?;
        *self.counts.entry(kind.to_owned()).or_default() += 1;
        Ok(())
    }

    pub fn conversation(&mut self, c: &Conversation) -> std::io::Result<()> {
        self.record(
            "conversation",
            json!({
                "id": c.id, "title": c.title, "createdAt": rfc3339(c.created_at_ms),
                "updatedAt": rfc3339(c.updated_at_ms), "messageCount": c.message_count,
                "usage": { "promptTokens": c.usage.prompt, "completionTokens": c.usage.completion,
                           "cachedTokens": c.usage.cached },
                "totalCost": to_usd(c.cost),
            }),
        )
    }

    pub fn message(&mut self, conversation_id: &str, m: &StoredMessage) -> std::io::Result<()> {
        self.record(
            "message",
            json!({
                "conversationId": conversation_id, "seq": m.seq, "id": m.id, "role": m.role,
                "content": m.content, "provider": m.provider, "model": m.model,
                "usage": m.usage.map(|u| json!({ "promptTokens": u.prompt, "completionTokens": u.completion,
                                                  "cachedTokens": u.cached })),
                "cost": m.cost.map(to_usd), "incomplete": m.incomplete, "createdAt": rfc3339(m.created_at_ms),
            }),
        )
    }

    pub fn task(&mut self, t: &Task) -> std::io::Result<()> {
        let view = crate::app::tasks::api::TaskView::from(t.clone());
        self.record("task", serde_json::to_value(view).unwrap_or(Value::Null))
    }

    pub fn task_event(&mut self, task_id: &str, e: &TaskEvent) -> std::io::Result<()> {
        let mut view = serde_json::to_value(crate::app::tasks::api::EventView::from(e.clone())).unwrap_or(Value::Null);
        if let Some(object) = view.as_object_mut() {
            object.insert("taskId".to_owned(), Value::from(task_id));
        }
        self.record("taskEvent", view)
    }

    pub fn instance(&mut self, i: &Instance, now_ms: i64) -> std::io::Result<()> {
        let view = crate::app::instances::service::InstanceView::of(i, now_ms);
        self.record("instance", serde_json::to_value(view).unwrap_or(Value::Null))
    }

    pub fn optimizer_stats(&mut self, t: &OptimizerTotals) -> std::io::Result<()> {
        self.record(
            "optimizerStats",
            json!({ "optimizations": t.optimizations, "originalTokens": t.original_tokens,
                    "optimizedTokens": t.optimized_tokens, "qualityMilliSum": t.quality_milli_sum }),
        )
    }

    /// A key's metadata: its id (a prefix of the hash, as the audit trail names it), label,
    /// creation time and state. Never the hash itself.
    pub fn api_key(&mut self, k: &ApiKeyRecord) -> std::io::Result<()> {
        self.record(
            "apiKey",
            json!({ "keyId": &k.hash.as_str()[..16.min(k.hash.as_str().len())], "label": k.label,
                    "createdAt": rfc3339(k.created_at_ms), "disabled": k.disabled }),
        )
    }

    /// The pool's settings (as `PUT /api/gpu-pool` set them) and state; its machines are
    /// `instance` records.
    pub fn gpu_pool(&mut self, p: &GpuPool) -> std::io::Result<()> {
        let mut value = serde_json::to_value(&p.config).unwrap_or(Value::Null);
        if let Some(object) = value.as_object_mut() {
            let status = if p.deleted { "DELETING" } else { "ACTIVE" };
            object.insert("status".to_owned(), Value::from(status));
            object.insert("createdAt".to_owned(), Value::from(rfc3339(p.created_at_ms)));
            object.insert("updatedAt".to_owned(), Value::from(rfc3339(p.updated_at_ms)));
        }
        self.record("gpuPool", value)
    }

    /// One day's usage counters, as `GET /api/tenant/usage` counts them.
    pub fn usage_day(&mut self, d: &DailyUsage) -> std::io::Result<()> {
        self.record(
            "usageDay",
            json!({ "day": d.day.to_string(), "llmCostUsd": to_usd(d.totals.llm_cost),
                    "gpuCostUsd": to_usd(d.totals.gpu_cost), "tokensSaved": d.totals.tokens_saved }),
        )
    }

    pub fn retention(&mut self, s: &RetentionSetting) -> std::io::Result<()> {
        self.record(
            "retention",
            json!({ "days": s.days.map(RetentionDays::get), "updatedAt": rfc3339(s.updated_at_ms) }),
        )
    }

    pub fn audit_record(&mut self, r: &AuditRecord) -> std::io::Result<()> {
        self.record(
            "auditRecord",
            json!({ "at": rfc3339(r.at_ms), "requestId": r.request_id, "keyId": r.key_id, "route": r.route,
                    "resourceId": r.resource_id, "status": r.status }),
        )
    }

    /// The compressed file and the records written per kind.
    pub fn finish(self) -> std::io::Result<(Vec<u8>, std::collections::BTreeMap<String, u64>)> {
        Ok((self.gzip.finish()?, self.counts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_file_is_gzip_ndjson_with_a_schema_line_and_no_key_hash() {
        let tenant = TenantId::parse("t").expect("valid");
        let mut w = ExportWriter::new(&tenant, 0).expect("writer");
        let key = ApiKeyRecord {
            hash: crate::domain::tenant::KeyHash::of("k"),
            tenant: tenant.clone(),
            label: "ci".to_owned(),
            created_at_ms: 0,
            disabled: false,
        };
        w.api_key(&key).expect("line");
        w.optimizer_stats(&OptimizerTotals::default()).expect("line");
        let (bytes, counts) = w.finish().expect("finish");
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).expect("gzip");
        let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
        assert_eq!(lines[0]["kind"], "schema");
        assert_eq!(lines[0]["version"], EXPORT_FORMAT_VERSION);
        assert_eq!(lines[1]["kind"], "apiKey");
        assert_eq!(lines[1]["label"], "ci");
        assert!(!text.contains(key.hash.as_str()), "never the hash");
        assert_eq!(counts.get("apiKey"), Some(&1));
        assert_eq!(counts.get("optimizerStats"), Some(&1));
    }
}
