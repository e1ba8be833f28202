#!/usr/bin/env bash
# Installs every test tool this project needs and runs every test tier:
#   1. static:    rustfmt, clippy (warnings are errors)
#   2. templates: sam validate, cfn-lint, asl-validator on every statemachines/*.json
#   3. tests:     unit, adapters (against moto's server on 127.0.0.1), product (black-box HTTP
#                 against `local`), consistency (template ⇄ routes ⇄ functions ⇄ events) and the
#                 deploy dry run; the web console driven in headless Chromium; then `sam build`
#                 of every function for arm64 (debug mode; DEPLOY_PATH=release builds this
#                 machine's architecture in the deployed profile) and every built function's
#                 events under the Lambda Runtime Interface Emulator (arm64 under qemu-aarch64
#                 on an x86_64 machine)
# Tools are cached under $TOOLS_DIR (default ~/.cache/ai-analysis-backend/tools) and keyed by
# their pinned versions; the Cargo target directory is shared across clones (CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/ai-analysis-backend
TOOLS_DIR=${TOOLS_DIR:-$CACHE/tools}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$CACHE/target}
# No incremental artifacts: they grow the shared target by gigabytes a run and buy CI nothing.
export CARGO_INCREMENTAL=0
export SAM_CLI_TELEMETRY=0
ASL_VALIDATOR_VERSION=4.0.0
mkdir -p "$TOOLS_DIR"

step() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- tools
step "installing test tools into $TOOLS_DIR"
. scripts/python-tools.sh
node_dir="$TOOLS_DIR/node-asl-validator-$ASL_VALIDATOR_VERSION"
if [ ! -x "$node_dir/node_modules/.bin/asl-validator" ]; then
  mkdir -p "$node_dir"
  npm install --silent --no-audit --no-fund --prefix "$node_dir" "asl-validator@$ASL_VALIDATOR_VERSION" >/dev/null
fi
# Debian packages, as root or through sudo.
apt_install() {
  local as_root
  as_root=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)
  $as_root apt-get update -qq && $as_root apt-get install -y -qq "$@" >/dev/null
}
# The console's browser tests: Debian's Chromium (never a browser a test tool downloads) and
# playwright-core exactly as tests/browser/package-lock.json pins it.
[ -x /usr/bin/chromium ] || apt_install chromium
if ! cmp -s tests/browser/package-lock.json tests/browser/node_modules/.installed-from-lock 2>/dev/null; then
  npm ci --silent --no-audit --no-fund --prefix tests/browser >/dev/null
  cp tests/browser/package-lock.json tests/browser/node_modules/.installed-from-lock
fi
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
# The template's default architecture, arm64: cargo-lambda cross-compiles with the zig its wheel
# brings and the aarch64 standard library from rustup.
rustup target list --installed 2>/dev/null | grep -q '^aarch64-unknown-linux-gnu' \
  || rustup target add aarch64-unknown-linux-gnu
# The arm64 build runs under qemu's user-mode emulator with Debian's aarch64 C library.
if [ "$(uname -m)" != aarch64 ] && { [ ! -x /usr/bin/qemu-aarch64-static ] || [ ! -e /usr/aarch64-linux-gnu/lib/libc.so.6 ]; }; then
  apt_install qemu-user-static libc6-arm64-cross
fi

# A cold run writes about 22 GiB (measured: the tests' target 8 GiB, the arm64 build 6 GiB and
# sam's copies of it 6 GiB); on a full disk it would fail minutes in, at a link, with "No space
# left on device". Say so first, with a margin.
need_gib=$(case "${DEPLOY_PATH:-debug}" in off) echo 10 ;; release) echo 20 ;; *) echo 26 ;; esac)
mkdir -p "$CARGO_TARGET_DIR"
free_gib=$(df -Pk "$CARGO_TARGET_DIR" | awk 'NR == 2 {print int($4 / 1048576)}')
# (A fresh clone has no .aws-sam: du's failure must not end the script.)
kept_gib=$({ du -sk "$CARGO_TARGET_DIR" .aws-sam 2>/dev/null || true; } | awk '{s += $1} END {print int(s / 1048576)}')
if [ $((free_gib + kept_gib)) -lt "$need_gib" ]; then
  echo "not enough disk for $CARGO_TARGET_DIR: $free_gib GiB free + $kept_gib GiB already built < $need_gib GiB a run needs" >&2
  exit 1
fi

# ---------------------------------------------------------------- tier 1: static
step "rustfmt"
cargo fmt --all -- --check
step "clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# ---------------------------------------------------------------- tier 2: templates
step "sam validate"
"$venv/bin/sam" validate --template-file template.yaml --region us-east-1
step "cfn-lint"
"$venv/bin/cfn-lint" template.yaml
step "asl-validator"
shopt -s nullglob
machines=(statemachines/*.json)
if [ ${#machines[@]} -eq 0 ]; then
  echo "no state machine definitions in statemachines/"
fi
for machine in "${machines[@]}"; do
  # One --json-path per call: given a list, asl-validator checks only the first file.
  "$node_dir/node_modules/.bin/asl-validator" --json-path "$machine"
done

# ---------------------------------------------------------------- tier 3: tests
step "starting moto_server on 127.0.0.1 (one request at a time, as DynamoDB is atomic per request)"
. scripts/moto.sh
start_moto
local_pid=""
trap 'kill $moto_pid $local_pid 2>/dev/null || true' EXIT

step "cargo test (unit, adapters, product, consistency)"
cargo test --workspace --no-fail-fast 2>&1 | tee "$CACHE/last-test-run.log"
status=${PIPESTATUS[0]}
# ---------------------------------------------------------------- tier 3b: contract fuzzing
step "schemathesis against local (every operation of openapi.json)"
cargo build --quiet -p local
local_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PORT=$local_port LOG_LEVEL=warn RATE_LIMIT_RPS=100000 RATE_LIMIT_BURST=100000 \
  LOCAL_API_KEYS=fuzz=fuzz-key-not-a-secret "$CARGO_TARGET_DIR/debug/local" >/dev/null 2>&1 &
local_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$local_port/health/live" >/dev/null 2>&1 && break
  sleep 0.1
done
# Fixed seed: CI is reproducible; run other seeds by hand to explore (README, "Contract").
# A request that takes 30 s is a hang and fails; no tighter response time is asserted here: on
# a shared 2-core machine a debug build's slowest answers vary by seconds (a 2 s limit failed a
# stop's baseline at 2.15 s). Response times are measured by the benchmarks instead.
fuzz_log="$CACHE/last-schemathesis-run.log"
if PYTHONPATH=scripts SCHEMATHESIS_HOOKS=schemathesis_hooks "$venv/bin/st" --config-file scripts/schemathesis.toml run \
  "http://127.0.0.1:$local_port/openapi.json" -H "Authorization: Bearer fuzz-key-not-a-secret" \
  --checks all --exclude-checks use_after_free --max-examples 50 --request-timeout 30 --seed 1 >"$fuzz_log" 2>&1; then
  fuzz_status=0
else
  fuzz_status=1
fi
tail -n 25 "$fuzz_log"
[ "$fuzz_status" -eq 0 ] || status=1
step "the official openai Python client against local's /v1 routes"
"$venv/bin/python" scripts/openai_client_test.py "http://127.0.0.1:$local_port" fuzz-key-not-a-secret || status=1
kill $local_pid 2>/dev/null || true
local_pid=""

# ---------------------------------------------------------------- tier 3b: the console in a browser
# Starts its own `local` (and a slow OpenAI-compatible upstream, so progress can be watched and a
# task cancelled mid-run) and drives the console in headless Chromium; screenshots of every page
# at 1280 and 390 px are kept under $CACHE/console-screenshots.
step "the web console in headless Chromium (playwright-core)"
LOCAL_BIN="$CARGO_TARGET_DIR/debug/local" SCREENSHOT_DIR="$CACHE/console-screenshots" \
  node tests/browser/console.test.mjs || status=1

# ---------------------------------------------------------------- tier 3c: the deploy path
# `sam build` of every function in the template (cargo-lambda, the shared CARGO_TARGET_DIR), then
# every built bootstrap under the Lambda Runtime Interface Emulator with each of its events/ files
# and the template's environment resolved to moto.
# DEPLOY_PATH=debug (the default, what CI runs): the template's default architecture, arm64
#   (cross-compiled with cargo-lambda's zig and rustup's aarch64 standard library on an x86_64
#   machine, each bootstrap checked to be an aarch64 ELF and run under qemu-aarch64), in sam's
#   debug mode (SAM_BUILD_MODE=debug, cargo's dev profile). It proves that every function builds
#   as sam builds it for Graviton, starts under Lambda's runtime API with only the template's
#   environment, and answers each of its events. One architecture only: a second build of every
#   function would add about 15 minutes to a cold CI run.
# DEPLOY_PATH=release: the artifacts `sam deploy` uploads (release profile), for this machine's
#   architecture so that their init durations and sizes are the function's, not qemu's; it takes
#   about two hours more on this machine, so CI does not run it (README "Deploying": the figures
#   and the command). DEPLOY_PATH=off skips the tier.
host_arch=$([ "$(uname -m)" = aarch64 ] && echo arm64 || echo x86_64)
deploy_path=${DEPLOY_PATH:-debug}
# sam_build MODE ARCH: `sam build` of every function into .aws-sam/build[-MODE-ARCH]; prints the
# time it took, or the log's end and fails. sam's build cache does not tell the modes apart (a
# release build after a debug one copies the debug binaries), so each debug build has its own
# build and cache folders; the release build keeps sam's defaults, where `sam deploy` looks.
sam_build() {
  local mode=$1 arch=$2 suffix="" start
  [ "$mode" = debug ] && suffix="-debug-$arch"
  build_dir=.aws-sam/build$suffix
  local log="$CACHE/last-sam-build$suffix.log"
  start=$(date +%s)
  if SAM_BUILD_MODE=$([ "$mode" = debug ] && echo debug) PATH="$venv/bin:$PATH" "$venv/bin/sam" build \
    --beta-features --build-dir "$build_dir" --cache-dir ".aws-sam/cache$suffix" \
    --parameter-overrides "Architecture=$arch" >"$log" 2>&1; then
    echo "sam build ($mode, $arch): $(( $(date +%s) - start )) s"
  else
    tail -n 40 "$log"
    echo "sam build ($mode, $arch) failed (whole log: $log)"
    return 1
  fi
}
# run_events MODE ARCH COLD_STARTS: every function's events under the emulator (an aarch64
# bootstrap on an x86_64 machine under qemu-aarch64), checked against emulator-expectations.tsv.
run_events() {
  local start
  start=$(date +%s)
  SAM_BUILD_DIR=$build_dir "$venv/bin/python" scripts/lambda_emulator.py run-all --cold-starts "$3" \
    --table "$CACHE/last-emulator-run-$1-$2.json" || return 1
  echo "emulator ($1, $2): $(( $(date +%s) - start )) s"
}
case "$deploy_path" in
  debug)
    step "sam build, debug (Architecture=arm64, every function), each event under the emulator"
    if sam_build debug arm64; then
      # Every function's bootstrap is an aarch64 ELF, so the parameter reached cargo.
      "$venv/bin/python" scripts/lambda_emulator.py check-aarch64 "$build_dir" || status=1
      # Cold starts of a debug build (under qemu, too) say nothing about the deployed one: one each.
      run_events debug arm64 1 || status=1
    else
      status=1
    fi
    ;;
  release)
    step "sam build, release (Architecture=$host_arch, every function), each event under the emulator"
    if sam_build release "$host_arch"; then
      run_events release "$host_arch" 10 || status=1
    else
      status=1
    fi
    ;;
  off) step "deploy path: not run (DEPLOY_PATH=off)" ;;
  *) echo "DEPLOY_PATH must be debug, release or off, not $deploy_path"; status=1 ;;
esac

# ---------------------------------------------------------------- tier 4: deployed (optional)
if [ -n "${AWS_SAM_STACK_NAME:-}" ]; then
  step "deployed stack $AWS_SAM_STACK_NAME"
  unset AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  API_URL=$("$venv/bin/sam" list stack-outputs --stack-name "$AWS_SAM_STACK_NAME" --output json \
    | python3 -c 'import json,sys; print(next(o["OutputValue"] for o in json.load(sys.stdin) if o["OutputKey"] == "ApiUrl"))')
  export API_URL
  cargo test -p tests --test deployed -- --ignored 2>&1 | tee -a "$CACHE/last-test-run.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  echo
  echo "tier 4 (deployed): not run; set AWS_SAM_STACK_NAME and DEPLOYED_API_KEY to run it"
fi

passed=$(grep -Eo 'test result: [A-Za-z]+\. [0-9]+ passed' "$CACHE/last-test-run.log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed;' "$CACHE/last-test-run.log" | awk '{s+=$1} END {print s+0}')
echo
echo "tests: $passed passed, $failed failed"
exit "$status"
