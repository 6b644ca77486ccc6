"""A webhook receiver for tests: http.server on a free loopback port, in a thread,
recording each POST and answering with the statuses it is given, in turn."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.processes import free_port


class Receiver:
    def __init__(self, answers=(200,), *, delay: float = 0.0):
        self.answers = list(answers)  # the last one repeats
        self.delay = delay
        self.received: list[dict] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks/advocacy"
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(receiver.delay)
                status = receiver.answers[min(len(receiver.received), len(receiver.answers) - 1)]
                receiver.received.append(
                    {"path": self.path, "headers": dict(self.headers), "body": body}
                )
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(f"answer {status}".encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
