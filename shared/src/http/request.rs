//! The request every handler receives, built by the Lambda glue or by `local`.

use std::collections::HashMap;

use bytes::Bytes;
use http::{header, HeaderMap, Method};
use serde::de::DeserializeOwned;

use super::auth::AuthorizerVerdict;
use super::problem::{ApiError, FieldError};
use crate::app::{array_for_object, field_error};
use crate::domain::tenant::TenantId;

#[derive(Clone, Debug)]
pub struct ApiRequest {
    pub method: Method,
    /// The path as sent, without the query string.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// Set when the transport stopped reading a body above the limit; the gateway answers 413.
    pub oversized: bool,
    /// Values of the `{name}` segments of the matched route.
    pub path_params: HashMap<String, String>,
    /// What the API Gateway authorizer decided, when the request came through one.
    pub authorizer: Option<AuthorizerVerdict>,
    /// Set by the gateway before the handler runs.
    pub request_id: String,
    /// The authenticated tenant; set by the gateway on tenant routes.
    pub tenant: Option<TenantId>,
}

impl ApiRequest {
    pub fn new(
        method: Method,
        path: impl Into<String>,
        query: impl Into<String>,
        headers: HeaderMap,
        body: Bytes,
    ) -> Self {
        Self {
            method,
            path: path.into(),
            query: query.into(),
            headers,
            body,
            oversized: false,
            path_params: HashMap::new(),
            authorizer: None,
            request_id: String::new(),
            tenant: None,
        }
    }

    /// The caller's tenant. Only tenant routes are given one; reaching for it on a public route is
    /// a wiring mistake, answered as 401 rather than a panic.
    pub fn tenant(&self) -> Result<&TenantId, ApiError> {
        self.tenant.as_ref().ok_or_else(|| ApiError::Unauthorized("this route needs an API key".to_owned()))
    }

    pub fn path_param(&self, name: &str) -> Result<&str, ApiError> {
        self.path_params
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| ApiError::validation(name, "missing path parameter"))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Parses the body as JSON into `T`.
    ///
    /// A body that is not JSON is `malformed_json` with the line and column; JSON of the wrong
    /// shape is `validation_failed` naming the field by its path. A content type other than JSON
    /// is 415; a missing one is accepted, as curl users often forget it.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        if let Some(content_type) = self.headers.get(header::CONTENT_TYPE) {
            let ct = content_type.to_str().unwrap_or("").to_ascii_lowercase();
            let essence = ct.split(';').next().unwrap_or("").trim();
            if essence != "application/json" && !essence.ends_with("+json") {
                return Err(ApiError::UnsupportedMediaType(essence.chars().take(100).collect()));
            }
        }
        if self.body.is_empty() {
            return Err(ApiError::MalformedJson("the request body is empty; send a JSON object".to_owned()));
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let value = serde_path_to_error::deserialize::<_, T>(&mut de).map_err(|e| json_error::<T>(&self.body, e))?;
        de.end().map_err(|e| {
            ApiError::MalformedJson(format!(
                "trailing characters after the JSON value at line {}, column {}",
                e.line(),
                e.column()
            ))
        })?;
        // serde reads a struct from an array too, in field order, so `[1]` would pass for
        // `{"days": 1}`, and `"document": ["text"]` for `"document": {"text": "text"}`: a body
        // that holds an array is read once more, refusing an array wherever an object belongs.
        // (A body serde did not read at all is reported above, as its error says.)
        if self.body.contains(&b'[') {
            refuse_array_for_object::<T>(&self.body)?;
        }
        Ok(value)
    }
}

/// `Err` naming the first array that stands where `T` wants an object. A body that does not
/// parse stands as the streaming reading found it.
fn refuse_array_for_object<T: DeserializeOwned>(body: &[u8]) -> Result<(), ApiError> {
    let document = serde_json::from_slice::<serde_json::Value>(body).ok();
    match document.and_then(|doc| array_for_object::<T>(&doc)) {
        Some(field) => Err(ApiError::Validation(vec![array_error(field)])),
        None => Ok(()),
    }
}

/// An array where the request's object belongs: the body itself (`""`), or a member.
fn array_error(field: String) -> FieldError {
    match field.as_str() {
        "" => FieldError::new("body", "must be a JSON object, not an array"),
        _ => FieldError::new(field, "must be an object, not an array"),
    }
}

fn json_error<T: DeserializeOwned>(body: &[u8], err: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = err.path().to_string();
    let inner = err.inner();
    match inner.classify() {
        serde_json::error::Category::Data => {
            let array = serde_json::from_slice(body).ok().and_then(|doc| array_for_object::<T>(&doc));
            ApiError::Validation(vec![match array {
                Some(field) => array_error(field),
                None => field_error(&path, &inner.to_string()),
            }])
        }
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof | serde_json::error::Category::Io => {
            // serde_json's parser reports a value of the wrong JSON type where an enum is expected
            // (a number, `true`, `null`, an array) as a syntax error, "expected value", although
            // the body is valid JSON. Only when the body does not parse as JSON at all is it
            // malformed; otherwise the field's type is wrong, and the field is named.
            match serde_json::from_slice::<serde_json::Value>(body) {
                Ok(document) => ApiError::Validation(vec![wrong_type::<T>(&path, document)]),
                // Nesting past serde_json's limit inside a member: the member is named, not the
                // column, so a client knows which of its fields it built wrong.
                Err(e)
                    if e.is_syntax()
                        && syntax_reason(&e) == "recursion limit exceeded"
                        && !nested_in(&path).is_empty() =>
                {
                    ApiError::Validation(vec![field_error(nested_in(&path), "is nested deeper than 128 levels")])
                }
                Err(_) => ApiError::MalformedJson(format!(
                    "the body is not valid JSON (line {}, column {}): {}",
                    inner.line(),
                    inner.column(),
                    syntax_reason(inner)
                )),
            }
        }
    }
}

/// The field error of a valid JSON document that `T` refused with a syntax error: deserialized
/// again from the parsed document, where every refusal is a data error with serde's own message
/// ("invalid type: integer `17`, expected …"). `path` (where the parser stopped) names the field
/// should the second pass, against expectation, accept the document.
fn wrong_type<T: DeserializeOwned>(path: &str, document: serde_json::Value) -> FieldError {
    match serde_path_to_error::deserialize::<_, T>(document) {
        Err(e) => field_error(&e.path().to_string(), &enum_message(&e.inner().to_string())),
        Ok(_) => field_error(path, "has the wrong JSON type"),
    }
}

/// serde_json's message for an enum given a value of another type ("expected string or map")
/// names the externally tagged form too; request enums are names, so say so.
fn enum_message(message: &str) -> String {
    message.replace("expected string or map", "expected a string")
}

/// The member a too-deep value starts in: the parser's path without the array indexes it went
/// down (`data[0][0][0]` → `data`, `items[1].document[0][0]` → `items[1].document`).
fn nested_in(path: &str) -> &str {
    let mut end = path.len();
    while let Some(open) = path[..end].strip_suffix(']').and_then(|p| p.rfind('[')) {
        if !path[open + 1..end - 1].bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        end = open;
    }
    let kept = &path[..end];
    // A path serde_path_to_error could not follow renders as `?`; nothing to name then.
    if kept == "?" || kept == "." {
        ""
    } else {
        kept
    }
}

fn syntax_reason(err: &serde_json::Error) -> String {
    let message = err.to_string();
    message.split(" at line ").next().unwrap_or(&message).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        message: String,
        max_tokens: Option<u32>,
        items: Option<Vec<Item>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        weight: u8,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    enum Level {
        Low,
        High,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct WithEnums {
        level: Level,
        #[serde(default)]
        optional_level: Option<Level>,
        #[serde(default)]
        levels: Vec<Level>,
    }

    fn req(body: &str, content_type: Option<&'static str>) -> ApiRequest {
        let mut headers = HeaderMap::new();
        if let Some(ct) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        ApiRequest::new(Method::POST, "/x", "", headers, Bytes::copy_from_slice(body.as_bytes()))
    }

    #[test]
    fn a_wrong_type_names_the_field_path() {
        let err = req(r#"{"message":"hi","items":[{"weight":1},{"weight":"heavy"}]}"#, Some("application/json"))
            .json::<Sample>()
            .expect_err("wrong type");
        match err {
            ApiError::Validation(fields) => {
                assert_eq!(fields[0].field, "items[1].weight");
                assert!(fields[0].message.contains("invalid type"), "{}", fields[0].message);
            }
            other => panic!("expected validation, got {other:?}"),
        }
        let err = req(r#"{"message":"hi","maxTokens":-1}"#, None).json::<Sample>().expect_err("negative");
        assert!(matches!(err, ApiError::Validation(f) if f[0].field == "maxTokens"));
    }

    /// serde_json reports a number, boolean, array or null where an enum is expected as a
    /// syntax error ("expected value"); the body is valid JSON, so it is the field's type that is
    /// wrong, and the field must be named.
    #[test]
    fn a_wrong_type_on_an_enum_field_names_the_field() {
        for (body, field) in [
            (r#"{"level":17}"#, "level"),
            (r#"{"level":true}"#, "level"),
            (r#"{"level":[1]}"#, "level"),
            (r#"{"level":null}"#, "level"),
            (r#"{"level":"LOW","optionalLevel":17}"#, "optionalLevel"),
            (r#"{"level":"LOW","levels":["HIGH",false]}"#, "levels[1]"),
        ] {
            let err = req(body, Some("application/json")).json::<WithEnums>().expect_err("wrong type");
            match err {
                ApiError::Validation(fields) => {
                    assert_eq!(fields[0].field, field, "{body}");
                    assert!(!fields[0].message.contains(" at line "), "{body}: {}", fields[0].message);
                }
                other => panic!("{body}: expected validation_failed naming {field}, got {other:?}"),
            }
        }
        // Still malformed: the body itself is not JSON, even though the enum is where it breaks.
        let err = req(r#"{"level":17,"#, None).json::<WithEnums>().expect_err("truncated");
        assert!(matches!(err, ApiError::MalformedJson(_)), "{err:?}");
        let err = req(r#"{"level":tru}"#, None).json::<WithEnums>().expect_err("bad literal");
        assert!(matches!(err, ApiError::MalformedJson(_)), "{err:?}");
    }

    #[test]
    fn missing_and_unknown_fields_are_validation_errors() {
        let err = req(r#"{}"#, None).json::<Sample>().expect_err("missing");
        assert!(
            matches!(&err, ApiError::Validation(f) if f[0].field == "message" && f[0].message.contains("missing field")),
            "{err:?}"
        );
        let err = req(r#"{"message":"x","items":[{}]}"#, None).json::<Sample>().expect_err("nested missing");
        assert!(matches!(&err, ApiError::Validation(f) if f[0].field == "items[0].weight"), "{err:?}");
        let err = req(r#"{"message":"x","bogus":1}"#, None).json::<Sample>().expect_err("unknown");
        assert!(matches!(&err, ApiError::Validation(f) if f[0].field == "bogus"), "{err:?}");
    }

    #[test]
    fn a_repeated_member_is_named_where_it_stands() {
        let err = req(r#"{"message":"a","message":"b"}"#, None).json::<Sample>().expect_err("duplicate");
        assert!(
            matches!(&err, ApiError::Validation(f) if f[0].field == "message" && f[0].message.contains("duplicate")),
            "{err:?}"
        );
        let err =
            req(r#"{"message":"x","items":[{"weight":1,"weight":2}]}"#, None).json::<Sample>().expect_err("nested");
        assert!(matches!(&err, ApiError::Validation(f) if f[0].field == "items[0].weight"), "{err:?}");
    }

    #[test]
    fn syntax_errors_are_malformed_json_with_a_position() {
        for body in [r#"{"message": "#, "not json", r#"{"message":"a"} trailing"#, ""] {
            let err = req(body, Some("application/json")).json::<Sample>().expect_err("malformed");
            assert!(matches!(err, ApiError::MalformedJson(_)), "{body}: {err:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = req(&nested, None).json::<serde_json::Value>().expect_err("too deep");
        assert!(matches!(err, ApiError::MalformedJson(m) if m.contains("recursion")));
        // Inside a member, the member is named, whatever its type.
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Free {
            data: serde_json::Value,
            items: Option<Vec<Item>>,
        }
        for (body, field) in [
            (format!(r#"{{"data": {nested}}}"#), "data"),
            (format!(r#"{{"data": {{"a": {nested}}}}}"#), "data.a"),
            (format!(r#"{{"data": 1, "items": [{{"weight": {nested}}}]}}"#), "items[0].weight"),
        ] {
            let err = req(&body, None).json::<Free>().expect_err("too deep");
            assert!(matches!(&err, ApiError::Validation(e) if e[0].field == field), "{field}: {err:?}");
        }
    }

    #[test]
    fn an_array_where_an_object_belongs_is_named_itself_not_its_first_element() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Inner,
            items: Option<Vec<Item>>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Inner {
            name: String,
            size: u8,
        }
        let err = req(r#"{"inner": [17]}"#, None).json::<Outer>().expect_err("an array");
        assert!(
            matches!(&err, ApiError::Validation(f) if f[0].field == "inner" && f[0].message.contains("object")),
            "{err:?}"
        );
        // An array that belongs there keeps naming its element.
        let err =
            req(r#"{"inner": {"name": "a", "size": 1}, "items": [17]}"#, None).json::<Outer>().expect_err("bad item");
        assert!(matches!(&err, ApiError::Validation(f) if f[0].field == "items[0]"), "{err:?}");
    }

    #[test]
    fn a_body_that_is_an_array_is_refused_even_when_its_elements_would_fill_the_object() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Setting {
            days: Option<u16>,
        }
        for body in ["[1]", "  [null]"] {
            let err = req(body, None).json::<Setting>().expect_err("an array is no object");
            assert!(
                matches!(&err, ApiError::Validation(f) if f[0].field == "body" && f[0].message.contains("object")),
                "{body}: {err:?}"
            );
        }
        assert!(req(r#"{"days": 1}"#, None).json::<Setting>().is_ok());
    }

    #[test]
    fn an_array_nested_where_an_object_belongs_is_refused_even_when_its_elements_fit() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Task {
            data: Data,
            tags: Option<Vec<String>>,
            #[serde(default)]
            steps: Vec<Step>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Data {
            document: Document,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Document {
            text: String,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Step {
            Pause { seconds: u8 },
            Note(Document),
        }
        for (body, field) in [
            (r#"{"data": {"document": ["text"]}}"#, "data.document"),
            (r#"{"data": [{"text": "a"}]}"#, "data"),
            (
                r#"{"data": {"document": {"text": "a"}}, "steps": [{"Note": {"text": "a"}}, {"Pause": [3]}]}"#,
                "steps[1].Pause",
            ),
            (r#"{"data": {"document": {"text": "a"}}, "steps": [{"Note": ["a"]}]}"#, "steps[0].Note"),
        ] {
            let err = req(body, None).json::<Task>().expect_err("an array is no object");
            assert!(
                matches!(&err, ApiError::Validation(f) if f[0].field == field && f[0].message.contains("object")),
                "{body}: {err:?}"
            );
        }
        // Arrays where arrays belong, and strings with brackets in them, still read.
        let ok = r#"{"data": {"document": {"text": "[a]"}}, "tags": ["x", "y"], "steps": [{"Pause": {"seconds": 2}}]}"#;
        assert!(req(ok, None).json::<Task>().is_ok());
    }

    #[test]
    fn the_member_a_deep_value_starts_in_is_the_path_without_its_indexes() {
        assert_eq!(nested_in("data[0][0][12]"), "data");
        assert_eq!(nested_in("items[1].document[0]"), "items[1].document");
        assert_eq!(nested_in("items[1]"), "items");
        assert_eq!(nested_in("?"), "");
    }

    #[test]
    fn only_json_content_types_are_accepted() {
        let err = req(r#"{"message":"a"}"#, Some("text/plain")).json::<Sample>().expect_err("415");
        assert_eq!(err, ApiError::UnsupportedMediaType("text/plain".to_owned()));
        assert!(req(r#"{"message":"a"}"#, Some("application/json; charset=utf-8")).json::<Sample>().is_ok());
        assert!(req(r#"{"message":"a"}"#, Some("application/merge-patch+json")).json::<Sample>().is_ok());
    }
}
