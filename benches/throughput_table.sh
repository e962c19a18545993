#!/usr/bin/env bash
# Bare reqwest against TwilioClient through examples/throughput.rs: 20,000 sends
# per round, rounds alternating between the two so both see the same machine,
# median of 3 per variant, plus peak RSS (VmHWM) of each process.
#
#   bash benches/throughput_table.sh [count] [rounds]
#
# Starts the example's mock Twilio on 127.0.0.1:4711 and stops it at the end.
set -euo pipefail
count=${1:-20000}
rounds=${2:-3}
port=${PORT:-4711}
cd "$(dirname "$0")/.."
cargo build --release --example throughput --quiet
bin="${CARGO_TARGET_DIR:-target}/release/examples/throughput"
"$bin" --serve "127.0.0.1:$port" >/dev/null &
mock=$!
trap 'kill "$mock"' EXIT
sleep 0.5
url="http://127.0.0.1:$port"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| variant | bare reqwest msg/s | twilio-typed msg/s | ratio | bare peak RSS KiB | twilio-typed peak RSS KiB |\n'
printf '|---|--:|--:|--:|--:|--:|\n'
for variant in "1:" "32:" "32:--current-thread" "1:--current-thread"; do
  in_flight=${variant%%:*}
  flags=${variant#*:}
  bare_rates=(); client_rates=(); bare_rss=(); client_rss=()
  for _ in $(seq "$rounds"); do
    for path in bare client; do
      extra=""
      [ "$path" = bare ] && extra="--bare"
      # shellcheck disable=SC2086
      out=$("$bin" "$url" "$count" "$in_flight" --rss $flags $extra)
      rate=$(awk '/^median:/ {print $2}' <<<"$out")
      rss=$(awk '/^peak RSS:/ {print $3}' <<<"$out")
      if [ "$path" = bare ]; then bare_rates+=("$rate"); bare_rss+=("$rss")
      else client_rates+=("$rate"); client_rss+=("$rss"); fi
    done
  done
  b=$(printf '%s\n' "${bare_rates[@]}" | median)
  c=$(printf '%s\n' "${client_rates[@]}" | median)
  br=$(printf '%s\n' "${bare_rss[@]}" | median)
  cr=$(printf '%s\n' "${client_rss[@]}" | median)
  runtime=multi-thread
  [ -n "$flags" ] && runtime=current-thread
  printf '| %s in flight, %s | %s | %s | %.2f | %s | %s |\n' "$in_flight" "$runtime" "$b" "$c" \
    "$(awk -v b="$b" -v c="$c" 'BEGIN {print c / b}')" "$br" "$cr"
done
