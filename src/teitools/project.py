"""The project a file belongs to: its nearest ``pyproject.toml`` and ``[tool.teitools]``.

Validation (schemas: ``rng``/``sch``/``xsd``) and the editions (processing
models: ``html``/``text``) read their settings from the same table; this
module is where both find it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import TeiToolsError


@lru_cache(maxsize=256)
def nearest_pyproject(start: Path) -> Path | None:
    """The ``pyproject.toml`` in ``start`` or the nearest directory above it."""
    for d in (start, *start.parents):
        candidate = d / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def tool_table(pyproject: Path, error: type[TeiToolsError] = TeiToolsError) -> dict[str, Any]:
    """``[tool.teitools]`` of ``pyproject`` ({} without one, or without a TOML reader);
    an unreadable file raises ``error``.  Read afresh each time (callers cache what they
    derive, and clear it: a long-lived process sees an edited file)."""
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ModuleNotFoundError:
            return {}
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise error(f"cannot read [tool.teitools]: {exc}", file=pyproject) from None
    tool = data.get("tool", {}).get("teitools", {})
    return tool if isinstance(tool, dict) else {}
