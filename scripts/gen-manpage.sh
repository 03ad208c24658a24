#!/usr/bin/env bash
# Writes diskscope-img.1 from the program's own --help and each command's --help, so the man
# page lists every command and option the installed program has.
# usage: gen-manpage.sh DISKSCOPE_IMG VERSION OUTPUT
set -euo pipefail
program=$1 version=$2 out=$3
escape() { sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/' -e 's/-/\\-/g'; }
commands=$("$program" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
{
  echo ".TH DISKSCOPE-IMG 1 \"\" \"Diskscope $version\" \"User Commands\""
  echo ".SH NAME"
  echo "diskscope\\-img \\- create, inspect, convert and check qcow2 and raw disk images"
  echo ".SH SYNOPSIS"
  echo ".B diskscope\\-img"
  echo "[\\fB\\-h\\fR | \\fB\\-V\\fR] [\\fB\\-\\-allow\\-external\\-backing\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]"
  echo ".SH DESCRIPTION"
  echo "\\fBdiskscope\\-img\\fR is the command line of Diskscope. It accepts the commands and options"
  echo "of \\fBqemu\\-img\\fR(1) 7.2 for qcow2 and raw images, and images it writes are read by QEMU."
  echo ".SH OPTIONS"
  echo ".nf"
  "$program" --help | sed -n '/^usage:/,/^Commands:/p' | sed '1d;$d' | escape
  echo ".fi"
  echo ".SH COMMANDS"
  for command in $commands; do
    description=$("$program" --help | sed -n "s/^  $command  *//p")
    echo ".SS $command"
    echo "$description" | escape
    echo ".PP"
    echo ".nf"
    "$program" "$command" --help 2>&1 | escape
    echo ".fi"
  done
  echo ".SH ENVIRONMENT"
  echo ".TP"
  echo ".B DISKSCOPE_ALLOW_EXTERNAL_BACKING=1"
  echo "as \\fB\\-\\-allow\\-external\\-backing\\fR."
  echo ".SH EXIT STATUS"
  echo "0 on success; non\\-zero with a message \\fIdiskscope\\-img: FILE: what is wrong\\fR on errors."
  echo "\\fBcheck\\fR and \\fBcompare\\fR use the exit codes of qemu\\-img."
  echo ".SH SEE ALSO"
  echo "\\fBdiskscope\\fR(1), \\fBqemu\\-img\\fR(1)"
} > "$out.tmp"
mv "$out.tmp" "$out"
