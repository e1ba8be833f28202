#!/usr/bin/env bash
# Platform benchmarks: the local server under wrk (GET /health/live, an authenticated route, and
# task submission to the analysis queue with the queue drained by local's workers), and the init
# time of function binaries (process start → first Runtime API poll), and what the chatbot adds
# over calling a (mock) model server directly.
# Installs wrk from Debian's packages when missing. Results print to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release --quiet -p local -p get-health -p get-tenant -p create-task -p tests \
  --bin local --bin get-health --bin get-tenant --bin create-task --bin init-time --bin chat-overhead
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

echo "== POST /api/analysis-queue (wrk, 1 thread, 16 connections, 5 s; 2 workers drain the queue meanwhile)"
wrk -t1 -c16 -d5s --latency -s scripts/bench/submit-task.lua "http://127.0.0.1:$port/api/analysis-queue" \
  | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
stats() { curl -fsS -H "Authorization: Bearer bench-key-not-a-secret" "http://127.0.0.1:$port/api/analysis-queue/stats"; }
start=$(date +%s.%N)
# (Read first, then match: `grep -q` closing the pipe early would fail the pipeline under pipefail.)
until [[ "$(stats)" == *'"queueLength":0,'* ]]; do sleep 0.2; done
end=$(date +%s.%N)
echo "== queue drained $(python3 -c "print(round($end - $start, 2))") s after the load stopped"
stats | python3 -c 'import json,sys; s=json.load(sys.stdin); print("completed:", s["byStatus"]["COMPLETED"], "failed:", s["byStatus"]["FAILED"], "average processing ms:", s.get("averageProcessingMs"))'
echo "== submit-to-start latency at light load (one task at a time, 50/s)"
python3 scripts/bench/submit_to_start.py "http://127.0.0.1:$port" bench-key-not-a-secret 300 50

echo "== chatbot overhead over the mock upstream, and time to the first streamed byte and text"
LOG_LEVEL=warn "$target/chat-overhead" 500

export API_KEYS_TABLE=k RATE_LIMITS_TABLE=r IDEMPOTENCY_TABLE=i OPTIMIZER_STATS_TABLE=o AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export TASKS_TABLE=t TASK_EVENTS_TABLE=e TASK_STATS_TABLE=s CONVERSATIONS_TABLE=c CHAT_MESSAGES_TABLE=m CHAT_SPEND_TABLE=p INSTANCES_TABLE=g AUDIT_TABLE=a TENANT_JOBS_TABLE=j GPU_POOLS_TABLE=gp URGENT_QUEUE_URL=u HIGH_QUEUE_URL=h NORMAL_QUEUE_URL=n LOW_QUEUE_URL=l
echo "== init time, get-health"
"$target/init-time" "$target/get-health" events/get-health/live.json 50
echo "== init time, get-tenant"
"$target/init-time" "$target/get-tenant" events/get-tenant/invalid-key.json 50
echo "== init time, create-task (links the token tables, loaded lazily)"
"$target/init-time" "$target/create-task" events/create-task/invalid-data.json 50
