"""Turn what the user names (files, directories, JSON Lines manifests) into release sources.

Problems are yielded, not raised, so that one bad input never stops a batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

RELEASE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
MANIFEST_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_STRING_FIELDS = ("url", "title", "published", "publisher", "ministry")


@dataclass(frozen=True)
class Source:
    """One release to read: a file, or inline text from a manifest line."""

    name: str
    path: Path | None = None
    text: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Problem:
    """An input that cannot be used; ``fatal`` problems make the batch exit non-zero."""

    name: str
    message: str
    fatal: bool = True


def expand(inputs: Sequence[str | Path]) -> Iterator[Source | Problem]:
    """Yield a :class:`Source` per release (or a :class:`Problem`), each file at most once."""
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if not path.exists():
            yield Problem(str(path), "does not exist (check the path)")
        elif path.is_dir():
            yield from _directory(path, seen)
        elif path.suffix.lower() in MANIFEST_SUFFIXES:
            yield from _manifest(path, seen)
        else:
            yield from _file(path, seen)


def _file(path: Path, seen: set[Path]) -> Iterator[Source | Problem]:
    resolved = path.resolve()
    if resolved in seen:
        yield Problem(str(path), "named twice; read once", fatal=False)
        return
    seen.add(resolved)
    yield Source(name=str(path), path=path)


def _directory(root: Path, seen: set[Path]) -> Iterator[Source | Problem]:
    files = sorted(p for p in root.rglob("*") if p.is_file() and not _hidden(p, root))
    manifests = [p for p in files if p.suffix.lower() in MANIFEST_SUFFIXES]
    for manifest in manifests:
        yield from _manifest(manifest, seen)
    for path in files:
        if path.suffix.lower() in RELEASE_SUFFIXES and path.resolve() not in seen:
            seen.add(path.resolve())
            yield Source(name=str(path), path=path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _manifest(manifest: Path, seen: set[Path]) -> Iterator[Source | Problem]:
    folder = manifest.parent.resolve()
    try:
        lines = manifest.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        yield Problem(str(manifest), f"cannot read the manifest ({exc}); it must be UTF-8 JSON Lines")
        return
    for number, line in enumerate(lines, start=1):
        where = f"{manifest}:{number}"
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or delete the line")
            continue
        if not isinstance(entry, dict):
            yield Problem(where, 'each line must be a JSON object such as {"file": "a.txt"}')
            continue
        meta = {key: entry.get(key) for key in _STRING_FIELDS}
        bad = [key for key, value in meta.items() if value is not None and not isinstance(value, str)]
        if bad:
            yield Problem(where, f"{', '.join(bad)} must be a string or null")
            continue
        publisher = meta["publisher"] or meta["ministry"]
        file_value, text_value = entry.get("file"), entry.get("text")
        if isinstance(text_value, str) and text_value.strip() and not file_value:
            yield Source(
                name=where,
                text=text_value,
                url=meta["url"],
                title=meta["title"],
                published=meta["published"],
                publisher=publisher,
            )
            continue
        if not isinstance(file_value, str) or not file_value.strip():
            yield Problem(where, 'needs a "file" (relative to the manifest) or a non-empty "text"')
            continue
        target = (folder / file_value).resolve()
        if not target.is_relative_to(folder):
            yield Problem(where, f"{file_value!r} points outside the manifest folder; refused")
            continue
        if not target.is_file():
            yield Problem(where, f"{file_value!r} does not exist next to the manifest")
            continue
        if target in seen:
            yield Problem(where, f"{file_value!r} is listed more than once; read once", fatal=False)
            continue
        seen.add(target)
        yield Source(
            name=str(manifest.parent / file_value),
            path=target,
            url=meta["url"],
            title=meta["title"],
            published=meta["published"],
            publisher=publisher,
        )
