<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/apparatus.xsl — what the processing model does not express: the header
  block of a document (from its teiHeader), and the indexes of persons,
  places, organisations and voices built from every list in the document
  (standOff, back, particDesc, sourceDesc, div[@type='standoff'] …), each entry
  with back-links to its mentions.  An index with no entry is not emitted.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- The title of a TEI document or corpus: titleStmt/title[@type='main'], else the first. -->
  <xsl:function name="tt:pm-title" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:variable name="stmt" select="$doc/tei:teiHeader/tei:fileDesc/tei:titleStmt"/>
    <xsl:variable name="title" select="normalize-space(string-join(($stmt/tei:title[@type = 'main'], $stmt/tei:title)[1]//text()[not(ancestor::tei:note)]))"/>
    <xsl:sequence select="if ($title != '') then $title else 'Untitled TEI document'"/>
  </xsl:function>

  <xsl:function name="tt:pm-norm" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="normalize-space(string-join($nodes ! string(.), ' '))"/>
  </xsl:function>

  <!-- The header block: title, subtitle, authors and editors, publication, source, licence. -->
  <xsl:template name="tt:pm-header">
    <xsl:variable name="file" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="stmt" select="$file/tei:titleStmt"/>
    <xsl:variable name="pub" select="$file/tei:publicationStmt"/>
    <xsl:variable name="authors" select="$stmt/tei:author ! tt:pm-norm(.)[. != '']"/>
    <xsl:variable name="editors" select="$stmt/tei:editor ! tt:pm-norm(.)[. != '']"/>
    <header class="doc-header">
      <h1><xsl:value-of select="tt:pm-title(.)"/></h1>
      <xsl:for-each select="$stmt/tei:title[@type = 'sub']">
        <p class="subtitle"><xsl:value-of select="tt:pm-norm(.)"/></p>
      </xsl:for-each>
      <xsl:if test="exists($authors)">
        <p class="authors"><xsl:value-of select="string-join($authors, '; ')"/></p>
      </xsl:if>
      <xsl:variable name="fields" as="element()*">
        <xsl:if test="exists($editors)"><tt:f label="Edited by"><xsl:value-of select="string-join($editors, '; ')"/></tt:f></xsl:if>
        <xsl:variable name="published" select="tt:pm-norm(($pub/(tei:publisher, tei:distributor, tei:authority))[1]),
                                               tt:pm-norm(($pub/tei:pubPlace)[1]), tt:pm-norm(($pub/tei:date)[1])"/>
        <xsl:if test="exists($published[. != ''])"><tt:f label="Published"><xsl:value-of select="string-join($published[. != ''], ', ')"/></tt:f></xsl:if>
        <xsl:for-each select="$file/tei:sourceDesc/(tei:bibl | tei:biblStruct | tei:biblFull)[1]">
          <tt:f label="Source"><xsl:value-of select="tt:pm-norm(.)"/></tt:f>
        </xsl:for-each>
        <xsl:for-each select="$file/tei:sourceDesc/tei:msDesc[1]/tei:msIdentifier">
          <tt:f label="Manuscript"><xsl:value-of select="string-join((tei:settlement, tei:repository, tei:collection, tei:idno) ! tt:pm-norm(.)[. != ''], ', ')"/></tt:f>
        </xsl:for-each>
        <xsl:for-each select="($pub/tei:availability)[1]">
          <tt:f label="Licence"><xsl:value-of select="tt:pm-norm(.)"/></tt:f>
        </xsl:for-each>
      </xsl:variable>
      <xsl:if test="exists($fields[normalize-space(.) != ''])">
        <dl class="doc-fields">
          <xsl:for-each select="$fields[normalize-space(.) != '']">
            <dt><xsl:value-of select="@label"/></dt>
            <dd><xsl:value-of select="."/></dd>
          </xsl:for-each>
        </dl>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- The manuscripts the header describes (sourceDesc/msDesc), each with its sections,
       as the models render an msDesc in a text: from a copy out of the header, since
       models leave out what is in the header (simplePrint's author, editor, pubPlace). -->
  <xsl:template name="tt:pm-source-description">
    <xsl:variable name="described">
      <xsl:copy-of select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc"/>
    </xsl:variable>
    <xsl:for-each select="$described/tei:msDesc">
      <section class="source-description" aria-label="Manuscript description">
        <h2>Manuscript description</h2>
        <xsl:apply-templates select="." mode="html"/>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- The images of the facsimile (facsimile//graphic), after the text. -->
  <xsl:template name="tt:pm-facsimile">
    <xsl:variable name="graphics" select="tei:facsimile//tei:graphic"/>
    <xsl:if test="exists($graphics)">
      <section class="facsimile" aria-label="Facsimile">
        <h2>Facsimile</h2>
        <xsl:for-each select="$graphics">
          <figure class="facsimile-surface">
            <xsl:variable name="surface" select="ancestor::tei:surface[1]"/>
            <xsl:call-template name="tt:behaviour">
              <xsl:with-param name="behaviour" select="'graphic'"/>
              <xsl:with-param name="params" select="map { 'title': (tei:desc[normalize-space(.) != ''] ! normalize-space(.),
                  string-join(('Facsimile', $surface/@n ! ('of ' || .)), ' '))[1] }"/>
            </xsl:call-template>
          </figure>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- The kinds of index, in order: [id, heading, entries]. -->
  <xsl:template name="tt:pm-indexes">
    <xsl:variable name="doc" select="."/>
    <xsl:variable name="mentions" select="tei:text//*[tt:is-pm-mention(.)]"/>
    <xsl:variable name="kinds" as="map(*)*" select="
        map { 'id': 'persons', 'head': 'Persons', 'entries': .//(tei:person | tei:personGrp)[@xml:id][not(ancestor::tei:person)] },
        map { 'id': 'places', 'head': 'Places', 'entries': .//tei:place[@xml:id] },
        map { 'id': 'organisations', 'head': 'Organisations', 'entries': .//tei:org[@xml:id] }"/>
    <xsl:for-each select="$kinds[exists(?entries)]">
      <section class="index index-{?id}" id="{tt:index-section-id($doc, ?id)}" aria-label="{?head}">
        <h2><xsl:value-of select="?head"/></h2>
        <ul class="index-entries">
          <xsl:for-each select="?entries">
            <xsl:variable name="id" select="string(@xml:id)"/>
            <xsl:variable name="here" select="$mentions[tt:local-ids((@ref, @who, @sameAs)) = $id]"/>
            <li id="{tt:index-anchor($id)}">
              <span class="entry-name"><xsl:value-of select="tt:entity-label(.)"/></span>
              <xsl:variable name="about" select="tt:pm-norm((tei:note, tei:occupation, tei:roleName[not(parent::tei:persName)],
                                                              tei:birth, tei:death, tei:location/tei:geo)[1])"/>
              <xsl:if test="$about != ''"><xsl:text> — </xsl:text><span class="entry-note"><xsl:value-of select="$about"/></span></xsl:if>
              <xsl:if test="exists($here)">
                <xsl:text> </xsl:text>
                <span class="mentions">
                  <xsl:for-each select="$here">
                    <a class="backlink" href="#{tt:mention-anchor(.)}"><xsl:value-of select="position()"/></a>
                    <xsl:if test="position() lt last()"><xsl:text> </xsl:text></xsl:if>
                  </xsl:for-each>
                </span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:for-each>
    <!-- voices: who speaks (said, q, sp with @who) -->
    <xsl:variable name="speeches" select="$mentions[@who][self::tei:said or self::tei:q or self::tei:sp]"/>
    <xsl:if test="exists($speeches)">
      <section class="index index-voices" id="{tt:index-section-id($doc, 'voices')}" aria-label="Voices">
        <h2>Voices</h2>
        <ul class="index-entries">
          <xsl:for-each-group select="$speeches" group-by="tokenize(normalize-space(@who), ' ')[1]">
            <xsl:variable name="who" select="current-grouping-key()"/>
            <xsl:variable name="entity" select="if (starts-with($who, '#')) then key('tt:pm-entity', substring($who, 2), root($doc)) else ()"/>
            <li>
              <span class="entry-name"><xsl:value-of select="if ($entity) then tt:entity-label($entity[1]) else replace($who, '^#', '')"/></span>
              <xsl:text> </xsl:text>
              <span class="mentions">
                <xsl:for-each select="current-group()">
                  <a class="backlink" href="#{tt:mention-anchor(.)}"><xsl:value-of select="position()"/></a>
                  <xsl:if test="position() lt last()"><xsl:text> </xsl:text></xsl:if>
                </xsl:for-each>
              </span>
            </li>
          </xsl:for-each-group>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:function name="tt:index-section-id" as="xs:string">
    <xsl:param name="doc" as="element()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="n" select="count($doc/preceding::tei:TEI) + count($doc/ancestor::tei:TEI)"/>
    <xsl:sequence select="'index-of-' || $kind || (if ($n gt 0) then '-' || $n else '')"/>
  </xsl:function>

</xsl:stylesheet>
