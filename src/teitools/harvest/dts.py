"""Distributed Text Services 1.0, Level 0, as static files (``build/dts/``).

Every response a DTS client can ask for is written as a file, and the URI
templates of the entry endpoint expand to exactly those files, so that any
static host (GitHub Pages, S3, ``python -m http.server``) serves the API:

=============  ================================================  ===============================
endpoint       URI template (``BASE`` = ``base_url``)            files
=============  ================================================  ===============================
entry          ``BASE/index.json``                               ``index.json``
collection     ``BASE/collection{/id,nav}.json``                 ``collection.json`` (the corpus),
                                                                 ``collection/ID.json``,
                                                                 ``collection/ID/parents.json``,
                                                                 ``collection/ID/children.json``
navigation     ``BASE/navigation/{resource}{;tree,down}{/ref}.json``  every ``ref`` alone, with
                                                                 ``down=0``, ``-1`` and ``1`` …
                                                                 its depth; the whole tree
                                                                 (``down=-1``, ``1`` … depth)
document       ``BASE/document/{resource}{;tree}{/ref}.xml``     the full TEI, and each unit in
                                                                 ``dts:wrapper``
=============  ================================================  ===============================

``start``/``end`` ranges are not served (Level 0 need not), nor are requests
DTS answers with an error (400/404): a static host answers them with 404.
Identifiers are the documents' local ids and the units' ids, which never
contain ``/``, ``?``, ``#`` or spaces (:func:`.citation.safe_identifier`).

The directory is written to a temporary sibling and swapped in at the end,
so a failed run leaves the previous ``dts/`` as it was.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..diagnostics import Diagnostic
from ..errors import OutputError
from ..export import metadata
from ..export.document import TeiDocument, tei
from ..export.reading import take_all
from ..xmlio import TEI_NS
from .citation import CitationTree, Unit, citation_trees, safe_identifier

DTS_VERSION = "1.0"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
DTS_NS = "https://w3id.org/api/dts#"
TEI_MEDIA_TYPE = "application/tei+xml"
DEFAULT_BASE_URL = "http://localhost:8000/dts/"
DEFAULT_COLLECTION = "corpus"


@dataclass
class DtsResult:
    out_dir: Path
    resources: int = 0
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Resource:
    doc: TeiDocument
    ident: str
    md: metadata.Metadata
    trees: list[CitationTree]
    #: its collection object (:meth:`DtsSite.resource_object`), made once
    member: dict[str, Any] = field(default_factory=dict)


class DtsSite:
    """The DTS responses of a corpus, as (relative path, bytes) pairs."""

    def __init__(self, documents: Sequence[TeiDocument] = (), *,
                 base_url: str = DEFAULT_BASE_URL, collection_id: str = DEFAULT_COLLECTION,
                 title: str | None = None) -> None:
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        self.collection_id = safe_identifier(collection_id)
        self.title = title or "TEI documents"
        #: the resources of ``documents`` (those :meth:`add` ed later are not kept)
        self.resources: list[_Resource] = []
        #: (document name, collection object) of every resource: what the corpus
        #: collection and the resources' ``parents.json`` are made of, without the trees
        self.members: list[tuple[str, dict[str, Any]]] = []
        self._seen: dict[str, str] = {}
        take_all(doc.root for doc in documents)  # the readings: a few transformations
        for doc in documents:
            self.resources.append(self.add(doc))

    def add(self, doc: TeiDocument) -> _Resource:
        """The resource of ``doc``, counted in the corpus; its readings taken already
        (:func:`~teitools.export.reading.take_all`, a batch at a time)."""
        ident = safe_identifier(doc.local_id)
        if ident in self._seen:
            raise OutputError(f"two documents have the identifier {ident!r}: "
                              f"{self._seen[ident]} and {doc.name}; give one a different "
                              "publicationStmt/idno[@type='local']", file=doc.name)
        self._seen[ident] = doc.name
        res = _Resource(doc, ident, metadata.collect(doc), citation_trees(doc))
        res.member = self.resource_object(res)
        self.members.append((doc.name, res.member))
        return res

    # -- templates ------------------------------------------------------------------

    @property
    def entry_url(self) -> str:
        return self.base + "index.json"

    def collection_url(self, ident: str | None = None, nav: str | None = None) -> str:
        return self.base + "collection" + (f"/{ident}" if ident else "") + (
            f"/{nav}" if nav else "") + ".json"

    def navigation_url(self, res: str, ref: str | None = None, *, tree: str | None = None,
                       down: int | None = None) -> str:
        return self.base + _navigation_path(res, ref, tree, down)

    def document_url(self, res: str, ref: str | None = None, tree: str | None = None) -> str:
        return self.base + _document_path(res, ref, tree)

    # -- responses --------------------------------------------------------------------

    def files(self) -> Iterator[tuple[str, bytes]]:
        yield from self.corpus_files()
        for res in self.resources:
            yield from self.resource_files(res)
            yield self.parents_file(res.ident, res.member)

    def corpus_files(self) -> Iterator[tuple[str, bytes]]:
        """The entry point and the corpus collection (they list every resource)."""
        yield "index.json", _json(self.entry())
        root = _json(self.root_collection())
        yield "collection.json", root
        yield f"collection/{self.collection_id}.json", root
        yield f"collection/{self.collection_id}/children.json", root

    def parents_file(self, ident: str, member: dict[str, Any]) -> tuple[str, bytes]:
        """A resource's ``nav=parents`` response (it holds the corpus's summary, so it is
        written when every resource is known); ``member``: its collection object."""
        single = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **member}
        return (f"collection/{ident}/parents.json",
                _json({**single, "member": [self.parent_summary()]}))

    def entry(self) -> dict[str, Any]:
        return {
            "@context": CONTEXT,
            "dtsVersion": DTS_VERSION,
            "@id": self.entry_url,
            "@type": "EntryPoint",
            "collection": self.base + "collection{/id,nav}.json",
            "navigation": self.base + "navigation/{resource}{;tree,down}{/ref}.json",
            "document": self.base + "document/{resource}{;tree}{/ref}.xml",
        }

    def root_collection(self) -> dict[str, Any]:
        return {
            "@context": CONTEXT,
            "dtsVersion": DTS_VERSION,
            **self.parent_summary(),
            "member": [member for _name, member in self.members],
        }

    def parent_summary(self) -> dict[str, Any]:
        """The corpus collection as a member of a ``nav=parents`` response."""
        return {
            "@id": self.collection_id,
            "@type": "Collection",
            "title": self.title,
            "totalParents": 0,
            "totalChildren": len(self.members),
            "collection": self.base + "collection{/id,nav}.json",
        }

    def resource_object(self, res: _Resource, *, full: bool = True) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "@id": res.ident,
            "@type": "Resource",
            "title": res.md.title or res.ident,
        }
        if res.md.subtitle:
            obj["description"] = res.md.subtitle
        obj["totalParents"] = 1
        obj["totalChildren"] = 0
        obj["collection"] = self.base + f"collection/{res.ident}{{/nav}}.json"
        obj["navigation"] = self.base + f"navigation/{res.ident}{{;tree,down}}{{/ref}}.json"
        obj["document"] = self.base + f"document/{res.ident}{{;tree}}{{/ref}}.xml"
        obj["download"] = self.document_url(res.ident)
        obj["mediaTypes"] = [TEI_MEDIA_TYPE]
        obj["citationTrees"] = [_tree_object(t) for t in res.trees]
        if full:
            dublin_core = _dublin_core(res.md)
            if dublin_core:
                obj["dublinCore"] = dublin_core
            obj["extensions"] = _extensions(res)
        return obj

    def resource_files(self, res: _Resource) -> Iterator[tuple[str, bytes]]:
        """Every response of one resource but its ``parents.json`` (:meth:`parents_file`)."""
        single = {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **res.member}
        yield f"collection/{res.ident}.json", _json(single)
        yield f"collection/{res.ident}/children.json", _json({**single, "member": []})
        yield _document_path(res.ident, None, None), _full_document(res.doc)
        resource = self.resource_object(res, full=False)
        for tree in res.trees:
            yield from self.navigation_files(res, tree, resource)
            for unit in tree.walk():
                yield (_document_path(res.ident, unit.identifier, tree.identifier),
                       _unit_document(res.doc, unit))

    def navigation_files(self, res: _Resource, tree: CitationTree,
                         resource: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
        name = tree.identifier

        # the resource and each unit serialized once, the responses joined from them
        resource_json = json.dumps(resource, ensure_ascii=False)
        units = {u.identifier: json.dumps(_unit_object(u, res.md.language), ensure_ascii=False)
                 for u in tree.walk()}

        def response(ref: Unit | None, down: int | None, members: list[Unit] | None) -> bytes:
            head = json.dumps({
                "@context": CONTEXT,
                "dtsVersion": DTS_VERSION,
                "@type": "Navigation",
                "@id": self.navigation_url(res.ident, ref.identifier if ref else None,
                                           tree=name, down=down),
            }, ensure_ascii=False)
            parts = [head[:-1], ', "resource": ', resource_json]
            if ref is not None:
                parts += [', "ref": ', units[ref.identifier]]
            if members is not None:
                parts += [', "member": [', ", ".join(units[u.identifier] for u in members), "]"]
            parts.append("}\n")
            return "".join(parts).encode("utf-8")

        depth = tree.depth
        # the whole tree, from the root: down = -1 and 1 … depth (at least 1)
        everything = list(tree.walk())
        yield _navigation_path(res.ident, None, name, -1), response(None, -1, everything)
        for down in range(1, max(depth, 1) + 1):
            members = [u for u in everything if u.level <= down]
            yield _navigation_path(res.ident, None, name, down), response(None, down, members)
        for unit in everything:
            ref = unit.identifier
            below = list(unit.walk())
            yield _navigation_path(res.ident, ref, name, None), response(unit, None, None)
            yield _navigation_path(res.ident, ref, name, 0), response(
                unit, 0, tree.siblings(unit))
            yield _navigation_path(res.ident, ref, name, -1), response(unit, -1, below)
            for down in range(1, max(unit.depth, 1) + 1):
                members = [u for u in below if u.level - unit.level <= down]
                yield _navigation_path(res.ident, ref, name, down), response(
                    unit, down, members)


def write_dts(documents: Sequence[TeiDocument], out_dir: Path, *,
              base_url: str = DEFAULT_BASE_URL, collection_id: str = DEFAULT_COLLECTION,
              title: str | None = None) -> DtsResult:
    """Write the DTS responses of ``documents`` into ``out_dir`` (replacing it as a whole)."""
    return write_dts_batches([documents], out_dir, base_url=base_url,
                             collection_id=collection_id, title=title)


def write_dts_batches(batches: Iterable[Sequence[TeiDocument]], out_dir: Path, *,
                      base_url: str = DEFAULT_BASE_URL,
                      collection_id: str = DEFAULT_COLLECTION, title: str | None = None,
                      by_name: bool = False) -> DtsResult:
    """:func:`write_dts` over documents that come a batch at a time: each batch's files
    are written before the next is read, so only one batch's trees are held.
    ``by_name``: the corpus collection lists its members by document name."""
    out_dir = Path(out_dir)
    result = DtsResult(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError("exists and is not a directory", file=out_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc), file=out_dir) from None
    writer = _Writer(tmp, result, atomic=False)
    try:
        site = _stream(batches, base_url, collection_id, title, result, writer,
                       redo=lambda _ident, _name: True)
        _finish(site, writer, by_name, parents=lambda _ident: True)
        _swap(tmp, out_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(exc.strerror or str(exc), file=out_dir) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return result


def update_dts(documents: Sequence[TeiDocument], out_dir: Path, *, redo: set[str],
               gone: set[str], parents: bool, base_url: str = DEFAULT_BASE_URL,
               collection_id: str = DEFAULT_COLLECTION, title: str | None = None) -> DtsResult:
    """Bring an existing ``out_dir`` (written by :func:`write_dts` for the same base URL)
    up to date in place: the files of the resources whose identifiers are in ``redo``
    are replaced, those of ``gone`` removed, the entry point and the corpus collection
    rewritten, and with ``parents`` every resource's ``parents.json`` (the corpus's
    title or size changed).  Every other file stays as it is."""
    return update_dts_batches([documents], out_dir, redo=lambda ident, _name: ident in redo,
                              previous=gone, parents=lambda _count: parents,
                              base_url=base_url, collection_id=collection_id, title=title)


def update_dts_batches(batches: Iterable[Sequence[TeiDocument]], out_dir: Path, *,
                       redo: Callable[[str, str], bool], previous: Iterable[str],
                       parents: Callable[[int], bool], base_url: str = DEFAULT_BASE_URL,
                       collection_id: str = DEFAULT_COLLECTION, title: str | None = None,
                       by_name: bool = False) -> DtsResult:
    """:func:`update_dts` over documents that come a batch at a time.  ``redo(ident,
    document name)``: whether a resource's files are rewritten; ``previous``: the
    identifiers of the last run (those no document has now are removed); ``parents(n)``:
    whether every ``parents.json`` is rewritten, given the number of resources."""
    result = DtsResult(out_dir)
    writer = _Writer(Path(out_dir), result, atomic=True)
    redone: set[str] = set()

    def chosen(ident: str, name: str) -> bool:
        if redo(ident, name):
            remove_resource_files(out_dir, ident)  # what it had: some units may be gone
            redone.add(ident)
            return True
        return False

    try:
        site = _stream(batches, base_url, collection_id, title, result, writer, redo=chosen)
        for ident in sorted(set(previous) - set(site._seen)):
            remove_resource_files(out_dir, ident)
        every = parents(len(site.members))
        _finish(site, writer, by_name, parents=lambda ident: every or ident in redone)
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc), file=out_dir) from None
    return result


class _Writer:
    """Writes a DTS directory's files, counting them; ``atomic``: each by a rename (an
    update in place, read by a server meanwhile)."""

    def __init__(self, root: Path, result: DtsResult, *, atomic: bool) -> None:
        self.root = root
        self.result = result
        self.atomic = atomic
        self._made: set[Path] = set()

    def __call__(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        if path.parent not in self._made:
            path.parent.mkdir(parents=True, exist_ok=True)
            if len(self._made) > 16384:  # a few folders a resource: the recent ones
                self._made.clear()
            self._made.add(path.parent)
        if self.atomic:
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        else:
            path.write_bytes(data)
        self.result.files += 1


def _stream(batches: Iterable[Sequence[TeiDocument]], base_url: str, collection_id: str,
            title: str | None, result: DtsResult, write: _Writer,
            redo: Callable[[str, str], bool]) -> DtsSite:
    """Every batch's resources added to a site, the files of those ``redo`` chooses
    written; nothing of a batch is kept but its resources' collection objects."""
    site = DtsSite(base_url=base_url, collection_id=collection_id, title=title)
    for batch in batches:
        take_all(doc.root for doc in batch)  # the readings: one transformation a batch
        for doc in batch:
            res = site.add(doc)
            result.diagnostics.extend(d for d in doc.diagnostics
                                      if (d.rule or "").startswith("dts-"))
            if redo(res.ident, doc.name):
                for rel, data in site.resource_files(res):
                    write(rel, data)
    result.resources = len(site.members)
    return site


def _finish(site: DtsSite, write: _Writer, by_name: bool,
            parents: Callable[[str], bool]) -> None:
    """The responses that list every resource: the corpus's and the chosen ``parents``."""
    if by_name:
        site.members.sort(key=lambda m: m[0])
    for _name, member in site.members:
        ident = str(member["@id"])
        if parents(ident):
            write(*site.parents_file(ident, member))
    for rel, data in site.corpus_files():
        write(rel, data)


def remove_resource_files(out_dir: Path, ident: str) -> None:
    """Every file :meth:`DtsSite.resource_files` writes for the resource ``ident``."""
    for folder, plain in (("collection", (f"{ident}.json", ident)),
                          ("navigation", (f"{ident}.json", ident)),
                          ("document", (f"{ident}.xml", ident))):
        base = out_dir / folder
        try:
            entries = list(os.scandir(base))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name in plain or (folder != "collection" and name.startswith(ident + ";")):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _swap(tmp: Path, out_dir: Path) -> None:
    """Put ``tmp`` in the place of ``out_dir`` (two renames; the old one removed after)."""
    mode = 0o777 & ~_umask()
    for dirpath, _dirs, _files in os.walk(tmp):
        os.chmod(dirpath, mode)
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
        os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out_dir)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- paths ----------------------------------------------------------------------------


def _params(tree: str | None, down: int | None) -> str:
    out = f";tree={tree}" if tree else ""
    return out + (f";down={down}" if down is not None else "")


def _navigation_path(res: str, ref: str | None, tree: str | None, down: int | None) -> str:
    return f"navigation/{res}{_params(tree, down)}" + (f"/{ref}" if ref else "") + ".json"


def _document_path(res: str, ref: str | None, tree: str | None) -> str:
    return f"document/{res}{_params(tree, None)}" + (f"/{ref}" if ref else "") + ".xml"


# -- JSON objects ---------------------------------------------------------------------


def _json(data: dict[str, Any]) -> bytes:
    """One line of JSON (``python -m json.tool`` pretty-prints it): the C encoder is fast."""
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _tree_object(tree: CitationTree) -> dict[str, Any]:
    obj: dict[str, Any] = {"@type": "CitationTree"}
    if tree.identifier is not None:
        obj["identifier"] = tree.identifier
    obj["description"] = tree.description
    structure = tree.structure()
    if structure:
        obj["citeStructure"] = structure
    return obj


def _localized(value: str, lang: str | None) -> list[Any]:
    return [{"lang": lang, "value": value}] if lang else [value]


def _unit_object(unit: Unit, lang: str | None) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "identifier": unit.identifier,
        "@type": "CitableUnit",
        "level": unit.level,
        "parent": unit.parent,
        "citeType": unit.cite_type,
    }
    if unit.title:
        obj["dublinCore"] = {"title": _localized(unit.title, lang)}
    return obj


def _dublin_core(md: metadata.Metadata) -> dict[str, Any]:
    """The header as Dublin Core Terms (the same fields as the ``oai_dc`` export)."""
    out: dict[str, Any] = {}
    lang = md.language
    for name, value in md.dc_fields():
        localized = name in ("title", "description", "subject", "coverage", "source")
        out.setdefault(name, []).extend(_localized(value, lang) if localized else [value])
    return out


def _extensions(res: _Resource) -> dict[str, Any]:
    """schema.org terms (flattened to names, as a MetadataObject must be)."""
    md = res.md
    ext: dict[str, Any] = {"@context": {"@vocab": "https://schema.org/"},
                           "additionalType": md.kind.schema_type,
                           "genre": md.kind.label}
    ext.update((key, value) for key, value in (
        ("sender", [a.name for a in md.senders]),
        ("recipient", [a.name for a in md.recipients]),
        ("dateSent", md.date if md.kind.name == "letter" else None),
        ("locationCreated", md.place_sent),
        ("character", md.characters),
        ("license", md.licence_url),
    ) if value)
    return ext


# -- documents ------------------------------------------------------------------------


def _full_document(doc: TeiDocument) -> bytes:
    data: bytes = etree.tostring(doc.root, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"


def _unit_document(doc: TeiDocument, unit: Unit) -> bytes:
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})  # type: ignore[dict-item]
    wrapper = etree.SubElement(root, f"{{{DTS_NS}}}wrapper",
                               nsmap={"dts": DTS_NS})  # type: ignore[dict-item]
    wrapper.set("ref", _xpath(unit.element))
    if unit.cite_type == "page":
        for node in _page_fragment(doc, unit):
            wrapper.append(node)
    else:
        fragment = copy.deepcopy(unit.element)
        fragment.tail = None
        wrapper.append(fragment)
    etree.cleanup_namespaces(root)
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"


def _xpath(el: etree._Element) -> str:
    """``/TEI[1]/text[1]/body[1]/div[2]``: where the unit is (TEI names, unprefixed)."""
    steps = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        position = 1 if parent is None else 1 + sum(
            1 for _ in node.itersiblings(node.tag, preceding=True))
        steps.append(f"{etree.QName(node).localname}[{position}]")
        node = parent
    return "/" + "/".join(reversed(steps))


def _page_fragment(doc: TeiDocument, unit: Unit) -> list[etree._Element]:
    """The text from the unit's ``pb`` to the next one: a pruned copy of ``<text>``."""
    text = doc.text
    assert text is not None
    clone = copy.deepcopy(text)
    originals = list(text.iter())
    clones = list(clone.iter())
    index = {id(el): i for i, el in enumerate(originals)}
    start = clones[index[id(unit.element)]]
    end = clones[index[id(unit.end)]] if unit.end is not None else None
    if end is not None:  # drop everything from the next pb on
        node = end
        while node is not clone:
            parent = node.getparent()
            assert parent is not None
            for after in list(node.itersiblings()):
                parent.remove(after)
            node.tail = None
            node = parent
        end_parent = end.getparent()
        assert end_parent is not None
        end_parent.remove(end)
    node = start  # drop everything before this pb
    while node is not clone:
        parent = node.getparent()
        assert parent is not None
        for before in list(node.itersiblings(preceding=True)):
            parent.remove(before)
        parent.text = None
        node = parent
    return [child for child in clone if isinstance(child.tag, str)]
