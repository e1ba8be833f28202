"""Submit-to-start latency of the analysis queue at light load: submits tasks one at a time at a
steady rate, then reads each task back and reports startedAt - createdAt (both stamped by the
server, in milliseconds). Usage: submit_to_start.py BASE_URL API_KEY [COUNT] [PER_SECOND]"""

import json
import statistics
import sys
import time
import urllib.request
from datetime import datetime


def call(method, url, key, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", f"Bearer {key}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def ms(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1000


def main():
    base, key = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    per_second = float(sys.argv[4]) if len(sys.argv) > 4 else 50
    body = {"type": "CHAT_RESPONSE", "priority": "NORMAL", "data": {"message": "Summarize the plan."}}
    ids = []
    for _ in range(count):
        ids.append(call("POST", f"{base}/api/analysis-queue", key, body)["id"])
        time.sleep(1 / per_second)
    time.sleep(0.5)
    waits = []
    for task_id in ids:
        task = call("GET", f"{base}/api/analysis-queue/{task_id}", key)
        waits.append(ms(task["startedAt"]) - ms(task["createdAt"]))
    waits.sort()
    p99 = waits[min(len(waits) - 1, int(len(waits) * 0.99))]
    print(f"submit-to-start over {count} tasks at {per_second:g}/s: "
          f"p50 {statistics.median(waits):.0f} ms, p99 {p99:.0f} ms, max {waits[-1]:.0f} ms")


if __name__ == "__main__":
    main()
