//! [`FromParams`]: reading a typed payload out of webhook parameters.

use std::error::Error as StdError;
use std::str::FromStr;

use super::error::PayloadError;
use super::params::Params;

/// A webhook payload that can be read from the decoded form parameters.
///
/// Implemented by [`IncomingMessage`](super::IncomingMessage),
/// [`MessageStatusCallback`](super::MessageStatusCallback),
/// [`CallStatusCallback`](super::CallStatusCallback),
/// [`GatherResult`](super::GatherResult),
/// [`GatherPartialResult`](super::GatherPartialResult),
/// [`RecordingStatusCallback`](super::RecordingStatusCallback),
/// [`MachineDetectionResult`](super::MachineDetectionResult) and [`Params`]
/// itself (no typing at all). Implement it for your own payloads to use them with the axum extractor.
pub trait FromParams: Sized {
    /// Reads the payload, consuming the parameters.
    ///
    /// # Errors
    /// [`PayloadError`] naming the missing or malformed parameter.
    fn from_params(params: Params) -> Result<Self, PayloadError>;
}

impl FromParams for Params {
    fn from_params(params: Params) -> Result<Self, PayloadError> {
        Ok(params)
    }
}

/// Takes typed fields out of [`Params`]; what is left becomes a payload's `extra`.
#[derive(Debug)]
pub(crate) struct Fields {
    params: Params,
}

impl Fields {
    pub(crate) fn new(params: Params) -> Self {
        Self { params }
    }

    /// The first value of `name`, removed; absent or empty is `None`.
    pub(crate) fn text(&mut self, name: &str) -> Option<String> {
        self.params.take(name).filter(|v| !v.is_empty())
    }

    /// The first value of `name`, removed; may be empty, absent is an error.
    pub(crate) fn required_text(&mut self, name: &str) -> Result<String, PayloadError> {
        self.params.take(name).ok_or_else(|| missing(name))
    }

    /// `name` parsed; absent or empty is `None`.
    pub(crate) fn parse<T>(&mut self, name: &str) -> Result<Option<T>, PayloadError>
    where
        T: FromStr,
        T::Err: StdError + Send + Sync + 'static,
    {
        match self.text(name) {
            None => Ok(None),
            Some(value) => value.parse().map(Some).map_err(|e| invalid(name, e)),
        }
    }

    /// `name` parsed; absent or empty is an error.
    pub(crate) fn required<T>(&mut self, name: &str) -> Result<T, PayloadError>
    where
        T: FromStr,
        T::Err: StdError + Send + Sync + 'static,
    {
        self.parse(name)?.ok_or_else(|| missing(name))
    }

    /// The first of `names` that is present (non-empty), parsed; the others are
    /// left in place. Absent everywhere is an error naming the first.
    pub(crate) fn required_any<T>(&mut self, names: &[&str]) -> Result<T, PayloadError>
    where
        T: FromStr,
        T::Err: StdError + Send + Sync + 'static,
    {
        for name in names {
            if self.params.get(name).is_some_and(|v| !v.is_empty()) {
                return self.required(name);
            }
        }
        Err(missing(names.first().copied().unwrap_or_default()))
    }

    /// `name` mapped by `known` when it recognises the value (which is then
    /// removed); otherwise `None`, and the parameter stays in the rest.
    pub(crate) fn known<T>(&mut self, name: &str, known: impl Fn(&str) -> Option<T>) -> Option<T> {
        let value = self.params.get(name).and_then(&known)?;
        self.params.take(name);
        Some(value)
    }

    /// What was not taken.
    pub(crate) fn rest(self) -> Params {
        self.params
    }
}

pub(crate) fn missing(name: &str) -> PayloadError {
    PayloadError::Missing {
        field: name.to_owned(),
    }
}

pub(crate) fn invalid(name: &str, source: impl StdError + Send + Sync + 'static) -> PayloadError {
    PayloadError::Invalid {
        field: name.to_owned(),
        source: Box::new(source),
    }
}
