#!/usr/bin/env bash
# The generated diskscope-img.1 has a section for every command the program lists and every
# long option of each command's --help.
# usage: manpage_test.sh MAN_PAGE DISKSCOPE_IMG
set -uo pipefail
man=$1 program=$2 status=0
for command in $("$program" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
  grep -qx ".SS $command" "$man" || { echo "FAIL: no section for $command"; status=1; }
  for option in $("$program" "$command" --help 2>&1 | grep -oE -- '--[a-z][-a-z0-9]*' | sort -u); do
    grep -qF -- "${option//-/\\-}" "$man" || { echo "FAIL: $command $option missing"; status=1; }
  done
done
man -l "$man" >/dev/null 2>&1 || { echo "FAIL: man cannot format $man"; status=1; }
exit $status
