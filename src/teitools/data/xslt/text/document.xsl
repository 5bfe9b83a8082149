<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/document.xsl — the plain-text edition as a whole: the title block from
  the teiHeader, then front, body and back, each part after a rule of "_".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- How the title is underlined. -->
  <xsl:variable name="tt:title-rule" as="xs:string" select="'='"/>

  <xsl:template match="/" mode="text">
    <xsl:apply-templates select="tei:TEI" mode="text"/>
  </xsl:template>

  <xsl:template match="/*" mode="text" priority="-1">
    <xsl:message terminate="yes">teitools: not a TEI document: the root element is <xsl:value-of select="name()"/>, expected TEI in the TEI namespace</xsl:message>
  </xsl:template>

  <!-- A header field: "Label: text", wrapped with a hanging indent. -->
  <xsl:function name="tt:text-field" as="xs:string?">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="segments" as="element(tt:seg)*"/>
    <xsl:if test="exists($segments)">
      <xsl:variable name="block" select="tt:format-block($label || ': ' || string-join($segments), $tt:hanging-indent)"/>
      <!-- the hanging indent is for the continuation lines only -->
      <xsl:sequence select="substring($block, string-length($tt:hanging-indent) + 1)"/>
    </xsl:if>
  </xsl:function>

  <xsl:template match="tei:TEI" mode="text">
    <xsl:variable name="root" select="/"/>
    <xsl:variable name="title-block" as="xs:string*" select="
        tt:format-heading(tt:doc-title($root), $tt:title-rule),
        tt:doc-subtitle($root) ! tt:format-block(., ''),
        tt:format-block('by ' || tt:join-names(tt:doc-authors($root)), '')[exists(tt:doc-authors($root))],
        tt:text-field('Printed source', tt:print-citation($tt:print-source)),
        tt:text-field('Digitization', tt:digital-citation($tt:digital-source)),
        tt:text-field('Licence', tt:licence($root)),
        tt:text-field('Cite this edition', tt:cite-edition($root))"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:for-each select="tei:text/(tei:front, tei:body, tei:back)">
        <xsl:variable name="blocks" as="xs:string*">
          <xsl:apply-templates select="." mode="text"/>
        </xsl:variable>
        <xsl:if test="exists($blocks[. != ''])">
          <xsl:sequence select="string-join(($tt:rule, $blocks[. != '']), $tt:nl || $tt:nl)"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="string-join(($title-block[. != ''], $parts), $tt:nl || $tt:nl) || $tt:nl"/>
  </xsl:template>

</xsl:stylesheet>
