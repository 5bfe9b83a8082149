<?xml version="1.0" encoding="UTF-8"?>
<!--
  rustbelt-html.xsl — the HTML apparatus of the rustbelt processing model: the
  module schema/rustbelt.odd names (<?teitools-module output="html" …?>), which
  the generated schema/rustbelt.html.xsl imports.

  The ODD's models decide how each element renders (which behaviour, under which
  predicate); this module gives the article's own rendering of the behaviours
  listed in $tt:article-behaviours, for those elements (mode tt:article, in
  html/structure.xsl and html/phrases.xsl), and hands every other behaviour to
  teitools' behaviour library.  Its document behaviour is the page: title block,
  linked table of contents, the text with printed page numbers in the margin
  (#page-N), speakers shown on every quotation, corrections on hover, indexes of
  voices, persons, places and organisations with back-links to every mention,
  print and phone CSS.

  Parameters (all optional):
    generator      as xs:string   program named in <meta name="generator">   (html/document.xsl)
    edition-url    as xs:string   URL of the published edition, for the cite line (common/header.xsl)
    snippet-words  as xs:integer  words of each quotation shown in the Voices index (common/quotations.xsl)
    site-index     as xs:string   URL of the corpus site's index: adds a site bar  (html/site.xsl)
    links          as xs:string   JSON: pointers that leave the document → [href, title]  (html/site.xsl)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="common/header.xsl"/>
  <xsl:import href="common/names.xsl"/>
  <xsl:import href="common/pages.xsl"/>
  <xsl:import href="common/corrections.xsl"/>
  <xsl:import href="common/quotations.xsl"/>
  <xsl:import href="html/base.xsl"/>
  <xsl:import href="html/style.xsl"/>
  <xsl:import href="html/header.xsl"/>
  <xsl:import href="html/structure.xsl"/>
  <xsl:import href="html/phrases.xsl"/>
  <xsl:import href="html/indexes.xsl"/>
  <xsl:import href="html/site.xsl"/>
  <xsl:import href="html/document.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- Element → the behaviours this module renders for it (any other: the library). -->
  <xsl:variable name="tt:article-behaviours" as="map(xs:string, xs:string*)" select="map {
      'TEI': 'document', 'text': 'body', 'front': 'block', 'body': 'body', 'back': 'block',
      'div': 'section', 'head': 'heading', 'p': 'paragraph', 'list': 'list', 'item': 'listItem',
      'address': 'block', 'titlePage': 'block', 'docTitle': 'block', 'docImprint': 'block',
      'docDate': 'block', 'byline': 'block', 'titlePart': 'inline', 'docAuthor': ('block', 'inline'),
      'pb': 'break', 'lb': 'break', 'choice': 'alternate', 'sic': 'inline', 'corr': 'inline',
      'persName': 'inline', 'placeName': 'inline', 'orgName': 'inline', 'said': 'inline',
      'quote': 'inline', 'soCalled': 'inline', 'mentioned': 'inline', 'foreign': 'inline',
      'emph': 'inline', 'hi': 'inline', 'title': 'inline', 'date': 'inline' }"/>

  <xsl:template match="tei:*" mode="tt:behaviour" priority="1">
    <xsl:param name="tt:behaviour" as="xs:string" tunnel="yes"/>
    <xsl:param name="tt:model" as="map(*)" tunnel="yes"/>
    <!-- the model's @cssClass and outputRendition class go on what the article renders too -->
    <xsl:variable name="classes" as="xs:string*" select="$tt:model?class, $tt:model?rendition"/>
    <xsl:choose>
      <xsl:when test="not($tt:behaviour = map:get($tt:article-behaviours, local-name()))">
        <xsl:next-match/>
      </xsl:when>
      <xsl:when test="empty($classes)">
        <xsl:apply-templates select="." mode="tt:article"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="rendered" as="node()*">
          <xsl:apply-templates select="." mode="tt:article"/>
        </xsl:variable>
        <xsl:apply-templates select="$rendered" mode="tt:with-classes">
          <xsl:with-param name="classes" select="$classes"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="tt:with-classes">
    <xsl:param name="classes" as="xs:string*"/>
    <xsl:copy>
      <xsl:copy-of select="@* except @class"/>
      <xsl:attribute name="class" select="distinct-values((tokenize(@class), $classes))"/>
      <xsl:copy-of select="node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="text() | comment() | processing-instruction()" mode="tt:with-classes">
    <xsl:copy-of select="."/>
  </xsl:template>

  <xsl:template match="/">
    <xsl:if test="empty(tei:TEI)">
      <xsl:message terminate="yes">teitools: not a TEI document: the root element is <xsl:value-of select="name(*)"/>, expected TEI in the TEI namespace</xsl:message>
    </xsl:if>
    <xsl:apply-templates select="tei:TEI" mode="html"/>
  </xsl:template>

</xsl:stylesheet>
