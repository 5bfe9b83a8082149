<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/indexes.xsl — the "Voices" index (every speaker, every quotation, with
  page and link; written sources and sayings after them) and the indexes of
  persons, places and organisations with back-links to every mention.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <xsl:variable name="tt:doc" as="document-node()" select="/"/>

  <!-- The entity indexes: which entries (kind), their anchor (id) and heading (label). -->
  <xsl:variable name="tt:entity-indexes" as="element(tt:index)+">
    <tt:index kind="person" id="persons" label="Persons"/>
    <tt:index kind="place" id="places" label="Places"/>
    <tt:index kind="org" id="organisations" label="Organisations"/>
  </xsl:variable>

  <!-- One quotation in an index: "p. 5" linked to it, and its opening words. -->
  <xsl:template name="tt:html-quotation-entry">
    <xsl:param name="q" as="element()"/>
    <li>
      <a href="#{tt:quotation-id($q)}" class="backlink">
        <xsl:value-of select="tt:page-label(tt:page-of($q))"/>
      </a>
      <xsl:text> </xsl:text>
      <span class="snippet"><xsl:value-of select="tt:snippet(tt:reading-of($q))"/></span>
    </li>
  </xsl:template>

  <xsl:template name="tt:html-voices">
    <xsl:if test="exists($tt:speakers) or exists($tt:sources) or exists($tt:sayings)">
      <section id="voices" class="index voices" aria-labelledby="voices-h">
        <h2 id="voices-h">Voices</h2>
        <p class="index-intro">Everyone whose spoken words the text quotes, in the order of the
          list of participants, with every quotation and its printed page; then the written
          sources quoted, and the sayings.</p>
        <xsl:for-each select="$tt:speakers">
          <xsl:variable name="id" select="tt:voice-id(.)"/>
          <section id="{$id}" class="voice who-{tt:speaker-number(.)}" aria-labelledby="{$id}-h">
            <h3 id="{$id}-h"><span class="swatch" aria-hidden="true"/><xsl:value-of select="tt:entity-name(.)"/></h3>
            <xsl:if test="tt:entity-note(.) != ''">
              <p class="entry-note"><xsl:value-of select="tt:entity-note(.)"/></p>
            </xsl:if>
            <ol class="quotations">
              <xsl:for-each select="key('tt:said-by', @xml:id, $tt:doc)">
                <xsl:call-template name="tt:html-quotation-entry">
                  <xsl:with-param name="q" select="."/>
                </xsl:call-template>
              </xsl:for-each>
            </ol>
          </section>
        </xsl:for-each>
        <xsl:if test="exists($tt:sources)">
          <section id="voices-written" class="voice written" aria-labelledby="voices-written-h">
            <h3 id="voices-written-h">Written sources</h3>
            <xsl:for-each select="$tt:sources">
              <section id="{tt:voice-id(.)}" class="source" aria-labelledby="{tt:voice-id(.)}-h">
                <h4 id="{tt:voice-id(.)}-h"><xsl:value-of select="tt:reading-of(.)"/></h4>
                <ol class="quotations">
                  <xsl:for-each select="key('tt:quoted-from', @xml:id, $tt:doc)">
                    <xsl:call-template name="tt:html-quotation-entry">
                      <xsl:with-param name="q" select="."/>
                    </xsl:call-template>
                  </xsl:for-each>
                </ol>
              </section>
            </xsl:for-each>
          </section>
        </xsl:if>
        <xsl:if test="exists($tt:sayings)">
          <section id="voices-sayings" class="voice sayings" aria-labelledby="voices-sayings-h">
            <h3 id="voices-sayings-h">Sayings and unattributed quotations</h3>
            <ol class="quotations">
              <xsl:for-each select="$tt:sayings">
                <xsl:call-template name="tt:html-quotation-entry">
                  <xsl:with-param name="q" select="."/>
                </xsl:call-template>
              </xsl:for-each>
            </ol>
          </section>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="tt:html-entity-indexes">
    <xsl:for-each select="$tt:entity-indexes">
      <xsl:variable name="entries" select="tt:index-entries($tt:doc, @kind)"/>
      <xsl:if test="exists($entries)">
        <section id="{@id}" class="index entities" aria-labelledby="{@id}-h">
          <h2 id="{@id}-h"><xsl:value-of select="@label"/></h2>
          <ul class="entries">
            <xsl:for-each select="$entries">
              <xsl:sort select="tt:sort-key(.)" lang="en"/>
              <xsl:variable name="name" select="tt:entity-name(.)"/>
              <xsl:variable name="mentions" select="key('tt:mentions', @xml:id, $tt:doc)"/>
              <li id="{tt:entry-id(.)}">
                <span class="entry-name"><xsl:value-of select="$name"/></span>
                <xsl:if test="tt:entity-note(.) != ''">
                  <xsl:text> </xsl:text>
                  <span class="entry-note"><xsl:value-of select="tt:entity-note(.)"/></span>
                </xsl:if>
                <xsl:choose>
                  <xsl:when test="exists($mentions)">
                    <ul class="mentions" aria-label="{'Mentions of ' || $name}">
                      <xsl:for-each select="$mentions">
                        <li><a class="backlink" href="#{tt:mention-id(.)}" title="{tt:reading-of(.)}">
                          <xsl:value-of select="tt:page-label(tt:page-of(.))"/>
                        </a></li>
                      </xsl:for-each>
                    </ul>
                  </xsl:when>
                  <xsl:otherwise>
                    <span class="no-mentions"> (not named in the text)</span>
                  </xsl:otherwise>
                </xsl:choose>
              </li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
