<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/pm.xsl — the HTML behaviour library of the processing model: what
  teitools imports before the module it generates from an ODD's models
  (schema/NAME.html.xsl, or the default tei_simplePrint).

  One self-contained HTML5 page: for a TEI document its header block, its text
  rendered by the models, its footnotes and its indexes; for a teiCorpus the
  corpus header and each TEI member in turn.  The page is built, then repaired
  (html/repair.xsl) so that it is valid HTML whatever the models made of it.

  Parameters (all optional):
    generator      as xs:string   program named in <meta name="generator">
    edition-url    as xs:string   unused by the library; a project module may use it (the article's cite line)
    snippet-words  as xs:integer  unused by the library; a project module may use it (the article's Voices index)
    site-index     as xs:string   URL of the corpus site's index: adds a site bar  (html/site.xsl)
    links          as xs:string   JSON: pointers that leave the document → [href, title]  (html/site.xsl)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/rendition.xsl"/>
  <xsl:import href="behaviours.xsl"/>
  <xsl:import href="apparatus.xsl"/>
  <xsl:import href="repair.xsl"/>
  <xsl:import href="pm-style.xsl"/>
  <xsl:import href="site.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- Param generator: the program named in <meta name="generator">. -->
  <xsl:param name="generator" as="xs:string" select="'teitools'"/>
  <!-- Param edition-url: unused here (the article's stylesheets cite it). -->
  <xsl:param name="edition-url" as="xs:string" select="''"/>
  <!-- Param snippet-words: unused here (the article's Voices index). -->
  <xsl:param name="snippet-words" as="xs:integer" select="12"/>

  <xsl:template match="/">
    <xsl:variable name="root" select="(tei:TEI, tei:teiCorpus)[1]"/>
    <xsl:if test="empty($root)">
      <xsl:message terminate="yes">teitools: not a TEI document: the root element is <xsl:value-of select="name(*)"/>, expected TEI or teiCorpus in the TEI namespace</xsl:message>
    </xsl:if>
    <xsl:variable name="title" select="tt:pm-title($root)"/>
    <xsl:variable name="authors" select="$root/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author ! normalize-space(.)[. != '']"/>
    <xsl:variable name="page">
      <html lang="{(($root/@xml:lang, $root/tei:text/@xml:lang) ! tt:html-lang(.), 'en')[1]}">
        <head>
          <meta charset="utf-8"/>
          <meta name="viewport" content="width=device-width, initial-scale=1"/>
          <title><xsl:value-of select="string-join(($title, string-join($authors, '; ')[. != '']), ' — ')"/></title>
          <xsl:if test="exists($authors)"><meta name="author" content="{string-join($authors, '; ')}"/></xsl:if>
          <meta name="generator" content="{$generator}"/>
          <style>
            <xsl:value-of select="$tt:pm-css"/>
            <xsl:value-of select="$tt:model-css"/>
          </style>
        </head>
        <body>
          <a class="skip" href="#main">Skip to the text</a>
          <xsl:call-template name="tt:html-site-nav"/>
          <main id="main">
            <xsl:choose>
              <xsl:when test="$root/self::tei:teiCorpus">
                <xsl:apply-templates select="$root" mode="tt:corpus"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:apply-templates select="$root" mode="html"/>
              </xsl:otherwise>
            </xsl:choose>
          </main>
          <footer class="colophon-edition">
            <p>Rendered from the TEI-XML source by <xsl:value-of select="$generator"/> with the processing model of <xsl:value-of select="$tt:model-name"/>.</p>
          </footer>
        </body>
      </html>
    </xsl:variable>
    <xsl:apply-templates select="$page" mode="tt:repair"/>
  </xsl:template>

  <!-- A teiCorpus: its own header, then each member (TEI or teiCorpus) in turn. -->
  <xsl:template match="tei:teiCorpus" mode="tt:corpus">
    <div class="tei-teiCorpus">
      <xsl:call-template name="tt:pm-header"/>
      <xsl:for-each select="tei:TEI | tei:teiCorpus">
        <xsl:choose>
          <xsl:when test="self::tei:teiCorpus"><xsl:apply-templates select="." mode="tt:corpus"/></xsl:when>
          <xsl:otherwise><xsl:apply-templates select="." mode="html"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </div>
  </xsl:template>

</xsl:stylesheet>
