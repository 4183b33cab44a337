//! `GET /v1/rules`, `GET /v1/info` and `GET /v1/openapi.json`: what the
//! service runs, for a platform to show and pin.

use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use payguard::{PluginInfo, RuleInfo};
use serde::Serialize;
use std::sync::Arc;

/// The rule catalogue with default weights.
#[utoipa::path(
    get,
    path = "/v1/rules",
    responses(
        (status = 200, description = "Every rule", body = Vec<RuleInfo>),
        (status = 401, description = "No or unknown bearer token", body = ErrorBody),
    ),
    security(("bearer" = [])),
    tag = "catalogue",
)]
pub async fn rules(State(state): State<Arc<AppState>>) -> Json<Vec<RuleInfo>> {
    Json(state.rules.clone())
}

/// What `/v1/info` answers.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Info {
    /// This service's version.
    pub service: &'static str,
    /// The SHA-256 of the plugin component, to pin.
    pub plugin_sha256: String,
    /// The plugin's version, contract and data versions.
    pub plugin: PluginInfo,
    /// The history, when the service has one.
    pub history: Option<HistoryInfo>,
}

/// What the history holds.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryInfo {
    /// The SQLite file, or the PostgreSQL server without its password.
    pub location: String,
    pub runs: u64,
    pub payrolls: u64,
    pub payouts: u64,
    /// Distinct (payroll, employee) pairs.
    pub employees: u64,
    /// Distinct keyed digests held.
    pub keys: u64,
    /// The first and last pay dates held (YYYY-MM-DD).
    pub first_pay_date: Option<String>,
    pub last_pay_date: Option<String>,
}

/// The plugin's digest, contract and data versions, and the history's
/// counts.
#[utoipa::path(
    get,
    path = "/v1/info",
    responses(
        (status = 200, description = "The plugin and the history", body = Info),
        (status = 401, description = "No or unknown bearer token", body = ErrorBody),
    ),
    security(("bearer" = [])),
    tag = "catalogue",
)]
pub async fn info(State(state): State<Arc<AppState>>) -> Result<Json<Info>, ApiError> {
    let worker = Arc::clone(&state);
    let history = tokio::task::spawn_blocking(move || -> Result<Option<HistoryInfo>, String> {
        let Some((_, history)) = &worker.history else {
            return Ok(None);
        };
        let mut history = history.lock().map_err(|e| e.to_string())?;
        let stats = history.stats().map_err(|e| e.to_string())?;
        let span = stats.span();
        Ok(Some(HistoryInfo {
            location: history.location().to_string(),
            runs: stats.runs,
            payrolls: stats.payrolls,
            payouts: stats.payouts,
            employees: stats.employees,
            keys: stats.keys,
            first_pay_date: span.map(|(first, _)| first.to_string()),
            last_pay_date: span.map(|(_, last)| last.to_string()),
        }))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    Ok(Json(Info {
        service: env!("CARGO_PKG_VERSION"),
        plugin_sha256: state.plugin.sha256().to_string(),
        plugin: state.info.clone(),
        history,
    }))
}

/// This document: every endpoint, generated from the code.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"),
        (status = 401, description = "No or unknown bearer token", body = ErrorBody),
    ),
    security(("bearer" = [])),
    tag = "catalogue",
)]
pub async fn openapi() -> Response {
    let mut response = crate::openapi::document().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
