//! A refused request: its status and a JSON body naming the fault.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// The body of every 4xx and 5xx answer.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable code to branch on and a sentence to show.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// e.g. `unauthorized`, `not-a-payroll`, `body-too-large`, `busy`.
    pub code: &'static str,
    pub message: String,
}

/// A request answered with an error status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the request itself is malformed (a query parameter, JSON).
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 422: well-formed, but not a payroll.
    pub fn not_a_payroll(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not-a-payroll", message)
    }

    /// 500: the service's own fault; the message is logged, not sent.
    pub fn internal(message: impl std::fmt::Display) -> ApiError {
        tracing::error!(error = %message, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the service failed on this request; its log says why",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        // A refusal may leave the body unread, and such a connection cannot
        // carry another request: say so, so a client does not reuse it
        // (and see its next request fail).
        response.headers_mut().insert(
            axum::http::header::CONNECTION,
            axum::http::HeaderValue::from_static("close"),
        );
        // Kept for the request's log line, which names the code only.
        response.extensions_mut().insert(ErrorCode(self.code));
        response
    }
}

/// The error code of an answer, for its log line.
#[derive(Debug, Clone, Copy)]
pub struct ErrorCode(pub &'static str);
