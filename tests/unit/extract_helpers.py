"""Run the extractor on a short text written in a test, and look facts up by what a user sees."""

from __future__ import annotations

from kg.extract import extract
from kg.ingest import Source, load_rules, read_release
from kg.lexicon import Lexicon
from kg.model import ActorKind, ActorRef, Facts, Meeting, Person, Release, Statement

#: A Korean release's opening: the meeting that later sentences refer back to (published 2021-03-04).
OPENING = (
    "Foreign Minister Seo Dong-hyun met with Foreign Minister Nadia Okoro of Nigeria in Seoul on March 3."
)
PUBLISHED = "2021-03-04"


def release_of(
    text: str,
    *,
    pipeline,  # type: ignore[no-untyped-def]
    publisher: str | None = None,
    published: str | None = None,
    title: str | None = None,
) -> Release:
    """The release kg reads from ``text`` (a plain-text file as a ministry page gives it)."""
    source = Source(name="test.txt", text=text, publisher=publisher, published=published, title=title)
    return read_release(source, load_rules(), pipeline.abbreviations)


def facts_of(
    text: str,
    *,
    pipeline,  # type: ignore[no-untyped-def]
    publisher: str | None = None,
    published: str | None = None,
    title: str | None = None,
    lexicon: Lexicon | None = None,
) -> Facts:
    """The facts kg extracts from ``text``, with the packaged lexicon unless one is given."""
    release = release_of(text, pipeline=pipeline, publisher=publisher, published=published, title=title)
    return extract(release, lexicon or pipeline.lexicon)


def names(facts: Facts) -> set[str]:
    return {p.name for p in facts.people}


def person(facts: Facts, name: str) -> Person:
    for p in facts.people:
        if p.name == name:
            return p
    raise AssertionError(f"no person {name!r}; found {sorted(names(facts))}")


def titles(p: Person) -> set[str]:
    return {post.title for post in p.posts}


def key_of(facts: Facts, name: str) -> str:
    return person(facts, name).key


def who(facts: Facts, refs: tuple[ActorRef, ...]) -> set[str]:
    """Actors as a user reads them: a person's name, a state's ISO3, an organisation's key."""
    by_key = {p.key: p.name for p in facts.people}
    return {by_key.get(r.key, r.key) if r.kind is ActorKind.PERSON else r.key for r in refs}


def meetings_of(facts: Facts, kind: str | None = None) -> list[Meeting]:
    return [m for m in facts.meetings if kind is None or m.kind == kind]


def meeting(facts: Facts, kind: str) -> Meeting:
    found = meetings_of(facts, kind)
    if not found:
        seen = [(m.kind, m.label, m.status.value) for m in facts.meetings]
        raise AssertionError(f"no {kind} meeting; found {seen}")
    return found[0]


def statements_of(facts: Facts, act: str) -> list[Statement]:
    return [s for s in facts.statements if s.act == act]


def statement(facts: Facts, act: str, contains: str = "") -> Statement:
    for s in facts.statements:
        if s.act == act and contains in s.evidence[0].quote:
            return s
    seen = [(s.act, s.evidence[0].quote[:50]) for s in facts.statements]
    raise AssertionError(f"no {act} statement in a sentence with {contains!r}; found {seen}")
