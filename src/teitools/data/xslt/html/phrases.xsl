<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/phrases.xsl — phrase-level elements in mode "html": page breaks,
  corrections, names, quotations, foreign words, titles, dates.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- Valid values of the HTML datetime attribute that TEI @when can carry. -->
  <xsl:variable name="tt:html-datetime" as="xs:string"
      select="'^\d{4}(-\d{2}(-\d{2})?)?$'"/>

  <!--
    A page break: an empty anchor (page-5) whose "p. 5" is drawn by CSS in the
    margin, so that it never splits a word (pb break="no") nor enters copied text.
  -->
  <xsl:template match="tei:pb" mode="tt:article">
    <xsl:choose>
      <xsl:when test="@n">
        <a class="pb{if (tt:breaks-word(.)) then ' pb-in-word' else ''}" id="{tt:page-anchor(@n)}"
           href="#{tt:page-anchor(@n)}" data-page="{normalize-space(@n)}"
           aria-label="{'Page ' || normalize-space(@n) || ' of the printed issue'}"/>
      </xsl:when>
      <xsl:otherwise><span class="pb pb-unnumbered" role="separator"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A correction: the corrected reading, the source's reading on hover. -->
  <xsl:template match="tei:choice" mode="tt:article">
    <span class="corr" title="{tt:correction-note(.)}">
      <xsl:apply-templates select="tt:reading(.)/node()" mode="html"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:sic | tei:corr" mode="tt:article">
    <span class="{local-name()}"><xsl:apply-templates mode="html"/></span>
  </xsl:template>

  <!-- Names: a link to the index entry; the mention is the target of the entry's back-link. -->
  <xsl:template match="tei:persName[tt:is-mention(.)] | tei:placeName[tt:is-mention(.)] | tei:orgName[tt:is-mention(.)]" mode="tt:article">
    <xsl:variable name="entity" select="tt:resolve(@ref)"/>
    <xsl:variable name="nested" select="exists(.//(tei:persName | tei:placeName | tei:orgName)[tt:is-mention(.)])"/>
    <xsl:variable name="kind" select="map:get($tt:index-kinds, local-name())" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
    <xsl:variable name="site-link" select="if ($entity) then () else tt:site-link(@ref)"/>
    <xsl:variable name="href" select="if ($entity) then '#' || tt:entry-id($entity) else string($site-link[1])"/>
    <xsl:variable name="title" select="if ($entity) then string-join((tt:entity-name($entity), tt:entity-note($entity)[. != '']), ': ') else $site-link[2][. != '']"/>
    <xsl:variable name="data-ref" select="string-join(tt:ref-ids(@ref), ' ')"/>
    <xsl:choose>
      <xsl:when test="($entity or exists($site-link)) and not($nested)">
        <a class="name name-{$kind}" id="{tt:mention-id(.)}" href="{$href}" data-ref="{$data-ref}" title="{$title}">
          <xsl:apply-templates mode="html">
            <xsl:with-param name="name-link" select="''" tunnel="yes"/>
          </xsl:apply-templates>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="name name-{$kind}{if ($entity or exists($site-link)) then '' else ' unresolved'}" id="{tt:mention-id(.)}" data-ref="{$data-ref}">
          <xsl:if test="exists($title)"><xsl:attribute name="title" select="$title"/></xsl:if>
          <xsl:apply-templates mode="html">
            <xsl:with-param name="name-link" select="$href" tunnel="yes"/>
          </xsl:apply-templates>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Spoken words: the speaker shown (CSS label from data-speaker) in the speaker's colour. -->
  <xsl:template match="tei:said" mode="tt:article">
    <xsl:variable name="speaker" select="tt:speaker(.)"/>
    <xsl:variable name="label" select="tt:speaker-label(.)"/>
    <q class="said who-{tt:speaker-number($speaker)}{if (@prev) then ' continued' else ''}"
       id="{tt:quotation-id(.)}" data-speaker="{$label}"
       title="{string-join(($label, $speaker ! tt:entity-note(.)[. != '']), ': ')}">
      <xsl:apply-templates mode="html"/>
    </q>
  </xsl:template>

  <!-- Written words: the source on hover. -->
  <xsl:template match="tei:quote" mode="tt:article">
    <xsl:variable name="source" select="tt:resolve(@source)"/>
    <q class="quote{if (@type = 'saying') then ' saying' else ''}" id="{tt:quotation-id(.)}">
      <xsl:choose>
        <xsl:when test="$source">
          <xsl:attribute name="title" select="'Written source: ' || tt:reading-of($source)"/>
        </xsl:when>
        <xsl:when test="@type = 'saying'">
          <xsl:attribute name="title" select="'A saying'"/>
        </xsl:when>
      </xsl:choose>
      <xsl:apply-templates mode="html"/>
    </q>
  </xsl:template>

  <xsl:template match="tei:soCalled" mode="tt:article">
    <span class="socalled"><xsl:apply-templates mode="html"/></span>
  </xsl:template>

  <xsl:template match="tei:mentioned" mode="tt:article">
    <span class="mentioned"><xsl:apply-templates mode="html"/></span>
  </xsl:template>

  <xsl:template match="tei:foreign" mode="tt:article">
    <i class="foreign">
      <xsl:if test="@xml:lang"><xsl:attribute name="lang" select="@xml:lang"/></xsl:if>
      <xsl:apply-templates mode="html"/>
    </i>
  </xsl:template>

  <xsl:template match="tei:emph | tei:hi" mode="tt:article">
    <em><xsl:apply-templates mode="html"/></em>
  </xsl:template>

  <!-- Titles by level: a (article) upright, j (journal) and m (monograph) italic. -->
  <xsl:template match="tei:title" mode="tt:article">
    <cite class="title title-{(@level, 'm')[1]}"><xsl:apply-templates mode="html"/></cite>
  </xsl:template>

  <xsl:template match="tei:date" mode="tt:article">
    <xsl:choose>
      <xsl:when test="matches(string(@when), $tt:html-datetime)">
        <time datetime="{@when}"><xsl:apply-templates mode="html"/></time>
      </xsl:when>
      <xsl:otherwise>
        <span class="date"><xsl:apply-templates mode="html"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:lb" mode="tt:article"><br/></xsl:template>

</xsl:stylesheet>
