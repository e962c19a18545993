//! Sends many SMS to a Twilio-compatible server and prints the throughput.
//!
//! Run `cargo run --release --example throughput -- --help` for usage.

use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

#[allow(dead_code)]
#[path = "../benches/support/mock_twilio.rs"]
mod mock_twilio;
#[allow(dead_code)]
#[path = "../benches/support/send_paths.rs"]
mod send_paths;

use send_paths::{SendOne as _, SendPath};

const USAGE: &str = "\
Sends SMS through TwilioClient (or, with --bare, the same HTTP through a bare
reqwest::Client) to a Twilio-compatible server, checks every answer, and prints
messages per second.

Usage:
  throughput <base-url> <count> <in-flight> [options]
  throughput --serve <addr>

Arguments:
  <base-url>    where the Twilio API is, e.g. http://127.0.0.1:4011 (the mock
                below), http://127.0.0.1:4010 (Prism) or the sandbox's URL
  <count>       how many messages to send in each round, e.g. 20000
  <in-flight>   how many requests are outstanding at once, e.g. 1 or 32

Options:
  --bare             send with a bare reqwest::Client (the baseline)
  --current-thread   use tokio's current-thread runtime (default: multi-thread)
  --rounds <n>       rounds to run; prints each and the median (default: 1)
  --rss              print the peak resident memory (VmHWM) at the end
  --serve <addr>     only serve a minimal Twilio mock on <addr>, answering every
                     send 201 with a queued message
  -h, --help         print this help

Environment:
  TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN   credentials sent (default: test
                                          values any mock accepts)

Example:
  cargo run --release --example throughput -- --serve 127.0.0.1:4011 &
  cargo run --release --example throughput -- http://127.0.0.1:4011 20000 32 --rounds 3

Exit status: 0 when every answer checked out, 1 when one did not, 2 for bad
arguments.";

struct Options {
    base_url: String,
    count: usize,
    in_flight: usize,
    bare: bool,
    current_thread: bool,
    rounds: usize,
    rss: bool,
}

enum Command {
    Help,
    Serve(std::net::SocketAddr),
    Run(Options),
}

/// Parses the arguments after the program name (through lexopt): `--help`
/// anywhere wins, `--serve` ends the parsing.
fn parse_args(args: &[OsString]) -> Result<Command, String> {
    use lexopt::Arg::{Long, Short, Value};
    if args.iter().any(|a| a == "-h" || a == "--help") {
        return Ok(Command::Help);
    }
    let mut positional = Vec::new();
    let mut options = Options {
        base_url: String::new(),
        count: 0,
        in_flight: 0,
        bare: false,
        current_thread: false,
        rounds: 1,
        rss: false,
    };
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("bare") => options.bare = true,
            Long("current-thread") => options.current_thread = true,
            Long("rss") => options.rss = true,
            Long("rounds") => {
                let value = text(parser.value().map_err(|_| "--rounds needs a number")?)?;
                options.rounds = positive(&value, "--rounds")?;
            }
            Long("serve") => {
                let value = text(parser.value().map_err(|_| "--serve needs an address")?)?;
                let addr = value
                    .parse()
                    .map_err(|e| format!("--serve {value:?}: {e}"))?;
                return Ok(Command::Serve(addr));
            }
            Long(name) => return Err(format!("unknown option --{name}")),
            Short(c) => return Err(format!("unknown option -{c}")),
            Value(value) => positional.push(text(value)?),
        }
    }
    let [base_url, count, in_flight] = &positional[..] else {
        return Err(format!(
            "expected <base-url> <count> <in-flight>, got {} arguments",
            positional.len()
        ));
    };
    options.base_url = base_url.to_owned();
    options.count = positive(count, "<count>")?;
    options.in_flight = positive(in_flight, "<in-flight>")?;
    Ok(Command::Run(options))
}

/// An argument as text.
fn text(arg: OsString) -> Result<String, String> {
    arg.into_string()
        .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))
}

fn positive(value: &str, name: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{name} must be a positive whole number, got {value:?}"
        )),
    }
}

/// Peak resident set size of this process, from `/proc/self/status`.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn run(options: &Options) -> Result<(), String> {
    let mut builder = if options.current_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = builder.enable_all().build().map_err(|e| e.to_string())?;
    let account_sid =
        std::env::var("TWILIO_ACCOUNT_SID").unwrap_or_else(|_| mock_twilio::ACCOUNT_SID.to_owned());
    let auth_token =
        std::env::var("TWILIO_AUTH_TOKEN").unwrap_or_else(|_| mock_twilio::AUTH_TOKEN.to_owned());
    runtime.block_on(async {
        let build_start = Instant::now();
        let path = if options.bare {
            SendPath::bare(&options.base_url, &account_sid, &auth_token)
        } else {
            SendPath::client(&options.base_url, &account_sid, &auth_token)
                .map_err(|e| format!("client: {e}"))?
        };
        let built = build_start.elapsed();
        let path = Arc::new(path);
        let first_start = Instant::now();
        path.send_one().await?;
        let first = first_start.elapsed();
        let second_start = Instant::now();
        path.send_one().await?;
        let second = second_start.elapsed();
        println!(
            "{}: built in {:.2} ms; first send {:.2} ms (connects), second {:.2} ms",
            if options.bare {
                "bare reqwest"
            } else {
                "twilio-typed"
            },
            built.as_secs_f64() * 1e3,
            first.as_secs_f64() * 1e3,
            second.as_secs_f64() * 1e3,
        );
        let mut rates = Vec::with_capacity(options.rounds);
        for round in 1..=options.rounds {
            let start = Instant::now();
            send_paths::run(Arc::clone(&path), options.count, options.in_flight).await?;
            let rate = options.count as f64 / start.elapsed().as_secs_f64();
            println!(
                "round {round}: {} messages, {} in flight: {rate:.0} msg/s",
                options.count, options.in_flight
            );
            rates.push(rate);
        }
        rates.sort_by(f64::total_cmp);
        println!("median: {:.0} msg/s", rates[rates.len() / 2]);
        Ok::<(), String>(())
    })?;
    if options.rss {
        match peak_rss_kib() {
            Some(kib) => println!("peak RSS: {kib} KiB ({:.1} MiB)", kib as f64 / 1024.0),
            None => println!("peak RSS: unavailable (no /proc/self/status)"),
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match parse_args(&args) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(Command::Serve(addr)) => {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            println!("mock Twilio on http://{addr} (Ctrl-C to stop)");
            match runtime.block_on(mock_twilio::serve(addr)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: serving on {addr}: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Ok(Command::Run(options)) => match run(&options) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
