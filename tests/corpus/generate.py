"""A generated corpus of letters for the corpus tests and benchmarks.

``make_corpus(root, letters=N)`` writes a project: ``pyproject.toml`` naming two
register files (``tei/persons.xml``, ``tei/places.xml``), a small RELAX NG
schema, N letters in year folders (``tei/1870/letter-0001.xml`` …) chained by
``correspContext`` prev/next, pointing to the registers both ways (``#p3``
resolved through ``[tool.teitools] registers`` and ``../persons.xml#p3``),
plus, unless ``clean``: one file that is not well-formed, one letter with a
pointer into a document that does not exist, one register entry nobody uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PERSONS = 40
PLACES = 12
FIRST = ["Karl", "Jenny", "Friedrich", "Laura", "Eleanor", "Wilhelm", "Helene", "Paul",
         "Clara", "August", "Minna", "Georg", "Ida", "Ludwig", "Emma", "Moritz"]
LAST = ["Weber", "Schmidt", "Hartmann", "Lenz", "Ostrowski", "Baum", "Keller", "Roth",
        "Vogel", "Brandt"]
CITIES = ["London", "Paris", "Berlin", "Vienna", "Zurich", "Brussels", "Geneva", "Leipzig",
          "Hamburg", "Cologne", "Manchester", "Lyon"]
_SENTENCE = ("the news from the congress reached us late and we read it twice before we could "
         "believe what it said about the strike the printers and the weavers")
WORDS = _SENTENCE.split(" ")

RNG = """<?xml version="1.0" encoding="UTF-8"?>
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="http://www.tei-c.org/ns/1.0"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><element name="TEI"><ref name="content"/></element></start>
  <define name="content">
    <zeroOrMore><choice>
      <attribute><anyName/></attribute>
      <text/>
      <element><nsName/><ref name="content"/></element>
    </choice></zeroOrMore>
  </define>
</grammar>
"""

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="{schema}" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>
"""


@dataclass
class CorpusInfo:
    root: Path
    letters: list[Path]
    broken: Path | None
    dangling: Path | None  # the letter pointing into a missing document
    unused: str | None  # the register entry nobody points to

    @property
    def documents(self) -> int:
        return len(self.letters) + 2 + (1 if self.broken else 0)


def person_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"


def _registers(tei: Path, unused: int | None) -> None:
    people = "\n".join(
        f'        <person xml:id="p{i}"><persName>{person_name(i)}</persName>'
        f'<birth when="{1820 + i}"/><note>Correspondent number {i}.</note></person>'
        for i in range(1, PERSONS + 1))
    (tei / "persons.xml").write_text(
        HEADER.format(schema="../schema/letters.rng")
        + '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="persons">\n'
        "  <teiHeader><fileDesc><titleStmt><title>Persons</title></titleStmt>"
        "<publicationStmt><publisher>Test</publisher><idno type=\"local\">persons</idno>"
        "</publicationStmt><sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>\n"
        f"  <text><body>\n      <listPerson>\n{people}\n      </listPerson>\n"
        "  </body></text>\n</TEI>\n", encoding="utf-8")
    places = "\n".join(
        f'        <place xml:id="{c.lower()}"><placeName>{c}</placeName></place>'
        for c in CITIES[:PLACES])
    (tei / "places.xml").write_text(
        HEADER.format(schema="../schema/letters.rng")
        + '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="places">\n'
        "  <teiHeader><fileDesc><titleStmt><title>Places</title></titleStmt>"
        "<publicationStmt><publisher>Test</publisher><idno type=\"local\">places</idno>"
        "</publicationStmt><sourceDesc><p>Generated.</p></sourceDesc></fileDesc></teiHeader>\n"
        f"  <text><body>\n      <listPlace>\n{places}\n      </listPlace>\n"
        "  </body></text>\n</TEI>\n", encoding="utf-8")


def letter_xml(n: int, total: int, folder_of: dict[int, str], unused: int | None,
               dangling: bool = False, words: int = 60) -> str:
    persons = [i for i in range(1, PERSONS + 1) if i != unused]
    sender = persons[n % len(persons)]
    recipient = persons[(n * 3 + 1) % len(persons)]
    other = persons[(n * 5 + 2) % len(persons)]
    city = CITIES[n % PLACES]
    year = folder_of[n]
    month, day = 1 + n % 12, 1 + n % 28
    when = f"{year}-{month:02d}-{day:02d}"

    def href(m: int) -> str:
        return ("" if folder_of[m] == year else f"../{folder_of[m]}/") + f"letter-{m:04d}.xml"

    context = ""
    if n > 1:
        context += f'<ref type="prev" target="{href(n - 1)}">previous</ref>'
    if n < total:
        context += f'<ref type="next" target="{href(n + 1)}">next</ref>'
    body_words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(words))
    extra = (' See also <ref target="letter-9999.xml#s1">the lost letter</ref>.'
             if dangling else "")
    return (
        HEADER.format(schema="../../schema/letters.rng")
        + f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letter-{n:04d}">\n'
        "  <teiHeader>\n    <fileDesc>\n"
        f"      <titleStmt><title>Letter {n} from {person_name(sender)} to "
        f"{person_name(recipient)}</title></titleStmt>\n"
        "      <publicationStmt><publisher>Test</publisher>"
        f'<idno type="local">letter-{n:04d}</idno></publicationStmt>\n'
        "      <sourceDesc><p>Generated for the tests.</p></sourceDesc>\n"
        "    </fileDesc>\n    <profileDesc>\n      <correspDesc>\n"
        f'        <correspAction type="sent"><persName ref="../persons.xml#p{sender}">'
        f"{person_name(sender)}</persName>"
        f'<placeName ref="#{city.lower()}">{city}</placeName>'
        f'<date when="{when}">{day} {month}/{year}</date></correspAction>\n'
        f'        <correspAction type="received"><persName ref="#p{recipient}">'
        f"{person_name(recipient)}</persName></correspAction>\n"
        f"        <correspContext>{context}</correspContext>\n"
        "      </correspDesc>\n    </profileDesc>\n  </teiHeader>\n"
        "  <text>\n    <body>\n"
        f'      <p xml:id="s1">Dear <persName ref="#p{recipient}">'
        f"{person_name(recipient).split()[0]}</persName>, I write from "
        f'<placeName ref="../places.xml#{city.lower()}">{city}</placeName>.</p>\n'
        f'      <p xml:id="s2">Yesterday <persName ref="#p{other}">{person_name(other)}</persName>'
        f" told me that {body_words}.{extra}</p>\n"
        "    </body>\n  </text>\n</TEI>\n")


def make_corpus(root: Path, letters: int = 210, folders: int = 3, clean: bool = False,
                words: int = 60) -> CorpusInfo:
    tei = root / "tei"
    (root / "schema").mkdir(parents=True, exist_ok=True)
    tei.mkdir(parents=True, exist_ok=True)
    (root / "schema" / "letters.rng").write_text(RNG, encoding="utf-8")
    (root / "pyproject.toml").write_text(
        '[tool.teitools]\nregisters = ["tei/persons.xml", "tei/places.xml"]\n'
        'title = "Generated letters"\n', encoding="utf-8")
    unused = None if clean else PERSONS
    _registers(tei, unused)
    per = -(-letters // folders)
    folder_of = {n: str(1870 + (n - 1) // per) for n in range(1, letters + 1)}
    dangling_n = None if clean else min(42, letters)
    paths = []
    for n in range(1, letters + 1):
        d = tei / folder_of[n]
        d.mkdir(exist_ok=True)
        p = d / f"letter-{n:04d}.xml"
        p.write_text(letter_xml(n, letters, folder_of, unused, n == dangling_n, words),
                     encoding="utf-8")
        paths.append(p)
    broken = None
    if not clean:
        broken = tei / folder_of[letters] / "broken.xml"
        broken.write_text(HEADER.format(schema="../../schema/letters.rng")
                          + '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n  <text><body>'
                          "<p>never closed</body></text>\n</TEI>\n", encoding="utf-8")
    return CorpusInfo(root, paths, broken,
                      paths[dangling_n - 1] if dangling_n else None,
                      f"p{unused}" if unused else None)
