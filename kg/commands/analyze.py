"""``kg analyze``: centralities, communities and the strongest dyads per year of a view."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from kg.commands._common import EXIT_OK, EXIT_USAGE, add_store_option, store_path
from kg.commands.export import add_filter_options, filters_from

NODE_COLUMNS = (
    "label",
    "type",
    "country",
    "degree",
    "strength",
    "degree_centrality",
    "betweenness",
    "community",
)
DYAD_COLUMNS = ("period", "a", "b", "weight")


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "analyze", help="degree and betweenness centrality, communities, strongest dyads per year"
    )
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.add_argument(
        "--part",
        choices=["all", "nodes", "dyads"],
        default="all",
        help="what to print (csv holds one table: nodes or dyads)",
    )
    p.add_argument("--top", type=int, default=5, metavar="N", help="strongest dyads per year (default 5)")
    add_filter_options(p)
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from kg.formats import render
    from kg.network import build_view
    from kg.network.analysis import analyze
    from kg.store import EmbeddedStore

    if args.format == "csv" and args.part == "all":
        print("kg analyze: csv holds one table: add --part nodes or --part dyads", file=sys.stderr)
        return EXIT_USAGE
    filters = filters_from(args)
    store = EmbeddedStore(store_path(args), read_only=True)
    result = analyze(build_view(store, args.view or "actor", filters), top=args.top)
    nodes = [asdict(n) for n in result.nodes]
    dyads = [asdict(d) for d in result.dyads]
    if args.format == "json":
        document: dict[str, Any] = {"view": result.view, "communities": result.communities}
        document["betweenness"] = (
            f"estimated from {result.betweenness_pivots} pivots" if result.betweenness_pivots else "exact"
        )
        if args.part in {"all", "nodes"}:
            document["nodes"] = nodes
        if args.part in {"all", "dyads"}:
            document["dyads"] = dyads
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    fmt = "csv" if args.format == "csv" else "table"
    if args.part in {"all", "nodes"}:
        if fmt == "table":
            print(f"# {result.view} network: {len(nodes)} nodes in {result.communities} communities")
        sys.stdout.write(render(NODE_COLUMNS, nodes, fmt))
    if args.part in {"all", "dyads"}:
        if fmt == "table":
            print(f"{'' if args.part == 'dyads' else chr(10)}# strongest dyads per year (top {args.top})")
        sys.stdout.write(render(DYAD_COLUMNS, dyads, fmt))
    return EXIT_OK
