#!/usr/bin/env bash
# Fails when a user-visible string in the GUI sources has no finished zh_CN translation: lupdate
# extracts the sources into a copy of the committed .ts, then every unfinished message is listed.
# usage: translation_complete_test.sh LUPDATE TS_FILE SOURCE_DIR...
set -euo pipefail
lupdate=$1 ts=$2; shift 2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$ts" "$work/check.ts"
"$lupdate" "$@" -ts "$work/check.ts" -no-obsolete -locations none -silent
python3 - "$work/check.ts" <<'PY'
import sys, xml.etree.ElementTree as ET
missing = []
for message in ET.parse(sys.argv[1]).getroot().iter('message'):
    translation = message.find('translation')
    text = ''.join(translation.itertext()).strip() if translation is not None else ''
    if translation is None or translation.get('type') in ('unfinished', 'vanished', 'obsolete') or not text:
        missing.append(message.find('source').text)
for source in missing:
    print('untranslated:', repr(source))
print(f'{len(missing)} string(s) without a finished zh_CN translation')
sys.exit(1 if missing else 0)
PY
