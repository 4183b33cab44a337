//! Reading a request's body within the service's limits: no more than the
//! largest body allowed (413 without reading the rest), each part within
//! the read timeout and the whole within the request's deadline (408).

use crate::body_file::BodyFile;
use crate::errors::ApiError;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use bytes::Bytes;
use http_body_util::BodyExt;
use std::io::Write;
use std::time::Duration;
use tokio::time::Instant;

/// How long each part may take and when the whole must be in.
#[derive(Debug, Clone, Copy)]
pub struct Pace {
    pub read_timeout: Duration,
    pub deadline: Instant,
}

/// The body in memory: for one payout.
pub async fn to_bytes(
    body: Body,
    headers: &HeaderMap,
    max: u64,
    pace: Pace,
) -> Result<Bytes, ApiError> {
    let mut all = Vec::new();
    read(body, headers, max, pace, |part| {
        all.extend_from_slice(&part);
        Ok(())
    })
    .await?;
    Ok(Bytes::from(all))
}

/// The body in a private temporary file: a payroll is read twice, and up
/// to `max` of it per request should not sit in memory.
pub async fn to_file(
    body: Body,
    headers: &HeaderMap,
    max: u64,
    pace: Pace,
) -> Result<BodyFile, ApiError> {
    let mut file = BodyFile::new().map_err(ApiError::internal)?;
    // Parts are at most a few dozen KiB: written straight to the page
    // cache, faster than a hop to a blocking thread.
    read(body, headers, max, pace, |part| {
        file.write_all(&part).map_err(ApiError::internal)
    })
    .await?;
    file.flush().map_err(ApiError::internal)?;
    Ok(file)
}

async fn read(
    body: Body,
    headers: &HeaderMap,
    max: u64,
    pace: Pace,
    mut keep: impl FnMut(Bytes) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body-too-large",
            format!("the body is over the service's limit of {max} bytes; split the payroll"),
        )
    };
    // A declared length over the limit is refused before a byte is read.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut body = body;
    let mut total = 0_u64;
    loop {
        let wait = pace
            .read_timeout
            .min(pace.deadline.saturating_duration_since(Instant::now()));
        let frame = match tokio::time::timeout(wait, body.frame()).await {
            Err(_) => {
                return Err(ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    "too-slow",
                    "the body came too slowly: the service cuts off a client that stalls",
                ));
            }
            Ok(None) => return Ok(()),
            Ok(Some(Err(e))) => {
                return Err(ApiError::bad_request(
                    "bad-body",
                    format!("the body could not be read: {e}"),
                ));
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if let Ok(data) = frame.into_data() {
            total += data.len() as u64;
            if total > max {
                return Err(too_large());
            }
            keep(data)?;
        }
    }
}
