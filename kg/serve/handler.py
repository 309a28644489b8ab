"""HTTP for ``kg serve``: routing, SPARQL Protocol and Graph Store parameters, and the
checks that keep a local endpoint local (loopback ``Host`` names only; no writes from web
pages of other origins)."""

from __future__ import annotations

import html
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import iris
from kg.serve.formats import SHORT, service_description
from kg.serve.service import HttpError, Options, Reply, Service, open_store

#: The largest request body read (a Graph Store write with --allow-update; queries are far smaller).
MAX_BODY = 64 * 1024 * 1024


class Handler(BaseHTTPRequestHandler):
    server: KgServer
    server_version = "kg-serve"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_OPTIONS(self) -> None:
        self._send(
            Reply(204, "text/plain", b""),
            extra={
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
            },
        )

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def _dispatch(self, method: str) -> None:
        try:
            self._check_host()
            self._send(self._route(method), head=method == "HEAD")
        except HttpError as exc:
            self._send(Reply(exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8")))
        except Exception as exc:
            self._send(Reply(500, "text/plain; charset=utf-8", f"kg serve: {exc}\n".encode()))

    def _route(self, method: str) -> Reply:
        service = self.server.service
        parts = urlsplit(self.path)
        params = parse_qs(parts.query, keep_blank_values=True)
        accept = SHORT.get(params.get("format", [""])[0]) or self.headers.get("Accept")
        if parts.path == "/sparql":
            if method == "POST":
                params = self._post_params(params)
            if "update" in params:
                if method != "POST":
                    raise HttpError(405, "send updates with POST")
                self._check_origin()
                return service.update(params["update"][0])
            if "query" not in params:
                return Reply(
                    200, "text/turtle", service_description(str(ox.NamedNode(self._base() + "/sparql")))
                )
            return service.query(
                params["query"][0],
                accept,
                params.get("default-graph-uri", []),
                params.get("named-graph-uri", []),
            )
        if parts.path == "/store":
            graph = self._graph_param(params)
            if method in {"GET", "HEAD"}:
                return service.read_graph(graph, accept)
            self._check_origin()
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            return service.write_graph(method, graph, self._body(), content_type)
        if method not in {"GET", "HEAD"}:
            raise HttpError(405, "resources are read with GET")
        if parts.path in {"", "/"}:
            return Reply(200, "text/html; charset=utf-8", self._index())
        return service.describe(iris.BASE + parts.path.lstrip("/"), accept, self._base())

    def _graph_param(self, params: dict[str, list[str]]) -> ox.NamedNode | ox.DefaultGraph:
        if "default" in params:
            return ox.DefaultGraph()
        if "graph" not in params:
            raise HttpError(400, "name the graph: /store?graph=IRI or /store?default")
        try:
            return ox.NamedNode(params["graph"][0])
        except ValueError:
            raise HttpError(400, f"{params['graph'][0]!r} is not an IRI") from None

    def _post_params(self, params: dict[str, list[str]]) -> dict[str, list[str]]:
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        body = self._body().decode("utf-8")
        if content_type == "application/x-www-form-urlencoded":
            return {**params, **parse_qs(body, keep_blank_values=True)}
        if content_type == "application/sparql-query":
            return {**params, "query": [body]}
        if content_type == "application/sparql-update":
            return {**params, "update": [body]}
        raise HttpError(
            415, "POST a form (query= or update=), application/sparql-query or application/sparql-update"
        )

    def _body(self) -> bytes:
        declared = self.headers.get("Content-Length") or "0"
        if not declared.isdigit():
            self.close_connection = True
            raise HttpError(400, f"Content-Length {declared[:40]!r} is not a number of bytes")
        length = int(declared)
        if length > MAX_BODY:  # refused unread: memory stays bounded whatever a client claims
            self.close_connection = True
            raise HttpError(413, f"the request body is {length:,} bytes; kg serve takes at most {MAX_BODY:,}")
        return self.rfile.read(length) if length else b""

    def _base(self) -> str:
        host = self.headers.get("Host")
        return f"http://{host}" if host else self.server.url

    def _check_host(self) -> None:
        if not self.server.loopback:
            return
        name = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if name not in {"127.0.0.1", "localhost", "::1", ""}:
            raise HttpError(421, f"this server answers only for loopback names, not {name!r}")

    def _check_origin(self) -> None:
        origin = self.headers.get("Origin")
        if origin and urlsplit(origin).netloc != (self.headers.get("Host") or ""):
            raise HttpError(403, f"writes from web pages of {origin} are refused")

    def _index(self) -> bytes:
        base = html.escape(self._base())
        mode = "read-write" if self.server.service.options.allow_update else "read-only"
        return (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>kg serve</title></head><body>"
            f"<h1>kg: diplomatic relations knowledge graph</h1><ul>"
            f"<li>SPARQL 1.1 endpoint ({mode}): <code>{base}/sparql</code></li>"
            f"<li>Graph Store Protocol: <code>{base}/store?graph=IRI</code></li>"
            f"<li>Resources: <code>{base}/id/...</code> for <code>{iris.ID}...</code></li>"
            f"</ul></body></html>"
        ).encode()

    def _send(self, reply: Reply, head: bool = False, extra: dict[str, str] | None = None) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.media_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.send_header("Access-Control-Allow-Origin", "*")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)


class KgServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: Service, *, quiet: bool = False) -> None:
        super().__init__(address, Handler)
        self.service = service
        self.quiet = quiet
        self.loopback = address[0] in {"127.0.0.1", "localhost", "::1"}
        self.url = f"http://{address[0]}:{self.server_port}"


def make_server(
    path: Path, host: str = "127.0.0.1", port: int = 0, options: Options | None = None, *, quiet: bool = False
) -> KgServer:
    options = options or Options()
    return KgServer((host, port), Service(open_store(path, options.allow_update), options), quiet=quiet)
