"""``kg query NAME``: run a saved query on the embedded store."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from kg.commands._common import EXIT_OK, add_store_option, store_path
from kg.errors import QueryError


def add_parser(sub: Any) -> None:
    p = sub.add_parser("query", help="run a saved query")
    p.add_argument("name", help="saved query name (see `kg queries`)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.formats import render
    from kg.queries import bind, load_queries, parse_params, with_values
    from kg.store import EmbeddedStore

    queries = load_queries()
    if args.name not in queries:
        raise QueryError(f"no saved query {args.name!r} (see `kg queries`)")
    query = queries[args.name]
    bindings = bind(query, parse_params(query, args.param))
    store = EmbeddedStore(store_path(args), read_only=True)
    variables, rows = store.select(with_values(query.text, bindings))
    sys.stdout.write(render(variables, rows, args.format))
    return EXIT_OK
