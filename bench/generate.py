"""Synthetic foreign-ministry press releases, in the genre of the development corpus.

Release ``i`` of seed ``s`` depends on nothing else, so a corpus of any size is made in
one pass, streamed, and the first 1,000 releases of the 100k corpus are the 1k corpus.
Each release is a readout from one of several ministries in its house style (numbered
paragraphs with "o" bullets, a narrative, an overview list, a short readout), with page
boilerplate as ministries publish it (menus, share links, dates, "Back to list"), a
meeting, call, visit or dialogue between invented officials of real states, statements
in the 16 acts, initiatives, planned follow-up meetings, and closing boilerplate. About
one in ten is an HTML page. Files go to ``DIR/releases/NNN/``, listed with their URL,
title, date and publisher in ``DIR/index.jsonl``.

    python -m bench.generate --size 1000 --seed 7 DIR
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.names import (
    INITIATIVES,
    MINISTRIES,
    NAME_PARTS,
    NEW_INITIATIVES,
    ORGANIZATIONS,
    POSTS,
    STATES,
    TOPICS,
    State,
)

HTML_SHARE = 0.1
FIRST_DAY = dt.date(2008, 1, 1)
DAYS = 17 * 365


@dataclass(frozen=True)
class Official:
    name: str
    post: str
    state: State

    @property
    def surname(self) -> str:
        parts = NAME_PARTS[self.state.style]
        return self.name.split()[0] if parts[2] else self.name.split()[-1]

    def full(self) -> str:
        return f"{self.post} {self.name}"

    def of(self) -> str:
        return f"{self.post} of {self.state.short.removeprefix('the ')} {self.name}"

    def short(self) -> str:
        return f"{self.post.split()[-1]} {self.surname}"


@dataclass(frozen=True)
class Generated:
    """One release: its file (relative to the corpus folder), text and manifest entry."""

    file: str
    text: str
    entry: dict[str, str]


def release(seed: int, index: int) -> Generated:
    """Release ``index`` of the corpus of ``seed``; the same arguments give the same release."""
    return _Writer(random.Random(f"{seed}:{index}"), index).write()


def corpus(seed: int, size: int) -> Iterator[Generated]:
    for index in range(size):
        yield release(seed, index)


def write_corpus(folder: Path, seed: int, size: int) -> Path:
    """Write ``size`` releases and their manifest under ``folder``; return the manifest."""
    manifest = folder / "index.jsonl"
    folder.mkdir(parents=True, exist_ok=True)
    with manifest.open("w", encoding="utf-8") as index:
        for item in corpus(seed, size):
            path = folder / item.file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item.text, encoding="utf-8")
            index.write(json.dumps(item.entry, ensure_ascii=False) + "\n")
    return manifest


class _Writer:
    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.ministry, home, self.style = rng.choice(MINISTRIES)
        self.home = STATES[home]
        self.guest_state = rng.choice([s for s in STATES if s is not self.home])
        self.date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        self.host = self.official(self.home, ("Foreign Minister", "Minister of Foreign Affairs"))
        self.guest = self.official(self.guest_state)
        self.third = self.official(rng.choice([s for s in STATES if s not in (self.home, self.guest_state)]))
        self.kind = rng.choices(
            ["meeting", "call", "visit", "dialogue", "videoconference"], [45, 25, 12, 10, 8]
        )[0]
        self.city = rng.choice(self.home.cities if self.kind != "visit" else self.guest_state.cities)
        a, b = self.home.short.removeprefix("the "), self.guest_state.short.removeprefix("the ")
        self.initiatives = [rng.choice(INITIATIVES), rng.choice(NEW_INITIATIVES).format(a=a, b=b)]
        self.topics = rng.sample(TOPICS, 3)

    def official(self, state: State, posts: tuple[str, ...] | None = None) -> Official:
        families, givens, family_first = NAME_PARTS[state.style]
        family, given = self.rng.choice(families), self.rng.choice(givens)
        name = f"{family} {given}" if family_first else f"{given} {family}"
        titles = posts or tuple(p for p, _ in POSTS)
        weights = None if posts else [w for _, w in POSTS]
        return Official(name, self.rng.choices(titles, weights)[0], state)

    # -- sentences -------------------------------------------------------------------

    def when(self) -> str:
        return f"{self.date:%B} {self.date.day}, {self.date.year}"

    def opening(self) -> str:
        host, guest, r = self.host, self.guest, self.rng
        when = r.choice([f"on {self.when()}", f"on {self.date:%B} {self.date.day}"])
        if self.kind == "call":
            minutes = r.choice([20, 30, 40, 45])
            return (
                f"{host.full()} held a telephone conversation with {guest.of()} {when}, "
                f"for approximately {minutes} minutes."
            )
        if self.kind == "videoconference":
            return f"{host.full()} held a videoconference with {guest.of()} {when}."
        if self.kind == "visit":
            return (
                f"{host.full()} paid an official visit to {self.guest_state.short} from "
                f"{when.removeprefix('on ')} and held talks with {guest.of()} in {self.city}."
            )
        if self.kind == "dialogue":
            nth = r.randint(2, 12)
            return (
                f"{host.full()} and {guest.of()} held the {_ordinal(nth)} "
                f"{self.home.short.removeprefix('the ')}-{self.guest_state.short.removeprefix('the ')} "
                f"Strategic Dialogue in {self.city} {when}."
            )
        return f"{host.full()} met with {guest.of()} in {self.city} {when}."

    def statements(self) -> list[str]:
        host, guest, r = self.host.short(), self.guest.short(), self.rng
        first, second = self.initiatives
        topic, topic2, topic3 = self.topics
        pool = [
            f"The two sides agreed to further strengthen cooperation on {topic}.",
            f"{host} proposed that the two countries launch the {second} to deepen practical cooperation.",
            f"{guest} expressed support for the {second} and agreed to work closely on its follow-up.",
            f"{host} asked {self.guest_state.short} to play a constructive role on {topic2}.",
            f"{guest} welcomed the progress of the {first} and reaffirmed the commitment of "
            f"{self.guest_state.short} to its implementation.",
            f"{host} expressed concern over recent developments regarding {topic2}.",
            "The two ministers condemned the missile launches as a clear violation of "
            "Security Council resolutions.",
            f"{host} invited {guest} to visit {self.home.short} at a mutually convenient time, "
            f"and {guest} accepted the invitation with pleasure.",
            f"{guest} thanked {host} for the hospitality and congratulated {self.home.short} on its "
            f"successful hosting of the international conference.",
            f"The two sides exchanged views on {topic3} and shared the view that close "
            "communication is essential.",
            f"{host} emphasized that the {first} is an important foundation for regional prosperity.",
            f"{guest} stressed that {self.guest_state.short} will continue to make efforts for "
            "peace and stability.",
            "The two ministers hoped that the bilateral relationship would develop further in "
            "the years ahead.",
            f"{host} noted that bilateral trade has grown steadily and said that there is room "
            "for more investment.",
            "The two sides decided to hold the next round of the Strategic Dialogue in "
            f"{self.guest_state.cities[0]} next year.",
            f"{guest} pledged to provide humanitarian assistance through the {self.org()[1]}.",
        ]
        return r.sample(pool, r.randint(6, 11))

    def org(self) -> tuple[str, str, str]:
        return self.rng.choice(ORGANIZATIONS)

    def context(self) -> str:
        years = self.rng.randint(20, 70)
        return (
            f"The two countries established diplomatic ties {years} years ago; the ministers looked back "
            "on what bilateral cooperation has achieved since then and set out the tasks ahead."
        )

    def side_meeting(self) -> str:
        org_name, short, post = self.org()
        return (
            f"On the same day, {self.host.short()} also had a brief meeting with {post} of the {org_name} "
            f"({short}) {self.third.name} on the margins of the conference, and discussed {self.topics[0]}."
        )

    # -- layouts ---------------------------------------------------------------------

    def paragraphs(self) -> list[str]:
        sentences = self.statements()
        body = [self.opening() + " " + sentences[0]]
        for i in range(1, len(sentences), 2):
            body.append(" ".join(sentences[i : i + 2]))
        if self.rng.random() < 0.5:
            body.append(self.side_meeting())
        body.append(self.context())
        return body

    def title(self) -> str:
        a, b = self.home.short.removeprefix("the "), self.guest_state.short.removeprefix("the ")
        what = {
            "meeting": "Foreign Ministers' Meeting",
            "call": "Foreign Ministers' Telephone Talk",
            "visit": "Foreign Minister's Visit",
            "dialogue": "Strategic Dialogue",
            "videoconference": "Foreign Ministers' Videoconference",
        }[self.kind]
        return self.rng.choice(
            [f"Outcome of {a}-{b} {what}", f"{a}-{b} {what}", f"{self.host.name} Meets {b}"]
        )

    def body(self) -> str:
        paragraphs = self.paragraphs()
        if self.style == "numbered":
            lines = []
            for n, paragraph in enumerate(paragraphs, start=1):
                first, *rest = paragraph.split(". ")
                lines.append(f"{n}. {first}." if rest else f"{n}. {first}")
                if rest:
                    lines.append("o " + ". ".join(rest))
            return "\n\n\n".join(lines)
        if self.style == "overview":
            intro, *items = paragraphs
            return (
                intro
                + " The overview is as follows.\n\n"
                + "\n".join(f"  {n}. {p}" for n, p in enumerate(items, start=1))
            )
        return "\n\n".join(paragraphs)

    def write(self) -> Generated:
        title = self.title()
        body = self.body()
        stem = f"{self.ministry}-{self.date:%Y-%m-%d}-{self.index:07d}"
        url = f"https://www.{self.ministry}.example.org/press/{self.date:%Y}/{self.index:07d}"
        entry = {"url": url, "title": title, "published": self.date.isoformat(), "publisher": self.ministry}
        folder = f"releases/{self.index // 1000:03d}"
        if self.rng.random() < HTML_SHARE:
            file = f"{folder}/{stem}.html"
            return Generated(file, _page(title, body, self.date), {"file": file, **entry})
        counter = f"Date {self.date:%Y-%m-%d} hit {self.rng.randint(50, 9000)}"
        header = {
            "mofa-kr": f"바로가기 메뉴\n본문 바로가기\n\nPress Releases\n\n{title}\n\n{counter}\n\n",
            "fmprc-cn": f"Home > China News\n{title}\n\n",
        }.get(self.ministry, f"Press Releases\n\n{title}\n\n{self.when()}\n\n")
        footer = self.rng.choice(["", "\n\n\\###", "\n\nBack to list", "\n\nprint facebook twitter"])
        file = f"{folder}/{stem}.txt"
        return Generated(file, header + body + footer, {"file": file, **entry})


def _page(title: str, body: str, date: dt.date) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Ministry of Foreign Affairs</title></head><body>\n"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/press">Press Releases</a></li>'
        '<li><a href="/about">About the Ministry</a></li></ul></nav>\n'
        f'<main><article><h1>{html.escape(title)}</h1>\n<p class="date">{date:%Y-%m-%d}</p>\n'
        f"{paragraphs}\n</article></main>\n"
        "<footer><p>Copyright Ministry of Foreign Affairs. All rights reserved.</p>"
        '<a href="/press">Back to list</a></footer>\n</body></html>\n'
    )


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(write_corpus(args.folder, args.seed, args.size))


if __name__ == "__main__":
    main()
