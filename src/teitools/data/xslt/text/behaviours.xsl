<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/behaviours.xsl — the behaviours of the TEI Processing Model as plain
  text, one branch of tt:behaviour each (mode "text").

  The behaviours build a small intermediate tree that text/pm.xsl lays out:
    <tt:b kind="…">   a block (paragraph, heading, list item, row …)
    text              running text
    <tt:nl/>          a line break inside a block (break type line)
    <tt:pb n="…"/>    a page break (break type page): "[p. N]" with page-markers
    <tt:fn>…</tt:fn>  a footnote: "[N]" in the text, the note after the text
  Parameters are those of html/behaviours.xsl; outputRendition's before/after
  "content:" strings are printed around the content (a plain text has no CSS).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- The words are the reading's (common/reading.xsl), whatever the models say: an
       element the reading leaves out (a del, a choice's sic) prints nothing, words broken
       across a break are joined.  The models decide the layout, and where notes go. -->
  <xsl:import href="../common/reading.xsl"/>

  <!-- Block behaviours and the kind of block each one makes. -->
  <xsl:variable name="tt:text-blocks" as="map(xs:string, xs:string)" select="map {
      'block': 'block', 'body': 'block', 'cit': 'block', 'document': 'block', 'figure': 'block',
      'heading': 'heading', 'list': 'list', 'listItem': 'item', 'metadata': 'block',
      'paragraph': 'block', 'row': 'row', 'section': 'block', 'table': 'table', 'title': 'heading' }"/>

  <xsl:template name="tt:behaviour">
    <xsl:param name="behaviour" as="xs:string"/>
    <xsl:param name="params" as="map(*)" select="map {}"/>
    <xsl:param name="class" as="xs:string*" select="()"/>
    <xsl:param name="rendition" as="xs:string?" select="()"/>
    <xsl:param name="source-rendition" as="xs:boolean" select="false()"/>
    <xsl:param name="before" as="xs:string?" select="()"/>
    <xsl:param name="after" as="xs:string?" select="()"/>
    <xsl:choose>
      <xsl:when test="$behaviour = 'omit' or (. instance of element() and tt:unread(.))"/>
      <xsl:when test="$behaviour = 'anchor'"/>
      <xsl:when test="$behaviour = 'index'"/>
      <xsl:when test="$behaviour = 'break'">
        <xsl:variable name="type" select="string((tt:param($params, 'type', ()),
            if (self::tei:pb) then 'page' else if (self::tei:cb) then 'column' else 'line')[1])"/>
        <xsl:choose>
          <xsl:when test="$type = 'page'">
            <xsl:variable name="join" select="if (@break = 'no') then tt:read-here(.) else ''"/>
            <xsl:value-of select="$join"/>
            <tt:pb n="{normalize-space(string-join(tt:param($params, 'label', @n) ! string(.)))}" in-word="{@break = 'no'}"/>
            <xsl:value-of select="$join"/>
          </xsl:when>
          <xsl:when test="$type = 'line' and not(@break = 'no')"><tt:nl/></xsl:when>
          <xsl:otherwise><xsl:value-of select="tt:read-here(.)"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$behaviour = 'note' and string(tt:param($params, 'place', @place)[1]) = $tt:notes-in-place">
        <xsl:text> [</xsl:text>
        <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        <xsl:text>] </xsl:text>
      </xsl:when>
      <xsl:when test="$behaviour = 'note'">
        <tt:fn>
          <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        </tt:fn>
      </xsl:when>
      <xsl:when test="$behaviour = 'alternate'">
        <xsl:value-of select="$before"/>
        <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:param($params, 'default', node())"/></xsl:call-template>
        <xsl:value-of select="$after"/>
      </xsl:when>
      <xsl:when test="$behaviour = 'graphic'">
        <xsl:variable name="title" select="normalize-space(string-join(tt:param($params, 'title', tei:desc) ! string(.), ' '))"/>
        <xsl:value-of select="'[graphic' || (if ($title != '') then ': ' || $title else '') || ']'"/>
      </xsl:when>
      <xsl:when test="$behaviour = 'glyph'">
        <xsl:variable name="uri" select="string(tt:param($params, 'uri', @ref)[1])"/>
        <xsl:variable name="char" select="if (starts-with($uri, '#'))
            then (root(.)//tei:charDecl/(tei:char | tei:glyph)[@xml:id = substring($uri, 2)])[1] else ()"/>
        <xsl:choose>
          <xsl:when test="normalize-space(.) != ''">
            <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
          </xsl:when>
          <xsl:when test="$char"><xsl:value-of select="($char/tei:mapping[@type = 'standard'], $char/tei:mapping, $char/(tei:charName, tei:glyphName))[1]"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="'[' || $uri || ']'"/></xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="$behaviour = 'link'">
        <xsl:variable name="content" select="tt:content($params, .)"/>
        <xsl:variable name="uri" select="normalize-space(string((tt:param($params, 'uri', ()), tt:param($params, 'link', ()), @target)[1]))"/>
        <xsl:value-of select="$before"/>
        <xsl:choose>
          <xsl:when test="exists($content[not(. instance of text()) or normalize-space(.) != ''])">
            <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="$content"/></xsl:call-template>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="$uri"/></xsl:otherwise>
        </xsl:choose>
        <xsl:value-of select="$after"/>
      </xsl:when>
      <xsl:when test="$behaviour = ('pass-through', 'webcomponent')">
        <!-- TEI Publisher's: the content (a web component's attributes are for the web) -->
        <xsl:value-of select="$before"/>
        <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        <xsl:value-of select="$after"/>
      </xsl:when>
      <xsl:when test="$behaviour = 'cell'">
        <xsl:text> </xsl:text>
        <tt:cell>
          <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        </tt:cell>
        <xsl:text> </xsl:text>
      </xsl:when>
      <xsl:when test="map:contains($tt:text-blocks, $behaviour)">
        <tt:b kind="{map:get($tt:text-blocks, $behaviour)}" src="{local-name()}">
          <xsl:if test="$behaviour = 'heading'">
            <xsl:attribute name="level" select="(tt:param($params, 'level', count(ancestor::tei:div)))[1]"/>
          </xsl:if>
          <xsl:if test="$behaviour = 'list' and matches(string((tt:param($params, 'type', ()), @type, @rend)[1]), 'ordered|numbered', 'i')">
            <xsl:attribute name="ordered" select="'yes'"/>
          </xsl:if>
          <xsl:value-of select="$before"/>
          <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
          <xsl:value-of select="$after"/>
        </tt:b>
      </xsl:when>
      <xsl:otherwise>
        <!-- inline, text, note (inline); a deletion is not part of the reading (tt:unread,
             above), an addition is read as it stands; a block of the reading set inline
             (a table cell, a verse line in a paragraph) keeps its words apart -->
        <xsl:variable name="spaced" select="if (. instance of element() and (tt:spaced(.) or tt:is-field(.))) then ' ' else ()"/>
        <xsl:value-of select="$spaced"/>
        <xsl:value-of select="$before"/>
        <xsl:if test="$behaviour = 'inline' and exists(tt:param($params, 'label', ()))">
          <xsl:value-of select="string-join(tt:param($params, 'label', ()) ! string(.)) || ' '"/>
        </xsl:if>
        <xsl:call-template name="tt:text-process"><xsl:with-param name="items" select="tt:content($params, .)"/></xsl:call-template>
        <xsl:value-of select="$after"/>
        <xsl:value-of select="$spaced"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="tt:text-process">
    <xsl:param name="items" as="item()*"/>
    <xsl:variable name="self" select="."/>
    <xsl:for-each select="$items">
      <xsl:choose>
        <xsl:when test=". instance of node() and . is $self">
          <xsl:apply-templates select="node()" mode="text"/>
        </xsl:when>
        <xsl:when test=". instance of element() or . instance of text()">
          <xsl:apply-templates select="." mode="text"/>
        </xsl:when>
        <xsl:when test=". instance of document-node()"><xsl:apply-templates select="node()" mode="text"/></xsl:when>
        <xsl:when test=". instance of comment() or . instance of processing-instruction()"/>
        <xsl:otherwise><xsl:value-of select="string(.)"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- ===================================================== fallback -->

  <xsl:template match="*" mode="text" priority="-1">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'inline'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:TEI | tei:text" mode="text" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'block'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:teiHeader | tei:standOff | tei:facsimile" mode="text" priority="-0.75"/>
  <!-- A transcription of the source (sourceDoc): surfaces and zones are blocks, each
       written line on a line of its own. -->
  <xsl:template match="tei:sourceDoc | tei:surfaceGrp | tei:surface | tei:zone" mode="text" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'block'"/></xsl:call-template>
  </xsl:template>
  <xsl:template match="tei:line" mode="text" priority="-0.75">
    <tt:b kind="block" src="l"><xsl:apply-templates select="node()" mode="text"/></tt:b>
  </xsl:template>
  <!-- An utterance: who speaks on a line of its own, then what is said. -->
  <xsl:template match="tei:u" mode="text" priority="-0.75">
    <tt:b kind="block" src="u">
      <xsl:if test="normalize-space(@who) != ''">
        <tt:b kind="block" src="speaker"><xsl:value-of select="tt:who-label(.)"/></tt:b>
      </xsl:if>
      <tt:b kind="block" src="speaker"><xsl:apply-templates select="node()" mode="text"/></tt:b>
    </tt:b>
  </xsl:template>
  <!-- What is heard or seen beside the words of a speech (vocal, kinesic, incident):
       its description in parentheses. -->
  <xsl:template match="tei:vocal | tei:kinesic | tei:incident" mode="text" priority="-0.75">
    <xsl:call-template name="tt:behaviour">
      <xsl:with-param name="behaviour" select="'inline'"/>
      <xsl:with-param name="before" select="'('"/>
      <xsl:with-param name="after" select="')'"/>
    </xsl:call-template>
  </xsl:template>
  <!-- A reading of the apparatus beside its lemma, in brackets with its sigla. -->
  <xsl:template match="tei:app/tei:rdg | tei:app/tei:rdgGrp/tei:rdg" mode="text" priority="-0.75">
    <xsl:variable name="sigla" select="tt:witness-label(.)"/>
    <xsl:text> [</xsl:text>
    <xsl:value-of select="$sigla[. != ''] ! (. || ': ')"/>
    <xsl:choose>
      <xsl:when test="normalize-space(.) = '' and empty(*)">om.</xsl:when>
      <xsl:otherwise><xsl:apply-templates select="node()" mode="text"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>] </xsl:text>
  </xsl:template>
  <xsl:template match="tei:ptr" mode="text" priority="-0.75">
    <xsl:call-template name="tt:behaviour"><xsl:with-param name="behaviour" select="'link'"/></xsl:call-template>
  </xsl:template>
  <!-- Text, as the reading has it (the white space beside a break inside a word goes
       when the block is laid out: tt:join-words in text/layout.xsl). -->
  <xsl:template match="text()" mode="text">
    <xsl:value-of select="tt:read-here(.)"/>
  </xsl:template>

  <!-- The reading of a text node or a break, as a text node of the intermediate tree
       (strings side by side would be joined with spaces). -->
  <xsl:function name="tt:read-here" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:apply-templates select="$node" mode="tt:reading"/>
    </xsl:variable>
    <xsl:sequence select="string-join($pieces)"/>
  </xsl:function>
  <xsl:template match="comment() | processing-instruction()" mode="text"/>

</xsl:stylesheet>
