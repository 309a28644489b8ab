"""Ingest on small fixtures: boilerplate, structure, offsets, manifests, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Problem, Source, expand, load_rules, read_release

ABBR = frozenset({"mr.", "dr.", "nov.", "u.s.", "h.e.", "jr."})


def read(tmp_path: Path, name: str, content: str | bytes, **meta: str) -> object:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_release(Source(name=str(path), path=path, **meta), load_rules(), ABBR)


def test_korean_navigation_social_menu_and_counters_are_stripped(tmp_path: Path) -> None:
    page = (
        "바로가기 메뉴\n본문 바로가기\n\nMinistry of Foreign Affairs REPUBLIC OF KOREA\n\n"
        "  1. Ministry of  Foreign Affairs, Republic of Korea facebook\n검색창 열기\nKOR\n\n"
        "Press Releases\n\nOutcome of Talks\n\nDate\n2015-02-08\nhit\n2566\n\n"
        "1. Foreign Minister Yun Byung-se met with Sergey Lavrov on February 8.\n\n"
        "* unofficial translation\n"
    )
    release = read(tmp_path, "a.txt", page, title="Outcome of Talks")
    assert release.text == "1. Foreign Minister Yun Byung-se met with Sergey Lavrov on February 8."
    assert release.published is not None and release.published.iso() == "2015-02-08"


def test_yaml_front_matter_gives_title_date_and_url(tmp_path: Path) -> None:
    page = (
        "---\ntitle: \"Readout of a Call\"\ndate: '2021-02-03'\n"
        "source_url: https://example.org/r\n---\n \nThe two leaders agreed.\n\n\\###\n"
    )
    release = read(tmp_path, "b.md", page)
    assert release.title == "Readout of a Call"
    assert release.url == "https://example.org/r"
    assert release.published is not None and release.published.iso() == "2021-02-03"
    assert release.text == "The two leaders agreed."


def test_bullets_are_paragraph_markers_and_hard_wraps_are_joined(tmp_path: Path) -> None:
    page = (
        "1. The ministers met\nin Seoul.\n\no The two sides agreed.\n"
        "° They discussed\nthe 70-\npercent rise.\nㅇ He added.\n▲ Last."
    )
    release = read(tmp_path, "c.txt", page)
    assert [p.marker for p in release.paragraphs] == ["1.", "o", "°", "ㅇ", "▲"]
    assert [s.text for s in release.sentences] == [
        "The ministers met in Seoul.",
        "The two sides agreed.",
        "They discussed the 70-percent rise.",
        "He added.",
        "Last.",
    ]


def test_sentence_offsets_point_into_the_stored_text(tmp_path: Path) -> None:
    page = (
        "Mr. Taro Kono met H.E. Dr. Kang on Nov. 17. "
        "S.M. Krishna and Sergey V. Lavrov also met. The U.S. side agreed"
    )
    release = read(tmp_path, "d.txt", page)
    assert [s.text for s in release.sentences] == [
        "Mr. Taro Kono met H.E. Dr. Kang on Nov. 17.",
        "S.M. Krishna and Sergey V. Lavrov also met.",
        "The U.S. side agreed",
    ]
    for s in release.sentences:
        assert release.text[s.start : s.end] == s.text


def test_glued_words_are_repaired(tmp_path: Path) -> None:
    release = read(tmp_path, "e.txt", "She met Kono inSingapore onJune 14 during the Ministers’Meeting.")
    assert "in Singapore on June 14" in release.text and "Ministers’ Meeting" in release.text


def test_html_keeps_the_article_and_drops_navigation_and_scripts(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Visit</title><script>var x = 'Secret script';</script></head><body>"
        "<nav><a>HOME</a><a>Press</a></nav><article><h1>Visit</h1>"
        "<p>1. Minister Han met Minister Tran in Hanoi on March 4. They agreed to cooperate.</p>"
        "<p>o The two sides welcomed progress on trade and investment between the countries.</p>"
        "</article><footer>Back to Press Releases</footer></body></html>"
    )
    release = read(tmp_path, "f.html", html)
    assert release.media_type == "text/html"
    assert "Secret script" not in release.text and "HOME" not in release.text
    assert release.text.startswith("1. Minister Han met Minister Tran in Hanoi on March 4.")
    assert [p.marker for p in release.paragraphs] == ["1.", "o"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"Caf\xe9 talks", "not valid UTF-8"),
        ("바로가기 메뉴\n본문 바로가기".encode(), "no English text"),
    ],
)
def test_bad_files_get_a_message_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        read(tmp_path, "bad.txt", content)
    assert message in str(info.value) and "bad.txt" in str(info.value)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    release = read(tmp_path, "g.txt", "The two sides agreed.".encode("utf-16"))
    assert release.text == "The two sides agreed."


def test_manifest_lines_report_problems_and_keep_going(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("The two sides agreed.", encoding="utf-8")
    lines = [
        json.dumps({"file": "ok.txt", "url": "https://example.org/ok", "published": "2020-01-02"}),
        "{not json",
        json.dumps({"file": "missing.txt"}),
        json.dumps({"file": "../escape.txt"}),
        json.dumps({"file": "ok.txt"}),
        json.dumps({"text": "Inline release text.", "title": "Inline"}),
        json.dumps(["a list"]),
    ]
    (tmp_path / "m.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = list(expand([tmp_path / "m.jsonl"]))
    sources = [i for i in items if isinstance(i, Source)]
    problems = [i for i in items if isinstance(i, Problem)]
    assert [s.url for s in sources] == ["https://example.org/ok", None]
    assert sources[1].text == "Inline release text."
    messages = [(p.name.rsplit(":", 1)[1], p.fatal) for p in problems]
    assert messages == [("2", True), ("3", True), ("4", True), ("5", False), ("7", True)]
    assert "outside the manifest folder" in problems[2].message


def test_directory_reads_manifest_entries_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "index.jsonl").write_text(
        json.dumps({"file": "a.txt", "url": "https://x/a"}), encoding="utf-8"
    )
    sources = [i for i in expand([tmp_path]) if isinstance(i, Source)]
    assert sorted((s.path.name if s.path else "", s.url) for s in sources) == [
        ("a.txt", "https://x/a"),
        ("b.txt", None),
    ]


def test_missing_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    [problem] = list(expand([tmp_path / "nope.txt"]))
    assert isinstance(problem, Problem) and "does not exist" in problem.message
