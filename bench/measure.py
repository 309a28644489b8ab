"""Measurements: a command's wall time and peak RSS (summed over its process tree), saved
query latencies on the embedded store, and sizes on disk."""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss: int  # bytes, the largest sum over the process and its descendants
    peak_rss_one: int  # bytes, the largest single process
    stderr: str
    returncode: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE
    except OSError:
        return 0


def tree_rss(pid: int) -> tuple[int, int]:
    """Total and largest RSS of ``pid`` and all its descendants."""
    tree, todo, sizes = _children(), [pid], []
    while todo:
        current = todo.pop()
        sizes.append(_rss(current))
        todo.extend(tree.get(current, []))
    return sum(sizes), max(sizes, default=0)


def run(command: list[str], *, interval: float = 0.2) -> Run:
    """Run ``command`` to the end, sampling the RSS of its process tree every ``interval`` s."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, one = tree_rss(process.pid)
            peaks[0], peaks[1] = max(peaks[0], total), max(peaks[1], one)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    done.set()
    sampler.join()
    return Run(time.perf_counter() - started, peaks[0], peaks[1], stderr, process.returncode)


def kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]


def disk_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@dataclass(frozen=True)
class Latency:
    p50: float  # seconds
    p95: float
    runs: int
    rows: int


def latency(timings: list[float], rows: int) -> Latency:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Latency(statistics.median(ordered), p95, len(ordered), rows)


def time_query(store: Path, text: str, *, runs: int, budget: float, timeout: float) -> Latency | None:
    """Open the store read-only in a forked child; run ``text`` once to warm up, then up to
    ``runs`` times within ``budget`` seconds; None if the child is not done in ``timeout``."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_time_query, args=(store, text, runs, budget, send))
    child.start()
    result = receive.recv() if receive.poll(timeout) else None
    if child.is_alive():
        child.kill()
    child.join()
    return None if result is None else latency(*result)


def _time_query(store: Path, text: str, runs: int, budget: float, out: Connection) -> None:
    from kg.store import EmbeddedStore

    opened = EmbeddedStore(store, read_only=True)
    _, rows = opened.select(text)
    timings: list[float] = []
    started = time.perf_counter()
    while len(timings) < runs and (not timings or time.perf_counter() - started < budget):
        t = time.perf_counter()
        opened.select(text)
        timings.append(time.perf_counter() - t)
    out.send((timings, len(rows)))
