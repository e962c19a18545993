//! `xtask/data/api-overrides.txt`: the fields of a response model that are
//! read as another type than their schema says, because the spec's own
//! example answer contradicts the schema (an `AP…` SID where the pattern
//! says `TK…`). One line each:
//!
//! ```text
//! <module> <model> <field> <read as> <reason...>
//! ```
//!
//! `<model>` is the generated Rust type (`DependentPhoneNumber`, or the page
//! or answer type named after an operation), `<field>` the JSON name, and
//! `<read as>` one of `string`, `value` (free-form JSON), `decimal`, `int`.
//! Lines starting with `#` are comments. Every line must match a field the
//! generator writes, so a stale one fails the run.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use super::types::Ty;

/// Where the file is, relative to the workspace root.
pub const FILE: &str = "xtask/data/api-overrides.txt";

/// One line: module, model, field, type.
struct Override {
    module: String,
    model: String,
    field: String,
    ty: Ty,
    line: usize,
}

fn all() -> &'static Result<Vec<Override>, String> {
    static ALL: OnceLock<Result<Vec<Override>, String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join("api-overrides.txt");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{FILE}: {e}"))?;
        parse(&text)
    })
}

fn used() -> &'static Mutex<BTreeSet<usize>> {
    static USED: OnceLock<Mutex<BTreeSet<usize>>> = OnceLock::new();
    USED.get_or_init(Mutex::default)
}

fn parse(text: &str) -> Result<Vec<Override>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(module), Some(model), Some(field), Some(read_as)) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return Err(format!(
                "{FILE}:{}: want `module model field read-as reason`",
                i + 1
            ));
        };
        if words.next().is_none() {
            return Err(format!("{FILE}:{}: give the reason", i + 1));
        }
        let ty = match read_as {
            "string" => Ty::Str,
            "value" => Ty::Value,
            "decimal" => Ty::Decimal,
            "int" => Ty::Int,
            other => {
                return Err(format!(
                    "{FILE}:{}: read as {other:?}? (string, value, decimal, int)",
                    i + 1
                ))
            }
        };
        out.push(Override {
            module: module.to_owned(),
            model: model.to_owned(),
            field: field.to_owned(),
            ty,
            line: i + 1,
        });
    }
    Ok(out)
}

/// The type field `field` of model `model` in `module` is read as, when a
/// line says so.
pub fn read_as(module: &str, model: &str, field: &str) -> Option<Ty> {
    let all = all().as_ref().ok()?;
    let o = all
        .iter()
        .find(|o| o.module == module && o.model == model && o.field == field)?;
    used().lock().map(|mut u| u.insert(o.line)).ok();
    Some(o.ty.clone())
}

/// After a run: the file's own errors, or the lines that matched nothing.
pub fn check() -> Result<(), String> {
    let all = all().as_ref().map_err(Clone::clone)?;
    let used = used().lock().map_err(|e| e.to_string())?;
    let stale: Vec<String> = all
        .iter()
        .filter(|o| !used.contains(&o.line))
        .map(|o| {
            format!(
                "{FILE}:{}: no field {}.{} in {}",
                o.line, o.model, o.field, o.module
            )
        })
        .collect();
    if stale.is_empty() {
        Ok(())
    } else {
        Err(stale.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let o = parse("# c\n\napi_v2010 Model trunk_sid string the example is AP\n").unwrap();
        assert_eq!(o.len(), 1);
        assert_eq!((o[0].model.as_str(), o[0].ty.clone()), ("Model", Ty::Str));
        assert!(parse("api_v2010 Model trunk_sid string").is_err());
        assert!(parse("api_v2010 Model trunk_sid float why").is_err());
    }
}
