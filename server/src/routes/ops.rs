//! `GET /healthz` and `GET /metrics`: open to a load balancer and to
//! Prometheus, which hold no token; neither shows payout data.

use crate::errors::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// 200 while the service answers.
#[utoipa::path(
    get,
    path = "/healthz",
    responses((status = 200, description = "The service is up", content_type = "application/json")),
    tag = "operations",
)]
pub async fn healthz() -> Response {
    axum::Json(serde_json::json!({ "status": "ok" })).into_response()
}

/// Requests by route and status, their latency, payouts by decision.
#[utoipa::path(
    get,
    path = "/metrics",
    responses((status = 200, description = "Prometheus' text format", content_type = "application/openmetrics-text")),
    tag = "operations",
)]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    let mut response = state.metrics.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

/// 404 with the error body every other refusal has.
pub async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not-found",
        "no such endpoint; GET /v1/openapi.json lists them",
    )
}
