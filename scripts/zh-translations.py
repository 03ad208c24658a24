#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Lists and fills the unfinished messages of a Qt .ts file through a plain TSV file.

Translations live in the .ts file that lupdate maintains; this tool lets a translator work on
the few new strings as lines of text instead of XML, and re-apply them after a rebase (when the
.ts is taken from main and lupdate is run again).

  zh-translations.py missing TS > new.tsv     one line per unfinished message:
                                              CONTEXT<TAB>SOURCE<TAB>(empty translation)
  zh-translations.py fill TS FILE.tsv...      writes each non-empty translation of FILE.tsv into
                                              the matching message of TS and marks it finished

In the TSV, a newline inside a text is written \\n, a tab \\t and a backslash \\\\.
After `missing`, run lupdate first so TS knows every string:
  cmake --build --preset ci --target update_translations
"""
import sys
import xml.etree.ElementTree as ET


def escape(text):
    return text.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')


def unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == '\\' and i + 1 < len(text):
            out.append({'n': '\n', 't': '\t', '\\': '\\'}.get(text[i + 1], text[i + 1]))
            i += 2
        else:
            out.append(text[i])
            i += 1
    return ''.join(out)


def messages(root):
    for context in root.iter('context'):
        name = context.findtext('name')
        for message in context.iter('message'):
            yield name, message


def is_finished(message):
    translation = message.find('translation')
    if translation is None or translation.get('type') in ('unfinished', 'vanished', 'obsolete'):
        return False
    return bool(''.join(translation.itertext()).strip())


def missing(ts_path):
    root = ET.parse(ts_path).getroot()
    for name, message in messages(root):
        if not is_finished(message):
            print(f"{escape(name)}\t{escape(message.findtext('source') or '')}\t")


def fill(ts_path, tsv_paths):
    wanted = {}
    for path in tsv_paths:
        with open(path, encoding='utf-8') as tsv:
            for number, line in enumerate(tsv, 1):
                line = line.rstrip('\n')
                if not line.strip():
                    continue
                fields = line.split('\t')
                if len(fields) != 3:
                    sys.exit(f'{path}:{number}: expected CONTEXT<TAB>SOURCE<TAB>TRANSLATION')
                if fields[2]:
                    wanted[(unescape(fields[0]), unescape(fields[1]))] = unescape(fields[2])
    tree = ET.parse(ts_path)
    filled = 0
    for name, message in messages(tree.getroot()):
        text = wanted.get((name, message.findtext('source') or ''))
        if text is None:
            continue
        translation = message.find('translation')
        if translation is None:
            translation = ET.SubElement(message, 'translation')
        for child in list(translation):
            translation.remove(child)
        translation.attrib.pop('type', None)
        if message.get('numerus') == 'yes':
            translation.text = None
            ET.SubElement(translation, 'numerusform').text = text
        else:
            translation.text = text
        filled += 1
    # lupdate's layout: <context> at the left margin, four spaces per level inside it.
    root = tree.getroot()
    root.text = '\n'
    for context in root:
        ET.indent(context, space='    ')
        context.tail = '\n'
    # lupdate writes apostrophes as &apos; (ElementTree does not): keep its spelling so the file
    # only changes where a translation did. Attributes are double-quoted, so this touches text only.
    body = ET.tostring(root, encoding='utf-8', xml_declaration=False).replace(b"'", b'&apos;')
    with open(ts_path, 'wb') as out:
        out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        out.write(body)
        out.write(b'\n')
    print(f'{filled} message(s) filled', file=sys.stderr)


if __name__ == '__main__':
    if len(sys.argv) >= 3 and sys.argv[1] == 'missing':
        missing(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == 'fill':
        fill(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
