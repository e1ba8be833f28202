#!/usr/bin/env bash
# Usage: scripts/invoke.sh FUNCTION EVENT
#   scripts/invoke.sh get-task events/get-task/existing.json
#
# What `sam local invoke -e EVENT` does, without a container engine: the function's built
# `bootstrap` (.aws-sam/build, built here by `sam build` for that function if missing) runs under
# the Lambda Runtime Interface Emulator from the aws-sam-cli wheel, on 127.0.0.1, with the
# environment template.yaml gives it; tables, queues, the state machine and provider-key secrets
# are created in a moto server ($AWS_ENDPOINT_URL, or one started here for this call). Prints the
# emulator's log (START/END/REPORT) on stderr and the function's answer on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 2 ]; then
  sed -n '2,3p' "$0" | sed 's/^# //'
  exit 2
fi
function=$1
event=$2
[ -f "$event" ] || { echo "no event file $event" >&2; exit 2; }
. scripts/python-tools.sh

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ai-analysis-backend/target}
export CARGO_INCREMENTAL=0
logical_id=$("$venv/bin/python" scripts/lambda_emulator.py logical-id "$function")
if [ ! -x ".aws-sam/build/$logical_id/bootstrap" ]; then
  arch=$([ "$(uname -m)" = aarch64 ] && echo arm64 || echo x86_64)
  echo "building $logical_id (sam build, Architecture=$arch)" >&2
  # The resource id goes first: after --parameter-overrides it would be read as one more override.
  # `sam build <id>` rewrites its build directory to hold that function alone, so it builds into
  # its own one and the artifact is moved beside the others.
  one=".aws-sam/build-$logical_id"
  PATH="$venv/bin:$PATH" "$venv/bin/sam" build "$logical_id" --build-dir "$one" --beta-features \
    --parameter-overrides "Architecture=$arch" >&2
  mkdir -p .aws-sam/build
  rm -rf ".aws-sam/build/$logical_id"
  mv "$one/$logical_id" ".aws-sam/build/$logical_id"
  rm -rf "$one"
fi

if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  . scripts/moto.sh
  start_moto
  trap 'kill $moto_pid 2>/dev/null || true' EXIT
fi
"$venv/bin/python" scripts/lambda_emulator.py invoke "$function" "$event"
