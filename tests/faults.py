"""A fault-injecting HTTP proxy in front of a real SPARQL server, for tests of flaky networks.

Each request the proxy receives is matched against a plan, in order: the first rule whose
method, path and body fragment match, and which has faults left, decides what happens to
it; a request no rule catches is passed to the server. Faults:

``500``, ``503``   answer that status without passing the request on
``429:S``           answer 429 with ``Retry-After: S``
``close``           read the request, then close the connection without an answer
``reset``           read the request, then reset the connection (RST)
``stall:S``         wait S seconds, then close without an answer (the client times out)
``after-500``       pass the request on (the server acts on it) but answer 500
``echo-401``        answer 401 with the request's headers in the body, as a careless server might
``echo-500``        the same in a 500 worded as Virtuoso words a lasting error (kg reports it at once)

Every request is logged (method, path, the fault applied), so tests can count retries.
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Rule:
    faults: list[str]
    method: str | None = None
    path: str | None = None
    body: str | None = None
    #: Requests this rule has matched so far.
    seen: int = 0

    def matches(self, method: str, path: str, body: bytes) -> bool:
        return (
            (self.method is None or method == self.method)
            and (self.path is None or self.path in path)
            and (self.body is None or self.body.encode() in body)
        )


@dataclass
class Logged:
    method: str
    path: str
    fault: str
    headers: dict[str, str] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


class FaultProxy:
    """Listens on a free loopback port and forwards to ``upstream`` (scheme://host:port)."""

    def __init__(self, upstream: str, rules: list[Rule] | None = None) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.rules = rules or []
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            upstream_server = ""  # the server's own Server header, so clients can tell its kind

            def version_string(self) -> str:
                return self.upstream_server or super().version_string()

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = dict(self.headers.items())
                fault = proxy.choose(self.command, self.path, body, headers)
                if fault.startswith("stall:"):
                    time.sleep(float(fault.split(":", 1)[1]))
                if fault in {"close", "reset"} or fault.startswith("stall:"):
                    self.close_connection = True
                    if fault == "reset":  # an RST instead of a FIN
                        self.connection.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                        )
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                status, reply_headers, reply = proxy.reply(fault, self.command, self.path, body, headers)
                named = [k for k in reply_headers if k.lower() == "server"]
                self.upstream_server = reply_headers.pop(named[0]) if named else ""
                self.send_response(status)
                for key, value in reply_headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(reply)

            do_GET = do_POST = do_PUT = do_DELETE = _any

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.root = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, upstream_url: str) -> str:
        """``upstream_url`` as reached through the proxy."""
        parts = urlsplit(upstream_url)
        return self.root + parts.path + (f"?{parts.query}" if parts.query else "")

    def choose(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> str:
        with self.lock:
            fault = "pass"
            for rule in self.rules:
                if rule.matches(method, path, body) and rule.seen < len(rule.faults):
                    fault = rule.faults[rule.seen]
                    rule.seen += 1
                    break
            self.log.append(Logged(method, path, fault, headers))
        return fault

    def reply(
        self, fault: str, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        if fault in {"pass", "after-500"}:
            answer = self.forward(method, path, body, headers)
            if fault == "pass":
                return answer
            return 500, {"Content-Type": "text/plain"}, b"internal error after the write"
        if fault.startswith("429:"):
            return 429, {"Retry-After": fault.split(":", 1)[1], "Content-Type": "text/plain"}, b"slow down"
        if fault in {"echo-401", "echo-500"}:
            # the credentials first, so that a client that shows the start of a body shows them
            ordered = sorted(headers.items(), key=lambda kv: kv[0].lower() != "authorization")
            echoed = "you sent " + "; ".join(f"{k}: {v}" for k, v in ordered)
            if fault == "echo-500":
                echoed = "Virtuoso 42000 Error SR186: no permission; " + echoed
            challenge = {"Content-Type": "text/plain", "WWW-Authenticate": 'Basic realm="kg"'}
            return int(fault[-3:]), challenge, echoed.encode()
        return int(fault), {"Content-Type": "text/plain"}, f"injected {fault}".encode()

    def forward(
        self, method: str, path: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(*self.upstream, timeout=60)
        try:
            sent = {k: v for k, v in headers.items() if k.lower() not in {"host", "connection"}}
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            data = response.read()
            dropped = {"transfer-encoding", "connection", "content-length", "date"}
            kept = {k: v for k, v in response.getheaders() if k.lower() not in dropped}
            return response.status, kept, data
        finally:
            connection.close()

    def faults_applied(self) -> list[str]:
        return [entry.fault for entry in self.log if entry.fault != "pass"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
