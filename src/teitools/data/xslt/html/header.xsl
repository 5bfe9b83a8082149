<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/header.xsl — the title block (from the teiHeader, via common/header.xsl)
  and the linked table of contents.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- Generated labels for divisions without a head, by div/@type. -->
  <xsl:variable name="tt:div-labels" as="map(xs:string, xs:string)" select="map {
      'introduction': 'Introduction',
      'titlePage-matter': 'Title page',
      'author-note': 'About the author',
      'colophon': 'Colophon',
      'advertisement': 'Advertisement',
      'mailing': 'Mailing panel' }"/>

  <!-- The heading text of a div: its head (reading), else a label for its type. -->
  <xsl:function name="tt:div-label" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="if ($div/tei:head) then tt:reading-of($div/tei:head[1])
                          else if (map:contains($tt:div-labels, string($div/@type))) then map:get($tt:div-labels, string($div/@type))
                          else 'Section'"/>
  </xsl:function>

  <!-- The anchor of a div: its xml:id, else div-N. -->
  <xsl:function name="tt:div-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:sequence select="($div/@xml:id, 'div-' || count($div/preceding::tei:div | $div/ancestor::tei:div) + 1)[1]"/>
  </xsl:function>

  <!-- Citation segments as HTML. -->
  <xsl:template match="tt:seg" mode="html">
    <xsl:choose>
      <xsl:when test="@style = 'author'"><span class="author"><xsl:value-of select="."/></span></xsl:when>
      <xsl:when test="@style = 'title-a'"><cite class="title title-a"><xsl:value-of select="."/></cite></xsl:when>
      <xsl:when test="starts-with(@style, 'title-')"><cite class="title {@style}"><xsl:value-of select="."/></cite></xsl:when>
      <xsl:when test="@style = 'code'"><code><xsl:value-of select="."/></code></xsl:when>
      <xsl:when test="@style = 'link' and matches(., '^https?://')"><a href="{.}"><xsl:value-of select="."/></a></xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:html-title-block">
    <xsl:variable name="root" select="/"/>
    <header class="title-block">
      <xsl:for-each select="tt:doc-subtitle($root)">
        <p class="subtitle"><xsl:value-of select="."/></p>
      </xsl:for-each>
      <h1><xsl:value-of select="tt:doc-title($root)"/></h1>
      <xsl:if test="exists(tt:doc-authors($root))">
        <p class="byline">by <span class="author"><xsl:value-of select="tt:join-names(tt:doc-authors($root))"/></span></p>
      </xsl:if>
      <dl class="meta">
        <xsl:variable name="print" select="tt:print-citation($tt:print-source)"/>
        <xsl:if test="exists($print)">
          <dt>Printed source</dt>
          <dd class="source-print"><xsl:apply-templates select="$print" mode="html"/></dd>
        </xsl:if>
        <xsl:variable name="digital" select="tt:digital-citation($tt:digital-source)"/>
        <xsl:if test="exists($digital)">
          <dt>Digitization</dt>
          <dd class="source-digital"><xsl:apply-templates select="$digital" mode="html"/></dd>
        </xsl:if>
        <xsl:variable name="licence" select="tt:licence($root)"/>
        <xsl:if test="exists($licence)">
          <dt>Licence</dt>
          <dd class="licence"><xsl:apply-templates select="$licence" mode="html"/></dd>
        </xsl:if>
        <dt>Cite this edition</dt>
        <dd class="cite-edition"><xsl:apply-templates select="tt:cite-edition($root)" mode="html"/></dd>
      </dl>
    </header>
  </xsl:template>

  <xsl:template name="tt:html-toc">
    <nav class="toc" aria-labelledby="toc-h">
      <h2 id="toc-h">Contents</h2>
      <ol>
        <xsl:for-each select="/tei:TEI/tei:text/tei:body/tei:div">
          <li><a href="#{tt:div-id(.)}"><xsl:value-of select="tt:div-label(.)"/></a>
            <xsl:if test="tei:div[tei:head]">
              <ol>
                <xsl:for-each select="tei:div">
                  <li><a href="#{tt:div-id(.)}"><xsl:value-of select="tt:div-label(.)"/></a></li>
                </xsl:for-each>
              </ol>
            </xsl:if>
          </li>
        </xsl:for-each>
        <xsl:variable name="back" select="/tei:TEI/tei:text/tei:back/tei:div[not(@type = 'standoff')]"/>
        <xsl:if test="$back">
          <li><a href="#{tt:div-id($back[1])}">Back matter</a>
            <ol>
              <xsl:for-each select="$back">
                <li><a href="#{tt:div-id(.)}"><xsl:value-of select="tt:div-label(.)"/></a></li>
              </xsl:for-each>
            </ol>
          </li>
        </xsl:if>
        <xsl:if test="exists($tt:speakers) or exists($tt:sources) or exists($tt:sayings)">
          <li><a href="#voices">Voices</a></li>
        </xsl:if>
        <xsl:for-each select="$tt:entity-indexes">
          <xsl:if test="exists(tt:index-entries(root($tt:doc), @kind))">
            <li><a href="#{@id}"><xsl:value-of select="@label"/></a></li>
          </xsl:if>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

</xsl:stylesheet>
