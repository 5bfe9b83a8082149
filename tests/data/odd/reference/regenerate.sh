#!/bin/bash
# Regenerate the TEI Stylesheets' outputs for the feature ODDs in ../features/.
# Needs ../../../../../shared/tools/odd-reference (Java + Saxon-HE + TEI Stylesheets).
# The outputs (NAME.rng, NAME.sch, and features/chain-base.compiled.odd) are committed so
# that tests never need Java.  chain-direct.odd has no reference: the Stylesheets can
# only chain from a compiled ODD (teitools also chains from an uncompiled one).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
features=$here/../features
tool=$(cd "$here/../../../.." && pwd)/../shared/tools/odd-reference
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$tool" "$features/chain-base.odd" "$tmp" >/dev/null
cp "$tmp/chain-base.compiled.odd" "$features/"
for odd in "$features"/*.odd; do
  name=$(basename "$odd" .odd)
  case $name in chain-direct|*.compiled) continue;; esac
  "$tool" "$odd" "$tmp" >/dev/null
  cp "$tmp/$name.rng" "$tmp/$name.sch" "$here/"
done
# the generation timestamps are the only non-deterministic part: strip them
sed -i -E 's/(Schema generated from ODD source|This file generated) [0-9TZ:-]+/\1 (timestamp removed)/' \
  "$here"/*.rng "$here"/*.sch
sed -i -E 's/(when|date)="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z"/\1="(timestamp removed)"/g' \
  "$features/chain-base.compiled.odd"
