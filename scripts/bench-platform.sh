#!/usr/bin/env bash
# Platform benchmarks: the local server under wrk (GET /health/live and an authenticated route),
# and the init time of function binaries (process start → first Runtime API poll).
# Installs wrk from Debian's packages when missing. Results print to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --quiet -p local -p get-health -p get-tenant -p tests --bin local --bin get-health --bin get-tenant --bin init-time
target=${CARGO_TARGET_DIR:-target}/release

port=3200
PORT=$port RATE_LIMIT_RPS=100000000 RATE_LIMIT_BURST=100000000 LOG_LEVEL=warn \
  LOCAL_API_KEYS=bench=bench-key-not-a-secret "$target/local" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break; sleep 0.1; done

echo "== GET /health/live (wrk, 1 thread, 32 connections, 10 s)"
wrk -t1 -c32 -d10s --latency "http://127.0.0.1:$port/health/live" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
echo "== GET /api/tenant with a key (wrk, 1 thread, 32 connections, 10 s)"
wrk -t1 -c32 -d10s --latency -H "Authorization: Bearer bench-key-not-a-secret" "http://127.0.0.1:$port/api/tenant" \
  | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"

export API_KEYS_TABLE=k RATE_LIMITS_TABLE=r IDEMPOTENCY_TABLE=i OPTIMIZER_STATS_TABLE=o AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
echo "== init time, get-health"
"$target/init-time" "$target/get-health" events/get-health/live.json 50
echo "== init time, get-tenant"
"$target/init-time" "$target/get-tenant" events/get-tenant/invalid-key.json 50
