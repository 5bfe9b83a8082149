"""Emitters: one per schema language, each turning a compiled ``Schema`` into an XML tree.

Not to be confused with ``teitools.validate``'s phases, which *check* documents
against the files these emitters write.
"""
