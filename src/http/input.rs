//! Deferred validation for request builders: the first invalid value is kept
//! and reported by `.send()` before any I/O (twilight-http's pattern).

use crate::Error;
use std::fmt::Display;

/// Collects the first validation error of a builder.
#[derive(Debug, Default)]
pub(crate) struct Deferred(Option<Error>);

impl Deferred {
    /// Converts `value`, remembering a failure under `field`.
    pub(crate) fn take<T, V>(&mut self, field: &'static str, value: V) -> Option<T>
    where
        V: TryInto<T>,
        V::Error: Display,
    {
        match value.try_into() {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    /// Records a failure under `field` unless an earlier one is already kept.
    pub(crate) fn fail(&mut self, field: &'static str, reason: impl Display) {
        if self.0.is_none() {
            self.0 = Some(Error::invalid(field, reason));
        }
    }

    /// The first failure, if any.
    pub(crate) fn check(&mut self) -> Result<(), Error> {
        self.0.take().map_or(Ok(()), Err)
    }
}
