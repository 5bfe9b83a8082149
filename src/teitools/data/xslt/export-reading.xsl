<?xml version="1.0" encoding="UTF-8"?>
<!--
  export-reading.xsl — the reading of every element of a document, for the
  exports (teitools/export/reading.py runs it, compiled once per process, on a
  document or on a batch of a corpus's documents).  The reading itself is
  common/reading.xsl's mode tt:reading, the one the text editions apply; this
  driver only marks where each element's reading begins and ends and where the
  pages begin, so that the exports can take any element's reading from one pass
  over the document.

  Output: the document's reading as one text, with private-use markers
  (never in TEI text):
    U+E010                     an element begins (every element is visited, once,
                               in document order: the Nth mark is the Nth element)
    U+E013                     the innermost open element ends
    U+E014 P U+E012            a pb (P: its @n): the page of the text from here on
    U+E015 … U+E016            content left out of the reading around it
                               (a note, a deletion, a sic): its own reading inside
    U+E006                     a word joined across a break (common/reading.xsl)
    U+E017                     between the documents of a tt:batch
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="common/reading.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- A document, or several in a tt:batch (one transformation for a corpus): their
       readings one after the other, separated by U+E017. -->
  <xsl:template match="/">
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:for-each select="if (tt:batch) then tt:batch/* else *">
        <xsl:if test="position() gt 1"><xsl:sequence select="'&#xE017;'"/></xsl:if>
        <xsl:apply-templates select="." mode="tt:reading"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="$pieces" separator=""/>
  </xsl:template>

  <xsl:function name="tt:begin">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="if ($el/self::tei:pb) then '&#xE010;&#xE014;' || $el/@n || '&#xE012;' else '&#xE010;'"/>
  </xsl:function>

  <xsl:function name="tt:end">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="'&#xE013;'"/>
  </xsl:function>

  <xsl:template match="*" mode="tt:reading-left-out">
    <xsl:sequence select="'&#xE015;'"/>
    <xsl:apply-templates mode="tt:reading"/>
    <xsl:sequence select="'&#xE016;'"/>
  </xsl:template>

</xsl:stylesheet>
