<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/inline.xsl — mode "text-inline": the running text of a block as the
  edition reads it: corrections applied (corr, never sic), every other
  element reduced to its text, page breaks and address-line ends left as the
  placeholders that text/layout.xsl resolves.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- The running text of a node's content, as one string. -->
  <xsl:function name="tt:running-text" as="xs:string">
    <xsl:param name="node" as="node()*"/>
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:apply-templates select="$node" mode="text-inline"/>
    </xsl:variable>
    <xsl:sequence select="string-join($pieces)"/>
  </xsl:function>

  <xsl:template match="text()" mode="text-inline" as="xs:string">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="*" mode="text-inline" as="xs:string*">
    <xsl:apply-templates mode="text-inline"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="text-inline"/>

  <xsl:template match="tei:choice" mode="text-inline" as="xs:string*">
    <xsl:apply-templates select="tt:reading(.)/node()" mode="text-inline"/>
  </xsl:template>

  <xsl:template match="tei:pb" mode="text-inline" as="xs:string">
    <xsl:sequence select="(if (tt:breaks-word(.)) then $tt:pb-open-in-word else $tt:pb-open)
                          || normalize-space(@n) || $tt:pb-close"/>
  </xsl:template>

  <xsl:template match="tei:lb" mode="text-inline" as="xs:string">
    <xsl:sequence select="if (@break = 'no') then '' else ' '"/>
  </xsl:template>

  <xsl:template match="tei:addrLine | tei:item" mode="text-inline" as="xs:string*">
    <xsl:apply-templates mode="text-inline"/>
    <xsl:sequence select="$tt:line-break"/>
  </xsl:template>

  <!-- Editorial notes are not part of the reading text. -->
  <xsl:template match="tei:note[@type = 'editorial']" mode="text-inline"/>

</xsl:stylesheet>
