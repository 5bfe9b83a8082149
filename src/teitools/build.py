"""``teitools build``: the project's main job.

Validate every document in ``tei/`` against the schemas it declares (the
project's ODD-derived RELAX NG + Schematron), then write the HTML and
plain-text editions of every valid document.  Invalid documents are reported
and skipped; the others are still published.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .errors import InputError, TeiToolsError

TEI_DIR = "tei"


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    invalid: int = 0
    seconds: float = 0.0

    def summary_line(self) -> str:
        errors = sum(1 for d in self.diagnostics if d.is_error)
        warnings = len(self.diagnostics) - errors
        docs = len(self.documents)
        return (
            f"build: {docs} document{'s' if docs != 1 else ''}, {self.invalid} invalid, "
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}, "
            f"{len(self.outputs)} output{'s' if len(self.outputs) != 1 else ''} written "
            f"in {self.seconds:.2f}s"
        )


def find_documents(root: Path) -> list[Path]:
    """The TEI documents of a project: ``root/tei/*.xml``, sorted."""
    tei_dir = root / TEI_DIR
    if not tei_dir.is_dir():
        raise InputError(
            "no tei/ directory here; run from the project root or pass --root", file=root
        )
    docs = sorted(p for p in tei_dir.glob("*.xml") if p.is_file())
    if not docs:
        raise InputError("no *.xml documents to build", file=tei_dir)
    return docs


def stale_schemas(root: Path) -> list[Diagnostic]:
    """Warnings for derived schemas that ``teitools schema check`` would call stale.

    The project's ODD is ``root/schema/*.odd`` (if there is exactly one); a
    check that found everything fresh is remembered in the disk cache, keyed
    by the bytes of the ODD, the derived files, the TEI source and the ODD
    compiler, so an unchanged project pays for it once.
    """
    from .diagnostics import Severity
    from .exemplars import compiler_digest, source_digest
    from .odd.derive import check_schemas
    from .odd.source import locate_source
    from .validate.cache import DiskCache, content_hash

    odds = sorted((root / "schema").glob("*.odd"))
    if len(odds) != 1:
        return []
    odd = odds[0]
    derived = sorted(odd.parent.glob(f"{odd.stem}.*"))
    try:
        key = content_hash(odd.read_bytes(), *(p.read_bytes() for p in derived),
                           source_digest(locate_source().resolve()), compiler_digest())
    except OSError:
        return []
    cache = DiskCache()
    if cache.load("schema-fresh", key) is not None:
        return []
    try:
        check = check_schemas(odd)
    except TeiToolsError as err:
        return [Diagnostic(str(odd), err.line, None, Severity.WARNING,
                           f"cannot check the derived schemas: {err.message}", "schema-check",
                           "build")]
    if check.up_to_date:
        cache.store("schema-fresh", key, b"1")
        return []
    return [Diagnostic(str(path), None, None, Severity.WARNING,
                       f"{state} relative to {odd} (run `teitools schema build`)",
                       "schema-stale", "build")
            for state, paths in (("missing", check.missing), ("stale", check.stale))
            for path in paths]


def run_build(root: Path | None = None, out_dir: Path = Path("build")) -> BuildResult:
    """Validate ``root/tei/*.xml`` and render each valid one into ``out_dir``."""
    from .render import load_tei, render_html, render_text
    from .validate import validate_paths

    start = time.perf_counter()
    root = root or Path(".")
    if not out_dir.is_absolute() and root != Path("."):
        out_dir = root / out_dir
    docs = find_documents(root)
    result = BuildResult(documents=[str(d) for d in docs])
    result.diagnostics.extend(stale_schemas(root))
    validation = validate_paths([str(d) for d in docs])
    valid: list[Path] = []
    for doc, checked in zip(docs, validation.files, strict=True):
        result.diagnostics.extend(checked.diagnostics)
        if not checked.valid():
            result.invalid += 1
            continue
        valid.append(doc)
        tree = load_tei(doc).tree  # parsed once for both editions
        result.outputs.append(render_html(tree, out_dir / "html" / f"{doc.stem}.html"))
        result.outputs.append(render_text(tree, out_dir / "text" / f"{doc.stem}.txt"))
    # --- harvest hook (issue 16, owner: harvest; keep it when rewriting build.py) ---
    # DTS 1.0 static endpoints (build/dts/) and the OAI-PMH static repository
    # (build/oai.xml) of the valid documents, for [tool.teitools] base-url.
    from .harvest.publish import configured_base_url, publish

    published = publish(valid, out_dir, base_url=configured_base_url(root))
    result.diagnostics.extend(published.diagnostics)
    result.outputs.extend(published.outputs)
    # --- end of harvest hook ---
    result.seconds = time.perf_counter() - start
    return result
