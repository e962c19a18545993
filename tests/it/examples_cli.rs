//! The example binaries' command line: `--help`, usage errors and the exit
//! codes shared by all of them. The shared helper (over lexopt) is tested as
//! a unit, then through the binaries; they are built once (`cargo build
//! --workspace --examples`, the features `cargo test --workspace` built
//! them with, so a no-op after it) and run
//! without any `TWILIO_*` variable, so nothing here can reach Twilio.

#[path = "../../examples/support/cli.rs"]
mod cli;

use cli::{Args, Command, Invocation};
use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Output;
use std::sync::OnceLock;

const SPEC: Command = Command {
    name: "demo",
    about: "a demo",
    usage: "[--port <port>] [--verbose] <to>",
    arguments: &[("<to>", "who")],
    options: &[("--port <port>", "a port"), ("--verbose", "say more")],
    environment: &[("DEMO_VAR", "a variable")],
    examples: &["demo +12025551234"],
    notes: "A note.",
};

fn parse(args: &[&str]) -> Result<Invocation, String> {
    SPEC.parse(args.iter().map(|a| (*a).to_owned()))
}

fn run(positional: &[&str], options: &[(&str, &str)]) -> Invocation {
    Invocation::Run(Args {
        positional: positional.iter().map(|a| (*a).to_owned()).collect(),
        options: options
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
    })
}

#[test]
fn help_wins_wherever_it_is_and_lists_everything() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["+1202", "--help"],
        &["--bogus", "-h"],
        &["--port", "--help"],
    ] {
        assert_eq!(parse(args), Ok(Invocation::Help), "{args:?}");
    }
    // After `--` it is an argument like any other.
    assert_eq!(parse(&["--", "--help"]), Ok(run(&["--help"], &[])));
    let help = SPEC.help();
    for part in [
        "demo: a demo",
        "usage: demo [--port <port>] [--verbose] <to>",
        "arguments:\n  <to>  who",
        "--port <port>  a port",
        "-h, --help",
        "environment:\n  DEMO_VAR  a variable",
        "examples:\n  demo +12025551234",
        "A note.",
        "exit codes: 0 done; 1 not done",
        "2 bad arguments; 3 input refused",
    ] {
        assert!(help.contains(part), "{part:?} missing from:\n{help}");
    }
}

#[test]
fn options_and_positionals() {
    assert_eq!(
        parse(&["+12025551234", "--port", "4011", "--verbose", "--port=4012"]),
        Ok(run(
            &["+12025551234"],
            &[("--port", "4011"), ("--verbose", ""), ("--port", "4012")]
        ))
    );
    let Ok(Invocation::Run(args)) = parse(&["--port", "1", "--port", "2"]) else {
        panic!("parsed")
    };
    assert_eq!(args.option("--port"), Some("2"));
    assert_eq!(args.option("--verbose"), None);
    // A text starting with a dash is fine after `--`, or when longer than a flag.
    assert_eq!(parse(&["--", "-5"]), Ok(run(&["-5"], &[])));
    assert_eq!(parse(&["-5 degrees"]), Ok(run(&["-5 degrees"], &[])));
}

#[test]
fn usage_errors_name_the_problem() {
    assert_eq!(
        parse(&["--bogus"]),
        Err("unknown option --bogus".to_owned())
    );
    assert_eq!(parse(&["-x"]), Err("unknown option -x".to_owned()));
    assert_eq!(parse(&["--port"]), Err("--port needs a value".to_owned()));
    assert_eq!(
        parse(&["--port", "--verbose"]),
        Err("--port needs a value".to_owned())
    );
    assert_eq!(
        parse(&["--verbose=yes"]),
        Err("--verbose takes no value".to_owned())
    );
}

#[test]
fn exit_codes_are_distinct_and_documented() {
    let codes = [
        cli::EXIT_OK,
        cli::EXIT_FAILED,
        cli::EXIT_USAGE,
        cli::EXIT_REFUSED,
    ];
    assert_eq!(codes, [0, 1, 2, 3]);
    assert!(
        cli::try_locally("cargo run --example make_call").contains("cargo run --example sandbox")
    );
}

// --- the binaries -----------------------------------------------------------

const EXAMPLES: [&str; 5] = [
    "send_sms",
    "voice_message",
    "make_call",
    "sandbox",
    "call_control",
];

/// Examples that read no environment variable (they run against an
/// in-process sandbox): their help has no `environment:` section and says so.
const READS_NO_ENVIRONMENT: [&str; 1] = ["call_control"];

/// `target/<profile>/examples`, after building the examples once with the
/// features this test was built with.
fn examples_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let mut build = std::process::Command::new(env!("CARGO"));
        build
            .args(["build", "--quiet", "--workspace", "--all-features"])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if !cfg!(debug_assertions) {
            build.arg("--release");
        }
        for name in EXAMPLES {
            build.args(["--example", name]);
        }
        let status = build.status().expect("cargo runs");
        assert!(status.success(), "building the examples failed");
        // This test runs from target/<profile>/deps/.
        let exe = std::env::current_exe().expect("test path");
        let profile_dir = exe
            .parent()
            .and_then(|deps| deps.parent())
            .expect("target/<profile>");
        profile_dir.join("examples")
    })
}

fn example(name: &str, args: &[&str]) -> Output {
    example_os(name, args.iter().map(OsString::from))
}

fn example_os(name: &str, args: impl IntoIterator<Item = OsString>) -> Output {
    let mut command = std::process::Command::new(examples_dir().join(name));
    command.args(args);
    for (key, _) in std::env::vars() {
        if key.starts_with("TWILIO_") || key == "SANDBOX_PORT" {
            command.env_remove(key);
        }
    }
    command.output().expect("the example runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn every_binary_answers_help_with_usage_environment_and_an_example() {
    for name in EXAMPLES {
        for flag in ["--help", "-h"] {
            let out = example(name, &[flag]);
            let stdout = text(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "{name} {flag}: {stdout}");
            for part in [
                &format!("usage: {name} ") as &str,
                "examples:",
                &format!("cargo run --example {name}"),
                "exit codes:",
            ] {
                assert!(
                    stdout.contains(part),
                    "{name} {flag}: {part:?} missing:\n{stdout}"
                );
            }
            if READS_NO_ENVIRONMENT.contains(&name) {
                assert!(!stdout.contains("environment:"), "{name}: {stdout}");
                assert!(
                    stdout.contains("no configuration is read"),
                    "{name}: {stdout}"
                );
            } else {
                assert!(stdout.contains("environment:"), "{name}: {stdout}");
            }
            assert!(out.stderr.is_empty(), "{name}: {}", text(&out.stderr));
        }
    }
}

#[test]
fn bad_arguments_exit_2_with_the_usage() {
    let cases: [(&str, &[&str]); 7] = [
        ("send_sms", &["--bogus"]),
        ("send_sms", &["+12025551234"]),
        ("voice_message", &[]),
        ("make_call", &["+12025551234"]),
        ("sandbox", &["--port"]),
        ("sandbox", &["--port", "nope"]),
        ("call_control", &["+12025551234", "text", "extra"]),
    ];
    for (name, args) in cases {
        let out = example(name, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("usage: {name} ")),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn the_binaries_read_their_command_line_as_the_helper_does() {
    // `--help` after a mistake still prints the help.
    let out = example("sandbox", &["--bogus", "--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("usage: sandbox "));
    // (binary, arguments, exit code, what stderr says)
    let cases: [(&str, &[&str], i32, &str); 7] = [
        // After `--`, `--help` is an argument like any other.
        (
            "sandbox",
            &["--", "--help"],
            2,
            "unexpected argument \"--help\"",
        ),
        // An option's value is never the next option.
        (
            "sandbox",
            &["--port", "--step-ms", "5"],
            2,
            "--port needs a value",
        ),
        // `--name=value` reaches the binary's own check.
        (
            "sandbox",
            &["--step-ms=soon"],
            2,
            "--step-ms \"soon\" is not",
        ),
        ("sandbox", &["--help=yes"], 2, "--help takes no value"),
        ("send_sms", &["-x"], 2, "unknown option -x"),
        // A text starting with a dash is an argument, not short options.
        ("voice_message", &["-5 degrees", "hi"], 3, "invalid to"),
        ("voice_message", &["--", "-5", "hi"], 3, "invalid to"),
    ];
    for (name, args, code, says) in cases {
        let out = example(name, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{name} {args:?}: {stderr}");
        assert!(stderr.contains(says), "{name} {args:?}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error() {
    use std::os::unix::ffi::OsStringExt as _;
    let not_utf8 = OsString::from_vec(vec![b'+', 0xff, b'1']);
    let out = example_os("voice_message", [not_utf8, OsString::from("hi")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("usage: voice_message "), "{stderr}");
}

#[test]
fn refused_input_exits_3_in_every_binary() {
    let cases: [(&str, &[&str], &str); 6] = [
        ("send_sms", &["+1", "hi"], "invalid to"),
        ("voice_message", &["+1", "hi"], "invalid to"),
        (
            "voice_message",
            &["+12025551234", "hi", "Polly.Nobody-Neural"],
            "invalid voice",
        ),
        (
            "make_call",
            &["12025551234", "https://example.com/t.xml"],
            "invalid to",
        ),
        (
            "make_call",
            &["+12025551234", "javascript:alert(1)"],
            "invalid twiml_url",
        ),
        ("call_control", &["+1"], "invalid to"),
    ];
    for (name, args, says) in cases {
        let out = example(name, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{name} {args:?}: {stderr}");
        assert!(stderr.contains(says), "{name} {args:?}: {stderr}");
    }
}

#[test]
fn unconfigured_calls_say_how_to_try_locally() {
    for (name, args) in [
        ("voice_message", &["+12025551234", "hi"][..]),
        ("make_call", &["+12025551234", "https://example.com/t.xml"]),
    ] {
        let out = example(name, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.starts_with("Twilio not configured. Set TWILIO_ACCOUNT_SID"),
            "{stderr}"
        );
        assert!(stderr.contains("cargo run --example sandbox"), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "run again: cargo run --example {name} -- +12025551234"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn send_sms_without_arguments_says_who_receives_it() {
    let out = example("send_sms", &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let line = stdout
        .lines()
        .find(|l| l.starts_with("no recipient given: sending to +"))
        .unwrap_or_else(|| panic!("no recipient line in:\n{stdout}"));
    assert!(
        line.ends_with(", one of the sandbox's own numbers"),
        "{line}"
    );
    assert!(stdout.contains(": delivered"), "{stdout}");
}
