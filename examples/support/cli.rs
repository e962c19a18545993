//! The command-line conventions every example binary shares: `--help`/`-h`,
//! argument parsing and exit codes. Included by each example with
//! `#[path = "support/cli.rs"] mod cli;` (and by `tests/examples_cli.rs`).
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
    /// `--help`/`-h` wins wherever it is. `--` ends the options. An option
    /// not declared, or one missing its value, is a usage error.
    pub fn parse<I>(&self, args: I) -> Result<Invocation, String>
    where
        I: IntoIterator<Item = String>,
    {
        let args: Vec<String> = args.into_iter().collect();
        let before_dashes = args.iter().take_while(|a| *a != "--");
        if before_dashes.clone().any(|a| a == "--help" || a == "-h") {
            return Ok(Invocation::Help);
        }
        let mut parsed = Args::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--" {
                parsed.positional.extend(args.by_ref());
                break;
            }
            if !is_option(&arg) {
                parsed.positional.push(arg);
                continue;
            }
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
                None => (arg.clone(), None),
            };
            let takes_value = self
                .options
                .iter()
                .find(|(spec, _)| spec.split_whitespace().next() == Some(name.as_str()))
                .map(|(spec, _)| spec.split_whitespace().nth(1).is_some())
                .ok_or_else(|| format!("unknown option {name}"))?;
            let value = match (takes_value, inline) {
                (true, Some(value)) => value,
                (true, None) => args
                    .next()
                    .filter(|v| !is_option(v))
                    .ok_or_else(|| format!("{name} needs a value"))?,
                (false, Some(_)) => return Err(format!("{name} takes no value")),
                (false, None) => String::new(),
            };
            parsed.options.push((name, value));
        }
        Ok(Invocation::Run(parsed))
    }

    /// Parses the process's arguments; on `--help` prints the help (stdout)
    /// and on a usage error prints it with the usage (stderr). `Err` holds
    /// the exit code to return.
    pub fn args(&self) -> Result<Args, ExitCode> {
        match self.parse(std::env::args().skip(1)) {
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

fn is_option(arg: &str) -> bool {
    arg.starts_with("--") || (arg.starts_with('-') && arg.len() == 2)
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
