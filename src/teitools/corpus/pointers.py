"""Pointers across the corpus, and the corpus-level checks of ``validate`` and ``build``.

A pointer token is resolved like a URI reference against its document:
``#karl`` in the document itself, then (when the document has no such id) in
the register files named in ``[tool.teitools] registers``; ``persons.xml#karl``
and ``../1871/letter-002.xml#p3`` in that document of the corpus; a token with
a scheme (``https:``, a private ``prefixDef`` scheme) is not checked.

Checks (diagnostics of phase ``corpus``):

* ``corpus-pointer`` (error): no such document, no such id in it;
* ``corpus-pointer-kind`` (error): a ``persName/@ref`` pointing to a place, …;
* ``corpus-duplicate-id`` (error): two documents with the same ``TEI/@xml:id``
  or the same ``idno``;
* ``corpus-unused-entry`` (warning): a register file's entry that nothing
  points to (only when the whole corpus is checked).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..diagnostics import Diagnostic, Severity
from .extract import ENTRY_KINDS, DocumentData, Pointer

K = TypeVar("K")
V = TypeVar("V")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: What each entry element counts as, for the kind check (person groups are persons).
#: A play's ``sp/@who`` points to its cast (``role``, ``persona``), which the
#: Guidelines allow as persons without making them register entries.
TARGET_KINDS = {**ENTRY_KINDS, "role": "person", "persona": "person"}


@dataclass(slots=True)
class CorpusDocument:
    """One document of a corpus run."""

    name: str  # as shown in reports
    path: Path  # absolute
    data: DocumentData | None
    diagnostics: list[Diagnostic] = field(default_factory=list)  # corpus-level, added here
    #: normcase(abspath(path)), what documents are looked up by (computed once)
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.key = _key(self.path)


@dataclass(frozen=True)
class Target:
    doc: CorpusDocument
    id: str | None  # None: the whole document
    element: str | None  # local name of the element with that id

    @property
    def kind(self) -> str | None:
        return TARGET_KINDS.get(self.element or "")


class _Memo(OrderedDict[K, V]):
    """A dict that forgets its least recently added entries beyond ``size``: the look-ups
    of a run stay fast without growing with the corpus."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, k: K, v: V) -> None:
        super().__setitem__(k, v)
        if len(self) > self.size:
            self.popitem(last=False)


#: Entries each look-up memo of a :class:`Corpus` keeps (documents found: a 16th).
MEMO_SIZE = 1024


class Corpus:
    """The documents of a run, by absolute path.

    ``docs`` are held in memory; ``find`` looks up one of the run's documents that is
    not (a ``validate`` run's, in its store), ``load`` one outside the run.  Documents
    found so are remembered a few at a time, the register files for good."""

    def __init__(self, docs: list[CorpusDocument], registers: list[Path],
                 load: Callable[[Path], CorpusDocument | None] | None = None,
                 find: Callable[[str], CorpusDocument | None] | None = None) -> None:
        self.by_path = {d.key: d for d in docs}
        self.registers = [_key(r) for r in registers]
        self._load = load
        self._find = find
        self._found: _Memo[str, CorpusDocument | None] = _Memo(MEMO_SIZE // 16)
        self._joined: _Memo[tuple[str, str], str] = _Memo(MEMO_SIZE)
        self._in_registers: _Memo[str, Target | str] = _Memo(MEMO_SIZE)
        self._elsewhere: _Memo[tuple[str, str], Target | str | None] = _Memo(MEMO_SIZE)

    def document(self, path: Path | str) -> CorpusDocument | None:
        k = path if isinstance(path, str) else _key(path)
        doc = self.by_path.get(k)
        if doc is not None:
            return doc
        if k in self._found:
            return self._found[k]
        if self._find is not None:
            doc = self._find(k)
        if doc is None and self._load is not None and os.path.isfile(k):
            doc = self._load(Path(k))
        if doc is not None and k in self.registers:
            self.by_path[k] = doc  # every letter points into them
        else:
            self._found[k] = doc
        return doc

    def recent(self, doc: CorpusDocument) -> None:
        """Remember ``doc`` among the documents found (a run reading its documents in
        order: the next one's pointer back to it needs no look-up)."""
        if doc.key not in self.by_path:
            self._found[doc.key] = doc

    def _held(self, doc: CorpusDocument) -> CorpusDocument:
        """What a remembered target holds of its document: the document itself when the
        corpus holds it anyway, else its name, path and kind only (not its ids: a run's
        memos would otherwise keep a thousand documents' ids; the kind tells a register
        file's used entries)."""
        if doc.key in self.by_path or doc.data is None:
            return doc
        return CorpusDocument(doc.name, doc.path, DocumentData(kind=doc.data.kind))

    def resolve(self, doc: CorpusDocument, token: str) -> Target | str | None:
        """The target of ``token`` in ``doc``; a message when it does not resolve; None
        when it is not checked (a URL, a document that is not well-formed)."""
        if doc.data is None:
            return None
        path_part, _, fragment = token.partition("#")
        if not path_part:
            found = doc.data.ids.get(fragment)
            if found is not None:
                return Target(doc, fragment, found[0])
            if fragment in self._in_registers:  # the same few entries, from every letter
                return self._in_registers[fragment]
            self._in_registers[fragment] = result = self._in_a_register(fragment)
            return result
        if _SCHEME.match(token):
            return None
        base = os.path.dirname(doc.key)
        memo = (base, token)  # what a token means depends on the folder it is written in
        if memo in self._elsewhere:
            return self._elsewhere[memo]
        other = self._elsewhere[memo] = self._in_another(doc, base, path_part, fragment)
        return other

    def _in_a_register(self, fragment: str) -> Target | str:
        for reg in self.registers:
            reg_doc = self.document(reg)
            if reg_doc is not None and reg_doc.data is not None:
                hit = reg_doc.data.ids.get(fragment)
                if hit is not None:
                    return Target(reg_doc, fragment, hit[0])
        where = " or in the registers" if self.registers else ""
        return f"no element with xml:id {fragment!r} in this document{where}"

    def _in_another(self, doc: CorpusDocument, base: str, path_part: str, fragment: str
                    ) -> Target | str | None:
        if "?" in path_part:
            return None
        target_key = self._joined.get((base, path_part))
        if target_key is None:  # many documents of a folder point to the same few files
            target_key = self._joined[(base, path_part)] = os.path.normcase(os.path.normpath(
                os.path.join(base, _unquote(path_part) if "%" in path_part else path_part)))
        target = self.document(target_key)
        if target is None:
            shown = _relative(Path(target_key), doc.path.parent)
            what = "not a document of the corpus" if os.path.exists(target_key) \
                else "no such document"
            return f"{what} ({shown})"
        if target.data is None:
            return None
        if not fragment:
            return Target(self._held(target), None, None)
        hit = target.data.ids.get(fragment)
        if hit is None:
            return f"no element with xml:id {fragment!r} in {target.name}"
        return Target(self._held(target), fragment, hit[0])


def _unquote(path: str) -> str:
    from urllib.parse import unquote

    return unquote(path)


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _relative(path: Path, start: Path) -> str:
    try:
        return posixpath.normpath(os.path.relpath(path, start).replace(os.sep, "/"))
    except ValueError:
        return str(path)


def _pointer_diag(doc: CorpusDocument, ptr: Pointer, message: str, rule: str) -> Diagnostic:
    return Diagnostic(doc.name, ptr.line, ptr.column, Severity.ERROR,
                      f"{ptr.element}/@{ptr.attribute}={ptr.token!r}: {message}", rule, "corpus")


def check_pointers(corpus: Corpus, docs: Iterable[CorpusDocument]) -> Iterator[
        tuple[CorpusDocument, Pointer, Target]]:
    """Check every pointer of ``docs``; yield the ones that resolve (for the registers and
    the editions' links); problems are added to each document's ``diagnostics``."""
    for doc in docs:
        if doc.data is None:
            continue
        for ptr in doc.data.pointers:
            found = corpus.resolve(doc, ptr.token)
            if found is None:
                continue
            if isinstance(found, str):
                doc.diagnostics.append(_pointer_diag(doc, ptr, found, "corpus-pointer"))
                continue
            if ptr.expected is not None and found.id is not None \
                    and found.kind != ptr.expected:
                what = f"<{found.element}>" + ("" if found.doc.key == doc.key
                                               else f" in {found.doc.name}")
                doc.diagnostics.append(_pointer_diag(
                    doc, ptr, f"points to {what}, expected a {ptr.expected} entry",
                    "corpus-pointer-kind"))
                continue
            yield doc, ptr, found


class Seen(Protocol):
    """Where :func:`check_duplicates` keeps the first document of each id."""

    def setdefault(self, k: str, v: Any) -> Any: ...


def check_duplicates(docs: Iterable[CorpusDocument], seen: Seen | None = None) -> None:
    """Two documents with the same TEI/@xml:id or idno: an error on the second.

    ``seen`` (of earlier calls: a run checks its documents a few at a time) maps each id
    to the name and line of its first document."""
    if seen is None:
        seen = {}
    for doc in docs:
        if doc.data is None:
            continue
        keys: list[tuple[str, str, int | None]] = []
        if doc.data.doc_id:
            keys.append((f"id:{doc.data.doc_id}", f"TEI/@xml:id {doc.data.doc_id!r}",
                         doc.data.doc_id_line))
        for value, line in doc.data.idnos:
            kind, _, text = value.partition(":")
            shown = f"idno{f' type={kind!r}' if kind else ''} {text!r}"
            keys.append((f"idno:{value}", shown, line))
        for k, shown, line in keys:
            first = seen.setdefault(k, (doc.name, line))
            if first == (doc.name, line):
                continue
            where = first[0] + (f":{first[1]}" if first[1] else "")
            doc.diagnostics.append(Diagnostic(
                doc.name, line, None, Severity.ERROR,
                f"duplicate document id: {shown} is also the id of {where}",
                "corpus-duplicate-id", "corpus"))


def check_unused(docs: Iterable[CorpusDocument], used: set[tuple[str, str]]) -> None:
    """Warn about register-file entries nothing points to; ``used`` holds (path key, id)."""
    for doc in docs:
        if doc.data is None or doc.data.kind != "register":
            continue
        k = doc.key
        for entry in doc.data.entries:
            if (k, entry.id) not in used:
                doc.diagnostics.append(Diagnostic(
                    doc.name, entry.line, None, Severity.WARNING,
                    f"register entry {entry.id!r} ({entry.label}) is never referenced",
                    "corpus-unused-entry", "corpus"))


def target_key(target: Target) -> tuple[str, str]:
    return target.doc.key, target.id or ""
