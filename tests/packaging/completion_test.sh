#!/usr/bin/env bash
# Sources the bash completion and calls it as bash would, with COMP_WORDS and COMP_CWORD set.
# usage: completion_test.sh COMPLETION_FILE DISKSCOPE_IMG
set -uo pipefail
completion=$1 program=$2
source "$completion"
status=0
complete_words() {  # the words typed so far; the last one is being completed
  COMP_WORDS=("$@"); COMP_WORDS[0]=$program; COMP_CWORD=$(($# - 1)); COMPREPLY=()
  _diskscope_img
  printf '%s\n' "${COMPREPLY[@]}"
}
expect() {  # expect WORD IN-OUTPUT DESCRIPTION
  grep -qx -- "$1" <<<"$2" || { echo "FAIL: $3: '$1' missing from: $(tr '\n' ' ' <<<"$2")"; status=1; }
}
refuse() {
  ! grep -qx -- "$1" <<<"$2" || { echo "FAIL: $3: '$1' offered"; status=1; }
}
commands=$(complete_words diskscope-img '')
for command in $("$program" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
  expect "$command" "$commands" "command list"
done
[[ $(complete_words diskscope-img co | sort | tr '\n' ' ') == "commit compare convert " ]] \
  || { echo "FAIL: 'co' gives $(complete_words diskscope-img co | tr '\n' ' ')"; status=1; }
expect --version "$(complete_words diskscope-img --v)" "global options"
expect --allow-external-backing "$(complete_words diskscope-img --all)" "global options"
create=$(complete_words diskscope-img create -)
expect -f "$create" "create options"; expect -o "$create" "create options"; expect --help "$create" "create options"
refuse --shrink "$create" "create options"
expect --shrink "$(complete_words diskscope-img resize --s)" "resize options"
expect --output "$(complete_words diskscope-img info --ou)" "info options"
expect qcow2 "$(complete_words diskscope-img convert -O '')" "output formats"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
touch "$dir/alpha.qcow2" "$dir/beta.img"
expect "$dir/alpha.qcow2" "$(complete_words diskscope-img info "$dir/al")" "file names"
expect "$dir/beta.img" "$(complete_words diskscope-img check -f qcow2 "$dir/b")" "file names after options"
exit $status
