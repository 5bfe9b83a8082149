"""Which files to check, and which schemas to check each one against (and why).

Schema discovery, in order (the first source that names a schema wins):

1. the ``--rng`` / ``--sch`` options (``--verbose`` says when they override
   the document's ``<?xml-model?>``);
2. the document's own ``<?xml-model?>`` processing instructions (RELAX NG,
   Schematron, XSD; relative hrefs resolved against the document, TEI's
   published schema URLs against the exemplars teitools ships);
3. ``rng`` / ``sch`` / ``xsd`` in ``[tool.teitools]`` (or
   ``[tool.teitools.validate]``) of the nearest ``pyproject.toml``;
4. the project's ``schema/`` directory (``*.rng`` and ``*.sch``).

``--xsd`` is "on request": it is added whatever source named the other schemas.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from .. import exemplars
from ..errors import NoSchemaError, SchemaError
from ..project import nearest_pyproject, tool_table
from ..xmlio import RNG_NS, SCH_NS
from .locate import source_line

XSD_NS = "http://www.w3.org/2001/XMLSchema"
STDIN = "-"


@dataclass(frozen=True)
class Target:
    """One thing to validate: a file, or stdin (``path`` None)."""

    name: str  # as shown in reports
    path: Path | None
    problem: str | None = None  # set when it cannot be validated at all (exit 2)


@dataclass(frozen=True)
class SchemaChoice:
    """The schemas for one document, where they came from, and why."""

    rng: Path | None = None
    sch: Path | None = None
    xsd: Path | None = None
    source: str = ""
    notes: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        kinds = (("RELAX NG", self.rng), ("Schematron", self.sch), ("XSD", self.xsd))
        parts = [f"{kind} {_show(p)}" for kind, p in kinds if p is not None]
        text = ", ".join(parts) if parts else "no schema"
        return f"{text} ({self.source})"


@dataclass(frozen=True)
class SchemaOptions:
    """Schemas named on the command line."""

    rng: Path | None = None
    sch: Path | None = None
    xsd: Path | None = None


def _show(path: Path) -> str:
    """A schema path as short as possible: relative to the working directory if inside it."""
    norm = os.path.normpath(os.path.abspath(path))
    rel = os.path.relpath(norm)
    return rel if not rel.startswith("..") else norm


# --------------------------------------------------------------------------- files


def display_name(path: str | Path) -> str:
    """A printable name: undecodable bytes in file names become U+FFFD."""
    text = os.fspath(path)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _excluded(rel: str, is_dir: bool, patterns: Sequence[str]) -> bool:
    """gitignore-style: a pattern without '/' matches any path component."""
    parts = rel.split("/")
    for raw in patterns:
        pat = raw.strip()
        if not pat or pat.startswith("#"):
            continue
        dir_only = pat.endswith("/")
        pat = pat.rstrip("/")
        if "/" in pat:
            pat = pat.lstrip("/")
            inside = fnmatch.fnmatchcase(rel, pat + "/*")
            if inside or (fnmatch.fnmatchcase(rel, pat) and (is_dir or not dir_only)):
                return True
            continue
        comps = parts if (is_dir or not dir_only) else parts[:-1]
        if any(fnmatch.fnmatchcase(c, pat) for c in comps):
            return True
    return False


def expand_paths(paths: Iterable[str], exclude: Sequence[str] = (), *,
                 stdin_filename: Path | None = None) -> list[Target]:
    """Files to check: files as given, ``*.xml`` under directories, ``-`` for stdin
    (named ``stdin_filename`` in reports if given)."""
    targets: list[Target] = []
    for raw in paths:
        if raw == STDIN:
            name = display_name(stdin_filename) if stdin_filename is not None else "<stdin>"
            targets.append(Target(name, None))
            continue
        path = Path(raw)
        name = display_name(raw)
        if path.is_dir():
            found = list(_walk(path, exclude))
            if not found:
                targets.append(Target(name, path, "directory contains no *.xml files"))
            targets.extend(Target(display_name(p), p) for p in found)
        elif not path.exists():
            targets.append(Target(name, path, "no such file or directory"))
        else:
            rel = os.path.normpath(raw).replace(os.sep, "/")
            if not exclude or not _excluded(rel, False, exclude):
                targets.append(Target(name, path))
    return targets


def _walk(top: Path, exclude: Sequence[str]) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(top):
        base = Path(dirpath)
        rel_base = os.path.relpath(dirpath, top).replace(os.sep, "/")
        rel_base = "" if rel_base == "." else rel_base + "/"
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and not _excluded(rel_base + d, True, exclude)
        )
        for fname in sorted(filenames):
            if fname.endswith(".xml") and not _excluded(rel_base + fname, False, exclude):
                yield base / fname


# --------------------------------------------------------------------------- schemas


def _classify(href: str, schematypens: str | None, mime: str | None) -> str | None:
    lower = href.lower().split("#")[0].split("?")[0]
    if schematypens == SCH_NS:
        return "sch"
    if schematypens == RNG_NS:
        return "rng"
    if schematypens == XSD_NS:
        return "xsd"
    if (mime and "compact" in mime) or lower.endswith(".rnc"):
        return "rnc"
    for ext, kind in ((".rng", "rng"), (".sch", "sch"), (".xsd", "xsd")):
        if lower.endswith(ext):
            return kind
    return None


def _xml_model_pis(tree: etree._ElementTree) -> list[etree._ProcessingInstruction]:
    root = tree.getroot()
    return [n for n in reversed(list(root.itersiblings(preceding=True)))
            if isinstance(n, etree._ProcessingInstruction) and n.target == "xml-model"]


def xml_model_hrefs(tree: etree._ElementTree) -> list[str]:
    """The hrefs of the document's ``<?xml-model?>`` PIs, in order."""
    return [pi.get("href") or "" for pi in _xml_model_pis(tree)]


def from_xml_model(tree: etree._ElementTree, base_dir: Path, doc_name: str) -> SchemaChoice | None:
    """Schemas named by the document's ``<?xml-model?>`` PIs, or None if there are none.

    TEI's published schema URLs resolve to the exemplars teitools ships
    (:mod:`teitools.exemplars`); any other URL is an error saying how to use
    a local copy (nothing is ever downloaded).
    """
    pis = _xml_model_pis(tree)
    if not pis:
        return None
    found: dict[str, Path] = {}
    notes: list[str] = []
    for pi in pis:
        href = pi.get("href")
        line = source_line(pi)
        if not href:
            raise SchemaError("<?xml-model?> without an href", file=doc_name, line=line)
        kind = _classify(href, pi.get("schematypens"), pi.get("type"))
        if kind is None:
            notes.append(f"ignored <?xml-model href={href!r}?>: not RELAX NG, Schematron or XSD")
            continue
        tei = exemplars.from_url(href)
        if tei is not None:  # TEI's own schema: compiled from the shipped ODD, never fetched
            path = exemplars.schema_file(tei.name, "rng" if kind == "rnc" else kind)
            notes.append(f"<?xml-model href={href!r}?> is {tei.describe()}: {_show(path)}")
            kind = "rng" if kind == "rnc" else kind
        elif kind == "rnc":
            raise SchemaError(
                f"<?xml-model href={href!r}?> is RELAX NG compact syntax, which teitools does "
                "not read; point it at the XML syntax (.rng)", file=doc_name, line=line)
        elif "://" in href and not href.startswith("file:"):
            raise SchemaError(f"<?xml-model href={href!r}?>: {exemplars.not_downloaded(href)}",
                              file=doc_name, line=line)
        else:
            rel = href[len("file://"):] if href.startswith("file://") else href
            path = (base_dir / rel) if not os.path.isabs(rel) else Path(rel)
        if not path.is_file():
            raise SchemaError(
                f"<?xml-model href={href!r}?> points to a missing file ({path})",
                file=doc_name, line=line)
        if kind in found and found[kind] != path:
            notes.append(f"ignored second {kind} <?xml-model href={href!r}?>")
            continue
        found[kind] = path
    if not found:
        return SchemaChoice(source="", notes=tuple(notes))
    return SchemaChoice(rng=found.get("rng"), sch=found.get("sch"), xsd=found.get("xsd"),
                        source="named by the document's <?xml-model?>", notes=tuple(notes))


_nearest_pyproject = nearest_pyproject


@lru_cache(maxsize=64)
def _pyproject_settings(pyproject: Path) -> dict[str, Any]:
    tool = tool_table(pyproject, SchemaError)
    merged = {k: v for k, v in tool.items() if k in ("rng", "sch", "xsd")}
    section = tool.get("validate", {})
    if isinstance(section, dict):
        merged.update({k: v for k, v in section.items() if k in ("rng", "sch", "xsd")})
    return merged


def _from_pyproject(start: Path) -> SchemaChoice | None:
    pyproject = _nearest_pyproject(start)
    if pyproject is None:
        return None
    settings = _pyproject_settings(pyproject)
    paths: dict[str, Path] = {}
    for kind, value in settings.items():
        if not isinstance(value, str):
            raise SchemaError(f"[tool.teitools] {kind} must be a path string", file=pyproject)
        path = pyproject.parent / value
        if not path.is_file():
            raise SchemaError(f"[tool.teitools] {kind} = {value!r}: no such file ({path})",
                              file=pyproject)
        paths[kind] = path
    if not paths:
        return None
    return SchemaChoice(rng=paths.get("rng"), sch=paths.get("sch"), xsd=paths.get("xsd"),
                        source=f"[tool.teitools] in {pyproject}")


@lru_cache(maxsize=256)
def _project_schema_dir(start: Path) -> SchemaChoice | None:
    pyproject = _nearest_pyproject(start)
    candidates = [pyproject.parent] if pyproject else [start, *start.parents]
    for d in candidates:
        sdir = d / "schema"
        if not sdir.is_dir():
            continue
        rngs = sorted(sdir.glob("*.rng"))
        schs = sorted(sdir.glob("*.sch"))
        if not rngs and not schs:
            continue
        for kind, found in (("rng", rngs), ("sch", schs)):
            if len(found) > 1:
                names = ", ".join(p.name for p in found)
                raise SchemaError(
                    f"several .{kind} schemas in {sdir} ({names}): choose one with --{kind} "
                    f"or '{kind} = ...' in [tool.teitools] of pyproject.toml")
        return SchemaChoice(rng=rngs[0] if rngs else None, sch=schs[0] if schs else None,
                            source=f"the project's schemas in {sdir}")
    return None


def choose_schemas(
    tree: etree._ElementTree, doc_path: Path | None, doc_name: str, options: SchemaOptions
) -> SchemaChoice:
    """Pick the schemas for one parsed document (see the module docstring)."""
    base_dir = doc_path.resolve().parent if doc_path is not None else Path.cwd()
    notes: list[str] = []
    if options.rng or options.sch:  # the command line wins over the document's PIs
        pis = xml_model_hrefs(tree)
        if pis:
            shown = ", ".join(repr(h) for h in pis)
            notes.append(f"the document's <?xml-model?> ({shown}) overridden by --rng/--sch")
    else:
        choice = from_xml_model(tree, base_dir, doc_name)
        if choice is not None:
            notes.extend(choice.notes)
            if choice.rng or choice.sch or choice.xsd:
                return _with_xsd(choice, options, notes)
    if options.rng or options.sch or options.xsd:
        choice = SchemaChoice(rng=options.rng, sch=options.sch, xsd=options.xsd,
                              source="given on the command line")
        return _with_xsd(choice, options, notes)
    choice = _from_pyproject(base_dir) or _project_schema_dir(base_dir)
    if choice is None:
        raise NoSchemaError(
            "no schema found: add an <?xml-model?> to the document, pass --rng/--sch, set rng/sch "
            "in [tool.teitools] of pyproject.toml, or put the schemas in schema/", file=doc_name)
    return _with_xsd(choice, options, notes)


def _with_xsd(choice: SchemaChoice, options: SchemaOptions, notes: list[str]) -> SchemaChoice:
    xsd = options.xsd or choice.xsd
    return SchemaChoice(rng=choice.rng, sch=choice.sch, xsd=xsd, source=choice.source,
                        notes=tuple(notes))


def clear_discovery_caches() -> None:
    """Forget pyproject.toml / schema/ look-ups (files may have changed)."""
    _nearest_pyproject.cache_clear()
    _pyproject_settings.cache_clear()
    _project_schema_dir.cache_clear()
