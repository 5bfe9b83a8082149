"""The ODD compiler's settings in ``pyproject.toml``: local TEI sources and a URL catalog.

``[tool.teitools.sources]`` maps a TEI version to a local ``p5subset.xml``
(``"4.10.2" = "vendor/p5subset-4.10.2.xml"``); ``[tool.teitools.catalog]`` maps
a URL to a local file (``"https://www.w3.org/Math/RNG/mathml3.rng" =
"vendor/mathml3.rng"``), for ``moduleRef/@url`` and remote ``@source``s.  Paths
are relative to the ``pyproject.toml``.  The nearest ``pyproject.toml`` above the
ODD counts, else the one above the current directory.  teitools never downloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import OddError
from ..project import nearest_pyproject, tool_table


@dataclass(frozen=True)
class OddSettings:
    pyproject: Path | None = None
    sources: dict[str, Path] = field(default_factory=dict)
    catalog: dict[str, Path] = field(default_factory=dict)


def _table(tool: dict[str, Any], name: str, pyproject: Path) -> dict[str, Path]:
    table = tool.get(name, {})
    if not isinstance(table, dict):
        raise OddError(f"[tool.teitools.{name}] must be a table of strings", file=pyproject)
    out: dict[str, Path] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            raise OddError(f"[tool.teitools.{name}] {key!r} must be a path string", file=pyproject)
        out[str(key)] = (pyproject.parent / value).resolve()
    return out


@lru_cache(maxsize=32)
def _settings_of(pyproject: Path | None) -> OddSettings:
    if pyproject is None:
        return OddSettings()
    tool = tool_table(pyproject, OddError)
    return OddSettings(
        pyproject, _table(tool, "sources", pyproject), _table(tool, "catalog", pyproject)
    )


def odd_settings(odd: Path) -> OddSettings:
    """The settings that apply to ``odd``."""
    found = nearest_pyproject(odd.resolve().parent) or nearest_pyproject(Path.cwd())
    return _settings_of(found)
