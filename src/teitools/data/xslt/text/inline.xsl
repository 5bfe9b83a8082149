<?xml version="1.0" encoding="UTF-8"?>
<!--
  text/inline.xsl — the running text of a block as the text edition prints it:
  the reading (common/reading.xsl, mode tt:reading: corrections applied,
  deletions left out, words broken across a break joined), with page breaks,
  line ends (address lines, list items, verse lines, table rows) left as the
  placeholders that text/layout.xsl resolves, and notes printed where they stand
  (editorial notes left out).  Only the layout differs from the reading the
  exports carry: the words are the same (tests/test_readings.py).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:import href="../common/reading.xsl"/>

  <!-- The running text of a node's content, as one string. -->
  <xsl:function name="tt:running-text" as="xs:string">
    <xsl:param name="node" as="node()*"/>
    <xsl:variable name="pieces" as="xs:string*">
      <xsl:apply-templates select="$node" mode="tt:reading"/>
    </xsl:variable>
    <xsl:sequence select="tt:join-words(string-join($pieces))"/>
  </xsl:function>

  <!-- A page break: a placeholder ("[p. N]" with page markers); inside a word, the word stays whole. -->
  <xsl:template match="tei:pb" mode="tt:reading" as="xs:string">
    <xsl:variable name="join" select="if (tt:breaks-word(.)) then $tt:join else ''"/>
    <xsl:sequence select="$join || (if (tt:breaks-word(.)) then $tt:pb-open-in-word else $tt:pb-open)
                          || normalize-space(@n) || $tt:pb-close || $join"/>
  </xsl:template>

  <!-- Lines of their own inside a block. -->
  <xsl:template match="tei:addrLine | tei:item | tei:l | tei:row" mode="tt:reading" as="xs:string*">
    <xsl:next-match/>
    <xsl:sequence select="$tt:line-break"/>
  </xsl:template>

  <!-- Notes are printed where they stand; editorial notes are not part of the text. -->
  <xsl:template match="tei:note" mode="tt:reading" as="xs:string*">
    <xsl:apply-templates mode="tt:reading"/>
  </xsl:template>
  <xsl:template match="tei:note[@type = 'editorial']" mode="tt:reading"/>

</xsl:stylesheet>
