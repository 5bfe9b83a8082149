<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/document.xsl — the page: <html> with head, inline style, title block,
  table of contents, the text (front, body, back) and the indexes.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!--
    Param generator: the program named in <meta name="generator"> (the Python
    caller passes "teitools X.Y.Z").
  -->
  <xsl:param name="generator" as="xs:string" select="'teitools'"/>

  <xsl:template match="tei:TEI" mode="tt:article">
    <xsl:variable name="title" select="tt:doc-title(.)"/>
    <xsl:variable name="authors" select="tt:doc-authors(.)"/>
    <html lang="{$tt:doc-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="string-join(($title, tt:join-names($authors)[. != '']), ' — ')"/></title>
        <xsl:if test="exists($authors)">
          <meta name="author" content="{tt:join-names($authors)}"/>
        </xsl:if>
        <meta name="generator" content="{$generator}"/>
        <style>
          <xsl:call-template name="tt:css"/>
          <xsl:value-of select="$tt:model-css"/>
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to the text</a>
        <xsl:call-template name="tt:html-site-nav"/>
        <xsl:call-template name="tt:html-title-block"/>
        <xsl:call-template name="tt:html-toc"/>
        <main id="main">
          <article class="text" aria-label="{$title}">
            <xsl:apply-templates select="tei:text" mode="html"/>
          </article>
          <xsl:call-template name="tt:html-voices"/>
          <xsl:call-template name="tt:html-entity-indexes"/>
        </main>
        <footer class="colophon-edition">
          <p>Reading edition generated from the TEI-XML source by <xsl:value-of select="$generator"/>.
            Page numbers in the margin are those of the printed issue.</p>
        </footer>
      </body>
    </html>
  </xsl:template>

</xsl:stylesheet>
