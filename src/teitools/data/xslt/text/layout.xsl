<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/layout.xsl — turning a block's running text into lines: page markers,
  word wrapping at $width, line breaks kept inside a block (address lines).

  The reading (common/reading.xsl) leaves U+E006 where a word is broken across
  a break (tt:join-words joins it); the inline pass (text/inline.xsl) leaves three
  private-use characters in
  the running text, which never occur in TEI text and never reach the output:
    U+E001 n U+E002   a page break before page n
    U+E003 n U+E002   a page break before page n that falls inside a word (pb break="no")
    U+E005            a line break inside the block (an address line ends)
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/reading.xsl"/>

  <!--
    Param width: the column at which lines are wrapped (words are never split;
    a word longer than the line stands alone).  0 puts every paragraph on one line.
  -->
  <xsl:param name="width" as="xs:integer" select="72"/>

  <!-- Param page-markers: true() inserts "[p. N]" where each printed page begins. -->
  <xsl:param name="page-markers" as="xs:boolean" select="false()"/>

  <!-- The length of the rules between title block, front, body and back when $width is 0. -->
  <xsl:variable name="tt:unwrapped-rule-width" as="xs:integer" select="72"/>
  <!-- What continuation lines of a list item or header field are indented by. -->
  <xsl:variable name="tt:hanging-indent" as="xs:string" select="'  '"/>

  <xsl:variable name="tt:pb-open" as="xs:string" select="'&#xE001;'"/>
  <xsl:variable name="tt:pb-open-in-word" as="xs:string" select="'&#xE003;'"/>
  <xsl:variable name="tt:pb-close" as="xs:string" select="'&#xE002;'"/>
  <xsl:variable name="tt:line-break" as="xs:string" select="'&#xE005;'"/>
  <!-- A space that wrapping must not break at (inside "[p. 5]"). -->
  <xsl:variable name="tt:fixed-space" as="xs:string" select="'&#xE004;'"/>
  <xsl:variable name="tt:nl" as="xs:string" select="'&#10;'"/>

  <!-- The rule that separates the parts of the text edition. -->
  <xsl:variable name="tt:rule" as="xs:string"
      select="string-join((1 to (if ($width gt 0) then $width else $tt:unwrapped-rule-width)) ! '_')"/>

  <!--
    Page markers in running text.  A break inside a word moves after the word,
    so that the word stays whole: "how[pb 12]ever," → "however, [p. 12]".
  -->
  <xsl:function name="tt:place-page-markers" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="in-word" select="replace($text,
        '&#xE003;([^&#xE002;]*)&#xE002;([^\s&#xE001;&#xE003;&#xE005;]*)', '$2 &#xE001;$1&#xE002; ')"/>
    <xsl:sequence select="if ($page-markers)
        then replace($in-word, '\s*&#xE001;([^&#xE002;]*)&#xE002;\s*', ' [p.&#xE004;$1] ')
        else replace($in-word, '&#xE001;[^&#xE002;]*&#xE002;', ' ')"/>
  </xsl:function>

  <!-- Greedy word wrap of one line of text at $width (0: no wrapping). -->
  <xsl:function name="tt:wrap" as="xs:string*">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="width" as="xs:integer"/>
    <xsl:variable name="words" select="tokenize(normalize-space($text), ' ')[. != '']"/>
    <xsl:choose>
      <xsl:when test="$width le 0 or empty($words)">
        <xsl:sequence select="string-join($words, ' ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:iterate select="$words">
          <xsl:param name="line" as="xs:string" select="''"/>
          <xsl:on-completion>
            <xsl:sequence select="$line[. != '']"/>
          </xsl:on-completion>
          <xsl:variable name="longer" select="if ($line = '') then . else $line || ' ' || ."/>
          <xsl:choose>
            <xsl:when test="$line = '' or string-length($longer) le $width">
              <xsl:next-iteration><xsl:with-param name="line" select="$longer"/></xsl:next-iteration>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="$line"/>
              <xsl:next-iteration><xsl:with-param name="line" select="string(.)"/></xsl:next-iteration>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:iterate>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!--
    A block of running text as lines: markers placed, each line-break-separated
    piece wrapped, the first line prefixed (e.g. "* " for a list item) and the
    following lines indented by as many spaces.  Returns "" for an empty block.
  -->
  <xsl:function name="tt:format-block" as="xs:string">
    <xsl:param name="raw" as="xs:string"/>
    <xsl:param name="prefix" as="xs:string"/>
    <xsl:variable name="text" select="tt:place-page-markers(tt:join-words($raw))"/>
    <xsl:variable name="pieces" select="if ($width gt 0) then tokenize($text, $tt:line-break)
                                        else translate($text, $tt:line-break, ' ')"/>
    <xsl:variable name="indent" select="string-join((1 to string-length($prefix)) ! ' ')"/>
    <xsl:variable name="lines" as="xs:string*" select="for $piece in $pieces return
        tt:wrap($piece, if ($width gt 0) then max((1, $width - string-length($prefix))) else 0)"/>
    <xsl:sequence select="if (empty($lines[. != ''])) then ''
        else translate(string-join(($prefix || $lines[. != ''][1], $lines[. != ''][position() gt 1] ! ($indent || .)), $tt:nl),
                       $tt:fixed-space, ' ')"/>
  </xsl:function>

  <!-- A heading: its text, underlined with $char as long as the longest line. -->
  <xsl:function name="tt:format-heading" as="xs:string">
    <xsl:param name="raw" as="xs:string"/>
    <xsl:param name="char" as="xs:string"/>
    <xsl:variable name="text" select="tt:format-block($raw, '')"/>
    <xsl:variable name="length" select="max((tokenize($text, $tt:nl) ! string-length(.), 0))"/>
    <xsl:sequence select="if ($text = '') then ''
                          else $text || $tt:nl || string-join((1 to $length) ! $char)"/>
  </xsl:function>

</xsl:stylesheet>
