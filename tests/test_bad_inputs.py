"""The bad-input corpus (tests/data/bad/ plus generated monsters) through `kg ingest`: each
bad input gets one line naming it and the fix, the good ones are stored, the exit code is
1, memory stays bounded, and the store passes `kg check`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "data" / "bad"
MB = 1024 * 1024
#: Peak resident memory allowed for the whole run (about 100 MB here; reading the 50 MB file would pass it).
MAX_RSS_MB = 300

# input (relative to the copied folder) -> a fragment of its one-line message
REFUSED = {
    "empty.txt": "is empty (remove it from the batch)",
    "whitespace.txt": "holds only white space (remove it from the batch)",
    "binary.txt": "looks like a binary file, not text (give a .txt, .html or .jsonl release)",
    "nul-inside.txt": "holds NUL bytes from byte 9600 on",
    "invalid-utf8.txt": "is not valid UTF-8 (byte 0) (convert it to UTF-8",
    "utf16-no-bom.txt": "looks like UTF-16 without a byte-order mark (re-save it as UTF-8)",
    "korean.txt": "has no English text (it is written in Hangul script)",
    "script-only.html": "has no article text (the page may build it with scripts)",
    "huge.txt": "is 50 MB, larger than a press release can be; not read (split it",
    "long-text.txt": "characters of text, more than a press release can have (split it",
    "same-name/b/release.txt": "has the release IRI of",
    "index.jsonl:2": "not valid JSON",
    "index.jsonl:3": "must be a JSON object",
    "index.jsonl:4": "'missing.txt' does not exist in",
    "index.jsonl:5": "'../outside.txt' points outside the manifest folder; refused",
    "index.jsonl:6": "'/etc/passwd' points outside the manifest folder; refused",
    "index.jsonl:8": "title must be a string or null",
    "index.jsonl:9": "text holds a lone \\uD800-\\uDFFF escape",
    "index.jsonl:10": "is not an http(s) URL",
    "index.jsonl:11": 'needs a "file" (relative to the manifest) or a non-empty "text"',
    "index.jsonl:12": "'escape-link.txt' points outside the manifest folder; refused",
    "escape-link.txt": "outside the folder; refused (copy the file in)",
    "index.jsonl:16": "is not a usable file name",
    "big-line.jsonl:1": "the line is longer than 4 M characters; put the text in a file",
    "pipe": "is not a regular file",
    "nowhere.txt": "does not exist (check the path)",
}
SKIPPED = {
    "index.jsonl:7": "'good.txt' is listed again (first on line 1); read once (delete this line)",
    "index.jsonl:14": "the same release as",
    "same-name/c/release.txt": "the same release as",
}
STORED = [
    "control-chars.txt",
    "good.txt",
    "big-line.jsonl:2",
    "index.jsonl:13",
    "nested.html",
    "no-meeting.txt",
    "same-name/a/release.txt",
    "scripts.html",
    "utf16-bom.txt",
]


def make_corpus(root: Path) -> Path:
    """A copy of tests/data/bad with the inputs too big or too odd to keep in git."""
    bad = root / "bad"
    shutil.copytree(BAD, bad)
    (bad / "README.md").unlink()
    (root / "outside.txt").write_text("Foreign Minister Ana Silva met Kim Min-jun.", encoding="utf-8")
    (bad / "escape-link.txt").symlink_to(root / "outside.txt")
    good = (BAD / "good.txt").read_text(encoding="utf-8")
    with (bad / "huge.txt").open("w", encoding="utf-8") as out:
        for _ in range(50 * MB // len(good) + 1):
            out.write(good)
    (bad / "long-text.txt").write_text((good + "\n") * (1_200_000 // len(good)), encoding="utf-8")
    depth = 100_000
    (bad / "nested.html").write_text(
        "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + "<p>Foreign Minister Ana Silva met with Foreign Minister Kim Min-jun in Lisbon on May 5, 2023.</p>"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    inline = {"text": good.replace("Seoul", "Daegu"), "url": "https://kg.example.org/bad/big-line-ok"}
    with (bad / "big-line.jsonl").open("w", encoding="utf-8") as out:
        out.write(json.dumps({"text": "Minister " * (5 * MB // 9), "url": "https://kg.example.org/bad/huge"}))
        out.write("\n" + json.dumps(inline) + "\n")
    os.mkfifo(root / "pipe")
    return bad


def run_measured(args: list[str]) -> tuple[int, str, int]:
    """Exit code, stderr and peak resident memory (MB) of ``python -m kg ARGS``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, stderr, usage.ru_maxrss // 1024


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, str, int]:
    root = tmp_path_factory.mktemp("bad-corpus")
    bad = make_corpus(root)
    store = root / "store"
    code, stderr, peak = run_measured(
        ["ingest", str(bad), str(root / "pipe"), str(root / "nowhere.txt"), "--store", str(store)]
    )
    return root, store, code, stderr, peak


def lines_about(stderr: str, root: Path, name: str) -> list[str]:
    where = str(root / name) if name in {"pipe", "nowhere.txt"} else str(root / "bad" / name)
    return [line for line in stderr.splitlines() if line.startswith(f"kg: {where}: ")]


def test_every_bad_input_gets_one_line_naming_it_and_the_fix(
    outcome: tuple[Path, Path, int, str, int],
) -> None:
    root, _, code, stderr, _ = outcome
    assert code == 1
    for name, fragment in {**REFUSED, **SKIPPED}.items():
        lines = lines_about(stderr, root, name)
        assert len(lines) == 1, f"{name}: {lines or stderr}"
        assert fragment in lines[0], f"{name}: {lines[0]}"
    complaints = [line for line in stderr.splitlines() if line.startswith("kg: ")]
    assert len(complaints) == len(REFUSED) + len(SKIPPED), "\n".join(complaints)
    assert not [line for line in stderr.splitlines() if line.startswith("    ")]  # no multi-line message
    stored = sorted(line.split()[1] for line in stderr.splitlines() if line.startswith("stored "))
    assert stored == sorted(str(root / "bad" / name) for name in STORED)
    assert f"{len(STORED)} stored, {len(REFUSED)} failed" in stderr


def test_memory_stays_bounded_on_the_huge_inputs(outcome: tuple[Path, Path, int, str, int]) -> None:
    peak = outcome[4]
    assert peak < MAX_RSS_MB, f"kg ingest peaked at {peak} MB on the bad corpus"
    print(f"\nkg ingest of the bad corpus peaked at {peak} MB")


def test_what_was_stored_is_whole_and_clean(outcome: tuple[Path, Path, int, str, int]) -> None:
    _, store, *_ = outcome
    check = subprocess.run(
        [sys.executable, "-m", "kg", "check", "--store", str(store)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    dump = subprocess.run(
        [sys.executable, "-m", "kg", "export", "--format", "nq", "--store", str(store)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Injected" not in dump and "Evil" not in dump and "HOME | NEWS" not in dump  # scripts, menus
    assert "\\u0007" not in dump and "\\u0008" not in dump and "\\u001B" not in dump  # control characters
    assert "javascript:" not in dump and "passwd" not in dump and "Daegu" in dump
