"""One RELAX NG schema file: parsed once, compiled per document, cached on disk.

Large grammars (over :data:`REDUCE_THRESHOLD` bytes) are compiled reduced to
each document's element names (:func:`.simplify.reduce_to`); every grammar
has its ``notAllowed`` propagated when libxml2 compiles the result in time
(:func:`.simplify.propagate_not_allowed`).  The rewritten grammars are cached
on disk by (schema hash, element-name set) and the compiled ones in memory,
so a batch of similar documents compiles one small grammar.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from ...diagnostics import Diagnostic
from ...errors import SchemaError
from ...xmlio import make_parser
from ..cache import DiskCache, content_hash
from ..phase import ParsedDocument
from . import messages, simplify
from .content import ContentModels
from .index import Index, build_index, dump_index, load_index
from .names import ANY, START, R

if TYPE_CHECKING:
    from .explain import Explainer

#: Grammars larger than this (bytes) are reduced to each document's element names.
REDUCE_THRESHOLD = 300_000
#: A simplified grammar libxml2 cannot compile in this time is not used (see .simplify);
#: compiling one takes about 10 ms, the pathological ones minutes.
COMPILE_SECONDS = 0.5
#: Compiled validators kept in memory per grammar (one per element-name set).
MEMORY_VALIDATORS = 16


def _repeats_an_id(tree: etree._ElementTree) -> bool:
    ids = [v for v in tree.getroot().xpath("//@xml:id")]  # type: ignore[union-attr]
    return len(ids) != len(set(ids))


def _shown_path(path: Path) -> str:
    """A path as short as it reads best: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd()))
    except ValueError:
        return str(resolved)


class Grammar:
    """One RELAX NG schema file: its index, and validators reduced per document."""

    label = "RELAX NG"

    def __init__(self, path: Path, cache: DiskCache | None = None) -> None:
        self.path = path
        self.cache = cache if cache is not None else DiskCache()
        try:
            self.data = path.read_bytes()
        except OSError as exc:
            raise SchemaError(f"cannot read RELAX NG schema: {exc.strerror or exc}",
                              file=path) from None
        self.digest = content_hash(b"rng", self.data)
        self._root: etree._Element | None = None
        self._index: Index | None = None
        self._validators: OrderedDict[str, etree.RelaxNG] = OrderedDict()
        self.reducible = len(self.data) > REDUCE_THRESHOLD
        self._models: ContentModels | None = None
        self._explainer: Explainer | bool | None = False  # False: not built yet

    # -- parsing -----------------------------------------------------------------

    @property
    def root(self) -> etree._Element:
        if self._root is None:
            try:
                root = etree.fromstring(self.data, make_parser(),
                                        base_url=self.path.resolve().as_uri())
            except etree.XMLSyntaxError as exc:
                line, col = exc.position if exc.position else (None, None)
                raise SchemaError(f"RELAX NG schema is not well-formed XML: {exc.msg}",
                                  file=self.path, line=line, column=col) from None
            if root.tag not in (R + "grammar", R + "element"):
                raise SchemaError(
                    f"not a RELAX NG schema (root element {root.tag!r})", file=self.path)
            if any(True for _ in root.iter(R + "include", R + "externalRef")):
                self.reducible = False
            if root.tag == R + "grammar" and sum(1 for _ in root.iter(R + "grammar")) > 1:
                self.reducible = False
            self._root = root
        return self._root

    # -- what messages need ----------------------------------------------------------

    def index(self) -> Index:
        """For each element name: the children, attributes and text it can ever have."""
        if self._index is not None:
            return self._index
        raw = self.cache.load("rng-index", self.digest, ".json")
        loaded = load_index(raw) if raw is not None else None
        if loaded is not None:
            self._index = loaded
            return loaded
        self._index = build_index(self.root)
        self.cache.built["rng-index"] += 1
        self.cache.store("rng-index", self.digest, dump_index(self._index), ".json")
        return self._index

    def content_models(self) -> ContentModels:
        if self._models is None:
            self._models = ContentModels(self.root)
        return self._models

    def explainer(self) -> Explainer | None:
        """The derivative re-validator that names each mistake (None if the grammar
        uses include/externalRef, which it does not follow)."""
        if self._explainer is False:
            # Imported here: only an invalid document pays for it.
            from .explain import Explainer, ExplainGrammar, Unsupported, tei_element_modules

            try:
                grammar = ExplainGrammar(self.root)
            except Unsupported:
                self._explainer = None
            else:
                odd = self.path.with_suffix(".odd")
                hint = _shown_path(odd) if odd.is_file() else None
                self._explainer = Explainer(
                    grammar, odd_hint=hint, tei_modules=lambda: tei_element_modules(self.cache))
        return self._explainer or None  # type: ignore[return-value]

    # -- compiling -----------------------------------------------------------------

    def reduced(self, names: frozenset[str]) -> etree._Element:
        """A copy of the grammar in which only elements named in ``names`` exist."""
        return simplify.reduce_to(self.root, names)

    def _simplified(self, doc: etree._Element) -> tuple[etree._Element, bool]:
        """``doc`` with ``notAllowed`` propagated, unless libxml2 chokes on the result.

        Returns the grammar to compile and whether it is the simplified one.
        The choice is cached with the grammar, so each grammar pays for the
        trial compilation once.
        """
        fast = copy.deepcopy(doc)
        if not simplify.propagate_not_allowed(fast):
            return doc, False
        if simplify.compiles_in_time(fast, COMPILE_SECONDS):
            return fast, True
        return doc, False

    def compile(self, names: frozenset[str]) -> tuple[etree.RelaxNG, str]:
        """A compiled validator for a document with these element names, and how it was got.

        The grammar libxml2 compiles is rewritten first (reduced to ``names``
        for large grammars, ``notAllowed`` propagated: :mod:`.simplify`) and
        cached on disk, so the next process only parses it.
        """
        _ = self.root  # parsing decides whether the grammar can be reduced
        full = not self.reducible
        key = content_hash(self.digest, simplify.VERSION,
                           "#full" if full else "\n".join(sorted(names)))
        hit = self._validators.get(key)
        if hit is not None:
            self._validators.move_to_end(key)
            return hit, "compiled grammar reused"
        prefix = "" if full else f"grammar reduced to {len(names)} element names, "
        as_is = full and not simplify.self_contained(self.root)
        raw = None if as_is else self.cache.load("rng-reduced", key, ".rng")
        if as_is:
            doc = self.root  # includes resolve against the schema's own location
            note = "full grammar compiled"
        elif raw is not None:
            doc = etree.fromstring(raw, make_parser(), base_url=self.path.resolve().as_uri())
            note = f"{prefix or 'grammar '}read from the cache"
        else:
            doc = copy.deepcopy(self.root) if full else self.reduced(names)
            doc, simplified = self._simplified(doc)
            done = "notAllowed propagated" if simplified else (
                f"notAllowed left in place (libxml2 did not compile the simplified grammar"
                f" in {COMPILE_SECONDS:g} s)")
            self.cache.built["rng-reduced"] += 1
            self.cache.store("rng-reduced", key, etree.tostring(doc), ".rng")
            note = f"{prefix}{done} ({self.cache.stored_note()})"
        try:
            validator = etree.RelaxNG(doc)
        except etree.RelaxNGParseError as exc:
            entry = exc.error_log.last_error if exc.error_log else None
            msg = entry.message if entry is not None else str(exc)
            line = entry.line if entry is not None and entry.line else None
            raise SchemaError(f"RELAX NG schema does not load: {msg}", file=self.path,
                              line=line) from None
        self._validators[key] = validator
        while len(self._validators) > MEMORY_VALIDATORS:
            self._validators.popitem(last=False)
        return validator, note

    def validator(self, names: frozenset[str]) -> etree.RelaxNG:
        """:meth:`compile` without the note."""
        return self.compile(names)[0]

    # -- the phase ---------------------------------------------------------------------

    def check(self, doc: ParsedDocument) -> tuple[list[Diagnostic], str]:
        """RELAX NG diagnostics for one parsed document, and how the grammar was got."""
        tree = doc.tree
        root_el = tree.getroot()
        if self.reducible:
            allowed_roots = self.index()[START].children
            if ANY not in allowed_roots and root_el.tag not in allowed_roots:
                return [messages.wrong_root(doc.name, doc.locator, root_el, self.path.name,
                                            allowed_roots)], ""
        validator, note = self.compile(doc.names[0])
        if validator.validate(tree):
            return [], note
        log = list(validator.error_log)
        explainer = self.explainer()
        if explainer is not None:
            found = messages.from_findings(explainer.explain(tree), doc.name, doc.locator)
            if found:
                return found, note
            if _repeats_an_id(tree):
                # xsd:ID uniqueness is what libxml2 objected to; the well-formedness phase
                # has reported each repeated xml:id already (rule duplicate-id).
                return [], note
        precise = messages.diagnose(tree, doc.name, doc.locator, self.index(),
                                    self.content_models())
        if precise:
            return precise, note
        return messages.translate(log, tree, doc.name, doc.locator, self.index()), note
