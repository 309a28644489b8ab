"""Score extracted facts against hand annotations (``kg eval``).

The gold format and annotation rules are in ``tests/gold/README.md``; one JSON file per
release, named by the release file's stem, and ``split.json`` with the dev/heldout split.
:func:`load_gold` validates them, :func:`run_eval` reads and extracts the releases (no
store), :func:`evaluate` compares (a pure function) and :func:`format_report` prints.

Scores are micro-averaged per field over all releases: precision = tp / (tp + fp),
recall = tp / (tp + fn), with an empty denominator counting as 1.0 (nothing claimed,
nothing wrong), and F1 their harmonic mean. Macro-F1 is the mean of the six field F1s.
Every gold item is matched at most once and every extracted item at most once; where
several pairings are possible the best-scoring pairs are taken first (greedy).

How things match:

* **Names** (people) are normalised: accents stripped, case folded, honorifics from the
  lexicon (leading "Mr.", "H.E.", "The Honorable" ..., trailing "Jr." ...) and punctuation
  dropped, single-letter initials dropped, then compared as token sets, so "Kang,
  Kyung-wha" = "Kang Kyung-wha" and "Kono Taro" = "Taro Kono". A hyphenated given name is
  compared both joined and split ("Moon Jae In" = "Moon Jae-in"). Two names also match when
  both are forms (name or alias) of one person entry of the lexicon ("Joseph Biden" =
  "Joe Biden").
* **Labels** (organisations, initiatives, places, posts) are normalised the same way, but
  dots and apostrophes join rather than split ("U.S." = "US") and "the" is dropped.
* **Countries**: by ISO3 code.
* **Organisations**: by key, else by normalised label, else when both sides name the same
  lexicon entry (by key, name or alias: gold ``APT`` "ASEAN Plus Three" = extracted
  ``ASEAN_PLUS_THREE``).
* **Initiatives**: by key, else acronym, else normalised label: token-set Jaccard >= 0.6,
  one label contained in the other ("Trilateral Summit" in "9th Trilateral Summit"), or
  both forms of one lexicon entry. Better kinds of match win: key, acronym, equal label,
  lexicon entry, containment, Jaccard.
* **Actors** in participants, speakers and addressees: gold ``person:<name>``,
  ``country:<ISO3>``, ``org:<KEY>``; extracted person refs are mapped to the
  ``Person.name`` of the same Facts and compared as names, countries by code,
  organisations as above (using the gold file's label for the key). A person also stands
  for their state: gold ``country:KOR`` matches an extracted Park Jin of KOR, and a gold
  person of KOR matches an extracted ``country:KOR``. Two people of one state do not
  match each other. A state listed beside one of its own people is dropped first (the gold
  names a state only when none of its people is named). Actor sets are paired one to one
  (maximum matching).
* **Meetings**: a pair is a candidate if the participant sets overlap (as above) and the
  kind is the same or the sentence is the same (the gold ``evidence`` occurs in one of the
  extracted evidence quotes; whitespace, quote and dash styles and case are ignored).
  Pairs are taken by score: same sentence +2, same kind +1, same status +1, plus the
  participant Jaccard. Over matched meetings: date accuracy (ISO strings equal, null =
  None counts as right), place accuracy (normalised containment either way, null = None
  right) and status accuracy.
* **Statements**: a pair needs the same sentence (as for meetings), the same act and equal
  speaker sets (persons standing for their state allowed). Over matched statements:
  addressee accuracy (equal sets, empty = empty right).
* Over matched people: country accuracy (equal codes, null = None right) and post recall
  (gold posts found, by normalised label, among the extracted person's post titles).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import DataFileError, InputError
from kg.lexicon import Lexicon, plain_text
from kg.model import ActorKind, ActorRef, Facts, Initiative, Meeting, Organization, Release, Statement

if TYPE_CHECKING:
    from kg.ingest import Source
    from kg.pipeline import Pipeline

__all__ = [
    "ATTRIBUTES",
    "FIELDS",
    "SPLITS",
    "Accuracy",
    "Actor",
    "FieldScore",
    "Gold",
    "GoldError",
    "GoldInitiative",
    "GoldMeeting",
    "GoldOrganization",
    "GoldPerson",
    "GoldStatement",
    "Miss",
    "Names",
    "Report",
    "evaluate",
    "find_sources",
    "format_report",
    "label_tokens",
    "load_gold",
    "report_dict",
    "run_eval",
    "split_stems",
]

FIELDS = ("people", "countries", "organizations", "initiatives", "meetings", "statements")
ATTRIBUTES = (
    "meeting_date",
    "meeting_place",
    "meeting_status",
    "person_country",
    "person_posts",
    "statement_addressees",
)
_ATTRIBUTE_LABELS = {
    "meeting_date": "meeting date",
    "meeting_place": "meeting place",
    "meeting_status": "meeting status",
    "person_country": "person country",
    "person_posts": "person posts (recall)",
    "statement_addressees": "statement addressees",
}
SPLITS = ("dev", "heldout", "all")
SPLIT_FILE = "split.json"


class GoldError(DataFileError):
    """A gold file that is not valid JSON or misses or mistypes a key (exit code 2)."""


# -- gold -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPerson:
    name: str
    country: str | None
    posts: tuple[str, ...]
    organization: str | None = None


@dataclass(frozen=True)
class GoldOrganization:
    key: str
    label: str


@dataclass(frozen=True)
class GoldInitiative:
    label: str
    acronym: str | None
    kind: str
    key: str | None = None


@dataclass(frozen=True)
class GoldMeeting:
    kind: str
    status: str
    date: str | None
    place: str | None
    participants: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class GoldStatement:
    speakers: tuple[str, ...]
    act: str
    addressees: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Gold:
    """One validated gold file; actor ids (``person:Park Jin``) resolve within it."""

    stem: str
    path: Path
    people: tuple[GoldPerson, ...]
    countries: tuple[str, ...]
    organizations: tuple[GoldOrganization, ...]
    initiatives: tuple[GoldInitiative, ...]
    meetings: tuple[GoldMeeting, ...]
    statements: tuple[GoldStatement, ...]


# Each key: (type, required). "str", "str?" (string or null), "strs" (list of strings).
_Spec = dict[str, tuple[str, bool]]
_TOP: _Spec = {
    "file": ("str", True),
    "people": ("list", True),
    "countries": ("strs", True),
    "organizations": ("list", True),
    "initiatives": ("list", True),
    "meetings": ("list", True),
    "statements": ("list", True),
}
_PERSON: _Spec = {
    "name": ("str", True),
    "country": ("str?", True),
    "posts": ("strs", True),
    "organization": ("str?", False),
}
_ORGANIZATION: _Spec = {"key": ("str", True), "label": ("str", True)}
_INITIATIVE: _Spec = {
    "label": ("str", True),
    "acronym": ("str?", True),
    "kind": ("str", True),
    "key": ("str", False),
}
_MEETING: _Spec = {
    "kind": ("str", True),
    "status": ("str", True),
    "date": ("str?", True),
    "end_date": ("str", False),
    "place": ("str?", True),
    "participants": ("strs", True),
    "evidence": ("str", True),
    "part_of": ("str", False),
}
_STATEMENT: _Spec = {
    "speakers": ("strs", True),
    "act": ("str", True),
    "addressees": ("strs", True),
    "about": ("strs", True),
    "evidence": ("str", True),
    "in_response_to": ("str", False),
}
_STATUSES = frozenset({"held", "planned"})


def _fits(value: object, kind: str) -> bool:
    if kind == "str":
        return isinstance(value, str) and bool(value.strip())
    if kind == "str?":
        return value is None or (isinstance(value, str) and bool(value.strip()))
    if kind == "strs":
        return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    return isinstance(value, list)


_KIND_TEXT = {
    "str": "a non-empty string",
    "str?": "a non-empty string or null",
    "strs": "a list of non-empty strings",
    "list": "a list",
}


def _checked(obj: object, spec: _Spec, path: Path, where: str) -> dict[str, object]:
    """``obj`` as a dict once every key of ``spec`` is present (if required) and well typed."""
    if not isinstance(obj, dict):
        raise GoldError(f"{path}: {where or 'the file'} must be a JSON object")
    for key, (kind, required) in spec.items():
        at = f"{where}.{key}" if where else key
        if key not in obj:
            if required:
                raise GoldError(f"{path}: missing required key {at!r}")
            continue
        if not _fits(obj[key], kind):
            raise GoldError(f"{path}: {at!r} must be {_KIND_TEXT[kind]}")
    return obj


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _opt(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _items(data: dict[str, object], key: str, spec: _Spec, path: Path) -> list[dict[str, object]]:
    raw = data[key]
    assert isinstance(raw, list)
    return [_checked(item, spec, path, f"{key}[{i}]") for i, item in enumerate(raw)]


def _parse_gold(path: Path) -> Gold:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the gold file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    top = _checked(data, _TOP, path, "")
    if Path(str(top["file"])).stem != path.stem:
        raise GoldError(f"{path}: key 'file' is {top['file']!r}; it must be {path.stem}.txt")
    people = tuple(
        GoldPerson(str(p["name"]), _opt(p["country"]), _strs(p["posts"]), _opt(p.get("organization")))
        for p in _items(top, "people", _PERSON, path)
    )
    organizations = tuple(
        GoldOrganization(str(o["key"]), str(o["label"]))
        for o in _items(top, "organizations", _ORGANIZATION, path)
    )
    initiatives = tuple(
        GoldInitiative(str(i["label"]), _opt(i["acronym"]), str(i["kind"]), _opt(i.get("key")))
        for i in _items(top, "initiatives", _INITIATIVE, path)
    )
    meetings = tuple(
        GoldMeeting(
            str(m["kind"]),
            str(m["status"]),
            _opt(m["date"]),
            _opt(m["place"]),
            _strs(m["participants"]),
            str(m["evidence"]),
        )
        for m in _items(top, "meetings", _MEETING, path)
    )
    statements = tuple(
        GoldStatement(_strs(s["speakers"]), str(s["act"]), _strs(s["addressees"]), str(s["evidence"]))
        for s in _items(top, "statements", _STATEMENT, path)
    )
    gold = Gold(
        path.stem, path, people, _strs(top["countries"]), organizations, initiatives, meetings, statements
    )
    _check_references(gold)
    return gold


def _check_references(gold: Gold) -> None:
    """Every actor id must name a person, country or organisation of the same file."""
    known = (
        {f"person:{p.name}" for p in gold.people}
        | {f"country:{c}" for c in gold.countries}
        | {f"org:{o.key}" for o in gold.organizations}
    )
    for i, meeting in enumerate(gold.meetings):
        if meeting.status not in _STATUSES:
            raise GoldError(f"{gold.path}: 'meetings[{i}].status' must be held or planned")
        _check_ids(gold.path, f"meetings[{i}].participants", meeting.participants, known)
    for i, statement in enumerate(gold.statements):
        _check_ids(gold.path, f"statements[{i}].speakers", statement.speakers, known)
        _check_ids(gold.path, f"statements[{i}].addressees", statement.addressees, known)


def _check_ids(path: Path, where: str, ids: Iterable[str], known: set[str]) -> None:
    for actor in ids:
        if actor not in known:
            raise GoldError(
                f"{path}: {where!r} has {actor!r}, which is not a person, country or "
                "organisation of this file"
            )


def load_gold(directory: str | Path) -> dict[str, Gold]:
    """Every ``*.json`` of ``directory`` but ``split.json``, validated, by stem."""
    root = Path(directory)
    if not root.is_dir():
        raise GoldError(f"{root}: not a folder of gold files")
    paths = sorted(p for p in root.glob("*.json") if p.name != SPLIT_FILE)
    if not paths:
        raise GoldError(f"{root}: no gold files (<release stem>.json) in this folder")
    return {path.stem: _parse_gold(path) for path in paths}


def split_stems(directory: str | Path, gold: Mapping[str, Gold], split: str) -> list[str]:
    """The gold stems of ``split``: ``all`` is every gold file, else a part of split.json."""
    if split == "all":
        return sorted(gold)
    if split not in SPLITS:
        raise GoldError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    path = Path(directory) / SPLIT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoldError(f"{path}: cannot read the split file ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    part = _checked(data, {"dev": ("strs", True), "heldout": ("strs", True)}, path, "")[split]
    stems = _strs(part)
    unknown = [s for s in stems if s not in gold]
    if unknown:
        raise GoldError(f"{path}: key {split!r} lists {unknown[0]!r}, which has no gold file")
    return sorted(stems)


# -- normalisation --------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_JOINERS = re.compile(r"[.'`]")
# Besides the lexicon's honorifics: courtesy words the gold rules strip from names.
_EXTRA_PREFIXES = ("mr", "mrs", "ms", "dr", "hon", "honorable", "honourable", "senator", "madame", "queen")
_EXTRA_SUFFIXES = ("jr", "sr", "ii", "iii")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", plain_text(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def label_tokens(text: str) -> tuple[str, ...]:
    """Normalised tokens of a label: "the U.S.–ROK Alliance" -> ("us", "rok", "alliance")."""
    words = _NON_WORD.sub(" ", _JOINERS.sub("", _fold(text))).split()
    return tuple(w for w in words if w != "the")


def _raw_name_tokens(name: str, join_hyphens: bool) -> list[str]:
    text = _fold(name).replace("'", "").replace("-", "" if join_hyphens else " ")
    return _NON_WORD.sub(" ", text).split()


def _squash(text: str) -> str:
    """Text for containment tests: plain quotes and dashes, no whitespace, case folded."""
    return "".join(plain_text(text).split()).casefold()


def _contains(outer: Sequence[str], inner: Sequence[str]) -> bool:
    """True if the token sequence ``inner`` occurs in ``outer`` (both non-empty)."""
    if not inner or not outer or len(inner) > len(outer):
        return False
    n = len(inner)
    return any(tuple(outer[i : i + n]) == tuple(inner) for i in range(len(outer) - n + 1))


def _jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


class Names:
    """Name and label comparison with the lexicon's honorifics and aliases."""

    def __init__(self, lexicon: Lexicon) -> None:
        prefixes = {
            tuple(_raw_name_tokens(h.form, True)) for h in lexicon.honorifics if h.position == "prefix"
        }
        suffixes = {
            tuple(_raw_name_tokens(h.form, True)) for h in lexicon.honorifics if h.position == "suffix"
        }
        prefixes |= {(w,) for w in _EXTRA_PREFIXES}
        suffixes |= {(w,) for w in _EXTRA_SUFFIXES}
        self._prefixes = sorted((p for p in prefixes if p), key=len, reverse=True)
        self._suffixes = sorted((s for s in suffixes if s), key=len, reverse=True)
        self._cache: dict[str, frozenset[frozenset[str]]] = {}
        self._person_entries: dict[frozenset[str], set[int]] = {}
        for index, person in enumerate(lexicon.people):
            for form in (person.name, *person.aliases):
                for key in self.name_keys(form):
                    self._person_entries.setdefault(key, set()).add(index)
        self._posts = {plain_text(p.surface).casefold(): p.title for p in lexicon.posts}
        self._orgs = _entry_index((o.key, o.name, *o.aliases) for o in lexicon.organizations)
        self._initiatives = _entry_index((i.key, i.name, *i.aliases) for i in lexicon.initiatives)

    def post_title(self, post: str) -> str:
        """The lexicon's title for a post as written ("Vice Foreign Minister" -> its canonical title)."""
        return self._posts.get(plain_text(post).casefold(), post)

    def name_keys(self, name: str) -> frozenset[frozenset[str]]:
        """The token sets a name is compared by: hyphenated parts joined, and split."""
        cached = self._cache.get(name)
        if cached is None:
            cached = frozenset(self._tokens(name, join) for join in (True, False))
            self._cache[name] = cached
        return cached

    def _tokens(self, name: str, join_hyphens: bool) -> frozenset[str]:
        tokens = _raw_name_tokens(name, join_hyphens)
        tokens = _strip(tokens, self._prefixes, self._suffixes)
        kept = [t for t in tokens if len(t) > 1]
        return frozenset(kept or tokens)

    def same_person(self, a: str, b: str) -> bool:
        keys_a, keys_b = self.name_keys(a), self.name_keys(b)
        if keys_a & keys_b:
            return True
        return bool(self._entries_of(keys_a) & self._entries_of(keys_b))

    def _entries_of(self, keys: Iterable[frozenset[str]]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= self._person_entries.get(key, set())
        return found

    def organization_score(self, a: tuple[str, str], b: tuple[str, str]) -> float | None:
        """Match strength of two (key, label) organisations, None if they differ."""
        if a[0].casefold() == b[0].casefold():
            return 3.0
        if label_tokens(a[1]) == label_tokens(b[1]):
            return 2.0
        if _lookup(self._orgs, a) & _lookup(self._orgs, b):
            return 1.5
        return None

    def initiative_score(self, gold: GoldInitiative, found: Initiative) -> float | None:
        """Match strength of a gold and an extracted initiative, None if they differ."""
        if gold.key and gold.key == found.key:
            return 6.0
        if _acronyms(gold.acronym, gold.label) & _acronyms(found.acronym, found.label):
            return 5.0
        a, b = label_tokens(gold.label), label_tokens(found.label)
        if a and a == b:
            return 4.0
        pair_a = (gold.key or "", gold.label)
        if _lookup(self._initiatives, pair_a) & _lookup(self._initiatives, (found.key, found.label)):
            return 3.0
        jaccard = _jaccard(a, b)
        if _contains(a, b) or _contains(b, a):
            return 1.0 + jaccard
        return jaccard if jaccard >= 0.6 else None


def _strip(
    tokens: list[str], prefixes: Sequence[tuple[str, ...]], suffixes: Sequence[tuple[str, ...]]
) -> list[str]:
    """``tokens`` without leading honorifics and trailing suffixes ("mr", "the hon", "jr")."""
    changed = True
    while changed and tokens:
        changed = False
        for prefix in prefixes:
            if tuple(tokens[: len(prefix)]) == prefix and len(tokens) > len(prefix):
                tokens, changed = tokens[len(prefix) :], True
                break
        for suffix in suffixes:
            if tuple(tokens[-len(suffix) :]) == suffix and len(tokens) > len(suffix):
                tokens, changed = tokens[: -len(suffix)], True
                break
    return tokens


def _entry_index(entries: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], set[str]]:
    """Normalised key, name and aliases -> lexicon keys of the entries with that form."""
    index: dict[tuple[str, ...], set[str]] = {}
    for key, *forms in entries:
        for form in (key, *forms):
            tokens = label_tokens(form)
            if tokens:
                index.setdefault(tokens, set()).add(key)
    return index


def _lookup(index: Mapping[tuple[str, ...], set[str]], item: tuple[str, str]) -> set[str]:
    found: set[str] = set()
    for form in item:
        if form:
            found |= index.get(label_tokens(form), set())
    return found


def _acronyms(acronym: str | None, label: str) -> set[str]:
    """An acronym, or a label that is written as one ("RCEP"), squashed for comparison."""
    forms = {acronym} if acronym else set()
    if " " not in label.strip() and label.upper() == label:
        forms.add(label)
    return {"".join(label_tokens(f)) for f in forms} - {""}


# -- actors ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """A participant, speaker or addressee, either side, in comparable form.

    ``kind`` is person, country or org; ``key`` a person's name, an ISO3 code or an
    organisation key; ``label`` an organisation's label; ``state`` a person's country.
    """

    kind: str
    key: str
    label: str = ""
    state: str | None = None

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}"


def _gold_actor(actor_id: str, gold: Gold) -> Actor:
    kind, _, key = actor_id.partition(":")
    if kind == "person":
        state = next((p.country for p in gold.people if p.name == key), None)
        return Actor("person", key, key, state)
    if kind == "org":
        label = next((o.label for o in gold.organizations if o.key == key), key)
        return Actor("org", key, label)
    return Actor("country", key, key)


def _found_actor(ref: ActorRef, facts: Facts) -> Actor:
    if ref.kind is ActorKind.PERSON:
        person = next((p for p in facts.people if p.key == ref.key), None)
        if person is None:
            return Actor("person", ref.key, ref.key)
        state = person.country or next((p.country for p in person.posts if p.country), None)
        return Actor("person", person.name, person.name, state)
    if ref.kind is ActorKind.ORGANIZATION:
        label = next((o.label for o in facts.organizations if o.key == ref.key), ref.key)
        return Actor("org", ref.key, label)
    return Actor("country", ref.key, ref.key)


def _same_actor(a: Actor, b: Actor, names: Names) -> bool:
    """Same actor, or a person on one side standing for their state on the other."""
    if a.kind == b.kind == "person":
        return names.same_person(a.key, b.key)
    if a.kind == b.kind == "org":
        return names.organization_score((a.key, a.label), (b.key, b.label)) is not None
    if a.kind == b.kind:
        return a.key == b.key
    if a.kind == "person" and b.kind == "country":
        return a.state == b.key
    if a.kind == "country" and b.kind == "person":
        return b.state == a.key
    return False


def _paired(gold: Sequence[Actor], found: Sequence[Actor], names: Names) -> int:
    """Size of a maximum one-to-one pairing of two actor lists (Kuhn's augmenting paths)."""
    edges = [[j for j, f in enumerate(found) if _same_actor(g, f, names)] for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(gold)))


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    """Distinct actors, without a state that a person of the same list already stands for.

    The gold names a state only when none of its people is named, so an extracted
    ``[person:Taro Kono, country:JPN]`` says no more than ``[person:Taro Kono]``.
    """
    distinct = list(dict.fromkeys(actors))
    states = {a.state for a in distinct if a.kind == "person" and a.state}
    return [a for a in distinct if not (a.kind == "country" and a.key in states)]


# -- report ---------------------------------------------------------------------------------


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


@dataclass(frozen=True)
class FieldScore:
    """Counts of one field over all releases; an empty denominator scores 1.0."""

    field: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Accuracy:
    """An attribute over matched pairs; ``value`` is None when nothing was matched."""

    name: str
    correct: int
    total: int

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


@dataclass(frozen=True)
class Miss:
    """A false negative (FN), false positive (FP) or wrong attribute of a match (WRONG)."""

    release: str
    field: str
    kind: str
    item: str
    evidence: str = ""

    def line(self) -> str:
        text = f"{self.kind:<5} {self.release}  {self.field:<21} {self.item}"
        return f"{text} | {self.evidence}" if self.evidence else text


@dataclass(frozen=True)
class Report:
    """The scores of one run. ``missing`` are gold stems without a release; ``failed``
    releases could not be read or extracted and were scored as extracting nothing."""

    releases: tuple[str, ...]
    fields: tuple[FieldScore, ...]
    attributes: tuple[Accuracy, ...]
    misses: tuple[Miss, ...] = ()
    split: str = "all"
    missing: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()

    @property
    def macro_f1(self) -> float:
        return sum(f.f1 for f in self.fields) / len(self.fields) if self.fields else 0.0

    def field(self, name: str) -> FieldScore:
        return next(f for f in self.fields if f.field == name)

    def attribute(self, name: str) -> Accuracy:
        return next(a for a in self.attributes if a.name == name)


@dataclass
class _Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in FIELDS})
    attrs: dict[str, list[int]] = field(default_factory=lambda: {a: [0, 0] for a in ATTRIBUTES})
    misses: list[Miss] = field(default_factory=list)

    def attr(self, name: str, right: bool, weight: int = 1) -> None:
        self.attrs[name][0] += int(right) * weight
        self.attrs[name][1] += weight


@dataclass
class _Case:
    """One release under comparison."""

    stem: str
    gold: Gold
    facts: Facts
    names: Names
    tally: _Tally

    def record(
        self,
        name: str,
        gold: Sequence[str],
        found: Sequence[str],
        pairs: Sequence[tuple[int, int]],
        gold_evidence: Sequence[str] = (),
        found_evidence: Sequence[str] = (),
    ) -> None:
        """Count a field's pairs and list its unpaired items as misses."""
        counts = self.tally.counts[name]
        paired_gold, paired_found = {i for i, _ in pairs}, {j for _, j in pairs}
        counts[0] += len(pairs)
        counts[1] += len(found) - len(paired_found)
        counts[2] += len(gold) - len(paired_gold)
        for i, item in enumerate(gold):
            if i not in paired_gold:
                ev = gold_evidence[i] if gold_evidence else ""
                self.tally.misses.append(Miss(self.stem, name, "FN", item, ev))
        for j, item in enumerate(found):
            if j not in paired_found:
                ev = found_evidence[j] if found_evidence else ""
                self.tally.misses.append(Miss(self.stem, name, "FP", item, ev))

    def wrong(self, name: str, item: str, evidence: str) -> None:
        self.tally.misses.append(Miss(self.stem, name, "WRONG", item, evidence))


def _greedy(n_gold: int, n_found: int, score: Callable[[int, int], float | None]) -> list[tuple[int, int]]:
    """One-to-one pairs, best score first; ties go to the earlier gold, then extracted item."""
    candidates: list[tuple[float, int, int]] = []
    for i in range(n_gold):
        for j in range(n_found):
            value = score(i, j)
            if value is not None:
                candidates.append((-value, i, j))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_found:
            used_gold.add(i)
            used_found.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _sentence(quotes: Iterable[str]) -> str:
    return next((" ".join(q.split()) for q in quotes), "")


# -- fields ---------------------------------------------------------------------------------


def _people(case: _Case) -> None:
    gold, found, names = case.gold.people, case.facts.people, case.names

    def score(i: int, j: int) -> float | None:
        keys_g, keys_f = names.name_keys(gold[i].name), names.name_keys(found[j].name)
        if keys_g & keys_f:
            return 2.0
        return 1.0 if names.same_person(gold[i].name, found[j].name) else None

    pairs = _greedy(len(gold), len(found), score)
    case.record(
        "people",
        [f"{p.name} ({p.country or p.organization or '-'})" for p in gold],
        [f"{p.name} ({p.country or p.organization or '-'})" for p in found],
        pairs,
        found_evidence=[_sentence(e.quote for e in p.evidence) for p in found],
    )
    for i, j in pairs:
        g, f = gold[i], found[j]
        if g.country != f.country:
            case.wrong("people.country", f"{g.name}: gold {g.country} extracted {f.country}", "")
        case.tally.attr("person_country", g.country == f.country)
        titles = {label_tokens(case.names.post_title(post.title)) for post in f.posts}
        for post in g.posts:
            right = label_tokens(case.names.post_title(post)) in titles
            case.tally.attr("person_posts", right)
            if not right:
                extracted = ", ".join(p.title for p in f.posts) or "none"
                case.wrong("people.posts", f"{g.name}: gold post {post!r} not among: {extracted}", "")


def _countries(case: _Case) -> None:
    gold = sorted(set(case.gold.countries))
    found = sorted({c.iso3 for c in case.facts.countries})
    evidence = {c.iso3: _sentence(e.quote for e in c.evidence) for c in case.facts.countries}
    pairs = [(gold.index(c), found.index(c)) for c in gold if c in found]
    case.record("countries", gold, found, pairs, found_evidence=[evidence[c] for c in found])


def _organizations(case: _Case) -> None:
    gold, found = case.gold.organizations, case.facts.organizations
    pairs = _greedy(
        len(gold),
        len(found),
        lambda i, j: case.names.organization_score(
            (gold[i].key, gold[i].label), (found[j].key, found[j].label)
        ),
    )
    case.record(
        "organizations",
        [f"{o.key} {o.label}" for o in gold],
        [f"{o.key} {o.label}" for o in found],
        pairs,
        found_evidence=[_organization_evidence(o) for o in found],
    )


def _organization_evidence(org: Organization) -> str:
    return _sentence(e.quote for e in org.evidence)


def _initiatives(case: _Case) -> None:
    gold, found = case.gold.initiatives, case.facts.initiatives
    pairs = _greedy(len(gold), len(found), lambda i, j: case.names.initiative_score(gold[i], found[j]))
    case.record(
        "initiatives",
        [f"{i.label} ({i.key or i.acronym or i.kind})" for i in gold],
        [f"{i.label} ({i.key})" for i in found],
        pairs,
        found_evidence=[_sentence(e.quote for e in i.evidence) for i in found],
    )


def _same_sentence(gold_evidence: str, quotes: Iterable[str]) -> bool:
    needle = _squash(gold_evidence)
    return any(needle in _squash(q) for q in quotes)


def _meeting_text(
    kind: str, status: str, date: str | None, place: str | None, actors: Iterable[Actor]
) -> str:
    return f"{kind} {status} {date or '-'} {place or '-'} [{', '.join(map(str, actors))}]"


def _meetings(case: _Case) -> None:
    gold, found = case.gold.meetings, case.facts.meetings
    gold_actors = [_unique(_gold_actor(a, case.gold) for a in m.participants) for m in gold]
    found_actors = [_unique(_found_actor(a, case.facts) for a in m.participants) for m in found]

    def score(i: int, j: int) -> float | None:
        shared = _paired(gold_actors[i], found_actors[j], case.names)
        same_sentence = _same_sentence(gold[i].evidence, (e.quote for e in found[j].evidence))
        same_kind = gold[i].kind == found[j].kind
        if not shared or not (same_kind or same_sentence):
            return None
        union = len(gold_actors[i]) + len(found_actors[j]) - shared
        same_status = gold[i].status == found[j].status.value
        return 2.0 * same_sentence + same_kind + same_status + shared / union

    pairs = _greedy(len(gold), len(found), score)
    case.record(
        "meetings",
        [_meeting_text(m.kind, m.status, m.date, m.place, a) for m, a in zip(gold, gold_actors, strict=True)],
        [_found_meeting_text(m, a) for m, a in zip(found, found_actors, strict=True)],
        pairs,
        gold_evidence=[m.evidence for m in gold],
        found_evidence=[_sentence(e.quote for e in m.evidence) for m in found],
    )
    for i, j in pairs:
        _meeting_attributes(case, gold[i], found[j])


def _found_meeting_text(meeting: Meeting, actors: Iterable[Actor]) -> str:
    date = meeting.date.iso() if meeting.date else None
    place = meeting.place.label if meeting.place else None
    return _meeting_text(meeting.kind, meeting.status.value, date, place, actors)


def _same_place(gold: str | None, found: str | None) -> bool:
    if gold is None or found is None:
        return gold is None and found is None
    a, b = label_tokens(gold), label_tokens(found)
    return a == b or _contains(a, b) or _contains(b, a)


def _meeting_attributes(case: _Case, gold: GoldMeeting, found: Meeting) -> None:
    date = found.date.iso() if found.date else None
    place = found.place.label if found.place else None
    checks = (
        ("meeting_date", "meetings.date", gold.date == date, gold.date, date),
        ("meeting_place", "meetings.place", _same_place(gold.place, place), gold.place, place),
        (
            "meeting_status",
            "meetings.status",
            gold.status == found.status.value,
            gold.status,
            found.status.value,
        ),
    )
    for attr, name, right, want, got in checks:
        case.tally.attr(attr, right)
        if not right:
            case.wrong(name, f"gold {want} extracted {got} ({gold.kind})", gold.evidence)


def _statement_text(act: str, speakers: Iterable[Actor], addressees: Iterable[Actor]) -> str:
    to = ", ".join(map(str, addressees))
    return f"{act} [{', '.join(map(str, speakers))}]" + (f" -> [{to}]" if to else "")


def _same_actors(a: Sequence[Actor], b: Sequence[Actor], names: Names) -> bool:
    return len(a) == len(b) and _paired(a, b, names) == len(a)


def _statements(case: _Case) -> None:
    gold, found = case.gold.statements, case.facts.statements
    g_speakers = [_unique(_gold_actor(a, case.gold) for a in s.speakers) for s in gold]
    f_speakers = [_unique(_found_actor(a, case.facts) for a in s.speakers) for s in found]
    g_to = [_unique(_gold_actor(a, case.gold) for a in s.addressees) for s in gold]
    f_to = [_unique(_found_actor(a, case.facts) for a in s.addressees) for s in found]

    def score(i: int, j: int) -> float | None:
        if gold[i].act != found[j].act:
            return None
        if not _same_sentence(gold[i].evidence, (e.quote for e in found[j].evidence)):
            return None
        if not _same_actors(g_speakers[i], f_speakers[j], case.names):
            return None
        return 1.0 + 0.5 * _same_actors(g_to[i], f_to[j], case.names)

    pairs = _greedy(len(gold), len(found), score)
    case.record(
        "statements",
        [_statement_text(s.act, a, t) for s, a, t in zip(gold, g_speakers, g_to, strict=True)],
        [_statement_text(s.act, a, t) for s, a, t in zip(found, f_speakers, f_to, strict=True)],
        pairs,
        gold_evidence=[s.evidence for s in gold],
        found_evidence=[_statement_sentence(s) for s in found],
    )
    for i, j in pairs:
        right = _same_actors(g_to[i], f_to[j], case.names)
        case.tally.attr("statement_addressees", right)
        if not right:
            want, got = ", ".join(map(str, g_to[i])) or "none", ", ".join(map(str, f_to[j])) or "none"
            case.wrong(
                "statements.addressees", f"{gold[i].act}: gold [{want}] extracted [{got}]", gold[i].evidence
            )


def _statement_sentence(statement: Statement) -> str:
    return _sentence(e.quote for e in statement.evidence)


# -- evaluate -------------------------------------------------------------------------------


def evaluate(gold: Mapping[str, Gold], facts_by_stem: Mapping[str, Facts], lexicon: Lexicon) -> Report:
    """Compare the facts of each gold stem with its gold; every stem needs facts."""
    missing = sorted(set(gold) - set(facts_by_stem))
    if missing:
        raise ValueError(f"no extracted facts for gold {missing[0]!r}")
    names = Names(lexicon)
    tally = _Tally()
    for stem in sorted(gold):
        case = _Case(stem, gold[stem], facts_by_stem[stem], names, tally)
        for scorer in (_people, _countries, _organizations, _initiatives, _meetings, _statements):
            scorer(case)
    return Report(
        releases=tuple(sorted(gold)),
        fields=tuple(FieldScore(f, *tally.counts[f]) for f in FIELDS),
        attributes=tuple(Accuracy(a, *tally.attrs[a]) for a in ATTRIBUTES),
        misses=tuple(tally.misses),
    )


def find_sources(inputs: Sequence[str | Path], stems: Iterable[str]) -> dict[str, Source]:
    """The release of each stem among ``inputs`` (files, folders, manifests).

    A release is matched to a gold file by its file stem. Manifests are read first, so a
    release listed in one keeps the manifest's publisher, date and title, which date
    resolution depends on. A named input that does not exist is an :class:`InputError`.
    """
    from kg.ingest import Problem, expand
    from kg.ingest.sources import MANIFEST_SUFFIXES

    wanted = set(stems)
    ordered = sorted(inputs, key=lambda p: Path(p).suffix.lower() not in MANIFEST_SUFFIXES)
    named = {str(Path(p)) for p in inputs}
    found: dict[str, Source] = {}
    for item in expand(ordered):
        if isinstance(item, Problem):
            if item.fatal and item.name in named:
                raise InputError(item.name, item.message)
            continue
        if item.path is not None and item.path.stem in wanted:
            found.setdefault(item.path.stem, item)
    return found


def _empty_facts(stem: str) -> Facts:
    return Facts(
        Release(key=stem, text="", source=stem, media_type="text/plain", paragraphs=(), sentences=())
    )


def run_eval(
    gold_dir: str | Path,
    releases: Sequence[str | Path] = (),
    split: str = "all",
    pipeline: Pipeline | None = None,
) -> Report:
    """Load the gold, read and extract its releases (default: those in ``gold_dir``), score.

    Gold stems with no release among ``releases`` are left out and listed in
    ``Report.missing``; if none is found that is an :class:`InputError`. A release that
    fails to read or extract is scored as extracting nothing and listed in ``failed``.
    """
    from kg.extract import extract
    from kg.ingest import load_rules, read_release
    from kg.pipeline import make_pipeline

    gold = load_gold(gold_dir)
    stems = split_stems(gold_dir, gold, split)
    sources = find_sources(list(releases) or [gold_dir], stems)
    if not sources:
        raise InputError(
            str(gold_dir),
            f"no release found for any of the {len(stems)} gold files",
            "name the release files, their folder or a manifest such as index.jsonl",
        )
    pipeline = pipeline or make_pipeline()
    rules = load_rules()
    facts: dict[str, Facts] = {}
    failed: list[tuple[str, str]] = []
    for stem in sorted(sources):
        try:
            release = read_release(sources[stem], rules, pipeline.abbreviations)
            facts[stem] = extract(release, pipeline.lexicon)
        except Exception as exc:  # scored as nothing found, and reported
            failed.append((stem, f"{type(exc).__name__}: {exc}"))
            facts[stem] = _empty_facts(stem)
    report = evaluate({s: gold[s] for s in sources}, facts, pipeline.lexicon)
    return Report(
        report.releases,
        report.fields,
        report.attributes,
        report.misses,
        split,
        tuple(s for s in stems if s not in sources),
        tuple(failed),
    )


# -- output ---------------------------------------------------------------------------------


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def report_dict(report: Report, misses: bool = False) -> dict[str, object]:
    """The report as plain JSON data (``kg eval --format json``)."""
    data: dict[str, object] = {
        "split": report.split,
        "releases": list(report.releases),
        "fields": {
            f.field: {
                "gold": f.tp + f.fn,
                "extracted": f.tp + f.fp,
                "tp": f.tp,
                "fp": f.fp,
                "fn": f.fn,
                "precision": _round(f.precision),
                "recall": _round(f.recall),
                "f1": _round(f.f1),
            }
            for f in report.fields
        },
        "macro_f1": _round(report.macro_f1),
        "attributes": {
            a.name: {"correct": a.correct, "total": a.total, "accuracy": _round(a.value)}
            for a in report.attributes
        },
        "missing": list(report.missing),
        "failed": [{"release": s, "error": e} for s, e in report.failed],
    }
    if misses:
        data["misses"] = [
            {"release": m.release, "field": m.field, "kind": m.kind, "item": m.item, "evidence": m.evidence}
            for m in report.misses
        ]
    return data


TABLE_HEADER = f"{'field':<14}{'gold':>6}{'found':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"


def _table(report: Report, misses: bool) -> str:
    count = len(report.releases)
    lines = [f"{count} release{'' if count == 1 else 's'}, split {report.split}", "", TABLE_HEADER]
    for f in report.fields:
        lines.append(
            f"{f.field:<14}{f.tp + f.fn:>6}{f.tp + f.fp:>7}{f.tp:>6}{f.fp:>6}{f.fn:>6}"
            f"{f.precision:>8.3f}{f.recall:>8.3f}{f.f1:>8.3f}"
        )
    lines.append(f"{'macro-F1':<14}{'':>47}{report.macro_f1:>8.3f}")
    lines += ["", f"{'over matched pairs':<24}{'right':>7}{'of':>6}{'accuracy':>10}"]
    for a in report.attributes:
        value = "-" if a.value is None else f"{a.value:.3f}"
        lines.append(f"{_ATTRIBUTE_LABELS[a.name]:<24}{a.correct:>7}{a.total:>6}{value:>10}")
    if misses:
        lines += ["", "misses:"] + [m.line() for m in report.misses]
    return "\n".join(lines) + "\n"


def format_report(report: Report, fmt: str = "table", misses: bool = False) -> str:
    """``table`` (aligned text) or ``json``; ``misses`` adds every FN, FP and WRONG line."""
    if fmt == "json":
        return json.dumps(report_dict(report, misses), indent=2, ensure_ascii=False) + "\n"
    if fmt == "table":
        return _table(report, misses)
    raise ValueError(f"unknown format {fmt!r}; use table or json")
