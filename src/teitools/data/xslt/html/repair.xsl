<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/repair.xsl — mode tt:repair, the last pass over the page the behaviours
  built: footnotes numbered and listed after their document's text (with
  back-links), and whatever HTML does not allow mended, so that any TEI
  document gives a page the Nu checker accepts:
    - an element that may hold only phrasing content (p, span, h2 …) but holds a
      block (a list in a paragraph, a table in a quotation) becomes a div;
    - a link inside a link, or to an id not on the page, becomes a span;
    - li outside a list, tr / td outside a table become divs; what is not an li
      inside a list is wrapped in one;
    - an id that is already on the page is dropped.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- Elements HTML allows only phrasing content in. -->
  <xsl:variable name="tt:phrasing-only" as="xs:string*"
      select="('p', 'span', 'em', 'i', 'b', 'cite', 'q', 'code', 'abbr', 'sup', 'sub', 'small',
               'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'label', 'time', 'dt', 'strong', 's', 'u', 'mark')"/>
  <!-- Flow (block) elements. -->
  <xsl:variable name="tt:flow" as="xs:string*"
      select="('div', 'p', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'tbody', 'caption', 'section',
               'figure', 'figcaption', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
               'footer', 'nav', 'aside', 'hr', 'dl', 'dt', 'dd', 'pre', 'address', 'article', 'main')"/>

  <xsl:key name="tt:ids" match="*[@id]" use="string(@id)"/>

  <xsl:template match="node() | @*" mode="tt:repair">
    <xsl:copy><xsl:apply-templates select="@* | node()" mode="tt:repair"/></xsl:copy>
  </xsl:template>

  <!-- The first element with an id keeps it. -->
  <xsl:template match="@id" mode="tt:repair">
    <xsl:if test="key('tt:ids', string(.))[1] is ..">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>

  <!-- Does this element hold a block (not counting what sits in its footnotes)? -->
  <xsl:function name="tt:holds-flow" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el//*[local-name() = $tt:flow]
                                     [not(ancestor::tt:footnote[ancestor::* intersect $el])])"/>
  </xsl:function>

  <xsl:template match="*[local-name() = $tt:phrasing-only][tt:holds-flow(.)]" mode="tt:repair" priority="2">
    <div>
      <xsl:apply-templates select="@*" mode="tt:repair"/>
      <xsl:if test="matches(local-name(), '^h\d$')">
        <xsl:attribute name="role" select="'heading'"/>
        <xsl:attribute name="aria-level" select="substring(local-name(), 2)"/>
      </xsl:if>
      <xsl:apply-templates mode="tt:repair"/>
    </div>
  </xsl:template>

  <!-- A link inside a link, or pointing to an id the page does not have. -->
  <xsl:template match="a[ancestor::a] | a[starts-with(@href, '#')][not(key('tt:ids', substring(@href, 2)))]
                       | a[not(@href)]" mode="tt:repair" priority="3">
    <xsl:element name="{if (tt:holds-flow(.)) then 'div' else 'span'}">
      <xsl:apply-templates select="@* except (@href, @aria-label)" mode="tt:repair"/>
      <xsl:apply-templates mode="tt:repair"/>
    </xsl:element>
  </xsl:template>
  <!-- a page marker without its link stays a marker -->
  <xsl:template match="a[contains-token(@class, 'pb')][not(@href)]" mode="tt:repair" priority="4">
    <xsl:copy><xsl:apply-templates select="@* | node()" mode="tt:repair"/></xsl:copy>
  </xsl:template>

  <xsl:template match="li[not(parent::ul or parent::ol)] | tr[not(parent::tbody or parent::table or parent::thead)]
                       | td[not(parent::tr)] | tbody[not(parent::table)] | caption[not(parent::table)]
                       | figcaption[not(parent::figure)]" mode="tt:repair" priority="1.5">
    <div>
      <xsl:apply-templates select="@* | node()" mode="tt:repair"/>
    </div>
  </xsl:template>

  <xsl:template match="ul | ol" mode="tt:repair">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="tt:repair"/>
      <xsl:for-each-group select="node()[not(self::text()[normalize-space(.) = ''])][not(self::br)]"
          group-adjacent="boolean(self::li)">
        <xsl:choose>
          <xsl:when test="current-grouping-key()"><xsl:apply-templates select="current-group()" mode="tt:repair"/></xsl:when>
          <xsl:otherwise><li><xsl:apply-templates select="current-group()" mode="tt:repair"/></li></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="tr" mode="tt:repair">
    <xsl:copy>
      <xsl:apply-templates select="@*" mode="tt:repair"/>
      <xsl:for-each-group select="node()[not(self::text()[normalize-space(.) = ''])]"
          group-adjacent="boolean(self::td or self::th)">
        <xsl:choose>
          <xsl:when test="current-grouping-key()"><xsl:apply-templates select="current-group()" mode="tt:repair"/></xsl:when>
          <xsl:otherwise><td><xsl:apply-templates select="current-group()" mode="tt:repair"/></td></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </xsl:copy>
  </xsl:template>

  <!-- ======================================================== footnotes -->

  <xsl:function name="tt:footnote-number" as="xs:integer">
    <xsl:param name="note" as="element(tt:footnote)"/>
    <xsl:sequence select="count($note/preceding::tt:footnote) + count($note/ancestor::tt:footnote) + 1"/>
  </xsl:function>

  <xsl:template match="tt:footnote" mode="tt:repair">
    <xsl:variable name="n" select="tt:footnote-number(.)"/>
    <a class="note-ref" id="fnref-{$n}" href="#fn-{$n}" aria-label="Note {$n}"><sup><xsl:value-of select="(@label[. != ''], $n)[1]"/></sup></a>
  </xsl:template>

  <!-- The notes of one document, after its text. -->
  <xsl:template match="tt:notes" mode="tt:repair">
    <xsl:variable name="notes" select="ancestor::article[1]//tt:footnote[ancestor::article[1] is current()/ancestor::article[1]]"/>
    <xsl:if test="exists($notes)">
      <section class="notes" aria-label="Notes">
        <h2>Notes</h2>
        <ol class="footnotes">
          <xsl:for-each select="$notes">
            <xsl:variable name="n" select="tt:footnote-number(.)"/>
            <li id="fn-{$n}" value="{$n}">
              <xsl:apply-templates select="@class" mode="tt:repair"/>
              <xsl:if test="@label != ''"><span class="note-label"><xsl:value-of select="@label"/></span><xsl:text> </xsl:text></xsl:if>
              <xsl:apply-templates mode="tt:repair"/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#fnref-{$n}" aria-label="Back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Any other private element leaves only its content. -->
  <xsl:template match="tt:*" mode="tt:repair" priority="-0.5">
    <xsl:apply-templates mode="tt:repair"/>
  </xsl:template>

</xsl:stylesheet>
