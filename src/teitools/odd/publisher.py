"""Whether an ODD is written for TEI Publisher, whose conventions teitools then follows.

An ODD is Publisher's when it declares Publisher's namespace (``xmlns:pb``, for
``pb:template``, ``pb:set-param``, ``@pb:mode``) or chains on one of Publisher's base
ODDs by name (``teipublisher.odd``, or the older ``teisimple.odd``, whose ODDs declare
no namespace of Publisher's).  Such an ODD chains the way Publisher chains (see
:mod:`teitools.odd.compile`) and its models are read the way Publisher reads them
(see :mod:`teitools.model.pm`).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from lxml import etree

from ..xmlio import PB_NS, TEI_NS

#: Publisher's base ODDs, named by the ODDs that chain on them
PUBLISHER_BASES = frozenset({"teipublisher.odd", "teisimple.odd"})
#: a base ODD not beside the ODD -> the exemplar teitools ships in its place
#: (teisimple.odd is the TEI Simple ODD that became tei_simplePrint.odd)
SHIPPED_IN_PLACE = {"tei_simplePrint.odd": "tei_simplePrint.odd",
                    "teisimple.odd": "tei_simplePrint.odd"}


def is_publisher_odd(el: etree._Element) -> bool:
    """True when the ODD that ``el`` is part of is written for TEI Publisher."""
    if PB_NS in el.nsmap.values():
        return True
    root = el.getroottree().getroot()
    for spec in root.iter(f"{{{TEI_NS}}}schemaSpec"):
        source = (spec.get("source") or "").strip()
        if source and PurePosixPath(source).name in PUBLISHER_BASES:
            return True
    return False


__all__ = ["PUBLISHER_BASES", "SHIPPED_IN_PLACE", "is_publisher_odd"]
