<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/reading.xsl — THE READING: the text a reader of the edition reads.
  teitools' one definition of it: the plain-text editions (text/behaviours.xsl,
  whatever a processing model says) and every export (export-reading.xsl, run by
  teitools/export/reading.py: text units, mentions, quotations, headings, header
  fields, DTS, OAI) apply this mode.
  docs/export.md ("The reading") repeats the rules for users:

  1. choice: the edited reading wins (tt:reading): corr over sic, reg over orig,
     expan over abbr (the first present of corr, reg, expan; else the first
     child); the other children are left out.
  2. del is left out, add kept (subst's add too); sic, abbr, orig, corr,
     supplied, unclear outside a choice are kept as they stand.
  3. note, fw (running heads, folios) and figDesc are left out of the running
     text (an edition may print notes apart: it overrides tei:note); gap has no text.
  4. pb, lb, cb, milestone separate words, unless break="no": then the word
     broken across them is joined (the white space on both sides goes).
  5. Blocks (paragraphs, verse lines, list items and labels, table cells,
     headings, the quotation and reference of a cit …) are separated from their neighbours by a space, so that
     <l>A line</l><l>Another</l> reads "A line Another".
  6. White space is collapsed to single spaces and trimmed (tt:reading-of);
     comments and processing instructions have no text.

  Mode tt:reading yields strings: the text, with $tt:join where a word is
  broken across a break (rule 4; tt:join-words resolves it).  Content left out
  (rules 1-3) goes to mode tt:reading-left-out, which yields nothing here: the
  exports override it to keep page breaks and the notes' own reading.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- Where a word is broken across a break (rule 4): a private-use character that
       never occurs in TEI text and never reaches an output. -->
  <xsl:variable name="tt:join" as="xs:string" select="'&#xE006;'"/>

  <!-- Rule 1: the reading of a choice: corr, else reg, else expan, else the first child. -->
  <xsl:function name="tt:reading" as="element()?">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="($choice/tei:corr, $choice/tei:reg, $choice/tei:expan, $choice/*)[1]"/>
  </xsl:function>

  <!-- Rule 5: the blocks, separated from their neighbours by a space (tt:spaced). -->
  <xsl:variable name="tt:blocks" static="yes" as="xs:string*" select="('p', 'ab', 'l', 'lg',
      'head', 'list', 'item', 'label', 'table', 'row', 'cell', 'addrLine', 'address', 'figure',
      'div', 'sp', 'speaker', 'stage', 'opener', 'closer', 'salute', 'signed', 'dateline',
      'postscript', 'trailer', 'byline', 'docTitle', 'titlePart', 'docAuthor', 'docDate',
      'docImprint', 'argument', 'epigraph', 'castItem', 'cit/tei:quote', 'cit/tei:q',
      'cit/tei:bibl', 'cit/tei:ref', 'u', 'line', 'zone', 'surface', 'caesura')"/>

  <xsl:function name="tt:spaced" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/self::tei:*[local-name() = $tt:blocks
        or (parent::tei:cit and ('cit/tei:' || local-name()) = $tt:blocks)])"/>
  </xsl:function>

  <!-- Rules 1-3: an element whose text is never part of the reading (notes apart);
       the templates of rules 1-3 below leave out the same elements. -->
  <xsl:function name="tt:unread" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[self::tei:del or self::tei:fw or self::tei:figDesc])
        or (exists($el/parent::tei:choice) and not($el is tt:reading($el/parent::tei:choice)))"/>
  </xsl:function>

  <!-- Rule 4: the words broken across a break joined, the white space beside it gone. -->
  <xsl:function name="tt:join-words" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (contains($text, $tt:join)) then replace($text, '\s*&#xE006;\s*', '') else $text"/>
  </xsl:function>

  <!-- The reading of nodes as one string, white space collapsed (rule 6). -->
  <xsl:function name="tt:reading-of" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="tt:reading"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(tt:join-words(string-join($pieces)))"/>
  </xsl:function>

  <!-- Hooks around every element the reading visits: nothing here; export-reading.xsl
       overrides them to mark where each element's reading begins and ends. -->
  <xsl:function name="tt:begin">
    <xsl:param name="el" as="element()"/>
  </xsl:function>
  <xsl:function name="tt:end">
    <xsl:param name="el" as="element()"/>
  </xsl:function>

  <!-- (The templates and hooks of the mode declare no types: saxonche checks a declared
       type each time, and they run for every node of every document exported.) -->
  <xsl:mode name="tt:reading" on-no-match="shallow-skip"/>
  <xsl:mode name="tt:reading-left-out" on-no-match="shallow-skip"/>

  <xsl:template match="text()" mode="tt:reading">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="tt:reading"/>

  <xsl:template match="*" mode="tt:reading">
    <xsl:sequence select="tt:begin(.)"/>
    <xsl:apply-templates mode="tt:reading"/>
    <xsl:sequence select="tt:end(.)"/>
  </xsl:template>

  <!-- Rule 1: the reading of a choice; its other children are left out -->
  <xsl:template match="tei:choice" mode="tt:reading">
    <xsl:variable name="chosen" select="tt:reading(.)"/>
    <xsl:sequence select="tt:begin(.)"/>
    <!-- element children only: the white space between them is not text -->
    <xsl:for-each select="*">
      <xsl:choose>
        <xsl:when test="not(. is $chosen)">
          <xsl:sequence select="tt:begin(.)"/>
          <xsl:apply-templates select="." mode="tt:reading-left-out"/>
          <xsl:sequence select="tt:end(.)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="." mode="tt:reading"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:sequence select="tt:end(.)"/>
  </xsl:template>

  <!-- Rules 2 and 3 (the same elements as tt:unread, and notes) -->
  <xsl:template match="tei:del | tei:fw | tei:figDesc | tei:note" mode="tt:reading" priority="2">
    <xsl:sequence select="tt:begin(.)"/>
    <xsl:apply-templates select="." mode="tt:reading-left-out"/>
    <xsl:sequence select="tt:end(.)"/>
  </xsl:template>

  <!-- Rule 4 -->
  <xsl:template match="tei:pb | tei:lb | tei:cb | tei:milestone" mode="tt:reading">
    <xsl:sequence select="tt:begin(.), if (@break = 'no') then $tt:join else ' ', tt:end(.)"/>
  </xsl:template>

  <!-- Rule 5 (the pattern is made of $tt:blocks when the stylesheet is compiled) -->
  <xsl:template _match="{string-join($tt:blocks ! ('tei:' || .), ' | ')}" mode="tt:reading" priority="1">
    <xsl:sequence select="tt:begin(.), ' '"/>
    <xsl:apply-templates mode="tt:reading"/>
    <xsl:sequence select="' ', tt:end(.)"/>
  </xsl:template>

</xsl:stylesheet>
