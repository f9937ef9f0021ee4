//! Errors as ClinicalTrials.gov gives them: a status code and a plain-text reason.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// 400: the request's parameters are wrong; the message says which and why.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, message: message.into() }
    }

    /// 500: the server could not read its own data. The detail goes to the server's
    /// log, not to the client (it may name files or SQL).
    pub fn internal(err: impl std::fmt::Display) -> ApiError {
        tracing::error!("{err}");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error; the server's log says more".to_owned(),
        }
    }
}

impl From<trialdex_index::Error> for ApiError {
    fn from(err: trialdex_index::Error) -> ApiError {
        match err {
            // The query, a filter or a page token: the caller's to fix.
            trialdex_index::Error::Query(_) | trialdex_index::Error::Request(_) => {
                ApiError::bad_request(err.to_string())
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<trialdex_store::Error> for ApiError {
    fn from(err: trialdex_store::Error) -> ApiError {
        ApiError::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut text = self.message;
        text.push('\n');
        let mut response = (self.status, [("content-type", "text/plain; charset=utf-8")], text).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            // How to authenticate: a bearer token.
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
