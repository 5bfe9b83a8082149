"""The document store: open snapshots, workspace folders, and the project around them."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types as lsp

from .document import Snapshot, path_to_uri, uri_to_path
from .registers import (
    Entry,
    Mention,
    Project,
    entries_of,
    ids_of,
    mentions_of,
    project,
    project_root,
)
from .scan import neutral_edit
from .text import LineIndex, apply_change


@dataclass(frozen=True)
class Target:
    """Where a pointer leads: a register entry, or any element with that xml:id."""

    uri: str
    start: int
    end: int
    entry: Entry | None
    snapshot: Snapshot


class Workspace:
    def __init__(self) -> None:
        self.documents: dict[str, Snapshot] = {}
        self.folders: list[Path] = []
        self._lock = threading.Lock()

    # -- the store --------------------------------------------------------------------

    def open(self, uri: str, text: str, version: int) -> Snapshot:
        snap = Snapshot(uri, text, version)
        with self._lock:
            self.documents[uri] = snap
        return snap

    def change(self, uri: str, version: int,
               changes: list[lsp.TextDocumentContentChangeEvent]) -> Snapshot | None:
        with self._lock:
            snap = self.documents.get(uri)
        if snap is None:
            return None
        text = snap.text
        changed_at = len(text)
        lines = snap.lines
        index: LineIndex | None = lines
        shift: int | None = None
        if len(changes) == 1 and isinstance(changes[0], lsp.TextDocumentContentChangePartial):
            start = lines.offset(changes[0].range.start)
            end = lines.offset(changes[0].range.end)
            if neutral_edit(text, start, end, changes[0].text):
                shift = len(changes[0].text) - (end - start)
        for change in changes:
            text, at, index = apply_change(text, index, change)
            changed_at = min(changed_at, at)
        new = snap.successor(text, version, changed_at, index, shift)
        with self._lock:
            self.documents[uri] = new
        return new

    def close(self, uri: str) -> None:
        with self._lock:
            self.documents.pop(uri, None)

    def get(self, uri: str) -> Snapshot | None:
        with self._lock:
            return self.documents.get(uri)

    # -- the project --------------------------------------------------------------------

    def project_of(self, snap: Snapshot) -> Project | None:
        found = project_root(snap.path, self.folders)
        return project(*found) if found is not None else None

    def _open_by_path(self) -> dict[str, Snapshot]:
        with self._lock:
            docs = list(self.documents.values())
        return {str(s.path.resolve()): s for s in docs if s.path is not None}

    def snapshots(self, snap: Snapshot) -> Iterator[Snapshot]:
        """This document, the other open ones, and the project's files on disk."""
        yield snap
        open_docs = self._open_by_path()
        seen = {snap.uri}
        for other in open_docs.values():
            if other.uri not in seen:
                seen.add(other.uri)
                yield other
        proj = self.project_of(snap)
        if proj is None:
            return
        for _path, index in proj.files(skip=open_docs):
            if index is None or index.snapshot.uri in seen:
                continue
            seen.add(index.snapshot.uri)
            yield index.snapshot

    def entries(self, snap: Snapshot) -> list[Entry]:
        """Register entries of this document first, then the project's."""
        out: list[Entry] = []
        open_docs = self._open_by_path()
        out.extend(entries_of(snap))
        proj = self.project_of(snap)
        if proj is not None:
            for path, index in proj.files(skip=open_docs):  # open files: their live text
                live = open_docs.get(str(path))
                if live is not None and live.uri != snap.uri:
                    out.extend(entries_of(live))
                elif index is not None and index.snapshot.uri != snap.uri:
                    out.extend(index.entries)
        return out

    def mentions(self, snap: Snapshot) -> list[Mention]:
        out: list[Mention] = []
        open_docs = self._open_by_path()
        proj = self.project_of(snap)
        out.extend(mentions_of(snap))
        if proj is not None:
            for path, index in proj.files(skip=open_docs):
                live = open_docs.get(str(path))
                if live is not None and live.uri != snap.uri:
                    out.extend(mentions_of(live))
                elif index is not None and index.snapshot.uri != snap.uri:
                    out.extend(index.mentions)
        return out

    def resolve(self, snap: Snapshot, token: str) -> Target | None:
        """The target of a pointer token (``#id`` or ``file.xml#id``) written in ``snap``."""
        file_part, _, ident = token.partition("#")
        if not ident:
            return None
        target_snap: Snapshot | None = snap
        if file_part:
            if snap.path is None or "://" in file_part:
                return None
            path = (snap.path.parent / file_part).resolve()
            target_snap = self._open_by_path().get(str(path))
            if target_snap is None:
                proj = self.project_of(snap)
                target_snap = proj.snapshot(path) if proj is not None else None
                if target_snap is None and path.is_file():
                    text = path.read_bytes().decode("utf-8", "replace")
                    target_snap = Snapshot(path_to_uri(path), text, 0)
        if target_snap is None:
            return None
        for entry in entries_of(target_snap):
            if entry.id == ident:
                return Target(entry.uri, entry.start, entry.end, entry, target_snap)
        el = ids_of(target_snap).get(ident)
        if el is not None:
            return Target(target_snap.uri, el.start, el.end if el.end >= 0 else el.start_end,
                          None, target_snap)
        if not file_part:  # "#id" of an entry kept in a register file of the project
            for entry in self.entries(snap):
                if entry.id == ident and entry.uri != snap.uri:
                    other = self.snapshot_for(entry.uri)
                    if other is not None:
                        return Target(entry.uri, entry.start, entry.end, entry, other)
        return None

    def snapshot_for(self, uri: str) -> Snapshot | None:
        snap = self.get(uri)
        if snap is not None:
            return snap
        path = uri_to_path(uri)
        if path is None or not path.is_file():
            return None
        text = path.read_bytes().decode("utf-8", "replace")
        return Snapshot(uri, text, 0)
