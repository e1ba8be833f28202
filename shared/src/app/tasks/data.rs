//! The `data` of each task type: its shape, its limits, and its validation. Checked when the task
//! is submitted (a 400 naming every bad field), and parsed again by the processor, so a task
//! never fails for input the API could have refused.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::app::objects_only::{ObjectsOnly, ARRAY_FOR_OBJECT};
use crate::app::optimizer::service::{OptimizeRequest, Valid};
use crate::app::{field_error, FieldError};
use crate::domain::tasks::TaskType;
use crate::tokenizer::{ModelTokenizer, DEFAULT_MODEL};

/// Largest `data`, as serialized JSON: a task item (data, result, metadata and attributes) must
/// fit DynamoDB's 400 KB item limit (the result's own limit is `worker::MAX_RESULT_BYTES`).
pub const MAX_DATA_BYTES: usize = 200_000;
/// Largest `metadata`, as serialized JSON.
pub const MAX_METADATA_BYTES: usize = 4_096;
/// Most items of a BATCH_PROCESSING task, and sections of a REPORT_GENERATION task.
pub const MAX_ITEMS: usize = 50;
/// Longest question or system prompt, in characters.
pub const MAX_PROMPT_CHARS: usize = 4_000;

/// DOCUMENT_ANALYSIS: optimize the document, then ask the model the question about it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentAnalysisData {
    /// What the context optimizer takes (`POST /api/context-optimizer`); its `model` is also the
    /// model asked.
    pub document: OptimizeRequest,
    /// Default: a request for a summary of the clinically relevant findings.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 4000)]
    pub question: Option<String>,
}

/// CHAT_RESPONSE: one answer from the model.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChatResponseData {
    #[schema(min_length = 1)]
    pub message: String,
    #[serde(default)]
    #[schema(min_length = 1, max_length = 4000)]
    pub system_prompt: Option<String>,
    /// Default `gpt-4o`; one of the model families the tokenizer knows.
    #[serde(default)]
    #[schema(
        pattern = "^(gpt-4|gpt-3\\.5|gpt-5|o1|o3|o4|chatgpt-4o|text-embedding-3|text-embedding-ada|claude|llama|meta-llama)"
    )]
    pub model: Option<String>,
}

/// BATCH_PROCESSING: document analyses fanned out, each item's outcome in its slot.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BatchProcessingData {
    #[schema(min_items = 1, max_items = 50)]
    pub items: Vec<DocumentAnalysisData>,
}

/// REPORT_GENERATION: each section summarized, then assembled into one Markdown report.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportGenerationData {
    #[schema(min_length = 1)]
    pub title: String,
    #[schema(min_items = 1, max_items = 50)]
    pub sections: Vec<ReportSection>,
    /// As `ChatResponseData::model`.
    #[serde(default)]
    #[schema(
        pattern = "^(gpt-4|gpt-3\\.5|gpt-5|o1|o3|o4|chatgpt-4o|text-embedding-3|text-embedding-ada|claude|llama|meta-llama)"
    )]
    pub model: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportSection {
    #[schema(min_length = 1)]
    pub heading: String,
    #[schema(min_length = 1, pattern = "\\S")]
    pub content: String,
}

/// A document analysis that passed validation.
pub struct Analysis {
    pub document: Valid,
    pub question: Option<String>,
    pub model: String,
}

/// Task data that passed validation, ready to process.
pub enum TaskData {
    DocumentAnalysis(Analysis),
    ChatResponse { message: String, system_prompt: Option<String>, model: String },
    BatchProcessing(Vec<Analysis>),
    ReportGeneration { title: String, sections: Vec<(String, Valid)>, model: String },
}

/// Validates `data` for `task_type`; errors name fields from the request body's root
/// (`data.items[2].document.content`).
pub fn parse(task_type: TaskType, data: &Value) -> Result<TaskData, Vec<FieldError>> {
    let size = serde_json::to_vec(data).map_or(usize::MAX, |b| b.len());
    if size > MAX_DATA_BYTES {
        return Err(vec![FieldError::new("data", format!("is {size} bytes; at most {MAX_DATA_BYTES} are accepted"))]);
    }
    match task_type {
        TaskType::DocumentAnalysis => {
            let raw: DocumentAnalysisData = typed(data)?;
            analysis(raw, "data.").map(TaskData::DocumentAnalysis)
        }
        TaskType::ChatResponse => {
            let raw: ChatResponseData = typed(data)?;
            let mut errors = Vec::new();
            not_empty(&raw.message, "data.message", &mut errors);
            prompt_length(raw.system_prompt.as_deref(), "data.systemPrompt", &mut errors);
            let model = model(raw.model, "data.model", &mut errors);
            finish(errors, TaskData::ChatResponse { message: raw.message, system_prompt: raw.system_prompt, model })
        }
        TaskType::BatchProcessing => {
            let raw: BatchProcessingData = typed(data)?;
            let mut errors = Vec::new();
            count(raw.items.len(), "data.items", &mut errors);
            let mut items = Vec::new();
            for (i, item) in raw.items.into_iter().enumerate() {
                match analysis(item, &format!("data.items[{i}].")) {
                    Ok(valid) => items.push(valid),
                    Err(mut e) => errors.append(&mut e),
                }
            }
            finish(errors, TaskData::BatchProcessing(items))
        }
        TaskType::ReportGeneration => {
            let raw: ReportGenerationData = typed(data)?;
            let mut errors = Vec::new();
            not_empty(&raw.title, "data.title", &mut errors);
            count(raw.sections.len(), "data.sections", &mut errors);
            let model = model(raw.model, "data.model", &mut errors);
            let mut sections = Vec::new();
            for (i, section) in raw.sections.into_iter().enumerate() {
                not_empty(&section.heading, &format!("data.sections[{i}].heading"), &mut errors);
                let content = OptimizeRequest::for_text(section.content, model.clone());
                match content.validate(&format!("data.sections[{i}].")) {
                    Ok(valid) => sections.push((section.heading, valid)),
                    Err(mut e) => errors.append(&mut e),
                }
            }
            finish(errors, TaskData::ReportGeneration { title: raw.title, sections, model })
        }
    }
}

fn typed<T: DeserializeOwned>(data: &Value) -> Result<T, Vec<FieldError>> {
    // Read refusing an array where an object belongs, which serde would read in field order.
    serde_path_to_error::deserialize::<_, T>(ObjectsOnly(data)).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { "data".to_owned() } else { format!("data.{path}") };
        if err.inner().to_string() == ARRAY_FOR_OBJECT {
            return vec![FieldError::new(path, ARRAY_FOR_OBJECT)];
        }
        let mut e = field_error(&path, &err.inner().to_string());
        // A missing field is named by field_error as `data.<name>`; a top-level one as `data.`.
        if let Some(name) = e.field.strip_prefix("data..") {
            e.field = format!("data.{name}");
        }
        vec![e]
    })
}

fn analysis(raw: DocumentAnalysisData, prefix: &str) -> Result<Analysis, Vec<FieldError>> {
    let mut errors = Vec::new();
    prompt_length(raw.question.as_deref(), &format!("{prefix}question"), &mut errors);
    let model = raw.document.model.clone().unwrap_or_else(|| DEFAULT_MODEL.to_owned());
    match raw.document.validate(&format!("{prefix}document.")) {
        Ok(document) if errors.is_empty() => Ok(Analysis { document, question: raw.question, model }),
        Ok(_) => Err(errors),
        Err(mut e) => {
            errors.append(&mut e);
            Err(errors)
        }
    }
}

/// Text fields other than documents need a character. Whitespace is not judged here: a schema
/// validator's idea of blank differs from Rust's (`trim`), and a blank title or heading is
/// rendered with a default label, a blank prompt is harmless.
fn not_empty(value: &str, field: &str, errors: &mut Vec<FieldError>) {
    if value.is_empty() {
        errors.push(FieldError::new(field, "must not be empty"));
    }
}

fn prompt_length(value: Option<&str>, field: &str, errors: &mut Vec<FieldError>) {
    if let Some(v) = value {
        not_empty(v, field, errors);
        if v.chars().count() > MAX_PROMPT_CHARS {
            errors.push(FieldError::new(field, format!("at most {MAX_PROMPT_CHARS} characters")));
        }
    }
}

fn count(n: usize, field: &str, errors: &mut Vec<FieldError>) {
    if !(1..=MAX_ITEMS).contains(&n) {
        errors.push(FieldError::new(field, format!("must hold 1 to {MAX_ITEMS} entries, not {n}")));
    }
}

fn model(requested: Option<String>, field: &str, errors: &mut Vec<FieldError>) -> String {
    let model = requested.unwrap_or_else(|| DEFAULT_MODEL.to_owned());
    if let Err(e) = ModelTokenizer::for_model(&model) {
        errors.push(FieldError::new(field, e.to_string()));
    }
    model
}

fn finish(errors: Vec<FieldError>, data: TaskData) -> Result<TaskData, Vec<FieldError>> {
    if errors.is_empty() {
        Ok(data)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(result: Result<TaskData, Vec<FieldError>>) -> Vec<String> {
        match result {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn each_type_accepts_its_documented_shape() {
        let doc = json!({"document": {"content": "Denies chest pain."}, "question": "Any cardiac symptoms?"});
        assert!(parse(TaskType::DocumentAnalysis, &doc).is_ok());
        assert!(parse(TaskType::ChatResponse, &json!({"message": "hi", "model": "claude-sonnet-4-5"})).is_ok());
        assert!(parse(TaskType::BatchProcessing, &json!({"items": [doc]})).is_ok());
        let report = json!({"title": "Summary", "sections": [{"heading": "Labs", "content": "K 3.1 L"}]});
        assert!(parse(TaskType::ReportGeneration, &report).is_ok());
    }

    #[test]
    fn errors_name_fields_from_the_body_root() {
        assert_eq!(fields(parse(TaskType::ChatResponse, &json!({}))), ["data.message"]);
        assert_eq!(
            fields(parse(TaskType::ChatResponse, &json!({"message": "", "model": "gpt-0"}))),
            ["data.message", "data.model"]
        );
        let batch = json!({"items": [{"document": {"content": "ok"}}, {"document": {"content": ""}}]});
        assert_eq!(fields(parse(TaskType::BatchProcessing, &batch)), ["data.items[1].document.content"]);
        assert_eq!(fields(parse(TaskType::BatchProcessing, &json!({"items": []}))), ["data.items"]);
        assert_eq!(
            fields(parse(TaskType::DocumentAnalysis, &json!({"document": {"content": "x"}, "extra": 1}))),
            ["data.extra"]
        );
        assert_eq!(fields(parse(TaskType::ReportGeneration, &json!("text"))), ["data"]);
    }

    #[test]
    fn an_array_where_an_object_belongs_is_named_even_when_its_elements_would_fill_the_object() {
        // serde alone reads `["text"]` as `{"content": "text"}` and `[17]` fails at its element.
        assert_eq!(fields(parse(TaskType::DocumentAnalysis, &json!({"document": ["text"]}))), ["data.document"]);
        assert_eq!(fields(parse(TaskType::DocumentAnalysis, &json!({"document": [17]}))), ["data.document"]);
        assert_eq!(fields(parse(TaskType::DocumentAnalysis, &json!([{"content": "x"}]))), ["data"]);
        let batch = json!({"items": [{"document": {"content": "ok"}}, [{"content": "x"}]]});
        assert_eq!(fields(parse(TaskType::BatchProcessing, &batch)), ["data.items[1]"]);
    }

    #[test]
    fn data_above_the_size_limit_is_refused_with_its_size() {
        let big = json!({"message": "x".repeat(MAX_DATA_BYTES)});
        let Err(errors) = parse(TaskType::ChatResponse, &big) else { panic!("refused") };
        assert!(errors[0].message.contains(&MAX_DATA_BYTES.to_string()), "{}", errors[0].message);
    }
}
