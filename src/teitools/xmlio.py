"""Hardened XML input and atomic output.

Every XML file teitools reads goes through :func:`parse` / :func:`parse_bytes`:
no network, no external DTD or entity is ever read or fetched, libxml2's
huge-tree guard on (a 10 MB text node or 256 levels of nesting are refused,
not a 100 MB file).  A DOCTYPE is not an attack (TEI's own test documents and
many legacy files open with one): :func:`read_doctype` reads it without
fetching anything; the external DTD and the parameter entities are ignored,
general entities declared in the internal subset are expanded within fixed
bounds (:data:`MAX_ENTITY_EXPANSIONS`, :data:`MAX_ENTITY_CHARACTERS`), and a
reference to an external entity is refused.  :func:`require_tei` is the one
TEI gate (``TEI`` or ``teiCorpus`` in the TEI namespace) and
:func:`check_size` the one size limit, for every command.  Every file
teitools writes goes through :func:`atomic_write`, so a failed run never
leaves a partial output behind.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import InputError, InvalidDocumentError, NotTeiError, OutputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
#: TEI Publisher's namespace (its ODD extensions: pb:template, pb:set-param, @pb:mode)
PB_NS = "http://teipublisher.com/1.0"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
NSMAP = {"tei": TEI_NS, "rng": RNG_NS, "sch": SCH_NS, "xml": XML_NS}

#: The root elements of a TEI document.
TEI_ROOTS = ("TEI", "teiCorpus")
#: The roots of a TEI P4 document (no namespace; lowercase teiCorpus.2 too).
P4_ROOTS = ("TEI.2", "teiCorpus.2")

#: Files larger than this are refused (``--max-size``); well above the 100 MB
#: of a dictionary or a parliamentary corpus.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

#: Bounds on the general entities of a DOCTYPE's internal subset: how many
#: references may be expanded (nested ones included) and how many characters
#: the expansions may produce in all.  A billion laughs or a quadratic blow-up
#: exceeds them long before anything is expanded.
MAX_ENTITY_EXPANSIONS = 1_000_000
MAX_ENTITY_CHARACTERS = 10_000_000


def make_parser(*, remove_blank_text: bool = False,
                internal_entities: bool = False, collect_ids: bool = True) -> etree.XMLParser:
    """The one parser configuration teitools uses for untrusted XML.

    ``internal_entities``: expand the general entities declared in the
    internal subset (only after :func:`read_doctype` has bounded them and
    removed every external declaration).
    """
    return etree.XMLParser(
        resolve_entities="internal" if internal_entities else False,  # type: ignore[arg-type]
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
        remove_comments=False,
        collect_ids=collect_ids,
    )


# --------------------------------------------------------------------------- DOCTYPE

_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_NAME = rb"[^\s\"'<>\[\]%&;/=?!]+"
_DOCTYPE_HEAD = re.compile(rb"<!DOCTYPE\s+(" + _NAME + rb")", re.S)
_EXTERNAL_ID = re.compile(
    rb"""\s*(?:SYSTEM\s*(["'])(.*?)\1|PUBLIC\s*(["'])(.*?)\3\s*(["'])(.*?)\5)""", re.S)
_SPACE = re.compile(rb"\s+")
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(%\s+)?(" + _NAME + rb")\s*", re.S)
_LITERAL = re.compile(rb"""("[^"]*"|'[^']*')""", re.S)
_NDATA = re.compile(rb"\s*NDATA\s+" + _NAME, re.S)
_CHAR_REF = re.compile(rb"&#(x[0-9A-Fa-f]+|[0-9]+);")
_GENERAL_REF = re.compile(rb"&(" + _NAME + rb");")
_PE_REF = re.compile(rb"%(" + _NAME + rb");")
#: Places in the document body where ``&name;`` is not a reference.
_BODY_REF = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|&(" + _NAME + rb");", re.S)
_PREDEFINED = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})


@dataclass(frozen=True)
class Doctype:
    """What a document's DOCTYPE declared, and what teitools did with it."""

    name: str
    #: The external DTD it names (SYSTEM / PUBLIC literal): never read.
    external: str | None = None
    parameter_entities: int = 0
    #: ELEMENT, ATTLIST, NOTATION declarations, comments, PIs: ignored.
    declarations: int = 0
    #: General internal entities, kept and expanded.
    entities: tuple[str, ...] = ()
    #: References expanded in the document (nested ones included).
    expansions: int = 0
    #: Data to parse: the original bytes with everything ignored blanked out
    #: (same length, same line breaks, so every line and column stays right).
    data: bytes = field(default=b"", repr=False)

    def note(self) -> str:
        """One line for ``--verbose``."""
        parts = []
        if self.external is not None:
            parts.append(f"its external DTD {self.external!r} was not read")
        if self.parameter_entities:
            n = self.parameter_entities
            parts.append(f"{n} parameter entit{'ies' if n != 1 else 'y'} ignored")
        if self.declarations:
            n = self.declarations
            parts.append(f"{n} other declaration{'s' if n != 1 else ''} ignored")
        if self.entities:
            names = ", ".join(f"&{e};" for e in self.entities[:5])
            more = f" (+{len(self.entities) - 5} more)" if len(self.entities) > 5 else ""
            parts.append(f"entities {names}{more} expanded ({self.expansions} references)")
        detail = "; ".join(parts) if parts else "nothing in it was used"
        return f"DOCTYPE {self.name} ignored: {detail}"


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, column


class DoctypeError(InputError):
    """A DOCTYPE teitools will not use; ``rule`` says why (for diagnostics)."""

    def __init__(self, message: str, rule: str, **where: object) -> None:
        super().__init__(message, **where)  # type: ignore[arg-type]
        self.rule = rule


def _doctype_error(name: str, data: bytes, offset: int, message: str,
                   rule: str = "doctype") -> DoctypeError:
    line, column = _line_col(data, offset)
    return DoctypeError(message, rule, file=name, line=line, column=column)


def _doctype_start(data: bytes) -> int | None:
    pos = 3 if data.startswith(codecs.BOM_UTF8) else 0
    while True:
        m = _PROLOG_ITEM.match(data, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    return pos if data.startswith(b"<!DOCTYPE", pos) else None


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _markup_end(data: bytes, pos: int) -> int:
    """Offset just after the ``>`` closing the declaration at ``pos`` (quotes respected)."""
    quote = 0
    for i in range(pos, len(data)):
        c = data[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):
            quote = c
        elif c == 0x3E:
            return i + 1
    return -1


@dataclass
class _Entity:
    value: bytes | None  # replacement text; None for an external entity
    system: str = ""
    offset: int = 0


def read_doctype(data: bytes, name: str) -> Doctype | None:
    """Read the DOCTYPE of ``data`` without fetching anything (None if it has none).

    Raises :class:`DoctypeError` (one line, located) for a DOCTYPE that
    cannot be read, a reference to an external entity, an entity that refers
    to itself, and entities whose expansion would exceed the fixed bounds.
    """
    start = _doctype_start(data)
    if start is None:
        return None
    head = _DOCTYPE_HEAD.match(data, start)
    if head is None:
        raise _doctype_error(name, data, start, "DOCTYPE without a root element name")
    out = bytearray(data)

    def blank(a: int, b: int) -> None:
        out[a:b] = bytes(0x0A if c == 0x0A else 0x20 for c in data[a:b])

    pos = head.end()
    external: str | None = None
    ext = _EXTERNAL_ID.match(data, pos)
    if ext is not None:
        external = _decode(ext.group(2) if ext.group(2) is not None else ext.group(6))
        blank(ext.start(), ext.end())
        pos = ext.end()
    pos = _skip_space(data, pos)
    entities: dict[bytes, _Entity] = {}
    parameter = declarations = 0
    if pos < len(data) and data[pos] == 0x5B:  # [
        pos += 1
        while True:
            pos = _skip_space(data, pos)
            if pos >= len(data):
                raise _doctype_error(name, data, start, "DOCTYPE is not closed")
            if data[pos] == 0x5D:  # ]
                pos += 1
                break
            pe = _PE_REF.match(data, pos)
            if pe is not None:  # a parameter entity reference: ignored with its declaration
                blank(pe.start(), pe.end())
                pos = pe.end()
                continue
            if data.startswith(b"<!--", pos):
                end = data.find(b"-->", pos)
                if end < 0:
                    raise _doctype_error(name, data, pos, "unclosed comment in the DOCTYPE")
                blank(pos, end + 3)
                pos = end + 3
                continue
            if data.startswith(b"<?", pos):
                end = data.find(b"?>", pos)
                if end < 0:
                    raise _doctype_error(name, data, pos, "unclosed PI in the DOCTYPE")
                blank(pos, end + 2)
                pos = end + 2
                continue
            decl = _ENTITY_DECL.match(data, pos)
            if decl is not None:
                end = _markup_end(data, decl.end())
                if end < 0:
                    raise _doctype_error(name, data, pos, "unclosed <!ENTITY in the DOCTYPE")
                if decl.group(1):
                    parameter += 1
                    blank(pos, end)
                else:
                    ent = _entity(data, decl.end(), end, pos)
                    if ent is None:
                        raise _doctype_error(name, data, pos, "<!ENTITY "
                                             f"{_decode(decl.group(2))} is not well-formed")
                    key = decl.group(2)
                    if key in entities or key in _PREDEFINED:
                        blank(pos, end)  # the first declaration binds (XML 1.0, 4.2)
                    else:
                        entities[key] = ent
                        if ent.value is None or b"%" in ent.value:
                            blank(pos, end)
                pos = end
                continue
            if data.startswith(b"<!", pos):
                end = _markup_end(data, pos)
                if end < 0:
                    raise _doctype_error(name, data, pos, "unclosed declaration in the DOCTYPE")
                declarations += 1
                blank(pos, end)
                pos = end
                continue
            raise _doctype_error(name, data, pos, "the DOCTYPE's internal subset is not "
                                 "well-formed here")
    pos = _skip_space(data, pos)
    if pos >= len(data) or data[pos] != 0x3E:
        raise _doctype_error(name, data, start, "DOCTYPE is not closed with '>'")
    kept = {k: e for k, e in entities.items() if e.value is not None and b"%" not in e.value}
    if not kept:  # no internal subset left: keep just "<!DOCTYPE name>"
        blank(head.end(), pos)
    count = _check_expansion(data, pos + 1, entities, name)
    return Doctype(_decode(head.group(1)), external, parameter, declarations,
                   tuple(_decode(k) for k in kept), count, bytes(out))


def _skip_space(data: bytes, pos: int) -> int:
    m = _SPACE.match(data, pos)
    return m.end() if m else pos


def _entity(data: bytes, pos: int, end: int, offset: int) -> _Entity | None:
    """An entity's value (from ``pos`` to the closing ``>`` at ``end - 1``)."""
    body = data[pos:end - 1].strip()
    lit = _LITERAL.fullmatch(body)
    if lit is not None:
        return _Entity(_CHAR_REF.sub(_char, body[1:-1]), offset=offset)
    ext = _EXTERNAL_ID.match(body)
    if ext is None:
        return None
    rest = body[ext.end():]
    if rest.strip() and _NDATA.fullmatch(rest) is None:
        return None
    system = ext.group(2) if ext.group(2) is not None else ext.group(6)
    return _Entity(None, _decode(system), offset)


def _char(m: re.Match[bytes]) -> bytes:
    ref = m.group(1)
    try:
        code = int(ref[1:], 16) if ref.startswith(b"x") else int(ref)
        char = chr(code)
    except (ValueError, OverflowError):
        return m.group(0)  # libxml2 reports the bad reference
    if char in "&<%":
        return m.group(0)  # keep escaped markup escaped (bounds count it as one character)
    return char.encode("utf-8")


def _check_expansion(data: bytes, body: int, entities: dict[bytes, _Entity], name: str) -> int:
    """How many references the document expands; raise past the bounds."""
    if not entities:
        return 0
    sizes: dict[bytes, tuple[int, int]] = {}  # entity -> (characters, expansions)

    def external(key: bytes, offset: int) -> DoctypeError:
        ent = entities[key]
        return _doctype_error(
            name, data, offset, f"&{_decode(key)}; is an external entity "
            f"(SYSTEM {ent.system!r}); teitools never reads or fetches external entities: "
            "replace the reference with the text itself", "external-entity")

    def measure(key: bytes, stack: tuple[bytes, ...], offset: int) -> tuple[int, int]:
        if key in sizes:
            return sizes[key]
        ent = entities[key]
        if ent.value is None:
            raise external(key, offset)
        if b"%" in ent.value:
            raise _doctype_error(name, data, ent.offset, f"<!ENTITY {_decode(key)} uses a "
                                 "parameter entity, which teitools does not expand")
        if key in stack:
            raise _doctype_error(name, data, ent.offset,
                                 f"entity &{_decode(key)}; refers to itself")
        chars, count = len(ent.value), 0
        for ref in _GENERAL_REF.finditer(ent.value):
            inner = ref.group(1)
            chars -= len(ref.group(0))
            if inner in _PREDEFINED or inner not in entities:
                chars += 1
                continue
            c, n = measure(inner, (*stack, key), ent.offset)
            chars, count = chars + c, count + 1 + n
            if chars > MAX_ENTITY_CHARACTERS or count > MAX_ENTITY_EXPANSIONS:
                break  # far enough to know it is too much
        sizes[key] = (chars, count)
        return chars, count

    total_chars = total_count = 0
    for m in _BODY_REF.finditer(data, body):
        key = m.group(1)
        if key is None or key in _PREDEFINED or key not in entities:
            continue  # not a reference, predefined, or undeclared (libxml2 reports it)
        c, n = measure(key, (), m.start())
        total_chars, total_count = total_chars + c, total_count + 1 + n
        if total_chars > MAX_ENTITY_CHARACTERS or total_count > MAX_ENTITY_EXPANSIONS:
            what = (f"more than {MAX_ENTITY_CHARACTERS:,} characters"
                    if total_chars > MAX_ENTITY_CHARACTERS
                    else f"more than {MAX_ENTITY_EXPANSIONS:,} references")
            raise _doctype_error(
                name, data, m.start(), f"the DOCTYPE's entities expand to {what} "
                f"(by &{_decode(key)}; here); teitools stops there (an entity bomb?)",
                "entity-bomb")
    return total_count


# --------------------------------------------------------------------------- reading


def check_size(size: int, name: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """The one size limit: raise a one-line :class:`InputError` past ``max_bytes``."""
    if size > max_bytes:
        raise InputError(
            f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
            "(raise it with --max-size)", file=name)


def _syntax_error(path: str, exc: etree.XMLSyntaxError) -> InputError:
    line, column = exc.position if exc.position else (None, None)
    msg = (exc.msg or "not well-formed XML").strip()
    # libxml2 repeats the position in its message; keep only the prose.
    msg = msg.split(", line ")[0]
    return InputError(f"not well-formed XML: {msg}", file=path, line=line, column=column)


def read_bytes(path: str | Path, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file, turning every OS failure into a one-line InputError.

    Files over ``max_bytes`` (None: no limit) are refused before they are read.
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory, expected a file", file=p)
        if max_bytes is not None:
            check_size(p.stat().st_size, p, max_bytes)
        return p.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file", file=p) from None
    except PermissionError:
        raise InputError("permission denied", file=p) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), file=p) from None


#: The command-line name of standard input.
STDIN = "-"


@dataclass(frozen=True)
class InputDocument:
    """A document as a command reads it: a file, or standard input.

    ``path`` is where relative things (``<?xml-model?>`` hrefs, the nearest
    ``pyproject.toml``) are resolved from: the file itself, or for standard
    input the ``--stdin-filename`` (an editor's unsaved buffer), else None.
    ``from_file``: ``data`` is exactly what is on disk at ``path``.
    """

    data: bytes
    name: str
    path: Path | None
    from_file: bool

    @property
    def base_url(self) -> str | None:
        return self.path.resolve().as_uri() if self.path is not None else None


def read_input(arg: str, *, stdin_filename: str | Path | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> InputDocument:
    """Read the document a command was given (``-``: standard input)."""
    if arg == STDIN:
        import sys

        try:
            data = sys.stdin.buffer.read()
        except OSError as exc:
            raise InputError(exc.strerror or str(exc), file="<stdin>") from None
        where = Path(stdin_filename) if stdin_filename is not None else None
        name = str(where) if where is not None else "<stdin>"
        check_size(len(data), name, max_bytes)
        return InputDocument(data, name, where, False)
    path = Path(arg)
    return InputDocument(read_bytes(path, max_bytes=max_bytes), arg, path, True)


def parse_document(
    data: bytes, name: str, *, base_url: str | None = None, remove_blank_text: bool = False,
    collect_ids: bool = True,
) -> tuple[etree._ElementTree, Doctype | None]:
    """Parse XML bytes; return the tree and what its DOCTYPE held (see :func:`read_doctype`).

    Raises :class:`InputError` (one line: ``name:line:column``) when the bytes
    are not well-formed or the DOCTYPE cannot be used.
    """
    if not data.strip():
        raise InputError("empty file, expected an XML document", file=name)
    doctype = read_doctype(data, name)
    parser = make_parser(remove_blank_text=remove_blank_text,
                         internal_entities=bool(doctype and doctype.entities),
                         collect_ids=collect_ids)
    try:
        root = etree.fromstring(doctype.data if doctype else data, parser,
                                base_url=base_url or "")
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(name, exc) from None
    tree: etree._ElementTree = root.getroottree()
    if doctype is not None and doctype.entities:
        _lines_of_expanded(root)
    dtd = tree.docinfo.internalDTD
    entities = dtd.iterentities() if dtd is not None else ()  # type: ignore[attr-defined]
    if doctype is None and any(True for _ in entities):
        # A DOCTYPE teitools could not read first (UTF-16/32 text): nothing was expanded.
        raise InputError("the DOCTYPE declares entities; teitools expands them only in "
                         "UTF-8 (or ASCII-compatible) files: re-save the file as UTF-8",
                         file=name, line=1, column=1)
    return tree, doctype


def _lines_of_expanded(root: etree._Element) -> None:
    """Elements that came from an entity's text get the line of the element around them.

    libxml2 numbers them from the entity declaration; a message should point
    into the document.
    """
    for el in root.iter(etree.Element):
        parent = el.getparent()
        if parent is None:
            continue
        line, above = el.sourceline, parent.sourceline
        if isinstance(line, int) and isinstance(above, int) and line < above:
            el.sourceline = above


def parse_bytes(
    data: bytes, name: str, *, base_url: str | None = None, remove_blank_text: bool = False
) -> etree._ElementTree:
    """Parse XML bytes; ``name`` is used in error messages."""
    return parse_document(data, name, base_url=base_url, remove_blank_text=remove_blank_text)[0]


def parse(path: str | Path, *, remove_blank_text: bool = False) -> etree._ElementTree:
    """Parse an XML file safely.  Raises :class:`InputError` with file:line:column."""
    p = Path(path)
    data = read_bytes(p)
    return parse_bytes(
        data, str(p), base_url=p.resolve().as_uri(), remove_blank_text=remove_blank_text
    )


# --------------------------------------------------------------------------- the TEI gate


def tei_root_problem(root: etree._Element, *, fragment: bool = False) -> str | None:
    """Why ``root`` is not the root of a TEI document (None when it is).

    A document is ``<TEI>`` or ``<teiCorpus>`` in the TEI namespace.  With
    ``fragment`` (validation, where the schema's start decides) any element in
    the TEI namespace passes.
    """
    qname = etree.QName(root)
    if qname.namespace == TEI_NS and (fragment or qname.localname in TEI_ROOTS):
        return None
    if qname.namespace == TEI_NS:
        where = "the TEI namespace, but is not a document root"
    else:
        where = f"namespace {qname.namespace!r}" if qname.namespace else "no namespace"
    p4 = "; it is TEI P4: convert it to P5 first" if qname.localname in P4_ROOTS else ""
    return (f"not a TEI document: the root element <{qname.localname}> is in {where}; "
            f'expected <TEI> or <teiCorpus> in xmlns="{TEI_NS}"{p4}')


def require_tei(tree: etree._ElementTree, name: str) -> None:
    """The one TEI gate: raise :class:`NotTeiError` unless the root is TEI/teiCorpus."""
    root = tree.getroot()
    problem = tei_root_problem(root)
    if problem is not None:
        line = root.sourceline
        raise NotTeiError(problem, file=name,
                                   line=line if isinstance(line, int) else None)


def parse_tei(data: bytes, name: str, *, base_url: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[etree._ElementTree, Doctype | None]:
    """Parse a TEI document for a transformation or an export.

    Raises :class:`InvalidDocumentError` (exit 1) when it is too big, not
    well-formed, or not TEI (:func:`require_tei`).
    """
    try:
        check_size(len(data), name, max_bytes)
        tree, doctype = parse_document(data, name, base_url=base_url)
    except InputError as err:
        raise InvalidDocumentError(err.message, file=err.file, line=err.line,
                                   column=err.column) from None
    require_tei(tree, name)
    return tree, doctype


# --------------------------------------------------------------------------- writing


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "wb") -> Iterator[object]:
    """Open a temp file beside ``path``; rename it over ``path`` only on success."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(_os_message(exc), file=target) from None
    tmp_path = Path(tmp)
    try:
        # mkstemp creates 0600; published outputs get the usual umask-derived mode.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
    except OSError as exc:
        tmp_path.unlink(missing_ok=True)
        raise OutputError(_os_message(exc), file=target) from None
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically (temp file + rename)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_open(path, "wb") as fh:
        fh.write(payload)  # type: ignore[attr-defined]
    return Path(path)


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    return exc.strerror or str(exc)


def serialize(tree: etree._ElementTree | etree._Element, *, pretty: bool = True) -> bytes:
    """Deterministic UTF-8 serialization with an XML declaration."""
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True, pretty_print=pretty)


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def xml_escape(text: str) -> str:
    """``text`` as XML character data (``xml.sax.saxutils`` would import ``urllib``)."""
    return text.translate(_TEXT_ESCAPES)


def xml_attr_value(value: str) -> str:
    """``value`` escaped for a double-quoted XML attribute (the quotes not included)."""
    return value.translate(_ATTR_ESCAPES)


def xml_attr(value: str) -> str:
    """``value`` as a double-quoted XML attribute value, quotes included."""
    return f'"{xml_attr_value(value)}"'
