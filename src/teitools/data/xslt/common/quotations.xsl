<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/quotations.xsl — who says what: said/@who points to a speaker in
  teiHeader/profileDesc/particDesc, quote/@source to a bibl in the standoff
  list of written sources.  Speakers are numbered in the order of particDesc
  (then of first appearance), and the number gives each one its colour.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!--
    Param snippet-words: how many words of a quotation the Voices index shows
    before an ellipsis (a positive integer).
  -->
  <xsl:param name="snippet-words" as="xs:integer" select="12"/>

  <!-- The quotations of the text, by the speaker or source they point to. -->
  <xsl:key name="tt:said-by" match="tei:said[ancestor::tei:text]" use="tt:ref-ids(@who)"/>
  <xsl:key name="tt:quoted-from" match="tei:quote[ancestor::tei:text]" use="tt:ref-ids(@source)"/>

  <!-- The speakers, in particDesc order, then any other said/@who target in text order. -->
  <xsl:variable name="tt:speakers" as="element()*" select="
      let $listed := /tei:TEI/tei:teiHeader//tei:particDesc//(tei:person | tei:personGrp)[exists(key('tt:said-by', @xml:id))],
          $other := /tei:TEI/tei:text//tei:said/@who ! tt:resolve(.)
      return ($listed, ($other except $listed))"/>
  <xsl:variable name="tt:speaker-numbers" as="map(xs:string, xs:integer)"
      select="map:merge(for $i in 1 to count($tt:speakers) return map:entry(generate-id($tt:speakers[$i]), $i))"/>

  <!-- The written sources quoted, in the order of the standoff list. -->
  <xsl:variable name="tt:sources" as="element()*"
      select="/tei:TEI/tei:text//tei:div[@type = 'standoff']//(tei:bibl | tei:biblStruct)[exists(key('tt:quoted-from', @xml:id))]"/>

  <!-- Sayings, slogans and other quotations with neither speaker nor source. -->
  <xsl:variable name="tt:sayings" as="element()*"
      select="/tei:TEI/tei:text//tei:quote[not(@source)][not(ancestor::tei:div[@type = 'standoff'])]"/>

  <!-- The speaker of a said, resolved (empty if @who points nowhere). -->
  <xsl:function name="tt:speaker" as="element()?">
    <xsl:param name="said" as="element(tei:said)"/>
    <xsl:sequence select="tt:resolve($said/@who)"/>
  </xsl:function>

  <!-- 1-based number of a speaker (0 if unknown); drives the speaker's colour. -->
  <xsl:function name="tt:speaker-number" as="xs:integer">
    <xsl:param name="speaker" as="element()?"/>
    <xsl:sequence select="if ($speaker) then (map:get($tt:speaker-numbers, generate-id($speaker)), 0)[1] else 0"/>
  </xsl:function>

  <!-- The label shown with a quotation: the speaker's name, else the raw @who. -->
  <xsl:function name="tt:speaker-label" as="xs:string">
    <xsl:param name="said" as="element(tei:said)"/>
    <xsl:variable name="speaker" select="tt:speaker($said)"/>
    <xsl:sequence select="if ($speaker) then tt:entity-name($speaker)
                          else if ($said/@who) then normalize-space($said/@who) else 'unattributed'"/>
  </xsl:function>

  <!-- The anchor of a quotation: its xml:id, else q-N in document order. -->
  <xsl:function name="tt:quotation-id" as="xs:string">
    <xsl:param name="q" as="element()"/>
    <xsl:sequence select="if ($q/@xml:id) then string($q/@xml:id)
                          else 'q-' || count($q/preceding::*[self::tei:said or self::tei:quote]
                                              | $q/ancestor::*[self::tei:said or self::tei:quote]) + 1"/>
  </xsl:function>

  <!-- The anchor of a speaker in the Voices index, and of a written source. -->
  <xsl:function name="tt:voice-id" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="'voice-' || ($entity/@xml:id, generate-id($entity))[1]"/>
  </xsl:function>

  <!-- The first $snippet-words words of a string, with an ellipsis if cut. -->
  <xsl:function name="tt:snippet" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="words" select="tokenize(normalize-space($text), ' ')"/>
    <xsl:sequence select="if (count($words) le $snippet-words) then string-join($words, ' ')
                          else string-join(subsequence($words, 1, $snippet-words), ' ') || ' …'"/>
  </xsl:function>

</xsl:stylesheet>
