"""Register files: the person, place and organisation lists documents point into.

A corpus keeps its persons in a file of their own (``persons.xml``) and its
documents point into it: ``<persName ref="../persons.xml#karl">``.
:class:`Registers` resolves such pointers (relative to the pointing document,
as URIs are) to the entry, reading each register once.  Pointers to the web
(``http://…``) are not followed: exports never fetch anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from lxml import etree

from ..errors import TeiToolsError
from .document import TeiDocument, load


class Registers:
    """Entries of other files, found by ``FILE#id`` pointers; files read once, on demand."""

    def __init__(self, loaded: Iterable[TeiDocument] = ()) -> None:
        self._files: dict[str, TeiDocument | None] = {}
        self._paths: dict[tuple[str, str], str] = {}
        # entity records of register entries (without mentions), made once per corpus
        self.records: dict[str, dict[str, Any]] = {}
        for doc in loaded:
            self._files[_key(doc.name)] = doc

    def resolve(self, doc: TeiDocument,
                token: str) -> tuple[TeiDocument, etree._Element, str] | None:
        """(register, entry, id) for a pointer ``FILE#id`` made in ``doc``; None if unresolved."""
        file, hash_, ident = token.partition("#")
        if not hash_ or not file or not ident or "://" in file or file.startswith("urn:"):
            return None
        path = self._paths.get((doc.name, file))
        if path is None:
            # <stdin> points relative to the working directory
            base = "" if doc.name.startswith("<") else os.path.dirname(doc.name)
            path = self._paths[(doc.name, file)] = _key(os.path.join(base, file))
        if path not in self._files:
            try:
                self._files[path] = load(path)
            except TeiToolsError:
                self._files[path] = None
        register = self._files[path]
        if register is None or ident not in register.ids:
            return None
        return register, register.ids[ident], ident

    def is_external(self, token: str) -> bool:
        """True for a pointer into another file (``FILE#id``), not to the web."""
        file, hash_, _ = token.partition("#")
        return bool(hash_ and file) and "://" not in file and not file.startswith("urn:")


def _key(name: str) -> str:
    """The file's absolute, normalised path (no file-system access: symbolic links stay)."""
    return os.path.abspath(name)
