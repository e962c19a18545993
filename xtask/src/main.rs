//! `cargo xtask`: the workspace's code generators and checks.
//!
//! Each generator writes committed Rust source from a data file, marked as
//! generated in its first line; `--check` regenerates in memory and fails
//! when the committed file differs (CI runs `cargo xtask codegen --check`).

mod api;
mod voices;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const HELP: &str = "\
cargo xtask: the workspace's code generators and checks

usage: cargo xtask <task> [--check]

tasks:
  codegen   runs every generator below
  voices    writes src/types/voice/documented.rs, the table of provider voices
            TwiML's <Say> accepts, from xtask/data/say-voices.txt
  api       writes src/api/ (every REST operation, one module per file), its
            SID types, docs/api-index.md and the API features of Cargo.toml
            from Twilio's OpenAPI descriptions: the 55 twilio_*.json files of
            github.com/twilio/twilio-oai (spec/json, commit d50069b), kept in
            ../shared/twilio-oai beside the workspace (or $TWILIO_OAI_DIR) and
            checked against its SHA256SUMS
  check     the same as `codegen --check` (what CI runs)

options:
  --check   write nothing; fail (exit 1) when a committed generated file is
            not what the generator writes
  -h, --help
";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Task {
    Help,
    /// Every generator.
    Codegen {
        check: bool,
    },
    Voices {
        check: bool,
    },
    Api {
        check: bool,
    },
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Task, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let mut task = None;
    let mut check = false;
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(Task::Help),
            Long("check") => check = true,
            Value(value) if task.is_none() => task = Some(value.string()?),
            _ => return Err(arg.unexpected()),
        }
    }
    match task.as_deref() {
        None => Ok(Task::Help),
        Some("codegen") => Ok(Task::Codegen { check }),
        Some("voices") => Ok(Task::Voices { check }),
        Some("api") => Ok(Task::Api { check }),
        Some("check") => Ok(Task::Codegen { check: true }),
        Some(other) => Err(format!("unknown task {other:?}").into()),
    }
}

/// The workspace root (this crate's parent directory).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from(".."), Path::to_path_buf)
}

/// Writes `content` to `path`, or with `check` compares it with what is there.
fn emit(path: &Path, content: &str, check: bool) -> Result<(), String> {
    let shown = path
        .strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string();
    if check {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current == content {
            println!("{shown}: up to date");
            Ok(())
        } else {
            Err(format!(
                "{shown} is not what its generator writes: run `cargo xtask codegen` and commit"
            ))
        }
    } else {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{shown}: {e}"))?;
        }
        std::fs::write(path, content).map_err(|e| format!("{shown}: {e}"))?;
        println!("wrote {shown}");
        Ok(())
    }
}

fn run(task: Task) -> Result<(), String> {
    match task {
        Task::Help => {
            print!("{HELP}");
            Ok(())
        }
        Task::Voices { check } => voices::run(&root(), check),
        Task::Api { check } => run_api(&root(), check),
        Task::Codegen { check } => {
            voices::run(&root(), check)?;
            run_api(&root(), check)
        }
    }
}

/// Writes (or checks) every file of the API generator.
fn run_api(root: &Path, check: bool) -> Result<(), String> {
    let files = api::generate(root, &api::spec_dir(root))?;
    let mut stale = Vec::new();
    for (path, content) in &files {
        if let Err(e) = emit(&root.join(path), content, check) {
            stale.push(e);
        }
    }
    if !check {
        // Modules of files that are gone.
        let dir = root.join("src/api");
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("src/api: {e}"))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            if !files.contains_key(&rel) {
                std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", rel.display()))?;
            }
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(stale.join("\n"))
    }
}

fn main() -> ExitCode {
    let task = match parse(std::env::args().skip(1)) {
        Ok(task) => task,
        Err(e) => {
            eprintln!("error: {e}\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match run(task) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn command_lines() {
        assert_eq!(parse(args(&[])).unwrap(), Task::Help);
        assert_eq!(parse(args(&["--help"])).unwrap(), Task::Help);
        assert_eq!(
            parse(args(&["voices"])).unwrap(),
            Task::Voices { check: false }
        );
        assert_eq!(
            parse(args(&["voices", "--check"])).unwrap(),
            Task::Voices { check: true }
        );
        assert_eq!(
            parse(args(&["codegen", "--check"])).unwrap(),
            Task::Codegen { check: true }
        );
        assert_eq!(
            parse(args(&["check"])).unwrap(),
            Task::Codegen { check: true }
        );
        assert!(parse(args(&["nope"])).is_err());
        assert!(parse(args(&["voices", "extra"])).is_err());
        assert!(parse(args(&["--frobnicate"])).is_err());
    }
}
