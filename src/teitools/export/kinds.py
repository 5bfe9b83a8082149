"""What a TEI document is: a letter, a play, an article, a manuscript, a dictionary, a text.

The kind is read from the header and the text, first rule that matches:

==============  =================================================  ==================
kind            when                                               schema.org type
==============  =================================================  ==================
``letter``      ``profileDesc/correspDesc``                        ``Message``
``play``        ``castList`` or ``sp`` in ``<text>``                 ``Play``
``article``     ``sourceDesc/biblStruct[@type='article']``         ``ScholarlyArticle``
``manuscript``  ``sourceDesc/msDesc``                              ``Manuscript``
``dictionary``  ``entry`` (or ``entryFree``) in ``<text>``           ``DefinedTermSet``
``text``        otherwise                                          ``CreativeWork``
==============  =================================================  ==================

Every export follows it: the schema.org type, the Dublin Core fields, the
warnings (only for what that kind lacks) and the DTS citation tree.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ..xmlio import TEI_NS

NS = {"tei": TEI_NS}


@dataclass(frozen=True)
class Kind:
    name: str
    schema_type: str  # schema.org type of the JSON-LD
    label: str  # what it is called in messages and dc:type


LETTER = Kind("letter", "Message", "letter")
PLAY = Kind("play", "Play", "play")
ARTICLE = Kind("article", "ScholarlyArticle", "article")
MANUSCRIPT = Kind("manuscript", "Manuscript", "manuscript")
DICTIONARY = Kind("dictionary", "DefinedTermSet", "dictionary")
TEXT = Kind("text", "CreativeWork", "text")

KINDS: dict[str, Kind] = {k.name: k for k in (LETTER, PLAY, ARTICLE, MANUSCRIPT, DICTIONARY, TEXT)}

_T = f"{{{TEI_NS}}}"
_HEADER_RULES: tuple[tuple[str, Kind], ...] = (
    ("tei:teiHeader/tei:profileDesc/tei:correspDesc", LETTER),
    ("tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:biblStruct[@type='article']", ARTICLE),
    ("tei:teiHeader/tei:fileDesc/tei:sourceDesc//tei:msDesc", MANUSCRIPT),
)
_TEXT_MARKS = {f"{_T}castList": PLAY, f"{_T}sp": PLAY, f"{_T}entry": DICTIONARY,
               f"{_T}entryFree": DICTIONARY}
_ORDER = (LETTER, PLAY, ARTICLE, MANUSCRIPT, DICTIONARY)
_COMPILED = [(etree.XPath(f"boolean({path})", namespaces=NS), kind)
             for path, kind in _HEADER_RULES]


def detect(root: etree._Element) -> Kind:
    """The kind of the document whose ``<TEI>`` element is ``root`` (first rule wins)."""
    found = {kind.name for test, kind in _COMPILED if test(root)}
    text = root.find(f"{_T}text")
    if text is not None:
        found.update(_TEXT_MARKS[el.tag].name for el in text.iter(*_TEXT_MARKS))
    return next((kind for kind in _ORDER if kind.name in found), TEXT)
