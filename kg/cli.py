"""The ``kg`` command: parse arguments, call the library, format output.

Data goes to stdout, progress and diagnostics to stderr. Exit codes: 0 ok; 1 a "no"
answer (some inputs failed, nothing to drop); 2 bad input or usage. Heavy libraries are
imported inside the commands so ``kg --help`` and ``kg queries`` start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kg import __version__
from kg.errors import DataFileError, KgError, QueryError, StoreError

EXIT_OK, EXIT_NO, EXIT_USAGE = 0, 1, 2


def _store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="embedded store folder (default: $KG_STORE or ./kg-store)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="A knowledge graph of diplomatic relations from press releases."
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="read releases (files, folders, .jsonl manifests) into the store")
    p.add_argument("inputs", nargs="+", help="release files, folders or JSON Lines manifests")
    p.add_argument("--lexicon", action="append", type=Path, default=[], help="extra lexicon file or folder")
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures")
    _store_arg(p)

    p = sub.add_parser("queries", help="list the saved queries")

    p = sub.add_parser("query", help="run a saved query")
    p.add_argument("name", help="saved query name (see `kg queries`)")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    _store_arg(p)

    p = sub.add_parser("stats", help="count releases, quads, actors, meetings, statements")
    _store_arg(p)

    p = sub.add_parser("drop", help="remove one release's named graph")
    p.add_argument("release", help="the release IRI (see `kg query releases`)")
    _store_arg(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "queries":
            return _queries()
        from kg.store import default_store_path

        store_path = args.store or default_store_path()
        if args.command == "ingest":
            return _ingest(args.inputs, store_path, args.lexicon, args.quiet)
        if args.command == "query":
            return _query(args.name, args.param, args.format, store_path)
        if args.command == "stats":
            return _stats(store_path)
        if args.command == "drop":
            return _drop(args.release, store_path)
    except (QueryError, DataFileError) as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KgError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return EXIT_NO
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


def _queries() -> int:
    from kg.queries import list_queries

    for name, summary, tags in list_queries():
        print(f"{name:<22} {summary}" + (f"  [{', '.join(tags)}]" if tags else ""))
    return EXIT_OK


def _ingest(inputs: list[str], store_path: Path, lexicons: list[Path], quiet: bool) -> int:
    from kg.pipeline import Outcome, ingest, make_pipeline
    from kg.store import EmbeddedStore

    pipeline = make_pipeline(lexicons)
    store = EmbeddedStore(store_path)

    def show(outcome: Outcome) -> None:
        if outcome.status == "failed":
            first, *rest = outcome.message.splitlines() or [""]
            print(f"kg: {outcome.name}: {first}", file=sys.stderr)
            for line in rest:
                print(f"    {line}", file=sys.stderr)
        elif outcome.status == "skipped":
            print(f"kg: {outcome.name}: {outcome.message}", file=sys.stderr)
        elif not quiet:
            print(f"stored {outcome.name} ({outcome.quads} quads)", file=sys.stderr)

    report = ingest(inputs, store, pipeline, show)
    stored, failed = len(report.stored), len(report.failed)
    print(
        f"{stored} stored, {failed} failed in {report.seconds:.2f} s; store {store_path} holds "
        f"{len(store.graphs())} releases, {store.quad_count()} quads",
        file=sys.stderr,
    )
    return EXIT_NO if failed else EXIT_OK


def _query(name: str, params: list[str], fmt: str, store_path: Path) -> int:
    from kg.formats import render
    from kg.queries import bind, load_queries, parse_params, with_values
    from kg.store import EmbeddedStore

    queries = load_queries()
    if name not in queries:
        raise QueryError(f"no saved query {name!r} (see `kg queries`)")
    query = queries[name]
    bindings = bind(query, parse_params(query, params))
    store = EmbeddedStore(store_path, read_only=True)
    variables, rows = store.select(with_values(query.text, bindings))
    sys.stdout.write(render(variables, rows, fmt))
    return EXIT_OK


def _stats(store_path: Path) -> int:
    from kg.formats import render
    from kg.queries import load_queries
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_path, read_only=True)
    variables, rows = store.select(load_queries()["stats"].text)
    sys.stdout.write(render(variables, rows, "table"))
    print(f"quads: {store.quad_count()}")
    return EXIT_OK


def _drop(release: str, store_path: Path) -> int:
    from kg.store import EmbeddedStore

    store = EmbeddedStore(store_path)
    if not store.drop_graph(release):
        print(f"kg: {release}: no such release graph (see `kg query releases`)", file=sys.stderr)
        return EXIT_NO
    print(f"dropped {release}", file=sys.stderr)
    return EXIT_OK
