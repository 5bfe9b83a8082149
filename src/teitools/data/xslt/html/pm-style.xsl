<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/pm-style.xsl — the CSS of the behaviour library (the models' own
  outputRendition CSS follows it in the page): a readable column, page markers
  in the margin, footnotes, alternates that show the other reading on hover or
  focus, indexes; a phone layout and a print layout.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:variable name="tt:pm-css" as="xs:string">
    <xsl:text>
:root { --ink: #1d1d1f; --paper: #fffdf8; --muted: #666; --rule: #d8d2c4; --link: #0b5cad; --gutter: 5rem; }
html { background: var(--paper); color: var(--ink); }
body { font: 1.05rem/1.6 Georgia, "Times New Roman", serif; max-width: 42rem; margin: 0 auto;
       padding: 1.5rem 1.5rem 3rem var(--gutter); }
a { color: var(--link); }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .3rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 1rem 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .6rem; }
h3, h4, h5, h6 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.doc-header { border-bottom: 1px solid var(--rule); margin-bottom: 1.5rem; padding-bottom: 1rem; }
.doc-header .subtitle { font-size: 1.15rem; margin: 0; }
.doc-header .authors { font-style: italic; margin: .3rem 0; }
.doc-fields { font-size: .9rem; color: var(--muted); display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.doc-fields dt { font-weight: bold; }
.doc-fields dd { margin: 0; }
nav.toc ol { padding-left: 1.2rem; }
section { margin: 0; }
.pb { position: relative; }
.pb::before { content: "[" attr(data-label) "]"; position: absolute; left: calc(-1 * var(--gutter)); width: calc(var(--gutter) - 1rem);
              text-align: right; font: .75rem/1.6 system-ui, sans-serif; color: var(--muted); text-decoration: none; }
.cb::before { content: "¦"; color: var(--muted); }
.alternate { border-bottom: 1px dotted var(--muted); cursor: help; }
.alternate .alt-other { display: none; }
.alternate:hover .alt-default, .alternate:focus .alt-default { display: none; }
.alternate:hover .alt-other, .alternate:focus .alt-other { display: inline; }
.note-ref { text-decoration: none; }
.note-ref sup { font-size: .72em; line-height: 0; }
.notes { border-top: 1px solid var(--rule); margin-top: 2rem; font-size: .92rem; }
.note-inline { font-size: .92em; color: var(--muted); }
.note-margin { float: right; clear: right; width: 10rem; margin-right: -12rem; font-size: .8rem; color: var(--muted); }
.backlink { text-decoration: none; font-size: .85em; }
.index { border-top: 1px solid var(--rule); margin-top: 2rem; font-size: .95rem; }
.index-entries { list-style: none; padding: 0; }
.index-entries li { margin: .2rem 0; }
.entry-name { font-weight: bold; }
.mentions a { margin-right: .25em; }
a.name { color: inherit; text-decoration: underline dotted var(--muted); }
.graphic-missing { color: var(--muted); font-style: italic; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border: 1px solid var(--rule); padding: .2rem .5rem; vertical-align: top; }
figure { margin: 1rem 0; }
figcaption { font-style: italic; }
.tei-sp { margin: .6rem 0; }
.tei-speaker { font-weight: bold; }
.tei-l { display: block; }
.tei-lg { margin: .8rem 0; }
.tei-del { text-decoration: line-through; }
.tei-add { text-decoration: underline; }
.tei-gap::before { content: "[…]"; color: var(--muted); }
.tei-unclear { background: #f3efe2; }
.tei-unclear::after { content: "?"; color: var(--muted); font-size: .75em; vertical-align: super; }
.tei-supplied::before { content: "["; }
.tei-supplied::after { content: "]"; }
.tei-opener, .tei-closer, .tei-salute, .tei-signed, .tei-dateline, .tei-postscript { display: block; margin: .5rem 0; }
.tei-msDesc > div, .tei-msDesc > section { margin: .6rem 0; }
.tei-u { margin: .5rem 0; }
.u-who { font-weight: bold; }
.tei-vocal, .tei-kinesic, .tei-incident { font-style: italic; color: var(--muted); }
.tei-vocal::before, .tei-kinesic::before, .tei-incident::before { content: "("; }
.tei-vocal::after, .tei-kinesic::after, .tei-incident::after { content: ")"; }
.tei-pause::before { content: "(pause)"; font-style: italic; color: var(--muted); }
.tei-rdg { font-size: .9em; color: var(--muted); }
.tei-rdg::before { content: "["; }
.tei-rdg::after { content: "]"; }
.rdg-wit { font-style: italic; }
.tei-sourceDoc .tei-zone { margin: .6rem 0; }
.source-description, .facsimile { border-top: 1px solid var(--rule); margin-top: 1.5rem; }
.colophon-edition { margin-top: 3rem; font-size: .8rem; color: var(--muted); border-top: 1px solid var(--rule); }
@media (max-width: 48rem) {
  body { padding: 1rem; max-width: none; }
  .pb::before { position: static; display: inline-block; width: auto; margin: 0 .3em; }
  .note-margin { float: none; width: auto; margin: 0; display: block; }
}
@media print {
  :root { --paper: #fff; --link: #000; }
  body { font-size: 11pt; max-width: none; }
  a { color: inherit; text-decoration: none; }
  .skip, nav.toc { display: none; }
  .alternate .alt-other { display: none; }
  .notes, .index { break-before: page; }
  h2, h3 { break-after: avoid; }
  p { orphans: 3; widows: 3; }
}
</xsl:text>
  </xsl:variable>

</xsl:stylesheet>
