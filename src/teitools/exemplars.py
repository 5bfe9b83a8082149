"""TEI's exemplar customisations, shipped with teitools, and the URLs that name them.

The ODDs of ``tei_all``, ``tei_lite``, ``tei_bare`` … are package data
(``teitools/data/exemplars/``, unmodified, with their licence in
``NOTICE.txt``).  :func:`schema_file` compiles one with the native ODD
compiler against the TEI source (:func:`teitools.odd.locate_source`) and keeps
the result in the cache directory, keyed by a hash of the ODD, the source and
the compiler, so a second use costs nothing.  :func:`from_url` recognises the
addresses TEI publishes them at — the release
(``https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng``),
``www.`` and ``http`` variants, the Vault's versioned copies
(``https://www.tei-c.org/Vault/P5/4.9.0/xml/tei/custom/schema/…``) — so a
document whose ``<?xml-model?>`` points there validates offline: nothing is
ever downloaded.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import SchemaError

DATA = Path(__file__).resolve().parent / "data" / "exemplars"
KINDS = ("rng", "sch", "xsd")

_URL = re.compile(
    r"https?://(?:www\.)?tei-c\.org/(?:release|Vault/P5/(?P<version>[^/]+))/xml/tei/custom/"
    r"schema/[A-Za-z]+/(?P<name>[A-Za-z0-9_]+)\.(?:rng|rnc|sch|isosch|xsd|odd)")


@dataclass(frozen=True)
class Reference:
    """A TEI URL that names a shipped exemplar."""

    name: str
    version: str | None  # the Vault's version, None for the current release

    def describe(self) -> str:
        where = f"the TEI Vault's P5 {self.version}" if self.version else "the TEI release"
        return f"TEI's {self.name} ({where}), compiled from the ODD teitools ships"


def names() -> tuple[str, ...]:
    """The exemplars teitools ships, by ident (``tei_all``, ``tei_lite`` …)."""
    return tuple(sorted(p.stem for p in DATA.glob("*.odd")))


def odd_path(name: str) -> Path:
    """The shipped ODD of exemplar ``name``."""
    path = DATA / f"{name}.odd"
    if not path.is_file():
        raise SchemaError(f"no TEI exemplar named {name!r}; teitools ships "
                          f"{', '.join(names())}")
    return path


def from_url(href: str) -> Reference | None:
    """The exemplar a TEI schema URL names (None for any other address)."""
    m = _URL.fullmatch(href.strip())
    if m is None or not (DATA / f"{m.group('name')}.odd").is_file():
        return None
    return Reference(m.group("name"), m.group("version"))


def not_downloaded(href: str) -> str:
    """The one-line advice for a schema URL teitools cannot resolve offline."""
    name = href.rstrip("/").rsplit("/", 1)[-1] or "schema.rng"
    return (f"teitools never downloads schemas: save {href} once and point the "
            f'<?xml-model?> at the local copy (href="schema/{name}"), or pass --rng/--sch '
            f"PATH (TEI's own exemplars need no download: {', '.join(names()[:3])} …)")


def odd_argument(odd: Path | None, out_dir: Path | None) -> tuple[Path | None, Path | None]:
    """``teitools schema build NAME``: an exemplar name stands for its shipped ODD.

    Its schemas go to ``schema/`` unless ``--out`` says otherwise (never into
    the installed package).
    """
    if odd is None or odd.exists() or odd.suffix or str(odd) not in names():
        return odd, out_dir
    return odd_path(str(odd)), out_dir if out_dir is not None else Path("schema")


def schema_option(kind: str, value: Path | None) -> Path | None:
    """``--rng tei_all``: an option naming an exemplar (or a TEI URL) instead of a file."""
    if value is None or value.is_file():
        return value
    text = str(value)
    ref = from_url(text)
    if ref is not None:
        return schema_file(ref.name, kind)
    if not value.suffix and text in names():
        return schema_file(text, kind)
    return value


@lru_cache(maxsize=1)
def compiler_digest() -> str:
    """A hash of the ODD compiler's own code: a changed emitter gives new schemas."""
    h = hashlib.sha256()
    for path in sorted((Path(__file__).resolve().parent / "odd").rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=8)
def source_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"  # compile_odd reports it


def _cache_roots() -> list[Path]:
    """Where compiled exemplars are kept: the cache directory (unless the cache is off),
    else a per-user temporary directory."""
    from .validate.cache import DiskCache

    cache = DiskCache()
    roots = [cache.directory / "exemplars"] if cache.enabled else []
    return [*roots, Path(tempfile.gettempdir()) / f"teitools-{os.getuid()}" / "exemplars"]


@lru_cache(maxsize=64)
def _compiled(name: str, source: Path) -> Path:
    """The directory holding ``name``'s derived schemas (compiled once per key)."""
    from .odd.compile import compile_odd
    from .odd.derive import derive, output_paths
    from .xmlio import atomic_write

    odd = odd_path(name)
    key = hashlib.sha256("\0".join([
        hashlib.sha256(odd.read_bytes()).hexdigest(), source_digest(source),
        compiler_digest()]).encode()).hexdigest()[:24]
    for root in _cache_roots():
        target = root / key
        if all((target / f"{name}.{k}").is_file() for k in KINDS):
            return target
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue  # a read-only cache: the next place
        schema = compile_odd(odd, source)
        data = derive(schema, odd)
        for fmt, path in output_paths(schema, target).items():
            atomic_write(path, data[fmt])
        return target
    raise SchemaError(f"cannot store the schemas compiled from {name}: no writable cache "
                      "directory (set TEITOOLS_CACHE_DIR)")


def schema_file(name: str, kind: str) -> Path:
    """The ``kind`` (rng, sch, xsd) schema of exemplar ``name``, compiled and cached."""
    from .odd.source import locate_source

    if kind not in KINDS:
        raise SchemaError(f"TEI's {name} has no {kind} schema; it has {', '.join(KINDS)}")
    return _compiled(name, locate_source().resolve()) / f"{name}.{kind}"
