<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/mentions.xsl — the name mentions of a document and their numbers: the
  one definition of the m-1, m-2, … ids that the processing model
  (common/rendition.xsl) and the article's modules (common/names.xsl) give the
  names, and that teitools.corpus.extract computes for the corpus site's
  registers, which link to them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- A mention: a name with @ref in the text, outside the standoff lists. -->
  <xsl:function name="tt:is-mention" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="exists($node[self::tei:persName or self::tei:placeName or self::tei:orgName]
                                      [@ref][ancestor::tei:text]
                                      [not(ancestor::tei:div[@type = 'standoff'])])"/>
  </xsl:function>

  <!-- Each mention of the document's text/ by generate-id, numbered 1, 2, … in document
       order (a teiCorpus's members are not numbered: the registers do not link to them). -->
  <xsl:variable name="tt:mention-numbers" as="map(xs:string, xs:integer)"
      select="let $names := /tei:TEI/tei:text//(tei:persName | tei:placeName | tei:orgName)[tt:is-mention(.)]
              return map:merge(for $i in 1 to count($names) return map:entry(generate-id($names[$i]), $i))"/>

  <!-- The number of a mention; empty for any other element. -->
  <xsl:function name="tt:mention-number" as="xs:integer?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="map:get($tt:mention-numbers, generate-id($el))"/>
  </xsl:function>

  <!-- The id a mention carries in the editions: its xml:id, else m-1, m-2, …. -->
  <xsl:function name="tt:mention-id" as="xs:string">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="($name/@xml:id, 'm-' || tt:mention-number($name))[1]"/>
  </xsl:function>

</xsl:stylesheet>
