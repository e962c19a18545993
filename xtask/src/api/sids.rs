//! One SID type per prefix found in the specs' patterns, shared by every
//! module: the hand-written ids (`src/types/ids.rs`) where they exist, a
//! generated one (`src/api/sids.rs`) for every other prefix.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::names::{pascal, words};
use super::types::sid_prefixes;
use super::Spec;

/// The SID types, by prefix set (`"SM|MM"`, `"VA"`).
pub struct Registry {
    /// Prefix set to type name.
    pub types: BTreeMap<String, String>,
    /// The generated ones: type name, prefixes, the resource it names.
    generated: Vec<(String, Vec<String>, String)>,
}

/// `(name, prefixes)` of each `sid_type!` in the hand-written ids.
fn hand_written(ids: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for block in ids.split("sid_type!(").skip(1) {
        let Some(line) = block
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("///"))
        else {
            continue;
        };
        let Some((name, rest)) = line.split_once(',') else {
            continue;
        };
        let name = name.trim();
        if !name.ends_with("Sid") {
            continue;
        }
        let prefixes = rest
            .split_once('[')
            .and_then(|(_, r)| r.split_once(']'))
            .map(|(list, _)| {
                list.split(',')
                    .map(|p| p.trim().trim_matches('"').to_owned())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        out.push((name.to_owned(), prefixes));
    }
    out
}

/// Calls `f(name, schema)` for every named schema in a spec: component
/// properties (with their owner), parameters and request-body properties.
fn visit(spec: &Value, f: &mut dyn FnMut(Option<&str>, &str, &Value)) {
    fn props(owner: Option<&str>, schema: &Value, f: &mut dyn FnMut(Option<&str>, &str, &Value)) {
        if let Some(map) = schema.get("properties").and_then(Value::as_object) {
            for (name, s) in map {
                f(owner, name, s);
                props(None, s, f);
                if let Some(items) = s.get("items") {
                    props(None, items, f);
                }
            }
        }
    }
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (key, s) in schemas {
            props(Some(key), s, f);
        }
    }
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                for p in op
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    if let (Some(name), Some(s)) =
                        (p.get("name").and_then(Value::as_str), p.get("schema"))
                    {
                        f(None, name, s);
                    }
                }
                if let Some(content) = op
                    .pointer("/requestBody/content")
                    .and_then(Value::as_object)
                {
                    for c in content.values() {
                        if let Some(s) = c.get("schema") {
                            props(None, s, f);
                        }
                    }
                }
            }
        }
    }
}

impl Registry {
    pub fn build(specs: &[Spec], ids: &str) -> Self {
        let mut types = BTreeMap::new();
        for (name, prefixes) in hand_written(ids) {
            types.insert(prefixes.join("|"), name);
        }
        // Prefix set -> candidate names, best first: the resource whose `sid`
        // it is (by its schema's last segment), then fields named `x_sid`.
        let mut owners: BTreeMap<String, BTreeSet<(usize, String, String)>> = BTreeMap::new();
        let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for spec in specs {
            let domain = spec.module.split('_').next().unwrap_or("").to_owned();
            visit(&spec.json, &mut |owner, name, s| {
                let Some(prefixes) = s
                    .get("pattern")
                    .and_then(Value::as_str)
                    .and_then(sid_prefixes)
                else {
                    return;
                };
                let key = prefixes.join("|");
                match owner {
                    Some(owner) if name == "sid" => {
                        let segments: Vec<&str> = owner.split('.').collect();
                        let resource = segments.last().copied().unwrap_or(owner).to_owned();
                        owners.entry(key).or_default().insert((
                            segments.len(),
                            resource,
                            domain.clone(),
                        ));
                    }
                    _ => {
                        fields.entry(key).or_default().insert(name.to_owned());
                    }
                }
            });
        }
        let mut wanted: BTreeMap<String, (String, String, String)> = BTreeMap::new();
        let all: BTreeSet<String> = owners.keys().chain(fields.keys()).cloned().collect();
        for key in all {
            if types.contains_key(&key) {
                continue;
            }
            let (base, domain, resource) = if let Some((_, resource, domain)) =
                owners.get(&key).and_then(|set| set.iter().next())
            {
                (
                    format!("{}Sid", pascal(resource)),
                    domain.clone(),
                    resource.clone(),
                )
            } else {
                let field = fields
                    .get(&key)
                    .and_then(|set| {
                        set.iter()
                            .find(|f| words(f).last().is_some_and(|w| w == "sid"))
                    })
                    .cloned()
                    .unwrap_or_else(|| format!("{key}_sid"));
                let resource = words(&field)
                    .iter()
                    .filter(|w| *w != "sid")
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("_");
                (pascal(&field), String::new(), resource)
            };
            wanted.insert(key, (base, domain, resource));
        }
        // A name two prefixes want (or a hand-written one has) is qualified
        // by its domain, then by its prefix.
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (base, _, _) in wanted.values() {
            *counts.entry(base.clone()).or_default() += 1;
        }
        let taken: BTreeSet<String> = types.values().cloned().collect();
        let mut generated = Vec::new();
        let mut used = taken.clone();
        for (key, (base, domain, resource)) in &wanted {
            let mut name = base.clone();
            if counts[base] > 1 || taken.contains(base) {
                name = format!("{}{}", pascal(domain), base);
            }
            if name == *base && (counts[base] > 1 || taken.contains(base)) || used.contains(&name) {
                name = format!("{}{}", pascal(&key.replace('|', "_")), base);
            }
            used.insert(name.clone());
            types.insert(key.clone(), name.clone());
            generated.push((
                name,
                key.split('|').map(str::to_owned).collect(),
                resource.replace('_', " "),
            ));
        }
        Self { types, generated }
    }

    /// The SID type of a pattern, if it is a SID pattern.
    pub fn for_pattern(&self, pattern: &str) -> Option<&str> {
        let prefixes = sid_prefixes(pattern)?;
        self.types.get(&prefixes.join("|")).map(String::as_str)
    }

    /// `src/api/sids.rs`.
    pub fn source(&self) -> String {
        let mut s = super::banner("the SID patterns of ../shared/twilio-oai/twilio_*.json");
        s.push_str(
            "//! A type for each SID prefix in Twilio's API descriptions: two letters and 32 \
             hexadecimal digits, checked when parsed (`\"VA...\".parse::<VerifyServiceSid>()`).\n\
             //! The SIDs the hand-written layer names ([`MessageSid`](crate::MessageSid), \
             [`CallSid`](crate::CallSid), ...) are re-exported here under their own names.\n\n",
        );
        let mut hand: Vec<&String> = self
            .types
            .values()
            .filter(|n| !self.generated.iter().any(|(g, _, _)| g == *n))
            .collect();
        hand.sort();
        hand.dedup();
        let list: Vec<String> = hand.iter().map(|n| n.to_string()).collect();
        writeln!(s, "pub use crate::types::ids::{{{}}};\n", list.join(", ")).ok();
        for (name, prefixes, resource) in &self.generated {
            let quoted: Vec<String> = prefixes.iter().map(|p| format!("{p:?}")).collect();
            let expected = prefixes.join(" or ");
            let what = if resource.is_empty() {
                "resource".to_owned()
            } else {
                resource.clone()
            };
            writeln!(
                s,
                "crate::types::ids::sid_type!(\n    /// A {what} SID: `{expected}` + 32 hex digits.\n    \
                 {name}, \"{what} SID\", [{}], {expected:?}\n);",
                quoted.join(", ")
            )
            .ok();
        }
        s
    }
}
