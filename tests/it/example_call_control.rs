//! `cargo run --example call_control`: its command line (`--help`, usage
//! errors, refused input) and the whole redirect-and-hang-up run against the
//! sandbox.

use std::process::Output;
use std::sync::OnceLock;

/// The example's binary, built once with the features of this test.
fn binary() -> &'static std::path::PathBuf {
    static BIN: OnceLock<std::path::PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let mut build = std::process::Command::new(env!("CARGO"));
        build
            .args([
                "build",
                "--quiet",
                "--workspace",
                "--all-features",
                "--example",
                "call_control",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        let profile = if cfg!(debug_assertions) {
            "debug"
        } else {
            build.arg("--release");
            "release"
        };
        assert!(
            build.status().expect("cargo runs").success(),
            "build failed"
        );
        let target = std::env::var("CARGO_TARGET_DIR")
            .unwrap_or_else(|_| format!("{}/target", env!("CARGO_MANIFEST_DIR")));
        std::path::PathBuf::from(target)
            .join(profile)
            .join("examples")
            .join("call_control")
    })
}

fn run(args: &[&str]) -> Output {
    std::process::Command::new(binary())
        .args(args)
        .env_clear()
        .output()
        .expect("the example runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_exits_0_with_the_usage() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag]);
        assert_eq!(out.status.code(), Some(0));
        let help = text(&out.stdout);
        assert!(
            help.contains("usage: call_control [to] [new_text]"),
            "{help}"
        );
        assert!(help.contains("sandbox"), "{help}");
        assert!(help.contains("exit codes"), "{help}");
    }
}

#[test]
fn bad_arguments_exit_2_and_a_bad_number_exits_3() {
    let out = run(&["+12025551234", "text", "extra"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = run(&["+1"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("invalid to"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn places_redirects_and_hangs_up_a_sandbox_call() {
    let out = run(&["+12025551234", "Your build is green."]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    let status_of = |step: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(step))
            .and_then(|l| l.rsplit(" is ").next())
            .unwrap_or_else(|| panic!("no {step:?} line in {stdout}"))
    };
    assert_eq!(status_of("placed"), "queued");
    assert_eq!(status_of("answered"), "in-progress");
    assert_eq!(status_of("redirected to new TwiML"), "in-progress");
    assert_eq!(status_of("hung up"), "completed");
    assert_eq!(status_of("final"), "completed");
    assert!(
        lines.contains(&"history: queued -> ringing -> in-progress -> completed"),
        "{stdout}"
    );
    // The redirect took: the call was given the new text after the hold message.
    assert!(
        lines.contains(&"spoken: Hello, this is MYCA. Please hold. | Your build is green."),
        "{stdout}"
    );
    // Every step names the same call.
    let sids: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().find(|w| w.starts_with("CA")))
        .collect();
    assert_eq!(sids.len(), 7, "{stdout}");
    assert!(sids.iter().all(|s| *s == sids[0]), "{stdout}");
}
