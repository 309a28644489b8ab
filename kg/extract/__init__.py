"""Release -> facts. Each fact kind has its own module; this one runs them in order.

``extract`` never sees rdflib: it returns :class:`kg.model.Facts`.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.context import ReleaseContext, make_context
from kg.extract.initiatives import extract_initiatives
from kg.extract.matchers import Matchers, Mention
from kg.extract.meetings import extract_meetings
from kg.extract.people import extract_people
from kg.extract.statements import extract_statements
from kg.extract.timeline import reference_for
from kg.lexicon import Lexicon
from kg.model import ActorKind, Country, Evidence, Facts, Initiative, Meeting, Organization, Release

_MATCHERS: dict[int, tuple[Lexicon, Matchers]] = {}


def matchers_for(lexicon: Lexicon) -> Matchers:
    """The compiled matchers of ``lexicon``, built once per lexicon object.

    Keyed by identity: hashing a Lexicon (a frozen dataclass of thousands of entries) on
    every release cost more than a millisecond.
    """
    kept = _MATCHERS.get(id(lexicon))
    if kept is None or kept[0] is not lexicon:
        kept = _MATCHERS[id(lexicon)] = (lexicon, Matchers(lexicon))
    return kept[1]


def _with_series(meetings: list[Meeting], initiatives: list[Initiative]) -> list[Meeting]:
    """Link "the 9th Trilateral Summit" to the series initiative "Trilateral Summit"."""
    series = [i for i in initiatives if i.kind in {"summit-series", "dialogue-mechanism"}]
    linked: list[Meeting] = []
    for meeting in meetings:
        label = (meeting.label or "").replace("’", "'")
        match = next(
            (i for i in series if label.endswith(i.label.replace("’", "'")) and label != i.label), None
        )
        linked.append(replace(meeting, series=match.key) if match else meeting)
    return linked


def _organization(
    key: str, lexicon: Lexicon, ctx: ReleaseContext, evidence: tuple[Evidence, ...]
) -> Organization:
    """A lexicon organisation, or one found by its head word and named as the text names it."""
    try:
        entry = lexicon.organization(key)
    except KeyError:
        return Organization(key, ctx.organization_label(key) or key, None, evidence)
    return Organization(key, entry.name, entry.wikidata, evidence)


def _evidence_by_key(ctx: ReleaseContext, mentions: list[Mention]) -> dict[str, list[Evidence]]:
    """The sentences that mention each actor, once each, in text order."""
    evidence: dict[str, list[Evidence]] = {}
    for mention in mentions:
        sentence = ctx.sentence_at(mention.start)
        if sentence is not None:
            bucket = evidence.setdefault(mention.key, [])
            ev = ctx.evidence(sentence)
            if ev not in bucket:
                bucket.append(ev)
    return evidence


def extract(release: Release, lexicon: Lexicon) -> Facts:
    """Extract every fact kind from ``release`` using ``lexicon``."""
    ctx = make_context(release, matchers_for(lexicon))
    ref = reference_for(release)
    people = extract_people(ctx)
    initiatives, initiative_mentions = extract_initiatives(ctx)
    person_countries = {p.key: p.country for p in people.people if p.country}
    affiliations = {p.key: (p.country or p.organization or "") for p in people.people}
    meetings = extract_meetings(ctx, people.mentions, ref, person_countries, affiliations)
    statements = extract_statements(
        ctx,
        people.mentions,
        people.unnamed_posts,
        initiative_mentions,
        meetings.main,
        person_countries,
    )

    country_evidence = _evidence_by_key(ctx, ctx.country_mentions)
    org_evidence = _evidence_by_key(ctx, ctx.organization_mentions)
    referenced: list[tuple[ActorKind, str, tuple[Evidence, ...]]] = []
    for person in people.people:
        if person.country:
            referenced.append((ActorKind.COUNTRY, person.country, person.evidence))
        if person.organization:
            referenced.append((ActorKind.ORGANIZATION, person.organization, person.evidence))
        for post in person.posts:
            if post.country:
                referenced.append((ActorKind.COUNTRY, post.country, person.evidence))
            if post.organization:
                referenced.append((ActorKind.ORGANIZATION, post.organization, person.evidence))
    for meeting in meetings.meetings:
        for actor in meeting.participants:
            referenced.append((actor.kind, actor.key, meeting.evidence))
    for statement in statements:
        for actor in (*statement.speakers, *statement.addressees):
            referenced.append((actor.kind, actor.key, statement.evidence))
    for kind, key, evidence in referenced:
        target = (
            country_evidence
            if kind is ActorKind.COUNTRY
            else org_evidence
            if kind is ActorKind.ORGANIZATION
            else None
        )
        if target is not None and key not in target:
            target[key] = list(evidence)

    countries = tuple(
        Country(iso3, lexicon.country(iso3).name, lexicon.country(iso3).wikidata, tuple(ev))
        for iso3, ev in sorted(country_evidence.items())
    )
    organizations = tuple(
        _organization(key, lexicon, ctx, tuple(ev)) for key, ev in sorted(org_evidence.items())
    )
    return Facts(
        release=release,
        people=tuple(people.people),
        countries=countries,
        organizations=organizations,
        initiatives=tuple(initiatives),
        meetings=tuple(_with_series(meetings.meetings, initiatives)),
        statements=tuple(statements),
        notes=tuple(ctx.notes),
    )
