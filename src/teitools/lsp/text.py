"""Positions: LSP ``(line, character)`` ↔ offsets into a ``str``.

LSP counts characters in UTF-16 code units by default (UTF-8 or UTF-32 when the
client and server agree on it); Python strings index
code points.  :class:`LineIndex` keeps the offsets of line starts (built once
per text) and converts only the line a position is on, so a 10 MB document
costs one newline scan, not one per request.
"""

from __future__ import annotations

import bisect
import itertools
import re

from lsprotocol import types as lsp

_NEWLINE = re.compile(r"\r\n|\r|\n")
#: Line breaks for str.splitlines but not for LSP.
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
#: The position encoding agreed with the client at ``initialize`` (one client per process).
ENCODING = {"encoding": "utf-16"}


def set_encoding(name: str) -> None:
    ENCODING["encoding"] = name if name in ("utf-8", "utf-16", "utf-32") else "utf-16"


def _units(ch: str) -> int:
    enc = ENCODING["encoding"]
    if enc == "utf-32":
        return 1
    if enc == "utf-8":
        return len(ch.encode("utf-8"))
    return 2 if ord(ch) > 0xFFFF else 1


def _unit_len(text: str) -> int:
    if text.isascii():
        return len(text)
    enc = ENCODING["encoding"]
    if enc == "utf-32":
        return len(text)
    if enc == "utf-8":
        return len(text.encode("utf-8"))
    return len(text.encode("utf-16-le")) // 2


class LineIndex:
    """Line starts of one text, for offset ↔ position conversion."""

    def __init__(self, text: str) -> None:
        self.text = text
        if any(ch in text for ch in _OTHER_BREAKS):
            # str.splitlines breaks at these too; LSP only at \n, \r\n and \r
            self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]
        else:
            lines = text.splitlines(keepends=True)
            self.starts = [0, *itertools.accumulate(len(line) for line in lines)]
            if self.starts[-1] == len(text) and lines and lines[-1][-1:] not in ("\n", "\r"):
                self.starts.pop()  # the last line has no newline: it starts, it does not end

    def edited(self, text: str, start: int, end: int, inserted: str) -> LineIndex:
        """The index of ``text``: this text with ``[start, end)`` replaced by ``inserted``
        (the line starts shifted, not searched again: a keystroke in 10 MB is cheap)."""
        old = self.text
        if "\r" in inserted or "\r" in old[max(0, start - 1):end + 1] or \
                any(ch in inserted for ch in _OTHER_BREAKS):
            return LineIndex(text)
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, end) - 1
        delta = len(inserted) - (end - start)
        new = LineIndex.__new__(LineIndex)
        new.text = text
        new.starts = [*self.starts[:first + 1],
                      *(start + m.end() for m in _NEWLINE.finditer(inserted)),
                      *(s + delta for s in self.starts[last + 1:])]
        return new

    def line_end(self, line: int) -> int:
        """Offset of the end of ``line`` (before its newline)."""
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            while end > self.starts[line] and self.text[end - 1] in "\r\n":
                end -= 1
            return end
        return len(self.text)

    def offset(self, position: lsp.Position) -> int:
        """The string offset of an LSP position (clamped into the text)."""
        line = position.line
        if line >= len(self.starts):
            return len(self.text)
        if line < 0:
            return 0
        start = self.starts[line]
        end = self.line_end(line)
        segment = self.text[start:end]
        if segment.isascii():
            return start + min(position.character, len(segment))
        units = 0
        for i, ch in enumerate(segment):
            if units >= position.character:
                return start + i
            units += _units(ch)
        return end

    def position(self, offset: int) -> lsp.Position:
        """The LSP position of a string offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        return lsp.Position(line=line, character=_unit_len(self.text[start:offset]))

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(start), end=self.position(end))

    def line_column_offset(self, line: int, column: int | None) -> int:
        """Offset of a 1-based ``line:column`` as teitools reports it (column in characters)."""
        index = max(0, min(line - 1, len(self.starts) - 1))
        start = self.starts[index]
        if column is None:
            return start
        return min(start + max(column - 1, 0), self.line_end(index))


def apply_change(text: str, index: LineIndex | None, change: lsp.TextDocumentContentChangeEvent
                 ) -> tuple[str, int, LineIndex | None]:
    """Apply one content change: the new text, the offset where it began, and its line
    index when it could be derived from ``index`` cheaply."""
    if isinstance(change, lsp.TextDocumentContentChangePartial):
        idx = index if index is not None and index.text is text else LineIndex(text)
        start = idx.offset(change.range.start)
        end = idx.offset(change.range.end)
        new = text[:start] + change.text + text[end:]
        return new, start, idx.edited(new, start, end, change.text)
    return change.text, 0, None
