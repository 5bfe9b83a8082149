<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-html.xsl — the HTML reading edition of a TEI document.

  One self-contained HTML5 page: title block from the teiHeader, linked table
  of contents, the text with printed page numbers in the margin (#page-N),
  speakers shown on every quotation, corrections on hover, and indexes of
  voices, persons, places and organisations with back-links to every mention.

  Parameters (all optional):
    generator      as xs:string   program named in <meta name="generator">   (html/document.xsl)
    edition-url    as xs:string   URL of the published edition, for the cite line (common/header.xsl)
    snippet-words  as xs:integer  words of each quotation shown in the Voices index (common/quotations.xsl)
    site-index     as xs:string   URL of the corpus site's index: adds a site bar  (html/site.xsl)
    links          as xs:string   JSON: pointers that leave the document → [href, title]  (html/site.xsl)

  Run: teitools html FILE -o OUT, or any XSLT 3.0 processor (Saxon HE ≥ 9.9).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:import href="common/header.xsl"/>
  <xsl:import href="common/names.xsl"/>
  <xsl:import href="common/pages.xsl"/>
  <xsl:import href="common/corrections.xsl"/>
  <xsl:import href="common/quotations.xsl"/>
  <xsl:import href="html/base.xsl"/>
  <xsl:import href="html/style.xsl"/>
  <xsl:import href="html/header.xsl"/>
  <xsl:import href="html/structure.xsl"/>
  <xsl:import href="html/phrases.xsl"/>
  <xsl:import href="html/indexes.xsl"/>
  <xsl:import href="html/site.xsl"/>
  <xsl:import href="html/document.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <xsl:mode name="html" on-no-match="shallow-skip"/>

  <xsl:template match="/">
    <xsl:apply-templates select="." mode="html"/>
  </xsl:template>

</xsl:stylesheet>
