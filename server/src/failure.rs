//! A failed request's answer: [`Failure`] (status, the JSON [`ApiError`], and for a rate limit
//! `Retry-After`) and the failures the guard, the WebSocket upgrade and the accept loop give
//! before any API handler runs. Below `http`, `ws`, `guard` and `serve`, which all answer
//! with it; it needs none of them.

use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kring_protocol::{ApiError, ErrorCode};

use crate::act_error::ActError;
use crate::config::MAX_API_BODY_BYTES;
use crate::limits::{Limit, Refused};

/// A failed API call: status, JSON body and, for a rate limit, seconds until a retry may pass.
#[derive(Debug)]
pub struct Failure(
    pub(crate) StatusCode,
    pub(crate) ApiError,
    pub(crate) Option<u64>,
);

impl Failure {
    /// A failure with `status` and `code`, and `message` for people.
    pub(crate) fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Failure(
            status,
            ApiError {
                code: code_name(code),
                message: message.into(),
            },
            None,
        )
    }

    /// `429 rateLimited` with `Retry-After`.
    pub fn limited(refused: Refused) -> Self {
        let message = match refused.limit {
            Limit::RoomCreations => "too many new rooms from this address; try again later",
            Limit::LookupFailures => {
                "too many unknown room codes or wrong keys from this address; wait a moment"
            }
            _ => "too many requests; wait a moment and try again",
        };
        let mut failure = Failure::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            message,
        );
        failure.2 = Some(refused.retry_after_secs());
        failure
    }

    /// `500 internal`, the error logged.
    pub(crate) fn internal(error: &anyhow::Error) -> Self {
        tracing::error!("API call failed: {error:#}");
        Failure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "the server failed; nothing was changed",
        )
    }
}

impl From<ActError> for Failure {
    fn from(error: ActError) -> Self {
        let status = match error.code {
            ErrorCode::RoomNotFound | ErrorCode::ActivityNotFound | ErrorCode::SessionNotFound => {
                StatusCode::NOT_FOUND
            }
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        Failure::new(status, error.code, error.message)
    }
}

impl From<BytesRejection> for Failure {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let message = format!("the body is limited to {} KiB", MAX_API_BODY_BYTES / 1024);
            return Failure::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, message);
        }
        Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadMessage,
            rejection.body_text(),
        )
    }
}

impl From<QueryRejection> for Failure {
    fn from(rejection: QueryRejection) -> Self {
        Failure::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadMessage,
            rejection.body_text(),
        )
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut response = (self.0, axum::Json(self.1)).into_response();
        if let Some(secs) = self.2 {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// `403 badOrigin`: a state-changing request from a page of another site.
pub fn bad_origin() -> Failure {
    Failure::new(
        StatusCode::FORBIDDEN,
        ErrorCode::BadOrigin,
        "requests from pages of other sites are refused",
    )
}

/// `408 requestTimeout`: the request did not arrive (or could not be answered) in time.
pub fn request_timeout(deadline: std::time::Duration) -> Response {
    let message = format!("the request took longer than {} s", deadline.as_secs());
    Failure::new(
        StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RequestTimeout,
        message,
    )
    .into_response()
}

/// The wire name of an error code (`roomNotFound`).
pub fn code_name(code: ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{code:?}"),
    }
}
