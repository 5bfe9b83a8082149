"""Running a compiled Schematron schema in saxonche and reading its SVRL report.

The generated XSLT is cached on disk by the hash of the schema (and its
includes), the compiler version, the phase and the targeting switch.  A run
skips the patterns whose rules need names the document does not have (the
``tt:needs`` of each ``svrl:active-pattern``), and each ``svrl:failed-assert``
/ ``svrl:successful-report`` becomes a diagnostic at the line:column of its
``location``.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from lxml import etree

from ... import saxon
from ...diagnostics import Diagnostic, Severity
from ...errors import SchemaError
from ...xmlio import make_parser
from ..cache import DiskCache, content_hash
from ..locate import Locator
from ..phase import ParsedDocument
from ..wellformed import document_names
from .compile import COMPILER_VERSION, compile_schematron
from .load import load_schema, schema_error
from .passes import SVRL_NS, TT_NS

PHASE = "schematron"
WARNING_ROLES = frozenset({"warning", "warn", "info", "information", "nonfatal", "caution"})
_SV = f"{{{SVRL_NS}}}"
_TT = f"{{{TT_NS}}}"


class Schematron:
    """A Schematron schema compiled to a saxonche executable."""

    label = "Schematron"

    def __init__(self, path: Path, phase: str | None = None, *, targeted: bool = True,
                 cache: DiskCache | None = None) -> None:
        from saxonche import PySaxonApiError

        self.path = path
        self.phase = phase
        #: The executable's parameters are shared state: one run at a time.
        self._lock = threading.Lock()
        cache = cache if cache is not None else DiskCache()
        root, files = load_schema(path)
        parts: list[bytes | str] = [COMPILER_VERSION, phase or "#DEFAULT", str(targeted)]
        for f in files:
            parts.append(f.read_bytes())
        key = content_hash(*parts)
        xslt = cache.load("schematron", key, ".xsl")
        if xslt is None:
            xslt = compile_schematron(root, path, phase, targeted=targeted)
            cache.built["schematron"] += 1
            cache.store("schematron", key, xslt, ".xsl")
            self._origin = f"compiled to XSLT ({cache.stored_note()})"
        else:
            self._origin = "XSLT from the cache"
        self.xslt = xslt
        compiled = etree.fromstring(xslt, make_parser())
        self.needs: list[list[str]] = [
            (ap.get(_TT + "needs") or "*").replace("{{", "{").replace("}}", "}").split()
            for ap in compiled.iter(_SV + "active-pattern")]
        compiler = saxon.processor().new_xslt30_processor()
        try:
            self.executable = compiler.compile_stylesheet(
                stylesheet_text=xslt.decode("utf-8"))
        except PySaxonApiError as exc:
            raise schema_error(_first_line(str(exc)), None, path) from None
        if self.executable is None:
            raise schema_error("Saxon could not compile the generated XSLT", None, path)

    def check(self, doc: ParsedDocument) -> tuple[list[Diagnostic], str]:
        """The phase: diagnostics, and how the stylesheet was got (the first time) or
        that it was reused."""
        note, self._origin = self._origin, "compiled stylesheet reused"
        return self.run(doc.tree, doc.name, doc.locator, names=doc.names, file=doc.file), note

    def run(self, tree: etree._ElementTree, name: str, locator: Locator, *,
            names: tuple[frozenset[str], frozenset[str]] | None = None,
            file: Path | None = None) -> list[Diagnostic]:
        """Diagnostics for one parsed document.

        ``names``: its element and attribute names (computed if not given);
        ``file``: the file it was read from, unchanged, which Saxon may parse
        itself when there is no DOCTYPE (nothing to resolve, nothing it could
        fetch); otherwise Saxon gets the tree lxml parsed, re-serialised
        without the DOCTYPE.
        """
        from saxonche import PySaxonApiError

        proc = saxon.processor()
        if names is None:
            names = document_names(tree)
        have = {"*", *(f"e:{e}" for e in names[0]), *(f"a:{a}" for a in names[1])}
        active = [str(i) for i, needs in enumerate(self.needs) if have.intersection(needs)]
        try:
            node = None
            if file is not None and not tree.docinfo.doctype:  # type: ignore[attr-defined]
                with contextlib.suppress(PySaxonApiError):  # then the tree, as below
                    node = proc.parse_xml(xml_uri=file.resolve().as_uri())
            if node is None:
                node = proc.parse_xml(
                    xml_text=etree.tostring(tree.getroot(), encoding="unicode"))
            with self._lock:
                self.executable.set_parameter("tt-active", proc.make_string_value(
                    " " + " ".join(active) + " "))
                svrl = self.executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            raise SchemaError(f"Schematron rules failed on this document: "
                              f"{_first_line(str(exc))}", file=name) from None
        if svrl is None:
            raise SchemaError("Schematron run produced no report", file=name)
        return svrl_diagnostics(svrl, name, locator)


def svrl_diagnostics(svrl: str, name: str, locator: Locator) -> list[Diagnostic]:
    """The failed asserts and successful reports of an SVRL report, in document order."""
    out: list[Diagnostic] = []
    report = etree.fromstring(svrl.encode("utf-8"), make_parser())
    for res in report.iter(_SV + "failed-assert", _SV + "successful-report"):
        role = (res.get("role") or "").lower()
        severity = Severity.WARNING if role in WARNING_ROLES else Severity.ERROR
        text = " ".join("".join(res.findtext(_SV + "text") or "").split())
        extra = [" ".join("".join(str(t) for t in d.itertext()).split())
                 for d in res.findall(_SV + "diagnostic-reference")]
        message = " ".join([text, *[e for e in extra if e]])
        element, attr = locator.element_at_path(res.get("location", ""))
        line, col = locator.position(element) if element is not None else (None, None)
        if attr:
            message = f"{message} (@{_short(attr)})"
        out.append(Diagnostic(name, line, col, severity, message or "(no message)",
                              res.get("id"), PHASE))
    out.sort(key=lambda d: (d.line or 0, d.column or 0))
    return out


def _short(clark: str) -> str:
    return clark.rsplit("}", 1)[-1] if clark.startswith("{") else clark


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[0] if lines else "unknown error"
