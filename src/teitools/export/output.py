"""Deterministic serialisation of export records: JSON, JSON lines and CSV.

Same input, same bytes: keys keep the order the exporters build them in,
no timestamps or absolute paths, UTF-8 without escapes, ``\\n`` line ends.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Several values in one CSV cell (e.g. the pages of a quotation) are joined with this.
CSV_LIST_SEPARATOR = " "


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_json_records(key: str, records: Iterable[Mapping[str, Any]]) -> str:
    """``{"KEY": [...]}`` with one record a line: readable, and fast for a corpus."""
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    if not lines:
        return json.dumps({key: []}) + "\n"
    return f"{{{json.dumps(key)}: [\n" + ",\n".join(lines) + "\n]}\n"


def to_jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return CSV_LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value)


def to_csv(header: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    """RFC 4180 CSV (minimal quoting) with a header row; missing keys are empty."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(col)) for col in header])
    return buf.getvalue()
