<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/names.xsl — named entities: persName / placeName / orgName with @ref,
  the standoff lists they point to (back/div[@type='standoff'] and the speakers
  in teiHeader/profileDesc/particDesc), and the mentions by what they point to
  (their ids: common/mentions.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- tt:is-mention, tt:mention-id: the mentions and their numbers, shared with the
       processing model -->
  <xsl:import href="mentions.xsl"/>

  <!-- Every list entry a pointer can resolve to, by xml:id. -->
  <xsl:key name="tt:entity" match="tei:person | tei:personGrp | tei:place | tei:org | tei:bibl | tei:biblStruct"
      use="@xml:id"/>

  <!-- The kinds of index, in the order the indexes appear: name element → index. -->
  <xsl:variable name="tt:index-kinds" as="map(xs:string, xs:string)"
      select="map { 'persName': 'person', 'placeName': 'place', 'orgName': 'org' }"/>

  <!-- Mentions by the id they point to (a ref may hold several pointers). -->
  <xsl:key name="tt:mentions" match="tei:persName[tt:is-mention(.)] | tei:placeName[tt:is-mention(.)] | tei:orgName[tt:is-mention(.)]"
      use="tt:ref-ids(@ref)"/>

  <!-- "#a #b" → ("a", "b"): the local ids of a pointer attribute. -->
  <xsl:function name="tt:ref-ids" as="xs:string*">
    <xsl:param name="ref" as="attribute()?"/>
    <xsl:sequence select="tokenize(normalize-space($ref), ' ')[starts-with(., '#')] ! substring(., 2)"/>
  </xsl:function>

  <!-- The list entry a pointer resolves to, if any. -->
  <xsl:function name="tt:resolve" as="element()?">
    <xsl:param name="ref" as="attribute()?"/>
    <xsl:sequence select="(for $id in tt:ref-ids($ref) return key('tt:entity', $id, root($ref)))[1]"/>
  </xsl:function>

  <!-- The index an entry belongs to: person, place, org (or bibl). -->
  <xsl:function name="tt:entity-kind" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="if ($entity[self::tei:person or self::tei:personGrp]) then 'person'
                          else if ($entity/self::tei:place) then 'place'
                          else if ($entity/self::tei:org) then 'org'
                          else 'bibl'"/>
  </xsl:function>

  <!-- The anchor of an index entry: person-levin, place-moscow, org-works. -->
  <xsl:function name="tt:entry-id" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="tt:entity-kind($entity) || '-' || ($entity/@xml:id, generate-id($entity))[1]"/>
  </xsl:function>

  <!-- The normalized name of an entry: its first name that is not a variant. -->
  <xsl:function name="tt:entity-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="names" select="$entity/(tei:persName | tei:placeName | tei:orgName | tei:name)"/>
    <xsl:variable name="name" select="($names[not(@type = 'variant')], $names)[1]"/>
    <xsl:sequence select="if ($name) then tt:norm($name) else string($entity/@xml:id)"/>
  </xsl:function>

  <!-- The role note of an entry ("" if none). -->
  <xsl:function name="tt:entity-note" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="tt:norm($entity/tei:note[1])"/>
  </xsl:function>

  <!-- Sort key: persons by surname (else the last word of the name), others by name. -->
  <xsl:function name="tt:sort-key" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="name" select="($entity/tei:persName[not(@type = 'variant')], $entity/tei:persName)[1]"/>
    <xsl:sequence select="if ($entity/self::tei:person and $name/tei:surname)
                          then tt:norm($name/tei:surname) || ' ' || tt:norm($name/tei:forename)
                          else if ($entity/self::tei:person and not($name/@type = 'descriptive'))
                          then (tokenize(tt:entity-name($entity), ' ')[last()] || ' ' || tt:entity-name($entity))
                          else tt:entity-name($entity)"/>
  </xsl:function>

  <!-- The entries of one index: listed entries, plus speakers mentioned by name. -->
  <xsl:function name="tt:index-entries" as="element()*">
    <xsl:param name="root" as="document-node()"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:variable name="listed" select="$root/tei:TEI/tei:text//tei:div[@type = 'standoff']
        //(tei:person | tei:personGrp | tei:place | tei:org)[tt:entity-kind(.) = $kind]"/>
    <xsl:variable name="speakers" select="$root/tei:TEI/tei:teiHeader//tei:particDesc
        //(tei:person | tei:personGrp)[$kind = 'person'][exists(key('tt:mentions', @xml:id, $root))]"/>
    <xsl:sequence select="$listed | $speakers"/>
  </xsl:function>

</xsl:stylesheet>
