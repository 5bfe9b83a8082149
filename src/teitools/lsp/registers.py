"""Register entries (people, places, organisations, sources) and the pointers to them.

An *entry* is an element with an ``xml:id`` in one of the TEI lists
(``listPerson``, ``listPlace``, ``listOrg``, ``listBibl``, ``listEvent``, …,
or anywhere in ``standOff``): its label is its name as the list gives it,
its detail the kind and dates.  A *mention* is one pointer (``#id`` or
``file.xml#id``) in ``@ref``, ``@who``, ``@source``, ``@corresp``,
``@target``, ``@prev``/``@next``, ``@resp``, … .  Both come from the open
documents and from the project's other XML files (read from disk, cached
by modification time), so completion offers the project's people and
"find references" finds them in every file.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..xmlio import TEI_NS, XML_NS
from .cancel import check_cancelled
from .document import Snapshot, path_to_uri
from .scan import Element

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
POINTER_ATTRIBUTES = ("ref", "who", "source", "corresp", "target", "prev", "next", "resp",
                      "sameAs", "copyOf", "synch")
ENTRY_KINDS = {"person", "personGrp", "place", "org", "bibl", "biblStruct", "event", "object",
               "nym", "relation", "item", "name", "msDesc", "listBibl"}
LISTS = {"listPerson", "listPlace", "listOrg", "listBibl", "listEvent", "listObject", "listNym",
         "standOff"}
NAME_CHILDREN = ("persName", "placeName", "orgName", "name", "title", "objectName", "label",
                 "head", "term")
#: Which entry kinds a pointer may target, by (element, attribute); missing: any kind.
TARGET_KINDS: dict[tuple[str, str], set[str]] = {
    ("persName", "ref"): {"person", "personGrp"},
    ("author", "ref"): {"person", "personGrp", "org"},
    ("editor", "ref"): {"person", "personGrp", "org"},
    ("placeName", "ref"): {"place"},
    ("geogName", "ref"): {"place"},
    ("orgName", "ref"): {"org"},
    ("said", "who"): {"person", "personGrp"},
    ("sp", "who"): {"person", "personGrp"},
    ("u", "who"): {"person", "personGrp"},
    ("quote", "source"): {"bibl", "biblStruct", "listBibl"},
    ("cit", "source"): {"bibl", "biblStruct", "listBibl"},
}
ANY_ATTRIBUTE_KINDS: dict[str, set[str]] = {
    "resp": {"person", "personGrp", "org", "name"},
    "who": {"person", "personGrp"},
}
MAX_PROJECT_FILES = 2000
#: Not the project's documents: outputs, dependencies, test fixtures.
SKIP_DIRS = {"build", "node_modules", "__pycache__", "dist", "site", "tests", "test"}
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str  # local name: person, place, org, bibl, …
    label: str
    detail: str
    note: str
    uri: str
    start: int  # offsets of the element in its file's text
    end: int
    name_start: int  # the xml:id value
    name_end: int
    list: str  # the list it is in (listPerson …)


@dataclass(frozen=True)
class Mention:
    target_file: str | None  # resolved path of the file named before '#', None: same document
    id: str
    element: str  # local name
    attribute: str
    uri: str
    start: int  # offsets of the pointer token
    end: int


def _text(el: etree._Element) -> str:
    return _WS.sub(" ", "".join(str(t) for t in el.itertext())).strip()


def _local(tag: object) -> str:
    text = str(tag)
    return text.split("}", 1)[1] if text.startswith(T) else text


def _label(el: etree._Element) -> str:
    for name in NAME_CHILDREN:
        child = el.find(f"{T}{name}")
        if child is not None:
            text = _text(child)
            if text:
                return text
    if _local(el.tag) in ("name", "bibl", "item"):
        text = _text(el)
        if text:
            return text[:80]
    return str(el.get(XML_ID))


def _dates(el: etree._Element) -> str:
    parts: list[str] = []
    for name, sign in (("birth", "b."), ("death", "d."), ("floruit", "fl.")):
        child = el.find(f"{T}{name}")
        if child is not None:
            when = child.get("when") or child.get("notBefore") or child.get("from") or _text(child)
            if when:
                parts.append(f"{sign} {when}")
    date = el.find(f"{T}date")
    if date is not None and not parts:
        when = date.get("when") or _text(date)
        if when:
            parts.append(when)
    return ", ".join(parts)


def _detail(el: etree._Element) -> str:
    kind = _local(el.tag)
    bits = [kind]
    for attr in ("type", "role", "sex"):
        value = el.get(attr)
        if value:
            bits.append(f"{attr}={value}")
    dates = _dates(el)
    if dates:
        bits.append(dates)
    return ", ".join(bits)


def _note(el: etree._Element) -> str:
    note = el.find(f"{T}note")
    if note is None:
        return ""
    text = _text(note)
    return text if len(text) <= 400 else text[:399] + "…"


def _in_list(el: etree._Element) -> str | None:
    parent = el.getparent()
    while parent is not None:
        local = _local(parent.tag)
        if local in LISTS:
            return local
        parent = parent.getparent()
    return None


def entries_of(snapshot: Snapshot) -> list[Entry]:
    """The register entries of one document (computed once per snapshot)."""
    return snapshot.memo("entries", lambda: _entries(snapshot))


_LIST_START = re.compile(r"<(" + "|".join(sorted(LISTS)) + r")[\s>/]")
#: uri -> {the text of a register region: (its offset, the entries found in it)}
_REGIONS: dict[str, dict[str, tuple[int, list[Entry]]]] = {}
_REGIONS_LOCK = threading.Lock()


def register_regions(text: str) -> list[tuple[int, int]]:
    """Offsets of the outermost lists and ``standOff`` elements (a text search, no parse)."""
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _LIST_START.search(text, pos)
        if m is None:
            return out
        name = m.group(1)
        depth = 0
        end = len(text)
        for t in re.compile(rf"<(/?){name}\b[^>]*?(/?)>").finditer(text, m.start()):
            if t.group(1):
                depth -= 1
            elif not t.group(2):
                depth += 1
            if depth <= 0:
                end = t.end()
                break
        out.append((m.start(), end))
        pos = end


def _root_namespaces(text: str) -> str:
    """The namespace declarations of the root element's start tag."""
    from .scan import TOKEN, parse_attributes

    for m in TOKEN.finditer(text):
        if m.group(2):
            return " ".join(f'{a.name}="{a.value or ""}"'
                            for a in parse_attributes(text, m.start(3), m.end(3))
                            if a.name == "xmlns" or a.name.startswith("xmlns:"))
    return ""


def _entries(snapshot: Snapshot) -> list[Entry]:
    """Entries from the register regions only: a region unchanged since the last version
    (the common case: the edit was elsewhere) reuses its entries, shifted, so a 10 MB
    document is not parsed whole for a pointer completion."""
    import dataclasses

    text = snapshot.text
    regions = register_regions(text)
    with _REGIONS_LOCK:
        cached = _REGIONS.get(snapshot.uri, {})
    decls = None
    out: list[Entry] = []
    fresh: dict[str, tuple[int, list[Entry]]] = {}
    for a, b in regions:
        region = text[a:b]
        hit = cached.get(region)
        if hit is not None:
            d = a - hit[0]
            found = hit[1] if d == 0 else [dataclasses.replace(
                e, start=e.start + d, end=e.end + d, name_start=e.name_start + d,
                name_end=e.name_end + d) for e in hit[1]]
        else:
            if decls is None:
                decls = _root_namespaces(text) or f'xmlns="{TEI_NS}"'
            wrapper = f"<w {decls}>"
            # the region alone, inside the root's namespaces, then moved to its offsets (a
            # list at the end of 10 MB is not parsed behind 10 MB of padding)
            d = a - len(wrapper)
            found = [dataclasses.replace(e, start=e.start + d, end=e.end + d,
                                         name_start=e.name_start + d, name_end=e.name_end + d)
                     for e in _entries_in(Snapshot(snapshot.uri, wrapper + region + "</w>", 0))]
        fresh[region] = (a, found)
        out.extend(found)
    with _REGIONS_LOCK:
        _REGIONS[snapshot.uri] = fresh
    return out


def _entries_in(snapshot: Snapshot) -> list[Entry]:
    tree = snapshot.tree
    if tree is None:
        return []
    out: list[Entry] = []
    scanned = snapshot.scanned
    for el in tree.getroot().iter(etree.Element):
        ident = el.get(XML_ID)
        if not ident:
            continue
        kind = _local(el.tag)
        where = _in_list(el)
        if kind not in ENTRY_KINDS or where is None:
            continue
        found = scanned.get(el)
        if found is None:
            continue
        value = found.tag.attribute("xml:id")
        name_start, name_end = (value.value_start, value.value_end) if value is not None else (
            found.tag.name_start, found.tag.name_end)
        out.append(Entry(ident, kind, _label(el), _detail(el), _note(el), snapshot.uri,
                         found.start, found.end if found.end >= 0 else found.start_end,
                         name_start, name_end, where or ""))
    return out


def ids_of(snapshot: Snapshot) -> dict[str, Element]:
    """Every ``xml:id`` of the document, with its element."""
    return snapshot.memo("ids", lambda: _ids(snapshot))


def _ids(snapshot: Snapshot) -> dict[str, Element]:
    out: dict[str, Element] = {}
    for i, el in enumerate(snapshot.elements):
        if i % 4096 == 0:
            check_cancelled()
        if "xml:id" not in snapshot.text[el.start:el.start_end]:
            continue
        value = el.tag.attribute("xml:id")
        if value is not None and value.value:
            out.setdefault(value.value, el)
    return out


def mentions_of(snapshot: Snapshot) -> list[Mention]:
    """Every pointer of the document (``#id`` and ``file#id`` tokens)."""
    return snapshot.memo("mentions", lambda: _mentions(snapshot))


def _mentions(snapshot: Snapshot) -> list[Mention]:
    out: list[Mention] = []
    base = snapshot.path.parent if snapshot.path is not None else None
    text = snapshot.text
    for i, el in enumerate(snapshot.elements):
        if i % 4096 == 0:
            check_cancelled()
        if "#" not in text[el.start:el.start_end]:
            continue
        local = el.name.split("}", 1)[1] if el.name.startswith("{") else el.name
        for attr in el.tag.attributes:
            if attr.name not in POINTER_ATTRIBUTES or not attr.value:
                continue
            for m in re.finditer(r"\S+", attr.value):
                token = m.group()
                if "#" not in token:
                    continue
                file_part, _, ident = token.partition("#")
                if not ident:
                    continue
                target: str | None = None
                if file_part:
                    if "://" in file_part or base is None:
                        continue
                    target = str((base / file_part).resolve())
                start = attr.value_start + m.start()
                out.append(Mention(target, ident, local, attr.name, snapshot.uri, start,
                                   start + len(token)))
    return out


def wanted_kinds(element: str, attribute: str) -> set[str] | None:
    """Entry kinds a pointer in ``element/@attribute`` may target (None: any)."""
    return TARGET_KINDS.get((element, attribute)) or ANY_ATTRIBUTE_KINDS.get(attribute)


# --------------------------------------------------------------------------- the project


def project_root(path: Path | None, folders: Iterable[Path] = ()) -> tuple[Path, bool] | None:
    """The project a file belongs to, and whether its subdirectories are part of it: the
    workspace folder containing it, else the nearest directory with a ``pyproject.toml``,
    a ``schema/`` directory or a ``.git``; else only the file's own directory (a file
    in a home or temporary directory must not make the server read everything below)."""
    if path is None:
        return None
    resolved = path.resolve()
    for folder in folders:
        try:
            resolved.relative_to(folder.resolve())
            return folder.resolve(), True
        except ValueError:
            continue
    for d in resolved.parents:
        if (d / "pyproject.toml").is_file() or (d / "schema").is_dir() or (d / ".git").exists():
            return d, True
    return resolved.parent, False


def project_files(root: Path, recursive: bool = True) -> list[Path]:
    """The project's XML files (hidden and build directories skipped, bounded)."""
    out: list[Path] = []
    if not recursive:
        return sorted(p for p in root.glob("*.xml") if p.is_file())[:MAX_PROJECT_FILES]
    for base, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(files):
            if name.endswith(".xml"):
                out.append(Path(base) / name)
                if len(out) >= MAX_PROJECT_FILES:
                    return out
    return out


@dataclass
class _FileIndex:
    """One file of the project as read from disk; its entries and mentions are computed
    when first asked for (a reference search needs the mentions, a pointer completion only
    the entries)."""

    stamp: tuple[int, int]
    snapshot: Snapshot
    has_lists: bool

    @property
    def entries(self) -> list[Entry]:
        return entries_of(self.snapshot) if self.has_lists else []

    @property
    def mentions(self) -> list[Mention]:
        return mentions_of(self.snapshot)


class Project:
    """Entries and mentions of the files on disk under one root (cached by mtime)."""

    #: The list of files is walked again after this many seconds.
    LIST_SECONDS = 5.0

    def __init__(self, root: Path, recursive: bool = True) -> None:
        self.root = root
        self.recursive = recursive
        self._files: dict[Path, _FileIndex] = {}
        self._listed: tuple[float, list[Path]] = (0.0, [])
        self._lock = threading.Lock()

    def paths(self) -> list[Path]:
        now = time.monotonic()
        with self._lock:
            when, paths = self._listed
        if now - when > self.LIST_SECONDS:
            paths = project_files(self.root, self.recursive)
            with self._lock:
                self._listed = (now, paths)
        return paths

    def _index(self, path: Path) -> _FileIndex | None:
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = (st.st_mtime_ns, st.st_size)
        with self._lock:
            hit = self._files.get(path)
        if hit is not None and hit.stamp == stamp:
            return hit
        if st.st_size > 64 * 2**20:
            return None
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            return None
        snap = Snapshot(path_to_uri(path), text, 0)
        has_lists = "xml:id" in text and any(f"<{n}" in text for n in LISTS)
        index = _FileIndex(stamp, snap, has_lists)
        with self._lock:
            self._files[path] = index
        return index

    def files(self, skip: Container[str] = ()) -> Iterator[tuple[Path, _FileIndex | None]]:
        """The project's files (resolved) and their index; a file whose resolved path is in
        ``skip`` (open in the editor: its live text is used instead) is not read, and comes
        with ``None``."""
        for path in self.paths():
            resolved = path.resolve()
            if str(resolved) in skip:
                yield resolved, None
                continue
            check_cancelled()
            index = self._index(path)
            if index is not None:
                yield resolved, index

    def snapshot(self, path: Path) -> Snapshot | None:
        index = self._index(path)
        return index.snapshot if index is not None else None


_PROJECTS: dict[tuple[Path, bool], Project] = {}
_PROJECTS_LOCK = threading.Lock()


def project(root: Path, recursive: bool = True) -> Project:
    with _PROJECTS_LOCK:
        found = _PROJECTS.get((root, recursive))
        if found is None:
            found = Project(root, recursive)
            _PROJECTS[(root, recursive)] = found
        return found
