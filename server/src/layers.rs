//! What wraps every request: its id, log line and metrics; the bearer
//! token; a turn among the requests served at once.

use crate::errors::{ApiError, ErrorCode};
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tokio::sync::OwnedSemaphorePermit;

/// The request's id: the gateway's `x-request-id` when it is a plain
/// token, else one of ours; it is on the answer and the log line.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// A request's turn, held until its answer is fully sent (a payroll's
/// answer streams on after the handler returns).
#[derive(Clone)]
pub struct Turn(#[allow(dead_code)] pub Arc<OwnedSemaphorePermit>);

/// Ids, the log line and the metrics, around everything else. The log line
/// names the route's pattern, the status and the error code: never a
/// query's values, a body or a header.
pub async fn observe(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let start = std::time::Instant::now();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(|| state.request_id(), String::from);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_string();
    let method = request.method().clone();
    request.extensions_mut().insert(RequestId(id.clone()));
    let mut response = next.run(request).await;
    let elapsed = start.elapsed();
    let status = response.status().as_u16();
    state.metrics.request(&route, status, elapsed.as_secs_f64());
    let code = response.extensions().get::<ErrorCode>().map(|c| c.0);
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status,
        millis = elapsed.as_secs_f64() * 1000.0,
        error = code,
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// 401 unless the request carries `Authorization: Bearer` and a token of
/// the token file.
pub async fn authorize(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        });
    match presented {
        Some(token) if state.tokens.accepts(token) => next.run(request).await,
        _ => {
            let mut response = ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this endpoint needs `Authorization: Bearer TOKEN` with a token of the service's token file",
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            response
        }
    }
}

/// Waits for a turn among the requests served at once; 503 when none
/// comes within the queue timeout.
pub async fn take_turn(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let waited = tokio::time::timeout(
        state.limits.queue_timeout,
        Arc::clone(&state.turns).acquire_owned(),
    )
    .await;
    match waited {
        Ok(Ok(permit)) => {
            request.extensions_mut().insert(Turn(Arc::new(permit)));
            next.run(request).await
        }
        _ => {
            let mut response = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                format!(
                    "the service is serving {} requests at once and none ended within {} s; retry later",
                    state.limits.concurrent,
                    state.limits.queue_timeout.as_secs()
                ),
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
    }
}
