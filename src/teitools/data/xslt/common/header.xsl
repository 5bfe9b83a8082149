<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/header.xsl — what both editions take from the teiHeader.

  The title block is built once here, as a short sequence of neutral
  <tt:seg> elements (style="author|title-a|title-j|title-m|plain|link|code"),
  so that html/ and text/ only decide how a segment looks, never what it says.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!--
    Param edition-url: where this edition is published (an http(s) URL).  When
    given it ends the "cite this edition" line; empty (the default) leaves it out.
  -->
  <xsl:param name="edition-url" as="xs:string" select="''"/>

  <!-- The parts of the header the title block is made of. -->
  <xsl:variable name="tt:header" as="element(tei:teiHeader)?" select="/tei:TEI/tei:teiHeader"/>
  <xsl:variable name="tt:title-stmt" as="element(tei:titleStmt)?" select="$tt:header/tei:fileDesc/tei:titleStmt"/>
  <xsl:variable name="tt:publication" as="element(tei:publicationStmt)?"
      select="$tt:header/tei:fileDesc/tei:publicationStmt"/>
  <!-- The digitization is the biblStruct that carries an Internet Archive (or any URI) identifier. -->
  <xsl:variable name="tt:digital-source" as="element(tei:biblStruct)?"
      select="($tt:header/tei:fileDesc/tei:sourceDesc/tei:biblStruct
               [.//tei:idno[@type = ('IA', 'URI', 'URL')] or @type = 'digitized'])[1]"/>
  <!-- The printed source is the first other biblStruct (or bibl). -->
  <xsl:variable name="tt:print-source" as="element()?"
      select="($tt:header/tei:fileDesc/tei:sourceDesc/(tei:biblStruct | tei:bibl)
               except $tt:digital-source)[1]"/>

  <!-- The document's language (TEI/@xml:lang, else English). -->
  <xsl:variable name="tt:doc-lang" as="xs:string"
      select="(/tei:TEI/@xml:lang, /tei:TEI/tei:text/@xml:lang, 'en')[1]"/>

  <xsl:function name="tt:norm" as="xs:string">
    <xsl:param name="node" as="item()?"/>
    <xsl:sequence select="normalize-space(string($node))"/>
  </xsl:function>

  <!-- The main title: titleStmt/title[@type='main'], else the first title. -->
  <xsl:function name="tt:doc-title" as="xs:string">
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="stmt" select="root($context)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="tt:norm(($stmt/tei:title[@type = 'main'], $stmt/tei:title)[1])"/>
  </xsl:function>

  <!-- The subtitle, if any: titleStmt/title[@type='sub']. -->
  <xsl:function name="tt:doc-subtitle" as="xs:string?">
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="sub" select="root($context)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[@type = 'sub'][1]"/>
    <xsl:sequence select="$sub ! tt:norm(.)"/>
  </xsl:function>

  <!-- The authors of the document, as printed ("Stephen Kotkin"). -->
  <xsl:function name="tt:doc-authors" as="xs:string*">
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="root($context)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:author ! tt:norm(.)"/>
  </xsl:function>

  <!-- "A, B and C" -->
  <xsl:function name="tt:join-names" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (count($names) le 1) then string($names)
                          else string-join($names[position() lt last()], ', ') || ' and ' || $names[last()]"/>
  </xsl:function>

  <!-- An author of a biblStruct as "Forename Surname" (forename/surname if encoded). -->
  <xsl:function name="tt:person-string" as="xs:string">
    <xsl:param name="author" as="element()"/>
    <xsl:sequence select="if ($author//tei:surname)
                          then normalize-space(string-join(($author//tei:forename, $author//tei:surname) ! tt:norm(.), ' '))
                          else tt:norm($author)"/>
  </xsl:function>

  <xsl:function name="tt:seg" as="element(tt:seg)">
    <xsl:param name="style" as="xs:string"/>
    <xsl:param name="text" as="xs:string"/>
    <tt:seg style="{$style}"><xsl:value-of select="$text"/></tt:seg>
  </xsl:function>

  <!--
    The printed source, Chicago style:
    Stephen Kotkin, “Perestroika …,” The Harriman Institute Forum 4, no. 2 (February 1991): 1–16. ISSN 0896-114X.
  -->
  <xsl:function name="tt:print-citation" as="element(tt:seg)*">
    <xsl:param name="bibl" as="element()?"/>
    <xsl:if test="$bibl">
      <xsl:variable name="authors" select="($bibl/tei:analytic/tei:author, $bibl/tei:monogr[1]/tei:author, $bibl/tei:author)[1]"/>
      <xsl:variable name="article" select="($bibl/tei:analytic/tei:title)[1]"/>
      <xsl:variable name="monogr" select="($bibl/tei:monogr)[1]"/>
      <xsl:variable name="journal" select="($monogr/tei:title, $bibl/tei:title[not(@level = 'a')])[1]"/>
      <xsl:variable name="scopes" select="$bibl//tei:biblScope"/>
      <xsl:variable name="volume" select="$scopes[@unit = 'volume'][1]"/>
      <xsl:variable name="issue" select="$scopes[@unit = 'issue'][1]"/>
      <xsl:variable name="pages" select="$scopes[@unit = 'page'][1]"/>
      <xsl:variable name="date" select="($bibl//tei:imprint/tei:date, $bibl/tei:date)[1]"/>
      <xsl:variable name="issn" select="$bibl//tei:idno[@type = 'ISSN'][1]"/>
      <xsl:if test="$authors">
        <xsl:sequence select="tt:seg('author', tt:join-names($authors ! tt:person-string(.))), tt:seg('plain', ', ')"/>
      </xsl:if>
      <xsl:if test="$article">
        <xsl:sequence select="tt:seg('plain', '“'), tt:seg('title-a', tt:norm($article)), tt:seg('plain', ',” ')"/>
      </xsl:if>
      <xsl:if test="$journal">
        <xsl:sequence select="tt:seg('title-' || ($journal/@level, 'j')[1], tt:norm($journal))"/>
      </xsl:if>
      <xsl:variable name="numbering" as="xs:string*"
          select="$volume ! (' ' || tt:norm(.)), $issue ! (', no. ' || tt:norm(.)),
                  $date ! (' (' || tt:norm(.) || ')'), $pages ! (': ' || tt:norm(.))"/>
      <xsl:sequence select="tt:seg('plain', string-join($numbering) || '.')"/>
      <xsl:if test="$issn">
        <xsl:sequence select="tt:seg('plain', ' ISSN ' || tt:norm($issn) || '.')"/>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!--
    The digitization: title, publisher and date, the Internet Archive identifier
    and the URL, e.g. "Internet Archive, 2023. Identifier harrimaninstitut04unse_0: https://…".
  -->
  <xsl:function name="tt:digital-citation" as="element(tt:seg)*">
    <xsl:param name="bibl" as="element()?"/>
    <xsl:if test="$bibl">
      <xsl:variable name="imprint" select="($bibl//tei:imprint)[1]"/>
      <xsl:variable name="who" select="($imprint/tei:publisher, $bibl//tei:respStmt/(tei:orgName | tei:name | tei:persName))[1]"/>
      <xsl:variable name="ia" select="$bibl//tei:idno[@type = 'IA'][1]"/>
      <xsl:variable name="url" select="($bibl//tei:idno[@type = ('URI', 'URL')], $bibl//(tei:ptr | tei:ref)/@target)[1]"/>
      <xsl:variable name="title" select="($bibl/tei:monogr/tei:title)[1]"/>
      <xsl:if test="$title">
        <xsl:sequence select="tt:seg('title-' || ($title/@level, 'm')[1], tt:norm($title)), tt:seg('plain', '. ')"/>
      </xsl:if>
      <xsl:sequence select="tt:seg('plain', 'Digitized by ' || string-join(($who ! tt:norm(.), $imprint/tei:date ! tt:norm(.)), ', ') || '.')"/>
      <xsl:if test="$ia">
        <xsl:sequence select="tt:seg('plain', ' Identifier '), tt:seg('code', tt:norm($ia)), tt:seg('plain', '.')"/>
      </xsl:if>
      <xsl:if test="$url">
        <xsl:sequence select="tt:seg('plain', ' '), tt:seg('link', tt:norm($url))"/>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!-- The licence of the edition: its text and, if it has one, its URL. -->
  <xsl:function name="tt:licence" as="element(tt:seg)*">
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="licence" select="(root($context)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence)[1]"/>
    <xsl:variable name="availability" select="(root($context)/tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:availability)[1]"/>
    <xsl:choose>
      <xsl:when test="$licence">
        <xsl:sequence select="tt:seg('plain', tt:norm($licence))"/>
        <xsl:if test="$licence/@target">
          <xsl:sequence select="tt:seg('plain', ' '), tt:seg('link', string($licence/@target))"/>
        </xsl:if>
        <xsl:for-each select="$availability/tei:p">
          <xsl:sequence select="tt:seg('plain', ' ' || tt:norm(.))"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$availability">
        <xsl:sequence select="tt:seg('plain', tt:norm($availability))"/>
      </xsl:when>
    </xsl:choose>
  </xsl:function>

  <!--
    "Cite this edition": the article, the TEI edition (publisher, date, edition
    number) and, when $edition-url is set, its URL.
  -->
  <xsl:function name="tt:cite-edition" as="element(tt:seg)*">
    <xsl:param name="context" as="node()"/>
    <xsl:variable name="root" select="root($context)"/>
    <xsl:variable name="pub" select="$root/tei:TEI/tei:teiHeader/tei:fileDesc/tei:publicationStmt"/>
    <xsl:variable name="edition" select="$root/tei:TEI/tei:teiHeader/tei:fileDesc/tei:editionStmt/tei:edition[1]"/>
    <xsl:variable name="print" select="tt:print-citation(($root/tei:TEI/tei:teiHeader/tei:fileDesc/tei:sourceDesc/(tei:biblStruct | tei:bibl)
        except $tt:digital-source)[1])"/>
    <!-- the printed citation without its ISSN sentence -->
    <xsl:sequence select="$print[not(starts-with(., ' ISSN'))]"/>
    <xsl:variable name="parts" as="xs:string*"
        select="($pub/tei:publisher)[1] ! tt:norm(.),
                ($pub/tei:date)[1] ! tt:norm(.),
                $edition/@n ! ('edition ' || .)"/>
    <xsl:sequence select="tt:seg('plain', ' TEI edition' || (if (exists($parts)) then ', ' || string-join($parts, ', ') else '') || '.')"/>
    <xsl:if test="$edition-url != ''">
      <xsl:sequence select="tt:seg('plain', ' '), tt:seg('link', $edition-url)"/>
    </xsl:if>
  </xsl:function>

</xsl:stylesheet>
