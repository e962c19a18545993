//! How a schema of the specs becomes a Rust type, in a response model and
//! as a request parameter.

use serde_json::Value;

/// A field's or parameter's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Str,
    Bool,
    Int,
    /// A number or a price, read leniently (string or number) as a decimal.
    Decimal,
    /// An absolute URL (`format: uri`, a name ending in `url`).
    Url,
    DateTime2822,
    DateTime3339,
    Date,
    /// A SID type by name (from `sids.rs` or the hand-written ids).
    Sid(String),
    /// A path segment without a pattern: a SID or a unique name.
    SidOrName,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A phone number or another address (`format: phone-number`).
    Endpoint,
    /// A phone number in a path, E.164.
    E164,
    HttpMethod,
    Enum(String),
    Model(String),
    /// Free-form JSON.
    Value,
    /// `format: uri-map`: names to relative URIs.
    UriMap,
    Vec(Box<Ty>),
}

impl Ty {
    /// The type of a response model's field, inside its `Option`.
    pub fn model_type(&self) -> String {
        match self {
            Ty::Str => "String".into(),
            Ty::Bool => "bool".into(),
            Ty::Int => "i64".into(),
            Ty::Decimal => "Decimal".into(),
            Ty::Url => "Url".into(),
            Ty::DateTime2822 | Ty::DateTime3339 => "OffsetDateTime".into(),
            Ty::Date => "Date".into(),
            Ty::Sid(name) => name.clone(),
            Ty::SidOrName => "SidOrName".into(),
            Ty::Country => "IsoCountry".into(),
            Ty::Endpoint | Ty::E164 => "Endpoint".into(),
            Ty::HttpMethod => "HttpMethod".into(),
            Ty::Enum(name) | Ty::Model(name) => name.clone(),
            Ty::Value => "serde_json::Value".into(),
            Ty::UriMap => "BTreeMap<String, String>".into(),
            Ty::Vec(inner) => format!("Vec<{}>", inner.model_type()),
        }
    }

    /// The reader (a newtype of `types::wire`) of `Option<Self>` where
    /// serde's own impl does not read what Twilio writes.
    pub fn deserialize_with(&self) -> Option<&'static str> {
        Some(match self {
            Ty::Url => "OptUrl",
            Ty::DateTime2822 => "OptRfc2822",
            Ty::DateTime3339 => "OptRfc3339",
            Ty::Date => "OptDate",
            Ty::Decimal => "OptDecimal",
            Ty::Int => "OptInt",
            Ty::Sid(_) => "OptSid",
            Ty::UriMap => "OptUriMap",
            _ => return None,
        })
    }

    /// A type a JSON request body can carry (serialize) as it is; dates
    /// there are kept as the text Twilio reads, decimals are written as
    /// JSON numbers (`serialize_with`).
    pub fn for_body(self) -> Ty {
        match self {
            Ty::DateTime2822 | Ty::DateTime3339 | Ty::Date => Ty::Str,
            Ty::Vec(inner) => Ty::Vec(Box::new(inner.for_body())),
            other => other,
        }
    }

    /// The same reader as a function, for `#[serde(deserialize_with)]` in
    /// the request-body models (which derive serde's traits and can be
    /// answers too).
    pub fn deserialize_fn(&self) -> Option<&'static str> {
        Some(match self {
            Ty::Url => "crate::types::wire::opt_url",
            Ty::DateTime2822 => "crate::types::wire::opt_rfc2822",
            Ty::DateTime3339 => "crate::types::wire::opt_rfc3339",
            Ty::Date => "crate::types::wire::opt_date",
            Ty::Decimal => "crate::types::wire::opt_decimal",
            Ty::Int => "crate::types::wire::opt_int",
            Ty::Sid(_) => "crate::types::wire::opt_sid",
            Ty::UriMap => "crate::types::wire::opt_uri_map",
            _ => return None,
        })
    }

    /// The serde helper that writes `Option<Self>` in a JSON request body
    /// where serde's own impl does not write what Twilio reads.
    pub fn serialize_with(&self) -> Option<&'static str> {
        match self {
            Ty::Decimal => Some("crate::types::wire::ser_opt_decimal"),
            _ => None,
        }
    }

    /// Inside an array, only types serde reads as they are.
    pub fn in_array(self) -> Ty {
        match self {
            Ty::Url | Ty::DateTime2822 | Ty::DateTime3339 | Ty::Date | Ty::Decimal => Ty::Str,
            Ty::Int => Ty::Value,
            other => other,
        }
    }

    /// A setter's or entry call's parameter type, and the expression that
    /// turns the parameter `v` into the text sent.
    pub fn param(&self) -> (String, String) {
        let wire = "v.wire()".to_owned();
        match self {
            Ty::Str => ("impl Into<String>".into(), "v.into()".into()),
            Ty::Bool => ("bool".into(), wire),
            Ty::Int => ("i64".into(), wire),
            Ty::Decimal => ("Decimal".into(), wire),
            Ty::Url => ("&Url".into(), wire),
            Ty::DateTime2822 | Ty::DateTime3339 => ("OffsetDateTime".into(), wire),
            Ty::Date => ("Date".into(), wire),
            Ty::Sid(name) => (format!("&{name}"), wire),
            Ty::SidOrName => ("impl Into<SidOrName>".into(), "v.into().wire()".into()),
            Ty::Country => ("&IsoCountry".into(), wire),
            Ty::Endpoint => ("impl Into<Endpoint>".into(), "v.into().wire()".into()),
            Ty::E164 => ("&E164".into(), wire),
            Ty::HttpMethod => ("HttpMethod".into(), wire),
            Ty::Enum(name) => (name.clone(), wire),
            Ty::Model(_) | Ty::Value | Ty::UriMap => ("&serde_json::Value".into(), wire),
            Ty::Vec(inner) => {
                let (item, expr) = match inner.as_ref() {
                    Ty::Str => ("impl Into<String>".to_owned(), "v.into()"),
                    Ty::Url => ("Url".to_owned(), "v.wire()"),
                    Ty::Sid(name) => (name.clone(), "v.wire()"),
                    Ty::SidOrName => ("impl Into<SidOrName>".to_owned(), "v.into().wire()"),
                    Ty::Country => ("IsoCountry".to_owned(), "v.wire()"),
                    Ty::E164 | Ty::Endpoint => {
                        ("impl Into<Endpoint>".to_owned(), "v.into().wire()")
                    }
                    Ty::Model(_) | Ty::Value | Ty::UriMap | Ty::Vec(_) => {
                        ("serde_json::Value".to_owned(), "v.wire()")
                    }
                    other => (other.param().0, "v.wire()"),
                };
                (format!("impl IntoIterator<Item = {item}>"), expr.to_owned())
            }
        }
    }

    /// Facts for a doc comment: the spec's type and format.
    pub fn describe(schema: &Value) -> String {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return format!("`{}`", r.rsplit('/').next().unwrap_or(r));
        }
        let ty = schema.get("type").and_then(Value::as_str).unwrap_or("any");
        let mut out = match schema.get("format").and_then(Value::as_str) {
            Some(format) => format!("{ty} ({format})"),
            None => ty.to_owned(),
        };
        if ty == "array" {
            if let Some(items) = schema.get("items") {
                out = format!("array of {}", Ty::describe(items));
            }
        }
        out
    }
}

/// The prefixes of a SID pattern (`^VA[0-9a-fA-F]{32}$`, `^(SM|MM)[0-9a-fA-F]{32}$`,
/// `OR[0-9a-f]{32}`), or `None` for any other pattern.
pub fn sid_prefixes(pattern: &str) -> Option<Vec<String>> {
    let p = pattern.strip_prefix('^').unwrap_or(pattern);
    let p = p.strip_suffix('$').unwrap_or(p);
    let head = p
        .strip_suffix("[0-9a-fA-F]{32}")
        .or_else(|| p.strip_suffix("[0-9a-f]{32}"))
        .or_else(|| p.strip_suffix("[0-9A-Fa-f]{32}"))?;
    let head = head
        .strip_prefix('(')
        .and_then(|h| h.strip_suffix(')'))
        .unwrap_or(head);
    let prefixes: Vec<String> = head.split('|').map(str::to_owned).collect();
    prefixes
        .iter()
        .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_uppercase()))
        .then_some(prefixes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_patterns() {
        assert_eq!(
            sid_prefixes("^VA[0-9a-fA-F]{32}$"),
            Some(vec!["VA".to_owned()])
        );
        assert_eq!(
            sid_prefixes("^(SM|MM)[0-9a-fA-F]{32}$"),
            Some(vec!["SM".to_owned(), "MM".to_owned()])
        );
        assert_eq!(sid_prefixes("OR[0-9a-f]{32}"), Some(vec!["OR".to_owned()]));
        assert_eq!(sid_prefixes("^[a-zA-Z]{2}[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefixes("^OQ[a-zA-Z0-9]{32}$"), None);
        assert_eq!(sid_prefixes("^aia_asst_.+$"), None);
    }
}
