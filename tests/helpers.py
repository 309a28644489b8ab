"""Helpers several test modules share: running ``kg`` as a user does, and small stores."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.pipeline import Pipeline, ingest
from kg.store import EmbeddedStore

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run_kg(
    *args: str, store: Path | None = None, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS [--store STORE]`` in its own process, so stores open and close cleanly."""
    command = [sys.executable, "-m", "kg", *args] + (["--store", str(store)] if store is not None else [])
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def ingest_command(manifest: Path, store: Path, batch: int) -> list[str]:
    """The command line of a quiet ``kg ingest`` in batches of ``batch`` (to run, kill or watch)."""
    return [
        sys.executable,
        "-m",
        "kg",
        "ingest",
        "-q",
        "--batch",
        str(batch),
        str(manifest),
        "--store",
        str(store),
    ]


def samples_store(path: Path, pipeline: Pipeline) -> Path:
    """A store at ``path`` with the bundled sample releases, closed again for commands to open."""
    store = EmbeddedStore(path)
    assert not ingest([SAMPLES], store, pipeline).failed
    store.close()
    return path
