"""The grammar definitions of an element that apply at the cursor.

An ODD may define one element name more than once (its content or its attribute values
differ by context); hover and completion follow the definitions from the root down to
the cursor and use the one that applies.
"""

from __future__ import annotations

from collections.abc import Sequence

from .grammar import Definition, GrammarView
from .scan import Context, Frame

#: The definitions of an element that apply at the cursor, and all the grammar has.
Here = tuple[list[Definition], list[Definition]]


def path_of(frames: Sequence[Frame]) -> list[tuple[str, list[str]]]:
    """Each open element from the root down, with the children its parent had before it
    (what :meth:`.grammar.GrammarView.definitions_at` follows)."""
    return [(frame.name, frames[i - 1].child_tokens()[:-1] if i else [])
            for i, frame in enumerate(frames)]


def in_context(grammar: GrammarView | None, ctx: Context, element: str
                ) -> Here | None:
    """The grammar's definitions of ``element`` that apply where the cursor is (from the
    definitions its ancestors got, each under its own parent), and how many the grammar
    has; None when the name has only one (nothing to choose)."""
    if grammar is None:
        return None
    every = grammar.definitions(element)
    if len(every) < 2:
        return None
    frames = list(ctx.stack)
    if ctx.kind == "end-tag-name" and frames:
        frames = frames[:-1]  # in an end tag the element is the innermost open one
        tokens = frames[-1].child_tokens()[:-1] if frames else []
    else:
        tokens = frames[-1].child_tokens() if frames else []
    path = [*path_of(frames), (element, tokens)]
    return grammar.definitions_at(path), every


def which(here: Here | None) -> str:
    if here is None:
        return ""
    defs, every = here
    numbers = ", ".join(str(every.index(d) + 1) for d in defs if d in every)
    return (f"definition{'s' if len(defs) > 1 else ''} {numbers} of the {len(every)} in "
            "the grammar") if defs else f"none of the {len(every)} definitions in the grammar"


def context_values(here: Here | None, clark: str
                    ) -> tuple[str, ...] | None:
    """The closed list of values an attribute has in the definitions that apply here."""
    if here is None or not here[0]:
        return None
    out: list[str] = []
    for d in here[0]:
        values = d.attributes.get(clark)
        if values is None:
            return None
        out.extend(v for v in values if v not in out)
    return tuple(out)
