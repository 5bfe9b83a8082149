<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/pages.xsl — printed pages: which page a node is on (the n of the last
  pb before it) and the stable anchor of a page (page-5).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- The printed page a node is on: @n of the nearest preceding pb ("" before the first). -->
  <xsl:function name="tt:page-of" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="string($node/preceding::tei:pb[1]/@n)"/>
  </xsl:function>

  <!-- The anchor of a printed page, stable across editions: page-5. -->
  <xsl:function name="tt:page-anchor" as="xs:string">
    <xsl:param name="n" as="xs:string"/>
    <xsl:sequence select="'page-' || replace(normalize-space($n), '[^\p{L}\p{N}_.-]', '_')"/>
  </xsl:function>

  <!-- How a page is named to readers: "p. 5". -->
  <xsl:function name="tt:page-label" as="xs:string">
    <xsl:param name="n" as="xs:string"/>
    <xsl:sequence select="if (normalize-space($n) = '') then 'unpaged' else 'p. ' || normalize-space($n)"/>
  </xsl:function>

  <!-- A pb that falls inside a word (break="no"). -->
  <xsl:function name="tt:breaks-word" as="xs:boolean">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="$pb/@break = 'no'"/>
  </xsl:function>

</xsl:stylesheet>
