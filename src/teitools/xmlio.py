"""Hardened XML input and atomic output.

Every XML file teitools reads goes through :func:`parse`: no network, no
external entities, no DTD loading, no entity expansion, libxml2's huge-tree
guard on.  Every file teitools writes goes through :func:`atomic_write`, so a
failed run never leaves a partial output behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from .errors import InputError, OutputError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
NSMAP = {"tei": TEI_NS, "rng": RNG_NS, "sch": SCH_NS, "xml": XML_NS}


def make_parser(*, remove_blank_text: bool = False) -> etree.XMLParser:
    """The one parser configuration teitools uses for untrusted XML."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=remove_blank_text,
        remove_comments=False,
    )


def _syntax_error(path: str, exc: etree.XMLSyntaxError) -> InputError:
    line, column = exc.position if exc.position else (None, None)
    msg = (exc.msg or "not well-formed XML").strip()
    # libxml2 repeats the position in its message; keep only the prose.
    msg = msg.split(", line ")[0]
    return InputError(f"not well-formed XML: {msg}", file=path, line=line, column=column)


def read_bytes(path: str | Path) -> bytes:
    """Read a file, turning every OS failure into a one-line InputError."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory, expected a file", file=p)
        return p.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file", file=p) from None
    except PermissionError:
        raise InputError("permission denied", file=p) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), file=p) from None


def parse_bytes(
    data: bytes, name: str, *, base_url: str | None = None, remove_blank_text: bool = False
) -> etree._ElementTree:
    """Parse XML bytes; ``name`` is used in error messages."""
    if not data.strip():
        raise InputError("empty file, expected an XML document", file=name)
    parser = make_parser(remove_blank_text=remove_blank_text)
    try:
        root = etree.fromstring(data, parser, base_url=base_url or "")
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(name, exc) from None
    tree: etree._ElementTree = root.getroottree()
    return tree


def parse(path: str | Path, *, remove_blank_text: bool = False) -> etree._ElementTree:
    """Parse an XML file safely.  Raises :class:`InputError` with file:line:column."""
    p = Path(path)
    data = read_bytes(p)
    return parse_bytes(
        data, str(p), base_url=p.resolve().as_uri(), remove_blank_text=remove_blank_text
    )


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "wb") -> Iterator[object]:
    """Open a temp file beside ``path``; rename it over ``path`` only on success."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
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
