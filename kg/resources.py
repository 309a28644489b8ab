"""Where the data folders (ontology/, queries/, lexicon/) are.

In a wheel they are packaged under ``kg/_data``; in a source checkout (including an
editable install) they are the top-level folders beside ``kg/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` ("ontology", "queries" or "lexicon")."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name
