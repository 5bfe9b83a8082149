"""The native ODD compiler: TEI customisations to RELAX NG, Schematron and XSD.

No Java, no TEI Stylesheets, no network: the ODD and the TEI P5 source
(``p5subset.xml``) are read with lxml and compiled in-process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_attributes

if TYPE_CHECKING:
    from .compile import Schema, compile_odd
    from .source import SourceIndex, load_source, locate_source

# imported when first used: a warm corpus build reads one name of .source and never compiles
_LAZY = {"Schema": "compile", "compile_odd": "compile", "SourceIndex": "source",
         "load_source": "source", "locate_source": "source"}
__getattr__ = lazy_attributes(__name__, _LAZY, globals())

__all__ = ["Schema", "SourceIndex", "compile_odd", "load_source", "locate_source"]
