# Sourced by scripts/test.sh, scripts/invoke.sh and scripts/release_profiles.sh (needs $venv from
# scripts/python-tools.sh). start_moto starts moto's server on a free port of 127.0.0.1, one
# request at a time as DynamoDB is atomic per request (scripts/moto_serialized.py), waits until
# it answers, points the AWS SDKs at it with test credentials and sets $moto_pid; the caller
# stops it (its own EXIT trap).
start_moto() {
  local port log
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log=$(mktemp)
  "$venv/bin/python" scripts/moto_serialized.py 127.0.0.1 "$port" >"$log" 2>&1 &
  moto_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
    sleep 0.1
  done
  if ! curl -fsS "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
    cat "$log" >&2
    echo "moto_server did not start" >&2
    return 1
  fi
  rm -f "$log"
  export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
  unset AWS_PROFILE AWS_SESSION_TOKEN
}
