"""Attribute inheritance: which attributes each element and attribute class has.

A spec inherits the attributes of every attribute class it is a member of
(transitively); its own ``attDef`` records add attributes, override inherited
ones (``mode="change"``/``replace``) or remove them (``mode="delete"``).
:func:`AttributeResolver.plan` says how to emit a spec's attributes: whole
class references where nothing is overridden, single attributes otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compile import Schema
from .model import AttDef, Spec, merge_attdef


@dataclass(frozen=True)
class ClassRef:
    """All attributes of an attribute class: ``{cls}.attributes``."""

    cls: str


@dataclass(frozen=True)
class ClassAttRef:
    """One attribute defined by a class: ``{cls}.attribute.{name}``."""

    cls: str
    att: AttDef


@dataclass(frozen=True)
class LocalAtt:
    """An attribute defined (or overridden) by the spec itself."""

    att: AttDef


Item = ClassRef | ClassAttRef | LocalAtt


def att_define_name(cls: str, att: AttDef) -> str:
    return f"{cls}.attribute.{att.ident.replace(':', '')}"


def _complete(att: AttDef) -> AttDef:
    if att.usage is None:
        out = att.clone()
        out.usage = "opt"
        out.mode = "add"
        return out
    return att


class AttributeResolver:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self._eff: dict[str, dict[str, AttDef]] = {}
        self._own: dict[str, list[AttDef]] = {}
        self._busy: set[str] = set()

    def parents(self, spec: Spec) -> list[Spec]:
        out = []
        for key in spec.member_of:
            p = self.schema.specs.get(key)
            if p is not None and p.kind == "class" and p.type == "atts" and p is not spec:
                out.append(p)
        return out

    def effective(self, spec: Spec) -> dict[str, AttDef]:
        """Every attribute the spec ends up with, by name (inherited ones included)."""
        cached = self._eff.get(spec.ident)
        if cached is not None:
            return cached
        if spec.ident in self._busy:  # membership cycle: stop here
            return {}
        self._busy.add(spec.ident)
        inherited: dict[str, AttDef] = {}
        for parent in self.parents(spec):
            for name, att in self.effective(parent).items():
                inherited.setdefault(name, att)
        own: list[AttDef] = []
        for rec in spec.atts.values():
            if rec.mode == "delete":
                inherited.pop(rec.ident, None)
                continue
            if rec.mode == "ref":
                cls = self.schema.specs.get(rec.ref_class or "")
                ref = self.effective(cls).get(rec.ident) if cls is not None else None
                if ref is not None:
                    inherited[rec.ident] = ref
                    own.append(ref)
                continue
            if rec.mode == "change" and rec.ident in inherited:
                full = merge_attdef(inherited[rec.ident], rec)
                full.mode = "add"
            else:
                full = _complete(rec)
            inherited[rec.ident] = full
            own.append(full)
        self._busy.discard(spec.ident)
        self._eff[spec.ident] = inherited
        self._own[spec.ident] = own
        return inherited

    def own(self, spec: Spec) -> list[AttDef]:
        """The complete definitions of the attributes the spec itself (re)defines."""
        self.effective(spec)
        return self._own.get(spec.ident, [])

    def plan(self, spec: Spec, *, local_as_refs: bool = False) -> list[Item]:
        """How to emit ``spec``'s attributes without duplicates."""
        out: list[Item] = []
        blocked = set(spec.atts)  # names the spec handles itself
        for parent in self.parents(spec):
            self._expand(parent, blocked, out)
        for att in self.own(spec):
            out.append(ClassAttRef(spec.ident, att) if local_as_refs else LocalAtt(att))
        return out

    def _expand(self, cls: Spec, blocked: set[str], out: list[Item]) -> None:
        names = set(self.effective(cls))
        if not names & blocked:
            out.append(ClassRef(cls.ident))
            blocked |= names
            return
        mine = set(cls.atts)
        sub = blocked | mine
        before = set(sub)
        for parent in self.parents(cls):
            self._expand(parent, sub, out)
        blocked |= sub - before
        for att in self.own(cls):
            if att.ident not in blocked:
                out.append(ClassAttRef(cls.ident, att))
                blocked.add(att.ident)
