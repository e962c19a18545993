//! What a request shows in traces: its resource kind, never its values.

use std::fmt;

/// The resource path with SIDs replaced by `{sid}`, without `.json` or the
/// query (which may hold phone numbers): `Messages`, `Calls/{sid}`,
/// `Calls/{sid}/Recordings`.
///
/// Written only when a trace is recorded: building the span of a request
/// that no subscriber or logger records costs nothing.
pub(crate) struct ResourceKind<'a>(pub(crate) &'a str);

impl fmt::Display for ResourceKind<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.0.split(['?', '#']).next().unwrap_or_default();
        let path = path.strip_suffix(".json").unwrap_or(path);
        for (i, segment) in path.split('/').enumerate() {
            if i > 0 {
                f.write_str("/")?;
            }
            f.write_str(if looks_like_sid(segment) {
                "{sid}"
            } else {
                segment
            })?;
        }
        Ok(())
    }
}

/// What a request's span names: a generated operation by its operationId
/// (`FetchPhoneNumber`), a hand-written one by its [`ResourceKind`].
pub(crate) struct Resource<'a>(pub(crate) &'a super::ApiRequest);

impl fmt::Display for Resource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.operation_id {
            Some(operation_id) => f.write_str(operation_id),
            None => ResourceKind(&self.0.resource).fmt(f),
        }
    }
}

/// Whether a path segment is a value (a SID, a number) rather than a
/// resource name: resource names have no digits, `+` or `%`.
fn looks_like_sid(segment: &str) -> bool {
    segment
        .bytes()
        .any(|b| b.is_ascii_digit() || b == b'+' || b == b'%')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource_kind(resource: &str) -> String {
        ResourceKind(resource).to_string()
    }

    #[test]
    fn kinds_hide_values() {
        assert_eq!(resource_kind("Messages.json"), "Messages");
        assert_eq!(
            resource_kind("Calls/CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6.json"),
            "Calls/{sid}"
        );
        assert_eq!(
            resource_kind("Messages.json?To=%2B12025551234&PageSize=20"),
            "Messages"
        );
        assert_eq!(
            resource_kind("Calls/CA7d5e3f1a2b3c4d5e6f708192a3b4c5d6/Recordings.json"),
            "Calls/{sid}/Recordings"
        );
    }
}
