#!/usr/bin/env bash
# The customer-facing word catalogs (gettext, through Babel): one per language under assets/locale/.
#   scripts/catalogs.sh          extract msgids from the code and .kv files, update both .po files, compile .mo
#   scripts/catalogs.sh compile  only compile the .po files into the .mo files the apps read
# Edit the msgstr lines of assets/locale/<lang>/LC_MESSAGES/fenliu.po, then run it again; commit .po and .mo.
set -euo pipefail
cd "$(dirname "$0")/.."
BABEL=.venv/bin/pybabel
[ -x "$BABEL" ] || BABEL=pybabel
LOCALE=assets/locale
if [ "${1:-}" != "compile" ]; then
  "$BABEL" -q extract -F babel.cfg --no-default-keywords -k N_ -k Np_:1,2 -k zh -k en -k zh_en -k zh_en_n:1,2 -k _inline -k _two \
    --project fenliu --no-location --sort-output --omit-header -o "$LOCALE/fenliu.pot" . >/dev/null
  for lang in zh en; do
    po="$LOCALE/$lang/LC_MESSAGES/fenliu.po"
    if [ -f "$po" ]; then
      "$BABEL" -q update -D fenliu -i "$LOCALE/fenliu.pot" -d "$LOCALE" -l "$lang" --no-fuzzy-matching \
        --ignore-obsolete >/dev/null
    else
      "$BABEL" -q init -D fenliu -i "$LOCALE/fenliu.pot" -d "$LOCALE" -l "$lang" >/dev/null
    fi
  done
fi
"$BABEL" compile -D fenliu -d "$LOCALE" --statistics
