"""Standard harvesting interfaces, as static files any web server can publish as they are.

* :mod:`.dts` — Distributed Text Services 1.0, Level 0 (``build/dts/``):
  :func:`.dts.write_dts`;
* :mod:`.oai` — an OAI-PMH static repository (``build/oai.xml``): :func:`.oai.write_oai`;
* :mod:`.citation` — the citation trees DTS navigates.

``docs/harvest.md`` is the manual.  The corpus-level exports (entities,
correspondence, quotations, units) are :func:`teitools.export.corpus.export_corpus`;
documents are read with :func:`teitools.export.corpus.load_corpus`.
"""
