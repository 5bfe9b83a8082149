<?xml version="1.0" encoding="UTF-8"?>
<!--
  rustbelt-text.xsl — the plain-text apparatus of the rustbelt processing model:
  the module schema/rustbelt.odd names (<?teitools-module output="text" …?>),
  which the generated schema/rustbelt.text.xsl imports.

  The text itself is the models' (teitools' text behaviours); this module gives
  the title block its header fields: the printed source, the digitization, the
  licence and a "Cite this edition" line, each wrapped with a hanging indent.

  Parameters (all optional):
    edition-url    as xs:string   URL of the published edition, for the cite line (common/header.xsl)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="common/header.xsl"/>

  <!-- How the title is underlined. -->
  <xsl:variable name="tt:title-rule" as="xs:string" select="'='"/>

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

  <!-- The title block (text/pm.xsl's, with the header fields of the article). -->
  <xsl:function name="tt:title-block" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="root" select="root($doc)"/>
    <xsl:sequence select="string-join((
        tt:format-heading(tt:doc-title($root), $tt:title-rule),
        tt:doc-subtitle($root) ! tt:format-block(., ''),
        tt:format-block('by ' || tt:join-names(tt:doc-authors($root)), '')[exists(tt:doc-authors($root))],
        tt:text-field('Printed source', tt:print-citation($tt:print-source)),
        tt:text-field('Digitization', tt:digital-citation($tt:digital-source)),
        tt:text-field('Licence', tt:licence($root)),
        tt:text-field('Cite this edition', tt:cite-edition($root)))[. != ''], $tt:nl || $tt:nl)"/>
  </xsl:function>

</xsl:stylesheet>
