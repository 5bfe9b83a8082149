"""Corpus projects: many documents, one site, shared registers, incremental and distributed runs.

* :mod:`.config` — ``[tool.teitools]`` settings (documents, exclude, registers, title);
* :mod:`.extract` — what one document contributes (index row, ids, entries, pointers);
* :mod:`.work` — the per-document tasks (check, render) run by :mod:`.runners`
  (this machine or a Dask cluster);
* :mod:`.cache` — per-document results by content hash;
* :mod:`.run` — the check phase and corpus-level checks (:mod:`.pointers`);
* :mod:`.registers`, :mod:`.site` — the site pages of ``teitools build``
  (:mod:`teitools.build`);
* :mod:`.scaffold`, :mod:`.xmlmodel` — ``teitools init`` and ``teitools xml-model``.
"""

from __future__ import annotations

from .config import CorpusConfig, load_config
from .run import validate_corpus

__all__ = ["CorpusConfig", "load_config", "validate_corpus"]
