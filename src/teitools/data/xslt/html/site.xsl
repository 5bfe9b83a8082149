<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/site.xsl — the hook between one document's edition and a corpus site
  (teitools build; owned by the corpus build, see docs/corpus.md).

  Parameters (both optional; without them the edition is the stand-alone page):
    site-index  as xs:string  URL of the site's index page, relative to this page
                              ('' = no site: no site bar)
    links       as xs:string  a JSON object mapping a pointer as written in the
                              document ("persons.xml#karl", "#karl" resolved in a
                              register, "letter-002.xml") to [href, title]: where
                              pointers that do not resolve inside the document lead
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- Param site-index: URL of the site's index page, relative to this page ('' = none). -->
  <xsl:param name="site-index" as="xs:string" select="''"/>
  <!-- Param links: JSON object, pointer as written → [href, title], for pointers that leave the document. -->
  <xsl:param name="links" as="xs:string" select="'{}'"/>

  <xsl:variable name="tt:links" as="map(*)" select="parse-json($links)"/>

  <!-- [href, title] of the first pointer of @ref the corpus resolved, or (). -->
  <xsl:function name="tt:site-link" as="xs:string*">
    <xsl:param name="ref" as="attribute()?"/>
    <xsl:variable name="hits" select="tokenize(normalize-space($ref), ' ')[map:contains($tt:links, .)]"/>
    <xsl:sequence select="if (exists($hits)) then array:flatten(map:get($tt:links, $hits[1])) ! string(.) else ()"/>
  </xsl:function>

  <!-- The site bar: back to the index; previous / next letter (correspContext). -->
  <xsl:template name="tt:html-site-nav">
    <xsl:if test="$site-index != ''">
      <xsl:variable name="context" select="/tei:TEI/tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspContext"/>
      <nav class="site-nav" aria-label="Corpus" style="font-family: system-ui, sans-serif; font-size: .9rem; margin: .5rem 0 1rem">
        <a href="{$site-index}" rel="index">All documents</a>
        <xsl:for-each select="('prev', 'next')">
          <xsl:variable name="type" select="."/>
          <xsl:variable name="link" select="$context/tei:ref[@type = $type][1]/@target ! tt:site-link(.)"/>
          <xsl:if test="exists($link)">
            <xsl:text> · </xsl:text>
            <a href="{$link[1]}" rel="{$type}" title="{$link[2]}">
              <xsl:value-of select="if ($type = 'prev') then '← Previous letter' else 'Next letter →'"/>
            </a>
          </xsl:if>
        </xsl:for-each>
      </nav>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
