<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/structure.xsl — mode "text": every block of the text as one string
  (already wrapped): headings underlined, paragraphs, list items, title-page
  lines, and page markers between blocks.  Blocks are joined by blank lines.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- How a section heading is underlined. -->
  <xsl:variable name="tt:heading-rule" as="xs:string" select="'-'"/>
  <!-- How a list item begins. -->
  <xsl:variable name="tt:item-prefix" as="xs:string" select="'* '"/>

  <!-- Unknown block-level elements: their blocks if they have any, else their text. -->
  <xsl:template match="*" mode="text" as="xs:string*">
    <xsl:sequence select="tt:format-block(tt:running-text(node()), '')[. != '']"/>
  </xsl:template>

  <xsl:template match="text()" mode="text"/>
  <xsl:template match="comment() | processing-instruction()" mode="text"/>

  <xsl:template match="tei:front | tei:body | tei:back | tei:titlePage | tei:docTitle" mode="text" as="xs:string*">
    <xsl:apply-templates select="*" mode="text"/>
  </xsl:template>

  <!-- The standoff lists are the editors' words, not the article's. -->
  <xsl:template match="tei:div[@type = 'standoff']" mode="text"/>

  <xsl:template match="tei:div" mode="text" as="xs:string*">
    <xsl:apply-templates select="*" mode="text"/>
  </xsl:template>

  <xsl:template match="tei:div/tei:head" mode="text" as="xs:string">
    <xsl:sequence select="tt:format-heading(tt:running-text(node()), $tt:heading-rule)"/>
  </xsl:template>

  <xsl:template match="tei:p | tei:head | tei:titlePart | tei:docImprint | tei:byline | tei:docDate | tei:docAuthor"
      mode="text" as="xs:string*">
    <xsl:sequence select="tt:format-block(tt:running-text(node()), '')[. != '']"/>
  </xsl:template>

  <xsl:template match="tei:list" mode="text" as="xs:string*">
    <xsl:apply-templates select="tei:head" mode="text"/>
    <!-- an item with the label before it (a glossary, a numbered list) -->
    <xsl:sequence select="string-join(tei:item ! tt:format-block(string-join((preceding-sibling::*[1][self::tei:label],
        .) ! tt:running-text(node()), ' '), $tt:item-prefix), $tt:nl)"/>
  </xsl:template>

  <!-- A page break between blocks: a marker line of its own (or nothing). -->
  <xsl:template match="tei:pb" mode="text" as="xs:string*">
    <xsl:sequence select="tt:format-block(tt:running-text(.), '')[. != '']"/>
  </xsl:template>

</xsl:stylesheet>
