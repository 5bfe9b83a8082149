<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/base.xsl — the defaults of mode "html": text, unknown elements (keep
  their text), comments.  Imported first, so every other module overrides it
  (in XSLT, import precedence beats template priority).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!--
    Text.  Inside a name that contains other names (the Magnitogorsk Works), the
    text of the outer name is linked piece by piece, since links cannot nest:
    the tunnel parameter name-link carries the outer name's index anchor.
  -->
  <xsl:template match="text()" mode="html">
    <xsl:param name="name-link" as="xs:string" select="''" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$name-link != '' and normalize-space(.) != ''">
        <a class="name-part" href="{$name-link}"><xsl:value-of select="."/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Unknown elements keep their text. -->
  <xsl:template match="*" mode="tt:article" priority="-1">
    <xsl:apply-templates mode="html"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="html"/>

</xsl:stylesheet>
