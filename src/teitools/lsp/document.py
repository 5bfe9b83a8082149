"""Open documents: immutable snapshots with lazily computed views.

Every edit makes a new :class:`Snapshot` (text + version).  Requests take
the current snapshot and compute on it in a worker thread, so an edit never
races with a computation: a result for an old version is simply dropped.
What a snapshot computes (line index, tag scan, recovering lxml parse, the
schemas it names) is computed once, on first use.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlparse

from lxml import etree

from ..errors import TeiToolsError
from ..validate.discover import SchemaChoice, SchemaOptions, choose_schemas
from .cancel import check_cancelled
from .scan import Context, Element, Scanner
from .text import LineIndex

_PROLOG_END = re.compile(r"<(?![?!])")
T = TypeVar("T")


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return Path(unquote(parsed.path))


def path_to_uri(path: Path) -> str:
    return path.resolve().as_uri()


def recovering_parser() -> etree.XMLParser:
    """Like :func:`teitools.xmlio.make_parser` (no network, no DTD, no entities), but
    recovering: a half-typed document still gives a tree."""
    return etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                           load_dtd=False, dtd_validation=False, huge_tree=False,
                           remove_comments=False, collect_ids=False)


@dataclass
class Snapshot:
    uri: str
    text: str
    version: int
    scanner: Scanner = field(repr=False, default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.scanner is None:
            self.scanner = Scanner(self.text)
        self._lock = threading.Lock()
        self._scan_lock = threading.Lock()
        self._memo: dict[str, object] = {}

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()`` computed once per snapshot (under a lock: workers share snapshots)."""
        with self._lock:
            if key in self._memo:
                return self._memo[key]  # type: ignore[return-value]
        value = make()
        with self._lock:
            self._memo.setdefault(key, value)
            return self._memo[key]  # type: ignore[return-value]

    @cached_property
    def path(self) -> Path | None:
        return uri_to_path(self.uri)

    @property
    def name(self) -> str:
        return str(self.path) if self.path is not None else self.uri

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @property
    def data(self) -> bytes:
        """The text as UTF-8 (not kept: a 10 MB document need not be held twice)."""
        return self.text.encode("utf-8")

    def context(self, offset: int) -> Context:
        with self._scan_lock:
            return self.scanner.context(offset)

    def prescan(self, stop: Callable[[], bool] | None = None, step: int = 131_072) -> bool:
        """Lay the tag scan's checkpoints to the end of the text, a step at a time (a
        request waits for one step at most, not for the whole text); returns False when
        ``stop()`` said to give up (a newer version came)."""
        pos = self.scanner.scanned_to
        while pos < len(self.text):
            if stop is not None and stop():
                return False
            pos = min(len(self.text), pos + step)
            with self._scan_lock:
                self.scanner.context(pos, following_limit=0)
        return True

    @cached_property
    def elements(self) -> list[Element]:
        return self.scanner.elements()

    @cached_property
    def tree(self) -> etree._ElementTree | None:
        """The recovering parse (None when nothing at all could be read)."""
        data = _without_declaration(self.text).encode("utf-8")
        if not data.strip():
            return None
        try:
            root = etree.fromstring(data, recovering_parser(), base_url=self.uri)
        except etree.XMLSyntaxError:
            return None
        if root is None:
            return None
        tree: etree._ElementTree = root.getroottree()
        return tree

    @cached_property
    def scanned(self) -> dict[etree._Element, Element]:
        """Elements of :attr:`tree` mapped to the scanned elements (with offsets)."""
        tree = self.tree
        if tree is None:
            return {}
        out: dict[etree._Element, Element] = {}
        scanned = self.elements
        j = 0
        for count, el in enumerate(tree.getroot().iter(etree.Element)):
            if count % 4096 == 0:
                check_cancelled()
            tag = str(el.tag)
            k = j
            while k < len(scanned) and scanned[k].name != tag:
                k += 1
            if k < len(scanned):
                out[el] = scanned[k]
                j = k + 1
        return out

    @cached_property
    def prolog(self) -> str:
        """The text before the root element (declaration, PIs, comments, DOCTYPE)."""
        m = _PROLOG_END.search(self.text)
        return self.text[: m.start()] if m else self.text

    @cached_property
    def schemas(self) -> tuple[SchemaChoice | None, str | None]:
        """The schemas the document names (as ``validate`` finds them), or why none."""
        prolog = self.prolog
        try:
            root = etree.fromstring((_without_declaration(prolog) + "<x/>").encode("utf-8"),
                                    recovering_parser())
            return choose_schemas(root.getroottree(), self.path, self.name, SchemaOptions()), \
                None
        except TeiToolsError as err:
            return None, err.message
        except etree.XMLSyntaxError as exc:
            return None, str(exc)

    def successor(self, text: str, version: int, changed_at: int,
                  lines: LineIndex | None = None, shift: int | None = None) -> Snapshot:
        """The next snapshot; the tag scan's checkpoints before the edit are kept (after it
        too, shifted, when the edit changed no tag), and the line index when the edit
        could update it."""
        with self._scan_lock:
            scanner = self.scanner.carry_over(text, changed_at, shift)
        new = Snapshot(self.uri, text, version, scanner)
        if lines is not None and lines.text is text:
            new.__dict__["lines"] = lines
        return new


def _without_declaration(text: str) -> str:
    """lxml refuses str input with an encoding declaration; bytes re-encoded are UTF-8."""
    if text.startswith("<?xml"):
        end = text.find("?>")
        if end >= 0:
            return " " * (end + 2) + text[end + 2:]  # keep offsets and line numbers
    return text
