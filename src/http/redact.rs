//! Showing URLs without the `user:password@` they may carry.

use url::Url;

/// Removes the username and password from `url`.
pub(crate) fn strip_userinfo(url: &mut Url) {
    // Both fail only for URLs that cannot carry credentials (no host), which
    // then have none to remove.
    let _ = url.set_username("");
    let _ = url.set_password(None);
}

/// `url` as text, its userinfo (if any) replaced by `<redacted>`.
pub(crate) fn display_url(url: &Url) -> String {
    if url.username().is_empty() && url.password().is_none() {
        return url.as_str().to_owned();
    }
    let mut bare = url.clone();
    strip_userinfo(&mut bare);
    let text = bare.as_str();
    match text.find("://") {
        Some(at) => format!("{}<redacted>@{}", &text[..at + 3], &text[at + 3..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_never_shows() {
        let url = Url::parse("http://user:hunter2@127.0.0.1:4010/x").unwrap();
        assert_eq!(display_url(&url), "http://<redacted>@127.0.0.1:4010/x");
        let url = Url::parse("https://only-user@api.twilio.com/").unwrap();
        assert_eq!(display_url(&url), "https://<redacted>@api.twilio.com/");
        let url = Url::parse("https://api.twilio.com/").unwrap();
        assert_eq!(display_url(&url), "https://api.twilio.com/");
        let mut url = Url::parse("http://u:p@h/").unwrap();
        strip_userinfo(&mut url);
        assert_eq!(url.as_str(), "http://h/");
    }
}
