//! What the generated API tests (`api_examples`, `api_every_operation`)
//! share: Twilio's OpenAPI files, read at run time from
//! `../shared/twilio-oai` (beside the workspace; `TWILIO_OAI_DIR`
//! overrides), never copied into the repository, and the tables the
//! generator writes (`cargo xtask api`, `xtask/src/api/tests_gen.rs`).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use serde_json::Value;
use twilio_typed::api::{self, Pending};
use twilio_typed::TwilioClient;

/// One operation's decoder: its success answer into the generated type.
pub struct Decoder {
    /// The module (and spec file `twilio_<module>.json`).
    pub module: &'static str,
    /// The path as the spec writes it.
    pub path: &'static str,
    /// `get`, `post`, ...
    pub method: &'static str,
    /// The success status whose schema the type was generated from.
    pub status: &'static str,
    /// Decodes a JSON answer into the operation's output type.
    pub decode: fn(&[u8]) -> Result<(), String>,
}

/// Decodes `bytes` as `T`, naming the field that failed
/// (`calls[0].price: invalid number ...`), then checks that every field of
/// the answer landed in a field of `T`: the models ignore unknown fields,
/// so a misnamed field would otherwise decode as `None` and pass.
pub fn decode<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<(), String> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let path = e.path().to_string();
        format!("{path}: {}", e.into_inner())
    })?;
    let mut unread = Vec::new();
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_ignored::deserialize::<_, _, T>(de, |path| unread.push(path.to_string()))
        .map_err(|e| e.to_string())?;
    if unread.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "fields no generated field reads: {}",
            unread.join(", ")
        ))
    }
}

/// Where the specs are.
pub fn spec_dir() -> PathBuf {
    std::env::var_os("TWILIO_OAI_DIR").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join("shared")
                .join("twilio-oai")
        },
        PathBuf::from,
    )
}

/// Every spec, by module (`lookups_v2`), or why there are none. Under
/// `CI=true` a missing folder panics; elsewhere the caller prints why and
/// returns.
pub fn load_specs() -> Result<BTreeMap<String, Value>, String> {
    let dir = spec_dir();
    let mut specs = BTreeMap::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) => {
            let why = format!(
                "{}: {e} (Twilio's OpenAPI files, kept in ../shared/twilio-oai beside the \
                 workspace; TWILIO_OAI_DIR names another folder)",
                dir.display()
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true and the specs are missing: {why}");
            }
            return Err(why);
        }
    };
    for entry in entries {
        let path = entry.expect("a readable spec folder").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let Some(module) = name
            .strip_prefix("twilio_")
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json =
            serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        specs.insert(module.to_owned(), json);
    }
    assert_eq!(specs.len(), 55, "{}: 55 twilio_*.json files", dir.display());
    Ok(specs)
}

/// The HTTP methods an operation can have.
pub const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// Every operation of a spec: (path, method, the operation).
pub fn operations(spec: &Value) -> Vec<(&str, &'static str, &Value)> {
    let mut out = Vec::new();
    for (path, item) in spec
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                out.push((path.as_str(), *method, op));
            }
        }
    }
    out
}

/// The examples of every operation of the modules built in: each decodes
/// with its operation's decoder. Fails listing each example that did not
/// (module, method, path, status, example name, serde's error), each
/// example with no decoder, and each decoder with no operation.
pub fn check_examples(decoders: &[Decoder], modules: &[(&str, bool)]) {
    let specs = match load_specs() {
        Ok(specs) => specs,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let mut failures = Vec::new();
    let (mut decoded, mut with_examples) = (0, 0);
    for (module, spec) in &specs {
        if !modules.iter().any(|(m, on)| m == module && *on) {
            continue;
        }
        for (path, method, op) in operations(spec) {
            let decoder = decoders
                .iter()
                .find(|d| d.module == module && d.path == path && d.method == method);
            let mut examples = 0;
            for (status, response) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(status, _)| status.starts_with('2'))
            {
                for (name, example) in response
                    .pointer("/content/application~1json/examples")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    let Some(value) = example.get("value") else {
                        continue;
                    };
                    examples += 1;
                    let Some(decoder) = decoder else {
                        failures.push(format!(
                            "{module} {} {path} ({status}) example {name:?}: no decoder \
                             (the generated operation answers no JSON)",
                            method.to_uppercase()
                        ));
                        continue;
                    };
                    let bytes = serde_json::to_vec(value).expect("JSON writes");
                    match (decoder.decode)(&bytes) {
                        Ok(()) => decoded += 1,
                        Err(e) => failures.push(format!(
                            "{module} {} {path} ({status}) example {name:?}: {e}",
                            method.to_uppercase()
                        )),
                    }
                }
            }
            with_examples += usize::from(examples > 0);
            if let Some(d) = decoder {
                assert!(
                    op.pointer(&format!("/responses/{}", d.status)).is_some(),
                    "{module} {method} {path}: the decoder's status {} is not in the spec",
                    d.status
                );
            }
        }
    }
    for d in decoders {
        let known = specs
            .get(d.module)
            .and_then(|spec| spec.pointer(&format!("/paths/{}/{}", pointer(d.path), d.method)));
        if known.is_none() {
            failures.push(format!(
                "{} {} {}: a decoder for an operation the spec does not have (regenerate)",
                d.module, d.method, d.path
            ));
        }
    }
    println!(
        "{decoded} examples of {with_examples} operations decoded, {} failures",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} examples did not decode:\n{}",
        failures.len(),
        failures.join("\n")
    );
    if modules.iter().any(|(_, on)| *on) {
        assert!(decoded > 0, "no example was decoded");
    }
}

/// A JSON pointer's segment: `/` and `~` escaped.
fn pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

// ---- every_operation ------------------------------------------------------

/// The operations of one module, sent with a client aimed at its Prism.
pub type Runner =
    fn(TwilioClient, Outcomes) -> Pin<Box<dyn Future<Output = Outcomes> + Send + 'static>>;

/// The generated test's list of operations Prism cannot check: (module,
/// operationId, `status only` or `not sent`, why).
pub type Excluded = &'static [(&'static str, &'static str, &'static str, &'static str)];

/// What one module's operations did: (operationId, `Ok` or why not), and
/// how many of them were checked in full.
#[derive(Debug)]
pub struct Outcomes {
    module: &'static str,
    excluded: Excluded,
    results: Vec<(&'static str, Result<(), String>)>,
    full: usize,
}

impl Outcomes {
    fn limit(&self, id: &str) -> Option<&'static str> {
        self.excluded
            .iter()
            .find(|(m, op, _, _)| *m == self.module && *op == id)
            .map(|(_, _, what, _)| *what)
    }

    /// Sends an operation that answers 2xx (JSON, or nothing) and records
    /// whether it did and decoded.
    pub async fn answer<T>(&mut self, module: &'static str, id: &'static str, call: Pending<T>) {
        debug_assert_eq!(module, self.module);
        let result = match self.limit(id) {
            Some("not sent") => return,
            Some(what) => match call.await {
                Ok(_) => Err(format!(
                    "passes in full now: remove it from EXCLUDED ({what}) in xtask/src/api/tests_gen.rs"
                )),
                Err(e @ twilio_typed::Error::Decode { .. })
                    if e.status().is_some_and(|s| (200..300).contains(&s)) =>
                {
                    Ok(())
                }
                Err(e) => Err(describe(e)),
            },
            None => {
                let result = call.await.map(drop).map_err(describe);
                self.full += usize::from(result.is_ok());
                result
            }
        };
        self.results.push((id, result));
    }

    /// Sends an operation that answers a redirect and records whether it
    /// was a 302 or 307.
    pub async fn redirect(
        &mut self,
        module: &'static str,
        id: &'static str,
        call: Pending<api::Redirect>,
    ) {
        debug_assert_eq!(module, self.module);
        assert!(
            self.limit(id).is_none(),
            "{id}: a redirect is always checked"
        );
        let result = match call.await {
            Ok(r) if r.status == 302 || r.status == 307 => Ok(()),
            Ok(r) => Err(format!("answered {} instead of 302/307", r.status)),
            Err(e) => Err(describe(e)),
        };
        self.full += usize::from(result.is_ok());
        self.results.push((id, result));
    }
}

/// An error with its source chain, short enough to list.
fn describe(e: twilio_typed::Error) -> String {
    let mut text = format!("{e}");
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    if let twilio_typed::Error::Api(api) = &e {
        text.push_str(&format!(" {api:?}"));
    }
    text.chars().take(700).collect()
}

/// `PRISM_URLS` (`module=url,...`), as `.ci/prisms.sh start` prints it.
fn prism_urls() -> BTreeMap<String, String> {
    let Ok(list) = std::env::var("PRISM_URLS") else {
        panic!(
            "PRISM_URLS is not set: this test needs a Prism per spec file; start them with \
             `PRISM_URLS=$(.ci/prisms.sh start)` (stop them with `.ci/prisms.sh stop`), as \
             .ci/run does"
        );
    };
    list.split(',')
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            let (m, url) = pair
                .split_once('=')
                .unwrap_or_else(|| panic!("PRISM_URLS: {pair:?} is not module=url"));
            (m.trim().to_owned(), url.trim().to_owned())
        })
        .collect()
}

/// Every operation of the modules built in, each module against its own
/// Prism: fails listing each operation that did not get its answer or did
/// not decode it, and when the number exercised is not the specs' count
/// (read from the files at run time) less the excluded ones.
pub async fn check_every_operation(
    runners: &[(&'static str, Runner)],
    modules: &[(&str, bool)],
    excluded: Excluded,
) {
    let urls = prism_urls();
    let specs = load_specs().unwrap_or_else(|why| panic!("{why}"));
    let probe = reqwest::Client::new();
    let mut tasks = Vec::new();
    for (module, runner) in runners {
        let url = urls.get(*module).unwrap_or_else(|| {
            panic!("PRISM_URLS names no Prism for {module} (start them with .ci/prisms.sh start)")
        });
        if let Err(e) = probe.get(url).send().await {
            panic!("no Prism answers at {url} for {module} (PRISM_URLS): {e}");
        }
        let client = TwilioClient::builder()
            .account_sid(crate::common::ACCOUNT_SID)
            .auth_token(crate::common::AUTH_TOKEN)
            .base_url(url.as_str())
            .retry_policy(twilio_typed::RetryPolicy::none())
            .build()
            .expect("a client for Prism");
        let out = Outcomes {
            module,
            excluded,
            results: Vec::new(),
            full: 0,
        };
        tasks.push((*module, tokio::spawn(runner(client, out))));
    }
    let mut failures = Vec::new();
    let (mut exercised, mut full) = (0, 0);
    for (module, task) in tasks {
        let out = task.await.unwrap_or_else(|e| panic!("{module}: {e}"));
        full += out.full;
        for (id, result) in out.results {
            exercised += 1;
            if let Err(e) = result {
                failures.push(format!("{module} {id}: {e}"));
            }
        }
    }
    let enabled = |m: &str| modules.iter().any(|(name, on)| *name == m && *on);
    let in_specs: usize = specs
        .iter()
        .filter(|(m, _)| enabled(m))
        .map(|(_, spec)| operations(spec).len())
        .sum();
    let listed = excluded.iter().filter(|(m, ..)| enabled(m)).count();
    let not_sent = excluded
        .iter()
        .filter(|(m, _, what, _)| enabled(m) && *what == "not sent")
        .count();
    println!(
        "{exercised} operations sent to Prism, {full} checked in full (status and decoded \
         answer), {} failed; {listed} listed as not checkable by Prism ({not_sent} not sent, \
         {} status only); {in_specs} in the specs of the modules built",
        failures.len(),
        listed - not_sent
    );
    assert!(
        failures.is_empty(),
        "{} of {exercised} operations failed against Prism:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        exercised,
        in_specs - not_sent,
        "operations sent != the specs' operations less those not sent"
    );
    assert_eq!(
        full,
        in_specs - listed,
        "operations checked in full != the specs' operations less the listed ones"
    );
}

// ---- values for the generated calls ----------------------------------------

/// A URL the generated calls pass.
pub fn url(text: &str) -> url::Url {
    text.parse().expect("a valid URL")
}

/// A SID the generated calls pass.
pub fn sid<T: std::str::FromStr>(text: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    text.parse().expect("a valid SID")
}

/// Free-form JSON the generated calls pass.
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// A JSON request body, built from the JSON the generator wrote.
pub fn body<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("a body from {text}: {e}"))
}

/// The date-time the generated calls pass.
pub fn datetime() -> time::OffsetDateTime {
    time::macros::datetime!(2024-01-02 03:04:05 UTC)
}

/// The date the generated calls pass.
pub fn date() -> time::Date {
    time::macros::date!(2024 - 01 - 02)
}
