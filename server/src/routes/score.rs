//! `POST /v1/score`: a whole payroll, answered with the NDJSON records
//! `payguard score --format ndjson` writes for it, streamed as pass 2
//! makes them, and recorded in the history.

use super::{charset, media_type, query, unsupported};
use crate::body::{self, Pace};
use crate::errors::{ApiError, ErrorBody};
use crate::layers::{RequestId, Turn};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use bytes::Bytes;
use payguard::history::{self, History};
use payguard::input::{InputError, InputFormat, PayrollFile};
use payguard::output::{ReportRow, json};
use payguard::scoring::WithoutPayouts;
use payguard::{Error, Policy};
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::time::Instant;

/// The query of `/v1/score`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ScoreQuery {
    /// The day payouts without a pay date are judged on (YYYY-MM-DD);
    /// default today (UTC).
    as_of: Option<String>,
    /// The payroll (client) the file belongs to, in the history.
    payroll: Option<String>,
    /// `false` scores against the history without recording the file.
    record: Option<bool>,
}

/// Bytes of records sent at once.
const BATCH: usize = 64 << 10;

/// Scores a payroll: CSV (`text/csv`), NDJSON (`application/x-ndjson`) or
/// a JSON array (`application/json`) with the CLI's columns, in UTF-8 or
/// the `charset` the Content-Type names (`text/csv; charset=windows-1252`,
/// as Excel saves CSV; a byte order mark decides over it). The answer
/// is one NDJSON record per row, in file order, rejected rows included; a
/// flagged payout is still a 200. A body that is not a payroll is 422
/// before any record is sent.
#[utoipa::path(
    post,
    path = "/v1/score",
    params(ScoreQuery),
    request_body(
        description = "The payroll file",
        content(
            (String = "text/csv"),
            (String = "application/x-ndjson"),
            (String = "application/json"),
        ),
    ),
    responses(
        (status = 200, description = "One record per row, in file order", content_type = "application/x-ndjson", body = payguard::output::json::Record),
        (status = 400, description = "A bad query parameter", body = ErrorBody),
        (status = 401, description = "No or unknown bearer token", body = ErrorBody),
        (status = 408, description = "The body came too slowly", body = ErrorBody),
        (status = 413, description = "The body is over --max-body", body = ErrorBody),
        (status = 415, description = "Not CSV, NDJSON or JSON", body = ErrorBody),
        (status = 422, description = "Not a payroll (no required columns, not UTF-8, not JSON)", body = ErrorBody),
        (status = 503, description = "Too many requests at once", body = ErrorBody),
    ),
    security(("bearer" = [])),
    tag = "scoring",
)]
pub async fn score(
    State(state): State<Arc<AppState>>,
    given: Result<Query<ScoreQuery>, QueryRejection>,
    turn: Option<axum::Extension<Turn>>,
    id: Option<axum::Extension<RequestId>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let deadline = Instant::now() + state.limits.deadline;
    let format = match media_type(&headers).as_deref() {
        Some("text/csv") => InputFormat::Csv,
        Some("application/x-ndjson" | "application/ndjson" | "application/jsonl") => {
            InputFormat::Ndjson
        }
        Some("application/json") => InputFormat::Json,
        other => {
            return Err(unsupported(
                other.map(String::from),
                "text/csv, application/x-ndjson or application/json",
            ));
        }
    };
    let query = query(given)?;
    let policy = state.policy_on(query.as_of.as_deref())?;
    let pace = Pace {
        read_timeout: state.limits.read_timeout,
        deadline,
    };
    let charset = charset(&headers);
    let file = body::to_file(body, &headers, state.limits.max_body, pace).await?;
    let (tx, mut rx) = mpsc::channel::<Message>(8);
    let job = Job {
        state: Arc::clone(&state),
        file,
        format,
        charset,
        policy,
        payroll: query
            .payroll
            .unwrap_or_else(|| history::DEFAULT_PAYROLL.to_string()),
        record: query.record.unwrap_or(true),
        deadline: deadline.into_std(),
        turn: turn.map(|t| t.0),
        id: id.map_or_else(String::new, |id| id.0.0),
    };
    tokio::task::spawn_blocking(move || job.run(tx));
    // Pass 1 reads the whole file before the first record: a body that is
    // no payroll fails here, before the 200 is sent.
    let first = match rx.recv().await {
        Some(Message::Failed(failure)) => return Err(failure.into()),
        Some(first) => first,
        None => return Err(ApiError::internal("scoring ended without an answer")),
    };
    let stream = futures_util::stream::unfold(
        (Some(first), rx, false),
        move |(next, mut rx, done)| async move {
            if done {
                return None;
            }
            let message = match next {
                Some(m) => Some(m),
                None => rx.recv().await,
            };
            let item = match message {
                Some(Message::Records(bytes)) if Instant::now() <= deadline => Ok(bytes),
                Some(Message::Records(_)) => Err(Cut("the request's deadline passed".into())),
                Some(Message::Done) => return None,
                Some(Message::Failed(f)) => Err(Cut(f.to_string())),
                None => Err(Cut("scoring stopped without finishing".into())),
            };
            let stop = item.is_err();
            Some((item, (None, rx, stop)))
        },
    );
    let mut response = Response::new(Body::from_stream(stream));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    Ok(response)
}

/// What the scoring thread sends: records, then `Done`, or a failure.
enum Message {
    Records(Bytes),
    Done,
    Failed(Failure),
}

/// Why a payroll could not be scored.
#[derive(Debug)]
enum Failure {
    /// The body is not a payroll: 422.
    NotAPayroll(String),
    /// The service's fault (the history, the plugin): 500.
    Service(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotAPayroll(m) | Failure::Service(m) => f.write_str(m),
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        match error {
            // The temporary file's path means nothing to the client.
            Error::Input(InputError::Format { message, .. }) => Failure::NotAPayroll(message),
            Error::TooManyRows => Failure::NotAPayroll(error.to_string()),
            other => Failure::Service(other.to_string()),
        }
    }
}

impl From<Failure> for ApiError {
    fn from(failure: Failure) -> ApiError {
        match failure {
            Failure::NotAPayroll(message) => ApiError::not_a_payroll(message),
            Failure::Service(message) => ApiError::internal(message),
        }
    }
}

/// A response cut off mid-stream: the client sees a broken transfer, not a
/// short answer that looks whole.
#[derive(Debug)]
struct Cut(String);

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the answer was cut off: {}", self.0)
    }
}

impl std::error::Error for Cut {}

/// One payroll to score on a blocking thread.
struct Job {
    state: Arc<AppState>,
    file: crate::body_file::BodyFile,
    format: InputFormat,
    /// The body's encoding when the Content-Type names one.
    charset: Option<String>,
    policy: Arc<Policy>,
    payroll: String,
    record: bool,
    deadline: std::time::Instant,
    /// Held until the last record is sent.
    #[allow(dead_code)]
    turn: Option<Turn>,
    /// The request's id, for the log.
    id: String,
}

impl Job {
    fn run(self, tx: mpsc::Sender<Message>) {
        let mut out = Sender {
            tx: &tx,
            buffer: String::new(),
            open: true,
            deadline: self.deadline,
        };
        let scored = self.score(&mut out);
        let last = match scored {
            Ok(()) => {
                out.flush();
                Message::Done
            }
            Err(failure) => {
                tracing::warn!(request_id = %self.id, error = %failure.kind(), "scoring failed");
                Message::Failed(failure)
            }
        };
        let _ = tx.blocking_send(last);
    }

    fn score(&self, out: &mut Sender<'_>) -> Result<(), Failure> {
        let mut payroll = PayrollFile::open_as(self.file.path(), Some(self.format))
            .map_err(|e| Failure::from(Error::Input(e)))?;
        if let Some(charset) = &self.charset {
            payroll = payroll
                .with_encoding(charset)
                .map_err(|e| Failure::from(Error::Input(e)))?;
        }
        // NDJSON lines carry no payout.
        let payroll = WithoutPayouts(&payroll);
        let metrics = &self.state.metrics;
        let policy: &Policy = &self.policy;
        let emit = |row: ReportRow| out.push(&row);
        let summary = match &self.state.history {
            None => self.state.plugin.score(&payroll, policy, emit)?,
            Some((config, _)) => {
                let mut history = History::open(&config.location, config.secret.as_deref())
                    .map_err(|e| Failure::Service(e.to_string()))?;
                let sha256 = history::file_sha256(self.file.path())
                    .map_err(|e| Failure::Service(e.to_string()))?;
                let plan = history
                    .plan(&self.payroll, sha256, policy)
                    .map_err(|e| Failure::Service(e.to_string()))?;
                self.state.plugin.score_against(
                    &payroll,
                    policy,
                    &mut history,
                    &plan,
                    self.record,
                    emit,
                )?
            }
        };
        metrics.payouts("allow", summary.allow as u64);
        metrics.payouts("review", summary.review as u64);
        metrics.payouts("block", summary.block as u64);
        metrics.payouts("rejected", summary.rejected as u64);
        Ok(())
    }
}

impl Failure {
    /// What the log may say: the kind, never the message (it can quote a
    /// row).
    fn kind(&self) -> &'static str {
        match self {
            Failure::NotAPayroll(_) => "not-a-payroll",
            Failure::Service(_) => "service",
        }
    }
}

/// Records batched into the channel; once the client is gone or the
/// deadline passed, the rest are dropped (the run still ends and records,
/// so a retry of the same body replaces it).
struct Sender<'a> {
    tx: &'a mpsc::Sender<Message>,
    buffer: String,
    open: bool,
    deadline: std::time::Instant,
}

impl Sender<'_> {
    fn push(&mut self, row: &ReportRow) {
        if !self.open {
            return;
        }
        self.buffer.push_str(&json::line(row));
        if self.buffer.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.open || self.buffer.is_empty() {
            return;
        }
        let batch = Bytes::from(std::mem::take(&mut self.buffer));
        self.open = std::time::Instant::now() <= self.deadline
            && self.tx.blocking_send(Message::Records(batch)).is_ok();
    }
}
