#!/bin/bash
# Regenerate the TEI Stylesheets' outputs for the feature ODDs in ../features/.
# usage: regenerate.sh [NAME...]   (default: every feature ODD; ~40 s each on a busy machine)
# Needs ../../../../../shared/tools/odd-reference (Java + Saxon-HE + TEI Stylesheets).
# The outputs (NAME.rng, NAME.sch, and the compiled parents features/*.compiled.odd) are
# committed so that tests never need Java.  Feature ODDs without a reference:
#   chain-direct  the Stylesheets can only chain from a compiled ODD (teitools also
#                 chains from an uncompiled one; the test compares with chain.odd)
#   chain3        has one; its parents library-child.compiled.odd and library-base.compiled.odd
#                 are regenerated with it (run library-base first)
# The Stylesheets would download what @source="tei:VERSION" or a Vault URL names: the
# reference runs on a copy with those replaced by the local p5subset.xml (4.9.0a).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
features=$here/../features
shared=$(cd "$here/../../../.." && pwd)/../shared
tool=$shared/tools/odd-reference
p5=$(cd "$shared/tei-p5" && pwd)/p5subset.xml
tmp=$(mktemp -d); copies=()
trap 'rm -rf "$tmp" "${copies[@]}"' EXIT
oxygen="/C:/Program Files/Oxygen XML Editor 26/frameworks/tei/xml/tei/odd/p5subset.xml"

localise() {  # ODD -> a copy beside it whose TEI @source values name the local p5subset.xml
  local name=$1 copy=$features/.ref-$1.odd
  copies+=("$copy")
  sed -E -e "s#source=\"tei:[^\"]*\"#source=\"$p5\"#g" \
    -e "s#source=\"https?://(www\.)?tei-c\.org/[^\"]*p5subset\.xml\"#source=\"$p5\"#g" \
    "$features/$name.odd" > "$copy"
  # the Stylesheets (Saxon without -xi) leave XIncludes alone: expand them first
  if grep -q 'XInclude' "$copy" && grep -q '<xi:include' "$copy"; then
    (cd "$features" && xmllint --nonet --xinclude --noxincludenode "$copy" > "$copy.x" && mv "$copy.x" "$copy")
  fi
  echo "$copy"
}
run() {  # NAME -> $tmp/NAME.{rng,sch,compiled.odd}
  local name=$1 copy=$features/.ref-$1.odd
  localise "$name" >/dev/null; copies+=("$copy")
  "$tool" "$copy" "$tmp" >/dev/null
  for ext in rng sch compiled.odd; do mv "$tmp/.ref-$name.$ext" "$tmp/$name.$ext"; done
}
strip() {  # the generation timestamps are the only non-deterministic part
  sed -i -E 's/(Schema generated from ODD source|This file generated) [0-9TZ:-]+/\1 (timestamp removed)/' "$@"
  sed -i -E 's/(when|date)="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z"/\1="(timestamp removed)"/g' "$@"
  sed -i -E 's#xml:base="file:[^"]*/features/\.ref-#xml:base="features/#g' "$@"
}
compiled_parent() {  # NAME: its compiled ODD, with its @source from another machine
  run "$1"
  sed -E "0,/<schemaSpec /s#(<schemaSpec [^>]*)source=\"[^\"]*\"#\1source=\"$oxygen\"#" \
    "$tmp/$1.compiled.odd" > "$features/$1.compiled.odd"
  strip "$features/$1.compiled.odd"
}

if [ $# -eq 0 ]; then
  set -- $(cd "$features" && ls *.odd | sed 's/\.odd$//' | grep -v -E '^(chain-direct|.*\.compiled)$')
fi
for name in "$@"; do
  case $name in
    chain-base) run chain-base; cp "$tmp/chain-base.compiled.odd" "$features/"; strip "$features/chain-base.compiled.odd";;
    library-base) compiled_parent library-base;;
    chain3) compiled_parent library-child;;
  esac
  run "$name"
  cp "$tmp/$name.rng" "$tmp/$name.sch" "$here/"
  strip "$here/$name.rng" "$here/$name.sch"
  echo "regenerated $name"
done
