"""The TEI Processing Model: an ODD's ``model`` / ``modelSequence`` / ``modelGrp``
compiled to XSLT 3.0 and run with teitools' behaviour library (``xslt/html``,
``xslt/text``).  See docs/editions.md.

    compile_model(odd) -> CompiledModel      # the HTML and text modules (cached)
    find_model(doc_path, output) -> ModelChoice
    read_models(schema, output) -> [ElementModels]
"""

from __future__ import annotations

from .behaviours import BEHAVIOURS
from .pm import ElementModels, Model, Sequence, read_models
from .stylesheet import (
    DEFAULT_MODEL,
    CompiledModel,
    ModelChoice,
    compile_model,
    default_module,
    driver_text,
    find_model,
)

__all__ = [
    "BEHAVIOURS",
    "DEFAULT_MODEL",
    "CompiledModel",
    "ElementModels",
    "Model",
    "ModelChoice",
    "Sequence",
    "compile_model",
    "default_module",
    "driver_text",
    "find_model",
    "read_models",
]
