//! What a row says about its operation for the OpenAPI document: bodies named by their Rust types
//! (their schemas come from the types' `utoipa` derives), query parameters whose enum values come
//! from the Rust enums, the success status, streaming, links and the operation's own errors.

use http::{Method, StatusCode};
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::{Access, Function, Route};

/// Named schemas for `components/schemas`, as JSON: a body adds its own and the ones it refers to.
pub type Schemas = Vec<(String, Value)>;

/// A request or response body: the schema's name and how to add it (and what it refers to).
#[derive(Clone)]
pub struct Body {
    pub name: String,
    pub collect: fn(&mut Schemas),
}

impl Body {
    /// The body of Rust type `T`, with the schema its derive gives.
    pub fn of<T: ToSchema>() -> Self {
        Self { name: T::name().into_owned(), collect: collect::<T> }
    }
}

/// Adds `T`'s schema and the schemas it refers to.
pub fn collect<T: ToSchema>(schemas: &mut Schemas) {
    let mut typed = vec![(T::name().into_owned(), T::schema())];
    T::schemas(&mut typed);
    schemas.extend(typed.into_iter().map(|(name, schema)| (name, serde_json::to_value(schema).unwrap_or(Value::Null))));
}

/// The values of a Rust enum as its derive (and so serde) names them.
pub fn enum_values<T: ToSchema>() -> Value {
    serde_json::to_value(T::schema()).map(|schema| schema["enum"].clone()).unwrap_or(Value::Null)
}

/// A query parameter (never required).
pub struct Query {
    pub name: &'static str,
    pub description: String,
    /// Its JSON schema.
    pub schema: Value,
}

impl Query {
    /// Only the items whose `name` is this value of the Rust enum `T`.
    pub fn one_of<T: ToSchema>(name: &'static str, description: &str) -> Self {
        Self {
            name,
            description: description.to_owned(),
            schema: json!({ "type": "string", "enum": enum_values::<T>() }),
        }
    }

    /// `limit` and `cursor` (`shared::http::page_query`'s): `what` per page, and the previous
    /// page's `nextCursor` of schema `cursor`.
    pub fn page(what: &str, cursor: Value) -> Vec<Self> {
        vec![
            Self {
                name: "limit",
                description: format!("{what} per page (default 20)"),
                schema: json!({ "type": "integer", "minimum": 1, "maximum": 100 }),
            },
            Self { name: "cursor", description: "The nextCursor of the previous page".to_owned(), schema: cursor },
        ]
    }
}

/// How a route answers with `Accept: text/event-stream` (or `stream: true`), besides JSON.
pub enum Stream {
    /// `event: <one of names>` with a JSON `data:` each.
    Events { description: &'static str, names: &'static [&'static str] },
    /// `data:` lines only (OpenAI's chunk stream).
    Data { description: &'static str },
    /// `id: <seq>`, `event:`, `data:`: resumable with `Last-Event-ID`.
    Numbered { description: &'static str },
}

/// The reads that follow a created resource (OpenAPI links, which let stateful testing follow a
/// real one): every GET operation at `path` or below it, with `{id}` taken from `id` (a runtime
/// expression such as `$response.body#/id`).
pub struct Links {
    pub path: &'static str,
    pub id: &'static str,
}

/// Another documented answer with the response body.
pub enum Also {
    /// Another success status with the same body and headers.
    Success { status: StatusCode, description: &'static str },
    /// A failure that still answers with the response body (not a problem).
    Failure { status: StatusCode, description: &'static str },
}

/// What the OpenAPI document says about a route besides its method, path and access.
pub struct Operation {
    pub summary: &'static str,
    pub request: Option<Body>,
    /// An example request body (invented content, no patient data).
    pub example: Option<Value>,
    /// `None`: no body (204).
    pub response: Option<Body>,
    pub status: StatusCode,
    pub query: Vec<Query>,
    /// Errors of this operation besides the ones every route shares (status, description).
    pub errors: &'static [(&'static str, &'static str)],
    pub stream: Option<Stream>,
    pub links: Option<Links>,
    pub also: Vec<Also>,
}

/// Builders, so a row of the table reads as one sentence.
impl Route {
    pub fn new(method: Method, path: &'static str, function: Function, access: Access, summary: &'static str) -> Self {
        let operation = Operation {
            summary,
            request: None,
            example: None,
            response: None,
            status: StatusCode::OK,
            query: Vec::new(),
            errors: &[],
            stream: None,
            links: None,
            also: Vec::new(),
        };
        Self { method, path, function, access, operation }
    }

    /// Answers a body of type `T`.
    pub fn returns<T: ToSchema>(mut self) -> Self {
        self.operation.response = Some(Body::of::<T>());
        self
    }

    /// Takes a JSON body of type `T`; `example` is one.
    pub fn accepts<T: ToSchema>(self, example: Value) -> Self {
        self.accepts_body(Body::of::<T>(), example)
    }

    /// Takes a JSON body whose schema is written by hand (where a derive cannot say it).
    pub fn accepts_body(mut self, body: Body, example: Value) -> Self {
        self.operation.request = Some(body);
        self.operation.example = Some(example);
        self
    }

    /// Succeeds with `status` instead of 200.
    pub fn status(mut self, status: StatusCode) -> Self {
        self.operation.status = status;
        self
    }

    pub fn query(mut self, query: Vec<Query>) -> Self {
        self.operation.query = query;
        self
    }

    pub fn errors(mut self, errors: &'static [(&'static str, &'static str)]) -> Self {
        self.operation.errors = errors;
        self
    }

    pub fn streams(mut self, stream: Stream) -> Self {
        self.operation.stream = Some(stream);
        self
    }

    pub fn links(mut self, links: Links) -> Self {
        self.operation.links = Some(links);
        self
    }

    pub fn also(mut self, also: Also) -> Self {
        self.operation.also.push(also);
        self
    }
}
