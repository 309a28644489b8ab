"""``kg export``: a view as a graph file, picture or explorer page, or the store as RDF."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.commands._common import EXIT_OK, EXIT_USAGE, add_store_option, store_path

if TYPE_CHECKING:
    from kg.network import Filters

NETWORK_FORMATS = ("graphml", "gexf", "cytoscape", "json", "dot", "html", "png", "svg")
RDF_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld")


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The view and its filters, shared with ``kg analyze``."""
    p.add_argument("--view", choices=["actor", "state", "initiative"], help="which network (default: actor)")
    p.add_argument("--since", metavar="DATE", help="events from this date on (YYYY, YYYY-MM or YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="events up to this date")
    p.add_argument("--country", metavar="ISO3", help="only edges with an end of this state, e.g. KOR")
    p.add_argument("--act", metavar="ACT", help="only statements of this act (state, initiative views)")
    p.add_argument("--min-weight", type=int, default=1, metavar="N", help="only edges of weight N or more")


def filters_from(args: argparse.Namespace) -> Filters:
    from kg.errors import QueryError
    from kg.network import Filters

    if args.act and (args.view or "actor") == "actor":
        raise QueryError("--act applies to the state and initiative views (the actor view counts meetings)")
    return Filters(args.since, args.until, args.country, args.act, args.min_weight)


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write a network (graphml, gexf, cytoscape, json, dot, html, png, svg) or RDF dumps "
        "(ttl, trig, nq, nt, jsonld)",
    )
    p.add_argument("--format", required=True, choices=[*NETWORK_FORMATS, *RDF_FORMATS])
    p.add_argument("-o", "--output", type=Path, help="file to write (default: standard output; png needs -o)")
    add_filter_options(p)
    p.add_argument("--release", metavar="IRI", help="RDF formats: only this release's graph")
    add_store_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Exit 0 once written (an empty network is written too, with a note); 2 for bad usage."""
    from kg.store import EmbeddedStore

    started = time.perf_counter()
    if args.format in RDF_FORMATS:
        if args.view or args.since or args.until or args.country or args.act or args.min_weight != 1:
            return _usage("--view and the filters apply to network formats, not RDF dumps")
    elif args.release:
        return _usage("--release applies to the RDF formats (ttl, trig, nq, nt, jsonld)")
    if args.format == "png" and args.output is None:
        return _usage("png is binary: give -o FILE.png")
    store = EmbeddedStore(store_path(args), read_only=True)
    if args.format in RDF_FORMATS:
        from kg.dumps import dump

        if args.release and not _has_release(store, args.release):
            return _usage(f"{args.release}: no such release graph in the store (see `kg query releases`)")

        with _opened(args.output) as out:
            dump(store, args.format, out, args.release)
        _done(args.output, f"{args.format} dump", started)
        return EXIT_OK
    payload, summary = _network(store, args)
    with _opened(args.output) as out:
        out.write(payload)
    _done(args.output, summary, started)
    return EXIT_OK


def _network(store: Any, args: argparse.Namespace) -> tuple[bytes, str]:
    from kg.network import build_view

    view = build_view(store, args.view or "actor", filters_from(args))
    graph = view.graph
    summary = f"{view.name} network, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    if len(graph) == 0:
        print("kg: the network is empty (no events match; loosen the filters?)", file=sys.stderr)
    if args.format in {"png", "svg"}:
        from kg.network.graphviz import picture

        return picture(view, args.format), summary
    if args.format == "dot":
        from kg.network.graphviz import dot

        text = dot(view)
    elif args.format == "html":
        from kg.network.explorer import explorer

        text = explorer(view)
    else:
        from kg.network.writers import WRITERS

        text = WRITERS[args.format](view)
    return text.encode("utf-8"), summary


@contextmanager
def _opened(path: Path | None) -> Iterator[IO[bytes]]:
    """The output file, or standard output when no path is given."""
    if path is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with path.open("wb") as handle:
        yield handle


def _has_release(store: Any, release: str) -> bool:
    try:
        return bool(store.has_graph(release))
    except ValueError:  # not an IRI
        return False


def _done(path: Path | None, what: str, started: float) -> None:
    where = str(path) if path else "standard output"
    print(f"wrote {what} to {where} in {time.perf_counter() - started:.2f} s", file=sys.stderr)


def _usage(message: str) -> int:
    print(f"kg export: {message}", file=sys.stderr)
    return EXIT_USAGE
