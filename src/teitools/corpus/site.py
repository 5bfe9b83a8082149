"""The site pages of a corpus build: the index, the registers, the correspondence table.

Plain HTML5 written from Python (``html.escape`` everywhere), one file per
page with its style and script inline: no external requests, sortable and
filterable tables that work without a server, readable at phone width.
Every href is relative, so the site can be opened from disk or served anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .. import __version__
from .registers import REGISTERS, RegisterEntry


@dataclass
class Row:
    """A document in the index."""

    title: str
    href: str | None  # the edition, None when it was not published (invalid)
    who: str
    date: str
    date_text: str
    place: str
    kind: str
    words: int
    name: str
    problems: int = 0


@dataclass
class Letter:
    date: str
    date_text: str
    sender: list[tuple[str, str | None]]  # (name, register href)
    recipient: list[tuple[str, str | None]]
    place: str
    title: str
    href: str | None
    prev: tuple[str, str] | None = None  # (title, href)
    next: tuple[str, str] | None = None


@dataclass
class Site:
    title: str
    rows: list[Row]
    registers: dict[str, list[RegisterEntry]]
    letters: list[Letter]
    #: document id(CorpusDocument) -> (title, edition href or None)
    doc_links: dict[int, tuple[str, str | None]] = field(default_factory=dict)

    def pages(self) -> dict[str, str]:
        """File name (relative to the output folder) -> HTML."""
        menu = self._menu()
        pages = {"index.html": _index(self, menu)}
        for kind, (page, heading) in REGISTERS.items():
            entries = self.registers.get(kind, [])
            if entries:
                pages[page] = _register(self, menu, page, heading, entries)
        if self.letters:
            pages["letters.html"] = _letters(self, menu)
        return pages

    def _menu(self) -> list[tuple[str, str]]:
        items = [("index.html", "Documents")]
        for kind, (page, heading) in REGISTERS.items():
            if self.registers.get(kind):
                items.append((page, heading))
        if self.letters:
            items.append(("letters.html", "Correspondence"))
        return items


CSS = """
:root { --ink: #1d1d1f; --muted: #5b5b66; --line: #d7d7de; --link: #0b57a4; --band: #f4f4f7; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 72rem; padding: 0 1rem 3rem; color: var(--ink);
  font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--link); }
header.site { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
header.site h1 { font-size: 1.5rem; margin: 1rem 0 .25rem; }
nav.menu ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0;
  margin: .5rem 0; }
nav.menu a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center;
  margin: .75rem 0; }
.controls input, .controls select { font: inherit; padding: .3rem .5rem; max-width: 100%; }
.count { color: var(--muted); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem;
  border-bottom: 1px solid var(--line); }
th { background: var(--band); white-space: nowrap; }
th button { font: inherit; font-weight: 700; border: 0; background: none; padding: 0;
  cursor: pointer; color: inherit; }
th[aria-sort="ascending"] button::after { content: " ▲"; }
th[aria-sort="descending"] button::after { content: " ▼"; }
td.num, th.num { text-align: right; }
.badge { font-size: .8rem; padding: 0 .35rem; border-radius: .25rem; background: #fde7e7;
  color: #8a1010; }
.entry { border-bottom: 1px solid var(--line); padding: .5rem 0; }
.entry h2 { font-size: 1.1rem; margin: .25rem 0; }
.entry:target { background: #fff8d6; }
.note, .source { color: var(--muted); margin: .25rem 0; }
.mentions { margin: .25rem 0; padding-left: 1.25rem; }
[hidden] { display: none !important; }
footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; }
@media (max-width: 40rem) {
  table.stack thead { position: absolute; left: -10000px; }
  table.stack tr { display: block; border-bottom: 1px solid var(--line); padding: .4rem 0; }
  table.stack td { display: block; border: 0; padding: .1rem 0; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); }
}
""".strip()

#: Sorting (click a column heading) and filtering (text, kind), for every table and list.
SCRIPT = """
(function () {
  function key(cell) { return cell.getAttribute('data-sort') || cell.textContent.trim(); }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var numeric = th.classList.contains('num');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col]), y = key(b.cells[col]);
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0)
                          : x.localeCompare(y, undefined, {numeric: true, sensitivity: 'base'});
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.querySelectorAll('[data-filter]').forEach(function (box) {
    var scope = document.getElementById(box.getAttribute('data-filter'));
    var items = scope.querySelectorAll('[data-item]');
    var text = box.querySelector('input[type=search]');
    var kind = box.querySelector('select');
    var count = box.querySelector('.count');
    function apply() {
      var q = text.value.trim().toLowerCase(), k = kind ? kind.value : '', shown = 0;
      items.forEach(function (item) {
        var ok = (!q || item.textContent.toLowerCase().indexOf(q) >= 0) &&
                 (!k || item.getAttribute('data-kind') === k);
        item.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + ' of ' + items.length + ' shown';
    }
    text.addEventListener('input', apply);
    if (kind) kind.addEventListener('change', apply);
    apply();
  });
})();
""".strip()


def _e(text: str) -> str:
    return escape(text, quote=True)


def _page(site: Site, menu: list[tuple[str, str]], current: str, heading: str,
          body: str) -> str:
    here = ' aria-current="page"'
    items = "".join(
        f'<li><a href="{_e(href)}"{here if href == current else ""}>'
        f"{_e(label)}</a></li>" for href, label in menu)
    title = f"{heading} — {site.title}" if heading != site.title else site.title
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n"
        f'<meta name="generator" content="teitools {_e(__version__)}">\n'
        f"<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f'<header class="site">\n<p><a href="index.html">{_e(site.title)}</a></p>\n'
        f'<h1>{_e(heading)}</h1>\n<nav class="menu" aria-label="Site">'
        f"<ul>{items}</ul></nav>\n</header>\n<main>\n{body}\n</main>\n"
        f"<footer><p>Generated from the TEI sources by teitools {_e(__version__)}.</p>"
        f"</footer>\n<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n")


def _controls(scope: str, what: str, kinds: list[str] | None = None) -> str:
    select = ""
    if kinds and len(kinds) > 1:
        options = "".join(f'<option value="{_e(k)}">{_e(k)}</option>' for k in kinds)
        select = (f'<label>Kind <select name="kind"><option value="">all</option>{options}'
                  "</select></label>")
    return (f'<div class="controls" data-filter="{_e(scope)}">'
            f'<label>Filter {what} <input type="search" name="q" autocomplete="off"></label>'
            f'{select}<output class="count"></output></div>')


def _link(text: str, href: str | None) -> str:
    return f'<a href="{_e(href)}">{_e(text)}</a>' if href else _e(text)


def _index(site: Site, menu: list[tuple[str, str]]) -> str:
    kinds = sorted({r.kind for r in site.rows})
    rows = []
    for r in site.rows:
        badge = f' <span class="badge">{r.problems} error{"s" if r.problems != 1 else ""}' \
                "</span>" if r.problems else ""
        rows.append(
            f'<tr data-item data-kind="{_e(r.kind)}">'
            f'<td data-label="Title" data-sort="{_e(r.title.casefold())}">'
            f"{_link(r.title or r.name, r.href)}{badge}</td>"
            f'<td data-label="By">{_e(r.who)}</td>'
            f'<td data-label="Date" data-sort="{_e(r.date)}">{_e(r.date_text or r.date)}</td>'
            f'<td data-label="Place">{_e(r.place)}</td>'
            f'<td data-label="Kind">{_e(r.kind)}</td>'
            f'<td data-label="Words" class="num" data-sort="{r.words}">{r.words:,}</td></tr>')
    n = len(site.rows)
    num = ' class="num"'
    body = (f"<p>{n} document{'s' if n != 1 else ''}.</p>\n"
            + _controls("documents", "documents", kinds)
            + '\n<div class="table-wrap"><table class="sortable stack" id="documents">'
            "<thead><tr>" + "".join(
                f'<th scope="col"{num if h == "Words" else ""}>'
                f'<button type="button">{h}</button></th>'
                for h in ("Title", "Author / correspondents", "Date", "Place", "Kind", "Words"))
            + "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>")
    return _page(site, menu, "index.html", site.title, body)


def _register(site: Site, menu: list[tuple[str, str]], page: str, heading: str,
              entries: list[RegisterEntry]) -> str:
    parts = []
    for e in entries:
        title, href = site.doc_links.get(id(e.doc), (e.doc.name, None))
        by_doc: dict[int, list[str]] = {}
        order: list[int] = []
        for m in e.mentions:
            if id(m.doc) not in by_doc:
                by_doc[id(m.doc)] = []
                order.append(id(m.doc))
            if m.anchor:
                by_doc[id(m.doc)].append(m.anchor)
        docs_of = {id(m.doc): m.doc for m in e.mentions}
        items = []
        for key in order:
            dtitle, dhref = site.doc_links.get(key, (docs_of[key].name, None))
            anchors = by_doc[key]
            links = ", ".join(
                f'<a href="{_e(dhref)}#{_e(a)}">{n}</a>' if dhref else str(n)
                for n, a in enumerate(anchors, 1))
            items.append(f"<li>{_link(dtitle, dhref)}" + (f": {links}" if links else "")
                         + "</li>")
        total = len(e.mentions)
        mentions = (f'<p>{total} mention{"s" if total != 1 else ""} in {len(order)} '
                    f'document{"s" if len(order) != 1 else ""}:</p>'
                    f'<ul class="mentions">{"".join(items)}</ul>') if items \
            else "<p>Not mentioned in the texts.</p>"
        note = f'<p class="note">{_e(e.entry.note)}</p>' if e.entry.note else ""
        parts.append(
            f'<section class="entry" id="{_e(e.anchor)}" data-item>'
            f"<h2>{_e(e.label)}</h2>{note}"
            f'<p class="source">Defined in {_link(title, href)} '
            f"(<code>{_e(e.entry.id)}</code>)</p>{mentions}</section>")
    n = len(entries)
    body = (f"<p>{n} entr{'ies' if n != 1 else 'y'}.</p>\n" + _controls("entries", "entries")
            + '\n<div id="entries">\n' + "\n".join(parts) + "\n</div>")
    return _page(site, menu, page, heading, body)


def _names(parties: list[tuple[str, str | None]]) -> str:
    return ", ".join(_link(name, href) for name, href in parties)


def _letters(site: Site, menu: list[tuple[str, str]]) -> str:
    rows = []
    for lt in site.letters:
        prev = _link(lt.prev[0], lt.prev[1]) if lt.prev else ""
        nxt = _link(lt.next[0], lt.next[1]) if lt.next else ""
        rows.append(
            f"<tr data-item>"
            f'<td data-label="Date" data-sort="{_e(lt.date)}">{_e(lt.date_text or lt.date)}</td>'
            f'<td data-label="From">{_names(lt.sender)}</td>'
            f'<td data-label="To">{_names(lt.recipient)}</td>'
            f'<td data-label="Place">{_e(lt.place)}</td>'
            f'<td data-label="Letter">{_link(lt.title, lt.href)}</td>'
            f'<td data-label="Previous">{prev}</td><td data-label="Next">{nxt}</td></tr>')
    n = len(site.letters)
    body = (f"<p>{n} letter{'s' if n != 1 else ''}.</p>\n" + _controls("letters", "letters")
            + '\n<div class="table-wrap"><table class="sortable stack" id="letters">'
            "<thead><tr>" + "".join(
                f'<th scope="col"><button type="button">{h}</button></th>'
                for h in ("Date", "From", "To", "Place", "Letter", "Previous", "Next"))
            + "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>")
    return _page(site, menu, "letters.html", "Correspondence", body)
