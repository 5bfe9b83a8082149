<?xml version="1.0" encoding="UTF-8"?>
<!--
  tei-to-text.xsl — the plain-text edition of a TEI document, for reading,
  grepping and text mining.

  UTF-8 text: a title block from the teiHeader, then front, body and back
  (each after a rule of "_"), section headings underlined, paragraphs
  separated by blank lines and wrapped, corrections applied, quotation marks
  as printed, no markup, optional [p. N] page markers.  Deterministic: the
  same input and parameters always give the same bytes.

  Parameters (all optional):
    width          as xs:integer  wrap column; 0 = one line per paragraph (text/layout.xsl; default 72)
    page-markers   as xs:boolean  insert "[p. N]" where printed pages begin (text/layout.xsl; default false)
    edition-url    as xs:string   URL of the published edition, for the cite line (common/header.xsl)

  Run: teitools text FILE -o OUT (options width, page markers), or any XSLT 3.0 processor.
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
  <xsl:import href="text/layout.xsl"/>
  <xsl:import href="text/inline.xsl"/>
  <xsl:import href="text/structure.xsl"/>
  <xsl:import href="text/document.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:apply-templates select="." mode="text"/>
  </xsl:template>

</xsl:stylesheet>
