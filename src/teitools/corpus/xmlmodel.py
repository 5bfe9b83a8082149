"""``teitools xml-model``: add or repair a document's ``<?xml-model?>`` PIs.

The PIs name the RELAX NG and Schematron schemas with hrefs relative to the
document, so that editors (oXygen, VS Code, Emacs) and ``teitools validate``
find them.  Only the prolog changes: the bytes from the root element's start
tag on are kept as they are, and so are the XML declaration, comments, other
PIs and the DOCTYPE.  An existing RELAX NG / Schematron PI is rewritten in
place; a missing one is inserted after the last ``xml-model`` PI (else after
the XML declaration).  The file is written atomically, and only when it changes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, SchemaError
from ..xmlio import RNG_NS, SCH_NS, atomic_write, read_bytes

_PI = re.compile(rb"<\?xml-model(\s[^?]*(?:\?(?!>)[^?]*)*)?\?>")
_PSEUDO = re.compile(rb"""([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
KINDS = {"rng": RNG_NS, "sch": SCH_NS}


@dataclass
class XmlModelResult:
    path: Path
    added: list[str] = field(default_factory=list)  # kinds inserted
    repaired: list[str] = field(default_factory=list)  # kinds rewritten

    @property
    def changed(self) -> bool:
        return bool(self.added or self.repaired)

    def describe(self) -> str:
        if not self.changed:
            return f"{self.path}: <?xml-model?> up to date"
        parts = []
        if self.added:
            parts.append("added " + ", ".join(_label(k) for k in self.added))
        if self.repaired:
            parts.append("repaired " + ", ".join(_label(k) for k in self.repaired))
        return f"{self.path}: " + "; ".join(parts)


def _label(kind: str) -> str:
    return "RELAX NG" if kind == "rng" else "Schematron"


def prolog_end(data: bytes, name: str) -> int:
    """Offset of the root element's ``<`` (everything before it is the prolog)."""
    i, n = 0, len(data)
    if data.startswith(b"\xef\xbb\xbf"):
        i = 3
    while i < n:
        if data[i:i + 1].isspace():
            i += 1
        elif data.startswith(b"<?", i):
            end = data.find(b"?>", i)
            if end < 0:
                break
            i = end + 2
        elif data.startswith(b"<!--", i):
            end = data.find(b"-->", i)
            if end < 0:
                break
            i = end + 3
        elif data.startswith(b"<!DOCTYPE", i):
            depth, j = 0, i
            while j < n:
                c = data[j:j + 1]
                if c == b"[":
                    depth += 1
                elif c == b"]":
                    depth -= 1
                elif c == b">" and depth <= 0:
                    break
                j += 1
            i = j + 1
        elif data.startswith(b"<", i):
            return i
        else:
            break
    raise InputError("no root element found (is this an XML document?)", file=name)


def _kind_of(pi: bytes) -> str | None:
    attrs = {m.group(1).decode(): (m.group(2) or m.group(3) or b"").decode("utf-8", "replace")
             for m in _PSEUDO.finditer(pi)}
    ns = attrs.get("schematypens", "")
    href = attrs.get("href", "").lower().split("#")[0]
    if ns == RNG_NS or (not ns and href.endswith(".rng")):
        return "rng"
    if ns == SCH_NS or (not ns and href.endswith(".sch")):
        return "sch"
    return None


def pi_text(kind: str, href: str) -> bytes:
    quoted = href.replace("&", "&amp;").replace('"', "&quot;")
    return (f'<?xml-model href="{quoted}" type="application/xml" '
            f'schematypens="{KINDS[kind]}"?>').encode()


def default_schemas(doc: Path) -> dict[str, Path]:
    """The project's schemas for ``doc`` when none are given: ``[tool.teitools]`` rng/sch,
    else ``schema/*.rng`` / ``*.sch`` (validate's discovery, steps 3 and 4)."""
    from lxml import etree

    from ..validate import SchemaOptions
    from ..validate.discover import choose_schemas

    bare = etree.fromstring(b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>').getroottree()
    choice = choose_schemas(bare, doc, str(doc), SchemaOptions())
    found: dict[str, Path] = {}
    if choice.rng is not None:
        found["rng"] = choice.rng
    if choice.sch is not None:
        found["sch"] = choice.sch
    return found


def add_xml_model(path: Path, rng: Path | None = None, sch: Path | None = None
                  ) -> XmlModelResult:
    """Add or repair the ``<?xml-model?>`` PIs of ``path`` (see the module docstring)."""
    data = read_bytes(path)
    given = {k: p for k, p in (("rng", rng), ("sch", sch)) if p is not None}
    for kind, p in given.items():
        if not p.is_file():
            raise SchemaError(f"--{kind}: no such schema file", file=p)
    schemas = given or default_schemas(path)
    if not schemas:
        raise SchemaError("no schema to name: pass --rng/--sch, set rng/sch in "
                          "[tool.teitools], or put the schemas in schema/", file=path)
    end = prolog_end(data, str(path))
    prolog, rest = data[:end], data[end:]
    newline = b"\r\n" if b"\r\n" in data[:end + 200] else b"\n"
    base = path.resolve().parent
    wanted = {k: pi_text(k, Path(os.path.relpath(p.resolve(), base)).as_posix())
              for k, p in schemas.items()}
    result = XmlModelResult(path)
    out = bytearray()
    pos = 0
    last_pi_end: int | None = None
    seen: set[str] = set()
    for m in _PI.finditer(prolog):
        out += prolog[pos:m.start()]
        pi_kind = _kind_of(m.group(0))
        if pi_kind is not None and pi_kind in wanted and pi_kind not in seen:
            seen.add(pi_kind)
            if m.group(0) != wanted[pi_kind] and (pi_kind in given
                                                  or not _resolves(m.group(0), base)):
                out += wanted[pi_kind]
                result.repaired.append(pi_kind)
            else:
                out += m.group(0)
        else:
            out += m.group(0)
        pos = m.end()
        last_pi_end = len(out)
    out += prolog[pos:]
    missing = [k for k in ("rng", "sch") if k in wanted and k not in seen]
    if missing:
        insert = b"".join(newline + wanted[k] for k in missing)
        if last_pi_end is None:
            decl = re.match(rb"(\xef\xbb\xbf)?<\?xml\s[^?]*\?>", bytes(out))
            last_pi_end = decl.end() if decl else 0
            if not decl:  # no declaration: the PIs open the file
                insert = insert[len(newline):] + newline
        out[last_pi_end:last_pi_end] = insert
        result.added.extend(missing)
    if result.changed:
        atomic_write(path, bytes(out) + rest)
    return result


def _resolves(pi: bytes, base: Path) -> bool:
    for m in _PSEUDO.finditer(pi):
        if m.group(1) == b"href":
            href = (m.group(2) or m.group(3) or b"").decode("utf-8", "replace")
            return "://" in href or (base / href).is_file()
    return False
