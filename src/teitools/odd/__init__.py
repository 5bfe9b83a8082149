"""The native ODD compiler: TEI customisations to RELAX NG, Schematron and XSD.

No Java, no TEI Stylesheets, no network: the ODD and the TEI P5 source
(``p5subset.xml``) are read with lxml and compiled in-process.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compile import Schema, compile_odd
    from .source import SourceIndex, load_source, locate_source

# imported when first used: a warm corpus build reads one name of .source and never compiles
_LAZY = {"Schema": "compile", "compile_odd": "compile", "SourceIndex": "source",
         "load_source": "source", "locate_source": "source"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

__all__ = ["Schema", "SourceIndex", "compile_odd", "load_source", "locate_source"]
