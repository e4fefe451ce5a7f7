"""A local HTTP server that stands in for the outside services in tests.

The suite refuses sockets to anywhere but this machine (pyproject.toml), so an
import's requests go here: each service's address (``IMPORT_SERVICES``) points
at ``http://127.0.0.1:<port>/<service>``. A test says what each path answers:
a recorded real response (``tests/data/recorded/``, whose README names where
each came from) or a failure (a status, a Retry-After, a delay, a broken body).
Every request is kept, with its headers, for the test to check.
"""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from time import sleep  # bound here: tests replace time.sleep for the client
from urllib.parse import urlsplit

RECORDED = Path(__file__).parent / "data" / "recorded"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    cut_short: bool = False  # promise more bytes than are sent


def recorded(name: str, content_type: str = "application/json", status: int = 200) -> Answer:
    """The answer recorded in tests/data/recorded/<name>."""
    return Answer(status, (RECORDED / name).read_bytes(), content_type)


@dataclass
class Request:
    path: str
    query: str
    headers: dict


class ReplayServer:
    def __init__(self):
        self.routes: dict[str, list[Answer]] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                server.requests.append(Request(parts.path, parts.query, dict(self.headers)))
                answers = server.routes.get(f"{parts.path}?{parts.query}") or server.routes.get(
                    parts.path
                )
                if not answers:
                    answer = Answer(404, b"not recorded", "text/plain")
                else:
                    answer = answers.pop(0) if len(answers) > 1 else answers[0]
                if answer.delay:
                    sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    length = len(answer.body) + (1000 if answer.cut_short else 0)
                    self.send_header("Content-Length", str(length))
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def add(self, path: str, *answers: Answer) -> None:
        """What ``path`` (with its query, if it matters) answers: the answers in
        turn, the last one for every later request."""
        self.routes[path] = list(answers)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
