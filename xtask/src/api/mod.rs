//! `cargo xtask codegen`'s API generator: Twilio's 55 OpenAPI descriptions
//! (`../shared/twilio-oai/twilio_*.json`, checked against `SHA256SUMS`)
//! become `src/api/`: one module per file behind a cargo feature, the SID
//! types of every pattern, an index of every operation, and the feature list
//! in `Cargo.toml`.

mod gen;
mod names;
mod overrides;
mod sids;
mod tests_gen;
mod types;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The twilio-oai commit the specs come from (their README says so too).
pub const SPEC_COMMIT: &str = "d50069b";

/// One spec file, loaded.
pub struct Spec {
    /// `lookups_v2`: the file name without `twilio_` and `.json`.
    pub module: String,
    pub file: String,
    pub json: Value,
}

impl Spec {
    /// `lookups-v2`.
    pub fn feature(&self) -> String {
        self.module.replace('_', "-")
    }
}

/// Where the specs are: `$TWILIO_OAI_DIR`, else `../shared/twilio-oai`
/// beside the workspace.
pub fn spec_dir(root: &Path) -> PathBuf {
    std::env::var_os("TWILIO_OAI_DIR").map_or_else(
        || root.join("..").join("shared").join("twilio-oai"),
        PathBuf::from,
    )
}

/// Loads every `twilio_*.json` named in `SHA256SUMS`, checking each sum.
pub fn load(dir: &Path) -> Result<Vec<Spec>, String> {
    let sums_path = dir.join("SHA256SUMS");
    let sums = std::fs::read_to_string(&sums_path).map_err(|e| {
        format!(
            "{}: {e} (the specs are Twilio's twilio-oai files at commit {SPEC_COMMIT}, \
             kept in ../shared/twilio-oai; set TWILIO_OAI_DIR to read them elsewhere)",
            sums_path.display()
        )
    })?;
    let mut specs = Vec::new();
    for line in sums.lines() {
        let Some((sum, file)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        let file = file.trim().trim_start_matches('*');
        let Some(module) = file
            .strip_prefix("twilio_")
            .and_then(|f| f.strip_suffix(".json"))
        else {
            continue;
        };
        let bytes = std::fs::read(dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if actual != sum {
            return Err(format!(
                "{file}: sha256 {actual} is not {sum} from SHA256SUMS"
            ));
        }
        let json = serde_json::from_slice(&bytes).map_err(|e| format!("{file}: {e}"))?;
        specs.push(Spec {
            module: module.to_owned(),
            file: file.to_owned(),
            json,
        });
    }
    specs.sort_by(|a, b| a.module.cmp(&b.module));
    if specs.len() != 55 {
        return Err(format!(
            "expected 55 spec files, SHA256SUMS names {}",
            specs.len()
        ));
    }
    Ok(specs)
}

/// Formats Rust source with rustfmt as `cargo fmt` does: the library's
/// edition and the workspace's `rustfmt.toml`, whatever the current directory.
pub fn rustfmt(source: &str) -> Result<String, String> {
    let config = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("rustfmt.toml");
    use std::io::Write as _;
    let mut child = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
        .args(["--edition", "2024", "--emit", "stdout", "--config-path"])
        .arg(&config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt: no stdin")?;
    let input = source.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("rustfmt: {e}"))?;
    writer
        .join()
        .map_err(|_| "rustfmt: writer panicked".to_owned())?
        .map_err(|e| format!("rustfmt: {e}"))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        let head: String = err.lines().take(30).collect::<Vec<_>>().join("\n");
        return Err(format!("rustfmt failed:\n{head}"));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("rustfmt: {e}"))
}

/// What one run writes: path (relative to the root) to content.
pub type Files = BTreeMap<PathBuf, String>;

/// Generates every file from the specs in `dir`.
pub fn generate(root: &Path, dir: &Path) -> Result<Files, String> {
    let specs = load(dir)?;
    let ids = std::fs::read_to_string(root.join("src/types/ids.rs"))
        .map_err(|e| format!("src/types/ids.rs: {e}"))?;
    let registry = sids::Registry::build(&specs, &ids);
    let mut files = Files::new();
    let mut index = Vec::new();
    let mut modules = Vec::new();
    let mut calls = Vec::new();
    for spec in &specs {
        let out = gen::generate(spec, &registry)?;
        index.extend(out.index);
        calls.extend(out.calls);
        modules.push((spec, out.operations));
        files.insert(
            PathBuf::from(format!("src/api/{}.rs", spec.module)),
            rustfmt(&out.source).map_err(|e| format!("{}: {e}", spec.module))?,
        );
    }
    overrides::check()?;
    files.insert(
        PathBuf::from("src/api/sids.rs"),
        rustfmt(&registry.source())?,
    );
    files.insert(
        PathBuf::from("src/api/mod.rs"),
        rustfmt(&api_mod(&modules))?,
    );
    files.insert(PathBuf::from("docs/api-index.md"), index_page(&index));
    for (path, source) in tests_gen::generate(&specs, &calls)? {
        files.insert(path, source);
    }
    let manifest =
        std::fs::read_to_string(root.join("Cargo.toml")).map_err(|e| format!("Cargo.toml: {e}"))?;
    files.insert(
        PathBuf::from("Cargo.toml"),
        features_block(&manifest, &specs)?,
    );
    Ok(files)
}

/// First line of every generated file.
pub fn banner(from: &str) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from {from} (twilio-oai {SPEC_COMMIT}); \
         do not edit: change xtask/src/api/ and run `cargo xtask codegen`.\n"
    )
}

fn api_mod(modules: &[(&Spec, usize)]) -> String {
    let mut s = banner("../shared/twilio-oai/twilio_*.json");
    let total: usize = modules.iter().map(|(_, n)| n).sum();
    writeln!(
        s,
        "//! The whole REST API: {total} operations of {} OpenAPI files, one module per file, \
         each behind the cargo feature named after it (`full` enables all).\n//!\n\
         //! Every module adds a handle to [`TwilioClient`](crate::TwilioClient) \
         (`client.lookups_v2()`), whose methods are named after the operationIds; \
         [`docs/api-index.md`](https://github.com/twilio-typed/twilio-typed/blob/main/docs/api-index.md) \
         lists them all.\n",
        modules.len()
    )
    .ok();
    s.push_str("pub mod sids;\n\n");
    s.push_str(
        "pub use crate::http::operation::{Items, ListMeta, ListPage, Pending, Redirect};\n\
         pub use crate::types::path::{IsoCountry, ParseCountryError, SidOrName};\n\
         pub use crate::types::wire::Decimal;\n\n",
    );
    for (spec, operations) in modules {
        let feature = spec.feature();
        writeln!(
            s,
            "#[cfg(feature = {f:?})]\n#[cfg_attr(docsrs, doc(cfg(feature = {f:?})))]\n\
             /// `{file}`: {operations} operations.\npub mod {m};",
            f = feature,
            file = spec.file,
            m = spec.module
        )
        .ok();
    }
    s
}

/// One row of the operation index.
pub struct IndexRow {
    pub module: String,
    pub operation_id: String,
    pub method: String,
    pub path: String,
    pub rust: String,
}

fn index_page(rows: &[IndexRow]) -> String {
    let mut s = String::from(
        "<!-- @generated by `cargo xtask codegen` from ../shared/twilio-oai; do not edit. -->\n\
         # Every operation\n\n\
         Each of Twilio's REST operations, the Rust method that sends it and the cargo \
         feature that enables it. `client.<handle>().<method>(...)`: the handle is named after \
         the file (`lookups_v2`), the method after the operationId.\n\n",
    );
    writeln!(s, "{} operations.\n", rows.len()).ok();
    s.push_str(
        "| file | operationId | method | path | Rust | feature |\n|---|---|---|---|---|---|\n",
    );
    for r in rows {
        writeln!(
            s,
            "| `{m}` | `{op}` | {method} | `{path}` | `client.{m}().{rust}()` | `{f}` |",
            m = r.module,
            op = r.operation_id,
            method = r.method,
            path = r.path,
            rust = r.rust,
            f = r.module.replace('_', "-"),
        )
        .ok();
    }
    s
}

const FEATURES_BEGIN: &str = "# BEGIN generated API features (cargo xtask codegen)\n";
const FEATURES_END: &str = "# END generated API features\n";

/// `Cargo.toml` with its block of API features rewritten: one per file and
/// `full`.
fn features_block(manifest: &str, specs: &[Spec]) -> Result<String, String> {
    let start = manifest
        .find(FEATURES_BEGIN)
        .ok_or("Cargo.toml has no `# BEGIN generated API features` line")?;
    let end = manifest[start..]
        .find(FEATURES_END)
        .ok_or("Cargo.toml has no `# END generated API features` line")?
        + start;
    let mut block = String::from(FEATURES_BEGIN);
    block.push_str("## Every operation of every file (the whole REST API).\nfull = [");
    let all: Vec<String> = specs.iter().map(|s| format!("{:?}", s.feature())).collect();
    block.push_str(&all.join(", "));
    block.push_str("]\n");
    for spec in specs {
        writeln!(
            block,
            "## The operations of `{}`.\n{} = []",
            spec.file,
            spec.feature()
        )
        .ok();
    }
    Ok(format!(
        "{}{}{}",
        &manifest[..start],
        block,
        &manifest[end..]
    ))
}
