"""For each element name of a grammar: the children, attributes and text it can ever have.

A summary, over all the definitions of a name, that ignores order and
number: enough to say "``<q>`` is not an element of this schema" or
"attribute ``foo`` is not allowed on ``<p>``", and which elements may be
the root (the :data:`~.names.START` entry).  Built once per grammar and
cached on disk as JSON (:meth:`.grammar.Grammar.index`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from lxml import etree

from .names import START, R, content, defines, name_class, reachable


@dataclass
class ElementInfo:
    """What an element may contain, over all its definitions in the grammar."""

    children: set[str]
    attributes: set[str]
    text: bool


Index = dict[str, ElementInfo]


def build_index(root: etree._Element) -> Index:
    """The index of a (parsed) grammar."""
    defs = defines(root)
    index: Index = {}

    def walk(nodes: list[etree._Element], acc: ElementInfo) -> None:
        for node in reachable(nodes, defs):
            kind = node.tag[len(R):]  # type: ignore[index]
            if kind == "element":
                acc.children |= name_class(node, attribute=False)
            elif kind == "attribute":
                acc.attributes |= name_class(node, attribute=True)
            elif kind in ("text", "data", "value", "list", "mixed"):
                acc.text = True

    for el in root.iter(R + "element"):
        acc = ElementInfo(set(), set(), False)
        walk(content(el), acc)
        for name in name_class(el, attribute=False):
            info = index.setdefault(name, ElementInfo(set(), set(), False))
            info.children |= acc.children
            info.attributes |= acc.attributes
            info.text |= acc.text
    start = ElementInfo(set(), set(), False)
    if root.tag == R + "element":
        start.children |= name_class(root, attribute=False)
    for s in root.iter(R + "start"):
        for c in s:
            walk([c], start)
    index[START] = start
    return index


def dump_index(index: Index) -> bytes:
    payload = {k: [sorted(v.children), sorted(v.attributes), v.text] for k, v in index.items()}
    return json.dumps(payload).encode()


def load_index(raw: bytes) -> Index | None:
    """An index from :func:`dump_index`'s bytes; None if they are not one."""
    try:
        data = json.loads(raw)
        return {k: ElementInfo(set(v[0]), set(v[1]), bool(v[2])) for k, v in data.items()}
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
