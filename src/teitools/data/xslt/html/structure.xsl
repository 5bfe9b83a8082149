<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/structure.xsl — text structure in mode "html": front, body and back,
  divisions as <section> with headings in outline order, paragraphs, lists,
  title pages and addresses.  Phrase-level elements are in html/phrases.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- The heading level of the text's top divisions (h1 is the title). -->
  <xsl:variable name="tt:top-heading-level" as="xs:integer" select="2"/>
  <!-- HTML has no heading below h6. -->
  <xsl:variable name="tt:max-heading-level" as="xs:integer" select="6"/>

  <xsl:template match="tei:text" mode="tt:article">
    <xsl:apply-templates select="tei:front, tei:body, tei:back" mode="html"/>
  </xsl:template>

  <xsl:template match="tei:front" mode="tt:article">
    <section class="front" aria-label="Title page of the printed issue">
      <xsl:apply-templates mode="html"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:body" mode="tt:article">
    <div class="body">
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:back" mode="tt:article">
    <div class="back">
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:div" mode="tt:article">
    <xsl:variable name="id" select="tt:div-id(.)"/>
    <xsl:variable name="level" select="min(($tt:top-heading-level + count(ancestor::tei:div), $tt:max-heading-level))"/>
    <section id="{$id}" class="div div-{(@type, 'plain')[1]}" aria-labelledby="{$id}-h">
      <xsl:element name="h{$level}">
        <xsl:attribute name="id" select="$id || '-h'"/>
        <xsl:choose>
          <xsl:when test="tei:head">
            <xsl:apply-templates select="tei:head[1]/node()" mode="html"/>
          </xsl:when>
          <xsl:otherwise>
            <!-- a label the editors supply: heard by screen readers, not shown -->
            <xsl:attribute name="class">visually-hidden</xsl:attribute>
            <xsl:value-of select="tt:div-label(.)"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:element>
      <xsl:apply-templates select="node() except tei:head[1]" mode="html"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:head" mode="tt:article">
    <p class="head"><xsl:apply-templates mode="html"/></p>
  </xsl:template>

  <!-- A paragraph holding block content (an address, a list) cannot be an HTML <p>. -->
  <xsl:template match="tei:p" mode="tt:article">
    <xsl:element name="{if (tei:address | tei:list | tei:table | tei:lg) then 'div' else 'p'}">
      <xsl:apply-templates select="@xml:id" mode="html"/>
      <xsl:attribute name="class" select="'p'"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="@xml:id" mode="html">
    <xsl:attribute name="id" select="."/>
  </xsl:template>

  <xsl:template match="tei:list" mode="tt:article">
    <xsl:if test="tei:head">
      <p class="head"><xsl:apply-templates select="tei:head/node()" mode="html"/></p>
    </xsl:if>
    <xsl:element name="{if (@type = ('ordered', 'numbered')) then 'ol' else 'ul'}">
      <xsl:attribute name="class" select="'list'"/>
      <xsl:apply-templates select="tei:item" mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:item" mode="tt:article">
    <li><xsl:apply-templates select="@xml:id" mode="html"/><xsl:apply-templates mode="html"/></li>
  </xsl:template>

  <xsl:template match="tei:address" mode="tt:article">
    <p class="address">
      <xsl:for-each select="tei:addrLine">
        <xsl:if test="position() gt 1"><br/></xsl:if>
        <xsl:apply-templates mode="html"/>
      </xsl:for-each>
    </p>
  </xsl:template>

  <!-- The printed title page of the issue. -->
  <xsl:template match="tei:titlePage" mode="tt:article">
    <div class="title-page">
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:titlePage/*" mode="tt:article">
    <p class="{local-name()}"><xsl:apply-templates mode="html"/></p>
  </xsl:template>

  <xsl:template match="tei:docTitle/tei:titlePart | tei:docAuthor | tei:byline/*" mode="tt:article">
    <span class="{local-name()}"><xsl:apply-templates mode="html"/></span>
  </xsl:template>

</xsl:stylesheet>
