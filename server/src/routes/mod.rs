//! The endpoints, one file each, and the router that puts them behind
//! their layers.

pub mod catalog;
pub mod check;
pub mod ops;
pub mod score;

use crate::errors::ApiError;
use crate::layers;
use crate::state::AppState;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use std::sync::Arc;

/// Every route: `/v1/*` behind a token and a turn, `/healthz` and
/// `/metrics` open (a load balancer and Prometheus hold no token).
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/score", post(score::score))
        .route("/v1/check", post(check::check))
        .route("/v1/rules", get(catalog::rules))
        .route("/v1/info", get(catalog::info))
        .route("/v1/openapi.json", get(catalog::openapi))
        // The last layer added runs first: the token, then the turn.
        .route_layer(from_fn_with_state(state.clone(), layers::take_turn))
        .route_layer(from_fn_with_state(state.clone(), layers::authorize))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics))
        .fallback(ops::not_found)
        .layer(from_fn_with_state(state.clone(), layers::observe))
        .with_state(state)
}

/// The body's Content-Type header as text, and as the `mime` crate reads
/// it (RFC 7231's grammar: quoted parameters, case) when it can.
fn content_type(headers: &HeaderMap) -> Option<(&str, Option<mime::Mime>)> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?.trim();
    Some((value, value.parse().ok()))
}

/// The media type of the body, lower case and without parameters; a
/// header `mime` cannot read, as written, so a 415 names it.
fn media_type(headers: &HeaderMap) -> Option<String> {
    Some(match content_type(headers)? {
        (_, Some(parsed)) => parsed.essence_str().to_string(),
        (written, None) => written.to_ascii_lowercase(),
    })
}

/// The `charset` a Content-Type header names (`text/csv;
/// charset=windows-1252`), as written (`utf-8` reads as no decoding).
fn charset(headers: &HeaderMap) -> Option<String> {
    let (_, parsed) = content_type(headers)?;
    Some(parsed?.get_param(mime::CHARSET)?.as_str().to_string())
}

/// 415, naming what the endpoint takes.
fn unsupported(found: Option<String>, accepted: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        format!(
            "the body is {}; this endpoint takes {accepted}",
            found.map_or("of no declared type".to_string(), |t| format!("`{t}`"))
        ),
    )
}

/// A query string's parameters, or a 400 naming the fault.
fn query<T>(
    given: Result<axum::extract::Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, ApiError> {
    given
        .map(|q| q.0)
        .map_err(|e| ApiError::bad_request("bad-parameter", e.body_text()))
}
