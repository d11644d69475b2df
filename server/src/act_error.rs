//! The error an action can get: a stable [`ErrorCode`] plus a human-readable message.

use kring_protocol::ErrorCode;

/// Why an action was refused. Nothing was applied; the client may act on `code`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} ({code:?})")]
pub struct ActError {
    /// Stable machine-readable code, sent to the client.
    pub code: ErrorCode,
    /// Explanation in English, sent to the client (never internal details).
    pub message: String,
}

impl ActError {
    /// An error with the given code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ActError {
            code,
            message: message.into(),
        }
    }

    /// The action needs the host's rights.
    pub fn forbidden() -> Self {
        ActError::new(ErrorCode::Forbidden, "only the host may do this")
    }

    /// The spec or text given is invalid.
    pub fn invalid_spec(message: impl Into<String>) -> Self {
        ActError::new(ErrorCode::InvalidSpec, message)
    }
}
