//! [`E164`], a validated phone number in E.164 form.
//!
//! User input is validated by the `phonenumber` crate (libphonenumber's
//! metadata and rules), so `cargo update` brings new number ranges. Numbers
//! read from Twilio's answers only get a syntactic check and never load that
//! metadata (`tests/it/phone_metadata.rs` checks it).

use std::fmt;
use std::str::FromStr;

/// The longest input accepted before parsing (formatting characters included).
const MAX_INPUT_LEN: usize = 64;

/// The fewest digits (country code included) of any valid phone number, e.g.
/// `+6831234` in Niue.
const MIN_DIGITS: usize = 7;

/// The most digits E.164 allows (country code included).
const MAX_DIGITS: usize = 15;

/// The two-digit country calling codes (ITU-T E.164 assignment). `1` and `7`
/// are the only one-digit codes and every other code has three digits, so the
/// set is prefix-free: enough to split the code off a number Twilio wrote.
/// `tests/it/phone_validity.rs` checks the split against every calling code of
/// libphonenumber's metadata.
const TWO_DIGIT_CODES: [u16; 44] = [
    20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56,
    57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
];

/// Checks the characters of `input` and keeps `+` and its digits, the only
/// form handed to libphonenumber (which would otherwise read letters as
/// vanity digits or an extension).
fn normalize(input: &str) -> Result<String, ParseE164Error> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(ParseE164Error::Empty);
    }
    if trimmed.len() > MAX_INPUT_LEN {
        return Err(ParseE164Error::TooLong(trimmed.chars().count()));
    }
    let Some(rest) = trimmed.strip_prefix('+') else {
        return Err(ParseE164Error::MissingPlus);
    };
    let mut digits = String::with_capacity(rest.len() + 1);
    digits.push('+');
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            other => return Err(ParseE164Error::InvalidCharacter(other)),
        }
    }
    Ok(digits)
}

/// Full validation of a normalized number (`+` and ASCII digits) by the
/// `phonenumber` crate: `parse` with no default region, `is_valid`, and the
/// E.164 format as the canonical form.
fn validate(normalized: &str) -> Result<E164, ParseE164Error> {
    // Only reported once libphonenumber has refused the number, so a short
    // number that is valid somewhere (Niue's) is never refused by this rule.
    let too_short = || {
        (normalized.len().saturating_sub(1) < MIN_DIGITS)
            .then(|| ParseE164Error::TooShort(normalized.to_owned()))
    };
    let number = phonenumber::parse(None, normalized)
        .map_err(|e| too_short().unwrap_or_else(|| ParseE164Error::Unparseable(e.to_string())))?;
    if !phonenumber::is_valid(&number) {
        return Err(too_short().unwrap_or_else(|| ParseE164Error::NotValid(normalized.to_owned())));
    }
    let canonical = number.format().mode(phonenumber::Mode::E164).to_string();
    // libphonenumber's metadata accepts some national numbers (Germany's)
    // too long for E.164; Twilio takes E.164 only.
    if canonical.len().saturating_sub(1) > MAX_DIGITS {
        return Err(ParseE164Error::TooManyDigits(canonical));
    }
    Ok(E164 {
        canonical,
        country_code: number.code().value(),
    })
}

/// The country code at the start of `digits` (E.164 digits without the `+`),
/// or `None` when there are fewer than three digits or the first is `0`.
fn split_country_code(digits: &[u8]) -> Option<u16> {
    let value = |n: usize| -> Option<u16> {
        digits.get(..n)?.iter().try_fold(0u16, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u16::from(d - b'0'))
        })
    };
    match digits.first()? {
        b'0' => None,
        b'1' | b'7' => value(1),
        _ => {
            let two = value(2)?;
            if TWO_DIGIT_CODES.binary_search(&two).is_ok() {
                Some(two)
            } else {
                value(3)
            }
        }
    }
}

/// A phone number in E.164 form (`+12025551234`), valid for its country.
///
/// Parsing accepts common formatting (`"+1 (202) 555-1234"`) and normalizes it.
/// The number must carry its country code after a leading `+`: no default
/// region is guessed. Validity is checked by the [`phonenumber`] crate
/// against libphonenumber's metadata, so `+1 555 0100` or `+44 12` are
/// rejected even though they are "+ and digits", and `cargo update` brings
/// new number ranges.
///
/// [`phonenumber`]: https://docs.rs/phonenumber
///
/// Recipients and senders take what you hold: an `E164`, a `&E164` (no clone
/// needed for a number kept in a struct), a `&str`, a `String` or a `&String`.
/// Text is parsed before anything is sent, and a bad number is refused with
/// [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field:
///
/// ```
/// use twilio_typed::{Error, TwilioClient, E164};
///
/// struct Contact { phone: E164, backup: String }
///
/// async fn notify(client: &TwilioClient, contact: &Contact, owned: E164) -> Result<(), Error> {
///     client.send_sms(owned, "E164").send().await?;
///     client.send_sms(&contact.phone, "&E164").send().await?;
///     client.send_sms("+1 (202) 555-1234", "&str").send().await?;
///     client.send_sms(String::from("+12025551234"), "String").send().await?;
///     client.send_sms(&contact.backup, "&String").send().await?;
///     Ok(())
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// let client = TwilioClient::builder()
///     .account_sid("AC0123456789abcdef0123456789abcdef")
///     .auth_token("token")
///     .from_number("+12025550100")
///     .build()?;
/// let err = client.send_sms("+1", "hi").send().await.unwrap_err();
/// assert!(matches!(err, Error::InvalidInput { field: "to", .. }));
/// assert!(err.to_string().contains("too short to be a phone number"));
/// # let _ = notify;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Numbers that Twilio's API returns (the `to` and `from` of a
/// [`Message`](crate::Message) or [`Call`](crate::Call)) are read as Twilio
/// wrote them, checking the E.164 form but not the metadata.
///
/// ```
/// use twilio_typed::E164;
///
/// let number: E164 = "+1 (202) 555-1234".parse()?;
/// assert_eq!(number.as_str(), "+12025551234");
/// assert_eq!(number.country_code(), 1);
/// assert!("2025551234".parse::<E164>().is_err()); // no + and country code
/// # Ok::<(), twilio_typed::ParseE164Error>(())
/// ```
///
/// # The first parse loads the metadata
///
/// The first parse in a process builds libphonenumber's database: about
/// 100 ms on a 2-core machine (83-113 ms in our runs, 0.11-0.12 s of CPU;
/// up to 360 ms while other builds kept both cores busy), and the process
/// keeps some 8 MiB more. [`E164::warm_up`] pays that early, e.g. at
/// startup. The first number of each calling code then compiles that code's
/// patterns (about 4 ms for `+1` after `warm_up`, 6-9 ms for `+44` after a
/// `+1`), and a parse costs about 10 µs after that. Numbers read from
/// Twilio's answers never load the database.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct E164 {
    canonical: String,
    country_code: u16,
}

/// Why a string is not a valid E.164 phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseE164Error {
    /// The input is empty (or only whitespace).
    #[error("phone number is empty; expected E.164 form such as +12025551234")]
    Empty,
    /// The input does not start with `+` and a country code.
    #[error(
        "phone number must start with + and the country code (E.164, e.g. +12025551234); no default country is assumed"
    )]
    MissingPlus,
    /// The input has characters other than digits and common separators.
    #[error("phone number contains {0:?}; only digits after the leading + are allowed (spaces, dots, dashes and parentheses are ignored)")]
    InvalidCharacter(char),
    /// The input has too few digits to be a phone number (`+1`).
    #[error("{0} is too short to be a phone number; expected + country code and number, e.g. +12025551234")]
    TooShort(String),
    /// The input is longer than any phone number can be.
    #[error("phone number is too long ({0} characters)")]
    TooLong(usize),
    /// The number has more than the 15 digits E.164 allows (country code
    /// included), though its country's numbering plan may accept it.
    #[error("{0} has more than 15 digits, the most E.164 allows (country code included)")]
    TooManyDigits(String),
    /// libphonenumber cannot read the input as a phone number.
    #[error("not a phone number: {0}")]
    Unparseable(String),
    /// The digits do not form a valid number for their country.
    #[error("{0} is not a valid phone number for its country code")]
    NotValid(String),
}

impl E164 {
    /// Parses, validates and normalizes a phone number.
    ///
    /// The input is trimmed and may hold spaces, dots, dashes, parentheses
    /// and no-break spaces between its digits; anything else is refused
    /// before libphonenumber sees it. The number is then validated by the
    /// `phonenumber` crate (libphonenumber's metadata) and returned in the
    /// E.164 form it formats (a national prefix written after the country
    /// code, as in `+44 (0)20 ...`, is dropped).
    ///
    /// The first parse in a process loads libphonenumber's metadata (about
    /// 100 ms on a 2-core machine, see [`E164`]); [`E164::warm_up`] pays it
    /// early. Later parses take about 10 µs each.
    ///
    /// # Errors
    /// [`ParseE164Error`] naming the broken rule.
    pub fn parse(input: &str) -> Result<Self, ParseE164Error> {
        validate(&normalize(input)?)
    }

    /// Loads libphonenumber's metadata now (about 80 ms on a 2-core
    /// machine), so that the first [`E164::parse`] of user input does not
    /// pay for it: call it at startup, before serving requests.
    ///
    /// Idempotent: the metadata is loaded once per process, and a later
    /// call only checks that it is there. Reading Twilio's answers never
    /// needs it.
    ///
    /// ```
    /// use twilio_typed::E164;
    ///
    /// // At startup, before the first request parses a number.
    /// E164::warm_up();
    /// assert!("+1 202 555 1234".parse::<E164>().is_ok());
    /// ```
    pub fn warm_up() {
        // Dereferencing the `phonenumber` crate's lazily built database
        // builds it (once per process, behind a `once_cell` `Lazy`).
        let database: &phonenumber::metadata::Database = &phonenumber::metadata::DATABASE;
        std::hint::black_box(database);
    }

    /// Reads a number that Twilio wrote (an API response): `+` and 7 to 15
    /// digits, the first not `0`, taken as canonical without consulting
    /// libphonenumber's metadata (which it never loads). Twilio only ever
    /// writes numbers in E.164 form, so this syntactic check is enough there;
    /// user input goes through [`E164::parse`].
    pub(crate) fn from_twilio(input: &str) -> Option<Self> {
        let digits = input.strip_prefix('+')?.as_bytes();
        if !(MIN_DIGITS..=MAX_DIGITS).contains(&digits.len())
            || !digits.iter().all(u8::is_ascii_digit)
        {
            return None;
        }
        Some(Self {
            canonical: input.to_owned(),
            country_code: split_country_code(digits)?,
        })
    }

    /// The number in canonical E.164 form, e.g. `+12025551234`.
    pub fn as_str(&self) -> &str {
        &self.canonical
    }

    /// The country calling code, e.g. `1` for NANP or `44` for the UK.
    pub fn country_code(&self) -> u16 {
        self.country_code
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "E164({:?})", self.canonical)
    }
}

impl FromStr for E164 {
    type Err = ParseE164Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for E164 {
    type Error = ParseE164Error;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<&String> for E164 {
    type Error = ParseE164Error;
    fn try_from(s: &String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

/// A number already validated converts by cloning, so `&E164` can be passed
/// wherever a recipient or sender is expected.
impl From<&E164> for E164 {
    fn from(number: &E164) -> Self {
        number.clone()
    }
}

impl TryFrom<String> for E164 {
    type Error = ParseE164Error;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl AsRef<str> for E164 {
    fn as_ref(&self) -> &str {
        &self.canonical
    }
}

impl serde::Serialize for E164 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical)
    }
}

impl<'de> serde::Deserialize<'de> for E164 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A party of a message or call as Twilio reports it: a phone number, or another
/// kind of address (`client:alice`, `sip:...`, `whatsapp:+1...`, a short code).
///
/// Deserializing never fails on a well-formed string: what is not a number in
/// E.164 form is kept verbatim in [`Endpoint::Other`]. As it reads what
/// Twilio's API wrote, deserializing checks the E.164 form only (`+` and 7 to
/// 15 digits) and does not load libphonenumber's metadata; [`Endpoint::parse`]
/// checks validity in full.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// A phone number in E.164 form.
    Phone(E164),
    /// Any other address, kept as Twilio wrote it.
    Other(String),
}

impl Endpoint {
    /// Reads an address: a valid E.164 number becomes [`Endpoint::Phone`].
    pub fn parse(input: &str) -> Self {
        match E164::parse(input) {
            Ok(number) if input.starts_with('+') => Self::Phone(number),
            _ => Self::Other(input.to_owned()),
        }
    }

    /// An address as Twilio writes it (an answer's or a webhook's `From`
    /// and `To`): a phone number by its E.164 form only, never loading
    /// libphonenumber's metadata; anything else kept verbatim.
    pub(crate) fn from_twilio(input: &str) -> Self {
        match E164::from_twilio(input) {
            Some(number) => Self::Phone(number),
            None => Self::Other(input.to_owned()),
        }
    }

    /// The address as a string (canonical E.164 for a phone number).
    pub fn as_str(&self) -> &str {
        match self {
            Self::Phone(number) => number.as_str(),
            Self::Other(other) => other,
        }
    }

    /// The phone number, if this is one.
    pub fn as_phone(&self) -> Option<&E164> {
        match self {
            Self::Phone(number) => Some(number),
            Self::Other(_) => None,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<E164> for Endpoint {
    fn from(number: E164) -> Self {
        Self::Phone(number)
    }
}

impl serde::Serialize for Endpoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Deserializing reads what Twilio's API wrote: a `+` and 7 to 15 digits is a
/// [`Endpoint::Phone`] without consulting libphonenumber's metadata (Twilio
/// writes numbers in canonical E.164 form); anything else is kept verbatim.
impl<'de> serde::Deserialize<'de> for Endpoint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(crate::types::dates::StrVisitor(
            "a phone number or address",
            |s: &str| Ok(Self::from_twilio(s)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_formatting() {
        for input in [
            "+12025551234",
            "+1 (202) 555-1234",
            " +1.202.555.1234 ",
            "+1-202-555-1234",
        ] {
            assert_eq!(
                E164::parse(input).unwrap().as_str(),
                "+12025551234",
                "{input}"
            );
        }
        assert_eq!(
            E164::parse("+44 20 7123 4567").unwrap().as_str(),
            "+442071234567"
        );
        assert_eq!(E164::parse("+442071234567").unwrap().country_code(), 44);
    }

    #[test]
    fn rejects_with_the_rule() {
        assert_eq!(E164::parse(""), Err(ParseE164Error::Empty));
        assert_eq!(E164::parse("2025551234"), Err(ParseE164Error::MissingPlus));
        assert_eq!(
            E164::parse("+1202555CALL"),
            Err(ParseE164Error::InvalidCharacter('C'))
        );
        assert_eq!(
            E164::parse("+1202"),
            Err(ParseE164Error::TooShort("+1202".into()))
        );
        assert!(matches!(
            E164::parse("+1 555 0100"),
            Err(ParseE164Error::NotValid(_) | ParseE164Error::Unparseable(_))
        ));
        assert_eq!(E164::parse("+"), Err(ParseE164Error::TooShort("+".into())));
        assert!(matches!(
            E164::parse(&"+1".repeat(40)),
            Err(ParseE164Error::TooLong(_))
        ));
        assert!(E164::parse("+12025551234 ext. 5").is_err());
        // Valid for Germany's numbering plan, but 16 digits (found by
        // tests/it/fuzz_types.rs).
        assert_eq!(
            E164::parse("+4920100000000000"),
            Err(ParseE164Error::TooManyDigits("+4920100000000000".into()))
        );
        assert!(E164::parse("+492010000000000").is_ok(), "15 digits");
    }

    #[test]
    fn endpoint_keeps_non_phone_addresses() {
        assert!(matches!(
            Endpoint::parse("+12025551234"),
            Endpoint::Phone(_)
        ));
        assert_eq!(
            Endpoint::parse("client:alice"),
            Endpoint::Other("client:alice".into())
        );
        assert_eq!(
            Endpoint::parse("whatsapp:+12025551234").as_str(),
            "whatsapp:+12025551234"
        );
        assert_eq!(Endpoint::parse("12345").as_str(), "12345");
    }

    #[test]
    fn plus_one_is_too_short() {
        let err = E164::parse("+1").unwrap_err();
        assert_eq!(err, ParseE164Error::TooShort("+1".into()));
        assert_eq!(
            err.to_string(),
            "+1 is too short to be a phone number; expected + country code and number, e.g. +12025551234"
        );
        // Short numbers that are valid somewhere are not caught by the rule:
        // Niue's are 4 digits after +683.
        assert_eq!(E164::parse("+683 4002").unwrap().country_code(), 683);
    }

    #[test]
    fn repeated_parses_give_the_same_answer() {
        for _ in 0..3 {
            assert_eq!(
                E164::parse("+1 202 555 1234").unwrap().as_str(),
                "+12025551234"
            );
            assert!(matches!(
                E164::parse("+1 555 0100"),
                Err(ParseE164Error::NotValid(_) | ParseE164Error::Unparseable(_))
            ));
        }
        // A national prefix after the country code is dropped, every time.
        for _ in 0..2 {
            assert_eq!(
                E164::parse("+44 (0)20 7123 4567").unwrap().as_str(),
                "+442071234567"
            );
        }
    }

    #[test]
    fn conversions_from_what_users_hold() {
        let number = E164::parse("+12025551234").unwrap();
        let owned = String::from("+12025551234");
        let from_ref: E164 = (&number).into();
        assert_eq!(from_ref, number);
        assert_eq!(E164::try_from(&owned).unwrap(), number);
        assert_eq!(E164::try_from(owned.clone()).unwrap(), number);
        assert_eq!(E164::try_from("+12025551234").unwrap(), number);
    }

    #[test]
    fn twilio_numbers_are_read_without_metadata() {
        let n = E164::from_twilio("+442071234567").unwrap();
        assert_eq!((n.as_str(), n.country_code()), ("+442071234567", 44));
        assert_eq!(
            E164::from_twilio("+35312345678").unwrap().country_code(),
            353
        );
        for not_e164 in [
            "12025551234",
            "+1202",
            "+1234567890123456",
            "+0123456789",
            "+1 202 555 1234",
            "+",
        ] {
            assert_eq!(E164::from_twilio(not_e164), None, "{not_e164}");
        }
        let m: Endpoint = serde_json::from_str("\"+12025551234\"").unwrap();
        assert_eq!(m.as_phone().map(E164::country_code), Some(1));
        let m: Endpoint = serde_json::from_str("\"client:alice\"").unwrap();
        assert_eq!(m, Endpoint::Other("client:alice".into()));
    }

    #[test]
    fn splits_known_country_codes() {
        assert_eq!(split_country_code(b"12025551234"), Some(1));
        assert_eq!(split_country_code(b"442071234567"), Some(44));
        assert_eq!(split_country_code(b"35312345678"), Some(353));
        assert_eq!(split_country_code(b"79161234567"), Some(7));
        assert_eq!(split_country_code(b"0123"), None);
        assert_eq!(split_country_code(b"35"), None);
        assert!(TWO_DIGIT_CODES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn serde_validates() {
        let n: E164 = serde_json::from_str("\"+1 202 555 1234\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"+12025551234\"");
        assert!(serde_json::from_str::<E164>("\"12025551234\"").is_err());
    }
}
