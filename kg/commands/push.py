"""``kg push --endpoint URL``: publish the store's named graphs to a SPARQL 1.1 store."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.commands._common import EXIT_OK, add_store_option, store_path


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "push",
        help="publish release graphs to a remote store (Graph Store Protocol or SPARQL Update)",
        description="Replace each named graph of the store in a remote SPARQL 1.1 store, one graph "
        "at a time, atomically. Credentials: KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc.",
    )
    p.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    p.add_argument("--graph-store", metavar="URL", help="its Graph Store Protocol URL, if not the usual one")
    p.add_argument(
        "--dialect",
        choices=["auto", "oxigraph", "virtuoso", "generic"],
        default="auto",
        help="server kind (auto: ask the server)",
    )
    p.add_argument(
        "--graph",
        action="append",
        default=[],
        metavar="IRI",
        help="push only this graph (repeatable; default: every graph in the store)",
    )
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS", help="per request")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import time

    from kg.publish import Publisher, Pushed, client, push_store, resolve
    from kg.remote import Budget, credentials_for
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_path(args), read_only=True)
    credentials = credentials_for(args.endpoint)
    start = time.perf_counter()
    with client(credentials, args.timeout) as http:
        target = resolve(
            http, args.endpoint, dialect=args.dialect, graph_store=args.graph_store, credentials=credentials
        )
        print(f"pushing to {target.describe()}", file=sys.stderr)

        def show(pushed: Pushed) -> None:
            if not args.quiet:
                print(
                    f"pushed {pushed.graph} ({pushed.triples} triples, {pushed.seconds:.2f} s)",
                    file=sys.stderr,
                )

        publisher = Publisher(http, target, Budget(seconds=max(600.0, args.timeout * 5)))
        done = push_store(store, publisher, args.graph, show)
    seconds = time.perf_counter() - start
    triples = sum(p.triples for p in done)
    print(f"{len(done)} graphs, {triples} triples pushed in {seconds:.2f} s", file=sys.stderr)
    return EXIT_OK
