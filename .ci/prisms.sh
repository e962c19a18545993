#!/usr/bin/env bash
# prisms.sh: one Prism per Twilio OpenAPI file, for the `every_operation`
# test (tests/it/api_every_operation.rs).
#
#   PRISM_URLS=$(.ci/prisms.sh start)   # module=url,module=url,...
#   .ci/prisms.sh stop
#
# Each file `twilio_<module>.json` with at least one operation gets its own
# `../shared/twilio-oai/prism-mock.sh` on port PRISM_BASE_PORT + its place in
# the sorted list (default 4100, so 4100..4154). Only the `module=url` list
# goes to stdout; progress goes to stderr. PRISM_JOBS (default 2) Prisms
# start at once, each group with a cache folder of its own (prism-mock.sh
# serialises the starts within one cache), sharing one installed Prism.
set -euo pipefail
cd "$(dirname "$0")/.."
OAI=${TWILIO_OAI_DIR:-../shared/twilio-oai}
MOCK=$OAI/prism-mock.sh
BASE=${PRISM_BASE_PORT:-4100}
JOBS=${PRISM_JOBS:-2}
CACHE=${PRISM_CACHE_DIR:-${CARGO_TARGET_DIR:-$PWD/target}/prism-mock}

# The spec files with operations, sorted, with their ports.
specs() {
  local i=0 f m
  for f in $(cd "$OAI" && ls twilio_*.json | sort); do
    m=${f#twilio_}; m=${m%.json}
    if grep -q '"operationId"' "$OAI/$f"; then echo "$m $((BASE + i)) $f"; fi
    i=$((i + 1))
  done
}

cache_of() { echo "$CACHE/group-$(($1 % JOBS))"; }

# The spec Prism serves for file $1: the file itself, or, where a form
# body's array field is a `$ref` or `nullable` (messaging_v1's
# UseCaseCategories), a copy in the cache with those fields inlined and not
# nullable, so that prism-mock.sh's form-array fix (which looks for `type:
# array` in place) covers them too; without it Prism 5.14 reads the repeated
# keys as one string and answers 422 "must be array,null".
served() {
  local src=$OAI/$1 out=$CACHE/inlined/$1
  mkdir -p "$CACHE/inlined"
  node - "$src" "$out" <<'JS' >&2
const fs = require('fs');
const [src, dst] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(src, 'utf8'));
const schemas = (spec.components && spec.components.schemas) || {};
let n = 0;
for (const item of Object.values(spec.paths || {}))
  for (const op of Object.values(item)) {
    const media = op && op.requestBody && op.requestBody.content &&
      op.requestBody.content['application/x-www-form-urlencoded'];
    const props = media && media.schema && media.schema.properties;
    for (const [name, prop] of Object.entries(props || {})) {
      const ref = prop && prop.$ref ? schemas[prop.$ref.split('/').pop()] : prop;
      if (ref && ref.type === 'array' && (ref !== prop || prop.nullable)) {
        props[name] = JSON.parse(JSON.stringify(ref));
        delete props[name].nullable;
        n++;
      }
    }
  }
if (n) {
  fs.writeFileSync(dst, JSON.stringify(spec));
  console.log(`prisms: ${n} form arrays inlined in ${dst}`);
} else if (fs.existsSync(dst)) fs.unlinkSync(dst);
JS
  if [[ -f $out ]]; then echo "$out"; else echo "$src"; fi
}

start_group() {  # start every spec of group $1, one after another
  local g=$1 n=0 m port f
  while read -r m port f; do
    n=$((n + 1))
    if (( (port - BASE) % JOBS != g )); then continue; fi
    PRISM_CACHE_DIR=$(cache_of "$port") PRISM_SPEC=$(served "$f") PRISM_START_TIMEOUT=180 \
      "$MOCK" start "$port" >/dev/null
  done < <(specs)
}

case ${1:-start} in
  start)
    PRISM_CACHE_DIR=$CACHE "$MOCK" install >&2
    for ((g = 0; g < JOBS; g++)); do
      mkdir -p "$CACHE/group-$g"
      ver=$(ls -d "$CACHE"/prism-cli-* | head -1)
      ln -sfn "$ver" "$CACHE/group-$g/$(basename "$ver")"
    done
    t0=$SECONDS
    pids=()
    for ((g = 0; g < JOBS; g++)); do start_group "$g" & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p" || { echo "prisms: a Prism did not start" >&2; exit 1; }; done
    echo "prisms: $(specs | wc -l) Prisms up after $((SECONDS - t0)) s" >&2
    specs | while read -r m port f; do printf '%s=http://127.0.0.1:%s\n' "$m" "$port"; done | paste -sd, -
    ;;
  stop)  # each group's Prisms one after another, the groups at once
    for ((g = 0; g < JOBS; g++)); do
      specs | while read -r m port f; do
        if (( (port - BASE) % JOBS != g )); then continue; fi
        PRISM_CACHE_DIR=$(cache_of "$port") "$MOCK" stop "$port" 2>/dev/null || true
      done &
    done
    wait
    ;;
  *) echo "usage: $0 {start|stop}" >&2; exit 2 ;;
esac
