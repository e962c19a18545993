//! One spec file to one Rust module: its models, enums, request builders and
//! the handle on `TwilioClient` that starts them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::names::{bare, code, lit, pascal, snake};
use super::sids::Registry;
use super::types::Ty;
use super::{banner, IndexRow, Spec};

pub struct Output {
    pub source: String,
    pub index: Vec<IndexRow>,
    pub operations: usize,
    /// What a test needs to call each operation.
    pub calls: Vec<Call>,
}

/// One operation as its entry call takes it (for generated tests).
pub struct Call {
    /// `lookups_v2`.
    pub module: String,
    pub id: String,
    /// `GET`.
    pub method: String,
    pub path: String,
    /// The handle's method, `fetch_phone_number`.
    pub rust: String,
    /// The entry call's arguments in order: type, wire name, place
    /// (`path`, `query`, `header`, `form`) and schema.
    pub args: Vec<(Ty, String, &'static str, Value)>,
    /// The JSON body's type, when the operation takes one.
    pub json: Option<String>,
    /// The Rust type of the answer: `()`, `Redirect`, a model or a page.
    pub output: String,
    /// The type of a list's items (lists only).
    pub item: Option<String>,
}

/// Names a generated item must not take: what the module imports.
const RESERVED: &[&str] = &[
    "Decimal",
    "Url",
    "Date",
    "OffsetDateTime",
    "Endpoint",
    "E164",
    "HttpMethod",
    "SidOrName",
    "IsoCountry",
    "BTreeMap",
    "Error",
    "Request",
    "Method",
    "Pending",
    "Items",
    "TwilioClient",
    "Wire",
    "ListMeta",
    "ListPage",
    "Redirect",
    "Deserialize",
    "Serialize",
    "Value",
];

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// How a list answer says where the next page is.
#[derive(Clone, Copy, PartialEq)]
enum Paging {
    /// `meta.next_page_url` (every domain but api_v2010).
    Meta,
    /// `next_page_uri` (api_v2010).
    Uri,
    /// `has_next` and `current_page` (numbers_v2's short-code applications):
    /// the next page is the same request with `Page` one higher.
    Pages,
}

struct G<'a> {
    spec: &'a Spec,
    sids: &'a Registry,
    schemas: Map<String, Value>,
    /// Component schema key to Rust name, for objects and enums.
    names: BTreeMap<String, String>,
    /// Every type name taken in this module.
    taken: BTreeSet<String>,
    /// Models that JSON request bodies carry: they serialize too.
    body_models: BTreeSet<String>,
    models: String,
    enums: String,
    ops: String,
    handle_methods: String,
    /// Inline enums already emitted, by name.
    inline_enums: BTreeSet<String>,
    /// Component schemas that are list pages (their `meta` is `ListMeta`).
    list_components: BTreeSet<String>,
}

pub fn generate(spec: &Spec, sids: &Registry) -> Result<Output, String> {
    let schemas = spec
        .json
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut g = G {
        spec,
        sids,
        schemas,
        names: BTreeMap::new(),
        taken: RESERVED.iter().map(|s| (*s).to_owned()).collect(),
        body_models: BTreeSet::new(),
        models: String::new(),
        enums: String::new(),
        ops: String::new(),
        handle_methods: String::new(),
        inline_enums: BTreeSet::new(),
        list_components: BTreeSet::new(),
    };
    // Operation builders take their names first (they are what readers of
    // Twilio's reference look for); models and pages yield to them.
    for item in spec
        .json
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|m| m.values())
    {
        for method in METHODS {
            if let Some(id) = item
                .pointer(&format!("/{method}/operationId"))
                .and_then(Value::as_str)
            {
                g.taken.insert(pascal(id));
            }
        }
    }
    g.name_components();
    let operations = g.collect_operations()?;
    g.mark_body_models(&operations);
    g.emit_components();
    let mut index = Vec::new();
    let mut calls = Vec::new();
    for op in &operations {
        g.emit_operation(op)?;
        let implicit_account = g.is_v2010();
        calls.push(Call {
            module: spec.module.clone(),
            id: op.id.clone(),
            method: op.method.to_uppercase(),
            path: op.path.clone(),
            rust: op.rust.clone(),
            args: op
                .params
                .iter()
                .filter(|p| {
                    p.required && !(implicit_account && p.place == "path" && p.wire == "AccountSid")
                })
                .map(|p| (p.ty.clone(), p.wire.clone(), p.place, p.schema.clone()))
                .collect(),
            json: op.json.as_ref().map(|(ty, _)| ty.clone()),
            output: match &op.output {
                Output_::Empty => "()".to_owned(),
                Output_::Redirect => "Redirect".to_owned(),
                Output_::Model(m) | Output_::List { page: m, .. } => m.clone(),
            },
            item: match &op.output {
                Output_::List { item, .. } => Some(item.clone()),
                _ => None,
            },
        });
        index.push(IndexRow {
            module: spec.module.clone(),
            operation_id: op.id.clone(),
            method: op.method.to_uppercase(),
            path: op.path.clone(),
            rust: op.rust.clone(),
        });
    }
    let handle = pascal(&spec.module);
    let domain = domain_of(&spec.json);
    let mut s = banner(&format!("../shared/twilio-oai/{}", spec.file));
    writeln!(
        s,
        "//! `{file}`: {n} operations on `https://{domain}.twilio.com`, sent with \
         [`TwilioClient::{m}`](crate::TwilioClient::{m}).\n\
         #![allow(clippy::too_many_arguments, clippy::large_enum_variant)]\n\n\
         #[allow(unused_imports)]\nuse std::collections::BTreeMap;\n\
         #[allow(unused_imports)]\nuse serde::{{Deserialize, Serialize}};\n\
         #[allow(unused_imports)]\nuse time::{{Date, OffsetDateTime}};\n\
         #[allow(unused_imports)]\nuse url::Url;\n\n\
         #[allow(unused_imports)]\nuse crate::api::sids::*;\n\
         #[allow(unused_imports)]\nuse crate::http::operation::{{Items, ListMeta, Pending, Redirect, Request, Wire as _}};\n\
         #[allow(unused_imports)]\nuse crate::types::path::{{IsoCountry, SidOrName}};\n\
         #[allow(unused_imports)]\nuse crate::types::wire::Decimal;\n\
         #[allow(unused_imports)]\nuse crate::{{Endpoint, HttpMethod, TwilioClient, E164}};\n\n\
         /// The host's first label: `https://{domain}.twilio.com`.\n\
         {allow}const DOMAIN: &str = {domain:?};\n",
        allow = if operations.is_empty() { "#[allow(dead_code)]\n" } else { "" },
        file = spec.file,
        n = operations.len(),
        m = spec.module,
    )
    .ok();
    writeln!(
        s,
        "/// The operations of `{file}`: `client.{m}()`.\n\
         #[derive(Debug, Clone)]\npub struct {handle} {{\n    {allow}client: TwilioClient,\n}}\n\n\
         impl TwilioClient {{\n    /// The operations of `{file}` (cargo feature `{f}`).\n    \
         pub fn {m}(&self) -> {handle} {{\n        {handle} {{ client: self.clone() }}\n    }}\n}}\n\n\
         impl {handle} {{\n{methods}}}\n",
        file = spec.file,
        m = spec.module,
        f = spec.feature(),
        methods = g.handle_methods,
        allow = if operations.is_empty() { "#[allow(dead_code)]\n    " } else { "" },
    )
    .ok();
    s.push_str(&g.ops);
    s.push_str(&g.models);
    s.push_str(&g.enums);
    Ok(Output {
        source: s,
        index,
        operations: operations.len(),
        calls,
    })
}

/// `lookups` from the spec's server URL.
fn domain_of(spec: &Value) -> String {
    let url = spec
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .or_else(|| {
            spec.get("paths")?
                .as_object()?
                .values()
                .find_map(|p| p.pointer("/servers/0/url")?.as_str())
        })
        .unwrap_or("https://api.twilio.com");
    url.trim_start_matches("https://")
        .split('.')
        .next()
        .unwrap_or("api")
        .to_owned()
}

/// One parameter of an operation.
#[derive(Clone)]
struct Param {
    wire: String,
    /// `path`, `query`, `header`, `form`.
    place: &'static str,
    required: bool,
    ty: Ty,
    schema: Value,
}

struct Op {
    id: String,
    builder: String,
    rust: String,
    method: String,
    path: String,
    params: Vec<Param>,
    /// JSON body: the model's Rust name (or `serde_json::Value`) and content type.
    json: Option<(String, String)>,
    conditional: Vec<Vec<String>>,
    output: Output_,
}

#[derive(Clone)]
enum Output_ {
    Empty,
    Redirect,
    Model(String),
    List { page: String, item: String },
}

impl G<'_> {
    /// How a list answer with these fields pages, if it does.
    fn paging_of(&self, props: &Map<String, Value>) -> Option<Paging> {
        // `meta` pages by `next_page_url`; numbers_v1's port-in list has a
        // `meta` of tokens instead (a `Token` query): not a list we can follow.
        let meta_pages = props.get("meta").is_some_and(|m| {
            self.resolve(m)
                .0
                .pointer("/properties/next_page_url")
                .is_some()
        });
        if meta_pages {
            Some(Paging::Meta)
        } else if props.contains_key("next_page_uri") {
            Some(Paging::Uri)
        } else if props.contains_key("has_next") && props.contains_key("current_page") {
            Some(Paging::Pages)
        } else {
            None
        }
    }

    fn is_v2010(&self) -> bool {
        self.spec.module == "api_v2010"
    }

    fn claim(&mut self, want: String, fallback_suffix: &str) -> String {
        let mut name = want.clone();
        if self.taken.contains(&name) {
            name = format!("{want}{fallback_suffix}");
        }
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{want}{fallback_suffix}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Names every component schema: enums `x_enum_y` as `XY`, objects by
    /// the shortest suffix of their dotted key that no other has.
    fn name_components(&mut self) {
        let keys: Vec<String> = self.schemas.keys().cloned().collect();
        let mut objects = Vec::new();
        for key in &keys {
            let s = &self.schemas[key];
            if s.get("enum").is_some() {
                let want = match key.split_once("_enum_") {
                    Some((a, b)) => format!("{}{}", pascal(a), pascal(b)),
                    None => pascal(key),
                };
                let name = self.claim(want, "Kind");
                self.names.insert(key.clone(), name);
            } else {
                objects.push(key.clone());
            }
        }
        // Segments after `domain.version`.
        let segs: Vec<Vec<String>> = objects
            .iter()
            .map(|k| {
                let parts: Vec<&str> = k.split('.').collect();
                let skip = if parts.len() > 2 { 2 } else { 0 };
                parts[skip..].iter().map(|s| (*s).to_owned()).collect()
            })
            .collect();
        let mut depth = vec![1usize; objects.len()];
        let cand = |i: usize, d: &[usize]| -> String {
            let s = &segs[i];
            let k = d[i].min(s.len());
            pascal(&s[s.len() - k..].join("_"))
        };
        for _ in 0..6 {
            let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for i in 0..objects.len() {
                by_name.entry(cand(i, &depth)).or_default().push(i);
            }
            let mut changed = false;
            for group in by_name.values().filter(|g| g.len() > 1) {
                // The shortest key keeps the short name.
                let min = group.iter().map(|&i| segs[i].len()).min().unwrap_or(0);
                let keep = group.iter().filter(|&&i| segs[i].len() == min).count() == 1;
                for &i in group {
                    if keep && segs[i].len() == min {
                        continue;
                    }
                    if depth[i] < segs[i].len() {
                        depth[i] += 1;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        for (i, key) in objects.iter().enumerate() {
            let want = cand(i, &depth);
            let name = self.claim(want, "Resource");
            self.names.insert(key.clone(), name);
        }
    }

    fn resolve<'v>(&'v self, schema: &'v Value) -> (&'v Value, Option<String>) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let key = r.rsplit('/').next().unwrap_or(r).to_owned();
            if let Some(s) = self.schemas.get(&key) {
                return (s, Some(key));
            }
        }
        (schema, None)
    }

    /// The type of `schema`; `context` names inline enums (`{context}`).
    fn ty(&mut self, schema: &Value, field: &str, context: &str, response: bool) -> Ty {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let key = r.rsplit('/').next().unwrap_or(r).to_owned();
            let Some(target) = self.schemas.get(&key).cloned() else {
                return Ty::Value;
            };
            if target.get("enum").is_some() {
                return Ty::Enum(self.names[&key].clone());
            }
            if target.get("type").and_then(Value::as_str) == Some("object")
                || target.get("properties").is_some()
            {
                return Ty::Model(self.names[&key].clone());
            }
            return self.ty(&target, field, context, response);
        }
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        match schema.get("type").and_then(Value::as_str) {
            Some("string") => {
                if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                    let values: Vec<String> = values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    let insensitive = schema
                        .pointer("/x-twilio/isIEnum")
                        .and_then(Value::as_bool)
                        .unwrap_or(false);
                    let name = format!("{}{}", context, pascal(field));
                    return Ty::Enum(self.inline_enum(name, &values, insensitive));
                }
                if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
                    if let Some(sid) = self.sids.for_pattern(pattern) {
                        return Ty::Sid(sid.to_owned());
                    }
                }
                let lower = field.to_ascii_lowercase();
                match format {
                    "date-time" => Ty::DateTime3339,
                    "date-time-rfc-2822" => Ty::DateTime2822,
                    "date" => Ty::Date,
                    // Request URIs are absolute (callbacks, media); in an
                    // answer, `uri` fields are paths from the host.
                    "uri" if !response || !lower.ends_with("uri") => Ty::Url,
                    "phone-number" => Ty::Endpoint,
                    "http-method" => Ty::HttpMethod,
                    "iso-country-code" if response => Ty::Str,
                    "iso-country-code" => Ty::Country,
                    _ if lower == "price" || lower.ends_with("_price") => Ty::Decimal,
                    _ => Ty::Str,
                }
            }
            Some("boolean") => Ty::Bool,
            Some("integer") => Ty::Int,
            Some("number") => Ty::Decimal,
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(Value::Null);
                let inner = self.ty(&items, field, context, response);
                // serde reads only plain types inside a response's array;
                // a request's items are written by `Wire`, whatever their type.
                let inner = if response { inner.in_array() } else { inner };
                Ty::Vec(Box::new(inner))
            }
            Some("object") if format == "uri-map" => Ty::UriMap,
            _ => Ty::Value,
        }
    }

    fn inline_enum(&mut self, want: String, values: &[String], insensitive: bool) -> String {
        if self.inline_enums.contains(&want) {
            return want;
        }
        let name = if self.taken.contains(&want) {
            self.claim(want, "Kind")
        } else {
            self.taken.insert(want.clone());
            want
        };
        self.inline_enums.insert(name.clone());
        let e = enum_source(
            &name,
            &format!("an inline enum of `{}`", self.spec.file),
            values,
            insensitive,
        );
        self.enums.push_str(&e);
        name
    }

    fn collect_operations(&mut self) -> Result<Vec<Op>, String> {
        let paths = self
            .spec
            .json
            .get("paths")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut ops = Vec::new();
        for (path, item) in &paths {
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                ops.push(self.operation(path, method, op)?);
            }
        }
        Ok(ops)
    }

    fn operation(&mut self, path: &str, method: &str, op: &Value) -> Result<Op, String> {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: {method} {path} has no operationId", self.spec.file))?
            .to_owned();
        let builder = pascal(&id);
        let mut params = Vec::new();
        for p in op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = match p.get("$ref").and_then(Value::as_str) {
                Some(r) => self
                    .spec
                    .json
                    .pointer(&r.trim_start_matches('#').replace("~1", "/"))
                    .cloned()
                    .unwrap_or(Value::Null),
                None => p.clone(),
            };
            let wire = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let place = match p.get("in").and_then(Value::as_str) {
                Some("path") => "path",
                Some("query") => "query",
                Some("header") => "header",
                _ => continue,
            };
            let schema = p.get("schema").cloned().unwrap_or(Value::Null);
            let mut ty = self.ty(&schema, &wire, &builder, false);
            if place == "path" {
                ty = match ty {
                    Ty::Str | Ty::Value => Ty::SidOrName,
                    Ty::Endpoint => Ty::E164,
                    other => other,
                };
                if wire == "PhoneNumber" && self.spec.module.starts_with("lookups") {
                    ty = Ty::E164;
                }
            }
            let required =
                place == "path" || p.get("required").and_then(Value::as_bool).unwrap_or(false);
            params.push(Param {
                wire,
                place,
                required,
                ty,
                schema,
            });
        }
        let mut json = None;
        if let Some(content) = op
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
        {
            for (ctype, c) in content {
                let schema = c.get("schema").cloned().unwrap_or(Value::Null);
                if ctype == "application/x-www-form-urlencoded" {
                    let (body, _) = self.resolve(&schema);
                    let body = body.clone();
                    let required: BTreeSet<String> = body
                        .get("required")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect();
                    for (name, s) in body
                        .get("properties")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        let ty = self.ty(s, name, &builder, false);
                        params.push(Param {
                            wire: name.clone(),
                            place: "form",
                            required: required.contains(name),
                            ty,
                            schema: s.clone(),
                        });
                    }
                } else if ctype.ends_with("json") {
                    let ty = match self.resolve(&schema).1 {
                        Some(key)
                            if self.names.contains_key(&key)
                                && self.schemas[&key].get("enum").is_none() =>
                        {
                            self.names[&key].clone()
                        }
                        _ => "serde_json::Value".to_owned(),
                    };
                    json = Some((ty, ctype.clone()));
                }
            }
        }
        let conditional = op
            .pointer("/x-twilio/conditional")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|group| {
                group
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.as_str())
                    .filter_map(|n| {
                        params
                            .iter()
                            .find(|p| bare(&snake(&p.wire)) == n)
                            .map(|p| p.wire.clone())
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect();
        let output = self.output(op, &builder)?;
        Ok(Op {
            rust: bare(&snake(&id)).to_owned(),
            id,
            builder,
            method: method.to_owned(),
            path: path.to_owned(),
            params,
            json,
            conditional,
            output,
        })
    }

    fn output(&mut self, op: &Value, builder: &str) -> Result<Output_, String> {
        let responses = op
            .get("responses")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut codes: Vec<&String> = responses.keys().collect();
        codes.sort();
        if codes.iter().any(|c| *c == "302" || *c == "307")
            && !codes.iter().any(|c| c.starts_with('2'))
        {
            return Ok(Output_::Redirect);
        }
        let Some(code) = codes.iter().find(|c| c.starts_with('2')) else {
            return Ok(Output_::Redirect);
        };
        let response = &responses[*code];
        let Some(schema) = response
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.values().next())
            .and_then(|c| c.get("schema"))
            .cloned()
        else {
            return Ok(Output_::Empty);
        };
        if let Some(key) = self.resolve(&schema).1 {
            if let Some(name) = self.names.get(&key).cloned() {
                let props = self.schemas[&key]
                    .get("properties")
                    .and_then(Value::as_object)
                    .cloned();
                if let (true, Some(props)) = (builder.starts_with("List"), props) {
                    if let Some(paging) = self.paging_of(&props) {
                        if let Some(item) = self.list_impl(&name, &props, paging) {
                            self.list_components.insert(key);
                            return Ok(Output_::List { page: name, item });
                        }
                    }
                }
                return Ok(Output_::Model(name));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object).cloned();
        let Some(props) = props else {
            return Ok(Output_::Model("serde_json::Value".to_owned()));
        };
        let paging = self.paging_of(&props);
        let title = schema
            .get("title")
            .and_then(Value::as_str)
            .map(pascal)
            .unwrap_or_else(|| format!("{builder}Response"));
        let name = self.claim(title, "Page");
        self.emit_model(
            &name,
            &schema,
            &format!("the answer of `{builder}`"),
            paging.is_some(),
        );
        match paging.and_then(|paging| self.list_impl(&name, &props, paging)) {
            Some(item) => Ok(Output_::List { page: name, item }),
            None => Ok(Output_::Model(name)),
        }
    }

    /// `impl ListPage for {name}`: its items (the array that is not `meta`)
    /// and where the next page is; the items' Rust type.
    fn list_impl(
        &mut self,
        name: &str,
        props: &Map<String, Value>,
        paging: Paging,
    ) -> Option<String> {
        let items = props
            .iter()
            .find(|(k, v)| *k != "meta" && v.get("type").and_then(Value::as_str) == Some("array"))
            .map(|(k, _)| k.clone())?;
        let field = snake(&items);
        let item_schema = props[&items].get("items").cloned().unwrap_or(Value::Null);
        let item = self
            .ty(&item_schema, &items, name, true)
            .in_array()
            .model_type();
        let (next, number) = match paging {
            Paging::Meta => ("self.meta.as_ref().and_then(|m| m.next_page_url.as_deref())", "None"),
            Paging::Uri => ("self.next_page_uri.as_deref()", "None"),
            Paging::Pages => (
                "None::<&str>",
                "if self.has_next == Some(true) { self.current_page.map(|page| page + 1) } else { None }",
            ),
        };
        writeln!(
            self.models,
            "impl crate::http::operation::ListPage for {name} {{\n    type Item = {item};\n\n    \
             fn into_items(self) -> Vec<{item}> {{\n        self.{field}.unwrap_or_default()\n    }}\n\n    \
             fn next_page(&self) -> Option<&str> {{\n        {next}.filter(|next| !next.is_empty())\n    }}\n\n    \
             fn next_page_number(&self) -> Option<i64> {{\n        {number}\n    }}\n}}\n"
        )
        .ok();
        Some(item)
    }

    /// JSON bodies, and every model they hold, serialize too.
    fn mark_body_models(&mut self, ops: &[Op]) {
        let by_name: BTreeMap<String, String> = self
            .names
            .iter()
            .map(|(k, v)| (v.clone(), k.clone()))
            .collect();
        let mut todo: Vec<String> = ops
            .iter()
            .filter_map(|o| o.json.as_ref().map(|j| j.0.clone()))
            .collect();
        while let Some(name) = todo.pop() {
            if !self.body_models.insert(name.clone()) {
                continue;
            }
            let Some(key) = by_name.get(&name) else {
                continue;
            };
            let text = self.schemas[key].to_string();
            for (k, n) in &self.names {
                if text.contains(&format!("\"#/components/schemas/{k}\"")) {
                    todo.push(n.clone());
                }
            }
        }
    }

    fn emit_components(&mut self) {
        let schemas = self.schemas.clone();
        for (key, s) in &schemas {
            let name = self.names[key].clone();
            if let Some(values) = s.get("enum").and_then(Value::as_array) {
                let values: Vec<String> = values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                let insensitive = s
                    .pointer("/x-twilio/isIEnum")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let e = enum_source(&name, &format!("`{key}`"), &values, insensitive);
                self.enums.push_str(&e);
            } else {
                let list = self.list_components.contains(key);
                self.emit_model(&name, s, &format!("`{key}`"), list);
            }
        }
    }

    /// A model's fields: its `properties`, or for a `oneOf`/`anyOf` of
    /// objects (a body or answer that comes in several shapes) the fields
    /// of every shape, the first shape's where two name the same field.
    fn properties(&self, schema: &Value) -> Map<String, Value> {
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            return props.clone();
        }
        let mut props = Map::new();
        for shape in ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| schema.get(*k).and_then(Value::as_array))
            .flatten()
        {
            for (k, v) in self.properties(self.resolve(shape).0) {
                props.entry(k).or_insert(v);
            }
        }
        props
    }

    fn emit_model(&mut self, name: &str, schema: &Value, what: &str, list: bool) {
        let body = self.body_models.contains(name);
        let props = self.properties(schema);
        // Answers are read by `deserialize_model!` (a map visitor only,
        // helpers shared), which compiles to much less than serde's derive;
        // request bodies derive both ways.
        let derive = if body {
            "#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]\n#[serde(default)]"
        } else {
            "#[derive(Debug, Clone, Default)]"
        };
        let mut reader = Vec::new();
        let mut s = String::new();
        let kind = if body {
            "A request body and model"
        } else if list {
            "A page of a list"
        } else {
            "A model"
        };
        writeln!(
            s,
            "/// {kind}: {what}, every field optional (absent or `null` is `None`).\n\
             {derive}\n#[non_exhaustive]\npub struct {name} {{"
        )
        .ok();
        let mut used = BTreeSet::new();
        for (wire, p) in &props {
            let mut field = snake(wire);
            while !used.insert(field.clone()) {
                field = format!("{}_", bare(&field));
            }
            let ty = if list && wire == "meta" {
                Ty::Model("ListMeta".to_owned())
            } else {
                let ty = self.ty(p, wire, name, true);
                if body {
                    ty.for_body()
                } else {
                    ty
                }
            };
            // xtask/data/api-overrides.txt: where an example contradicts its schema.
            let ty = super::overrides::read_as(&self.spec.module, name, wire).unwrap_or(ty);
            let nullable = if p.get("nullable").and_then(Value::as_bool).unwrap_or(false) {
                ", nullable"
            } else {
                ""
            };
            writeln!(s, "    /// {}: {}{nullable}.", code(wire), Ty::describe(p)).ok();
            let mut attrs = Vec::new();
            if !body {
                match ty.deserialize_with() {
                    Some(with) => reader.push(format!("{field}: {} as {with}", lit(wire))),
                    None => reader.push(format!("{field}: {}", lit(wire))),
                }
            }
            if body && bare(&field) != wire {
                attrs.push(format!("rename = {}", lit(wire)));
            }
            if body {
                // A body model can be an answer too (marketplace's usage).
                if let Some(with) = ty.deserialize_fn() {
                    attrs.push(format!("deserialize_with = {}", lit(with)));
                }
                if let Some(with) = ty.serialize_with() {
                    attrs.push(format!("serialize_with = {}", lit(with)));
                }
                attrs.push("skip_serializing_if = \"Option::is_none\"".to_owned());
            }
            if !attrs.is_empty() {
                writeln!(s, "    #[serde({})]", attrs.join(", ")).ok();
            }
            writeln!(s, "    pub {field}: Option<{}>,", ty.model_type()).ok();
        }
        s.push_str("}\n\n");
        if !body {
            writeln!(
                s,
                "crate::types::wire::deserialize_model!({name} {{ {} }});\n",
                reader.join(", ")
            )
            .ok();
        }
        self.models.push_str(&s);
    }

    fn emit_operation(&mut self, op: &Op) -> Result<(), String> {
        let b = &op.builder;
        let output = match &op.output {
            Output_::Empty => "()".to_owned(),
            Output_::Redirect => "Redirect".to_owned(),
            Output_::Model(m) => m.clone(),
            Output_::List { page, .. } => page.clone(),
        };
        let method = op.method.to_uppercase();
        let summary = format!("`{method} {}` (operationId `{}`)", op.path, op.id);
        // Entry arguments: path parameters, then the required others.
        let implicit_account = self.is_v2010();
        let mut args: Vec<(String, &Param)> = Vec::new();
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut setters = String::new();
        let mut entry_body = String::new();
        let mut pre = String::new();
        for p in &op.params {
            let is_account = implicit_account && p.place == "path" && p.wire == "AccountSid";
            if is_account {
                continue;
            }
            if p.required {
                let mut name = snake(&p.wire);
                while !used.insert(name.clone()) {
                    name = format!("{}_{}", bare(&name), p.place);
                }
                args.push((name, p));
            }
        }
        // Path.
        let mut fmt_path = op
            .path
            .trim_start_matches('/')
            .replace('{', "{{")
            .replace('}', "}}");
        let mut fmt_args = Vec::new();
        for p in op.params.iter().filter(|p| p.place == "path") {
            let placeholder = format!("{{{{{}}}}}", p.wire);
            if implicit_account && p.wire == "AccountSid" {
                continue;
            }
            let Some((arg, _)) = args
                .iter()
                .find(|(_, a)| a.wire == p.wire && a.place == "path")
            else {
                continue;
            };
            fmt_path = fmt_path.replace(&placeholder, "{}");
            let expr = match &p.ty {
                Ty::SidOrName => {
                    writeln!(pre, "        let {arg}: SidOrName = {arg}.into();").ok();
                    writeln!(
                        entry_body,
                        "        request.non_empty({:?}, {arg}.as_str());",
                        bare(arg)
                    )
                    .ok();
                    format!("crate::http::operation::segment({arg}.as_str())")
                }
                Ty::Int | Ty::Bool => arg.to_string(),
                Ty::Date => format!("crate::http::operation::segment(&{arg}.wire())"),
                _ => format!("crate::http::operation::segment({arg}.wire().as_str())"),
            };
            fmt_args.push(expr);
        }
        let path_expr = if fmt_args.is_empty() {
            format!(
                "{:?}.to_owned()",
                fmt_path.replace("{{", "{").replace("}}", "}")
            )
        } else {
            format!("format!({:?}, {})", fmt_path, fmt_args.join(", "))
        };
        // Required non-path parameters go in at creation.
        for (arg, p) in &args {
            if p.place == "path" {
                continue;
            }
            writeln!(entry_body, "{}", self.put(p, arg, "request")).ok();
        }
        if let Some((_, ctype)) = &op.json {
            writeln!(entry_body, "        request.json({ctype:?}, body);").ok();
        }
        for group in &op.conditional {
            let names: Vec<String> = group.iter().map(|w| format!("{w:?}")).collect();
            let rust: Vec<String> = group.iter().map(|w| bare(&snake(w)).to_owned()).collect();
            writeln!(
                entry_body,
                "        request.one_of(&[{}], {:?});",
                names.join(", "),
                rust.join(" or ")
            )
            .ok();
        }
        if let Output_::Redirect = op.output {
            entry_body.push_str("        request.accept_redirect();\n");
        }
        // Setters for the optional parameters.
        let mut setter_names: BTreeSet<String> = ["send", "stream", "into_future", "account_sid"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let mut groups: BTreeMap<String, Vec<&Param>> = BTreeMap::new();
        for p in op.params.iter().filter(|p| !p.required) {
            if let Some((prefix, _, _)) = indexed(&p.wire) {
                groups.entry(prefix).or_default().push(p);
                continue;
            }
            let (base, suffix) = range_name(&p.wire);
            let mut name = if suffix.is_empty() {
                snake(base)
            } else {
                format!("{}{suffix}", bare(&snake(base)))
            };
            if setter_names.contains(bare(&name)) {
                name = format!("{}_param", bare(&name));
            }
            setter_names.insert(bare(&name).to_owned());
            setters.push_str(&self.setter(&name, p));
        }
        for (prefix, members) in &groups {
            let subs: BTreeSet<String> = members
                .iter()
                .filter_map(|p| indexed(&p.wire).map(|(_, _, s)| s))
                .collect();
            let max = members
                .iter()
                .filter_map(|p| indexed(&p.wire).map(|(_, n, _)| n))
                .max()
                .unwrap_or(1);
            let subs: Vec<String> = subs.into_iter().collect();
            if subs.len() == 2 {
                let name = format!("{}s", bare(&snake(prefix)));
                writeln!(
                    setters,
                    "    /// `{prefix}1.{a}`/`{prefix}1.{b}` … `{prefix}{max}.{a}`/`{prefix}{max}.{b}` ({place}): \
                     up to {max} pairs, numbered in order; replaces pairs set before.\n    \
                     pub fn {name}<K: Into<String>, V: Into<String>>(mut self, pairs: impl IntoIterator<Item = (K, V)>) -> Self {{\n        \
                     let pairs = pairs.into_iter().map(|(k, v)| (k.into(), v.into())).collect();\n        \
                     self.0.indexed({prefix:?}, {a:?}, {b:?}, {max}, {name:?}, pairs);\n        self\n    }}\n",
                    a = subs[0],
                    b = subs[1],
                    place = members[0].place,
                )
                .ok();
            } else {
                for p in members {
                    let name = bare(&snake(&p.wire)).to_owned();
                    setters.push_str(&self.setter(&name, p));
                }
            }
        }
        if implicit_account
            && op
                .params
                .iter()
                .any(|p| p.place == "path" && p.wire == "AccountSid")
        {
            setters.push_str(
                "    /// `AccountSid` (path): the account whose resource this is; the client's own account when not set.\n    \
                 pub fn account_sid(mut self, v: &crate::AccountSid) -> Self {\n        self.0.account(v);\n        self\n    }\n",
            );
        }
        // Entry method on the handle.
        let mut arg_list = String::new();
        let mut arg_docs = String::new();
        for (arg, p) in &args {
            let (ty, _) = p.ty.param();
            write!(arg_list, ", {arg}: {ty}").ok();
            writeln!(
                arg_docs,
                "    /// - {}: {} ({}, {}).",
                code(bare(arg)),
                code(&p.wire),
                p.place,
                Ty::describe(&p.schema)
            )
            .ok();
        }
        if let Some((ty, ctype)) = &op.json {
            write!(arg_list, ", body: &{ty}").ok();
            writeln!(arg_docs, "    /// - `body`: the `{ctype}` body.").ok();
        }
        let method_const = match method.as_str() {
            "GET" => "GET",
            "POST" => "POST",
            "PUT" => "PUT",
            "PATCH" => "PATCH",
            _ => "DELETE",
        };
        let entry_doc = if arg_docs.is_empty() {
            String::new()
        } else {
            format!("    ///\n{arg_docs}")
        };
        writeln!(
            self.handle_methods,
            "    /// {summary}.\n{entry_doc}    pub fn {rust}(&self{arg_list}) -> {b} {{\n{pre}        \
             let {mut_}request = Request::new(&self.client, reqwest::Method::{method_const}, DOMAIN, {id:?}, {path_expr});\n{entry_body}        \
             {b}(request)\n    }}\n",
            rust = op.rust,
            id = op.id,
            mut_ = if entry_body.is_empty() { "" } else { "mut " },
        )
        .ok();
        // The builder.
        let (send, stream) = match &op.output {
            Output_::Empty => ("self.0.send_empty()".to_owned(), String::new()),
            Output_::Redirect => ("self.0.send_redirect()".to_owned(), String::new()),
            Output_::Model(_) => ("self.0.send()".to_owned(), String::new()),
            Output_::List { page, item } => (
                "self.0.send()".to_owned(),
                format!(
                    "    /// Every item of the list, following the pages (`PageSize` sets the \
                     size of each page).\n    pub fn stream(self) -> Items<{item}> {{\n        \
                     self.0.stream::<{page}>()\n    }}\n"
                ),
            ),
        };
        let out_doc = match &op.output {
            Output_::Empty => "nothing (`204 No Content`)".to_owned(),
            Output_::Redirect => "the answer's redirect ([`Redirect`]), never followed".to_owned(),
            Output_::Model(m) if m.contains("::") => "free-form JSON".to_owned(),
            Output_::Model(m) => format!("[`{m}`]"),
            Output_::List { page, item } => format!(
                "a page ([`{page}`]) of [`{}`]",
                item.trim_start_matches("serde_json::")
            ),
        };
        writeln!(
            self.ops,
            "/// {summary}: answers {out_doc}.\n///\n/// Started by [`{handle}::{rust}`]; optional parameters are \
             setters. `.await` (or [`send`](Self::send)) checks the input, then sends it.\n\
             #[derive(Debug)]\n#[must_use = \"a request does nothing until it is awaited or sent\"]\n\
             pub struct {b}(Request);\n\nimpl {b} {{\n{setters}{stream}    /// Sends the request.\n    \
             pub fn send(self) -> Pending<{output}> {{\n        {send}\n    }}\n}}\n\n\
             crate::http::operation::into_pending!({b} => {output});\n",
            handle = pascal(&self.spec.module),
            rust = op.rust,
        )
        .ok();
        Ok(())
    }

    /// The statement that puts parameter `p`, held in `v`-named variable
    /// `arg`, into `request`.
    fn put(&self, p: &Param, arg: &str, request: &str) -> String {
        let call = match p.place {
            "query" => "query",
            "header" => "header",
            _ => "form",
        };
        if call == "header" && matches!(p.ty, Ty::Vec(_)) {
            let (_, expr) = p.ty.param();
            return format!("        {request}.header({}, {arg}.into_iter().map(|v| {expr}).collect::<Vec<_>>().join(\",\"));", lit(&p.wire));
        }
        let wire = lit(&p.wire);
        match &p.ty {
            Ty::Vec(_) => {
                let (_, expr) = p.ty.param();
                format!("        {request}.{call}_all({wire}, {arg}.into_iter().map(|v| {expr}).collect());")
            }
            ty => {
                let (_, expr) = ty.param();
                let expr = expr.replace("v.", &format!("{arg}."));
                let bounds = self.bounds(p, arg, request);
                format!("{bounds}        {request}.{call}({wire}, {expr});")
            }
        }
    }

    /// A range check for integer parameters with a minimum or maximum.
    fn bounds(&self, p: &Param, arg: &str, request: &str) -> String {
        if p.ty != Ty::Int {
            return String::new();
        }
        let min = p.schema.get("minimum").and_then(Value::as_i64);
        let max = p.schema.get("maximum").and_then(Value::as_i64);
        let field = bare(&snake(&p.wire)).to_owned();
        match (min, max) {
            (Some(lo), Some(hi)) => format!(
                "        if !({lo}..={hi}).contains(&{arg}) {{ {request}.fail({field:?}, format!(\"must be {lo} to {hi}, got {{}}\", {arg})); }}\n"
            ),
            (Some(lo), None) => format!(
                "        if {arg} < {lo} {{ {request}.fail({field:?}, format!(\"must be at least {lo}, got {{}}\", {arg})); }}\n"
            ),
            (None, Some(hi)) => format!(
                "        if {arg} > {hi} {{ {request}.fail({field:?}, format!(\"must be at most {hi}, got {{}}\", {arg})); }}\n"
            ),
            (None, None) => String::new(),
        }
    }

    fn setter(&self, name: &str, p: &Param) -> String {
        let (ty, _) = p.ty.param();
        let mut facts = format!(
            "{} ({}, {})",
            code(&p.wire),
            p.place,
            Ty::describe(&p.schema)
        );
        if let Some(pattern) = p.schema.get("pattern").and_then(Value::as_str) {
            write!(facts, ", pattern {}", code(pattern)).ok();
        }
        if let Some(d) = p.schema.get("default") {
            write!(facts, ", default {}", code(&d.to_string())).ok();
        }
        let body = self.put(p, "v", "self.0");
        let repeat = if matches!(p.ty, Ty::Vec(_)) {
            "; each value its own key, replacing earlier ones"
        } else {
            ""
        };
        format!(
            "    /// {facts}{repeat}.\n    pub fn {name}(mut self, v: {ty}) -> Self {{\n{body}\n        self\n    }}\n"
        )
    }
}

/// `Parameter12.Name` → `("Parameter", 12, "Name")`.
fn indexed(wire: &str) -> Option<(String, u32, String)> {
    let (head, sub) = wire.split_once('.')?;
    if sub.contains('.') {
        return None;
    }
    let digits = head.trim_start_matches(|c: char| !c.is_ascii_digit());
    let prefix = &head[..head.len() - digits.len()];
    if digits.is_empty() || prefix.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((prefix.to_owned(), digits.parse().ok()?, sub.to_owned()))
}

/// `DateSent<` → (`DateSent`, `_before`); `DateSent>` → `_after`.
fn range_name(wire: &str) -> (&str, &'static str) {
    if let Some(base) = wire.strip_suffix("<=") {
        (base, "_on_or_before")
    } else if let Some(base) = wire.strip_suffix(">=") {
        (base, "_on_or_after")
    } else if let Some(base) = wire.strip_suffix('<') {
        (base, "_before")
    } else if let Some(base) = wire.strip_suffix('>') {
        (base, "_after")
    } else {
        (wire, "")
    }
}

/// An open enum: a variant per value, `Other(String)` for a value Twilio
/// adds later.
fn enum_source(name: &str, what: &str, values: &[String], insensitive: bool) -> String {
    let mut used = BTreeSet::new();
    used.insert("Other".to_owned());
    let mut s = format!(
        "crate::types::open_enum::open_enum! {{\n    /// {what}: one of {}; a value added later reads as `Other`.\n    \
         {}{name} {{\n",
        values.iter().map(|v| code(v)).collect::<Vec<_>>().join(", "),
        if insensitive { "#[case_insensitive] " } else { "" },
    );
    let mut seen = BTreeSet::new();
    for v in values {
        if !seen.insert(if insensitive {
            v.to_ascii_lowercase()
        } else {
            v.clone()
        }) {
            continue;
        }
        let mut variant = pascal(v);
        if variant == "Other" {
            variant = "OtherValue".to_owned();
        }
        let base = variant.clone();
        let mut n = 2;
        while !used.insert(variant.clone()) {
            variant = format!("{base}{n}");
            n += 1;
        }
        writeln!(
            s,
            "        /// {}\n        {variant} = {},",
            code(v),
            lit(v)
        )
        .ok();
    }
    s.push_str("    }\n}\n\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_names() {
        assert_eq!(
            indexed("Parameter12.Name"),
            Some(("Parameter".into(), 12, "Name".into()))
        );
        assert_eq!(indexed("Configuration.Url"), None);
        assert_eq!(indexed("Bindings.Email.Address"), None);
        assert_eq!(range_name("DateSent<"), ("DateSent", "_before"));
        assert_eq!(range_name("DateSent>"), ("DateSent", "_after"));
        assert_eq!(range_name("To"), ("To", ""));
    }
}
