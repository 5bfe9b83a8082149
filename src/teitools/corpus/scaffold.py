"""``teitools init``: a new TEI project that works at once.

::

    DIR/
      tei/sample.xml             one document, with <?xml-model?> PIs to the schemas
      schema/NAME.odd            the project's ODD, chained on a TEI exemplar
      schema/base/BASE.odd       that exemplar (TEI's, unmodified; CC-BY / BSD-2)
      schema/NAME.rng .sch .xsd  derived from NAME.odd (teitools schema build)
      pyproject.toml             [tool.teitools]
      .pre-commit-config.yaml    tei-validate + tei-schema-check (local hooks)
      .github/workflows/tei.yml  CI: schema check, validate --format github, build
      .gitignore                 build/
      README.md

Nothing is ever overwritten: if one of these files exists, nothing is written
and the error names it (exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import TeiToolsError
from ..xmlio import atomic_write

if TYPE_CHECKING:
    from ..odd.compile import Schema

DEFAULT_BASE = "tei_lite"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


class ScaffoldError(TeiToolsError):
    """``init`` cannot make the project (a file exists, an unknown base): exit 2."""


def exemplar_dir() -> Path:
    return Path(str(resources.files("teitools") / "data" / "exemplars"))


def exemplars() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in exemplar_dir().glob("*.odd")))


@dataclass
class InitResult:
    root: Path
    written: list[Path] = field(default_factory=list)


def _base_schema(base: str) -> Schema:
    from ..odd.compile import compile_odd

    return compile_odd(exemplar_dir() / f"{base}.odd")


def _module_refs(schema: Schema) -> str:
    """What the exemplar selects, selected again from it: a chained ODD gets only what it
    names.  Read from the compiled exemplar, so selections made by ``elementRef`` or
    inside ``specGrp`` (tei_simplePrint) count as well as ``moduleRef``: one
    ``moduleRef`` per TEI module it draws on (from a chained source a module is what
    the exemplar kept of it), and an ``elementRef``/``classRef``/``macroRef`` for each
    spec of its own (no module)."""
    modules = sorted({spec.module for spec in schema.specs.values() if spec.module})
    refs = [f'        <moduleRef key="{m}"/>' for m in modules]
    tags = {"element": "elementRef", "class": "classRef", "macro": "macroRef",
            "data": "dataRef"}
    refs += [f'        <{tags[spec.kind]} key="{ident}"/>'
             for ident, spec in sorted(schema.specs.items())
             if not spec.module and spec.kind in tags]
    return "\n".join(refs)


def _needed_elements() -> set[str]:
    """The elements the sample document and the ODD's customisations use."""
    from lxml import etree

    sample = etree.fromstring(_sample("x").encode("utf-8"))
    return {etree.QName(el).localname for el in sample.iter(etree.Element)} | {"hi", "p"}


def missing_elements(base: str, schema: Schema | None = None) -> list[str]:
    """What the project ``init`` makes needs and ``base`` does not have (TEI's
    tei_bare, tei_minimal: no ``hi``, ``name``, ``idno``; tei_tite: no ``teiHeader``)."""
    schema = schema or _base_schema(base)
    have = {ident for ident, spec in schema.specs.items() if spec.kind == "element"}
    return sorted(_needed_elements() - have)


def usable_bases() -> tuple[str, ...]:
    """The shipped exemplars ``init`` can chain on."""
    return tuple(b for b in exemplars() if not missing_elements(b))


def _odd(name: str, base: str, schema: Schema) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="base/{base}.odd" type="application/xml"?>
<!--
  {name}.odd: the project's TEI customisation.  It is chained on TEI's {base}
  (schemaSpec/@source = base/{base}.odd): everything {base} allows, with the
  changes below.  After editing it run `teitools schema build` (writes
  {name}.rng, {name}.sch, {name}.xsd beside it) and commit the derived files;
  `teitools schema check` (pre-commit, CI) fails when they are stale.
-->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:rng="http://relaxng.org/ns/structure/1.0"
     xmlns:sch="http://purl.oclc.org/dsdl/schematron" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>{name}: a TEI customisation chained on {base}</title></titleStmt>
      <publicationStmt><p>Made by teitools init.</p></publicationStmt>
      <sourceDesc><p>Born digital.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <p>The project's encoding rules.  Each specification below says why it is there.</p>
      <schemaSpec ident="{name}" start="TEI" source="base/{base}.odd">
        <!-- the modules of {base}, as {base} has them -->
{_module_refs(schema)}
        <!-- 1. hi/@rend is a closed list: the renditions the edition can show. -->
        <elementSpec ident="hi" mode="change">
          <attList>
            <attDef ident="rend" mode="change" usage="req">
              <valList type="closed" mode="replace">
                <valItem ident="italic"><desc>set in italics</desc></valItem>
                <valItem ident="bold"><desc>set in bold</desc></valItem>
                <valItem ident="smallcaps"><desc>set in small capitals</desc></valItem>
              </valList>
            </attDef>
          </attList>
          <!-- processing model: how the editions show it -->
          <model behaviour="inline"><outputRendition>font-style: italic;</outputRendition></model>
        </elementSpec>
        <!-- 2. A paragraph is never empty (Schematron, checked by teitools validate). -->
        <elementSpec ident="p" mode="change">
          <constraintSpec ident="p-not-empty" scheme="schematron">
            <constraint>
              <sch:rule context="tei:p">
                <sch:assert test="normalize-space(.) or *"
                  >A paragraph must not be empty.</sch:assert>
              </sch:rule>
            </constraint>
          </constraintSpec>
          <model behaviour="paragraph"/>
        </elementSpec>
      </schemaSpec>
    </body>
  </text>
</TEI>
"""


def _sample(name: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="../schema/{name}.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
<?xml-model href="../schema/{name}.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="sample" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>A sample letter</title>
        <author>The project</author>
      </titleStmt>
      <publicationStmt>
        <publisher>The {name} project</publisher>
        <idno type="local">sample</idno>
      </publicationStmt>
      <sourceDesc><p>Born digital: made by teitools init.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <p>This is the project's first document, written by <name>Ada Example</name>.
        Replace it with yours: <hi rend="italic">teitools validate</hi>
        checks it, <hi rend="bold">teitools build</hi> publishes it.</p>
    </body>
  </text>
</TEI>
"""


def _pyproject(name: str) -> str:
    return f"""# The {name} TEI project; teitools reads [tool.teitools] (teitools' docs/corpus.md).
[tool.teitools]
title = "{name}"
documents = "tei"          # what teitools build publishes (recursively)
exclude = []               # .gitignore-style globs, as teitools validate --exclude
registers = []             # e.g. ["tei/persons.xml"]: where a bare #id is looked up
"""


_PRECOMMIT = """# pre-commit hooks: install with `pre-commit install` (needs teitools on PATH).
repos:
  - repo: local
    hooks:
      - id: tei-validate
        name: validate TEI (teitools)
        entry: teitools validate
        language: system
        types: [xml]
        files: ^tei/
        require_serial: true
      - id: tei-schema-check
        name: derived schemas are fresh (teitools schema check)
        entry: teitools schema check
        language: system
        pass_filenames: false
        files: ^(schema/|pyproject\\.toml$)
"""

_WORKFLOW = """# CI: the schemas are fresh, every document is valid, the site builds.
name: tei
on: [push, pull_request]
jobs:
  tei:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install teitools
      - run: teitools schema check
      - run: teitools validate --format github
      - run: teitools build
"""


def _readme(name: str, base: str) -> str:
    return f"""# {name}

A TEI project made with `teitools init` (base: TEI's `{base}`).

| path | what |
|---|---|
| `tei/` | the documents (`sample.xml` to start with) |
| `schema/{name}.odd` | the project's ODD, chained on `schema/base/{base}.odd` |
| `schema/{name}.rng`, `.sch`, `.xsd` | derived from the ODD: `teitools schema build` |

    teitools validate            # every document under tei/
    teitools schema build        # after editing the ODD
    teitools build               # build/index.html and an edition per document
    pre-commit install           # validate on every commit

`build/` is not committed.  CI (`.github/workflows/tei.yml`) runs the same checks.
"""


def init_project(root: Path, *, base: str = DEFAULT_BASE, name: str | None = None,
                 derive: bool = True) -> InitResult:
    """Make a project in ``root`` (created if needed); see the module docstring."""
    name = name or _default_name(root)
    if not _NAME.match(name):
        raise ScaffoldError(f"--name {name!r}: use letters, digits, '-' and '_' (a letter "
                            "first)")
    available = exemplars()
    if base not in available:
        raise ScaffoldError(f"--base {base!r}: not a TEI exemplar teitools ships "
                            f"({', '.join(available) or 'none found'})")
    schema = _base_schema(base)
    missing = missing_elements(base, schema)
    if missing:
        raise ScaffoldError(f"--base {base!r}: it has no {', '.join(missing)}, which the "
                            "sample document and the customisations use; choose one of "
                            f"{', '.join(usable_bases())}")
    files: dict[Path, str | bytes] = {
        root / "tei" / "sample.xml": _sample(name),
        root / "schema" / f"{name}.odd": _odd(name, base, schema),
        root / "schema" / "base" / f"{base}.odd": (exemplar_dir() / f"{base}.odd").read_bytes(),
        root / "pyproject.toml": _pyproject(name),
        root / ".pre-commit-config.yaml": _PRECOMMIT,
        root / ".github" / "workflows" / "tei.yml": _WORKFLOW,
        root / ".gitignore": "build/\n",
        root / "README.md": _readme(name, base),
    }
    notice = exemplar_dir() / "NOTICE.txt"
    if notice.is_file():
        files[root / "schema" / "base" / "NOTICE.txt"] = notice.read_bytes()
    derived = [root / "schema" / f"{name}.{ext}" for ext in ("rng", "sch", "xsd")]
    for path in [*files, *(derived if derive else [])]:
        if path.exists():
            raise ScaffoldError("exists already; teitools init never overwrites a file "
                                "(choose another DIR)", file=path)
    result = InitResult(root)
    try:
        for path, content in files.items():
            result.written.append(atomic_write(path, content))
        if derive:
            from ..odd.derive import build_schemas

            built = build_schemas(root / "schema" / f"{name}.odd", None, None)
            result.written.extend(built.outputs.values())
    except BaseException:
        for path in [*result.written, *derived]:  # nothing half-written
            path.unlink(missing_ok=True)
        raise
    return result


def _default_name(root: Path) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", root.resolve().name).strip("-")
    return stem if stem and stem[0].isalpha() else "project"
