<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/behaviours.xsl — the behaviours of the TEI Processing Model (Guidelines
  TD 23.5) as HTML, one named template each (tt:b-NAME), called through
  tt:behaviour by the stylesheet teitools generates from an ODD's models.

  Every template runs with the TEI element as context item and receives:
    params            map(*)       the model's <param>s, evaluated on the element
    class             xs:string*   the model's @cssClass (default: none)
    rendition         xs:string?   the class carrying the model's outputRendition CSS
    source-rendition  xs:boolean   @useSourceRendition: the element's @rend/@rendition/@style as CSS
  Each output element has the classes tei-NAME (the TEI element's name), the
  @cssClass and the rendition class, the element's xml:id as id and its
  xml:lang as lang.  Nesting HTML does not allow (a list inside a paragraph, a
  link inside a link) is repaired afterwards (html/repair.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- HTML has no heading below h6; h1 is the document's title. -->
  <xsl:variable name="tt:max-heading" as="xs:integer" select="6"/>

  <!--
    The dispatcher the generated stylesheet calls.  It applies mode tt:behaviour to the
    element, with the behaviour's name and the model's settings as tunnel parameters
    (tt:behaviour as xs:string, tt:model as map(*): params, class, rendition,
    source-rendition, before, after): a project's module (<?teitools-module?> in its
    ODD) may render a behaviour its own way for some of its elements there, and hand
    every other behaviour on with xsl:next-match; the library's rendering is the
    catch-all (tt:builtin-behaviour).
  -->
  <xsl:template name="tt:behaviour">
    <xsl:param name="behaviour" as="xs:string"/>
    <xsl:param name="params" as="map(*)" select="map {}"/>
    <xsl:param name="class" as="xs:string*" select="()"/>
    <xsl:param name="rendition" as="xs:string?" select="()"/>
    <xsl:param name="source-rendition" as="xs:boolean" select="false()"/>
    <xsl:param name="before" as="xs:string?" select="()"/>
    <xsl:param name="after" as="xs:string?" select="()"/>
    <xsl:apply-templates select="." mode="tt:behaviour">
      <xsl:with-param name="tt:behaviour" select="$behaviour" tunnel="yes"/>
      <xsl:with-param name="tt:model" tunnel="yes" select="map {
          'params': $params, 'class': $class, 'rendition': $rendition,
          'source-rendition': $source-rendition, 'before': $before, 'after': $after }"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="node()" mode="tt:behaviour">
    <xsl:param name="tt:behaviour" as="xs:string" tunnel="yes"/>
    <xsl:param name="tt:model" as="map(*)" tunnel="yes"/>
    <xsl:call-template name="tt:builtin-behaviour">
      <xsl:with-param name="behaviour" select="$tt:behaviour"/>
      <xsl:with-param name="params" select="$tt:model?params"/>
      <xsl:with-param name="class" select="$tt:model?class"/>
      <xsl:with-param name="rendition" select="$tt:model?rendition"/>
      <xsl:with-param name="source-rendition" select="$tt:model?source-rendition"/>
      <xsl:with-param name="before" select="$tt:model?before"/>
      <xsl:with-param name="after" select="$tt:model?after"/>
    </xsl:call-template>
  </xsl:template>

  <!-- The library's rendering of each behaviour. -->
  <xsl:template name="tt:builtin-behaviour">
    <xsl:param name="behaviour" as="xs:string"/>
    <xsl:param name="params" as="map(*)" select="map {}"/>
    <xsl:param name="class" as="xs:string*" select="()"/>
    <xsl:param name="rendition" as="xs:string?" select="()"/>
    <xsl:param name="source-rendition" as="xs:boolean" select="false()"/>
    <xsl:param name="before" as="xs:string?" select="()"/>
    <xsl:param name="after" as="xs:string?" select="()"/>
    <xsl:variable name="attrs" as="attribute()*">
      <xsl:call-template name="tt:attributes">
        <xsl:with-param name="class" select="$class, $rendition"/>
        <xsl:with-param name="source-rendition" select="$source-rendition"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$behaviour = 'omit'"/>
      <xsl:when test="$behaviour = 'alternate'"><xsl:call-template name="tt:b-alternate"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'anchor'"><xsl:call-template name="tt:b-anchor"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'break'"><xsl:call-template name="tt:b-break"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'cit'"><xsl:call-template name="tt:b-cit"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'document'"><xsl:call-template name="tt:b-document"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'figure'"><xsl:call-template name="tt:b-figure"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'glyph'"><xsl:call-template name="tt:b-glyph"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'graphic'"><xsl:call-template name="tt:b-graphic"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'heading'"><xsl:call-template name="tt:b-heading"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'index'"><xsl:call-template name="tt:b-index"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'inline'"><xsl:call-template name="tt:b-inline"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'link'"><xsl:call-template name="tt:b-link"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'list'"><xsl:call-template name="tt:b-list"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'note'"><xsl:call-template name="tt:b-note"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'table'"><xsl:call-template name="tt:b-table"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'text'"><xsl:value-of select="tt:content($params, .)"/></xsl:when>
      <!-- TEI Publisher's: the content without an element of its own; a web component -->
      <xsl:when test="$behaviour = 'pass-through'"><xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template></xsl:when>
      <xsl:when test="$behaviour = 'webcomponent'"><xsl:call-template name="tt:b-webcomponent"><xsl:with-param name="params" select="$params"/><xsl:with-param name="attrs" select="$attrs"/></xsl:call-template></xsl:when>
      <xsl:otherwise>
        <!-- block, body, cell, heading-less containers, listItem, metadata, paragraph, row, section, title -->
        <xsl:variable name="element" as="xs:string" select="map:get(map {
            'block': 'div', 'body': 'div', 'cell': 'td', 'listItem': 'li', 'metadata': 'div',
            'paragraph': 'p', 'row': 'tr', 'section': 'section', 'title': 'div' }, $behaviour)"/>
        <xsl:element name="{$element}">
          <xsl:sequence select="$attrs"/>
          <xsl:if test="$behaviour = 'cell'">
            <xsl:if test="@cols[. castable as xs:integer][xs:integer(.) gt 1]"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
            <xsl:if test="@rows[. castable as xs:integer][xs:integer(.) gt 1]"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
          </xsl:if>
          <xsl:if test="$behaviour = 'section' and not(@xml:id) and not(self::tei:div)">
            <xsl:attribute name="id" select="tt:section-id(.)"/>
          </xsl:if>
          <xsl:call-template name="tt:process">
            <xsl:with-param name="items" select="tt:content($params, .)"/>
          </xsl:call-template>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The attributes every behaviour's element gets (see the header). -->
  <xsl:template name="tt:attributes" as="attribute()*">
    <xsl:param name="class" as="xs:string*"/>
    <xsl:param name="source-rendition" as="xs:boolean"/>
    <xsl:attribute name="class" select="string-join(distinct-values(('tei-' || local-name(), $class)), ' ')"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
    <xsl:if test="not(@xml:id) and self::tei:div"><xsl:attribute name="id" select="tt:section-id(.)"/></xsl:if>
    <xsl:if test="not(@xml:id) and (tt:is-pm-mention(.) or tt:is-site-mention(.))"><xsl:attribute name="id" select="tt:mention-anchor(.)"/></xsl:if>
    <xsl:if test="@xml:lang">
      <xsl:variable name="lang" select="tt:html-lang(@xml:lang)"/>
      <xsl:attribute name="{if (exists($lang)) then 'lang' else 'data-lang'}" select="@xml:lang"/>
    </xsl:if>
    <xsl:if test="$source-rendition">
      <xsl:variable name="css" select="tt:source-css(.)"/>
      <xsl:if test="exists($css)"><xsl:attribute name="style" select="string-join($css, '; ')"/></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- Processing a sequence of content: nodes through the models, values as text. -->
  <xsl:template name="tt:process">
    <xsl:param name="items" as="item()*"/>
    <xsl:variable name="self" select="."/>
    <xsl:for-each select="$items">
      <xsl:choose>
        <xsl:when test=". instance of node() and . is $self">
          <xsl:apply-templates select="node()" mode="html"/>
        </xsl:when>
        <xsl:when test=". instance of element() or . instance of text()">
          <xsl:apply-templates select="." mode="html"/>
        </xsl:when>
        <xsl:when test=". instance of document-node()">
          <xsl:apply-templates select="node()" mode="html"/>
        </xsl:when>
        <xsl:when test=". instance of comment() or . instance of processing-instruction()"/>
        <xsl:otherwise><xsl:value-of select="string(.)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The id of a section without xml:id: its place among the divisions. -->
  <!-- The text whose divisions an element is among: the nearest text or floatingText
       (a group's texts and a floating text number their divisions afresh). -->
  <xsl:function name="tt:div-scope" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="$el/ancestor-or-self::*[self::tei:text or self::tei:floatingText][1]"/>
  </xsl:function>

  <xsl:function name="tt:section-id" as="xs:string">
    <xsl:param name="div" as="element()"/>
    <xsl:variable name="scope" select="tt:div-scope($div)"/>
    <xsl:variable name="doc" select="$div/ancestor::tei:TEI[1]"/>
    <!-- a text inside another (group, floatingText): its number among the document's texts -->
    <xsl:variable name="nested" select="if ($scope/ancestor::*[self::tei:text or self::tei:floatingText])
        then count(($scope/preceding::* | $scope/ancestor::*)[self::tei:text or self::tei:floatingText]
                   [ancestor::tei:TEI[1] is $doc]) else 0"/>
    <!-- front and back number their divisions apart from the body's -->
    <xsl:variable name="part" select="$div/ancestor::*[self::tei:front or self::tei:back][tt:div-scope(.) is $scope]"/>
    <xsl:sequence select="'section-' || $part ! (local-name(.) || '-')
                          || string-join(for $d in $div/ancestor-or-self::*[self::tei:div or starts-with(local-name(), 'div')][tt:div-scope(.) is $scope]
                          return string(count($d/preceding-sibling::*[self::tei:div or starts-with(local-name(), 'div')]) + 1), '.')
                          || (if ($nested gt 0) then '-x' || $nested else '')
                          || (if (count($div/ancestor::tei:TEI/preceding::tei:TEI) gt 0)
                              then '-t' || count($div/ancestor::tei:TEI/preceding::tei:TEI) else '')"/>
  </xsl:function>

  <!-- ===================================================== the behaviours -->

  <!--
    alternate(default, alternate): the default reading (default: the content),
    the other one offered on hover and focus (CSS), and as the title.
  -->
  <xsl:template name="tt:b-alternate">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="other" select="tt:param($params, 'alternate', ())"/>
    <span tabindex="0">
      <xsl:sequence select="$attrs"/>
      <xsl:attribute name="class" select="$attrs[name() = 'class'] || ' alternate'"/>
      <xsl:if test="exists($other)">
        <xsl:attribute name="title" select="normalize-space(string-join($other ! string(.), ' '))"/>
      </xsl:if>
      <span class="alt-default">
        <xsl:call-template name="tt:process">
          <xsl:with-param name="items" select="tt:param($params, 'default', node())"/>
        </xsl:call-template>
      </span>
      <xsl:if test="exists($other)">
        <span class="alt-other">
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="$other"/></xsl:call-template>
        </span>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- anchor(id): an empty, identifiable point (id: @xml:id, else a generated one). -->
  <xsl:template name="tt:b-anchor">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <span>
      <xsl:sequence select="$attrs"/>
      <xsl:attribute name="id" select="(tt:param($params, 'id', ())[normalize-space(.) != ''] ! string(.), 'anchor-' || generate-id(.))[1]"/>
    </span>
  </xsl:template>

  <!--
    break(type, label): a line break (<br>), a column break, or a page marker
    (type 'page', the default for pb): an anchor page-N showing its label in
    the margin.  type defaults from the element: pb page, cb column, else line.
  -->
  <xsl:template name="tt:b-break">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="type" select="string((tt:param($params, 'type', ()),
        if (self::tei:pb) then 'page' else if (self::tei:cb) then 'column' else 'line')[1])"/>
    <xsl:variable name="label" select="normalize-space(string-join(tt:param($params, 'label', @n) ! string(.)))"/>
    <xsl:choose>
      <xsl:when test="$type = 'page'">
        <xsl:variable name="anchor" select="tt:page-id(.)"/>
        <a href="#{$anchor}" data-label="{$label}">
          <xsl:sequence select="$attrs"/>
          <xsl:attribute name="id" select="$anchor"/>
          <xsl:attribute name="class" select="$attrs[name() = 'class'] || ' pb'"/>
          <xsl:attribute name="aria-label" select="if ($label != '') then 'Page ' || $label else 'Page break'"/>
        </a>
      </xsl:when>
      <xsl:when test="$type = 'column'">
        <span data-label="{$label}">
          <xsl:sequence select="$attrs"/>
          <xsl:attribute name="class" select="$attrs[name() = 'class'] || ' cb'"/>
        </span>
      </xsl:when>
      <xsl:otherwise><br/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The anchor of a page break: page-N, made unique when N repeats. -->
  <xsl:function name="tt:page-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:variable name="n" select="replace(normalize-space($pb/@n), '[^\p{L}\p{N}_.-]', '_')"/>
    <xsl:variable name="same" select="count($pb/preceding::tei:pb[replace(normalize-space(@n), '[^\p{L}\p{N}_.-]', '_') = $n])"/>
    <xsl:sequence select="'page-' || ($n[. != ''], 'x')[1] || (if ($same gt 0 or $n = '') then '-' || ($same + 1) else '')"/>
  </xsl:function>

  <!-- cit(source): the quotation and, after it, its source (default: bibl / ref children). -->
  <xsl:template name="tt:b-cit">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="source" select="tt:param($params, 'source', (tei:bibl, tei:ref, tei:biblStruct))"/>
    <div>
      <xsl:sequence select="$attrs"/>
      <xsl:call-template name="tt:process">
        <xsl:with-param name="items" select="tt:content($params, .)[not(some $s in $source satisfies (. instance of node() and . is $s))]"/>
      </xsl:call-template>
      <xsl:if test="exists($source)">
        <div class="cit-source">
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="$source"/></xsl:call-template>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- document: one TEI document as an <article>: header block, text, notes, indexes. -->
  <xsl:template name="tt:b-document">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <article aria-label="{tt:pm-title(.)}">
      <xsl:sequence select="$attrs"/>
      <xsl:call-template name="tt:pm-header"/>
      <xsl:call-template name="tt:pm-source-description"/>
      <xsl:call-template name="tt:process">
        <xsl:with-param name="items" select="tt:param($params, 'content', tei:text | tei:sourceDoc | tei:TEI)"/>
      </xsl:call-template>
      <xsl:call-template name="tt:pm-facsimile"/>
      <tt:notes/>
      <xsl:call-template name="tt:pm-indexes"/>
    </article>
  </xsl:template>

  <!-- figure(title): <figure>, the title (default: head children) as its caption. -->
  <xsl:template name="tt:b-figure">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="title" select="tt:param($params, 'title', tei:head)"/>
    <figure>
      <xsl:sequence select="$attrs"/>
      <xsl:if test="exists($title)">
        <figcaption>
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="$title"/></xsl:call-template>
        </figcaption>
      </xsl:if>
      <xsl:call-template name="tt:process">
        <xsl:with-param name="items" select="tt:content($params, .)[not(some $t in $title satisfies (. instance of node() and . is $t))]"/>
      </xsl:call-template>
    </figure>
  </xsl:template>

  <!--
    glyph(uri): the character a g points to (uri: @ref) through charDecl: its
    standard mapping, else any mapping, else its name; the content when unknown.
  -->
  <xsl:template name="tt:b-glyph">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="uri" select="string(tt:param($params, 'uri', @ref)[1])"/>
    <xsl:variable name="char" select="if (starts-with($uri, '#'))
        then (root(.)//tei:charDecl/(tei:char | tei:glyph)[@xml:id = substring($uri, 2)])[1] else ()"/>
    <span>
      <xsl:sequence select="$attrs"/>
      <xsl:choose>
        <xsl:when test="normalize-space(.) != ''">
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="$char">
          <xsl:attribute name="title" select="normalize-space(($char/(tei:charName, tei:glyphName, tei:desc))[1])"/>
          <xsl:value-of select="($char/tei:mapping[@type = 'standard'], $char/tei:mapping, $char/(tei:charName, tei:glyphName))[1]"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="'[' || $uri || ']'"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- graphic(url, width, height, scale, title): <img>; a placeholder when there is no url. -->
  <xsl:template name="tt:b-graphic">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="url" select="normalize-space(string(tt:param($params, 'url', @url)[1]))"/>
    <xsl:variable name="title" select="normalize-space(string-join(tt:param($params, 'title', tei:desc) ! string(.), ' '))"/>
    <xsl:variable name="size" select="tt:safe-css((tt:param($params, 'width', @width)[normalize-space(.) != ''] ! ('width: ' || .),
                                                   tt:param($params, 'height', @height)[normalize-space(.) != ''] ! ('height: ' || .)))"/>
    <xsl:choose>
      <xsl:when test="$url != ''">
        <img src="{$url}" alt="{($title[. != ''], normalize-space(string-join(ancestor::tei:figure[1]/tei:figDesc, ' ')), '')[1]}">
          <xsl:sequence select="$attrs"/>
          <xsl:if test="exists($size)"><xsl:attribute name="style" select="string-join($size, '; ')"/></xsl:if>
        </img>
      </xsl:when>
      <xsl:otherwise>
        <span class="graphic-missing" role="img" aria-label="{($title[. != ''], 'graphic')[1]}">[graphic]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- heading(level): h2..h6 (level: the divisions above it; h1 is the title). -->
  <xsl:template name="tt:b-heading">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="given" select="tt:param($params, 'level', count(ancestor::*[self::tei:div or matches(local-name(), '^div\d$')]))[1]"/>
    <xsl:variable name="level" select="if (string($given) castable as xs:integer) then xs:integer(string($given)) else 1"/>
    <xsl:element name="h{max((2, min(($level + 1, $tt:max-heading))))}">
      <xsl:sequence select="$attrs"/>
      <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
    </xsl:element>
  </xsl:template>

  <!--
    index(type): type 'toc' (the default) is a table of contents of the divisions
    with headings below the element; nothing when there are none.
  -->
  <xsl:template name="tt:b-index">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="type" select="string(tt:param($params, 'type', 'toc')[1])"/>
    <xsl:variable name="scope" select="(tt:div-scope(.), .)[1]"/>
    <xsl:variable name="divs" select="$scope//tei:div[tei:head][tt:div-scope(.) is $scope]
        [count(ancestor::tei:div[tt:div-scope(.) is $scope]) lt 2]"/>
    <xsl:if test="$type = 'toc' and exists($divs)">
      <nav class="toc" aria-label="Contents">
        <h2>Contents</h2>
        <ol>
          <xsl:for-each select="$divs[not(ancestor::tei:div intersect $divs)]">
            <xsl:call-template name="tt:toc-entry"><xsl:with-param name="divs" select="$divs"/></xsl:call-template>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tt:toc-entry">
    <xsl:param name="divs" as="element()*"/>
    <xsl:variable name="inner" select="$divs[ancestor::tei:div[1] is current()]"/>
    <li>
      <a href="#{(@xml:id, tt:section-id(.))[1]}"><xsl:value-of select="normalize-space(string-join(tei:head[1]//text()[not(ancestor::tei:note)], ''))"/></a>
      <xsl:if test="exists($inner)">
        <ol>
          <xsl:for-each select="$inner">
            <xsl:call-template name="tt:toc-entry"><xsl:with-param name="divs" select="$divs"/></xsl:call-template>
          </xsl:for-each>
        </ol>
      </xsl:if>
    </li>
  </xsl:template>

  <!--
    inline(label): <span>.  A mention (a name pointing to an entry of a list in
    the document) links to its index entry; one pointing out of the document, to
    where the corpus site resolved it (html/site.xsl).
  -->
  <xsl:template name="tt:b-inline">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="entity" select="tt:pm-entities(.)[1]"/>
    <xsl:variable name="site-link" select="if ($entity) then () else tt:site-link(@ref)"/>
    <xsl:variable name="label" select="tt:param($params, 'label', ())"/>
    <xsl:if test="tt:is-field(.) or tt:note-touches(.)">
      <xsl:text> </xsl:text>
    </xsl:if>
    <xsl:element name="{if ($entity or exists($site-link)) then 'a' else 'span'}">
      <xsl:sequence select="$attrs"/>
      <xsl:if test="$entity">
        <xsl:attribute name="href" select="'#' || tt:index-anchor($entity/@xml:id)"/>
        <xsl:attribute name="class" select="$attrs[name() = 'class'] || ' name'"/>
      </xsl:if>
      <xsl:if test="exists($site-link)">
        <xsl:attribute name="href" select="$site-link[1]"/>
        <xsl:attribute name="class" select="$attrs[name() = 'class'] || ' name'"/>
        <xsl:if test="$site-link[2] != ''"><xsl:attribute name="title" select="$site-link[2]"/></xsl:if>
      </xsl:if>
      <xsl:if test="exists($label)">
        <span class="label"><xsl:value-of select="string-join($label ! string(.))"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
    </xsl:element>
  </xsl:template>

  <!-- link(uri): <a href> (uri: @target, its first pointer); its content, else the uri. -->
  <xsl:template name="tt:b-link">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="uri" select="normalize-space(string((tt:param($params, 'uri', ()), tt:param($params, 'link', ()), @target, @url)[1]))"/>
    <xsl:variable name="first" select="tokenize($uri, ' ')[1]"/>
    <!-- a pointer to a person, place or organisation listed outside the text leads to its
         index entry; one the corpus site resolved (letter-002.xml#p3), to its page -->
    <xsl:variable name="entity" select="if (starts-with($first, '#')) then key('tt:pm-entity', substring($first, 2), root(.))[not(ancestor::tei:text)][1] else ()"/>
    <xsl:variable name="href" select="if ($entity) then '#' || tt:index-anchor($entity/@xml:id)
                                      else (tt:site-link(@target)[1], $first)[1]"/>
    <a>
      <xsl:sequence select="$attrs"/>
      <xsl:if test="$href != ''"><xsl:attribute name="href" select="$href"/></xsl:if>
      <xsl:variable name="content" select="tt:content($params, .)"/>
      <xsl:choose>
        <xsl:when test="exists($content[not(. instance of text()) or normalize-space(.) != ''])">
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="$content"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="$href"/></xsl:otherwise>
      </xsl:choose>
    </a>
  </xsl:template>

  <!--
    list(type): <ul>, or <ol> when type (default: @type / @rend) says ordered or
    numbered.  What the items are not (a head, labels) stays outside the list.
  -->
  <xsl:template name="tt:b-list">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="type" select="string((tt:param($params, 'type', ()), @type, @rend)[1])"/>
    <xsl:variable name="ordered" select="matches($type, 'ordered|numbered|decimal|roman|alpha', 'i')
                                         and not(matches($type, 'unordered', 'i'))"/>
    <xsl:variable name="items" as="node()*">
      <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
    </xsl:variable>
    <div>
      <xsl:sequence select="$attrs"/>
      <xsl:for-each-group select="$items[not(self::text()[normalize-space(.) = ''])]" group-adjacent="boolean(self::li)">
        <xsl:choose>
          <xsl:when test="current-grouping-key()">
            <xsl:element name="{if ($ordered) then 'ol' else 'ul'}"><xsl:sequence select="current-group()"/></xsl:element>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="current-group()"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </div>
  </xsl:template>

  <!--
    note(place, label): place (default @place) 'inline' or 'margin' shows the
    note where it is; anything else makes a numbered footnote with a back-link
    (html/repair.xsl numbers them and lists them after the text).
  -->
  <xsl:template name="tt:b-note">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="place" select="string(tt:param($params, 'place', @place)[1])"/>
    <xsl:variable name="label" select="normalize-space(string-join(tt:param($params, 'label', @n) ! string(.)))"/>
    <xsl:choose>
      <xsl:when test="$place = $tt:notes-in-place">
        <xsl:if test="tt:note-touches(.)"><xsl:text> </xsl:text></xsl:if>
        <span>
          <xsl:sequence select="$attrs"/>
          <xsl:attribute name="class" select="$attrs[name() = 'class'] || ' note-' || (if ($place = 'inline') then 'inline' else 'margin')"/>
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <tt:footnote label="{$label}">
          <xsl:sequence select="$attrs[name() = 'class']"/>
          <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        </tt:footnote>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- table: <table>; what is not a row (a head) becomes its caption. -->
  <xsl:template name="tt:b-table">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="parts" as="node()*">
      <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
    </xsl:variable>
    <xsl:variable name="other" select="$parts[not(self::tr)][not(self::text()[normalize-space(.) = ''])]"/>
    <table>
      <xsl:sequence select="$attrs"/>
      <xsl:if test="exists($other)"><caption><xsl:sequence select="$other"/></caption></xsl:if>
      <xsl:if test="exists($parts[self::tr])"><tbody><xsl:sequence select="$parts[self::tr]"/></tbody></xsl:if>
    </table>
  </xsl:template>

  <!--
    webcomponent(name, …) (TEI Publisher): the custom element `name` (pb-highlight,
    pb-geolocation …) with every other parameter as an attribute (true: the attribute
    alone, false: none) around the content, which shows as it is when no script defines
    the element; a name that is no custom element's (no hyphen) becomes a span.
  -->
  <xsl:template name="tt:b-webcomponent">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="attrs" as="attribute()*"/>
    <xsl:variable name="name" select="normalize-space(string(tt:param($params, 'name', '')[1]))"/>
    <xsl:variable name="custom" select="matches($name, '^[a-z][a-z0-9._]*-[a-z0-9._-]*$')"/>
    <xsl:element name="{if ($custom) then $name else 'span'}">
      <xsl:sequence select="$attrs"/>
      <xsl:if test="not($custom) and $name != ''"><xsl:attribute name="data-component" select="$name"/></xsl:if>
      <xsl:for-each select="sort(map:keys($params))[not(. = ('name', 'content', 'class', 'id'))][. castable as xs:NCName]">
        <xsl:variable name="value" select="map:get($params, .)"/>
        <xsl:choose>
          <xsl:when test="$value instance of xs:boolean"><xsl:if test="$value"><xsl:attribute name="{.}" select="."/></xsl:if></xsl:when>
          <xsl:otherwise><xsl:attribute name="{.}" select="normalize-space(string-join($value ! string(.), ' '))"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:call-template name="tt:process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
    </xsl:element>
  </xsl:template>

  <!-- ===================================================== fallback -->

  <!-- Elements without a model (and not block-level, see the generated module): inline. -->
  <xsl:template match="*" mode="html" priority="-1">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'inline'"/></xsl:call-template>
  </xsl:template>

  <!-- Without a model of their own: TEI is a document, teiHeader and standOff are
       shown by the header block and the indexes. -->
  <xsl:template match="tei:TEI" mode="html" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'document'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile" mode="html" priority="-0.75"/>

  <!-- A transcription of the source (sourceDoc): its surfaces and zones are blocks,
       each written line a line of its own. -->
  <xsl:template match="tei:sourceDoc | tei:surfaceGrp | tei:surface | tei:zone | tei:line" mode="html" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'block'"/></xsl:call-template>
  </xsl:template>

  <!-- A caesura divides a verse line: a space between its halves. -->
  <xsl:template match="tei:caesura" mode="html" priority="-0.75">
    <xsl:text> </xsl:text>
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'inline'"/></xsl:call-template>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- An utterance: who speaks (u/@who, named from the list of participants) stands
       apart from what is said, as a speaker from a speech. -->
  <xsl:template match="tei:u" mode="html" priority="-0.75">
    <div>
      <xsl:call-template name="tt:attributes">
        <xsl:with-param name="class" select="()"/>
        <xsl:with-param name="source-rendition" select="false()"/>
      </xsl:call-template>
      <xsl:if test="normalize-space(@who) != ''">
        <div class="u-who"><xsl:value-of select="tt:who-label(.)"/></div>
      </xsl:if>
      <xsl:call-template name="tt:process"><xsl:with-param name="items" select="node()"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- A reading of the apparatus beside its lemma: set apart in brackets, with its
       witnesses' sigla (an empty reading is an omission, "om."). -->
  <xsl:template match="tei:app/tei:rdg | tei:app/tei:rdgGrp/tei:rdg" mode="html" priority="-0.75">
    <xsl:text> </xsl:text>
    <span>
      <xsl:call-template name="tt:attributes">
        <xsl:with-param name="class" select="()"/>
        <xsl:with-param name="source-rendition" select="false()"/>
      </xsl:call-template>
      <xsl:variable name="sigla" select="tt:witness-label(.)"/>
      <xsl:if test="$sigla != ''"><span class="rdg-wit"><xsl:value-of select="$sigla"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:choose>
        <xsl:when test="normalize-space(.) = '' and empty(*)"><span class="rdg-om">om.</span></xsl:when>
        <xsl:otherwise><xsl:apply-templates select="node()" mode="html"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>
  <xsl:template match="tei:ptr" mode="html" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'link'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:text" mode="html" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'body'"/></xsl:call-template>
  </xsl:template>

  <!-- Text; the white space beside a break inside a word (lb / pb / cb break="no") goes. -->
  <xsl:template match="text()" mode="html">
    <xsl:variable name="joins-before" select="exists(preceding-sibling::node()[1][self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no'])"/>
    <xsl:variable name="joins-after" select="exists(following-sibling::node()[1][self::tei:lb or self::tei:pb or self::tei:cb][@break = 'no'])"/>
    <xsl:variable name="start" select="if ($joins-before) then replace(., '^\s+', '') else string(.)"/>
    <xsl:value-of select="if ($joins-after) then replace($start, '\s+$', '') else $start"/>
  </xsl:template>
  <xsl:template match="comment() | processing-instruction()" mode="html"/>

</xsl:stylesheet>
