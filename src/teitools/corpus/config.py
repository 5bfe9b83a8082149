"""The corpus settings of a project: ``[tool.teitools]`` in its ``pyproject.toml``.

::

    [tool.teitools]
    documents = "tei"                    # where build looks (a folder or a list of them)
    exclude = ["drafts/", "*.tmp.xml"]   # .gitignore-style, as validate --exclude
    registers = ["tei/persons.xml"]      # where a bare #id that is not in the document is looked up
    title = "Letters of Karl Example"    # the site's title

Every key is optional.  Paths are relative to the project root (the folder
holding ``pyproject.toml``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import TeiToolsError

DEFAULT_DOCUMENTS = "tei"


class ConfigError(TeiToolsError):
    """``[tool.teitools]`` cannot be used (exit 2)."""


@dataclass(frozen=True)
class CorpusConfig:
    root: Path
    documents: tuple[str, ...] = (DEFAULT_DOCUMENTS,)
    exclude: tuple[str, ...] = ()
    registers: tuple[str, ...] = ()
    title: str = ""
    pyproject: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def document_dirs(self) -> list[Path]:
        return [self.root / d for d in self.documents]

    def register_paths(self) -> list[Path]:
        return [(self.root / r).resolve() for r in self.registers]

    def fingerprint(self) -> str:
        """What of the settings changes a document's per-document results."""
        text = json.dumps({"registers": [str(p) for p in self.register_paths()]},
                          sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"cannot read [tool.teitools]: {exc}", file=path) from None
    return data


def _strings(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(f"[tool.teitools] {key} must be a string or a list of strings", file=path)


def load_config(root: Path) -> CorpusConfig:
    """The settings of the project at ``root`` (defaults when it has no pyproject.toml)."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return CorpusConfig(root=root)
    tool = _load_toml(pyproject).get("tool", {}).get("teitools", {})
    if not isinstance(tool, dict):
        raise ConfigError("[tool.teitools] must be a table", file=pyproject)
    documents = _strings(tool.get("documents", DEFAULT_DOCUMENTS), "documents", pyproject)
    exclude = _strings(tool.get("exclude", []), "exclude", pyproject)
    registers = _strings(tool.get("registers", []), "registers", pyproject)
    title = tool.get("title", "")
    if not isinstance(title, str):
        raise ConfigError("[tool.teitools] title must be a string", file=pyproject)
    for reg in registers:
        if not (root / reg).is_file():
            raise ConfigError(f"[tool.teitools] registers: {reg!r}: no such file",
                              file=pyproject)
    return CorpusConfig(root=root, documents=documents, exclude=exclude, registers=registers,
                        title=title, pyproject=pyproject, extra=tool)
