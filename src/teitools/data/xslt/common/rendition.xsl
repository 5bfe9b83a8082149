<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/rendition.xsl — what both outputs of the processing model share: the
  parameters a model passes (tt:param, tt:content), the source's own rendition
  (@style, @rendition, @rend) as CSS for useSourceRendition, and the entities
  of a document (every person, place, organisation in any list) with the
  mentions that point to them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt"
    exclude-result-prefixes="#all">

  <!-- tt:mention-number: the names a corpus site's registers link to (m-1, m-2, …), as the
       article's modules number them -->
  <xsl:import href="mentions.xsl"/>

  <!-- A model's parameter: its value when the model gives it, else $default. -->
  <xsl:function name="tt:param" as="item()*">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="default" as="item()*"/>
    <xsl:sequence select="if (map:contains($params, $name)) then map:get($params, $name) else $default"/>
  </xsl:function>

  <!--
    The content to process: the 'content' parameter, else the element's child
    nodes; the element itself stands for its children (content="." never recurses).
  -->
  <xsl:function name="tt:content" as="item()*">
    <xsl:param name="params" as="map(*)"/>
    <xsl:param name="context" as="node()"/>
    <xsl:sequence select="for $i in tt:param($params, 'content', $context/node())
                          return if ($i instance of node() and $i is $context) then $context/node() else $i"/>
  </xsl:function>

  <!-- note/@place values (the note behaviour's place) shown where the note is, not as a footnote. -->
  <xsl:variable name="tt:notes-in-place" as="xs:string*"
      select="('inline', 'margin', 'left', 'right', 'marginLeft', 'marginRight', 'margin-left',
               'margin-right', 'inspace', 'above', 'below', 'interlinear')"/>

  <!-- CSS properties the source's rendition may set (anything else is dropped). -->
  <xsl:variable name="tt:css-properties" as="xs:string"
      select="'^(font-style|font-weight|font-variant|font-size|font-family|text-decoration|text-align|text-transform|text-indent|vertical-align|color|background-color|letter-spacing|white-space|line-height|width|height|max-width|margin(-top|-bottom|-left|-right)?|padding(-top|-bottom|-left|-right)?|border(-top|-bottom|-left|-right)?|display|float)$'"/>

  <!-- @rend / simple: rendition values and their CSS. -->
  <xsl:variable name="tt:rend-css" as="map(xs:string, xs:string)" select="map {
      'italic': 'font-style: italic', 'i': 'font-style: italic', 'it': 'font-style: italic',
      'bold': 'font-weight: bold', 'b': 'font-weight: bold',
      'underline': 'text-decoration: underline', 'u': 'text-decoration: underline',
      'strikethrough': 'text-decoration: line-through', 'line-through': 'text-decoration: line-through',
      'sup': 'vertical-align: super; font-size: smaller', 'superscript': 'vertical-align: super; font-size: smaller',
      'sub': 'vertical-align: sub; font-size: smaller', 'subscript': 'vertical-align: sub; font-size: smaller',
      'smallcaps': 'font-variant: small-caps', 'sc': 'font-variant: small-caps', 'small-caps': 'font-variant: small-caps',
      'allcaps': 'text-transform: uppercase', 'uppercase': 'text-transform: uppercase',
      'center': 'text-align: center', 'centre': 'text-align: center', 'centred': 'text-align: center',
      'right': 'text-align: right', 'left': 'text-align: left', 'large': 'font-size: larger',
      'small': 'font-size: smaller', 'block': 'display: block', 'inline': 'display: inline',
      'roman': 'font-style: normal', 'upright': 'font-style: normal', 'spaced': 'letter-spacing: 0.2em' }"/>

  <!-- Only the declarations of $css whose property is known and whose value is plain. -->
  <xsl:function name="tt:safe-css" as="xs:string*">
    <xsl:param name="css" as="xs:string*"/>
    <xsl:for-each select="$css ! tokenize(., ';')">
      <xsl:variable name="prop" select="lower-case(normalize-space(substring-before(., ':')))"/>
      <xsl:variable name="value" select="normalize-space(substring-after(., ':'))"/>
      <xsl:if test="matches($prop, $tt:css-properties) and $value != ''
                    and matches($value, '^[#%\p{L}\p{N} .,()&quot;''/-]+$')">
        <xsl:sequence select="$prop || ': ' || $value"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- The source's rendition of an element as CSS declarations (useSourceRendition). -->
  <xsl:function name="tt:source-css" as="xs:string*">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="decl" select="root($el)//tei:tagsDecl//tei:rendition[@xml:id]"/>
    <xsl:sequence select="tt:safe-css((
        for $r in tokenize(normalize-space($el/@rendition), ' ')
        return if (starts-with($r, '#')) then string($decl[@xml:id = substring($r, 2)][not(@scheme) or @scheme = 'css'])
               else if (starts-with($r, 'simple:')) then map:get($tt:rend-css, substring-after($r, 'simple:'))
               else (),
        for $r in tokenize(normalize-space($el/@rend), ' ') return map:get($tt:rend-css, lower-case($r)),
        string($el/@style)))"/>
  </xsl:function>

  <!-- Three-letter language subtags with no two-letter equivalent, that TEI texts use. -->
  <xsl:variable name="tt:lang3" as="xs:string*"
      select="('ang', 'enm', 'fro', 'frm', 'gmh', 'goh', 'grc', 'non', 'ota', 'peo', 'sga', 'mga', 'osx',
               'odt', 'dum', 'gml', 'pro', 'chu', 'cop', 'egy', 'akk', 'sux', 'syc', 'arc', 'hbo', 'yid',
               'lat', 'und', 'mul', 'zxx', 'mis', 'ast', 'haw', 'chr', 'nds', 'gsw', 'sco')[. != 'lat']"/>
  <!-- Script subtags HTML validators know. -->
  <xsl:variable name="tt:scripts" as="xs:string*"
      select="('Latn', 'Cyrl', 'Grek', 'Arab', 'Hebr', 'Hans', 'Hant', 'Hani', 'Deva', 'Copt', 'Goth',
               'Runr', 'Ogam', 'Syrc', 'Armn', 'Geor', 'Ethi', 'Jpan', 'Kore', 'Thai', 'Zyyy', 'Glag', 'Brai')"/>

  <!-- An xml:lang as a valid HTML lang (BCP 47 as validators check it), or (). -->
  <xsl:function name="tt:html-lang" as="xs:string?">
    <xsl:param name="lang" as="xs:string?"/>
    <xsl:variable name="parts" select="tokenize(normalize-space($lang), '-')"/>
    <xsl:variable name="primary" select="lower-case($parts[1])"/>
    <xsl:sequence select="$lang[exists($parts)]
        [matches($primary, '^[a-z]{2}$') or $primary = $tt:lang3 or $primary = ('x', 'i')]
        [every $p in $parts[position() gt 1] satisfies
            (if (string-length($p) = 4 and matches($p, '^[A-Za-z]{4}$')) then (upper-case(substring($p, 1, 1)) || lower-case(substring($p, 2))) = $tt:scripts
             else matches($p, '^([A-Za-z]{2}|[0-9]{3}|[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3})$') or $primary = 'x')]"/>
  </xsl:function>

  <!-- ================================================================ entities -->

  <!-- Every entry of a list in the document: listPerson, listPlace, listOrg … anywhere. -->
  <xsl:key name="tt:pm-entity" match="tei:person[@xml:id] | tei:personGrp[@xml:id] | tei:place[@xml:id]
      | tei:org[@xml:id]" use="@xml:id"/>

  <!-- The ids a pointer attribute names in this document ("#a #b" → a, b). -->
  <xsl:function name="tt:local-ids" as="xs:string*">
    <xsl:param name="pointers" as="attribute()*"/>
    <xsl:sequence select="for $p in $pointers ! tokenize(normalize-space(.), ' ')
                          return if (starts-with($p, '#')) then substring($p, 2) else ()"/>
  </xsl:function>

  <!-- The entities an element in the text points to (@ref, @who, @corresp). -->
  <xsl:function name="tt:pm-entities" as="element()*">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="for $id in tt:local-ids(($el/@ref, $el/@who, $el/@sameAs[not($el/@ref)]))
                          return key('tt:pm-entity', $id, root($el))"/>
  </xsl:function>

  <!-- A mention: an element of text/ pointing to an entity, or a speech with @who. -->
  <xsl:function name="tt:is-pm-mention" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el[ancestor::tei:text][exists(tt:pm-entities(.))
                          or (@who and (self::tei:said or self::tei:q or self::tei:sp))])"/>
  </xsl:function>

  <!-- A name the corpus site's registers link to (common/mentions.xsl numbers them). -->
  <xsl:function name="tt:is-site-mention" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists(tt:mention-number($el))"/>
  </xsl:function>

  <!-- The anchor of a mention: its xml:id, else its id as a site mention (m-N), else one
       derived from its position. -->
  <xsl:function name="tt:mention-anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/@xml:id, $el[tt:is-site-mention(.)] ! tt:mention-id(.),
                           'mention-' || generate-id($el))[1]"/>
  </xsl:function>

  <!-- The anchor of an entity's index entry. -->
  <xsl:function name="tt:index-anchor" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="'index-' || $id"/>
  </xsl:function>

  <!-- How an entity is named: its first name element, else its text, else its id. -->
  <xsl:function name="tt:entity-label" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="name" select="($entity/(tei:persName, tei:placeName, tei:orgName, tei:name,
                                       tei:geogName, tei:settlement, tei:country, tei:label))[1]"/>
    <xsl:variable name="text" select="normalize-space(string-join($entity//text()[not(ancestor::tei:note)], ' '))"/>
    <xsl:sequence select="if ($name) then normalize-space($name)
                          else if ($text != '') then (if (string-length($text) gt 80) then substring($text, 1, 77) || '…' else $text)
                          else string($entity/@xml:id)"/>
  </xsl:function>

  <!-- Who speaks an utterance or a speech (@who): the name of each person it points
       to, else the pointer without its "#" ("#INT #HP" → "Mary Long, HP"). -->
  <xsl:function name="tt:who-label" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="string-join(
        for $who in tokenize(normalize-space($el/@who), ' ')
        return (if (starts-with($who, '#')) then key('tt:pm-entity', substring($who, 2), root($el))[1] ! tt:entity-label(.) else (),
                replace($who, '^#', ''))[1], ', ')"/>
  </xsl:function>

  <!-- ============================================================== apparatus -->

  <!-- Every witness or source an apparatus reading may point to. -->
  <xsl:key name="tt:witness" match="tei:witness[@xml:id] | tei:bibl[@xml:id] | tei:biblStruct[@xml:id]
      | tei:msDesc[@xml:id]" use="@xml:id"/>

  <!-- The sigla of a reading (@wit, else @source): a witness's @n, else its id. -->
  <xsl:function name="tt:witness-label" as="xs:string">
    <xsl:param name="rdg" as="element()"/>
    <xsl:sequence select="string-join(
        for $w in tokenize(normalize-space(($rdg/@wit, $rdg/@source)[1]), ' ')
        return (key('tt:witness', substring($w, 2), root($rdg))[starts-with($w, '#')][1]/@n[normalize-space(.) != ''],
                replace($w, '^#', ''))[1], ' ')"/>
  </xsl:function>

  <!-- A note shown where it stands (not a footnote) is apart from the word before it:
       true when that word runs up to the note (no white space between). -->
  <xsl:function name="tt:note-touches" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="before" select="$el/preceding-sibling::node()[1]"/>
    <xsl:sequence select="exists($el/self::tei:note) and (exists($before/self::*)
        or exists($before/self::text()[matches(., '\S$')]))"/>
  </xsl:function>

  <!-- The TEI elements whose content is elements only (msIdentifier, msItem, form …), by
       local name: the module generated from the ODD's schema sets it. -->
  <xsl:variable name="tt:containers" as="map(xs:string, xs:boolean)" select="map {}"/>

  <!-- A field of a structure written right after another element (no space between):
       it is kept apart from it by a space. -->
  <xsl:function name="tt:is-field" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/preceding-sibling::node()[1][self::*])
        and (local-name($el) = $tt:fields or exists($el/parent::tei:*[map:contains($tt:containers, local-name())]))"/>
  </xsl:function>

  <!-- The elements that are fields of a structure (the parts of a dictionary entry's form
       and grammar, the readings of an apparatus, who speaks): kept apart from their
       neighbours by a space when they are written side by side. -->
  <xsl:variable name="tt:fields" as="xs:string*" select="('orth', 'pron', 'hyph', 'syll', 'stress',
      'gramGrp', 'pos', 'gen', 'number', 'case', 'per', 'tns', 'mood', 'iType', 'subc', 'colloc',
      'usg', 'lbl', 'lem', 'rdg', 'height', 'width', 'depth', 'dim')"/>

</xsl:stylesheet>
