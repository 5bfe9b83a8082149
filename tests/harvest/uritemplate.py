"""A small RFC 6570 expander (levels 1–3: simple, ``/``, ``;``, ``?``, ``&`` expressions).

Written for the tests, from the RFC, so that DTS templates are expanded the
way a client would, not the way teitools writes its paths.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_EXPRESSION = re.compile(r"\{([/;?&]?)([^}]*)\}")


def expand(template: str, **values: str | int | None) -> str:
    def one(match: re.Match[str]) -> str:
        op, names = match.group(1), match.group(2).split(",")
        defined = [(n, values.get(n)) for n in names if values.get(n) is not None]
        if not defined:
            return ""
        enc = [(n, quote(str(v), safe="")) for n, v in defined]
        if op == "":
            return ",".join(v for _, v in enc)
        if op == "/":
            return "".join(f"/{v}" for _, v in enc)
        if op == ";":
            return "".join(f";{n}={v}" if v else f";{n}" for n, v in enc)
        first = "?" if op == "?" else "&"
        return first + "&".join(f"{n}={v}" for n, v in enc)

    return _EXPRESSION.sub(one, template)

