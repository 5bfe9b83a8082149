"""The TEI Processing Model: an ODD's ``model`` / ``modelSequence`` / ``modelGrp``
compiled to XSLT 3.0 and run with teitools' behaviour library (``xslt/html``,
``xslt/text``).  See docs/editions.md.

    compile_model(odd) -> CompiledModel      # the HTML and text modules (cached)
    find_model(doc_path, output) -> ModelChoice
    read_models(schema, output) -> [ElementModels]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

#: name -> submodule; imported on first use, so that finding the model a document
#: renders with does not load the ODD compiler
_EXPORTS = {
    "BEHAVIOURS": "behaviours",
    "ElementModels": "pm", "Model": "pm", "Sequence": "pm", "read_models": "pm",
    "DEFAULT_MODEL": "stylesheet", "CompiledModel": "stylesheet", "ModelChoice": "stylesheet",
    "compile_model": "stylesheet", "default_module": "stylesheet", "driver_text": "stylesheet",
    "find_model": "stylesheet",
}

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


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
