"""What the test packages share: repository paths, the CLI runners, damaged copies of
documents, golden files, and the library that compares teitools' schemas with the TEI
Consortium's.

Import from the modules (``from support.paths import REPO``); pytest puts ``tests/`` on
``sys.path``, so ``support`` is importable from every test package.  Helpers that know
the validator's internals stay in ``tests/validate/``.
"""
