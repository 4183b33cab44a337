//! `POST /v1/check`: one payout, when an employee changes bank details,
//! judged against the history and never recorded.

use super::{media_type, query, unsupported};
use crate::body::{self, Pace};
use crate::errors::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use payguard::history::{self, Plan};
use payguard::output::json;
use payguard::{Decision, Error};
use std::sync::Arc;
use tokio::time::Instant;

/// The query of `/v1/check`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CheckQuery {
    /// The day a payout without a pay date is judged on (YYYY-MM-DD);
    /// default today (UTC).
    as_of: Option<String>,
    /// The payroll (client) the employee is on, in the history.
    payroll: Option<String>,
}

/// Checks one payout, given as a JSON object with the payroll's columns
/// (`payout_id`, `employee_id`, `iban`, ...), against everything the
/// history holds: accounts other employees were paid to, the employee's
/// earlier destinations. Nothing is recorded. A payout with a bad field
/// is a 200 with a rejected record, as a payroll's row would be.
#[utoipa::path(
    post,
    path = "/v1/check",
    params(CheckQuery),
    request_body(description = "One payout: an object of the payroll's columns", content((Object = "application/json"))),
    responses(
        (status = 200, description = "The payout's record", body = payguard::output::json::Record),
        (status = 400, description = "Not JSON, or a bad query parameter", body = ErrorBody),
        (status = 401, description = "No or unknown bearer token", body = ErrorBody),
        (status = 413, description = "The body is over 1 MiB", body = ErrorBody),
        (status = 415, description = "Not application/json", body = ErrorBody),
        (status = 422, description = "JSON, but not one payout object", body = ErrorBody),
        (status = 503, description = "Too many requests at once", body = ErrorBody),
    ),
    security(("bearer" = [])),
    tag = "scoring",
)]
pub async fn check(
    State(state): State<Arc<AppState>>,
    given: Result<Query<CheckQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let pace = Pace {
        read_timeout: state.limits.read_timeout,
        deadline: Instant::now() + state.limits.deadline,
    };
    match media_type(&headers).as_deref() {
        Some("application/json") => {}
        other => return Err(unsupported(other.map(String::from), "application/json")),
    }
    let query = query(given)?;
    let policy = state.policy_on(query.as_of.as_deref())?;
    let bytes = body::to_bytes(body, &headers, state.limits.max_check_body, pace).await?;
    let row = payguard::input::read_object(&bytes).map_err(|message| {
        if serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_ok() {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not-a-payout", message)
        } else {
            ApiError::bad_request("bad-json", message)
        }
    })?;
    let payroll = query
        .payroll
        .unwrap_or_else(|| history::DEFAULT_PAYROLL.to_string());
    let worker = Arc::clone(&state);
    let checked = tokio::task::spawn_blocking(move || {
        let plan = plan(&worker, &payroll, &bytes, &policy)?;
        worker.checker.check(row, &policy, plan.as_ref())
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    let decision = match &checked.outcome {
        Ok(a) => match a.decision {
            Decision::Allow => "allow",
            Decision::Review => "review",
            Decision::Block => "block",
        },
        Err(_) => "rejected",
    };
    state.metrics.payouts(decision, 1);
    let mut line = json::line(&checked);
    line.pop();
    let mut response = Response::new(Body::from(line));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// Which runs count as earlier: all of them, unless this very body was
/// recorded as a payroll (a re-run never counts itself).
fn plan(
    state: &AppState,
    payroll: &str,
    body: &[u8],
    policy: &payguard::Policy,
) -> Result<Option<Plan>, Error> {
    let Some((_, history)) = &state.history else {
        return Ok(None);
    };
    let mut history = history
        .lock()
        .map_err(|_| Error::Contract("a check panicked holding the history".into()))?;
    Ok(Some(history.plan(
        payroll,
        history::bytes_sha256(body),
        policy,
    )?))
}
