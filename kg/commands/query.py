"""``kg query NAME``: run a saved query on the embedded store, or on a remote endpoint."""

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
    p.add_argument(
        "--limit", type=_count, metavar="N", help="at most N rows: one page, in the query's order"
    )
    p.add_argument("--offset", type=_count, default=0, metavar="N", help="skip the first N rows")
    p.add_argument(
        "--endpoint",
        metavar="URL",
        help="run on this SPARQL endpoint instead of the embedded store (e.g. after `kg push`); "
        "credentials from KG_ENDPOINT_USER/KG_ENDPOINT_PASSWORD or ~/.netrc",
    )
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="remote: per request")
    add_store_option(p)
    p.set_defaults(run=run)


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number, 0 or more")
    return int(value)


def run(args: argparse.Namespace) -> int:
    from kg.formats import render
    from kg.queries import bind, load_queries, page, parse_params, with_values
    from kg.remote import with_services

    queries = load_queries()
    if args.name not in queries:
        raise QueryError(f"no saved query {args.name!r} (see `kg queries`)")
    query = queries[args.name]
    bindings = bind(query, parse_params(query, args.param))
    text = page(with_services(query, with_values(query.text, bindings), bindings), args.limit, args.offset)
    if args.endpoint:
        from kg.remote import Budget, SparqlEndpoint, credentials_for

        endpoint = SparqlEndpoint(
            args.endpoint,
            budget=Budget(seconds=max(args.timeout * 3, 60.0)),
            timeout=args.timeout,
            credentials=credentials_for(args.endpoint),
        )
        variables, rows = endpoint.select(text)
    else:
        from kg.store import EmbeddedStore

        store = EmbeddedStore(store_path(args), read_only=True)
        variables, rows = store.select(text)
    sys.stdout.write(render(variables, rows, args.format))
    return EXIT_OK
