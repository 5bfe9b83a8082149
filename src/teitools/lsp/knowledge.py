"""What the server knows about a document's schema: its grammar and its documentation."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from .document import Snapshot
from .grammar import GrammarView, view
from .odddoc import Documentation, for_schema


@dataclass(frozen=True)
class Knowledge:
    grammar: GrammarView | None  # None: the document names no RELAX NG schema
    docs: Documentation
    problem: str | None = None  # why there is no grammar


#: (uri, prolog) -> (when, knowledge): the schemas depend on the prolog's PIs and on files
#: (pyproject.toml, schema/), so a result is reused across edits for a few seconds.
_RECENT: dict[tuple[str, str], tuple[float, Knowledge]] = {}
_LOCK = threading.Lock()
REUSE_SECONDS = 5.0


def knowledge(snap: Snapshot) -> Knowledge:
    """The grammar and documentation for the schemas the document names."""
    return snap.memo("knowledge", lambda: _knowledge(snap))


def _knowledge(snap: Snapshot) -> Knowledge:
    key = (snap.uri, snap.prolog)
    now = time.monotonic()
    with _LOCK:
        hit = _RECENT.get(key)
    if hit is not None and now - hit[0] < REUSE_SECONDS:
        return hit[1]
    choice, problem = snap.schemas
    rng = choice.rng if choice is not None else None
    found = Knowledge(view(rng) if rng is not None else None, for_schema(rng), problem)
    with _LOCK:
        if len(_RECENT) > 256:
            _RECENT.clear()
        _RECENT[key] = (now, found)
    return found


def forget_recent() -> None:
    """Schemas changed: look them up again for every document."""
    with _LOCK:
        _RECENT.clear()
