#!/usr/bin/env bash
# Instructions per iteration of each hot path and its baseline, counted by
# callgrind: (Ir(2n) - Ir(n)) / n, so setup and lazy statics are excluded.
#
#   bash benches/instruction_table.sh [n] [filter]
#
# With a filter, only the rows whose workload name contains it are run
# (e.g. `bash benches/instruction_table.sh 2000 webhook`).
set -euo pipefail
n=${1:-2000}
filter=${2:-}
cd "$(dirname "$0")/.."
bin=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*instructions[^"]*\)".*/\1/p' | tail -1)
ir() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per() { echo $(( ($(ir "$1" $((2 * n))) - $(ir "$1" "$n")) / n )); }
printf '| workload | instructions | baseline | baseline instructions | ratio |\n|---|--:|---|--:|--:|\n'
while read -r workload baseline; do
  [[ $workload == *"$filter"* ]] || continue
  w=$(per "$workload"); b=$(per "$baseline")
  printf '| %s | %s | %s | %s | %s |\n' "$workload" "$w" "$baseline" "$b" \
    "$(awk -v w="$w" -v b="$b" 'BEGIN {printf "%.3f", w / b}')"
done <<'PAIRS'
e164_canonical phonenumber_canonical
e164_formatted phonenumber_formatted
e164_distinct phonenumber_distinct
twiml_build_render hand_written_menu
twiml_prebuilt_render hand_written_menu
twiml_voicemail_build_render hand_written_voicemail
webhook_validate bare_hmac
webhook_validate_status bare_hmac_status
message_decode json_value_decode
message_serde_decode json_value_decode
PAIRS
