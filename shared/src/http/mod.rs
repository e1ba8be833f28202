//! HTTP glue shared by every function and by `local`: the request and response types, problem+json
//! errors, and the `Gateway` pipeline every route goes through (request id, CORS, body limit,
//! authentication, rate limit, idempotency, security headers, access log), the one conversion of
//! an application error to problem+json, the Server-Sent Events every stream is written as, and
//! the route table (`routes`, feature `tokenizer`) that `local` and the OpenAPI document are built
//! from.

mod auth;
#[cfg(feature = "tokenizer")]
pub mod chat_compat;
mod cors;
mod gateway;
#[cfg(feature = "tokenizer")]
pub mod orchestration;
mod paging;
mod problem;
mod request;
mod response;
#[cfg(feature = "tokenizer")]
pub mod routes;
pub mod sse;

pub use crate::app::field_error;
pub use auth::{authenticate, AuthFailure, AuthorizerVerdict};
pub use cors::CorsPolicy;
pub use gateway::{Access, Authentication, Gateway, GatewaySettings};
pub use paging::{page_query, PageQuery, DEFAULT_PAGE, MAX_PAGE};
pub use problem::{ApiError, FieldError, ProblemBody};
pub use request::ApiRequest;
pub use response::{ApiResponse, BodyStream};
