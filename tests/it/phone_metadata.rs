//! The validity metadata compiled into the crate (`src/phone/metadata/generated.rs`)
//! is exactly libphonenumber's, as the `phonenumber` crate (a dev-dependency)
//! carries it: this test rebuilds the file from `phonenumber`'s database and
//! compares. After upgrading `phonenumber`, regenerate with
//! `REGENERATE_PHONE_METADATA=1 cargo test --test phone_metadata`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use phonenumber::metadata::{Descriptor, Metadata, DATABASE};

const GENERATED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/phone/metadata/generated.rs"
);

/// Interned pattern sources, in first-use order.
#[derive(Default)]
struct Patterns {
    sources: Vec<String>,
    index: BTreeMap<String, usize>,
}

impl Patterns {
    /// The pattern as the `phonenumber` crate compiles it (whitespace is
    /// insignificant there: it builds every regex with `ignore_whitespace`).
    fn strip(source: &str) -> String {
        assert!(!source.contains('#'), "a comment in verbose mode: {source}");
        assert!(
            !source.contains("\\ ") && !source.contains("\\\n"),
            "escaped whitespace: {source}"
        );
        source.chars().filter(|c| !c.is_whitespace()).collect()
    }

    fn intern(&mut self, regex: String) -> usize {
        if let Some(&i) = self.index.get(&regex) {
            return i;
        }
        let i = self.sources.len();
        self.sources.push(regex.clone());
        self.index.insert(regex, i);
        i
    }

    /// A pattern used as `find(..).start() == 0`: the same as a match
    /// anchored at the start.
    fn anchored(&mut self, source: &str) -> usize {
        self.intern(format!("^(?:{})", Self::strip(source)))
    }

    /// A pattern used for its match, captures and replacement.
    fn raw(&mut self, source: &str) -> usize {
        self.intern(Self::strip(source))
    }
}

fn lengths(lengths: &[u16]) -> String {
    assert!(
        lengths.windows(2).all(|w| w[0] < w[1]),
        "unsorted {lengths:?}"
    );
    let items: Vec<String> = lengths
        .iter()
        .map(|&l| u8::try_from(l).expect("a length under 256").to_string())
        .collect();
    format!("&[{}]", items.join(", "))
}

fn desc(patterns: &mut Patterns, desc: &Descriptor) -> String {
    format!(
        "Desc {{ pattern: {}, lengths: {} }}",
        patterns.anchored(desc.national_number().as_str()),
        lengths(desc.possible_length())
    )
}

fn opt_str(value: Option<&str>) -> String {
    value.map_or_else(|| "None".to_owned(), |v| format!("Some({v:?})"))
}

fn region(patterns: &mut Patterns, meta: &Metadata) -> String {
    let d = meta.descriptors();
    // The order `phonenumber`'s `number_type` tries them in; a number is valid
    // when its general description and any one of these match.
    let types = [
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.fixed_line(),
        d.mobile(),
    ];
    let types: Vec<String> = types
        .into_iter()
        .flatten()
        .map(|t| desc(patterns, t))
        .collect();
    if meta.id() != "001" {
        assert!(
            meta.id().parse::<phonenumber::country::Id>().is_ok(),
            "phonenumber would refuse region {}",
            meta.id()
        );
    }
    format!(
        "Region {{ id: {:?}, leading_digits: {}, national_prefix: {}, national_prefix_for_parsing: {}, \
         national_prefix_transform_rule: {}, general: {}, general_local_lengths: {}, types: &[{}] }}",
        meta.id(),
        meta.leading_digits()
            .map_or_else(|| "None".to_owned(), |p| format!("Some({})", patterns.anchored(p.as_str()))),
        opt_str(meta.national_prefix()),
        meta.national_prefix_for_parsing()
            .map_or_else(|| "None".to_owned(), |p| format!("Some({})", patterns.raw(p.as_str()))),
        opt_str(meta.national_prefix_transform_rule()),
        desc(patterns, d.general()),
        lengths(d.general().possible_local_length()),
        types.join(", "),
    )
}

fn generate() -> String {
    // `DATABASE.iter()` yields one region per id, so only one of the
    // non-geographic entities (all `001`); asking for every code finds all.
    let codes: Vec<u16> = (1..1000).filter(|c| DATABASE.region(c).is_some()).collect();
    let mut patterns = Patterns::default();
    let mut body = String::new();
    for code in &codes {
        let regions = DATABASE.region(code).expect("a code from the database");
        writeln!(body, "    Code {{ code: {code}, regions: &[").unwrap();
        for id in regions {
            // "001" (non-geographic entities) names one entity per code.
            let meta = DATABASE
                .by_code(code)
                .unwrap()
                .into_iter()
                .find(|m| m.id() == id)
                .unwrap();
            writeln!(body, "        {},", region(&mut patterns, meta)).unwrap();
        }
        writeln!(body, "    ] }},").unwrap();
    }
    let mut out = String::new();
    out.push_str(
        "//! @generated by `REGENERATE_PHONE_METADATA=1 cargo test --test phone_metadata`: do not edit.\n\
         //!\n\
         //! What validity checking needs of libphonenumber's metadata (Apache-2.0,\n\
         //! <https://github.com/google/libphonenumber>), as the `phonenumber` crate\n",
    );
    writeln!(out, "//! {} carries it.", phonenumber_version()).unwrap();
    out.push_str("\nuse super::{Code, Desc, Region};\n\n");
    writeln!(
        out,
        "/// How many patterns [`PATTERNS`] holds.\npub(super) const PATTERN_COUNT: usize = {};\n",
        patterns.sources.len()
    )
    .unwrap();
    out.push_str(
        "/// Every pattern, as compiled (`^(?:…)` where only a match at the start counts).\n",
    );
    out.push_str("pub(super) static PATTERNS: [&str; PATTERN_COUNT] = [\n");
    for source in &patterns.sources {
        writeln!(out, "    {source:?},").unwrap();
    }
    out.push_str("];\n\n/// Every calling code, in ascending order, with its regions (the main one first).\n");
    writeln!(
        out,
        "pub(in crate::phone) static CODES: [Code; {}] = [",
        codes.len()
    )
    .unwrap();
    out.push_str(&body);
    out.push_str("];\n");
    out
}

fn phonenumber_version() -> String {
    // The version is in the path of the crate's sources, which Cargo records
    // in the lock file; reading it keeps the header honest after an upgrade.
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"phonenumber\"" {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = ")) {
                return version.trim_matches('"').to_owned();
            }
        }
    }
    panic!("phonenumber is not in Cargo.lock");
}

#[test]
fn generated_metadata_is_phonenumbers() {
    let fresh = generate();
    if std::env::var_os("REGENERATE_PHONE_METADATA").is_some() {
        std::fs::write(GENERATED, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(GENERATED).unwrap();
    assert!(
        committed == fresh,
        "src/phone/metadata/generated.rs differs from phonenumber's metadata; \
         regenerate with REGENERATE_PHONE_METADATA=1 cargo test --test phone_metadata"
    );
}
