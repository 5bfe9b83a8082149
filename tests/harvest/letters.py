# ruff: noqa: E501  (the letters are written as a TEI file looks, one element a line)
"""A generated corpus of letters with a shared person register, as corpus projects have them.

``write_letters(tei_dir, n)`` writes ``persons.xml`` (a register: a body of
``listPerson`` and ``listPlace`` only) and ``letters/letter-0001.xml`` … Every
letter has a ``correspDesc`` (sender, recipient, place, date; previous/next
letter in ``correspContext``), an opener, three paragraphs — one with a
deletion and an addition (``nichts <del>lange</del> <add>mehr</add>``), a
correction and an abbreviation —, a closer and a postscript whose ``<p>`` has
no ``xml:id``; names point into the register (``../persons.xml#id``).

:func:`expected` gives what each letter says, computed here from the same
numbers the files are written from (not from teitools).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PERSONS = [
    ("anna", "Anna", "Muster"), ("karl", "Karl", "Beispiel"), ("marie", "Marie", "Probe"),
    ("otto", "Otto", "Vorlage"), ("lena", "Lena", "Entwurf"), ("paul", "Paul", "Abschrift"),
    ("clara", "Clara", "Notiz"), ("emil", "Emil", "Konzept"),
]
PLACES = [("luebeck", "Lübeck"), ("berlin", "Berlin"), ("kiel", "Kiel"), ("weimar", "Weimar"),
          ("bonn", "Bonn")]


@dataclass(frozen=True)
class Letter:
    number: int
    ident: str
    sender: tuple[str, str, str]
    recipient: tuple[str, str, str]
    place_sent: tuple[str, str]
    place_received: tuple[str, str]
    date: str

    @property
    def sender_name(self) -> str:
        return f"{self.sender[1]} {self.sender[2]}"

    @property
    def recipient_name(self) -> str:
        return f"{self.recipient[1]} {self.recipient[2]}"

    @property
    def title(self) -> str:
        return f"{self.sender_name} an {self.recipient_name}, {self.date}"

    # The reading of each paragraph (what the units must say), in order.
    @property
    def readings(self) -> list[str]:
        return [
            f"ich habe nichts mehr von Dir gehört, seit Du in {self.place_received[1]} bist.",
            f"Herr {self.recipient[2]} läßt grüßen; das Wetter in {self.place_sent[1]} ist "
            "schlecht.",
            f"Dies ist Brief Nummer {self.number}.",
            f"PS: Grüße an {self.recipient[1]}.",
        ]


def authority(kind: str, ident: str) -> str:
    """The (made-up) authority URI of a register entry: its ``idno[@type='URI']``."""
    return f"https://authority.example.org/{kind}/{ident}"


def letter(number: int) -> Letter:
    sender = PERSONS[number % len(PERSONS)]
    recipient = PERSONS[(number * 3 + 1) % len(PERSONS)]
    if recipient == sender:
        recipient = PERSONS[(number + 1) % len(PERSONS)]
    day = 1 + number % 28
    month = 1 + (number // 28) % 12
    year = 1870 + number // 336
    return Letter(number, f"letter-{number:04d}", sender, recipient,
                  PLACES[number % len(PLACES)], PLACES[(number + 2) % len(PLACES)],
                  f"{year:04d}-{month:02d}-{day:02d}")


def expected(n: int) -> list[Letter]:
    return [letter(i) for i in range(1, n + 1)]


def _register() -> str:
    persons = "\n".join(
        f'          <person xml:id="{i}"><persName><forename>{g}</forename> '
        f"<surname>{f}</surname></persName><idno type=\"URI\">{authority('person', i)}"
        "</idno></person>" for i, g, f in PERSONS)
    places = "\n".join(f'          <place xml:id="{i}"><placeName>{name}</placeName>'
                       f'<idno type="URI">{authority("place", i)}</idno></place>'
                       for i, name in PLACES)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Personen und Orte</title></titleStmt>
      <publicationStmt><p>Register of the generated letters.</p></publicationStmt>
      <sourceDesc><p>Generated for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <listPerson>
{persons}
      </listPerson>
      <listPlace>
{places}
      </listPlace>
    </body>
  </text>
</TEI>
"""


def _letter(item: Letter, n: int) -> str:
    s_id, s_given, _ = item.sender
    r_id, r_given, r_family = item.recipient
    ps_id, ps_name = item.place_sent
    pr_id, pr_name = item.place_received
    reg = "../persons.xml"
    context = []
    if item.number > 1:
        context.append(f'<ref type="previous" target="letter-{item.number - 1:04d}.xml">'
                       "vorheriger Brief</ref>")
    if item.number < n:
        context.append(f'<ref type="next" target="letter-{item.number + 1:04d}.xml">'
                       "nächster Brief</ref>")
    correspondence = (f"<correspContext>{''.join(context)}</correspContext>"
                      if context else "")
    i = item.ident
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="de">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>{item.title}</title>
        <author ref="{reg}#{s_id}">{item.sender_name}</author>
      </titleStmt>
      <publicationStmt>
        <publisher>Briefprojekt</publisher>
        <date when="2026-01-01">2026</date>
        <idno type="local">{i}</idno>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <msDesc><msIdentifier><settlement>Kiel</settlement><repository>Landesarchiv</repository><idno>Br. {item.number}</idno></msIdentifier></msDesc>
      </sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent">
          <persName ref="{reg}#{s_id}">{item.sender_name}</persName>
          <placeName ref="{reg}#{ps_id}">{ps_name}</placeName>
          <date when="{item.date}"/>
        </correspAction>
        <correspAction type="received">
          <persName ref="{reg}#{r_id}">{item.recipient_name}</persName>
          <placeName ref="{reg}#{pr_id}">{pr_name}</placeName>
        </correspAction>
        {correspondence}
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="letter" xml:id="{i}-letter">
        <pb n="1"/>
        <opener><dateline><placeName ref="{reg}#{ps_id}">{ps_name}</placeName>, <date when="{item.date}">{item.date}</date></dateline>
          <salute>Lieber <persName ref="{reg}#{r_id}">{r_given}</persName>,</salute></opener>
        <p xml:id="{i}-p1">ich habe nichts <del>lange</del> <add>mehr</add> von Dir gehört, seit Du in <placeName ref="{reg}#{pr_id}">{pr_name}</placeName> bist.</p>
        <p xml:id="{i}-p2"><choice><abbr>Hr.</abbr><expan>Herr</expan></choice> <persName ref="{reg}#{r_id}">{r_family}</persName> läßt <choice><sic>grüssen</sic><corr>grüßen</corr></choice>; das Wetter in <placeName ref="{reg}#{ps_id}">{ps_name}</placeName> ist <said xml:id="{i}-q1" who="{reg}#{s_id}">schlecht</said>.</p>
        <pb n="2"/>
        <p xml:id="{i}-p3">Dies ist Brief Nummer {item.number}.</p>
        <closer><salute>Deine</salute> <signed><persName ref="{reg}#{s_id}">{s_given}</persName></signed></closer>
        <postscript><p>PS: Grüße an <persName ref="{reg}#{r_id}">{r_given}</persName>.</p></postscript>
      </div>
    </body>
  </text>
</TEI>
"""


def write_letters(tei_dir: Path, n: int) -> list[Path]:
    """Write the register and ``n`` letters under ``tei_dir``; the letters' paths, in order."""
    (tei_dir / "letters").mkdir(parents=True, exist_ok=True)
    (tei_dir / "persons.xml").write_text(_register(), encoding="utf-8")
    paths = []
    for item in expected(n):
        path = tei_dir / "letters" / f"{item.ident}.xml"
        path.write_text(_letter(item, n), encoding="utf-8")
        paths.append(path)
    return paths
