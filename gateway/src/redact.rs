//! Masking for logs: phone numbers never appear in full.

/// `+12025551234` → `+*********34`: every digit of a run of five or more
/// digits is hidden except the last two, so a log line can still be matched
/// with a number its reader already knows. Shorter runs (status codes, error
/// codes, counts) are kept.
pub fn mask_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut out, &mut run);
            out.push(c);
        }
    }
    flush(&mut out, &mut run);
    out
}

/// The shortest digit run taken for a phone number.
const MIN_NUMBER_DIGITS: usize = 5;
/// How many trailing digits stay visible.
const VISIBLE_DIGITS: usize = 2;

fn flush(out: &mut String, run: &mut String) {
    if run.len() >= MIN_NUMBER_DIGITS {
        let hidden = run.len() - VISIBLE_DIGITS;
        out.extend(std::iter::repeat_n('*', hidden));
        out.push_str(&run[hidden..]);
    } else {
        out.push_str(run);
    }
    run.clear();
}
