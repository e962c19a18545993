#!/usr/bin/env bash
# User-space instructions per send, bare reqwest and TwilioClient, counted by
# callgrind through examples/throughput.rs: (Ir(2n) - Ir(n)) / n, so startup,
# connecting and libphonenumber's metadata load are excluded.
#
#   bash benches/send_instructions.sh [n] [in_flight] [--current-thread]
#
# Starts the example's mock Twilio on 127.0.0.1:$PORT (default 4712) and stops
# it at the end. Set NO_BUILD=1 to measure the binary already built.
set -euo pipefail
n=${1:-1000}
in_flight=${2:-1}
flags=${3:-}
port=${PORT:-4712}
cd "$(dirname "$0")/.."
[ -n "${NO_BUILD:-}" ] || cargo build --release --example throughput --quiet
bin=${BIN:-target/release/examples/throughput}
"$bin" --serve "127.0.0.1:$port" >/dev/null &
mock=$!
trap 'kill "$mock"' EXIT
sleep 0.5
url="http://127.0.0.1:$port"
ir() {
  # shellcheck disable=SC2086
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$bin" "$url" "$1" "$in_flight" $flags ${2:-} 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per() { echo $(( ($(ir $((2 * n)) "${1:-}") - $(ir "$n" "${1:-}")) / n )); }
bare=$(per --bare)
client=$(per)
printf '| %s in flight %s | %s | %s | %s |\n' "$in_flight" "$flags" "$bare" "$client" \
  "$(awk -v b="$bare" -v c="$client" 'BEGIN {printf "%.3f", b / c}')"
