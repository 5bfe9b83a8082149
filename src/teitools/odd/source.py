"""Locating, loading and indexing the TEI P5 source (``p5subset.xml``).

The source is looked up in this order: an explicit path (``--source``), the
``TEI_P5_SOURCE`` environment variable, then the copy shipped with teitools
(``teitools/data/p5subset.xml.gz``, TEI P5 4.9.0a, unmodified).  It is parsed
once per process and indexed by ident; both steps take a fraction of a second.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from lxml import etree

from ..errors import InputError, OddError, SourceError
from ..xmlio import TEI_NS, _syntax_error, make_parser, parse_bytes, read_bytes
from .config import odd_settings
from .model import SPEC_TAGS, Spec, T, line_of, parse_spec

ENV_VAR = "TEI_P5_SOURCE"
PACKAGED = Path(__file__).resolve().parent.parent / "data" / "p5subset.xml.gz"
PACKAGED_VERSION = "4.9.0a"
XI = "{http://www.w3.org/2001/XInclude}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_VERSION_IN_EDITION = re.compile(r"Version\s+([0-9][0-9A-Za-z.\-]*[0-9A-Za-z])")
# the TEI Consortium's URLs of p5subset.xml: the Vault (one folder per release) and
# the current release; raw GitHub copies of a release tag look the same
_VAULT = re.compile(
    r"^https?://(?:www\.)?tei-c\.org/Vault/P5/(?P<v>[^/]+)/xml/tei/odd/p5subset\.xml$"
)
_RELEASE = re.compile(
    r"^https?://(?:www\.)?tei-c\.org/(?:release|Vault/P5/current)/xml/tei/odd/p5subset\.xml$"
)
_GITHUB = re.compile(
    r"^https?://(?:raw\.githubusercontent\.com|github\.com)/TEIC/TEI/"
    r"(?:raw/|blob/)?(?:refs/tags/)?P5_Release_(?P<v>[^/]+)/P5/p5subset\.xml$"
)
CURRENT = "current"


@dataclass
class SourceIndex:
    """Every spec of a TEI source, by ident, and the idents of each module."""

    path: str
    specs: dict[str, Spec]
    modules: dict[str, list[str]]
    sha256: str = ""
    version: str | None = None
    keep_alive: list[object] = field(default_factory=list)
    # "tei" for a p5subset.xml; "odd" for a compiled ODD or a compiled parent
    # schema, whose modules may be partial (a missing module is a warning there)
    kind: str = "tei"
    # element ident -> its processing model (model/modelSequence/modelGrp elements)
    models: dict[str, list[etree._Element]] = field(default_factory=dict)

    @property
    def number(self) -> str | None:
        """The release number (``4.9.0a``) from the edition statement, if any."""
        return version_number(self.version)


def version_number(edition: str | None) -> str | None:
    if not edition:
        return None
    m = _VERSION_IN_EDITION.search(edition)
    return m.group(1) if m else None


def tei_version(ref: str) -> str | None:
    """The TEI release a ``@source`` names (``tei:4.10.2``, a Vault URL), else None.

    ``tei:`` alone, ``tei:current`` and the current-release URL give ``"current"``.
    """
    if ref.startswith("tei:"):
        return ref[4:].strip() or CURRENT
    for rx in (_VAULT, _GITHUB):
        m = rx.match(ref)
        if m:
            v = m.group("v")
            return CURRENT if v in ("current", "latest") else v
    if _RELEASE.match(ref):
        return CURRENT
    return None


def locate_version(
    version: str, explicit: str | Path | None, odd: Path
) -> tuple[Path, str | None]:
    """The local p5subset.xml for a TEI release, and a note when it is a substitute.

    Order: ``--source``/``$TEI_P5_SOURCE`` (the user's choice; the note says so when it is
    not known to be that release), the ``[tool.teitools.sources]`` table, the shipped
    copy when its release matches.  Otherwise a one-line :class:`SourceError` naming the
    release and how to supply it; never a download.
    """
    if version == CURRENT:
        return locate_source(explicit), None
    if explicit is not None or os.environ.get(ENV_VAR):
        return locate_source(explicit), version
    settings = odd_settings(odd)
    if version in settings.sources:
        return settings.sources[version], None
    if version == PACKAGED_VERSION:
        return PACKAGED, None
    where = f" in {settings.pyproject}" if settings.pyproject else " in pyproject.toml"
    raise SourceError(
        f"TEI {version} is not available locally (teitools ships {PACKAGED_VERSION}): pass "
        f"--source p5subset.xml of {version}, set {ENV_VAR}, or add "
        f'"{version}" = "PATH" to [tool.teitools.sources]{where}; teitools never downloads',
        file=odd,
    )


def locate_source(explicit: str | Path | None = None) -> Path:
    """The p5subset.xml to use: explicit path, else $TEI_P5_SOURCE, else packaged."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return PACKAGED


_CACHE: dict[tuple[str, int, int], SourceIndex] = {}


def load_source(path: str | Path) -> SourceIndex:
    """Parse and index a TEI source; cached per process by path, size and mtime."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        raise SourceError("TEI source not found", file=p) from None
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        data = read_bytes(p)
    except InputError as exc:
        raise SourceError(f"cannot read TEI source: {exc.message}", file=p) from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise SourceError(f"corrupt gzip file: {exc}", file=p) from None
    try:
        tree = parse_bytes(data, str(p), base_url=p.resolve().as_uri())
    except InputError as exc:
        raise SourceError(
            f"TEI source is not XML: {exc.message}", file=p, line=exc.line, column=exc.column
        ) from None
    index = index_source(tree.getroot(), str(p))
    index.sha256 = hashlib.sha256(data).hexdigest()
    _CACHE.clear()
    _CACHE[key] = index
    return index


def forget_sources() -> None:
    """Let go of the parsed TEI source (a long-lived process that has what it needs from
    it; the next :func:`load_source` parses it again)."""
    _CACHE.clear()


def index_source(root: etree._Element, name: str) -> SourceIndex:
    """Index the specs of a parsed TEI source document."""
    if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{TEI_NS}}}"):
        raise SourceError(
            "not a TEI P5 source: the root element is not in the TEI namespace",
            file=name,
            line=line_of(root),
        )
    specs: dict[str, Spec] = {}
    modules: dict[str, list[str]] = {}
    for el in root.iter(*SPEC_TAGS, T + "moduleSpec"):
        ident = el.get("ident")
        if not ident:
            continue
        if el.tag == T + "moduleSpec":
            modules.setdefault(ident, [])
            continue
        spec = parse_spec(el, name)
        specs[ident] = spec
        modules.setdefault(spec.module or "", []).append(ident)
    if not specs or not any(s.kind == "element" for s in specs.values()):
        raise SourceError(
            "not a TEI P5 source: it holds no elementSpec (expected p5subset.xml)",
            file=name,
            line=line_of(root),
        )
    version = None
    edition = root.find(f".//{T}editionStmt/{T}edition")
    if edition is not None:
        version = " ".join("".join(str(t) for t in edition.itertext()).split()) or None
    return SourceIndex(path=name, specs=specs, modules=modules, version=version, keep_alive=[root])


# --------------------------------------------------------------------------- ODD files


def _odd_parser() -> etree.XMLParser:
    # Without ID collection: an ODD's examples (egXML) are not its own ids, and real ODDs
    # repeat them or use values that are no NCName.
    return make_parser(collect_ids=False)


def load_odd(path: Path, catalog: dict[str, Path] | None = None) -> etree._ElementTree:
    """Parse an ODD file, with XIncludes resolved (local files only)."""
    return _load_odd(path, catalog or {}, ())


def _load_odd(path: Path, catalog: dict[str, Path], stack: tuple[str, ...]) -> etree._ElementTree:
    data = read_bytes_odd(path)
    try:
        root = etree.fromstring(data, _odd_parser(), base_url=path.resolve().as_uri())
    except etree.XMLSyntaxError as exc:
        err = _syntax_error(str(path), exc)
        raise OddError(err.message, file=path, line=err.line, column=err.column) from None
    tree: etree._ElementTree = root.getroottree()
    if any(True for _ in root.iter(XI + "include")):
        _xinclude(root, path, catalog, (*stack, str(path.resolve())))
    return tree


def read_bytes_odd(path: Path) -> bytes:
    try:
        data = read_bytes(path)
    except InputError as exc:
        raise OddError(exc.message, file=exc.file) from None
    if not data.strip():
        raise OddError("empty file, expected an XML document", file=path)
    return data


def local_file(ref: str, base: Path, catalog: dict[str, Path]) -> Path | None:
    """A reference (relative path, file: URL, or a URL the catalog maps) as a local path.

    None for a remote URL the catalog does not know.
    """
    if ref in catalog:
        return catalog[ref]
    parsed = urlparse(ref)
    if parsed.scheme in ("http", "https", "ftp"):
        return None
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if len(parsed.scheme) == 1:  # a Windows drive letter: C:/...
        return Path(ref)
    return (base.parent / unquote(parsed.path)).resolve()


def _xinclude(
    root: etree._Element, path: Path, catalog: dict[str, Path], stack: tuple[str, ...]
) -> None:
    """Replace each xi:include by what it names: local files only, never the network."""
    for inc in list(root.iter(XI + "include")):
        if inc.getparent() is None:
            continue
        href = inc.get("href", "")
        target = local_file(href, path, catalog) if href else path
        fallback = inc.find(XI + "fallback")
        if target is None:
            raise OddError(
                f"XInclude of remote '{href}' not supported (teitools never uses the network): "
                "save a local copy and include that, or map the URL in [tool.teitools.catalog]",
                file=path,
                line=line_of(inc),
            )
        if str(target.resolve()) in stack and not inc.get("xpointer"):
            raise OddError(f"XInclude cycle through '{href}'", file=path, line=line_of(inc))
        parent = inc.getparent()
        assert parent is not None
        if not target.exists():
            if fallback is not None:
                _replace(inc, [*fallback], fallback.text)
                continue
            raise OddError(f"XInclude target '{href}' not found", file=path, line=line_of(inc))
        if inc.get("parse") == "text":
            text = read_bytes_odd(target).decode(inc.get("encoding") or "utf-8", "replace")
            _replace(inc, [], text)
            continue
        if target.resolve() == path.resolve() and not href:
            included = root
        else:
            included = _load_odd(target, catalog, stack).getroot()
        xp = inc.get("xpointer")
        if xp:
            ident = re.sub(r"^(?:element|xpointer)\((?:id\(['\"]?)?([^'\")/]+).*$", r"\1", xp)
            found = [
                e
                for e in included.iter()
                if e.get("{http://www.w3.org/XML/1998/namespace}id") == ident
            ]
            if not found:
                raise OddError(
                    f"XInclude xpointer '{xp}' matches nothing in '{href}'",
                    file=path,
                    line=line_of(inc),
                )
            included = found[0]
        copy_el = _copy_with_base(included, target)
        _replace(inc, [copy_el], None)


def _copy_with_base(el: etree._Element, target: Path) -> etree._Element:
    import copy

    new = copy.deepcopy(el)
    new.set(XML_BASE, target.resolve().as_uri())
    return new


def _replace(inc: etree._Element, nodes: list[etree._Element], text: str | None) -> None:
    parent = inc.getparent()
    assert parent is not None
    tail = inc.tail or ""
    prev = inc.getprevious()
    lead = (text or "") if not nodes else ""
    if lead:
        if prev is not None:
            prev.tail = (prev.tail or "") + lead
        else:
            parent.text = (parent.text or "") + lead
    idx = parent.index(inc)
    parent.remove(inc)
    for i, n in enumerate(nodes):
        parent.insert(idx + i, n)
    if nodes:
        nodes[-1].tail = (nodes[-1].tail or "") + tail
    elif prev is not None:
        prev.tail = (prev.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def base_of(el: etree._Element, default: Path) -> Path:
    """The file an element came from (xml:base set by XInclude), else ``default``."""
    node: etree._Element | None = el
    while node is not None:
        b = node.get(XML_BASE)
        if b and b.startswith("file:"):
            return Path(unquote(urlparse(urljoin(default.resolve().as_uri(), b)).path))
        node = node.getparent()
    return default


# --------------------------------------------------------------------------- compiled ODDs


def is_compiled_odd(tree: etree._ElementTree, schema_spec: etree._Element) -> bool:
    """Whether an ODD is odd2odd output (self-contained: its specs are the whole schema).

    odd2odd writes a ``<?TEIVERSION?>`` processing instruction and replaces every
    ``moduleRef/@key`` by the specs it selects, each with its ``@module``.
    """
    root = tree.getroot()
    for node in (*root.itersiblings(preceding=True), *root.iterchildren()):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "TEIVERSION":
            return True
    has_module_spec = False
    for el in schema_spec.iter(T + "moduleRef", T + "elementSpec"):
        if el.tag == T + "moduleRef":
            if el.get("key"):
                return False
        elif el.get("mode") in ("change", "delete"):
            return False
        elif el.get("module"):
            has_module_spec = True
    return has_module_spec


def index_compiled_odd(
    tree: etree._ElementTree, schema_spec: etree._Element, name: str
) -> SourceIndex:
    """A compiled ODD as a source: its own specs, its own @source never followed."""
    specs: dict[str, Spec] = {}
    modules: dict[str, list[str]] = {}
    models: dict[str, list[etree._Element]] = {}
    for el in schema_spec.iter(*SPEC_TAGS):
        ident = el.get("ident")
        if not ident or el.get("mode") == "delete":
            continue
        spec = parse_spec(el, name)
        specs[ident] = spec
        modules.setdefault(spec.module or "", []).append(ident)
        if spec.models:
            models[ident] = spec.models
    version = None
    root = tree.getroot()
    for node in (*root.itersiblings(preceding=True), *root.iterchildren()):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "TEIVERSION":
            version = " ".join((node.text or "").split()) or None
    return SourceIndex(
        path=name,
        specs=specs,
        modules=modules,
        version=version,
        keep_alive=[root],
        kind="odd",
        models=models,
    )
