//! Decoding Twilio's JSON answers into [`Message`](crate::Message) and
//! [`Call`](crate::Call) without serde_json's per-token work, for the answers
//! every send and fetch reads.
//!
//! [`Object`] reads the flat object Twilio writes, borrowing keys and values
//! from the body; each model matches its keys and converts the values with
//! the same functions its `Deserialize` uses (SID checks, E.164 form, RFC
//! 2822 dates, open enums). Anything the reader does not handle itself
//! (escapes in strings, numbers with fractions, a duplicate or missing field,
//! a value that fails its check) ends the fast path with [`Unusual`], and the
//! body is decoded again by serde_json, which gives the same value or the
//! error it always gave. `decode::tests` checks both paths against each
//! other.

mod call;
mod message;
mod scan;
#[cfg(test)]
mod tests;

use time::OffsetDateTime;

use crate::dates::{rfc2822_text, u32_text};
use crate::{Call, Endpoint, Message, E164};
use scan::{Fast, Scalar, Unusual};

/// Decodes a message resource (fast, or by serde_json when the fast path refuses).
///
/// # Errors
/// serde_json's error for a body that is not a message.
pub(crate) fn message(body: &[u8]) -> Result<Message, serde_json::Error> {
    with_fallback(body, message::read)
}

/// Decodes a call resource (fast, or by serde_json when the fast path refuses).
///
/// # Errors
/// serde_json's error for a body that is not a call.
pub(crate) fn call(body: &[u8]) -> Result<Call, serde_json::Error> {
    with_fallback(body, call::read)
}

/// Decodes `body` with `fast`, or with serde_json when `fast` refuses it.
///
/// # Errors
/// serde_json's error for a body that is not a `T`.
fn with_fallback<T: serde::de::DeserializeOwned>(
    body: &[u8],
    fast: fn(&[u8]) -> Fast<T>,
) -> Result<T, serde_json::Error> {
    match fast(body) {
        Ok(value) => Ok(value),
        Err(Unusual) => serde_json::from_slice(body),
    }
}

/// Stores the value of a field, refusing a field seen twice (serde's derive
/// reports a duplicate field).
fn set<T>(slot: &mut Option<T>, value: Fast<T>) -> Fast<()> {
    if slot.is_some() {
        return Err(Unusual);
    }
    *slot = Some(value?);
    Ok(())
}

/// A value that may be `null`.
fn nullable<'a, T>(value: Scalar<'a>, read: impl FnOnce(Scalar<'a>) -> Fast<T>) -> Fast<Option<T>> {
    match value {
        Scalar::Null => Ok(None),
        other => read(other).map(Some),
    }
}

fn text(value: Scalar<'_>) -> Fast<&str> {
    match value {
        Scalar::Str(s) => Ok(s),
        Scalar::Null | Scalar::U32(_) => Err(Unusual),
    }
}

/// A SID of kind `T`, checked as its `Deserialize` checks it.
fn sid<T: for<'s> TryFrom<&'s str>>(value: Scalar<'_>) -> Fast<T> {
    T::try_from(text(value)?).map_err(|_| Unusual)
}

/// A string field (`Option<String>` in the models).
fn string(value: Scalar<'_>) -> Fast<Option<String>> {
    nullable(value, |v| text(v).map(str::to_owned))
}

/// An open enum: unknown strings are kept, so only a non-string is refused.
fn open_enum<T: std::str::FromStr<Err = std::convert::Infallible>>(value: Scalar<'_>) -> Fast<T> {
    match text(value)?.parse() {
        Ok(parsed) => Ok(parsed),
        Err(never) => match never {},
    }
}

/// A party, as `Endpoint`'s `Deserialize` reads it: E.164 form checked
/// syntactically, anything else kept verbatim.
fn endpoint(value: Scalar<'_>) -> Fast<Endpoint> {
    let s = text(value)?;
    Ok(match E164::from_twilio(s) {
        Some(number) => Endpoint::Phone(number),
        None => Endpoint::Other(s.to_owned()),
    })
}

/// `opt_rfc2822`: an RFC 2822 date, `""` or `null`.
fn date(value: Scalar<'_>) -> Fast<Option<OffsetDateTime>> {
    match value {
        Scalar::Null => Ok(None),
        Scalar::Str(s) => rfc2822_text(s).map_err(|_| Unusual),
        Scalar::U32(_) => Err(Unusual),
    }
}

/// `opt_u32_lenient`: a whole number, as a number or a string, `""` or `null`.
fn lenient_u32(value: Scalar<'_>) -> Fast<Option<u32>> {
    match value {
        Scalar::Null => Ok(None),
        Scalar::U32(n) => Ok(Some(n)),
        Scalar::Str(s) => u32_text(s).map_err(|_| Unusual),
    }
}

/// `opt_decimal_text`: a price as a string, `""` or `null`. A price written
/// as a JSON number is left to serde_json (it keeps serde_json's spelling).
fn decimal_text(value: Scalar<'_>) -> Fast<Option<String>> {
    match value {
        Scalar::Null | Scalar::Str("") => Ok(None),
        Scalar::Str(s) => Ok(Some(s.to_owned())),
        Scalar::U32(_) => Err(Unusual),
    }
}
