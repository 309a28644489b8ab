"""The saved queries on rdflib's memory store, for comparison: each run in a forked child
that is killed at the time limit, so a query that would take hours reports '>Ns'.

    python -m bench.rdflib_side QUADS.nq QUERIES.json TIMEOUT RUNS  ->  JSON on stdout
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from multiprocessing.connection import Connection

from rdflib import Dataset

_dataset: list[Dataset] = []  # the loaded dataset, shared with forked children


def _query(text: str, out: Connection) -> None:
    started = time.perf_counter()
    rows = len(list(_dataset[0].query(text)))
    out.send((time.perf_counter() - started, rows))


def timed(text: str, timeout: float) -> tuple[float, int] | None:
    """Seconds and rows of one run, or None if it did not finish within ``timeout``."""
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_query, args=(text, send))
    child.start()
    ready = receive.poll(timeout)
    result = receive.recv() if ready else None
    if child.is_alive():
        child.kill()
    child.join()
    return result


def main() -> None:
    quads, queries_file, timeout, runs = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(quads, format="nquads")
    _dataset.append(dataset)
    loaded = time.perf_counter() - started
    results: dict[str, dict[str, object]] = {}
    with open(queries_file, encoding="utf-8") as texts:
        queries: dict[str, str] = json.load(texts)
    for name, text in queries.items():
        timings: list[float] = []
        rows = None
        while len(timings) < runs:
            outcome = timed(text, timeout)
            if outcome is None:
                break
            timings.append(outcome[0])
            rows = outcome[1]
            if outcome[0] * (runs - len(timings)) > timeout:
                break
        results[name] = {"timings": timings, "rows": rows, "timed_out": not timings, "timeout": timeout}
    json.dump({"load_seconds": loaded, "quads": len(dataset), "queries": results}, sys.stdout)


if __name__ == "__main__":
    main()
