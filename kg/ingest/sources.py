"""Turn what the user names (files, directories, JSON Lines manifests) into release sources.

Problems are yielded, not raised, so that one bad input never stops a batch. Manifests
are read a line at a time, and a line longer than :data:`MAX_LINE` characters is refused
without being held in memory, so a manifest of any size (or a broken one with no line
breaks) keeps memory flat.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

RELEASE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm", ".xhtml", ".md"})
MANIFEST_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_STRING_FIELDS = ("url", "title", "published", "publisher", "ministry")
#: The longest manifest line read (characters): an inline release text plus its metadata.
MAX_LINE = 4 * 1024 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


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
    """Yield a :class:`Source` per release (or a :class:`Problem`), each file at most once.

    Files are remembered as strings, not Path objects: at 100k releases that is about
    100 MB less in the process that writes the store.
    """
    seen: set[str] = set()
    for item in inputs:
        path = Path(item)
        try:
            path.stat()
        except OSError as exc:
            if exc.errno not in {errno.ENOENT, errno.ENOTDIR}:
                yield Problem(str(path), f"cannot be used ({exc.strerror}); check the path")
                continue
        if not path.exists():
            yield Problem(str(path), "does not exist (check the path)")
        elif path.is_dir():
            yield from _directory(path, seen)
        elif not path.is_file():
            yield Problem(str(path), "is not a regular file (a device, pipe or socket); name release files")
        elif path.suffix.lower() in MANIFEST_SUFFIXES:
            yield from _manifest(path, seen)
        else:
            yield from _file(path, seen)


def _file(path: Path, seen: set[str]) -> Iterator[Source | Problem]:
    resolved = str(path.resolve())
    if resolved in seen:
        yield Problem(str(path), "named twice; read once", fatal=False)
        return
    seen.add(resolved)
    yield Source(name=str(path), path=path)


def _directory(root: Path, seen: set[str]) -> Iterator[Source | Problem]:
    try:
        # in Path order (part by part), held as strings
        files = sorted(
            (str(p) for p in root.rglob("*") if p.is_file() and not _hidden(p, root)),
            key=lambda name: name.split(os.sep),
        )
    except OSError as exc:
        yield Problem(str(root), f"cannot list the folder ({exc.strerror}: {exc.filename}); check access")
        return
    manifests = [Path(f) for f in files if Path(f).suffix.lower() in MANIFEST_SUFFIXES]
    for manifest in manifests:
        yield from _manifest(manifest, seen)
    inside = root.resolve()
    for name in files:
        path = Path(name)
        if path.suffix.lower() not in RELEASE_SUFFIXES:
            continue
        target = path.resolve()
        if str(target) in seen:
            continue
        seen.add(str(target))
        if not target.is_relative_to(inside):
            yield Problem(str(path), f"links to {target}, outside the folder; refused (copy the file in)")
            continue
        yield Source(name=str(path), path=path)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _manifest(manifest: Path, seen: set[str]) -> Iterator[Source | Problem]:
    reader = _Manifest(manifest, seen)
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            for number, line in _lines(handle):
                yield from reader.entry(number, line)
    except OSError as exc:
        yield Problem(str(manifest), f"cannot read the manifest ({exc.strerror}); check its permissions")
    except UnicodeDecodeError:
        yield Problem(
            str(manifest),
            "is not UTF-8 after the lines read so far; the rest was not read: save the manifest as UTF-8",
        )


def _lines(handle: TextIO) -> Iterator[tuple[int, str | None]]:
    """Numbered lines; ``None`` for a line longer than :data:`MAX_LINE` (skipped unread)."""
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += 1
        if len(line) > MAX_LINE and not line.endswith("\n"):
            while (rest := handle.readline(MAX_LINE)) and not rest.endswith("\n"):
                pass
            yield number, None
        else:
            yield number, line


class _Manifest:
    """The lines of one manifest to sources, each file once, paths kept inside its folder."""

    def __init__(self, manifest: Path, seen: set[str]) -> None:
        self.manifest = manifest
        self.folder = manifest.parent.resolve()
        self.seen = seen
        self.listed: dict[str, int] = {}  # file -> the line that first listed it

    def entry(self, number: int, line: str | None) -> Iterator[Source | Problem]:
        where = f"{self.manifest}:{number}"
        if line is None:
            megabytes = MAX_LINE // (1024 * 1024)
            yield Problem(where, f"the line is longer than {megabytes} M characters; put the text in a file")
            return
        if not line.strip():
            return
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, f"not valid JSON ({exc.msg} at column {exc.colno}); fix or delete the line")
            return
        except RecursionError:
            yield Problem(where, "the JSON is nested too deeply to read; fix or delete the line")
            return
        if not isinstance(entry, dict):
            yield Problem(where, 'each line must be a JSON object such as {"file": "a.txt"}')
            return
        meta = {key: entry.get(key) for key in _STRING_FIELDS}
        bad = [key for key, value in meta.items() if value is not None and not isinstance(value, str)]
        if bad:
            yield Problem(where, f"{', '.join(bad)} must be a string or null")
            return
        broken = [key for key, value in entry.items() if isinstance(value, str) and _SURROGATE.search(value)]
        if broken:
            fields = ", ".join(broken)
            yield Problem(where, f"{fields} holds a lone \\uD800-\\uDFFF escape (half a character); fix it")
            return
        url = meta["url"]
        if url is not None and not re.match(r"https?://[^\s/]", url, re.IGNORECASE):
            yield Problem(where, f"url {url[:80]!r} is not an http(s) URL; fix it or leave it out")
            return
        yield self.source(where, number, entry, meta)

    def source(
        self, where: str, number: int, entry: dict[str, object], meta: dict[str, str | None]
    ) -> Source | Problem:
        publisher = meta["publisher"] or meta["ministry"]
        file_value, text_value = entry.get("file"), entry.get("text")
        if isinstance(text_value, str) and text_value.strip() and not file_value:
            return Source(
                name=where,
                text=text_value,
                url=meta["url"],
                title=meta["title"],
                published=meta["published"],
                publisher=publisher,
            )
        if not isinstance(file_value, str) or not file_value.strip():
            return Problem(where, 'needs a "file" (relative to the manifest) or a non-empty "text"')
        try:
            target = (self.folder / file_value).resolve()
            found = target.is_file()
        except (OSError, ValueError) as exc:  # a NUL in the name, a name too long, a link loop
            return Problem(where, f"{file_value[:80]!r} is not a usable file name ({exc}); fix the line")
        if not target.is_relative_to(self.folder):
            message = f"{file_value!r} points outside the manifest folder; refused (move it to {self.folder})"
            return Problem(where, message)
        if not found:
            return Problem(where, f"{file_value!r} does not exist in {self.folder} (check the name)")
        key = str(target)
        if key in self.seen:
            first = f" (first on line {self.listed[key]})" if key in self.listed else ""
            message = f"{file_value!r} is listed again{first}; read once (delete this line)"
            return Problem(where, message, fatal=False)
        self.seen.add(key)
        self.listed[key] = number
        return Source(
            name=str(self.manifest.parent / file_value),
            path=target,
            url=meta["url"],
            title=meta["title"],
            published=meta["published"],
            publisher=publisher,
        )
