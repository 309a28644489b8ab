"""``kg serve``: a SPARQL 1.1 endpoint over the store, with dereferenceable kg IRIs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.commands._common import EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the store as a SPARQL endpoint (read-only) and its IRIs as linked data",
        description="SPARQL 1.1 Protocol at /sparql, Graph Store Protocol reads at /store, and "
        "/id/... for each IRI kg mints (Turtle, JSON-LD or HTML by Accept). Stop with Ctrl-C.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=7878, help="default %(default)s; 0 picks a free port")
    p.add_argument(
        "--allow-update",
        action="store_true",
        help="accept SPARQL Update and Graph Store writes (opens the store read-write)",
    )
    p.add_argument(
        "--allow-service",
        action="store_true",
        help="run federated queries (SERVICE makes the server fetch URLs for anyone who can query it)",
    )
    p.add_argument(
        "--timeout", type=float, default=30.0, metavar="SECONDS", help="per query (default %(default)s)"
    )
    p.add_argument(
        "--max-rows",
        type=int,
        default=10_000,
        metavar="N",
        help="refuse answers with more results (default %(default)s)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="do not log requests")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.serve import Options, make_server

    options = Options(
        allow_update=args.allow_update,
        max_rows=args.max_rows,
        timeout=args.timeout,
        allow_service=args.allow_service,
    )
    server = make_server(store_path(args), args.host, args.port, options, quiet=args.quiet)
    mode = "read-write" if args.allow_update else "read-only"
    print(f"serving {store_path(args)} ({mode}) at {server.url}/sparql", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return EXIT_OK
