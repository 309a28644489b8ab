"""N-Quads shards for server bulk loaders, written without the embedded store.

``kg ingest --emit nquads DIR`` writes each batch of release graphs to one file
``DIR/part-NNNNN.nq`` (one named graph per release inside, lines sorted per release), ready
for ``oxigraph load``, Virtuoso's ``ld_dir``/``rdf_loader_run`` or QLever's index builder. A
shard is written under a temporary name and renamed when complete, so a folder never
holds half a shard.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from kg.completeness import with_marker
from kg.errors import InputError

PATTERN = "part-*.nq"


class ShardWriter:
    """Writes batches of release graphs as numbered N-Quads shards into ``folder``."""

    def __init__(self, folder: Path) -> None:
        if folder.exists() and not folder.is_dir():
            raise InputError(str(folder), "is a file, not a folder", "name a folder for the shards")
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.glob(PATTERN)):
            raise InputError(
                str(folder),
                "already holds N-Quads shards",
                "name an empty folder, or remove the shards first, so no release is loaded twice",
            )
        self.folder = folder
        self.written: list[Path] = []

    def replace_graphs(self, graphs: Sequence[tuple[str, str]]) -> None:
        """Write one shard with the graphs (a name given twice keeps its last N-Quads)."""
        latest = {name: with_marker(name, nquads) for name, nquads in graphs}  # as the store has them
        if not latest:
            return
        target = self.folder / f"part-{len(self.written):05d}.nq"
        partial = target.with_name("." + target.name + ".tmp")
        with partial.open("w", encoding="utf-8", newline="\n") as out:
            for nquads in latest.values():
                out.write(nquads)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
        self.written.append(target)
