"""SIGKILL `kg ingest` at random points of a batch: the store always opens, passes
`kg check`, never holds half a release or a release with other quads than an
uninterrupted run gives it, and running the batch again completes it quad for quad."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import ingest_command

from bench.generate import write_corpus
from kg.integrity import check_store
from kg.store import JOURNAL, EmbeddedStore
from kg.validate import ShapeGate

SEED = 20261128
KILLS = 20
RELEASES = 24
BATCH = 3  # eight batches: most kills land between or inside writes, not after the last


def graphs_of(path: Path) -> dict[str, set[str]]:
    """Every quad of the store, markers included, by graph (read without kg's own code)."""
    store = ox.Store.read_only(str(path))
    found: dict[str, set[str]] = {}
    for quad in store:
        found.setdefault(str(quad.graph_name), set()).add(str(quad))
    del store
    return found


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]], float]:
    """The manifest, the quads of an uninterrupted run, and how long that run took."""
    folder = tmp_path_factory.mktemp("crash")
    manifest = write_corpus(folder / "releases", seed=SEED % 1000, size=RELEASES)
    started = time.monotonic()
    reference = ingest_command(manifest, folder / "reference", BATCH)
    done = subprocess.run(reference, capture_output=True, text=True)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    reference = graphs_of(folder / "reference")
    assert len(reference) == RELEASES
    return manifest, reference, took


def test_sigkill_at_random_points_never_leaves_a_half_release(
    batch: tuple[Path, dict[str, set[str]], float], tmp_path: Path
) -> None:
    manifest, reference, took = batch
    store_path = tmp_path / "store"
    gate = ShapeGate()
    rng = random.Random(SEED)
    killed = finished = mid_write = 0
    progress: list[int] = []
    for _ in range(2 * KILLS):
        if killed == KILLS:
            break
        process = subprocess.Popen(
            ingest_command(manifest, store_path, BATCH), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(rng.uniform(0.05, 0.9 * took))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        _, stderr = process.communicate(timeout=120)
        if process.returncode == 0:
            finished += 1
        else:
            assert process.returncode == -signal.SIGKILL, stderr.decode()
        if not store_path.exists():
            continue  # killed before it made the store
        mid_write += (store_path / JOURNAL).exists()
        store = EmbeddedStore(store_path, read_only=True)  # opens; undoes an interrupted batch
        report = check_store(store, gate)
        store.close()
        assert report.ok, [str(f) for f in report.findings]
        partial = graphs_of(store_path)
        for graph, quads in partial.items():
            assert quads == reference[graph], f"{graph} holds other quads than an uninterrupted run gives it"
        progress.append(len(partial))
    assert killed == KILLS, f"only {killed} runs were still going when the kill came"

    cli = subprocess.run(
        [sys.executable, "-m", "kg", "check", "--store", str(store_path)], capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stdout + cli.stderr
    again = subprocess.run(ingest_command(manifest, store_path, BATCH), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert graphs_of(store_path) == reference  # the same quads as an uninterrupted run
    print(
        f"\n{killed} kills survived ({mid_write} inside a write, {finished} runs finished first); "
        f"releases stored after each: {progress}"
    )
