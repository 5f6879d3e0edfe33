//! The parts of the OpenAPI document that no single handler owns: the
//! security schemes and the error answers an operation gives by its shape.
//!
//! A handler's `responses(...)` lists what its own rules answer (404, 409,
//! `invalid_credentials`, …). What the shared extractors and layers answer is
//! added here from the operation's shape, so no handler can forget it and the
//! document (pinned by `tests/api/contract.rs`, fuzzed by `scripts/fuzz.sh`)
//! says every status the API can give:
//!
//! - 400 for parameters or a body: `ValidQuery`, `Path` and `ValidJson` reject
//!   a value of the wrong type or shape (`bad_request`, `invalid_json`) and
//!   invalid fields (`validation_failed`);
//! - 413 and 415 for a body: over the body limit (`crate::MAX_JSON_BODY`,
//!   the upload limits of `crate::http::files`), or not the declared type;
//! - 429 for the operations under a rate rule ([`RATE_LIMITED`]) or a daily
//!   quota ([`QUOTA_LIMITED`]);
//! - 401 where a security scheme is required.
//!
//! A response the handler declared is kept as it is.

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
use utoipa::Modify;

/// The operations (by `operationId`) under a rate rule, so they can answer
/// 429 `rate_limited` with `Retry-After` and `RateLimit-*`: failed logins per
/// account and per IP (`login`; `change_password` counts wrong old passwords
/// as failed logins), sends per target and per IP and the 60 s resend
/// cool-down (`send_code`), wrong admin tokens per IP (`claim_admin`). See
/// `crate::features::rate_limit`.
pub const RATE_LIMITED: &[&str] = &["login", "change_password", "send_code", "claim_admin"];

/// The operations (by `operationId`) that use a daily quota of scored answers
/// (`crate::features::quota`), so they can answer 429 `quota_exceeded` with
/// `Retry-After` and `resets_at`.
pub const QUOTA_LIMITED: &[&str] = &["submit_answer", "create_record"];

/// The `bearer` and `token` security schemes (SPEC §2: `Authorization:
/// Bearer <token>` or the header `token: <token>`).
pub struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme("token", SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("token"))));
    }
}

/// Adds to every operation the error answers its shape can give (see the
/// module docs). Must run on the finished document, after every route is
/// merged: `ApiDoc`'s own `modifiers` run before that.
pub struct ShapeErrors;

impl Modify for ShapeErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let path_params = item.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for op in operations.into_iter().flatten() {
                add_shape_errors(op, path_params);
            }
        }
    }
}

fn add_shape_errors(op: &mut Operation, path_item_params: bool) {
    let has_body = op.request_body.is_some();
    let has_params = path_item_params || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    if has_body {
        add(op, "400", "bad_request, invalid_json, validation_failed: a body or parameter that does not fit");
        add(op, "413", "payload_too_large: the body is over its limit");
        add(op, "415", "unsupported_media_type: the body is not of the declared content type");
    } else if has_params {
        add(op, "400", "bad_request, validation_failed: a path or query value that does not fit");
    }
    if op.operation_id.as_deref().is_some_and(|id| RATE_LIMITED.contains(&id)) {
        add(op, "429", "rate_limited: try again after `Retry-After` seconds");
    }
    if op.operation_id.as_deref().is_some_and(|id| QUOTA_LIMITED.contains(&id)) {
        add(op, "429", "quota_exceeded: the day's quota is used up until `resets_at` (the next UTC midnight, `Retry-After` seconds)");
    }
    if requires_auth(op) {
        add(op, "401", "unauthorized: no valid session");
    }
}

/// A security requirement is set and none of them is the empty one (which
/// would make the credentials optional).
fn requires_auth(op: &Operation) -> bool {
    op.security
        .as_ref()
        .is_some_and(|reqs| !reqs.is_empty() && reqs.iter().all(|r| *r != SecurityRequirement::default()))
}

/// Declare `status` with the `ErrorBody` schema unless the handler declared it.
fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses.responses.entry(status.to_owned()).or_insert_with(|| {
        let mut response = Response::new(description);
        response
            .content
            .insert("application/json".to_owned(), RefOr::T(Content::new(Some(Ref::from_schema_name("ErrorBody")))));
        RefOr::T(response)
    });
}
