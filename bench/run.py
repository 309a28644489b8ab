"""The benchmark: ingest, store size, memory and saved-query latency at several corpus sizes,
against rdflib's memory store at the smaller ones; prints a table, writes JSON and Markdown.

    python -m bench.run --sizes 1000,10000,100000      # the full run (tens of minutes)
    python -m bench.run --quick                        # a CI-sized smoke run (under a minute)

For each size it generates the synthetic corpus (cached in --workdir), runs
``kg ingest -j N -q`` in a fresh store while sampling the RSS of the whole process tree,
times every saved query on the store (p50/p95), times adding one new release to the full
store with ``kg ingest``, and, at the --rdflib sizes, loads the same quads into an rdflib
``Dataset`` and times the same query texts there, each run killed at --rdflib-timeout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import measure
from bench.generate import release, write_corpus
from bench.report import markdown

RESULTS = Path(__file__).parent / "results"
# Parameters for the queries that need them (and a few that take optional ones).
PARAMS: dict[str, list[str]] = {
    "meetings-between": ["a=KOR", "b=CHN"],
    "shared-initiatives": ["a=KOR", "b=CHN"],
    "dyad-timeline": ["a=KOR", "b=JPN"],
    "positions": ["country=KOR"],
    "counterparts": ["country=KOR"],
}
SUMMARY = re.compile(r"(\d+) stored, (\d+) failed in ([\d.]+) s \(.*?(\d+) quads\)")


#: Rows in the page of a listing query timed besides its whole answer (``kg query --limit``).
PAGE = 100


def query_texts() -> dict[str, tuple[str, str]]:
    """Name -> (kind, query text with its parameters bound): kind is listing/relationship/stats.

    Each listing query is timed twice: its whole answer, and its first page
    (``NAME --limit 100``, kind "page"), as a listing screen would ask for it.
    """
    from kg.queries import bind, load_queries, page, parse_params, with_values

    texts = {}
    for name, query in load_queries().items():
        kind = next((t for t in ("relationship", "listing", "stats") if t in query.tags), "other")
        text = with_values(query.text, bind(query, parse_params(query, PARAMS.get(name, []))))
        texts[name] = (kind, text)
        if kind == "listing":
            texts[f"{name} --limit {PAGE}"] = ("page", page(text, PAGE))
    return texts


def corpus_for(workdir: Path, seed: int, size: int) -> Path:
    folder = workdir / f"corpus-{seed}-{size}"
    if not (folder / ".complete").is_file():
        shutil.rmtree(folder, ignore_errors=True)
        write_corpus(folder, seed, size)
        (folder / ".complete").write_text("ok\n")
    return folder


def ingest(corpus: Path, store: Path, jobs: int) -> dict[str, Any]:
    shutil.rmtree(store, ignore_errors=True)
    run = measure.run(measure.kg("ingest", str(corpus), "--store", str(store), "-j", str(jobs), "-q"))
    found = SUMMARY.search(run.stderr)
    if run.returncode not in (0, 1) or found is None:
        raise SystemExit(f"kg ingest failed ({run.returncode}):\n{run.stderr[-2000:]}")
    stored, failed, _, quads = (int(found.group(i)) if i != 3 else 0 for i in range(1, 5))
    return {
        "seconds": run.seconds,
        "stored": stored,
        "failed": failed,
        "quads": quads,
        "releases_per_s": stored / run.seconds,
        "quads_per_s": quads / run.seconds,
        "peak_rss_bytes": run.peak_rss,
        "peak_rss_one_process_bytes": run.peak_rss_one,
        "store_bytes": measure.disk_bytes(store),
    }


def add_one(workdir: Path, store: Path, seed: int, size: int) -> dict[str, float]:
    """Time ``kg ingest`` of one release the store does not hold yet (end to end, and its own timing)."""
    new = release(seed, size)
    folder = workdir / f"extra-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    path = folder / Path(new.file).name
    path.parent.mkdir(parents=True)
    path.write_text(new.text, encoding="utf-8")
    run = measure.run(measure.kg("ingest", str(path), "--store", str(store), "-q"))
    found = SUMMARY.search(run.stderr)
    return {"wall_seconds": run.seconds, "ingest_seconds": float(found.group(3)) if found else math.nan}


def oxigraph_queries(store: Path, texts: dict[str, tuple[str, str]], timeout: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, (kind, text) in texts.items():
        timing = measure.time_query(store, text, runs=20, budget=timeout / 3, timeout=timeout)
        if timing is None:
            out[name] = {"kind": kind, "timed_out": True, "timeout": timeout}
        else:
            out[name] = {"kind": kind, "timed_out": False, **vars(timing)}
    return out


def rdflib_queries(store: Path, texts: dict[str, tuple[str, str]], timeout: float) -> dict[str, Any]:
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "store.nq"
        ox.Store.read_only(str(store)).dump(str(dump), format=ox.RdfFormat.N_QUADS)
        queries = Path(tmp) / "queries.json"
        # the saved queries themselves; their first pages are an Oxigraph-side figure
        chosen = {n: t for n, (kind, t) in texts.items() if kind != "page"}
        queries.write_text(json.dumps(chosen), encoding="utf-8")
        command = [sys.executable, "-m", "bench.rdflib_side", str(dump), str(queries), str(timeout), "3"]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def startup(runs: int = 7) -> dict[str, float]:
    """Median wall seconds of ``kg --help`` and ``kg queries`` (no store, no rdflib)."""
    import statistics

    return {
        " ".join(command): statistics.median(measure.run(measure.kg(*command)).seconds for _ in range(runs))
        for command in (["--help"], ["queries"])
    }


def machine() -> dict[str, Any]:
    import pyoxigraph
    import rdflib

    model = ""
    if Path("/proc/cpuinfo").is_file():
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        model = found.group(1) if found else ""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return {
        "host": platform.node(),
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "load_average_at_start": os.getloadavg(),
    }


def growth(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Between consecutive sizes: how each cost grew, and the exponent k in cost ~ size^k."""
    rows = []
    for small, large in itertools.pairwise(results):
        factor = large["size"] / small["size"]
        costs = {
            "ingest seconds": (small["ingest"]["seconds"], large["ingest"]["seconds"]),
            "peak RSS": (small["ingest"]["peak_rss_bytes"], large["ingest"]["peak_rss_bytes"]),
            "store bytes": (small["ingest"]["store_bytes"], large["ingest"]["store_bytes"]),
            **{
                f"query {n}": (q["p50"], large["queries"][n]["p50"])
                for n, q in small["queries"].items()
                if not q["timed_out"] and not large["queries"].get(n, {"timed_out": True})["timed_out"]
            },
        }
        for cost, (a, b) in costs.items():
            ratio = b / a if a else math.nan
            exponent = math.log(ratio) / math.log(factor) if ratio > 0 else math.nan
            rows.append(
                {"from": small["size"], "to": large["size"], "cost": cost, "ratio": ratio, "k": exponent}
            )
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes, comma-separated")
    parser.add_argument("--rdflib", default="1000,10000", help="sizes at which rdflib runs the queries too")
    parser.add_argument(
        "--rdflib-timeout", type=float, default=30.0, help="seconds before an rdflib run is killed"
    )
    parser.add_argument(
        "--query-timeout", type=float, default=30.0, help="seconds before an Oxigraph query is cut"
    )
    parser.add_argument("--jobs", type=int, default=2, help="kg ingest -j")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON and Markdown results")
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the results of sizes measured before in --workdir"
    )
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: 100 releases, rdflib at 100, 5 s limits"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.rdflib, args.rdflib_timeout, args.query_timeout = "100", "100", 5.0, 5.0
    sizes = [int(s) for s in args.sizes.split(",")]
    rdflib_sizes = {int(s) for s in args.rdflib.split(",") if s}
    texts = query_texts()
    started = dt.datetime.now()
    report: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "sizes": [],
    }
    report["settings"] = {
        "jobs": args.jobs,
        "seed": args.seed,
        "query_timeout": args.query_timeout,
        "rdflib_timeout": args.rdflib_timeout,
    }
    for size in sizes:
        cached = args.workdir / f"result-{size}.json"
        if args.reuse and cached.is_file():
            report["sizes"].append(json.loads(cached.read_text(encoding="utf-8")))
            continue
        print(f"size {size}: corpus ...", file=sys.stderr, flush=True)
        corpus = corpus_for(args.workdir, args.seed, size)
        store = args.workdir / f"store-{size}"
        print(f"size {size}: ingest -j {args.jobs} ...", file=sys.stderr, flush=True)
        result: dict[str, Any] = {"size": size, "ingest": ingest(corpus, store, args.jobs)}
        print(f"size {size}: queries ...", file=sys.stderr, flush=True)
        result["queries"] = oxigraph_queries(store, texts, args.query_timeout)
        result["add_one_release"] = add_one(args.workdir, store, args.seed, size)
        if size in rdflib_sizes:
            print(f"size {size}: rdflib ...", file=sys.stderr, flush=True)
            result["rdflib"] = rdflib_queries(store, texts, args.rdflib_timeout)
        cached.write_text(json.dumps(result), encoding="utf-8")
        report["sizes"].append(result)
    report["growth"] = growth(report["sizes"])
    report["startup_seconds"] = startup()
    report["seconds"] = (dt.datetime.now() - started).total_seconds()
    text = markdown(report)
    print(text)
    if not args.quick:
        args.out.mkdir(parents=True, exist_ok=True)
        stem = f"{started:%Y-%m-%d}-{platform.node() or 'machine'}"
        (args.out / f"{stem}.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        (args.out / f"{stem}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
