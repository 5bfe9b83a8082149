"""XML Schema datatypes as RELAX NG uses them: does a value fit, and how to say what fits.

Only for messages: libxml2 decides validity.  When it has said "invalid", the
explainer (:mod:`.explain`) needs to know *which* attribute value is wrong and
to tell the encoder what would be right, in words and with an example.  The
lexical spaces follow XML Schema Part 2; facets (``pattern``, ``minInclusive`` …)
are the ones TEI grammars use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

XSD_LIBRARY = "http://www.w3.org/2001/XMLSchema-datatypes"

_NAME_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NAME_CHAR = _NAME_START + r"\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
_NCNAME = f"[{_NAME_START.replace(':', '')}][{_NAME_CHAR.replace(':', '')}]*"
_NAME = f"[{_NAME_START}][{_NAME_CHAR}]*"
_NMTOKEN = f"[{_NAME_CHAR}]+"

_TZ = r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
_YEAR = r"-?([1-9]\d{3,}|0\d{3})"
_MONTH = r"(0[1-9]|1[0-2])"
_DAY = r"(0[1-9]|[12]\d|3[01])"
_TIME = r"(([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?|24:00:00(\.0+)?)"

_LEXICAL: dict[str, str] = {
    "NCName": _NCNAME,
    "ID": _NCNAME,
    "IDREF": _NCNAME,
    "ENTITY": _NCNAME,
    "Name": _NAME,
    "QName": f"({_NCNAME}:)?{_NCNAME}",
    "NMTOKEN": _NMTOKEN,
    "NMTOKENS": f"{_NMTOKEN}( {_NMTOKEN})*",
    "IDREFS": f"{_NCNAME}( {_NCNAME})*",
    "ENTITIES": f"{_NCNAME}( {_NCNAME})*",
    "language": r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*",
    "boolean": r"true|false|1|0",
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "integer": r"[+-]?\d+",
    "long": r"[+-]?\d+",
    "int": r"[+-]?\d+",
    "short": r"[+-]?\d+",
    "byte": r"[+-]?\d+",
    "nonNegativeInteger": r"\+?\d+|-0+",
    "positiveInteger": r"\+?0*[1-9]\d*",
    "nonPositiveInteger": r"-\d+|\+?0+",
    "negativeInteger": r"-0*[1-9]\d*",
    "unsignedLong": r"\+?\d+",
    "unsignedInt": r"\+?\d+",
    "unsignedShort": r"\+?\d+",
    "unsignedByte": r"\+?\d+",
    "double": r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN",
    "float": r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN",
    "date": f"{_YEAR}-{_MONTH}-{_DAY}{_TZ}",
    "dateTime": f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}{_TZ}",
    "time": f"{_TIME}{_TZ}",
    "gYear": f"{_YEAR}{_TZ}",
    "gYearMonth": f"{_YEAR}-{_MONTH}{_TZ}",
    "gMonth": f"--{_MONTH}{_TZ}",
    "gMonthDay": f"--{_MONTH}-{_DAY}{_TZ}",
    "gDay": f"---{_DAY}{_TZ}",
    "duration": r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?",
    "hexBinary": r"([0-9a-fA-F]{2})*",
    "base64Binary": r"[A-Za-z0-9+/= \n]*",
}

_RANGES: dict[str, tuple[int | None, int | None]] = {
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}

#: How an encoder would describe each type, and a value of it.
_WORDS: dict[str, tuple[str, str]] = {
    "string": ("any text", "any text"),
    "normalizedString": ("any text", "any text"),
    "token": ("any text", "any text"),
    "NCName": ("an XML name without a colon", "p3"),
    "ID": ("an XML name without a colon", "p3"),
    "IDREF": ("an XML name without a colon", "p3"),
    "Name": ("an XML name", "tei:p"),
    "QName": ("a qualified XML name", "tei:p"),
    "NMTOKEN": ("a name token (letters, digits, . - _ :, no spaces)", "x-1"),
    "NMTOKENS": ("name tokens separated by spaces", "a b"),
    "language": ("a BCP 47 language tag", "en, de-AT"),
    "boolean": ("true or false", "true"),
    "decimal": ("a decimal number", "2.5"),
    "integer": ("a whole number", "12"),
    "nonNegativeInteger": ("a whole number, 0 or more", "3"),
    "positiveInteger": ("a whole number, 1 or more", "3"),
    "nonPositiveInteger": ("a whole number, 0 or less", "-1"),
    "negativeInteger": ("a whole number below 0", "-1"),
    "double": ("a number", "0.5"),
    "float": ("a number", "0.5"),
    "date": ("a W3C date: YYYY-MM-DD", "1871-03-03"),
    "dateTime": ("a W3C date and time: YYYY-MM-DDThh:mm:ss", "1871-03-03T14:30:00"),
    "time": ("a W3C time: hh:mm:ss", "14:30:00"),
    "gYear": ("a year: YYYY", "1871"),
    "gYearMonth": ("a year and month: YYYY-MM", "1871-03"),
    "gMonth": ("a month: --MM", "--03"),
    "gMonthDay": ("a month and day: --MM-DD", "--03-03"),
    "gDay": ("a day of the month: ---DD", "---03"),
    "duration": ("a W3C duration: PnYnMnDTnHnMnS", "P2D, PT1H30M"),
    "anyURI": ("a URI (a pointer such as #id or a URL)", "#p3"),
    "hexBinary": ("hexadecimal octets", "0fa3"),
    "base64Binary": ("base64 data", "aGVsbG8="),
}

_STRING_TYPES = {"string"}
_NORMALIZED = {"normalizedString"}
DATE_TYPES = frozenset(
    {"date", "dateTime", "gYear", "gYearMonth", "gMonthDay", "gDay", "gMonth", "time"})


@dataclass(frozen=True)
class Datatype:
    """One ``data`` (or ``value``) type: its library, name and facets."""

    library: str
    name: str
    params: tuple[tuple[str, str], ...] = ()


def _collapse(value: str) -> str:
    return " ".join(value.split())


def normalise(dt: Datatype, value: str) -> str:
    """The value as the type sees it (whitespace replaced or collapsed)."""
    if dt.name in _STRING_TYPES:
        return value
    if dt.name in _NORMALIZED:
        return re.sub(r"[\t\n\r]", " ", value)
    return _collapse(value)


_CATEGORY_CLASS = re.compile(r"\[(\^?)((?:\\p\{[A-Za-z]{1,2}\})+)\]([+*]?)")
_PLAIN = re.compile(r"\\[pPic]|-\[|[$^]")


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> Callable[[str], bool] | None:
    r"""An XSD regular expression as a whole-string predicate; None if it cannot be read.

    TEI's commonest patterns are classes of Unicode categories (``[^\p{C}\p{Z}]+``):
    those are tested with :mod:`unicodedata`, which is instant, where a translated
    character class takes a second to build.
    """
    m = _CATEGORY_CLASS.fullmatch(pattern)
    if m:
        cats = tuple(re.findall(r"\\p\{([A-Za-z]{1,2})\}", m.group(2)))
        negated, repeat = bool(m.group(1)), m.group(3)

        def in_class(ch: str) -> bool:
            cat = unicodedata.category(ch)
            return any(cat.startswith(c) for c in cats) != negated

        def whole(text: str) -> bool:
            if not text:
                return repeat == "*"
            if repeat == "" and len(text) != 1:
                return False
            return all(in_class(ch) for ch in text)

        return whole
    try:
        if not _PLAIN.search(pattern):
            rx = re.compile(f"(?:{pattern})\\Z", re.S)
        else:
            from elementpath.regex import translate_pattern

            rx = re.compile(translate_pattern(pattern, anchors=False) + r"\Z", re.S)
    except Exception:  # a pattern Python cannot express: let libxml2's verdict stand
        return None
    return lambda text: rx.match(text) is not None


_ASCII_NAMES = {
    "NCName": r"[A-Za-z_][A-Za-z0-9_.\-]*", "Name": r"[A-Za-z_:][A-Za-z0-9_.:\-]*",
    "NMTOKEN": r"[A-Za-z0-9_.:\-]+",
}


@lru_cache(maxsize=64)
def _lexical(name: str, ascii_only: bool = False) -> re.Pattern[str] | None:
    # The full XML name classes take a tenth of a second to compile: ASCII values
    # (nearly all) are checked with the small class first.
    key = {"ID": "NCName", "IDREF": "NCName", "ENTITY": "NCName"}.get(name, name)
    if ascii_only and key in _ASCII_NAMES:
        return re.compile(f"(?:{_ASCII_NAMES[key]})\\Z")
    rx = _LEXICAL.get(name)
    return re.compile(f"(?:{rx})\\Z") if rx is not None else None


def _number(name: str, text: str) -> Decimal | None:
    try:
        if name in ("double", "float") and text in ("INF", "+INF", "-INF", "NaN"):
            return None
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _facets_ok(dt: Datatype, text: str) -> bool:
    for facet, raw in dt.params:
        if facet == "pattern":
            matches = _compiled(raw)
            if matches is not None and not matches(text):
                return False
        elif facet in ("length", "minLength", "maxLength"):
            size = len(text.split()) if dt.name in ("NMTOKENS", "IDREFS", "ENTITIES") \
                else len(text)
            limit = int(raw)
            if (facet == "length" and size != limit) or (facet == "minLength" and size < limit) \
                    or (facet == "maxLength" and size > limit):
                return False
        elif facet in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            num, bound = _number(dt.name, text), _number(dt.name, raw)
            if num is None or bound is None:
                continue
            if (facet == "minInclusive" and num < bound) or (
                    facet == "maxInclusive" and num > bound) or (
                    facet == "minExclusive" and num <= bound) or (
                    facet == "maxExclusive" and num >= bound):
                return False
    return True


def allows(dt: Datatype, value: str) -> bool:
    """Whether ``value`` is in the lexical space of ``dt`` (facets included).

    Types this module does not know allow everything: the explainer must never
    invent an error libxml2 did not find.
    """
    if dt.library not in ("", XSD_LIBRARY):
        return True
    text = normalise(dt, value)
    if dt.library == "" or dt.name in ("string", "normalizedString", "token", "anyURI"):
        return _facets_ok(dt, text)
    rx = _lexical(dt.name, text.isascii())
    if rx is not None and not rx.match(text):
        return False
    if (dt.name == "date" or dt.name == "dateTime") and not _real_day(text):
        return False
    low, high = _RANGES.get(dt.name, (None, None))
    if low is not None or high is not None:
        num = int(text)
        if (low is not None and num < low) or (high is not None and num > high):
            return False
    return _facets_ok(dt, text)


def _real_day(text: str) -> bool:
    m = re.match(r"-?(\d{4,})-(\d\d)-(\d\d)", text)
    if not m:
        return True
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return day <= days


def equal(dt: Datatype, expected: str, value: str) -> bool:
    """``value`` matches a ``<value>`` of type ``dt`` (RELAX NG value comparison)."""
    if dt.library == "" and dt.name == "string":
        return expected == value
    if dt.library == XSD_LIBRARY and dt.name in ("string",):
        return expected == value
    return _collapse(expected) == _collapse(value)


def describe(dt: Datatype) -> str:
    """The type in an encoder's words, e.g. ``a W3C date: YYYY-MM-DD (e.g. 1871-03-03)``."""
    pattern = next((v for k, v in dt.params if k == "pattern"), None)
    words, example = _WORDS.get(dt.name, (f"a value of type {dt.name}", ""))
    if pattern is not None:
        return _PATTERN_WORDS.get(pattern, f"text matching the pattern {pattern}")
    bounds = [f"{_FACET_WORDS[k]} {v}" for k, v in dt.params if k in _FACET_WORDS]
    text = words + (f" ({', '.join(bounds)})" if bounds else "")
    if example and example != words:
        text += f", e.g. {example}"
    return text


#: TEI's own patterns, in words (teidata.word, teidata.enumerated, teidata.pointer …).
_PATTERN_WORDS: Mapping[str, str] = {
    r"[^\p{C}\p{Z}]+": "a single word (no spaces)",
    r"\S+": "a single word (no spaces)",
    r"(\-?[\d]+/\-?[\d]+)": "a fraction such as 3/4",
    r"[\d]+(\.[\d]+){0,2}": "a version number such as 1.2",
}

_FACET_WORDS: Mapping[str, str] = {
    "minInclusive": "at least", "maxInclusive": "at most", "minExclusive": "more than",
    "maxExclusive": "less than", "minLength": "at least this long:",
    "maxLength": "at most this long:", "length": "exactly this long:",
}


def describe_dates(types: list[Datatype]) -> str | None:
    """One phrase for a choice of W3C date/time types (TEI's teidata.temporal.w3c)."""
    names = {t.name for t in types}
    if len(names & DATE_TYPES) < 3:
        return None
    forms: list[str] = []
    for name, form in (("gYear", "YYYY"), ("gYearMonth", "YYYY-MM"), ("date", "YYYY-MM-DD"),
                       ("gMonth", "--MM"), ("gMonthDay", "--MM-DD"), ("gDay", "---DD"),
                       ("time", "hh:mm:ss"), ("dateTime", "YYYY-MM-DDThh:mm:ss")):
        if name in names:
            forms.append(form)
    listed = ", ".join(forms[:-1]) + f" or {forms[-1]}" if len(forms) > 1 else forms[0]
    return f"a W3C date: {listed}, e.g. 1871-03-03"


def suggest(types: list[Datatype], value: str) -> str | None:
    """A corrected value where the mistake is a common one (``1871-3-3`` → ``1871-03-03``)."""
    names = {t.name for t in types}
    m = re.fullmatch(r"\s*(\d{3,4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?\s*", value)
    if m and names & {"date", "gYearMonth"}:
        year, month, day = m.group(1).zfill(4), m.group(2).zfill(2), m.group(3)
        candidate = f"{year}-{month}" + (f"-{day.zfill(2)}" if day else "")
        if any(allows(t, candidate) for t in types):
            return candidate
    m = re.fullmatch(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*", value)
    if m and "date" in names:
        candidate = f"{m.group(3)}-{m.group(2).zfill(2)}-{m.group(1).zfill(2)}"
        if any(allows(t, candidate) for t in types):
            return candidate
    stripped = value.strip()
    if stripped != value and any(allows(t, stripped) for t in types):
        return stripped
    return None

