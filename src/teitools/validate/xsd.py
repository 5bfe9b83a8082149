"""Phase 4 (on request): W3C XML Schema through xmlschema, imported lazily.

Schemas are loaded with ``allow="local"``: imports and includes are read from
disk, never from the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import SchemaError
from .locate import Locator

PHASE = "xsd"
_SCHEMAS: dict[Path, Any] = {}


def load(path: Path) -> Any:
    key = path.resolve()
    schema = _SCHEMAS.get(key)
    if schema is None:
        import xmlschema

        try:
            schema = xmlschema.XMLSchema(str(key), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, OSError, etree.LxmlError, ValueError) as exc:
            msg = " ".join(str(exc).split())[:300]
            raise SchemaError(f"XML Schema does not load: {msg}", file=path) from None
        _SCHEMAS[key] = schema
    return schema


def validate(tree: etree._ElementTree, name: str, locator: Locator, schema_path: Path
             ) -> list[Diagnostic]:
    schema = load(schema_path)
    out: list[Diagnostic] = []
    for err in schema.iter_errors(tree):
        elem = getattr(err, "elem", None)
        line: int | None
        col: int | None
        if isinstance(elem, etree._Element):
            line, col = locator.position(elem)
        else:
            line, col = getattr(err, "sourceline", None), None
        reason = " ".join(str(getattr(err, "reason", None) or err.message).split())
        where = getattr(err, "path", None)
        msg = f"{reason} (at {where})" if where else reason
        out.append(Diagnostic(name, line, col, Severity.ERROR, msg, "xsd", PHASE))
    return out
