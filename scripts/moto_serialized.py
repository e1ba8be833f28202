"""moto's server, handling one request at a time.

DynamoDB applies each request atomically: two concurrent `UpdateItem ... ADD` never lose one of
the additions. moto's threaded server does not: two ADDs to one item can interleave their read and
write, and one is lost (seen as a flaky concurrency test). Serializing request handling restores
the per-request atomicity the adapters rely on, while connections are still accepted
concurrently and the tests still run in parallel. A long poll (`WaitTimeSeconds` > 0) would hold
the lock for its wait; the tests use none.

Usage: python moto_serialized.py HOST PORT
"""

import os
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


def main() -> None:
    host, port = sys.argv[1], int(sys.argv[2])
    os.environ.setdefault("MOTO_PORT", str(port))
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            body = app(environ, start_response)
            # Drain the (possibly lazy) body inside the lock: producing it may read state.
            chunks = list(body)
            close = getattr(body, "close", None)
            if close is not None:
                close()
            return chunks

    run_simple(host, port, serialized, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
