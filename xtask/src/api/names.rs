//! Rust names from the specs' names: `PascalCase` types, `snake_case`
//! methods and fields, keywords escaped.

/// Splits a spec name (`DateSent`, `date_sent`, `Bindings.Email.Address`,
/// `assistantId`, `in-progress`, `X-Twilio-Webhook-Enabled`) into lowercase words.
pub fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case`, a valid Rust identifier (keywords as raw identifiers, a
/// leading digit prefixed).
pub fn snake(name: &str) -> String {
    let joined = words(name).join("_");
    ident(if joined.is_empty() {
        "value".to_owned()
    } else {
        joined
    })
}

/// `PascalCase`, a valid Rust type name.
pub fn pascal(name: &str) -> String {
    let mut out: String = words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if matches!(
        out.as_str(),
        "Self" | "Option" | "Result" | "Vec" | "String"
    ) {
        out.push('_');
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "try", "gen",
];

fn ident(name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("n{name}");
    }
    if matches!(name.as_str(), "self" | "super" | "crate" | "Self") {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// The identifier without a raw prefix, for composing other names.
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Escapes text for a Rust string literal.
pub fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// Escapes text that goes into a doc comment: no description prose, only
/// facts, but names and patterns may hold `[`, `<`, `*` or backticks.
pub fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("DateSent"), "date_sent");
        assert_eq!(snake("FetchPhoneNumber"), "fetch_phone_number");
        assert_eq!(snake("assistantId"), "assistant_id");
        assert_eq!(snake("Bindings.Email.Address"), "bindings_email_address");
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(
            snake("X-Twilio-Webhook-Enabled"),
            "x_twilio_webhook_enabled"
        );
        assert_eq!(snake("PageSize"), "page_size");
        assert_eq!(snake("SIPDomain"), "sip_domain");
        assert_eq!(snake("AddOns"), "add_ons");
        assert_eq!(pascal("in-progress"), "InProgress");
        assert_eq!(
            pascal("verification_enum_channel"),
            "VerificationEnumChannel"
        );
        assert_eq!(pascal("1080p"), "V1080p");
        assert_eq!(pascal("GET"), "Get");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(snake("Parameter1.Name"), "parameter1_name");
    }
}
