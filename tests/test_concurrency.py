"""Concurrent use of one store: a second writer is told which process has it (exit 2, no
hang), readers keep working while a writer writes (they see its last completed batch),
and a writer killed with SIGKILL leaves no lock behind."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import ingest_command, run_kg

from bench.generate import write_corpus
from kg.errors import StoreError
from kg.locking import open_for_writing
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# Opens the store for writing, stores the samples, says so and keeps the store open.
HOLD = (
    "import sys, time; from pathlib import Path; from kg.store import EmbeddedStore; "
    "from kg.pipeline import ingest, make_pipeline; "
    "store = EmbeddedStore(Path(sys.argv[1])); ingest([sys.argv[2]], store, make_pipeline()); "
    "print('ready', flush=True); time.sleep(600)"
)


def kg(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return run_kg(*args, store=store, timeout=120)


def test_second_writer_is_refused_readers_work_and_a_killed_writer_frees_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store), str(SAMPLES)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        started = time.monotonic()
        second = kg("ingest", str(SAMPLES), store=store)
        assert second.returncode == 2, second.stderr
        assert f"the store is in use by PID {holder.pid}" in second.stderr
        assert "wait for it to finish" in second.stderr
        assert time.monotonic() - started < 60  # refused at once, not after a wait
        dropped = kg("drop", "https://w3id.org/kg-diplo/id/release/x", store=store)
        assert dropped.returncode == 2 and f"PID {holder.pid}" in dropped.stderr

        rows = kg("query", "releases", "--format", "json", store=store)
        assert rows.returncode == 0, rows.stderr
        assert len(json.loads(rows.stdout)) == 3  # what the writer had stored
        assert f"PID {holder.pid}" in rows.stderr and "last completed batch" in rows.stderr
        assert kg("stats", store=store).returncode == 0
        assert kg("check", store=store).returncode == 0
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    again = kg("ingest", str(SAMPLES), store=store)  # the kernel dropped the dead writer's lock
    assert again.returncode == 0, again.stderr
    assert kg("check", store=store).returncode == 0
    assert not (store / "kg-snapshots").exists()  # the writer cleaned up after itself


def test_readers_see_completed_batches_while_an_ingest_runs(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path / "releases", seed=31, size=45)
    store = tmp_path / "store"
    writer = subprocess.Popen(ingest_command(manifest, store, batch=5), stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    refused = None
    while writer.poll() is None:
        result = kg("query", "releases", "--format", "json", store=store)
        if result.returncode == 2 and "no store here yet" in result.stderr:
            continue
        assert result.returncode == 0, result.stderr
        if writer.poll() is None:
            seen.append(len(json.loads(result.stdout)))
        if refused is None and writer.poll() is None:
            refused = kg("ingest", str(SAMPLES), store=store)
    _, stderr = writer.communicate()
    assert writer.returncode == 0, stderr
    assert seen, "no query ran while the ingest was running"
    assert seen == sorted(seen) and all(n % 5 == 0 for n in seen), seen  # whole batches only
    if refused is not None and refused.returncode != 0:
        assert refused.returncode == 2 and "is writing it" in refused.stderr
    assert len(json.loads(kg("query", "releases", "--format", "json", store=store).stdout)) == 45
    print(
        f"\nreleases seen by readers during the ingest: {seen}; "
        f"second writer: exit {refused and refused.returncode}"
    )


def test_a_writer_waits_for_readers_then_names_them(tmp_path: Path) -> None:
    path = tmp_path / "store"
    EmbeddedStore(path).close()
    reader = EmbeddedStore(path, read_only=True)
    try:
        with pytest.raises(StoreError, match=r"being read by PID \d+; kg waited 0 s"):
            open_for_writing(path, wait=0.2)
    finally:
        reader.close()
    open_for_writing(path, wait=0.2).release()  # free again once the reader is done
