<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/style.xsl — the page's inline stylesheet: a readable measure, page
  numbers in the margin (inline on a phone), one colour per speaker, and a
  print stylesheet.  No external resources: system fonts only.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!--
    Speaker colours: speaker N gets the hue (N - 1) × the golden angle, so that
    neighbouring speakers get hues far apart; saturation and lightness are
    chosen so that white text on the colour, and the colour on white, stay
    readable (WCAG contrast ≥ 4.5:1 for the label text).
  -->
  <xsl:variable name="tt:golden-angle" as="xs:double" select="137.508"/>
  <xsl:variable name="tt:full-circle" as="xs:double" select="360"/>
  <xsl:variable name="tt:speaker-saturation" as="xs:string" select="'60%'"/>
  <xsl:variable name="tt:speaker-lightness" as="xs:string" select="'30%'"/>
  <xsl:variable name="tt:speaker-tint-lightness" as="xs:string" select="'96%'"/>

  <xsl:function name="tt:speaker-hue" as="xs:integer">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="xs:integer(round((($n - 1) * $tt:golden-angle) mod $tt:full-circle))"/>
  </xsl:function>

  <xsl:template name="tt:css">
    <xsl:text>
:root {
  --measure: 38rem;
  --gutter: 5.5rem;
  --ink: #1b1b1b;
  --muted: #5a5a5a;
  --paper: #fffefa;
  --rule: #d8d4c8;
  --link: #1a4f8b;
  --who: #444;
  --who-tint: #f3f3f3;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0 auto;
  padding: 1.5rem 1.25rem 3rem calc(var(--gutter) + 1.25rem);
  max-width: calc(var(--measure) + var(--gutter) + 2.5rem);
  font-family: Georgia, "Times New Roman", serif;
  line-height: 1.6;
  color: var(--ink);
  background: var(--paper);
}
a { color: var(--link); }
.skip { position: absolute; left: -10000px; }
.skip:focus { position: static; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}
h1, h2, h3, h4 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 2rem; margin: .25rem 0; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 1rem; font-variant: small-caps; letter-spacing: .02em; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; font-weight: normal; }
.title-block { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
.subtitle { color: var(--muted); margin: 0; font-size: .95rem; }
.byline { font-size: 1.15rem; margin: .25rem 0 1rem; }
.meta { font-size: .9rem; margin: 0; }
.meta dt { font-weight: bold; margin-top: .5rem; font-family: "Helvetica Neue", Arial, sans-serif; }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.toc ol { padding-left: 1.25rem; }
.toc li { margin: .15rem 0; }
.text { position: relative; }
.front { border: 1px solid var(--rule); padding: .75rem 1rem; margin: 1.5rem 0; font-size: .9rem; position: relative; }
.title-page p { margin: .25rem 0; }
.title-page .docTitle { font-size: 1.3rem; font-weight: bold; }
.div-titlePage-matter, .back { font-size: .9rem; }
.back { border-top: 1px solid var(--rule); margin-top: 2.5rem; }
p.p, div.p { margin: 0 0 1rem; }
.address { margin: 0; }
/* printed page numbers in the margin; the number itself is generated text */
.pb { text-decoration: none; }
.pb::before {
  content: "p. " attr(data-page);
  position: absolute; left: calc(-1 * var(--gutter)); width: calc(var(--gutter) - 1rem);
  text-align: right; font: .75rem/1.6 "Helvetica Neue", Arial, sans-serif;
  color: var(--muted); border-right: 2px solid var(--rule); padding-right: .4rem;
}
.pb:target::before, .pb:focus::before { color: var(--ink); border-right-color: var(--link); }
.front .pb::before { left: calc(-1 * var(--gutter) - 1rem); }
/* corrections: the corrected reading, the source's on hover */
.corr { text-decoration: underline dotted #9a8f6b; text-underline-offset: .2em; cursor: help; }
/* names link to the indexes without shouting */
a.name, a.name-part { color: inherit; text-decoration: underline solid var(--rule); text-underline-offset: .2em; }
a.name:hover, a.name-part:hover, a.name:focus { color: var(--link); text-decoration-color: var(--link); }
.name:target { background: #fff2a8; outline: 2px solid #e0b400; }
/* quotations: the marks are in the text, so the browser adds none */
q { quotes: none; }
q::before, q::after { content: none; }
q.said { background: var(--who-tint); box-shadow: inset 0 -2px 0 var(--who); border-radius: 2px; }
q.said::before {
  content: attr(data-speaker);
  display: inline-block; margin-right: .3em; padding: 0 .35em; border-radius: .6em;
  font: bold .62rem/1.5 "Helvetica Neue", Arial, sans-serif; vertical-align: .15em;
  color: #fff; background: var(--who); letter-spacing: .02em;
}
q.said:target { outline: 2px solid var(--who); }
q.quote { text-decoration: underline dotted var(--muted); text-underline-offset: .25em; }
q.quote:target { outline: 2px solid var(--muted); }
.socalled, .mentioned { font-style: normal; }
.foreign, cite.title-j, cite.title-m { font-style: italic; }
cite.title-a { font-style: normal; }
time { font-variant-numeric: oldstyle-nums; }
/* indexes */
.index { border-top: 1px solid var(--rule); margin-top: 2.5rem; font-size: .95rem; }
.index-intro, .entry-note { color: var(--muted); }
.entry-note { margin: 0 0 .25rem; }
.entries { list-style: none; padding: 0; }
.entries > li { margin: 0 0 .6rem; }
.entry-name { font-weight: bold; }
.mentions { display: inline; padding: 0; margin: 0 0 0 .25rem; }
.mentions li { display: inline; }
.mentions li + li::before { content: ", "; }
.quotations { margin: 0; padding-left: 1.5rem; }
.quotations li { margin: .15rem 0; }
.snippet { color: var(--ink); }
.voice h3 { display: flex; align-items: center; gap: .5rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 50%; background: var(--who); }
.colophon-edition { border-top: 1px solid var(--rule); margin-top: 3rem; color: var(--muted); font-size: .85rem; }
/* a phone: no margin, page numbers inline */
@media (max-width: 48rem) {
  body { padding: 1rem; max-width: none; }
  .pb::before, .front .pb::before {
    position: static; display: inline-block; width: auto; margin: 0 .3em;
    border: 1px solid var(--rule); border-radius: .3em; padding: 0 .3em; line-height: 1.3;
  }
}
/* print: black on white, no link colours, page numbers kept in the margin */
@media print {
  :root { --paper: #fff; --link: #000; }
  body { font-size: 11pt; max-width: none; padding: 0 0 0 var(--gutter); }
  .toc, .skip { display: none; }
  a { color: inherit; text-decoration: none; }
  q.said { background: none; box-shadow: none; }
  q.said::before { color: #000; background: none; border: 1px solid #000; }
  .index, .back { break-before: page; }
  h2, h3 { break-after: avoid; }
  p { orphans: 3; widows: 3; }
}
</xsl:text>
    <!-- one colour per speaker -->
    <xsl:for-each select="$tt:speakers">
      <xsl:variable name="hue" select="tt:speaker-hue(position())"/>
      <xsl:value-of select="'.who-' || position() || ' { --who: hsl(' || $hue || ', ' || $tt:speaker-saturation
                            || ', ' || $tt:speaker-lightness || '); --who-tint: hsl(' || $hue || ', '
                            || $tt:speaker-saturation || ', ' || $tt:speaker-tint-lightness || '); }&#10;'"/>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
