"""Corpus registers: persons, places, organisations and works merged from every document.

Entries come from every document's lists (``listPerson``, ``listPlace``,
``listOrg``, ``listBibl``, ``standOff``, ``particDesc``) and from register files;
an entry is one ``xml:id`` in one document.  Each entry collects the mentions
that point to it from every document: names in the text (``persName``,
``placeName``, ``orgName`` with ``@ref``, linked to their ``m-N`` anchor in the
edition) and the parties of ``correspDesc``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .extract import Entry
from .pointers import CorpusDocument, _key

#: Register kinds in the order of the site's menu: kind -> (page, heading).
REGISTERS = {
    "person": ("persons.html", "Persons"),
    "place": ("places.html", "Places"),
    "org": ("organisations.html", "Organisations"),
    "work": ("works.html", "Works"),
}


@dataclass(slots=True)  # one per mention of the corpus
class MentionLink:
    doc: CorpusDocument
    anchor: str | None
    text: str


@dataclass
class RegisterEntry:
    kind: str
    entry: Entry
    doc: CorpusDocument
    anchor: str = ""
    mentions: list[MentionLink] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.entry.label or self.entry.id


@dataclass
class Registers:
    by_kind: dict[str, list[RegisterEntry]]
    by_target: dict[tuple[str, str], RegisterEntry]

    def page_of(self, entry: RegisterEntry) -> str:
        return REGISTERS[entry.kind][0]


_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text).strip("-")


def collect(docs: list[CorpusDocument], rel: dict[int, str]) -> Registers:
    """Every entry of ``docs``, with its page anchor (its id, unless two documents define
    the same id: then ``doc-path.id``).  ``rel`` maps id(doc) to its path in the corpus."""
    found: list[RegisterEntry] = []
    for doc in docs:
        if doc.data is None:
            continue
        for entry in doc.data.entries:
            found.append(RegisterEntry(entry.kind, entry, doc))
    counts = Counter((e.kind, e.entry.id) for e in found)
    by_kind: dict[str, list[RegisterEntry]] = {k: [] for k in REGISTERS}
    by_target: dict[tuple[str, str], RegisterEntry] = {}
    for e in found:
        unique = counts[(e.kind, e.entry.id)] == 1
        stem = rel[id(e.doc)].removesuffix(".xml")
        e.anchor = e.entry.id if unique else f"{_slug(stem)}.{e.entry.id}"
        by_kind[e.kind].append(e)
        by_target[(_key(e.doc.path), e.entry.id)] = e
    for entries in by_kind.values():
        entries.sort(key=lambda e: (e.label.casefold(), e.anchor))
    return Registers(by_kind, by_target)
