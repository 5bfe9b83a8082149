<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/corrections.xsl — editorial corrections (choice / sic / corr): the
  editions show the corrected reading; this module says what was corrected.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- The reading an edition shows for a choice: tt:reading, in common/reading.xsl. -->
  <xsl:import href="reading.xsl"/>

  <!-- corr/@type → how the kind of correction is described to readers. -->
  <xsl:variable name="tt:correction-kinds" as="map(xs:string, xs:string)" select="map {
      'spacing': 'word spacing',
      'character': 'misread letters',
      'omission': 'missing word',
      'case': 'capitalization',
      'punctuation': 'punctuation' }"/>


  <!-- What the source had: sic, else orig, else abbr. -->
  <xsl:function name="tt:original" as="element()?">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:sequence select="($choice/tei:sic, $choice/tei:orig, $choice/tei:abbr)[1]"/>
  </xsl:function>

  <!-- One line for readers: 'Printed/OCR: “muchevil” (word spacing)'. -->
  <xsl:function name="tt:correction-note" as="xs:string">
    <xsl:param name="choice" as="element(tei:choice)"/>
    <xsl:variable name="original" select="tt:original($choice)"/>
    <xsl:variable name="type" select="string(tt:reading($choice)/@type)"/>
    <xsl:variable name="kind" select="if (map:contains($tt:correction-kinds, $type))
                                      then map:get($tt:correction-kinds, $type) else $type"/>
    <xsl:variable name="source-text" select="normalize-space(string($original))"/>
    <xsl:sequence select="(if ($source-text = '') then 'Supplied by the editors; not in the source'
                           else 'Source reads “' || $source-text || '”')
                          || (if ($kind != '') then ' (' || $kind || ')' else '')"/>
  </xsl:function>

</xsl:stylesheet>
