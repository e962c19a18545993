//! The command-line conventions every example binary shares: `--help`/`-h`,
//! argument parsing and exit codes. Included by each example with
//! `#[path = "support/cli.rs"] mod cli;` (and by `tests/it/examples_cli.rs`).
//!
//! The command line is read by [`lexopt`] (options, `--name=value`, `--`,
//! arguments that are not UTF-8); this module only says which options exist,
//! whether they take a value, and prints the help.
//!
//! Exit codes, the same in every binary:
//!
//! | code | meaning |
//! |---|---|
//! | 0 | done (or `--help`) |
//! | 1 | not done: Twilio not configured, Twilio refused it, network or server failure |
//! | 2 | bad arguments: unknown option, missing or extra argument (the usage is printed) |
//! | 3 | refused input: a value the crate rejects before sending (bad number, voice, URL, text) |

// Each example uses a different part of this module.
#![allow(dead_code)]

use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Done, or `--help`.
pub const EXIT_OK: u8 = 0;
/// Not done: configuration, Twilio's answer, the network.
pub const EXIT_FAILED: u8 = 1;
/// Bad arguments; the usage is printed.
pub const EXIT_USAGE: u8 = 2;
/// A value refused before anything was sent.
pub const EXIT_REFUSED: u8 = 3;

/// The table of exit codes, as printed at the end of every `--help`.
pub const EXIT_CODES: &str = "exit codes: 0 done; 1 not done (not configured, Twilio's error, network); 2 bad arguments; 3 input refused before sending (bad number, voice, URL or text)";

/// What a binary is and takes, for `--help` and for parsing.
pub struct Command {
    /// The binary's name, e.g. `send_sms`.
    pub name: &'static str,
    /// One line saying what it does.
    pub about: &'static str,
    /// The arguments after the name, e.g. `<to> <message> [voice]`.
    pub usage: &'static str,
    /// Positional arguments: `(name, meaning)`; a name in `[...]` is optional.
    pub arguments: &'static [(&'static str, &'static str)],
    /// Options: `("--port <port>", meaning)`; a second word means it takes a value.
    pub options: &'static [(&'static str, &'static str)],
    /// Environment variables read: `(name, meaning)`.
    pub environment: &'static [(&'static str, &'static str)],
    /// Example command lines.
    pub examples: &'static [&'static str],
    /// A paragraph printed after the examples (may be empty).
    pub notes: &'static str,
}

/// What [`Command::read_one`] read.
enum Read {
    /// An argument or an option.
    Arg,
    /// `--help` or `-h`.
    Help,
    /// Nothing: the command line is over.
    End,
}

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    /// `--help` or `-h` anywhere.
    Help,
    /// Run with these positional arguments and options (`--name`, value).
    Run(Args),
}

/// The arguments of a run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Args {
    /// Positional arguments, in order.
    pub positional: Vec<String>,
    /// Options given, in order: `("--port", "4011")`.
    pub options: Vec<(String, String)>,
}

impl Args {
    /// The last value given for `option`, if any.
    pub fn option(&self, option: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(name, _)| name == option)
            .map(|(_, value)| value.as_str())
    }
}

impl Command {
    /// The one-line usage.
    pub fn usage_line(&self) -> String {
        format!("usage: {} {}", self.name, self.usage)
    }

    /// The full `--help` text.
    pub fn help(&self) -> String {
        let mut out = format!("{}: {}\n\n{}\n", self.name, self.about, self.usage_line());
        section(&mut out, "arguments", self.arguments);
        let mut options = self.options.to_vec();
        options.push(("-h, --help", "print this help and exit"));
        section(&mut out, "options", &options);
        section(&mut out, "environment", self.environment);
        if !self.examples.is_empty() {
            out.push_str("\nexamples:\n");
            for example in self.examples {
                let _ = writeln!(out, "  {example}");
            }
        }
        if !self.notes.is_empty() {
            let _ = write!(out, "\n{}\n", self.notes);
        }
        let _ = write!(out, "\n{EXIT_CODES}\n");
        out
    }

    /// Parses the arguments after the program name.
    ///
    /// `--help`/`-h` wins wherever it is before `--`, even after a mistake.
    /// `--` ends the options. An option not declared, one missing its value,
    /// a flag given a value (`--verbose=yes`) or an argument that is not
    /// UTF-8 is a usage error. A text starting with one dash and longer than
    /// a flag (`"-5 degrees"`) is an argument, not a cluster of short options.
    pub fn parse<I>(&self, args: I) -> Result<Invocation, String>
    where
        I: IntoIterator,
        I::Item: Into<OsString>,
    {
        let mut parser = lexopt::Parser::from_args(args);
        let mut parsed = Args::default();
        // The first mistake, reported unless `--help` comes later.
        let mut problem = None;
        loop {
            match self.read_one(&mut parser, &mut parsed) {
                Ok(Read::Arg) => {}
                Ok(Read::Help) => return Ok(Invocation::Help),
                Ok(Read::End) => break,
                Err(e) => {
                    problem.get_or_insert(e);
                }
            }
        }
        problem.map_or(Ok(Invocation::Run(parsed)), Err)
    }

    /// Reads one argument, or one option and its value, into `parsed`.
    fn read_one(&self, parser: &mut lexopt::Parser, parsed: &mut Args) -> Result<Read, String> {
        use lexopt::Arg::{Long, Short, Value};
        let dashed_text = parser
            .try_raw_args()
            .and_then(|mut raw| raw.next_if(is_dashed_text));
        if let Some(text) = dashed_text {
            parsed.positional.push(utf8(text)?);
            return Ok(Read::Arg);
        }
        match parser.next().map_err(|e| e.to_string())? {
            None => return Ok(Read::End),
            Some(Short('h') | Long("help")) => {
                return match parser.optional_value() {
                    None => Ok(Read::Help),
                    Some(_) => Err("--help takes no value".to_owned()),
                }
            }
            Some(Value(value)) => parsed.positional.push(utf8(value)?),
            Some(Short(c)) => return Err(format!("unknown option -{c}")),
            Some(Long(name)) => {
                let name = format!("--{name}");
                let takes_value = self
                    .takes_value(&name)
                    .ok_or_else(|| format!("unknown option {name}"))?;
                let value = match (takes_value, parser.optional_value()) {
                    (true, Some(value)) => utf8(value)?,
                    // `--port 4011`, never `--port --verbose`.
                    (true, None) => parser
                        .try_raw_args()
                        .and_then(|mut raw| raw.next_if(|arg| !is_option(arg)))
                        .ok_or_else(|| format!("{name} needs a value"))
                        .and_then(utf8)?,
                    (false, Some(_)) => return Err(format!("{name} takes no value")),
                    (false, None) => String::new(),
                };
                parsed.options.push((name, value));
            }
        }
        Ok(Read::Arg)
    }

    /// Whether the declared option `name` takes a value; `None` when it is
    /// not declared.
    fn takes_value(&self, name: &str) -> Option<bool> {
        self.options.iter().find_map(|(spec, _)| {
            let mut words = spec.split_whitespace();
            (words.next() == Some(name)).then(|| words.next().is_some())
        })
    }

    /// Parses the process's arguments; on `--help` prints the help (stdout)
    /// and on a usage error prints it with the usage (stderr). `Err` holds
    /// the exit code to return.
    pub fn args(&self) -> Result<Args, ExitCode> {
        match self.parse(std::env::args_os().skip(1)) {
            Ok(Invocation::Run(args)) => Ok(args),
            Ok(Invocation::Help) => {
                print!("{}", self.help());
                Err(ExitCode::from(EXIT_OK))
            }
            Err(problem) => Err(self.usage_error(&problem)),
        }
    }

    /// Prints `problem` and the usage to stderr; the usage exit code.
    pub fn usage_error(&self, problem: &str) -> ExitCode {
        eprintln!(
            "{}: {problem}\n{}\n(`{} --help` for more)",
            self.name,
            self.usage_line(),
            self.name
        );
        ExitCode::from(EXIT_USAGE)
    }
}

/// Prints an input refused before sending; the "refused" exit code.
pub fn refused(problem: impl std::fmt::Display) -> ExitCode {
    eprintln!("refused: {problem}");
    ExitCode::from(EXIT_REFUSED)
}

/// The exit code for an error of the crate: refused input (nothing was sent)
/// or a failure; prints it.
pub fn failed(error: &twilio_typed::Error) -> ExitCode {
    if error.is_invalid_input() {
        return refused(error);
    }
    eprintln!("error: {error}");
    ExitCode::from(EXIT_FAILED)
}

/// A client that could not be built from the environment: prints why and,
/// when variables are missing, how to try the example against the local
/// sandbox instead. Exit code 1 (a configuration problem, not the input).
pub fn config_failed(error: &twilio_typed::Error, example: &str) -> ExitCode {
    eprintln!("{error}");
    if error.is_not_configured() {
        eprintln!("\n{}", try_locally(example));
    }
    ExitCode::from(EXIT_FAILED)
}

/// How to run `example` against the local sandbox, no Twilio account needed.
pub fn try_locally(example: &str) -> String {
    format!(
        "To try it locally, without a Twilio account:\n  \
         1. in another terminal: cargo run --example sandbox\n  \
         2. here, paste the four `export TWILIO_...` lines it prints\n  \
         3. run again: {example}"
    )
}

/// `--name`, `--`, or a dash and one character: an option, never a value.
fn is_option(arg: &std::ffi::OsStr) -> bool {
    let arg = arg.as_encoded_bytes();
    arg.starts_with(b"--") || (arg.starts_with(b"-") && arg.len() == 2)
}

/// One dash then more than one character (`-5 degrees`): a text, not options.
fn is_dashed_text(arg: &std::ffi::OsStr) -> bool {
    let arg = arg.as_encoded_bytes();
    arg.starts_with(b"-") && !arg.starts_with(b"--") && arg.len() > 2
}

/// An argument as text; one that is not UTF-8 is a usage error.
fn utf8(arg: OsString) -> Result<String, String> {
    arg.into_string()
        .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))
}

fn section(out: &mut String, title: &str, rows: &[(&str, &str)]) {
    if rows.is_empty() {
        return;
    }
    let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    let _ = write!(out, "\n{title}:\n");
    for (name, meaning) in rows {
        let _ = writeln!(out, "  {name:width$}  {meaning}");
    }
}
