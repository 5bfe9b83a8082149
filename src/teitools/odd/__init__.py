"""The native ODD compiler: TEI customisations to RELAX NG, Schematron and XSD.

No Java, no TEI Stylesheets, no network: the ODD and the TEI P5 source
(``p5subset.xml``) are read with lxml and compiled in-process.
"""

from __future__ import annotations

from .compile import Schema, compile_odd
from .source import SourceIndex, load_source, locate_source

__all__ = ["Schema", "SourceIndex", "compile_odd", "load_source", "locate_source"]
