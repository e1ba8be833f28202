#!/usr/bin/env bash
# Usage: scripts/release_profiles.sh [VARIANT ...]     (default: every variant below)
#   FUNCTIONS=get-task,stream-responses COLD_STARTS=10 scripts/release_profiles.sh committed opt-s
#
# Measures the committed release profile (Cargo.toml) against the settings it could have had:
# for each variant, builds FUNCTIONS as `sam build` does (`cargo lambda build --release` in the
# function's folder) with the variant's CARGO_PROFILE_RELEASE_* overrides, then runs each built
# bootstrap under the Lambda Runtime Interface Emulator (scripts/lambda_emulator.py run-all,
# moto on 127.0.0.1) for its init, first and warm invocation times, and records its size.
# A variant that changes code generation recompiles every dependency, so each has its own target
# directory under $PROFILES_DIR (4–6 minutes and about 1.5 GB each on this machine for get-task;
# `no-strip` shares `committed`'s: `strip` is in every unit's profile, so cargo rebuilds them all
# the same, but both variants' artifacts then stay warm there). Results: $PROFILES_DIR/<variant>.json
# and a table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/python-tools.sh
. scripts/moto.sh
PROFILES_DIR=${PROFILES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ai-analysis-backend/release-profiles}
FUNCTIONS=${FUNCTIONS:-get-task,stream-responses}
COLD_STARTS=${COLD_STARTS:-10}
export CARGO_INCREMENTAL=0

# variant name -> its overrides of the committed profile (opt-level 3, thin LTO, 4 codegen
# units, symbols stripped, panic = abort)
declare -A overrides=(
  [committed]=""
  [opt-s]="CARGO_PROFILE_RELEASE_OPT_LEVEL=s"
  [opt-z]="CARGO_PROFILE_RELEASE_OPT_LEVEL=z"
  [fat-lto]="CARGO_PROFILE_RELEASE_LTO=fat CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1"
  [unwind]="CARGO_PROFILE_RELEASE_PANIC=unwind"
  [no-strip]="CARGO_PROFILE_RELEASE_STRIP=none"
)
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(committed no-strip opt-s opt-z fat-lto unwind)

start_moto
trap 'kill $moto_pid 2>/dev/null || true' EXIT

for variant in "${variants[@]}"; do
  [ -n "${overrides[$variant]+set}" ] || { echo "unknown variant $variant (${!overrides[*]})" >&2; exit 2; }
  target="$PROFILES_DIR/target-$([ "$variant" = no-strip ] && echo committed || echo "$variant")"
  build="$PROFILES_DIR/build-$variant"
  rm -rf "$build"
  for function in ${FUNCTIONS//,/ }; do
    started=$(date +%s)
    # shellcheck disable=SC2086 # the overrides are words on purpose
    (cd "functions/$function" && env ${overrides[$variant]} CARGO_TARGET_DIR="$target" PATH="$venv/bin:$PATH" \
      cargo lambda build --release --quiet)
    echo "$variant: $function built in $(( $(date +%s) - started )) s"
    logical_id=$("$venv/bin/python" scripts/lambda_emulator.py logical-id "$function")
    mkdir -p "$build/$logical_id"
    cp "$target/lambda/$function/bootstrap" "$build/$logical_id/bootstrap"
  done
  SAM_BUILD_DIR=$build "$venv/bin/python" scripts/lambda_emulator.py run-all --functions "$FUNCTIONS" \
    --cold-starts "$COLD_STARTS" --table "$PROFILES_DIR/$variant.json" | sed -n '/^| function/,$p'
done
