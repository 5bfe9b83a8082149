<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/pm.xsl — the plain-text behaviour library of the processing model: what
  teitools imports before the module it generates from an ODD's models
  (schema/NAME.text.xsl, or the default tei_simplePrint).

  UTF-8 text: a title block, then front, body and back (each after a rule of
  "_") as the models render them, laid out in blocks separated by blank lines
  and wrapped at $width (verse lines, list items and table rows one per line),
  then the notes ("[1] …") after a last rule.  A teiCorpus gives each TEI
  member in turn.  Deterministic: the same input gives the same bytes.

  Parameters (all optional; text/layout.xsl):
    width          as xs:integer  wrap column; 0 = one line per block (default 72)
    page-markers   as xs:boolean  "[p. N]" where printed pages begin (default false)
    edition-url    as xs:string   unused by the library; a project module may use it (the article's cite line)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/rendition.xsl"/>
  <xsl:import href="layout.xsl"/>
  <xsl:import href="behaviours.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Param edition-url: unused here (the article's stylesheets cite it). -->
  <xsl:param name="edition-url" as="xs:string" select="''"/>

  <!-- Blocks that sit on consecutive lines rather than after a blank line. -->
  <xsl:variable name="tt:tight" as="xs:string*" select="('l', 'addrLine', 'item', 'castItem', 'row', 'bibl', 'label', 'role', 'roleDesc', 'speaker')"/>

  <xsl:template match="/">
    <xsl:variable name="root" select="(tei:TEI, tei:teiCorpus)[1]"/>
    <xsl:if test="empty($root)">
      <xsl:message terminate="yes">teitools: not a TEI document: the root element is <xsl:value-of select="name(*)"/>, expected TEI or teiCorpus in the TEI namespace</xsl:message>
    </xsl:if>
    <xsl:variable name="docs" as="element()*">
      <xsl:apply-templates select="$root" mode="tt:text-doc"/>
    </xsl:variable>
    <xsl:value-of select="string-join($docs ! string(.), $tt:nl || $tt:nl) || $tt:nl"/>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="tt:text-doc">
    <tt:doc><xsl:value-of select="tt:title-block(.)"/></tt:doc>
    <xsl:apply-templates select="tei:TEI | tei:teiCorpus" mode="tt:text-doc"/>
  </xsl:template>

  <!-- One TEI document: title block, the parts of its text, its notes. -->
  <xsl:template match="tei:TEI" mode="tt:text-doc">
    <xsl:variable name="text" select="tei:text"/>
    <!-- the manuscripts the header describes (a copy out of the header, as html/apparatus.xsl),
         the parts of the text, the transcription of the source -->
    <xsl:variable name="described">
      <xsl:copy-of select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc"/>
    </xsl:variable>
    <xsl:variable name="tree">
      <xsl:variable name="text-parts" select="if ($text/(tei:front | tei:body | tei:back | tei:group))
                                              then $text/(tei:front | tei:body | tei:back | tei:group) else $text"/>
      <xsl:for-each select="$described/tei:msDesc, $text-parts | tei:sourceDoc">
        <tt:part><xsl:apply-templates select="." mode="text"/></tt:part>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="parts" select="$tree/tt:part ! tt:fmt(.)"/>
    <xsl:variable name="notes" as="xs:string*">
      <xsl:for-each select="$tree//tt:fn">
        <xsl:variable name="n" select="tt:fn-number(.)"/>
        <xsl:variable name="body" select="tt:fmt(.)"/>
        <xsl:sequence select="if (contains($body, $tt:nl) or $body = '') then '[' || $n || '] ' || $body
                              else tt:format-block('[' || $n || '] ' || tt:inline-text(node()), '')"/>
      </xsl:for-each>
    </xsl:variable>
    <tt:doc>
      <xsl:value-of select="string-join((tt:title-block(.),
          $parts[. != ''] ! ($tt:rule || $tt:nl || $tt:nl || .),
          if (exists($notes)) then $tt:rule || $tt:nl || $tt:nl || tt:format-heading('Notes', '-')
                                   || $tt:nl || $tt:nl || string-join($notes, $tt:nl) else ()), $tt:nl || $tt:nl)"/>
    </tt:doc>
  </xsl:template>

  <xsl:function name="tt:title-block" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="stmt" select="$doc/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="authors" select="$stmt/tei:author ! normalize-space(.)[. != '']"/>
    <xsl:variable name="title" select="normalize-space(string-join(($stmt/tei:title[@type = 'main'], $stmt/tei:title)[1]//text()[not(ancestor::tei:note)]))"/>
    <xsl:sequence select="string-join((tt:format-heading(if ($title != '') then $title else 'Untitled TEI document', '='),
        $stmt/tei:title[@type = 'sub'] ! tt:format-block(normalize-space(.), ''),
        if (exists($authors)) then tt:format-block('by ' || string-join($authors, '; '), '') else ()), $tt:nl || $tt:nl)"/>
  </xsl:function>

  <xsl:function name="tt:fn-number" as="xs:integer">
    <xsl:param name="fn" as="element(tt:fn)"/>
    <xsl:sequence select="count($fn/preceding::tt:fn) + count($fn/ancestor::tt:fn) + 1"/>
  </xsl:function>

  <!-- The running text of inline nodes: placeholders for breaks, [N] for notes. -->
  <xsl:function name="tt:inline-text" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="string-join(for $n in $nodes return
        if ($n instance of text()) then string($n)
        else if ($n/self::tt:nl) then $tt:line-break
        else if ($n/self::tt:pb) then (if ($n/@in-word = 'true') then $tt:pb-open-in-word else $tt:pb-open) || $n/@n || $tt:pb-close
        else if ($n/self::tt:fn) then '[' || tt:fn-number($n) || ']'
        else if ($n/self::tt:b) then ' ' || tt:inline-text($n/node()) || ' '
        else tt:inline-text($n/node()))"/>
  </xsl:function>

  <!-- A block of the intermediate tree as lines. -->
  <xsl:function name="tt:fmt" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:variable name="kind" select="string($b/@kind)"/>
    <xsl:choose>
      <xsl:when test="$kind = 'row'">
        <xsl:sequence select="tt:format-block(string-join(for $c in $b/node()[not(self::text()[normalize-space(.) = ''])]
                              return normalize-space(tt:inline-text($c)), ' | '), '')"/>
      </xsl:when>
      <xsl:when test="empty($b/tt:b)">
        <xsl:variable name="text" select="tt:inline-text($b/node())"/>
        <xsl:sequence select="if ($kind = 'heading') then tt:format-heading($text, if ($b/@level = '0') then '=' else '-')
                              else tt:format-block($text, tt:prefix($b))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="pieces" as="element(tt:piece)*">
          <xsl:for-each-group select="$b/node()" group-adjacent="boolean(self::tt:b)">
            <xsl:choose>
              <xsl:when test="current-grouping-key()">
                <xsl:for-each select="current-group()">
                  <tt:piece tight="{@src = $tt:tight or @kind = ('item', 'row')}"><xsl:value-of select="tt:fmt(.)"/></tt:piece>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>
                <xsl:variable name="text" select="tt:inline-text(current-group())"/>
                <tt:piece tight="false"><xsl:value-of select="tt:format-block($text, '')"/></tt:piece>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each-group>
        </xsl:variable>
        <xsl:variable name="kept" select="$pieces[. != '']"/>
        <xsl:variable name="joined" select="string-join(for $i in 1 to count($kept) return
            (if ($i = 1) then '' else if ($kind = ('list', 'table') or ($kept[$i]/@tight = 'true' and $kept[$i - 1]/@tight = 'true'))
             then $tt:nl else $tt:nl || $tt:nl) || $kept[$i])"/>
        <xsl:variable name="prefix" select="tt:prefix($b)"/>
        <xsl:variable name="lines" select="tokenize($joined, $tt:nl)"/>
        <xsl:sequence select="if ($prefix = '') then $joined
            else string-join(for $i in 1 to count($lines) return
                 if ($lines[$i] = '') then '' else (if ($i = 1) then $prefix else string-join((1 to string-length($prefix)) ! ' ')) || $lines[$i], $tt:nl)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- "* " for a list item, "N. " in an ordered list. -->
  <xsl:function name="tt:prefix" as="xs:string">
    <xsl:param name="b" as="element()"/>
    <xsl:sequence select="if (string($b/@kind) != 'item') then ''
        else if ($b/parent::tt:b[@ordered = 'yes']) then count($b/preceding-sibling::tt:b[@kind = 'item']) + 1 || '. '
        else '* '"/>
  </xsl:function>

</xsl:stylesheet>
